import { prepared } from '@mcp/postgres-client';
import { sqlTable } from '@mcp/service-runtime';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { DELIVERY_CHANNEL } from '../deliveries/delivery.repository';

export interface WebhookSubscription {
  id: string;
  url: string;
  eventTypes: string[];
  pemdaCode: string | null;
  provinceCode: string | null;
  secrets: string[];
  enabled: boolean;
  consecutiveFailures: number;
  disabledAt: Date | null;
  createdAt: Date;
}

const COLUMNS = `id, url, event_types AS "eventTypes", pemda_code AS "pemdaCode", province_code AS "provinceCode", secrets,
  enabled, consecutive_failures AS "consecutiveFailures", disabled_at AS "disabledAt", created_at AS "createdAt"`;

/** Owns the SQL of `webhook_subscription`. */
@Injectable()
export class WebhookSubscriptionRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async create(
    subscription: Pick<WebhookSubscription, 'id' | 'url' | 'eventTypes' | 'pemdaCode' | 'provinceCode' | 'secrets'>,
    tx: EntityManager | DataSource = this.dataSource,
  ): Promise<void> {
    await tx.query(
      `INSERT INTO ${sqlTable(tx, 'webhook_subscription')} (id, url, event_types, pemda_code, province_code, secrets)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [subscription.id, subscription.url, subscription.eventTypes, subscription.pemdaCode, subscription.provinceCode, subscription.secrets],
    );
  }

  async find(id: string, tx: EntityManager | DataSource = this.dataSource): Promise<WebhookSubscription | null> {
    const rows: WebhookSubscription[] = await tx.query(`SELECT ${COLUMNS} FROM ${sqlTable(tx, 'webhook_subscription')} WHERE id = $1`, [id]);
    return rows[0] ?? null;
  }

  list(): Promise<WebhookSubscription[]> {
    return this.dataSource.query(`SELECT ${COLUMNS} FROM ${sqlTable(this.dataSource, 'webhook_subscription')} ORDER BY created_at`);
  }

  /** Enabled subscriptions to `eventType` whose Pemda/province filter (if any) matches; every one for an event of no Pemda. */
  matching(tx: EntityManager, eventType: string, scope: WebhookScope): Promise<WebhookSubscription[]> {
    return tx.query(
      prepared(`SELECT ${COLUMNS} FROM ${sqlTable(tx, 'webhook_subscription')}
       WHERE enabled AND $1 = ANY(event_types)
         AND ($4::boolean OR ((pemda_code IS NULL OR pemda_code = $2) AND (province_code IS NULL OR province_code = $3)))`),
      [eventType, scope.pemdaCode ?? null, scope.provinceCode ?? null, scope.national === true],
    );
  }

  /** Enabled subscriptions to `eventType`, whatever their filter: a batch's events are matched in memory (`matches`). */
  subscribedTo(tx: EntityManager, eventType: string): Promise<WebhookSubscription[]> {
    return tx.query(`SELECT ${COLUMNS} FROM ${sqlTable(tx, 'webhook_subscription')} WHERE enabled AND $1 = ANY(event_types)`, [eventType]);
  }

  /** Keeps the newest two secrets: the previous one stays valid while receivers switch over. */
  async addSecret(id: string, secret: string, tx: EntityManager | DataSource = this.dataSource): Promise<boolean> {
    const [, affected] = await tx.query(
      `UPDATE ${sqlTable(tx, 'webhook_subscription')} SET secrets = ARRAY[$2, secrets[1]] WHERE id = $1`,
      [id, secret],
    );
    return (affected as number) > 0;
  }

  async enable(id: string, tx: EntityManager | DataSource = this.dataSource): Promise<boolean> {
    const [, affected] = await tx.query(
      `UPDATE ${sqlTable(tx, 'webhook_subscription')} SET enabled = true, consecutive_failures = 0, disabled_at = NULL WHERE id = $1`,
      [id],
    );
    // Its deliveries waited while it was off: the dispatchers sleep until told (#86); in a
    // transaction the notice leaves at its commit.
    if ((affected as number) > 0) await tx.query('SELECT pg_notify($1, $2)', [DELIVERY_CHANNEL, '']);
    return (affected as number) > 0;
  }

  async recordSuccess(tx: EntityManager, id: string): Promise<void> {
    await tx.query(`UPDATE ${sqlTable(tx, 'webhook_subscription')} SET consecutive_failures = 0 WHERE id = $1`, [id]);
  }

  /** Counts a failure; disables at `disableAfter` in a row. True when this failure disabled it. */
  async recordFailure(tx: EntityManager, id: string, disableAfter: number, now: Date): Promise<{ disabled: boolean; failures: number }> {
    // TypeORM answers an UPDATE with [rows, affected count].
    const [rows]: [{ failures: number; disabled: boolean }[], number] = await tx.query(
      `UPDATE ${sqlTable(tx, 'webhook_subscription')}
       SET consecutive_failures = consecutive_failures + 1,
           enabled = enabled AND consecutive_failures + 1 < $2,
           disabled_at = CASE WHEN enabled AND consecutive_failures + 1 >= $2 THEN $3::timestamptz ELSE disabled_at END
       WHERE id = $1
       RETURNING consecutive_failures AS failures, (disabled_at = $3::timestamptz) AS disabled`,
      [id, disableAfter, now],
    );
    return rows[0] ?? { failures: 0, disabled: false };
  }
}

/** `matching`'s filter, for a subscription already known to want the event's type. */
export function matches(subscription: Pick<WebhookSubscription, 'pemdaCode' | 'provinceCode'>, scope: WebhookScope): boolean {
  // Said of the event, never inferred from missing fields: a Pemda's event without them reaches no one else.
  if (scope.national === true) return true;
  return (
    (subscription.pemdaCode === null || subscription.pemdaCode === (scope.pemdaCode ?? null)) &&
    (subscription.provinceCode === null || subscription.provinceCode === (scope.provinceCode ?? null))
  );
}

/** Where an event happened, for the subscriptions filtered to a Pemda or a province. */
export interface WebhookScope {
  pemdaCode?: string;
  provinceCode?: string;
  /** An event of no Pemda in particular (a year closing): every subscriber, filtered or not. */
  national?: true;
}
