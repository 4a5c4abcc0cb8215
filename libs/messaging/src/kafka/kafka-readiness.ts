import type { Admin, Kafka } from 'kafkajs';
import { answersWithin } from './topic-admin';

/**
 * Whether the broker answers a metadata request within 2 s (`timeoutMs`), for /health/ready and the
 * mcp_kafka_reachable gauge. One admin connection is kept across probes: a probe every few seconds
 * per replica, and a scrape, would otherwise each open a connection and run a SASL handshake. A
 * probe that fails drops it, so the next connects afresh; probes at the same moment share one.
 */
export class KafkaReadiness {
  private admin: Admin | undefined;
  private connecting: Promise<void> | undefined;
  private probing: Promise<boolean> | undefined;
  private stopped = false;

  constructor(
    private readonly kafka: Kafka,
    private readonly timeoutMs = 2000,
  ) {}

  isReachable(): Promise<boolean> {
    if (this.stopped) return Promise.resolve(false);
    this.probing ??= this.probe().finally(() => (this.probing = undefined));
    return this.probing;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.probing;
    await this.drop();
  }

  private async probe(): Promise<boolean> {
    const admin = (this.admin ??= this.kafka.admin());
    // Kept with its admin: a connect still under way when a probe gave up belongs to the dropped one.
    const connecting = (this.connecting ??= admin.connect());
    const reachable = await answersWithin(
      (async () => {
        await connecting;
        await admin.describeCluster();
        return true;
      })(),
      this.timeoutMs,
    );
    if (!reachable) await this.drop();
    return reachable;
  }

  private async drop(): Promise<void> {
    const admin = this.admin;
    this.admin = undefined;
    this.connecting = undefined;
    await admin?.disconnect().catch(() => undefined);
  }
}
