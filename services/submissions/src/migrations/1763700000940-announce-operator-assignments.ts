import { createEvent, eventSourceOf, OperatorAssignmentsChanged } from '@mcp/contracts';
import { sqlTable } from '@mcp/service-runtime';
import type { MigrationInterface, QueryRunner } from 'typeorm';

interface AssignmentRow {
  pemda_code: string;
  operator_subject: string;
  opd_name: string;
  area_codes: string[];
  indicator_codes: string[];
  pic_area_codes: string[];
  revision: string;
}

/**
 * mcp.operator.assignments-changed.v1 starts with this release (docs/decisions.md #137): every
 * later change announces the Pemda's set, and this announces the sets made before, through the
 * outbox like any other event (the relay publishes it after start-up), so verification knows
 * every Pemda's OPD accounts from the first day. The revision is the Pemda's latest history entry.
 */
export class AnnounceOperatorAssignments1763700000940 implements MigrationInterface {
  name = 'AnnounceOperatorAssignments1763700000940';

  async up(queryRunner: QueryRunner): Promise<void> {
    const table = (name: string) => sqlTable(queryRunner.manager, name);
    const rows: AssignmentRow[] = await queryRunner.query(
      `SELECT a.pemda_code, a.operator_subject, a.opd_name, a.area_codes, a.indicator_codes, a.pic_area_codes,
              (SELECT COALESCE(max(h.id), 1) FROM ${table('operator_assignment_history')} h WHERE h.pemda_code = a.pemda_code) AS revision
         FROM ${table('operator_assignment')} a ORDER BY a.pemda_code, a.operator_subject`,
    );
    const byPemda = new Map<string, AssignmentRow[]>();
    for (const row of rows) byPemda.set(row.pemda_code, [...(byPemda.get(row.pemda_code) ?? []), row]);
    const now = new Date();
    for (const [pemdaCode, assignments] of byPemda) {
      const event = createEvent(
        OperatorAssignmentsChanged,
        {
          pemdaCode,
          revision: Number(assignments[0].revision),
          change: 'announced' as const,
          changedBy: 'submissions-migration',
          changedAt: now.toISOString(),
          operators: assignments.map((row) => ({
            operatorSubject: row.operator_subject,
            opdName: row.opd_name,
            areaCodes: row.area_codes,
            indicatorCodes: row.indicator_codes,
            picAreaCodes: row.pic_area_codes,
          })),
        },
        eventSourceOf(OperatorAssignmentsChanged),
        { time: now },
      );
      await queryRunner.query(`INSERT INTO ${table('outbox')} (event_id, topic, message_key, event) VALUES ($1, $2, $3, $4)`, [
        event.id,
        OperatorAssignmentsChanged.topic,
        OperatorAssignmentsChanged.keyOf(event.data),
        JSON.stringify(event),
      ]);
    }
  }

  async down(): Promise<void> {
    // An announcement, once published, cannot be taken back; the next change announces the set again.
  }
}
