import { sqlTable } from '@mcp/service-runtime';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

/** One operator's place in a Pemda: the OPD, what they may work on, the areas they are PIC of. */
export interface OperatorAssignment {
  pemdaCode: string;
  operatorSubject: string;
  operatorName: string | null;
  opdName: string;
  areaCodes: string[];
  indicatorCodes: string[];
  picAreaCodes: string[];
  assignedBy: string;
  assignedAt: Date;
}

export type AssignmentHistoryKind = 'assigned' | 'removed' | 'handed_over';

export interface AssignmentHistoryEntry {
  id: string;
  pemdaCode: string;
  kind: AssignmentHistoryKind;
  operatorSubject: string;
  toSubject: string | null;
  actor: string;
  details: Record<string, unknown>;
  occurredAt: Date;
}

interface AssignmentRow {
  pemda_code: string;
  operator_subject: string;
  operator_name: string | null;
  opd_name: string;
  area_codes: string[];
  indicator_codes: string[];
  pic_area_codes: string[];
  assigned_by: string;
  assigned_at: Date;
}

const toAssignment = (row: AssignmentRow): OperatorAssignment => ({
  pemdaCode: row.pemda_code,
  operatorSubject: row.operator_subject,
  operatorName: row.operator_name,
  opdName: row.opd_name,
  areaCodes: row.area_codes,
  indicatorCodes: row.indicator_codes,
  picAreaCodes: row.pic_area_codes,
  assignedBy: row.assigned_by,
  assignedAt: row.assigned_at,
});

