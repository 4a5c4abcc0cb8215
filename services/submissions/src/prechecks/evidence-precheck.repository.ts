import { prepared } from '@mcp/postgres-client';
import { sqlTable } from '@mcp/service-runtime';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { FileFindings } from './file-findings';

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

/** The `evidence_precheck` table. */
@Injectable()
export class EvidencePrecheckRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Claims up to `limit` of the oldest stored files not yet checked by inserting their rows
   * (replicas racing for the same file: one insert wins, the others skip it), or else files whose
   * check was left running by a crashed process longer than `staleAfterMs` ago, up to three
   * attempts. One statement either way: the claimed rows come back joined with their evidence.
   */
  async claimNext(staleAfterMs: number, limit = 1): Promise<ClaimedFile[]> {
    const evidence = sqlTable(this.dataSource, 'evidence');
    const precheck = sqlTable(this.dataSource, 'evidence_precheck');
    const file = `e.id AS "evidenceId", e.year, e.content_type AS "contentType", e.storage_key AS "storageKey", e.size_bytes::float8 AS "sizeBytes"`;
    const fresh: ClaimedFile[] = await this.dataSource.query(
      `WITH claimed AS (
         INSERT INTO ${precheck} (evidence_id, status, started_at)
         SELECT e.id, 'running', now() FROM ${evidence} e
         WHERE NOT EXISTS (SELECT 1 FROM ${precheck} p WHERE p.evidence_id = e.id)
         ORDER BY e.submitted_at, e.id LIMIT $1
         ON CONFLICT (evidence_id) DO NOTHING
         RETURNING evidence_id)
       SELECT ${file} FROM claimed JOIN ${evidence} e ON e.id = claimed.evidence_id ORDER BY e.submitted_at, e.id`,
      [limit],
    );
    if (fresh.length > 0) return fresh;
    return this.dataSource.query(
      `WITH retried AS (
         UPDATE ${precheck} SET started_at = now(), attempts = attempts + 1
         WHERE evidence_id IN (
           SELECT evidence_id FROM ${precheck}
           WHERE status = 'running' AND attempts < 3 AND started_at < now() - make_interval(secs => $1 / 1000.0)
           ORDER BY started_at LIMIT $2 FOR UPDATE SKIP LOCKED)
         RETURNING evidence_id)
       SELECT ${file} FROM retried JOIN ${evidence} e ON e.id = retried.evidence_id`,
      [staleAfterMs, limit],
    );
  }

  /** Gives back files claimed but not started (a replica stopping): the next claim takes them as new. */
  async release(evidenceIds: string[]): Promise<void> {
    if (evidenceIds.length === 0) return;
    await this.dataSource.query(
      `DELETE FROM ${sqlTable(this.dataSource, 'evidence_precheck')} WHERE evidence_id = ANY($1::uuid[]) AND status = 'running'`,
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
       FROM ${sqlTable(this.dataSource, 'evidence_precheck')} WHERE evidence_id = $1`,
      [evidenceId],
    );
    return row as PrecheckRecord | undefined;
  }
}
