import type { OutboxStatementPart } from '@mcp/messaging';
import { prepared } from '@mcp/postgres-client';
import { sqlTable } from '@mcp/service-runtime';
import type { EntityManager } from 'typeorm';
import type { SubmissionItemKey } from '../submission-records/submission.repository';
import { factsOf, factsParameters, factsSql, type DestinationFacts, type DestinationKey, type FactsColumns } from './destination-facts';
import type { Evidence } from './evidence.entity';
import { QUOTA_LOCK_KEY } from './storage-quota';

/*
 * The statements of the transaction that records an upload (docs/decisions.md #103), three where
 * there were ten: lock, read under the lock, write (which also writes the version's event and audit
 * entry, #117; before it they were two more). Each is a constant text, prepared once per
 * connection. Why three and not fewer: a statement's sub-selects see the snapshot taken when it
 * began, before any lock it waits for, so what must be current once the item (and the Pemda's
 * quota) is locked, the same-file check and the stored bytes, is read by the statement after the
 * one that locks.
 */

/**
 * `SubmissionRepository.lock` and `StorageQuota.assertRoom`'s lock in one statement, in that order
 * (item, then the Pemda's quota): the item's row is created if missing and locked either way (an
 * ON CONFLICT DO UPDATE whose WHERE is false locks the existing row without writing it), then the
 * quota's advisory lock is taken once the insert has run. Held until the transaction ends.
 */
export async function lockItemForUpload(manager: EntityManager, item: SubmissionItemKey, now: Date): Promise<void> {
  await manager.query(
    prepared(`WITH item AS (
       INSERT INTO ${sqlTable(manager, 'submission')} AS s (pemda_code, year, sub_indicator_code, decision_sequence, version_count, updated_at)
       VALUES ($1::text, $2::int, $3::text, 0, 0, $4::timestamptz)
       ON CONFLICT (pemda_code, year, sub_indicator_code) DO UPDATE SET updated_at = s.updated_at WHERE false
       RETURNING 1)
     SELECT pg_advisory_xact_lock(${QUOTA_LOCK_KEY}) FROM (SELECT count(*) FROM item) AS item_locked`),
    [item.pemdaCode, item.year, item.subIndicatorCode, now],
  );
}

/** The locked item as an upload needs it, and everything checked against it. */
export interface ItemUnderLock {
  versionCount: number;
  claimedValue: number | null;
  claimChangedBy: string | null;
  /** The item's version with the same content, unless withdrawn: uploading it again adds nothing. */
  sameFileId: string | null;
  /** The claim that version was sent with: the same file with another claim is a new version (#143). */
  sameFileClaim: number | null;
  /** The destination's facts again, now current: a change during the transfer is seen. */
  facts: DestinationFacts;
}

/** Everything the upload checks in its transaction, in one statement, after `lockItemForUpload`. */
export async function readItemUnderLock(manager: EntityManager, item: SubmissionItemKey, sha256: string, key: DestinationKey): Promise<ItemUnderLock> {
  const { columns, joins } = factsSql(manager, `${sqlTable(manager, 'submission')} item`);
  const rows: (FactsColumns & {
    version_count: number;
    claimed_value: string | null;
    claim_changed_by: string | null;
    same_file_id: string | null;
    same_file_claim: string | null;
  })[] =
    await manager.query(
      prepared(`SELECT item.version_count, item.claimed_value, item.claim_changed_by,
              same.id AS same_file_id, same.claimed_value AS same_file_claim,
              ${columns}
         FROM ${joins}
         LEFT JOIN LATERAL (SELECT e.id, e.claimed_value FROM ${sqlTable(manager, 'evidence')} e
                WHERE e.pemda_code = item.pemda_code AND e.year = item.year AND e.sub_indicator_code = item.sub_indicator_code
                  AND e.sha256 = $7::text AND e.status <> 'withdrawn' ORDER BY e.version DESC LIMIT 1) same ON true
        WHERE item.pemda_code = $1::text AND item.year = $2::int AND item.sub_indicator_code = $6::text`),
      [...factsParameters(key, true), item.subIndicatorCode, sha256],
    );
  const row = rows[0];
  if (!row) throw new Error(`The item ${item.pemdaCode} ${item.year} ${item.subIndicatorCode} was not locked first`);
  return {
    versionCount: row.version_count,
    claimedValue: row.claimed_value === null ? null : Number(row.claimed_value),
    claimChangedBy: row.claim_changed_by,
    sameFileId: row.same_file_id,
    sameFileClaim: row.same_file_claim === null ? null : Number(row.same_file_claim),
    facts: factsOf(row, key),
  };
}

export interface NewVersion {
  evidence: Evidence;
  /**
   * The request's Idempotency-Key and the answer to replay for it, stored by the same statement
   * (one round trip fewer than an INSERT of its own); the uploader is the key's owner.
   */
  idempotency?: { key: string; body: object };
  /** The claim moved with this upload: a claim_changed history entry comes before the upload's. */
  claimChanged: boolean;
  /** The Pemda's own uploader answers for the item (#68); an admin acting for it does not. */
  takesResponsibility: boolean;
}

