import { DomainError } from '@mcp/service-runtime';
import { HttpException } from '@nestjs/common';

/**
 * Whether a recording that threw certainly left nothing committed: a refusal, or an error Postgres
 * itself sent (it carries a SQLSTATE, so the statement and its transaction failed). A connection
 * lost without an answer may have lost the COMMIT's reply after the commit: the stored file must
 * then stay, and the orphan sweeper decides (its pending_upload marker survives only a rollback).
 */
export function recordingCertainlyFailed(error: unknown): boolean {
  if (error instanceof DomainError || error instanceof HttpException) return true;
  const code = (error as { driverError?: { code?: unknown }; code?: unknown }).driverError?.code ?? (error as { code?: unknown }).code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code);
}
