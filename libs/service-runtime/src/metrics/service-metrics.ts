import { collectDefaultMetrics, Registry } from 'prom-client';

/**
 * One service application's metrics. Each application gets its own registry rather than
 * prom-client's process-global one: the end-to-end suite runs every service (and replicas) in one
 * process, and one registry there would mix their series or refuse the second registration of a
 * name. Every series carries `service`, so a Prometheus that scrapes several services keeps them apart.
 */
export class ServiceMetrics {
  readonly registry = new Registry();

  constructor(
    readonly service: string,
    options: { processMetrics: boolean } = { processMetrics: true },
  ) {
    this.registry.setDefaultLabels({ service });
    // Memory, CPU, heap, GC and event-loop delay (nodejs_eventloop_lag_*), prom-client's defaults.
    if (options.processMetrics) collectDefaultMetrics({ register: this.registry });
  }

  /** The exposition text and its content type, as Prometheus scrapes them. */
  async exposition(): Promise<{ contentType: string; text: string }> {
    return { contentType: this.registry.contentType, text: await this.registry.metrics() };
  }
}
