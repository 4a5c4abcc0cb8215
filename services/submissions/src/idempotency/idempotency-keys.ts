import { prepared } from '@mcp/postgres-client';
import { DomainError, parseIdempotencyKey, sqlTable } from '@mcp/service-runtime';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

/**
 * The recorded answer of a finished resumable upload is kept as `tus:<upload id>` under its creator
 * (resumable-uploads.ts). A client's own Idempotency-Key never takes that shape: a key
 * `tus:<someone else's upload id>` would be taken for that upload's record when its sender asked
 * about the upload, and let them remove another person's staged bytes.
 */
export const RESUMABLE_UPLOAD_KEY_PREFIX = 'tus:';

/**
 * A clarification attachment's key is kept as `attachment:<client key>`: one key sent by mistake to
 * both routes must never answer an evidence upload with an attachment (the operator would be told
 * the evidence was uploaded), nor the other way round. Client keys never take that shape either.
 */
export const ATTACHMENT_KEY_PREFIX = 'attachment:';

const RESERVED_PREFIXES = [RESUMABLE_UPLOAD_KEY_PREFIX, ATTACHMENT_KEY_PREFIX];

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

  /**
   * Undefined when the header is absent; 400 when it is not 1-200 visible ASCII characters, or
   * begins with a prefix the service keeps for itself (resumable uploads, attachments).
   */
  parse(header: string | string[] | undefined): string | undefined {
    const key = parseIdempotencyKey(header);
    const reserved = RESERVED_PREFIXES.find((prefix) => key?.startsWith(prefix));
    if (reserved) {
      throw new DomainError(
        'invalid-input',
        'INVALID_IDEMPOTENCY_KEY',
        `Idempotency-Key tidak boleh diawali "${reserved}", awalan itu dipakai layanan sendiri; pakai mis. sebuah UUID ` +
          `(an Idempotency-Key must not begin with "${reserved}", which the service uses itself)`,
      );
    }
    return key;
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
