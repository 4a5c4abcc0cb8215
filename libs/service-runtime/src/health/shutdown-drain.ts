import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';

export const SHUTDOWN_DRAIN_MS = Symbol('SHUTDOWN_DRAIN_MS');

/**
 * On SIGTERM readiness turns 503 at once, and the shutdown waits `SHUTDOWN_DRAIN_MS` before it
 * stops anything: Kubernetes removes a terminating pod from its Service's endpoints only some
 * moments after sending the signal, and requests routed to it meanwhile met a closed port (a
 * rolling update failed requests on every replica). The first hook of the shutdown (Nest runs every
 * module's onModuleDestroy before the consumers, the relay, HTTP and the database stop).
 */
@Injectable()
export class ShutdownDrain implements OnModuleDestroy {
  private readonly logger = new Logger(ShutdownDrain.name);
  private draining = false;

  constructor(@Inject(SHUTDOWN_DRAIN_MS) private readonly drainMs: number) {}

  get isDraining(): boolean {
    return this.draining;
  }

  async onModuleDestroy(): Promise<void> {
    this.draining = true;
    if (this.drainMs <= 0) return;
    this.logger.log(`Stopping: not ready from now, still serving for ${this.drainMs} ms while the load balancer lets go`);
    await sleep(this.drainMs);
  }
}
