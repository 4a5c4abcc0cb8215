import { PermanentEventError, TransientEventError } from './inbound-message';

/**
 * - `permanent`: retrying cannot help (a domain refusal): dead-letter at once, with the reason.
 * - `transient`: the database or the network is away: the partition waits and tries again, for as
 *   long as it takes; never dead-lettered for it.
 * - `unknown`: anything else (most likely a bug in a handler): a few quick retries, then the dead-
 *   letter topic, so one bad record cannot stop its partition for good.
 */
export type FailureKind = 'permanent' | 'transient' | 'unknown';

/** Node's socket and DNS failures: the peer (Postgres, a broker, a webhook host) is unreachable. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ESOCKETTIMEDOUT',
]);

/**
 * Postgres SQLSTATEs that describe the server, not the statement: connection exceptions (08),
 * insufficient resources (53), operator intervention such as a shutdown or failover (57P01..57P05),
 * serialization failures and deadlocks (40001, 40P01), a lock not available (55P03), a
 * read-only standby during a failover (25006), and a transaction the server ended for sitting idle
 * (25P03, docs/decisions.md #195).
 */
function isTransientSqlState(code: string): boolean {
  return (
    code.startsWith('08') ||
    code.startsWith('53') ||
    /^57P0[1-5]$/.test(code) ||
    code === '40001' ||
    code === '40P01' ||
    code === '55P03' ||
    code === '25006' ||
    code === '25P03'
  );
}

/**
 * TypeORM's words for a transaction whose connection the pool already let go: the server ended the
 * session (an idle transaction, #195) while the code was busy elsewhere, and the next statement
 * finds it gone (through the transaction's EntityManager, the second name).
 */
const CONNECTION_RELEASED = new Set(['QueryRunnerAlreadyReleasedError', 'QueryRunnerProviderAlreadyReleasedError']);

/** node-postgres and its pool say "the connection went away" in words, without a code. */
const CONNECTION_LOST =
  /connection terminated|connection (?:is )?closed|terminating connection|timeout exceeded when trying to connect|connection timeout|client has encountered a connection error|the database system is (?:starting up|shutting down|in recovery mode)|cannot use a pool after calling end|Connection lost/i;

export function classifyFailure(error: unknown): FailureKind {
  for (const link of causeChain(error)) {
    if (link instanceof PermanentEventError) return 'permanent';
    if (link instanceof TransientEventError) return 'transient';
    if (isInfrastructureFailure(link)) return 'transient';
  }
  return 'unknown';
}

function isInfrastructureFailure(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const { code, message, name } = error as { code?: unknown; message?: unknown; name?: unknown };
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || (/^[0-9A-Z]{5}$/.test(code) && isTransientSqlState(code)))) {
    return true;
  }
  if (typeof name === 'string' && CONNECTION_RELEASED.has(name)) return true;
  // kafkajs (a dead-letter or outbox send while the broker is away) marks what it may retry.
  if (typeof name === 'string' && name.startsWith('KafkaJS') && (error as { retriable?: unknown }).retriable === true) return true;
  return typeof message === 'string' && CONNECTION_LOST.test(message);
}

/** The error, then what it wraps: TypeORM's `driverError`, `cause`, AggregateError's `errors`. */
function* causeChain(error: unknown, depth = 0): Generator<unknown> {
  if (error === undefined || error === null || depth > 5) return;
  yield error;
  if (typeof error !== 'object') return;
  const { driverError, cause, errors } = error as { driverError?: unknown; cause?: unknown; errors?: unknown };
  if (driverError !== undefined && driverError !== error) yield* causeChain(driverError, depth + 1);
  if (cause !== undefined && cause !== error) yield* causeChain(cause, depth + 1);
  if (Array.isArray(errors)) for (const inner of errors) yield* causeChain(inner, depth + 1);
}
