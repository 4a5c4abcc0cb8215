import type { KafkaReadiness } from '@mcp/messaging';
import { ServiceUnavailableException } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { HealthController, postgresAnswers } from './health.controller';
import { ShutdownDrain } from './shutdown-drain';

function controller(postgres: boolean, kafka: boolean, draining = false): HealthController {
  // The request pool is never asked (a saturated pool must not fail the probe): a query would hang.
  const dataSource = { options: { url: 'postgres://probe' }, query: () => new Promise(() => undefined) };
  const readiness = { isReachable: async () => kafka };
  const health = new HealthController(dataSource as unknown as DataSource, readiness as unknown as KafkaReadiness, { isDraining: draining } as ShutdownDrain);
  jest.spyOn(health as unknown as { postgresUp: () => Promise<boolean> }, 'postgresUp').mockResolvedValue(postgres);
  return health;
}

describe('readiness (docs/decisions.md #72)', () => {
  it('is ready with Postgres and Kafka', async () => {
    await expect(controller(true, true).ready()).resolves.toEqual({ status: 'ready', postgres: 'up', kafka: 'up' });
  });

  it('stays ready, as degraded, while only Kafka is away: writes wait in the outbox', async () => {
    await expect(controller(true, false).ready()).resolves.toEqual({ status: 'degraded', postgres: 'up', kafka: 'down' });
  });

  it('answers 503 without Postgres, whatever Kafka does', async () => {
    for (const kafka of [true, false]) {
      const refusal = await controller(false, kafka).ready().catch((error: unknown) => error);
      expect(refusal).toBeInstanceOf(ServiceUnavailableException);
      expect((refusal as ServiceUnavailableException).getResponse()).toEqual({
        status: 'not-ready',
        postgres: 'down',
        kafka: kafka ? 'up' : 'down',
      });
    }
  });
});

describe('stopping', () => {
  it('answers 503 "stopping" from the first shutdown hook on, so the load balancer lets go before the port closes', async () => {
    const refusal = await controller(true, true, true).ready().catch((error: unknown) => error);
    expect((refusal as ServiceUnavailableException).getResponse()).toEqual({ status: 'stopping', postgres: 'up', kafka: 'up' });
  });

  it('keeps serving for SHUTDOWN_DRAIN_MS after the signal, not ready all the while', async () => {
    const drain = new ShutdownDrain(200);
    const started = Date.now();
    const stopping = drain.onModuleDestroy();
    expect(drain.isDraining).toBe(true);
    await stopping;
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
  });
});

describe('the Postgres probe', () => {
  it('answers false, not an error, when nothing listens', async () => {
    await expect(postgresAnswers('postgres://postgres@127.0.0.1:1/postgres', 500)).resolves.toBe(false);
  });
});
