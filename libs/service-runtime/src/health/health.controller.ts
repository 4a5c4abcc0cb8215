import { Public } from '@mcp/auth';
import { KafkaReadiness } from '@mcp/messaging';
import { SkipRateLimits } from '../http/rate-limits';
import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';

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

  @Public()
  @Get('ready')
  @ApiOperation({ summary: 'Readiness: Postgres and Kafka are reachable (503 otherwise)' })
  @ApiOkResponse({ schema: readinessSchema(['ready'], ['up']) })
  @ApiServiceUnavailableResponse({ schema: readinessSchema(['not-ready'], ['up', 'down']) })
  async ready(): Promise<{ status: 'ready'; postgres: 'up'; kafka: 'up' }> {
    const [postgres, kafka] = await Promise.all([this.postgresUp(), this.kafka.isReachable()]);
    if (!postgres || !kafka) {
      throw new ServiceUnavailableException({
        status: 'not-ready',
        postgres: postgres ? 'up' : 'down',
        kafka: kafka ? 'up' : 'down',
      });
    }
    return { status: 'ready', postgres: 'up', kafka: 'up' };
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
