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
   * Claims the oldest stored file not yet checked by inserting its row (replicas racing for the same
   * file: one insert wins, the others find nothing this round), or one whose check was left running
   * by a crashed process longer than `staleAfterMs` ago, up to three attempts.
   */
  async claimNext(staleAfterMs: number): Promise<ClaimedFile | undefined> {
    const evidence = sqlTable(this.dataSource, 'evidence');
    const precheck = sqlTable(this.dataSource, 'evidence_precheck');
    const [fresh] = await this.dataSource.query(
      `INSERT INTO ${precheck} (evidence_id, status, started_at)
       SELECT e.id, 'running', now() FROM ${evidence} e
       WHERE NOT EXISTS (SELECT 1 FROM ${precheck} p WHERE p.evidence_id = e.id)
       ORDER BY e.submitted_at, e.id LIMIT 1
       ON CONFLICT (evidence_id) DO NOTHING
       RETURNING evidence_id`,
    );
    const [retried] = fresh
      ? [fresh]
      : await this.dataSource.query(
          `UPDATE ${precheck} SET started_at = now(), attempts = attempts + 1
           WHERE evidence_id = (
             SELECT evidence_id FROM ${precheck}
             WHERE status = 'running' AND attempts < 3 AND started_at < now() - make_interval(secs => $1 / 1000.0)
             ORDER BY started_at LIMIT 1 FOR UPDATE SKIP LOCKED)
           RETURNING evidence_id`,
          [staleAfterMs],
        );
    const claimed = (retried as { evidence_id?: string } | undefined)?.evidence_id;
    if (!claimed) return undefined;
    const [file] = await this.dataSource.query(
      `SELECT id AS "evidenceId", year, content_type AS "contentType", storage_key AS "storageKey", size_bytes::float8 AS "sizeBytes"
       FROM ${evidence} WHERE id = $1`,
      [claimed],
    );
    return file as ClaimedFile;
  }

  async finish(evidenceId: string, status: Exclude<PrecheckStatus, 'running'>, findings: FileFindings | null, reason: string | null): Promise<void> {
    await this.dataSource.query(
      `UPDATE ${sqlTable(this.dataSource, 'evidence_precheck')}
       SET status = $2, findings = $3, reason = $4, finished_at = now() WHERE evidence_id = $1`,
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
