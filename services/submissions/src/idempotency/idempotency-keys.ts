import { prepared } from '@mcp/postgres-client';
import { parseIdempotencyKey, sqlTable } from '@mcp/service-runtime';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

export interface RecordedResponse {
  statusCode: number;
  body: object;
}

/**
 * `Idempotency-Key` support: the first successful answer is stored in the same transaction as
 * the upload it answers (so a key exists exactly when its evidence and event do) and replayed to
 * every retry by the same caller. Failed attempts store nothing: a retry runs again.
 */
@Injectable()
export class IdempotencyKeys {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Undefined when the header is absent; 400 when it is not 1-200 visible ASCII characters. */
  parse(header: string | string[] | undefined): string | undefined {
    return parseIdempotencyKey(header);
  }

  // Both run on every upload with a key: prepared, not TypeORM's builder (planned on every call).
  async find(subject: string, key: string): Promise<RecordedResponse | undefined> {
    const [record]: { status_code: number; body: object }[] = await this.dataSource.query(
      prepared(`SELECT status_code, body FROM ${sqlTable(this.dataSource, 'idempotency_record')} WHERE subject = $1 AND key = $2`),
      [subject, key],
    );
    return record ? { statusCode: record.status_code, body: record.body } : undefined;
  }

  async remember(manager: EntityManager, subject: string, key: string, response: RecordedResponse, now: Date): Promise<void> {
    await manager.query(
      prepared(`INSERT INTO ${sqlTable(manager, 'idempotency_record')} (subject, key, status_code, body, created_at) VALUES ($1, $2, $3, $4, $5)`),
      [subject, key, response.statusCode, JSON.stringify(response.body), now],
    );
  }
}

/** A concurrent request with the same key committed first (primary key violation). */
export function isDuplicateKeyError(error: unknown): boolean {
  const driverError = error as { code?: string; table?: string; driverError?: { code?: string; table?: string } };
  const details = driverError.driverError ?? driverError;
  return details.code === '23505' && details.table === 'idempotency_record';
}
