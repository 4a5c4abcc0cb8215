import { Public } from '@mcp/auth';
import { KafkaReadiness } from '@mcp/messaging';
import { SkipRateLimits } from '../http/rate-limits';
import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { ShutdownDrain } from './shutdown-drain';

/** Under the probes' 3 s timeout (deploy/k8s), so a slow answer is a clear "down", not a probe timeout. */
const PROBE_TIMEOUT_MS = 2_000;

interface Readiness {
  status: 'ready' | 'degraded' | 'not-ready' | 'stopping';
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
    private readonly shutdown: ShutdownDrain,
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
  @ApiOperation({
    summary: 'Readiness: 503 when Postgres is unreachable or the replica is stopping; 200 "degraded" when only Kafka is (events wait in the outbox)',
  })
  @ApiOkResponse({ schema: readinessSchema(['ready', 'degraded'], ['up', 'down']) })
  @ApiServiceUnavailableResponse({ schema: readinessSchema(['not-ready', 'stopping'], ['up', 'down']) })
  async ready(): Promise<Readiness> {
    const [postgres, kafka] = await Promise.all([this.postgresUp(), this.kafka.isReachable()]);
    const state: Readiness = {
      status: this.shutdown.isDraining ? 'stopping' : !postgres ? 'not-ready' : kafka ? 'ready' : 'degraded',
      postgres: postgres ? 'up' : 'down',
      kafka: kafka ? 'up' : 'down',
    };
    // Stopping: the load balancer must take this replica out before it closes (SHUTDOWN_DRAIN_MS).
    if (!postgres || this.shutdown.isDraining) throw new ServiceUnavailableException(state);
    return state;
  }

  /**
   * On a connection of its own, not one of the request pool's: when a rush keeps all of a replica's
   * pool busy, a probe queued behind the requests timed out, and since every replica saturates
   * together the Service lost all its endpoints, turning a slow platform into an outage. The
   * question is whether Postgres answers, not whether this replica has a free connection.
   */
  private postgresUp(): Promise<boolean> {
    return postgresAnswers((this.dataSource.options as { url?: string }).url);
  }
}

/** Whether Postgres at `url` answers `SELECT 1` on a connection opened for the question, within PROBE_TIMEOUT_MS. */
export async function postgresAnswers(url: string | undefined, timeoutMs = PROBE_TIMEOUT_MS): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: timeoutMs, query_timeout: timeoutMs, application_name: 'readiness' });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function readinessSchema(status: string[], dependency: string[]) {
  return {
    type: 'object' as const,
    required: ['status', 'postgres', 'kafka'],
    properties: { status: { type: 'string' as const, enum: status }, postgres: { type: 'string' as const, enum: dependency }, kafka: { type: 'string' as const, enum: dependency } },
  };
}
