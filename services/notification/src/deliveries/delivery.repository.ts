import { sqlTable } from '@mcp/service-runtime';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { Channel } from '../messages/rules';

export const INBOX_CHANNEL = 'mcp_notification_inbox';
/** Notified at the commit of a delivery the dispatcher should send now (docs/decisions.md #86). */
export const DELIVERY_CHANNEL = 'mcp_notification_delivery';

export interface NewDelivery {
  sourceEventId: string;
  kind: string;
  channel: Channel;
  /** The user id (in-app, e-mail) or the webhook subscription id. */
  recipientKey: string;
  pemdaCode: string | null;
  payload: object;
}

export interface Delivery extends NewDelivery {
  id: string;
  status: 'pending' | 'sent' | 'failed';
  attempts: number;
  nextAttemptAt: Date | null;
  lastError: string | null;
  createdAt: Date;
  sentAt: Date | null;
  readAt: Date | null;
}

export interface DeliveryAttempt {
  attempt: number;
  attemptedAt: Date;
  durationMs: number;
  succeeded: boolean;
  statusCode: number | null;
  error: string | null;
}

/** An e-mail delivery's recipient as filed at the moment of sending, not of queueing. */
export interface EmailRecipientNow {
  /** False also for someone no longer filed at all. */
  active: boolean;
  email: string | null;
  role: string | null;
  pemdaCode: string | null;
  /** A KPK reviewer's wilayah: verification's move of them when there is one, else as filed. */
  wilayah: string | null;
  /** They switched this kind of e-mail off since it was queued. */
  unsubscribed: boolean;
}

export interface InboxCursor {
  createdAt: string;
  id: string;
}

const COLUMNS = `id, source_event_id AS "sourceEventId", kind, channel, recipient_key AS "recipientKey",
  pemda_code AS "pemdaCode", payload, status, attempts, next_attempt_at AS "nextAttemptAt", last_error AS "lastError",
  created_at AS "createdAt", sent_at AS "sentAt", read_at AS "readAt"`;

/**
 * Who reads an in-app inbox: the token's subject and, for a Pemda's user, the token's Pemda. A
 * person moved to another Pemda keeps their subject; what was sent to them about the old Pemda is
 * that Pemda's, as the Pemda feed and e-mail already hold (#149), so the inbox shows only notices
 * of the Pemda they now belong to, and those of none.
 */
export interface InboxReader {
  subject: string;
  /** Null for KPK roles, whose notices name whichever Pemda they concern. */
  pemdaCode: string | null;
}

const OF_READERS_PEMDA = (parameter: string) => `(${parameter}::text IS NULL OR pemda_code IS NULL OR pemda_code = ${parameter})`;