/** The statement's shares a caller brings: its outbox event and its audit entry (docs/decisions.md #117). */
export interface VersionAnnouncement {
  outbox: (firstParameter: number) => OutboxStatementPart;
  audit: (firstParameter: number) => { callSql: string; parameters: unknown[] };
}

/**
 * The writes of a new version in one statement: the evidence row, its storage key no longer
 * pending (#62: once the row commits, the sweeper can no longer take the object), its place in the
 * pre-check's queue (#113), the item's
 * version count and claim (who changed the claim moves only when the claim did; responsibility
 * rides along), and the history entries, claim_changed first, their ids in that order; the
 * request's Idempotency-Key with its answer, when it has one; then the version's event with the
 * NOTIFY that wakes the relay, and its audit entry (#117).
 */
export async function writeVersion(
  manager: EntityManager,
  { evidence: e, claimChanged, takesResponsibility, idempotency }: NewVersion,
  announcement: VersionAnnouncement,
): Promise<void> {
  const outbox = announcement.outbox(25);
  const audit = announcement.audit(25 + outbox.parameters.length);
  await outbox.settle(writeVersionStatement(manager, e, claimChanged, takesResponsibility, idempotency, outbox, audit));
}

async function writeVersionStatement(
  manager: EntityManager,
  e: Evidence,
  claimChanged: boolean,
  takesResponsibility: boolean,
  idempotency: NewVersion['idempotency'],
  outbox: OutboxStatementPart,
  audit: { callSql: string; parameters: unknown[] },
): Promise<void> {
  await manager.query(
    prepared(`WITH new_evidence AS (
       INSERT INTO ${sqlTable(manager, 'evidence')} (id, pemda_code, year, sub_indicator_code, claimed_value, version, note, sha256, size_bytes,
              content_type, file_name, storage_key, status, status_reason, scan_status, scanned_at, submitted_by,
              submitted_on_behalf_of_pemda, submitted_at, updated_at)
       VALUES ($1::uuid, $2::text, $3::int, $4::text, $5::numeric, $6::int, $7::text, $8::text, $9::bigint,
               $10::text, $11::text, $12::text, $13::text, $14::text, $15::text, $16::timestamptz, $17::text,
               $18::boolean, $19::timestamptz, $20::timestamptz)),
     committed AS (DELETE FROM ${sqlTable(manager, 'pending_upload')} WHERE storage_key = $12::text),
     queued AS (
       INSERT INTO ${sqlTable(manager, 'evidence_precheck')} (evidence_id, status, queued_at, attempts)
       VALUES ($1::uuid, 'queued', $19::timestamptz, 0)),
     item AS (
       UPDATE ${sqlTable(manager, 'submission')} SET version_count = $6::int, claimed_value = $5::numeric,
              claim_changed_by = CASE WHEN claimed_value IS DISTINCT FROM $5::numeric THEN $17::text ELSE claim_changed_by END,
              claim_changed_at = CASE WHEN claimed_value IS DISTINCT FROM $5::numeric THEN $19::timestamptz ELSE claim_changed_at END,
              responsible_subject = CASE WHEN $21::boolean THEN $17::text ELSE responsible_subject END,
              updated_at = $19::timestamptz
        WHERE pemda_code = $2::text AND year = $3::int AND sub_indicator_code = $4::text),
     history AS (
       INSERT INTO ${sqlTable(manager, 'submission_history')}
              (pemda_code, year, sub_indicator_code, kind, actor, on_behalf_of_pemda, occurred_at, evidence_id, version, claimed_value, reason)
       SELECT $2::text, $3::int, $4::text, entry.kind, $17::text, $18::boolean, $19::timestamptz, entry.evidence_id, entry.version, $5::numeric, $7::text
         FROM (VALUES (1, 'claim_changed', NULL::uuid, NULL::int), (2, 'uploaded', $1::uuid, $6::int)) AS entry(n, kind, evidence_id, version)
        WHERE entry.kind = 'uploaded' OR $22::boolean
        ORDER BY entry.n),
     remembered AS (
       INSERT INTO ${sqlTable(manager, 'idempotency_record')} (subject, key, status_code, body, created_at)
       SELECT $17::text, $23::text, 201, $24::jsonb, $19::timestamptz WHERE $23::text IS NOT NULL),
     outboxed AS (${outbox.insertSql}),
     notified AS (${outbox.notifySql('outboxed')}),
     audited AS (SELECT ${audit.callSql})
     SELECT (SELECT count(*) FROM notified) + (SELECT count(*) FROM audited) AS written`),
    [
      e.id,
      e.pemdaCode,
      e.year,
      e.subIndicatorCode,
      e.claimedValue,
      e.version,
      e.note,
      e.sha256,
      e.sizeBytes,
      e.contentType,
      e.fileName,
      e.storageKey,
      e.status,
      e.statusReason,
      e.scanStatus,
      e.scannedAt,
      e.submittedBy,
      e.submittedOnBehalfOfPemda,
      e.submittedAt,
      e.updatedAt,
      takesResponsibility,
      claimChanged,
      idempotency?.key ?? null,
      idempotency ? JSON.stringify(idempotency.body) : null,
      ...outbox.parameters,
      ...audit.parameters,
    ],
  );
}
