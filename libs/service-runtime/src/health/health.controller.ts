import { Public } from '@mcp/auth';
import { KafkaReadiness } from '@mcp/messaging';
import { SkipRateLimits } from '../http/rate-limits';
import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';

interface Readiness {
  status: 'ready' | 'degraded' | 'not-ready';
  postgres: 'up' | 'down';
  kafka: 'up' | 'down';
}

@ApiTags('health')
// Polled by probes and Prometheus from one address; see SkipRateLimits for why they are exempt.
@SkipRateLimits()
@Controller('health')
export class HealthController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly kafka: KafkaReadiness,
  ) {}

  @Public()
  @Get()
  @ApiOperation({ summary: 'Liveness: the process answers' })
  @ApiOkResponse({ schema: { type: 'object', required: ['status'], properties: { status: { type: 'string', enum: ['ok'] } } } })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /**
   * Kubernetes sends traffic to a replica while this answers 200. Postgres away means the replica
   * can neither read nor write: 503, take it out. Kafka away changes nothing a caller sees (reads
   * come from Postgres, writes wait in the outbox), and every replica shares the same broker, so a
   * 503 would only take the whole API down with it: 200, `degraded` (docs/decisions.md #72).
   */
  @Public()
  @Get('ready')
  @ApiOperation({ summary: 'Readiness: 503 when Postgres is unreachable; 200 "degraded" when only Kafka is (events wait in the outbox)' })
  @ApiOkResponse({ schema: readinessSchema(['ready', 'degraded'], ['up', 'down']) })
  @ApiServiceUnavailableResponse({ schema: readinessSchema(['not-ready'], ['up', 'down']) })
  async ready(): Promise<Readiness> {
    const [postgres, kafka] = await Promise.all([this.postgresUp(), this.kafka.isReachable()]);
    const state: Readiness = {
      status: !postgres ? 'not-ready' : kafka ? 'ready' : 'degraded',
      postgres: postgres ? 'up' : 'down',
      kafka: kafka ? 'up' : 'down',
    };
    if (!postgres) throw new ServiceUnavailableException(state);
    return state;
  }

  private async postgresUp(): Promise<boolean> {
    try {
      await this.dataSource.query('SELECT 1');
      return true;
    } catch {
      return false;
    }
  }
}

function readinessSchema(status: string[], dependency: string[]) {
  return {
    type: 'object' as const,
    required: ['status', 'postgres', 'kafka'],
    properties: { status: { type: 'string' as const, enum: status }, postgres: { type: 'string' as const, enum: dependency }, kafka: { type: 'string' as const, enum: dependency } },
  };
}