/** Owns the SQL of `delivery` (the outbox of everything the service sends) and `delivery_attempt`. */
@Injectable()
export class DeliveryRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * One row per (event, recipient, channel): a replayed event inserts nothing. In-app rows are
   * delivered by being written; the rest wait for the dispatcher. Returns how many were new.
   */
  async enqueue(tx: EntityManager, deliveries: NewDelivery[], now: Date): Promise<number> {
    if (deliveries.length === 0) return 0;
    const rows: { recipientKey: string; channel: Channel }[] = await tx.query(
      `INSERT INTO ${sqlTable(tx, 'delivery')}
         (id, source_event_id, kind, channel, recipient_key, pemda_code, payload, status, next_attempt_at, created_at, sent_at)
       SELECT d.id, d.source_event_id, d.kind, d.channel, d.recipient_key, d.pemda_code, d.payload,
         CASE WHEN d.channel = 'in_app' THEN 'sent' ELSE 'pending' END,
         CASE WHEN d.channel = 'in_app' THEN NULL ELSE $2::timestamptz END, $2::timestamptz,
         CASE WHEN d.channel = 'in_app' THEN $2::timestamptz END
       FROM jsonb_to_recordset($1::jsonb) AS d(id uuid, source_event_id uuid, kind text, channel text, recipient_key text, pemda_code text, payload jsonb)
       ON CONFLICT (source_event_id, recipient_key, channel) DO NOTHING
       RETURNING recipient_key AS "recipientKey", channel`,
      [
        JSON.stringify(
          deliveries.map((d) => ({
            id: randomUUID(),
            source_event_id: d.sourceEventId,
            kind: d.kind,
            channel: d.channel,
            recipient_key: d.recipientKey,
            pemda_code: d.pemdaCode,
            payload: d.payload,
          })),
        ),
        now,
      ],
    );
    // Delivered at commit: every replica's live inbox streams pick it up from here.
    const inAppRecipients = [...new Set(rows.filter((row) => row.channel === 'in_app').map((row) => row.recipientKey))];
    // One statement for them all: a batch of decisions tells hundreds of people (docs/decisions.md #95).
    if (inAppRecipients.length > 0) {
      await tx.query('SELECT pg_notify($1, recipient) FROM unnest($2::text[]) AS recipient', [INBOX_CHANNEL, inAppRecipients]);
    }
    // And the dispatchers, when something is there to send (one notice per transaction is enough).
    if (rows.some((row) => row.channel !== 'in_app')) await tx.query('SELECT pg_notify($1, $2)', [DELIVERY_CHANNEL, '']);
    return rows.length;
  }

  async find(id: string): Promise<Delivery | null> {
    const rows: Delivery[] = await this.dataSource.query(`SELECT ${COLUMNS} FROM ${sqlTable(this.dataSource, 'delivery')} WHERE id = $1`, [id]);
    return rows[0] ?? null;
  }

  inbox(reader: InboxReader, limit: number, before?: InboxCursor): Promise<Delivery[]> {
    return this.dataSource.query(
      `SELECT ${COLUMNS} FROM ${sqlTable(this.dataSource, 'delivery')}
       WHERE channel = 'in_app' AND recipient_key = $1 AND ${OF_READERS_PEMDA('$5')}
         AND ($2::timestamptz IS NULL OR (created_at, id) < ($2::timestamptz, $3::uuid))
       ORDER BY created_at DESC, id DESC LIMIT $4`,
      [reader.subject, before?.createdAt ?? null, before?.id ?? null, limit, reader.pemdaCode],
    );
  }

  async unreadCount(reader: InboxReader): Promise<number> {
    const [{ count }] = await this.dataSource.query(
      `SELECT count(*)::int AS count FROM ${sqlTable(this.dataSource, 'delivery')}
       WHERE channel = 'in_app' AND recipient_key = $1 AND read_at IS NULL AND ${OF_READERS_PEMDA('$2')}`,
      [reader.subject, reader.pemdaCode],
    );
    return count;
  }

  /** Marks one (or, without `id`, every) unread in-app notification of the reader read; returns how many. */
  async markRead(reader: InboxReader, now: Date, id?: string): Promise<number> {
    const [, affected] = await this.dataSource.query(
      `UPDATE ${sqlTable(this.dataSource, 'delivery')} SET read_at = $2
       WHERE channel = 'in_app' AND recipient_key = $1 AND read_at IS NULL AND ($3::uuid IS NULL OR id = $3)
         AND ${OF_READERS_PEMDA('$4')}`,
      [reader.subject, now, id ?? null, reader.pemdaCode],
    );
    return affected as number;
  }

  /**
   * Takes the deliveries that are due for one round of sending, leased until `leaseUntil`: their
   * next attempt moves to the lease's end in this one statement, so no replica takes them again
   * while they are sent, and no transaction stays open across SMTP or a webhook (#198). A replica
   * that dies mid-round leaves them due again when the lease ends; SKIP LOCKED lets replicas that
   * claim at the same moment share the work.
   */
  claimDue(now: Date, limit: number, leaseUntil: Date): Promise<Delivery[]> {
    return this.dataSource.query(
      `UPDATE ${sqlTable(this.dataSource, 'delivery')} SET next_attempt_at = $3
       WHERE id IN (SELECT d.id FROM ${sqlTable(this.dataSource, 'delivery')} d
                    WHERE d.status = 'pending' AND d.next_attempt_at <= $1
                      AND NOT EXISTS (SELECT 1 FROM ${sqlTable(this.dataSource, 'webhook_subscription')} s
                                      WHERE d.channel = 'webhook' AND s.id::text = d.recipient_key AND NOT s.enabled)
                    ORDER BY d.next_attempt_at LIMIT $2 FOR UPDATE SKIP LOCKED)
       RETURNING ${COLUMNS}`,
      [now, limit, leaseUntil],
    ).then(([rows]: [Delivery[], number]) => rows);
  }

  /** Gives back a round's lease on what it could not send (due `now`), unless something else took them since. */
  async releaseLease(deliveries: readonly Delivery[], leaseUntil: Date, now: Date): Promise<void> {
    await this.dataSource.query(
      `UPDATE ${sqlTable(this.dataSource, 'delivery')} SET next_attempt_at = $3
        WHERE id = ANY($1::uuid[]) AND status = 'pending' AND next_attempt_at = $2`,
      [deliveries.map((delivery) => delivery.id), leaseUntil, now],
    );
  }

  /**
   * For each e-mail delivery of a round, its recipient as filed now: a backlog held by an SMTP
   * outage must not reach someone deactivated, moved to another Pemda or unsubscribed meanwhile,
   * nor an address corrected since (docs/decisions.md #149).
   */
  async emailRecipientsNow(tx: EntityManager | DataSource, deliveries: readonly Delivery[]): Promise<Map<string, EmailRecipientNow>> {
    const ids = deliveries.filter((delivery) => delivery.channel === 'email').map((delivery) => delivery.id);
    if (ids.length === 0) return new Map();
    const rows: (EmailRecipientNow & { id: string })[] = await tx.query(
      `SELECT d.id, coalesce(r.active, false) AS active, r.email, r.role, r.pemda_code AS "pemdaCode",
              COALESCE((SELECT moved.wilayah FROM ${sqlTable(tx, 'verifier_wilayah')} moved WHERE moved.subject = r.user_id), r.wilayah) AS wilayah,
              EXISTS (SELECT 1 FROM ${sqlTable(tx, 'preference')} p
                      WHERE p.user_id = r.user_id AND p.kind = d.kind AND p.channel = 'email' AND NOT p.enabled) AS unsubscribed
       FROM ${sqlTable(tx, 'delivery')} d LEFT JOIN ${sqlTable(tx, 'recipient')} r ON r.user_id = d.payload->>'userId'
       WHERE d.id = ANY($1::uuid[])`,
      [ids],
    );
    return new Map(rows.map(({ id, ...recipient }) => [id, recipient]));
  }

  /**
   * Logs an attempt and, when the delivery is still under the lease this round took
   * (`delivery.nextAttemptAt`), moves it on: sent, failed or its next retry. A delivery re-sent by
   * hand meanwhile, or taken by another replica after the lease ran out, keeps what was decided
   * for it then; the attempt is logged all the same, numbered after whatever is logged already,
   * and `attempts` is always the count logged.
   */
  async recordAttempt(tx: EntityManager, delivery: Delivery, attempt: DeliveryAttempt, next: { status: Delivery['status']; nextAttemptAt: Date | null }): Promise<void> {
    // Two rounds that sent the same delivery (a re-send by hand meanwhile) record one after the
    // other, so the second numbers its attempt after the first's.
    await tx.query(`SELECT 1 FROM ${sqlTable(tx, 'delivery')} WHERE id = $1 FOR UPDATE`, [delivery.id]);
    await tx.query(
      `INSERT INTO ${sqlTable(tx, 'delivery_attempt')} (delivery_id, attempt, attempted_at, duration_ms, succeeded, status_code, error)
       SELECT $1, greatest($2, coalesce(max(attempt), 0) + 1), $3, $4, $5, $6, $7 FROM ${sqlTable(tx, 'delivery_attempt')} WHERE delivery_id = $1`,
      [delivery.id, attempt.attempt, attempt.attemptedAt, attempt.durationMs, attempt.succeeded, attempt.statusCode, attempt.error],
    );
    // Every column reads the row as it was, so `leased` is the same test in each.
    const leased = `status = 'pending' AND next_attempt_at = $6`;
    await tx.query(
      `UPDATE ${sqlTable(tx, 'delivery')}
          SET attempts = (SELECT max(attempt) FROM ${sqlTable(tx, 'delivery_attempt')} WHERE delivery_id = $1),
              status = CASE WHEN ${leased} THEN $2 ELSE status END,
              next_attempt_at = CASE WHEN ${leased} THEN $3 ELSE next_attempt_at END,
              last_error = CASE WHEN ${leased} THEN $4 ELSE last_error END,
              sent_at = CASE WHEN ${leased} AND $2 = 'sent' THEN $5::timestamptz ELSE sent_at END
        WHERE id = $1`,
      [delivery.id, next.status, next.nextAttemptAt, attempt.error, attempt.attemptedAt, delivery.nextAttemptAt],
    );
  }

  attempts(deliveryId: string): Promise<DeliveryAttempt[]> {
    return this.dataSource.query(
      `SELECT attempt, attempted_at AS "attemptedAt", duration_ms AS "durationMs", succeeded, status_code AS "statusCode", error
       FROM ${sqlTable(this.dataSource, 'delivery_attempt')} WHERE delivery_id = $1 ORDER BY attempt`,
      [deliveryId],
    );
  }

  /** Deliveries over one channel to one recipient key (a webhook subscription's log), newest first. */
  forRecipient(channel: Channel, recipientKey: string, limit: number): Promise<Delivery[]> {
    return this.dataSource.query(
      `SELECT ${COLUMNS} FROM ${sqlTable(this.dataSource, 'delivery')}
       WHERE channel = $1 AND recipient_key = $2 ORDER BY created_at DESC, id DESC LIMIT $3`,
      [channel, recipientKey, limit],
    );
  }

  /** Puts a delivery back in the queue, due now, whatever became of it (a manual re-send). */
  async requeue(id: string, now: Date, tx: EntityManager | DataSource = this.dataSource): Promise<boolean> {
    const [, affected] = await tx.query(
      `UPDATE ${sqlTable(tx, 'delivery')} SET status = 'pending', next_attempt_at = $2
       WHERE id = $1 AND channel <> 'in_app'`,
      [id, now],
    );
    if ((affected as number) > 0) await tx.query('SELECT pg_notify($1, $2)', [DELIVERY_CHANNEL, '']);
    return (affected as number) > 0;
  }

  /** The earliest time a pending delivery is due after `moment`, if any (the dispatcher's sleep). */
  async nextDueAfter(moment: Date): Promise<Date | null> {
    const [row]: { next: Date | null }[] = await this.dataSource.query(
      `SELECT min(next_attempt_at) AS next FROM ${sqlTable(this.dataSource, 'delivery')}
       WHERE status = 'pending' AND next_attempt_at > $1`,
      [moment],
    );
    return row?.next ?? null;
  }
}
