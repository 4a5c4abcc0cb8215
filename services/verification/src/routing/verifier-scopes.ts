import { auditTrail } from '@mcp/audit-trail';
import { assertCanActForWilayah, isWilayah, type AuthPrincipal, type Wilayah } from '@mcp/auth';
import { VerifierWilayahAssigned, type VerifierWilayahAssignedV1 } from '@mcp/contracts';
import { OutboxWriter } from '@mcp/messaging';
import { DomainError, sqlTable } from '@mcp/service-runtime';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { CLOCK, type Clock } from '../queue-settings/clock';
import { recordTaskHistory } from '../task-records/task-history.repository';
import { announceReassignment } from '../task-records/task-reassignment-event';
import { VerifierWilayah } from './verifier-wilayah.entity';

/**
 * Where a verifier or QA reviewer works. The token's `wilayah` claim (a Keycloak attribute) is the
 * default; an admin's override in `verifier_wilayah` wins, so a verifier can be moved at once.
 */
@Injectable()
export class VerifierScopes {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** The principal as the queue sees it: with the overriding wilayah when an admin set one. */
  async effective(principal: AuthPrincipal, manager: EntityManager = this.dataSource.manager): Promise<AuthPrincipal> {
    if (!overridable(principal)) return principal;
    const rows: { wilayah: Wilayah }[] = await manager.query(
      `SELECT wilayah FROM ${sqlTable(manager, 'verifier_wilayah')} WHERE subject = $1`,
      [principal.subject],
    );
    return withOverride(principal, rows[0]?.wilayah ?? null);
  }

  /** Throws 403 unless the principal (override applied) may act in the wilayah. */
  async assertActsFor(principal: AuthPrincipal, wilayah: string, manager?: EntityManager): Promise<AuthPrincipal> {
    const effective = await this.effective(principal, manager);
    assertCanActForWilayah(effective, wilayah as Wilayah);
    return effective;
  }

  list(): Promise<VerifierWilayah[]> {
    return this.dataSource.getRepository(VerifierWilayah).find({ order: { subject: 'ASC' } });
  }

  /**
   * Moves a verifier to another wilayah. Their live claims elsewhere go back to the queue at once:
   * they could no longer decide them, and the tasks must not sit held until the lease runs out.
   * Each release is announced as a reassignment away from them (`mcp.task.reassigned.v1`).
   */
  async assign(admin: AuthPrincipal, subject: string, wilayah: string): Promise<{ assignment: VerifierWilayah; releasedTaskIds: string[] }> {
    if (!isWilayah(wilayah)) {
      throw new DomainError('invalid-input', 'UNKNOWN_WILAYAH', `Wilayah ${wilayah} tidak dikenal; pilih I, II, III, IV atau V (unknown wilayah)`);
    }
    const now = this.clock.now();
    return this.dataSource.transaction(async (manager) => {
      const assignment = manager.create(VerifierWilayah, { subject, wilayah, assignedBy: admin.subject, assignedAt: now });
      await manager.upsert(VerifierWilayah, assignment, ['subject']);
      await this.announce(manager, { subject, wilayah, assignedBy: admin.subject, assignedAt: now.toISOString() });
      const released = await this.releaseClaims(manager, admin, subject, now, `verifier moved to wilayah ${wilayah}`, wilayah);
      await auditTrail.append(manager, { actor: admin, action: 'verifier.wilayah-assigned', ids: { verifier: subject }, details: { wilayah, releasedTaskIds: released.map(({ id }) => id) }, occurredAt: now });
      return { assignment, releasedTaskIds: released.map(({ id }) => id) };
    });
  }

  async unassign(admin: AuthPrincipal, subject: string): Promise<void> {
    const now = this.clock.now();
    await this.dataSource.transaction(async (manager) => {
      const result = await manager.delete(VerifierWilayah, { subject });
      if (!result.affected) {
        throw new DomainError('not-found', 'NO_WILAYAH_OVERRIDE', `Verifikator ${subject} tidak punya penetapan wilayah oleh admin (no override)`);
      }
      await this.announce(manager, { subject, wilayah: null, assignedBy: admin.subject, assignedAt: now.toISOString() });
      // Back to their token's wilayah, which is not known here: claims made under the override may
      // lie outside it, where they could neither decide, extend nor release them until the lease
      // ran out. Every live claim goes back to the queue; they claim again where they now work.
      const released = await this.releaseClaims(manager, admin, subject, now, 'wilayah override removed');
      await auditTrail.append(manager, { actor: admin, action: 'verifier.wilayah-unassigned', ids: { verifier: subject }, details: { releasedTaskIds: released.map(({ id }) => id) }, occurredAt: now });
    });
  }

  /** The subject's claims (outside `keepWilayah`, if given) back to the queue, each announced as a reassignment away from them. */
  private async releaseClaims(manager: EntityManager, admin: AuthPrincipal, subject: string, now: Date, because: string, keepWilayah?: string): Promise<ReleasedTask[]> {
    const [released]: [ReleasedTask[], number] = await manager.query(
      `UPDATE ${sqlTable(manager, 'task')}
          SET status = 'open', claimed_by = NULL, claimed_at = NULL, lease_expires_at = NULL, updated_at = $3
        WHERE status = 'claimed' AND claimed_by = $1 AND ($2::text IS NULL OR wilayah <> $2)
      RETURNING id, pemda_code AS "pemdaCode", province_code AS "provinceCode", wilayah, year, sub_indicator_code AS "subIndicatorCode"`,
      [subject, keepWilayah ?? null, now],
    );
    for (const task of released) {
      await recordTaskHistory(manager, task.id, { at: now, kind: 'released', actor: admin.subject, detail: { holder: subject, because } });
      await announceReassignment(this.outbox, manager, task, { fromVerifier: subject, toVerifier: null, leaseExpiresAt: null, reassignedBy: admin.subject, at: now });
    }
    return released;
  }

  /**
   * Where a verifier works is decided here, but other services decide by it too (submissions opens
   * a Pemda's evidence to the verifiers of its wilayah): `mcp.verifier.wilayah-assigned.v1`, in the
   * transaction of the change, so they cannot disagree for longer than the event takes
   * (docs/decisions.md #47).
   */
  private async announce(manager: EntityManager, data: VerifierWilayahAssignedV1): Promise<void> {
    await this.outbox.enqueue(manager, VerifierWilayahAssigned, data);
  }
}

function overridable(principal: AuthPrincipal): boolean {
  return principal.roles.some((role) => role === 'verifier' || role === 'qa');
}

/** The principal as `effective` gives it, from an override the caller already read (with a lock, in one statement). */
export function withOverride(principal: AuthPrincipal, overrideWilayah: string | null): AuthPrincipal {
  return overrideWilayah && overridable(principal) ? { ...principal, wilayah: overrideWilayah as Wilayah } : principal;
}

/** Throws 403 unless the principal, with an override already read, may act in the wilayah. */
export function assertActsForWithOverride(principal: AuthPrincipal, wilayah: string, overrideWilayah: string | null): void {
  assertCanActForWilayah(withOverride(principal, overrideWilayah), wilayah as Wilayah);
}

interface ReleasedTask {
  id: string;
  pemdaCode: string;
  provinceCode: string;
  wilayah: string;
  year: number;
  subIndicatorCode: string;
}
