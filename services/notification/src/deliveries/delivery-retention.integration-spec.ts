import 'reflect-metadata';
import { createEvent, DeadlineExtended, eventSourceOf, EvidenceVerified, exampleDeadlineExtended, exampleEvidenceVerified } from '@mcp/contracts';
import { encodeEvent, EventHandlerRegistry } from '@mcp/messaging';
import { databaseSettingsOf, loadConfig, openServiceContext, runMigrations, withDataSource } from '@mcp/service-runtime';
import { dropSchemas, queryTestDatabase, serviceTestEnv } from '@mcp/testing';
import { randomUUID } from 'node:crypto';
import { notificationService } from '../notification.definition';
import { NotificationConfig } from '../notification-config';
import { pruneDeliveries } from './delivery-retention';

/*
 * DELIVERY_RETENTION_DAYS (docs/decisions.md #224) on the real schema: finished deliveries older
 * than the retention go with their attempts, whatever their channel; one still being tried stays
 * whatever its age, and so does everything younger. And through the service's own handlers: an
 * event older than the retention (a topic read again from its start) tells nobody, since the
 * deliveries that would have stopped a second notice are gone.
 */
const settings = databaseSettingsOf(loadConfig(NotificationConfig, serviceTestEnv({})), notificationService);
const NOW = new Date('2025-03-01T00:00:00Z');
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000);

async function delivery(name: string, channel: string, status: string, createdAt: Date, attempts = 0, sentAt: Date | null = null): Promise<string> {
  const id = randomUUID();
  await queryTestDatabase(
    `INSERT INTO "notification"."delivery" (id, source_event_id, kind, channel, recipient_key, pemda_code, payload, status, attempts, created_at, sent_at)
     VALUES ($1, $2, 'decision.approved', $3, $4, '32.73', '{}'::jsonb, $5, $6, $7, $8)`,
    [id, randomUUID(), channel, name, status, attempts, createdAt, sentAt],
  );
  for (let attempt = 1; attempt <= attempts; attempt += 1) {
    await queryTestDatabase(
      `INSERT INTO "notification"."delivery_attempt" (delivery_id, attempt, attempted_at, duration_ms, succeeded) VALUES ($1, $2, $3, 5, $4)`,
      [id, attempt, createdAt, status === 'sent' && attempt === attempts],
    );
  }
  return id;
}

beforeAll(async () => {
  await dropSchemas(['notification']);
  await runMigrations(settings);
});

it('prunes finished deliveries past the retention with their attempts, and keeps pending and younger ones', async () => {
  await delivery('old e-mail sent', 'email', 'sent', daysAgo(45), 2);
  await delivery('old webhook failed', 'webhook', 'failed', daysAgo(31), 12);
  await delivery('old in-app notice', 'in_app', 'sent', daysAgo(40));
  const stillTried = await delivery('old e-mail still tried', 'email', 'pending', daysAgo(60), 3);
  const young = await delivery('recent e-mail', 'email', 'sent', daysAgo(29), 1);
  // Given up 45 days ago and re-sent by an admin 10 days ago: aged from that send.
  const resent = await delivery('old e-mail re-sent lately', 'email', 'sent', daysAgo(45), 1, daysAgo(10));

  // Two a statement, so the loop over statements runs too.
  expect(await withDataSource(settings, (dataSource) => pruneDeliveries(dataSource, 30, NOW, 2))).toBe(3);
  const left = await queryTestDatabase<{ id: string; recipient_key: string }>(`SELECT id, recipient_key FROM "notification"."delivery" ORDER BY created_at`);
  expect(left).toEqual([
    { id: stillTried, recipient_key: 'old e-mail still tried' },
    { id: resent, recipient_key: 'old e-mail re-sent lately' },
    { id: young, recipient_key: 'recent e-mail' },
  ]);
  const attempts = await queryTestDatabase<{ delivery_id: string; count: string }>(
    `SELECT delivery_id, count(*) FROM "notification"."delivery_attempt" GROUP BY delivery_id ORDER BY count(*) DESC`,
  );
  expect(attempts).toEqual([
    { delivery_id: stillTried, count: '3' },
    expect.objectContaining({ count: '1' }),
    expect.objectContaining({ count: '1' }),
  ]);
  expect(attempts.map(({ delivery_id }) => delivery_id).sort()).toEqual([stillTried, resent, young].sort());
  expect(await withDataSource(settings, (dataSource) => pruneDeliveries(dataSource, 30, NOW))).toBe(0);
});

it('tells nobody, by any channel, of a decision older than the retention, and everyone of a recent one', async () => {
  await queryTestDatabase(
    `INSERT INTO "notification"."recipient" (user_id, role, pemda_code, email, locale, active)
     VALUES ('op-retention', 'pemda-operator', '32.73', 'op@bandung.go.id', 'id', true)`,
  );
  await queryTestDatabase(
    `INSERT INTO "notification"."webhook_subscription" (id, url, event_types, pemda_code, province_code, secrets, enabled)
     VALUES ($1, 'http://127.0.0.1:9/all', ARRAY[$2], NULL, NULL, ARRAY['s'], true)`,
    [randomUUID(), EvidenceVerified.type],
  );
  const env = serviceTestEnv({ DELIVERY_POLL_INTERVAL_MS: '0', REMINDER_INTERVAL_MS: '0', DEAD_LETTER_CHECK_INTERVAL_MS: '0', DELIVERY_RETENTION_DAYS: '30' });
  const { context, close } = await openServiceContext(notificationService, env);
  try {
    const registry = context.get(EventHandlerRegistry);
    const decidedDaysAgo = async (days: number, offset: number) => {
      const decidedAt = new Date(Date.now() - days * 86_400_000);
      const data = exampleEvidenceVerified({ pemdaCode: '32.73', provinceCode: '32', decisionId: randomUUID(), decidedAt: decidedAt.toISOString(), decidedBy: 'verifier-retention' });
      const event = createEvent(EvidenceVerified, data, eventSourceOf(EvidenceVerified), { time: decidedAt });
      const { headers, value } = encodeEvent(event, '32.73');
      await registry.dispatch({ topic: EvidenceVerified.topic, partition: 0, offset: String(offset), key: Buffer.from('32.73'), headers, value });
      return event.id;
    };
    const old = await decidedDaysAgo(31, 1);
    const recent = await decidedDaysAgo(1, 2);
    // An extension granted 31 days ago speaks of a deadline still ahead: aged by when it was granted.
    const grantedAt = new Date(Date.now() - 31 * 86_400_000);
    const extension = createEvent(
      DeadlineExtended,
      exampleDeadlineExtended({ extensionId: randomUUID(), year: NOW.getUTCFullYear() + 2, grantedAt: grantedAt.toISOString(), until: new Date(Date.now() + 60 * 86_400_000).toISOString() }),
      eventSourceOf(DeadlineExtended),
      { time: grantedAt },
    );
    const encoded = encodeEvent(extension, '32.73');
    await registry.dispatch({ topic: DeadlineExtended.topic, partition: 0, offset: '3', key: Buffer.from('32.73'), headers: encoded.headers, value: encoded.value });
    const channels = (eventId: string) =>
      queryTestDatabase<{ channel: string }>(`SELECT channel FROM "notification"."delivery" WHERE source_event_id = $1 ORDER BY channel`, [eventId]);
    expect(await channels(old)).toEqual([]);
    expect(await channels(extension.id)).toEqual([]);
    expect((await channels(recent)).map(({ channel }) => channel)).toEqual(['email', 'in_app', 'webhook']);
  } finally {
    await close();
  }
});

