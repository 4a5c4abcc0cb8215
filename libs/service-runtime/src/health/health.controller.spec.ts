import type { KafkaReadiness } from '@mcp/messaging';
import { ServiceUnavailableException } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { HealthController } from './health.controller';

function controller(postgres: boolean, kafka: boolean): HealthController {
  const dataSource = { query: async () => (postgres ? [{ '?column?': 1 }] : Promise.reject(new Error('connection refused'))) };
  const readiness = { isReachable: async () => kafka };
  return new HealthController(dataSource as unknown as DataSource, readiness as unknown as KafkaReadiness);
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
