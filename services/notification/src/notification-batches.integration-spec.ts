import 'reflect-metadata';
import { createEvent, eventSourceOf, EvidenceVerified, exampleEvidenceVerified, type EvidenceVerifiedV1 } from '@mcp/contracts';
import { encodeEvent, EventHandlerRegistry, type InboundMessage } from '@mcp/messaging';
import { seedReferenceData } from '@mcp/reference-data';
import { databaseSettingsOf, loadConfig, openServiceContext, runMigrations, withDataSource } from '@mcp/service-runtime';
import { dropSchemas, queryTestDatabase, serviceTestEnv } from '@mcp/testing';
import { randomUUID } from 'node:crypto';
import { notificationService } from './notification.definition';
import { NotificationConfig } from './notification-config';

/*
 * Notification consumes decisions a partition's fetch at a time (docs/decisions.md #95). The records
 * are handed to the service's own handler registry here, as the Kafka transport hands them (one
 * partition's records, in offset order), so the batches are exactly the ones written below. The
 * per-event path is the same registry's `dispatch`: the handler on one event in a transaction of its
 * own, the statements the one-event-per-transaction consumer ran before. Nothing is sent meanwhile
 * (no dispatcher, no reminders), so the deliveries stay as the events wrote them.
 */
const year = 2040 + Math.floor(Math.random() * 60);
const [bandung, cianjur] = [
  { pemdaCode: '32.73', provinceCode: '32' },
  { pemdaCode: '32.03', provinceCode: '32' },
];

let offset = 0;
function decision(
  pemda: typeof bandung,
  subIndicatorCode: string,
  sequence: number,
  outcome: EvidenceVerifiedV1['outcome'],
  id?: string,
): InboundMessage & { id: string } {
  const data = exampleEvidenceVerified({
    ...pemda,
    year,
    subIndicatorCode,
    sequence,
    decisionId: randomUUID(),
    outcome,
    verifiedValue: outcome === 'approved' ? 50 : null,
    reason: outcome === 'approved' ? null : 'Dokumen tidak bertanda tangan',
    decidedBy: 'verifier-batches',
  });
  const event = createEvent(EvidenceVerified, data, eventSourceOf(EvidenceVerified), id ? { id } : {});
  const { headers, value } = encodeEvent(event, pemda.pemdaCode);
  return { id: event.id, topic: EvidenceVerified.topic, partition: 0, offset: String((offset += 1)), key: Buffer.from(pemda.pemdaCode), headers, value };
}

const first = [decision(bandung, 'PRC.1.1', 1, 'approved'), decision(cianjur, 'PRC.1.1', 1, 'rejected')];
const repeated = decision(bandung, 'PRC.1.2', 1, 'approved');
/**
 * The second fetch: a newer and a stale decision of one item, two of another with equal sequences,
 * a first fetch's event again and an event id twice, the second time with other data (a producer's
 * re-send): the repeats must change nothing.
 */
const second = [
  decision(bandung, 'PRC.1.1', 3, 'revision_requested'),
  decision(bandung, 'PRC.1.1', 2, 'approved'),
  repeated,
  decision(bandung, 'PRC.1.2', 1, 'rejected'),
  first[1],
  decision(cianjur, 'PRC.1.3', 5, 'rejected', repeated.id),
];
const fetches = [first, second];
const eventIds = [...new Set(fetches.flat().map((one) => one.id))];

/** Everything the decisions wrote, without the columns a second run fills differently (ids, times). */
async function written(): Promise<Record<string, string[]>> {
  const rows = async (sql: string, parameter: unknown) => (await queryTestDatabase<{ row: string }>(sql, [parameter])).map(({ row }) => row);
  return {
    notification: await rows(
      `SELECT (pemda_code, year, sub_indicator_code, kind, title, body, source_event_id)::text AS row
         FROM "notification"."notification" WHERE year = $1 ORDER BY 1`,
      year,
    ),
    delivery: await rows(
      `SELECT (source_event_id, kind, channel, recipient_key, pemda_code, payload, status, attempts)::text AS row
         FROM "notification"."delivery" WHERE source_event_id = ANY($1::uuid[]) ORDER BY 1`,
      eventIds,
    ),
    decision_in_force: await rows(`SELECT d::text AS row FROM "notification"."decision_in_force" d WHERE year = $1 ORDER BY 1`, year),
  };
}

async function inboxRows(): Promise<number> {
  const [{ count }] = await queryTestDatabase<{ count: string }>(`SELECT count(*) FROM "notification"."inbox" WHERE event_id = ANY($1::uuid[])`, [eventIds]);
  return Number(count);
}

