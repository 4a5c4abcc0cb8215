import { prepared } from '@mcp/postgres-client';
import { sqlTable } from '@mcp/service-runtime';
import type { EntityManager } from 'typeorm';
import type { DeadlineExtensionGrant } from '../deadlines/upload-deadline';
import type { RecordedResponse } from '../idempotency/idempotency-keys';
import type { AssignmentFacts } from '@mcp/mcp-domain';

/**
 * What the database says about an upload's destination, read in one statement instead of one
 * round trip each (docs/decisions.md #103): the operator's assignment (only for a limited
 * operator), the Pemda's latest deadline extension for the year and, when asked, the bytes the
 * Pemda already stores. The checks on them stay where they were (OperatorScope, UploadDeadlines,
 * StorageQuota) and run in the same order; only the reads are merged.
 */
export interface DestinationFacts {
  /** Undefined when the caller is not a limited operator (nothing was read). */
  assignment: AssignmentFacts | undefined;
  latestExtension: DeadlineExtensionGrant | null;
  /** The Pemda's stored bytes; null when not asked for. */
  usedBytes: number | null;
  /** When the year was closed (#160), or null while it is open. */
  yearClosedAt: Date | null;
}

/** The facts before the file, and the answer an Idempotency-Key already has, if it has one. */
export interface DestinationFactsBeforeFile extends DestinationFacts {
  earlier: RecordedResponse | undefined;
}

export interface DestinationKey {
  pemdaCode: string;
  year: number;
  /** The caller, and whether an assignment limits them (then it is read). */
  subject: string;
  limitedOperator: boolean;
}

/** The columns `factsOf` reads. */
export interface FactsColumns {
  assignment_subject: string | null;
  assignment_opd_name: string | null;
  assignment_area_codes: string[] | null;
  assignment_indicator_codes: string[] | null;
  assignment_pic_area_codes: string[] | null;
  extension_until: Date | null;
  extension_granted_by: string | null;
  extension_granted_at: Date | null;
  extension_reason: string | null;
  used_bytes: string | null;
  year_closed_at: Date | null;
}

/**
 * The select-list and joins of the facts, for a statement whose parameters start with
 * $1 = Pemda, $2 = year, $3 = the caller, $4 = limited operator, $5 = with the stored bytes.
 * `source` is the row the facts are joined to (a one-row stand-in, or the locked item).
 */
export function factsSql(manager: EntityManager, source: string): { columns: string; joins: string } {
  return {
    columns: `assignment.operator_subject AS assignment_subject, assignment.opd_name AS assignment_opd_name,
              assignment.area_codes AS assignment_area_codes, assignment.indicator_codes AS assignment_indicator_codes,
              assignment.pic_area_codes AS assignment_pic_area_codes,
              extension.until AS extension_until, extension.granted_by AS extension_granted_by,
              extension.granted_at AS extension_granted_at, extension.reason AS extension_reason,
              CASE WHEN $5::boolean THEN
                -- Clarification attachments live in the same storage and count against the same quota (#67).
                (COALESCE((SELECT SUM(size_bytes) FROM ${sqlTable(manager, 'evidence')} WHERE pemda_code = $1::text), 0)
               + COALESCE((SELECT SUM(size_bytes) FROM ${sqlTable(manager, 'clarification_attachment')} WHERE pemda_code = $1::text), 0))::text
              END AS used_bytes,
              closed.closed_at AS year_closed_at`,
    // The operator's own row sorts first; any other row of the Pemda says it has set up OPD accounts.
    joins: `${source}
       LEFT JOIN LATERAL (SELECT * FROM ${sqlTable(manager, 'operator_assignment')} a
                           WHERE $4::boolean AND a.pemda_code = $1::text ORDER BY a.operator_subject = $3::text DESC LIMIT 1) assignment ON true
       LEFT JOIN LATERAL (SELECT * FROM ${sqlTable(manager, 'deadline_extension')} x
                           WHERE x.pemda_code = $1::text AND x.year = $2::int ORDER BY x.granted_at DESC, x.id DESC LIMIT 1) extension ON true
       LEFT JOIN ${sqlTable(manager, 'closed_year')} closed ON closed.year = $2::int`,
  };
}

export function factsParameters(key: DestinationKey, withUsedBytes: boolean): unknown[] {
  return [key.pemdaCode, key.year, key.subject, key.limitedOperator, withUsedBytes];
}

export function factsOf(row: FactsColumns, key: DestinationKey): DestinationFacts {
  return {
    assignment: key.limitedOperator
      ? {
          assignment:
            row.assignment_subject === key.subject
              ? {
                  opdName: row.assignment_opd_name ?? '',
                  areaCodes: row.assignment_area_codes ?? [],
                  indicatorCodes: row.assignment_indicator_codes ?? [],
                  picAreaCodes: row.assignment_pic_area_codes ?? [],
                }
              : undefined,
          pemdaHasAssignments: row.assignment_subject !== null,
        }
      : undefined,
    latestExtension:
      row.extension_until === null
        ? null
        : { until: row.extension_until, grantedBy: row.extension_granted_by ?? '', grantedAt: row.extension_granted_at as Date, reason: row.extension_reason ?? '' },
    usedBytes: row.used_bytes === null ? null : Number(row.used_bytes),
    yearClosedAt: row.year_closed_at,
  };
}

/**
 * The facts before the file is stored (autocommit: there is nothing to lock yet), and with an
 * Idempotency-Key the answer recorded for it: a retry costs the same one statement as a first
 * attempt, instead of a key lookup of its own first (docs/decisions.md #125).
 */
export async function readDestinationFacts(
  manager: EntityManager,
  key: DestinationKey,
  withUsedBytes: boolean,
  idempotencyKey?: string,
): Promise<DestinationFactsBeforeFile> {
  const { columns, joins } = factsSql(manager, '(SELECT 1) AS one');
  const [row]: (FactsColumns & EarlierColumns)[] = await manager.query(
    prepared(`SELECT ${columns}, earlier.status_code AS earlier_status_code, earlier.body AS earlier_body
                FROM ${joins}
                LEFT JOIN ${sqlTable(manager, 'idempotency_record')} earlier ON earlier.subject = $3::text AND earlier.key = $6::text`),
    [...factsParameters(key, withUsedBytes), idempotencyKey ?? null],
  );
  const earlier = row.earlier_status_code === null ? undefined : { statusCode: row.earlier_status_code, body: row.earlier_body as object };
  return { ...factsOf(row, key), earlier };
}

interface EarlierColumns {
  earlier_status_code: number | null;
  earlier_body: object | null;
}
