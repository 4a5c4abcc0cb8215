import { collectDefaultMetrics, Registry } from 'prom-client';

/** How often the event-loop delay is sampled (prom-client's default: 10 ms). */
export const EVENT_LOOP_SAMPLE_MS = 100;

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
    // Memory, CPU, heap, GC and event-loop delay (nodejs_eventloop_lag_*), prom-client's defaults,
    // with the delay sampled every 100 ms instead of 10: its 10 ms timer was most of an idle
    // service's wake-ups (docs/decisions.md #86), and 10 samples a second still give a p99 per scrape.
    if (options.processMetrics) collectDefaultMetrics({ register: this.registry, eventLoopMonitoringPrecision: EVENT_LOOP_SAMPLE_MS });
  }

  /** The exposition text and its content type, as Prometheus scrapes them. */
  async exposition(): Promise<{ contentType: string; text: string }> {
    return { contentType: this.registry.contentType, text: await this.registry.metrics() };
  }
}