describe('notification consumes decisions in batches', () => {
  let closeContext: () => Promise<void>;
  let registry: EventHandlerRegistry;
  let batched: Record<string, string[]>;

  async function deliverInBatches(): Promise<void> {
    for (const records of fetches) await registry.dispatchBatch(records);
  }

  beforeAll(async () => {
    await dropSchemas(['notification']);
    const env = serviceTestEnv({ DELIVERY_POLL_INTERVAL_MS: '0', REMINDER_INTERVAL_MS: '0', DEAD_LETTER_CHECK_INTERVAL_MS: '0' });
    const settings = databaseSettingsOf(loadConfig(NotificationConfig, env), notificationService);
    await runMigrations(settings);
    await withDataSource(settings, (dataSource) => seedReferenceData(dataSource, 'notification'));
    // Bandung's operator switched approvals off by e-mail, its admin has no address, one colleague is
    // inactive; Cianjur's operator switched rejections off (mandatory: told anyway); a verifier is no
    // Pemda staff. Webhooks: one for every decision, one for the province, one for Cianjur, one off.
    await queryTestDatabase(
      `INSERT INTO "notification"."recipient" (user_id, role, pemda_code, email, locale, active) VALUES
         ('op-bandung', 'pemda-operator', '32.73', 'op@bandung.go.id', 'id', true),
         ('admin-bandung', 'pemda-admin', '32.73', NULL, 'en', true),
         ('gone-bandung', 'pemda-operator', '32.73', 'gone@bandung.go.id', 'id', false),
         ('op-cianjur', 'pemda-operator', '32.03', 'op@cianjur.go.id', 'id', true),
         ('verifier-batches', 'verifier', NULL, 'v@kpk.go.id', 'id', true)`,
    );
    await queryTestDatabase(
      `INSERT INTO "notification"."preference" (user_id, kind, channel, enabled) VALUES
         ('op-bandung', 'decision.approved', 'email', false), ('op-cianjur', 'decision.rejected', 'email', false)`,
    );
    await queryTestDatabase(
      `INSERT INTO "notification"."webhook_subscription" (id, url, event_types, pemda_code, province_code, secrets, enabled) VALUES
         ($1, 'http://127.0.0.1:9/all', ARRAY[$5], NULL, NULL, ARRAY['s'], true),
         ($2, 'http://127.0.0.1:9/province', ARRAY[$5], NULL, '32', ARRAY['s'], true),
         ($3, 'http://127.0.0.1:9/cianjur', ARRAY[$5], '32.03', NULL, ARRAY['s'], true),
         ($4, 'http://127.0.0.1:9/off', ARRAY[$5], NULL, NULL, ARRAY['s'], false)`,
      [randomUUID(), randomUUID(), randomUUID(), randomUUID(), EvidenceVerified.type],
    );
    // The service's providers without its Kafka consumer: the records come from the test.
    const opened = await openServiceContext(notificationService, env);
    const context = opened.context;
    closeContext = opened.close;
    registry = context.get(EventHandlerRegistry);
  });

  afterAll(async () => {
    await closeContext?.();
  });

  it('tells each decision of a fetch to its Pemda staff and webhooks, by the rules of each kind', async () => {
    await deliverInBatches();
    batched = await written();
    expect(batched.notification).toHaveLength(eventIds.length);
    const deliveries = await queryTestDatabase<{ channel: string; recipient: string }>(
      `SELECT d.channel, COALESCE(s.url, d.recipient_key) AS recipient
         FROM "notification"."delivery" d LEFT JOIN "notification"."webhook_subscription" s ON s.id::text = d.recipient_key
        WHERE d.source_event_id = $1 ORDER BY 1, 2`,
      [first[0].id],
    );
    // Bandung's approval: in-app for both staff, no e-mail (opted out; the admin has no address),
    // webhooks for every decision and for the province.
    expect(deliveries.map(({ channel, recipient }) => `${channel} ${recipient}`)).toEqual([
      'in_app admin-bandung',
      'in_app op-bandung',
      'webhook http://127.0.0.1:9/all',
      'webhook http://127.0.0.1:9/province',
    ]);
    const [{ count: cianjurEmails }] = await queryTestDatabase<{ count: string }>(
      `SELECT count(*) FROM "notification"."delivery" WHERE source_event_id = $1 AND channel = 'email'`,
      [first[1].id],
    );
    expect(Number(cianjurEmails)).toBe(1);
    // In force: the highest sequence of an item, the first of equal ones.
    expect(batched.decision_in_force).toEqual([
      expect.stringMatching(new RegExp(`^\\(32\\.03,${year},PRC\\.1\\.1,1,rejected,`)),
      expect.stringMatching(new RegExp(`^\\(32\\.73,${year},PRC\\.1\\.1,3,revision_requested,`)),
      expect.stringMatching(new RegExp(`^\\(32\\.73,${year},PRC\\.1\\.2,1,approved,50`)),
    ]);
    expect(await inboxRows()).toBe(eventIds.length);
  });

  it('changes nothing when the same batches come again', async () => {
    await deliverInBatches();
    expect(await written()).toEqual(batched);
    expect(await inboxRows()).toBe(eventIds.length);
  });

  it('ends in the same rows as applying the same records one event at a time', async () => {
    await queryTestDatabase(`DELETE FROM "notification"."notification" WHERE year = $1`, [year]);
    await queryTestDatabase(`DELETE FROM "notification"."delivery" WHERE source_event_id = ANY($1::uuid[])`, [eventIds]);
    await queryTestDatabase(`DELETE FROM "notification"."decision_in_force" WHERE year = $1`, [year]);
    await queryTestDatabase(`DELETE FROM "notification"."inbox" WHERE event_id = ANY($1::uuid[])`, [eventIds]);
    expect(Object.values(await written()).flat()).toEqual([]);

    for (const records of fetches) {
      for (const one of records) await registry.dispatch(one);
    }
    expect(await written()).toEqual(batched);
  });
});
