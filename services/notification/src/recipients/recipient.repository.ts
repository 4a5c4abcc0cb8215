import { prepared } from '@mcp/postgres-client';
import type { Role } from '@mcp/auth';
import { sqlTable } from '@mcp/service-runtime';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

export interface Recipient {
  userId: string;
  name: string | null;
  role: Role;
  pemdaCode: string | null;
  wilayah: string | null;
  email: string | null;
  locale: 'id' | 'en';
  active: boolean;
}

export interface Preference {
  kind: string;
  channel: string;
  enabled: boolean;
}

const COLUMNS = `user_id AS "userId", name, role, pemda_code AS "pemdaCode", wilayah, email, locale, active`;

/** Owns the SQL of `recipient` and `preference`: who belongs where, and what they opted out of. */
@Injectable()
export class RecipientRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** An admin's full record: e-mail and locale included. */
  async save(recipient: Recipient, tx: EntityManager | DataSource = this.dataSource): Promise<void> {
    await tx.query(
      `INSERT INTO ${sqlTable(tx, 'recipient')} (user_id, name, role, pemda_code, wilayah, email, locale, active, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now())
       ON CONFLICT (user_id) DO UPDATE SET name = $2, role = $3, pemda_code = $4, wilayah = $5, email = $6,
         locale = $7, active = $8, updated_at = now()`,
      [recipient.userId, recipient.name, recipient.role, recipient.pemdaCode, recipient.wilayah, recipient.email, recipient.locale, recipient.active],
    );
  }

  /**
   * What a sign-in tells: role and scope from the token, kept current; the e-mail only when the
   * token carries one, so an address set by an admin is not wiped by a token without it. A filed
   * role in `keepFiled` (one the token also grants, chosen by an admin) stays instead of `role`.
   */
  async syncFromClaims(
    claims: Pick<Recipient, 'userId' | 'name' | 'role' | 'pemdaCode' | 'wilayah' | 'email'>,
    keepFiled: readonly Role[] = [],
  ): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO ${sqlTable(this.dataSource, 'recipient')} AS r (user_id, name, role, pemda_code, wilayah, email)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (user_id) DO UPDATE SET name = COALESCE($2, r.name),
         role = CASE WHEN r.role = ANY($7::text[]) THEN r.role ELSE $3 END, pemda_code = $4, wilayah = $5,
         email = COALESCE($6, r.email), updated_at = now()
       WHERE (r.role <> $3 AND r.role <> ALL($7::text[])) OR (r.pemda_code, r.wilayah) IS DISTINCT FROM ($4, $5)
          OR ($6::text IS NOT NULL AND r.email IS DISTINCT FROM $6) OR ($2::text IS NOT NULL AND r.name IS DISTINCT FROM $2)`,
      [claims.userId, claims.name, claims.role, claims.pemdaCode, claims.wilayah, claims.email, keepFiled],
    );
  }

  async find(userId: string): Promise<Recipient | null> {
    const rows: Recipient[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM ${sqlTable(this.dataSource, 'recipient')} WHERE user_id = $1`,
      [userId],
    );
    return rows[0] ?? null;
  }

  /** 1,000 at a time by user id: every Pemda's people exceed one page, and `after` gives the next. */
  list({ pemdaCode, role, after }: { pemdaCode?: string; role?: Role; after?: string } = {}): Promise<Recipient[]> {
    return this.dataSource.query(
      `SELECT ${COLUMNS} FROM ${sqlTable(this.dataSource, 'recipient')}
       WHERE ($1::text IS NULL OR pemda_code = $1) AND ($2::text IS NULL OR role = $2) AND ($3::text IS NULL OR user_id > $3)
       ORDER BY user_id LIMIT 1000`,
      [pemdaCode ?? null, role ?? null, after ?? null],
    );
  }

  /**
   * Active recipients with one of `roles`, of one Pemda or wilayah, or (with neither) anywhere. A
   * wilayah is verification's where it moved someone (`verifier_wilayah`), else the one filed.
   */
  withRoles(tx: EntityManager, roles: Role[], scope: { pemdaCode?: string; wilayah?: string } = {}): Promise<Recipient[]> {
    return tx.query(
      `SELECT ${COLUMNS} FROM ${sqlTable(tx, 'recipient')} recipient
       WHERE active AND role = ANY($1) AND ($2::text IS NULL OR pemda_code = $2)
         AND ($3::text IS NULL OR COALESCE(
           (SELECT moved.wilayah FROM ${sqlTable(tx, 'verifier_wilayah')} moved WHERE moved.subject = recipient.user_id), recipient.wilayah) = $3)
       ORDER BY user_id`,
      [roles, scope.pemdaCode ?? null, scope.wilayah ?? null],
    );
  }

  /** Active recipients with one of `roles` of any of the Pemda: `withRoles` for a batch's Pemda at once. */
  withRolesInPemda(tx: EntityManager, roles: Role[], pemdaCodes: string[]): Promise<Recipient[]> {
    return tx.query(
      prepared(`SELECT ${COLUMNS} FROM ${sqlTable(tx, 'recipient')}
       WHERE active AND role = ANY($1) AND pemda_code = ANY($2) ORDER BY user_id`),
      [roles, pemdaCodes],
    );
  }

  /** One person by user id, read in the caller's transaction (null when nobody filed them). */
  async findIn(tx: EntityManager, userId: string): Promise<Recipient | null> {
    const rows: Recipient[] = await tx.query(`SELECT ${COLUMNS} FROM ${sqlTable(tx, 'recipient')} WHERE user_id = $1`, [userId]);
    return rows[0] ?? null;
  }

  /** The (kind, channel) pairs a recipient switched off. */
  async optedOut(tx: EntityManager, userIds: string[]): Promise<Set<string>> {
    const rows: { userId: string; kind: string; channel: string }[] = await tx.query(
      `SELECT user_id AS "userId", kind, channel FROM ${sqlTable(tx, 'preference')} WHERE user_id = ANY($1) AND NOT enabled`,
      [userIds],
    );
    return new Set(rows.map((row) => optOutKey(row.userId, row.kind, row.channel)));
  }

  preferences(userId: string): Promise<Preference[]> {
    return this.dataSource.query(
      `SELECT kind, channel, enabled FROM ${sqlTable(this.dataSource, 'preference')} WHERE user_id = $1 ORDER BY kind, channel`,
      [userId],
    );
  }

  async setPreference(userId: string, preference: Preference): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO ${sqlTable(this.dataSource, 'preference')} (user_id, kind, channel, enabled) VALUES ($1, $2, $3, $4)
       ON CONFLICT (user_id, kind, channel) DO UPDATE SET enabled = $4`,
      [userId, preference.kind, preference.channel, preference.enabled],
    );
  }
}

export function optOutKey(userId: string, kind: string, channel: string): string {
  return `${userId}\u0000${kind}\u0000${channel}`;
}
