import type { AuthPrincipal, Wilayah } from '@mcp/auth';
import type { VerifierWilayahAssignedV1 } from '@mcp/contracts';
import { sqlTable } from '@mcp/service-runtime';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

/**
 * Where verification says a verifier or QA reviewer works: a service's own `verifier_wilayah`
 * table (made by its migration), fed by `mcp.verifier.wilayah-assigned.v1`. An admin's move wins
 * over the token's `wilayah` claim everywhere (docs/decisions.md #47): a moved verifier opens the
 * new wilayah's evidence in submissions, hears its live hints in the portal (#193) and is told of
 * its tasks by notification, and no longer the old one's. A removed move is kept as a row with no
 * wilayah, so an older event arriving late cannot bring it back.
 */
@Injectable()
export class VerifierWilayahs {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The latest `assignedAt` per subject is in force: a late, older event changes nothing. */
  async apply(event: VerifierWilayahAssignedV1, manager: EntityManager): Promise<void> {
    await manager.query(
      `INSERT INTO ${sqlTable(manager, 'verifier_wilayah')} AS current (subject, wilayah, assigned_by, assigned_at)
       VALUES ($1, $2, $3, $4)
       ON CONFLICT (subject) DO UPDATE SET wilayah = EXCLUDED.wilayah, assigned_by = EXCLUDED.assigned_by, assigned_at = EXCLUDED.assigned_at
        WHERE current.assigned_at <= EXCLUDED.assigned_at`,
      [event.subject, event.wilayah, event.assignedBy, event.assignedAt],
    );
  }

  /** The principal with the wilayah an admin assigned, for verifiers and QA; others as they are. */
  async effective(principal: AuthPrincipal): Promise<AuthPrincipal> {
    if (!principal.roles.some((role) => role === 'verifier' || role === 'qa')) return principal;
    const rows: { wilayah: Wilayah | null }[] = await this.dataSource.query(
      `SELECT wilayah FROM ${sqlTable(this.dataSource, 'verifier_wilayah')} WHERE subject = $1`,
      [principal.subject],
    );
    return rows[0]?.wilayah ? { ...principal, wilayah: rows[0].wilayah } : principal;
  }
}
