import { prepared } from '@mcp/postgres-client';
import { sqlTable } from '@mcp/service-runtime';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { FileFindings } from './file-findings';

/** A `queued` row (not claimed yet) reads as no record: the file's check has not started. */
export type PrecheckStatus = 'running' | 'done' | 'stopped' | 'failed';

export interface PrecheckRecord {
  evidenceId: string;
  status: PrecheckStatus;
  findings: FileFindings | null;
  reason: string | null;
  finishedAt: Date | null;
}

export interface ClaimedFile {
  evidenceId: string;
  year: number;
  contentType: string;
  storageKey: string;
  sizeBytes: number;
}

/** A file whose check a process left running this many times (crashed mid-check) is not tried again. */
export const PRECHECK_ATTEMPTS = 3;

/** The `evidence_precheck` table. */
@Injectable()
export class EvidencePrecheckRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Claims up to `limit` of the oldest queued files (each upload queues its file, #113; replicas
   * racing skip each other's rows), joined with their evidence.
   */
  async claimNext(limit = 1): Promise<ClaimedFile[]> {
    const evidence = sqlTable(this.dataSource, 'evidence');
    const precheck = sqlTable(this.dataSource, 'evidence_precheck');
    const file = `e.id AS "evidenceId", e.year, e.content_type AS "contentType", e.storage_key AS "storageKey", e.size_bytes::float8 AS "sizeBytes"`;
    // Prepared: it reads the partial index of queued rows, small whatever the year's size.
    const fresh: ClaimedFile[] = await this.dataSource.query(
      prepared(`WITH claimed AS (
         UPDATE ${precheck} p SET status = 'running', started_at = now(), attempts = p.attempts + 1
          WHERE p.status = 'queued' AND p.evidence_id IN (
            SELECT evidence_id FROM ${precheck} WHERE status = 'queued'
             ORDER BY queued_at, evidence_id LIMIT $1 FOR UPDATE SKIP LOCKED)
         RETURNING p.evidence_id)
       SELECT ${file} FROM claimed JOIN ${evidence} e ON e.id = claimed.evidence_id ORDER BY e.submitted_at, e.id`),
      [limit],
    );
    return fresh;
  }

  /**
   * One file whose check was left running by a crashed process longer than `staleAfterMs` ago, up to
   * PRECHECK_ATTEMPTS attempts (the runner checks it alone, so a file that crashes its process takes
   * no other file's attempt with it). A file left running after its last attempt is stopped
   * ('interrupted') first: else it would read "running" for good, and the verifier would wait on it.
   */
  async claimStale(staleAfterMs: number): Promise<ClaimedFile | undefined> {
    const evidence = sqlTable(this.dataSource, 'evidence');
    const precheck = sqlTable(this.dataSource, 'evidence_precheck');
    const file = `e.id AS "evidenceId", e.year, e.content_type AS "contentType", e.storage_key AS "storageKey", e.size_bytes::float8 AS "sizeBytes"`;
    await this.dataSource.query(
      `UPDATE ${precheck} SET status = 'stopped', reason = 'interrupted', finished_at = now()
        WHERE status = 'running' AND attempts >= $2 AND started_at < now() - make_interval(secs => $1 / 1000.0)`,
      [staleAfterMs, PRECHECK_ATTEMPTS],
    );
    const [retried]: ClaimedFile[] = await this.dataSource.query(
      `WITH retried AS (
         UPDATE ${precheck} SET started_at = now(), attempts = attempts + 1
         WHERE evidence_id IN (
           SELECT evidence_id FROM ${precheck}
           WHERE status = 'running' AND attempts < $2 AND started_at < now() - make_interval(secs => $1 / 1000.0)
           ORDER BY started_at LIMIT 1 FOR UPDATE SKIP LOCKED)
         RETURNING evidence_id)
       SELECT ${file} FROM retried JOIN ${evidence} e ON e.id = retried.evidence_id`,
      [staleAfterMs, PRECHECK_ATTEMPTS],
    );
    return retried;
  }

  /** Gives back files claimed but not started (a replica stopping): they return to the queue, their attempt undone. */
  async release(evidenceIds: string[]): Promise<void> {
    if (evidenceIds.length === 0) return;
    await this.dataSource.query(
      `UPDATE ${sqlTable(this.dataSource, 'evidence_precheck')} SET status = 'queued', started_at = NULL, attempts = attempts - 1
        WHERE evidence_id = ANY($1::uuid[]) AND status = 'running'`,
      [evidenceIds],
    );
  }

  async finish(evidenceId: string, status: Exclude<PrecheckStatus, 'running'>, findings: FileFindings | null, reason: string | null): Promise<void> {
    await this.dataSource.query(
      prepared(`UPDATE ${sqlTable(this.dataSource, 'evidence_precheck')}
       SET status = $2, findings = $3, reason = $4, finished_at = now() WHERE evidence_id = $1`),
      [evidenceId, status, findings === null ? null : JSON.stringify(findings), reason],
    );
  }

  async find(evidenceId: string): Promise<PrecheckRecord | undefined> {
    const [row] = await this.dataSource.query(
      `SELECT evidence_id AS "evidenceId", status, findings, reason, finished_at AS "finishedAt"
       FROM ${sqlTable(this.dataSource, 'evidence_precheck')} WHERE evidence_id = $1 AND status <> 'queued'`,
      [evidenceId],
    );
    return row as PrecheckRecord | undefined;
  }
}