/** The `operator_assignment` and `operator_assignment_history` tables. */
@Injectable()
export class OperatorAssignmentRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Serialises every change to one Pemda's assignments (PIC moves and handovers read, then write
   * several rows); held until the transaction ends.
   */
  async lockPemda(manager: EntityManager, pemdaCode: string): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('submissions.operator-assignment'), hashtext($1))`, [pemdaCode]);
  }

  async find(manager: EntityManager, pemdaCode: string, operatorSubject: string): Promise<OperatorAssignment | undefined> {
    const rows: AssignmentRow[] = await manager.query(
      `SELECT * FROM ${sqlTable(manager, 'operator_assignment')} WHERE pemda_code = $1 AND operator_subject = $2`,
      [pemdaCode, operatorSubject],
    );
    return rows[0] && toAssignment(rows[0]);
  }

  /**
   * The operator's assignment and whether the Pemda has any, in one statement (every upload asks):
   * the operator's own row sorts first, any other row of the Pemda says it has set up OPD accounts.
   */
  async findWithPemdaFlag(manager: EntityManager, pemdaCode: string, operatorSubject: string): Promise<{ assignment?: OperatorAssignment; pemdaHasAssignments: boolean }> {
    const [row]: AssignmentRow[] = await manager.query(
      `SELECT * FROM ${sqlTable(manager, 'operator_assignment')} WHERE pemda_code = $1 ORDER BY operator_subject = $2 DESC LIMIT 1`,
      [pemdaCode, operatorSubject],
    );
    if (!row) return { pemdaHasAssignments: false };
    return { assignment: row.operator_subject === operatorSubject ? toAssignment(row) : undefined, pemdaHasAssignments: true };
  }

  /** Whether the Pemda has set up OPD accounts at all (then every operator needs an assignment). */
  async pemdaHasAssignments(pemdaCode: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM ${sqlTable(this.dataSource, 'operator_assignment')} WHERE pemda_code = $1 LIMIT 1`,
      [pemdaCode],
    );
    return rows.length > 0;
  }

  async forPemda(manager: EntityManager, pemdaCode: string): Promise<OperatorAssignment[]> {
    const rows: AssignmentRow[] = await manager.query(
      `SELECT * FROM ${sqlTable(manager, 'operator_assignment')} WHERE pemda_code = $1 ORDER BY opd_name, operator_subject`,
      [pemdaCode],
    );
    return rows.map(toAssignment);
  }

  async save(manager: EntityManager, assignment: OperatorAssignment): Promise<void> {
    await manager.query(
      `INSERT INTO ${sqlTable(manager, 'operator_assignment')}
         (pemda_code, operator_subject, operator_name, opd_name, area_codes, indicator_codes, pic_area_codes, assigned_by, assigned_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (pemda_code, operator_subject) DO UPDATE SET operator_name = EXCLUDED.operator_name,
         opd_name = EXCLUDED.opd_name, area_codes = EXCLUDED.area_codes, indicator_codes = EXCLUDED.indicator_codes,
         pic_area_codes = EXCLUDED.pic_area_codes, assigned_by = EXCLUDED.assigned_by, assigned_at = EXCLUDED.assigned_at`,
      [
        assignment.pemdaCode,
        assignment.operatorSubject,
        assignment.operatorName,
        assignment.opdName,
        assignment.areaCodes,
        assignment.indicatorCodes,
        assignment.picAreaCodes,
        assignment.assignedBy,
        assignment.assignedAt,
      ],
    );
  }

  async remove(manager: EntityManager, pemdaCode: string, operatorSubject: string): Promise<void> {
    await manager.query(`DELETE FROM ${sqlTable(manager, 'operator_assignment')} WHERE pemda_code = $1 AND operator_subject = $2`, [
      pemdaCode,
      operatorSubject,
    ]);
  }

  /** Takes the PIC of `areaCodes` away from everyone else in the Pemda; returns who lost which. */
  async releasePic(manager: EntityManager, pemdaCode: string, areaCodes: string[], except: string): Promise<{ operatorSubject: string; areaCodes: string[] }[]> {
    if (areaCodes.length === 0) return [];
    // TypeORM answers an UPDATE with [rows, count].
    const [rows]: [{ operator_subject: string; released: string[] }[], number] = await manager.query(
      `WITH before AS (
         SELECT operator_subject, ARRAY(SELECT unnest(pic_area_codes) INTERSECT SELECT unnest($2::text[])) AS released
           FROM ${sqlTable(manager, 'operator_assignment')}
          WHERE pemda_code = $1 AND operator_subject <> $3 AND pic_area_codes && $2::text[]
       )
       UPDATE ${sqlTable(manager, 'operator_assignment')} a
          SET pic_area_codes = ARRAY(SELECT unnest(a.pic_area_codes) EXCEPT SELECT unnest($2::text[]) ORDER BY 1)
         FROM before WHERE a.pemda_code = $1 AND a.operator_subject = before.operator_subject
       RETURNING a.operator_subject, before.released`,
      [pemdaCode, areaCodes, except],
    );
    return rows.map((row) => ({ operatorSubject: row.operator_subject, areaCodes: row.released }));
  }

  /** Appends to the Pemda's history; answers the entry's id (a Pemda's ids rise in the order its changes commit). */
  async record(manager: EntityManager, entry: Omit<AssignmentHistoryEntry, 'id'>): Promise<number> {
    const [row]: { id: string }[] = await manager.query(
      `INSERT INTO ${sqlTable(manager, 'operator_assignment_history')} (pemda_code, kind, operator_subject, to_subject, actor, details, occurred_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [entry.pemdaCode, entry.kind, entry.operatorSubject, entry.toSubject, entry.actor, JSON.stringify(entry.details), entry.occurredAt],
    );
    return Number(row.id);
  }

  async history(pemdaCode: string): Promise<AssignmentHistoryEntry[]> {
    const rows: {
      id: string;
      pemda_code: string;
      kind: AssignmentHistoryKind;
      operator_subject: string;
      to_subject: string | null;
      actor: string;
      details: Record<string, unknown>;
      occurred_at: Date;
    }[] = await this.dataSource.query(
      `SELECT * FROM ${sqlTable(this.dataSource, 'operator_assignment_history')} WHERE pemda_code = $1 ORDER BY id`,
      [pemdaCode],
    );
    return rows.map((row) => ({
      id: String(row.id),
      pemdaCode: row.pemda_code,
      kind: row.kind,
      operatorSubject: row.operator_subject,
      toSubject: row.to_subject,
      actor: row.actor,
      details: row.details,
      occurredAt: row.occurred_at,
    }));
  }
}
