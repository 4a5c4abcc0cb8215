import { createHash } from 'node:crypto';
import { Client } from 'pg';

/*
 * Named prepared statements for the hot paths (docs/decisions.md #102). Postgres parses, analyses
 * and plans an unnamed statement afresh on every call; under the rush that was a third of the
 * statements' CPU (claim-next: 0.75 ms of planning against 0.2 ms of execution). A statement text
 * marked with `prepared()` is sent by name instead: each connection parses it once and Postgres
 * reuses the plan. Everything else about the call stays TypeORM's (its logger, QueryFailedError,
 * the result shape), because the marking happens below it, in the pg client the pool creates.
 */

/** Only constant texts are marked; the cap keeps a mistaken dynamic text from growing every connection's cache. */
const MAX_PREPARED_TEXTS = 500;
const nameByText = new Map<string, string>();

/**
 * Marks a constant SQL text (placeholders for every value, no literal that varies per call) as one
 * to prepare once per connection, and returns it unchanged: `manager.query(prepared(sql), values)`.
 */
export function prepared(text: string): string {
  if (!nameByText.has(text) && nameByText.size < MAX_PREPARED_TEXTS) {
    nameByText.set(text, `mcp_${createHash('sha256').update(text).digest('hex').slice(0, 32)}`);
  }
  return text;
}

/** Postgres refuses a prepared statement whose result columns changed (a migration added one). */
const CACHED_PLAN_CHANGED_RESULT = '0A000';

/**
 * The pg client the services' pools create (`extra.Client`): a text marked by `prepared()` goes
 * out as a named statement. A statement Postgres refuses because a migration changed its result
 * columns under a running service fails that one call and is sent unnamed from then on by this
 * connection (the name stays taken in the server's session, so it cannot simply be re-prepared).
 */
export class PreparingClient extends Client {
  private readonly sentUnnamed = new Set<string>();

  // pg's overloads (callbacks, config objects, submittables) pass through unchanged.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override query(config: any, values?: any, callback?: any): any {
    const name = typeof config === 'string' && callback === undefined && typeof values !== 'function' ? nameByText.get(config) : undefined;
    if (name === undefined || this.sentUnnamed.has(config)) return super.query(config, values, callback);
    return (super.query({ name, text: config, values }) as Promise<unknown>).catch((error: { code?: string }) => {
      if (error?.code === CACHED_PLAN_CHANGED_RESULT) this.sentUnnamed.add(config);
      throw error;
    });
  }
}
