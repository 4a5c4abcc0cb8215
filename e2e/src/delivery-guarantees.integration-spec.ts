import {
  createEvent,
  deadLetterTopicOf,
  EVENT_RETENTION_MS,
  EvidenceSubmitted,
  eventSourceOf,
  Topics,
  type EvidenceSubmittedV1,
} from '@mcp/contracts';
import { runMigrations, withDataSource, type DatabaseSettings } from '@mcp/service-runtime';
import { dropSchemas, testDatabaseUrl, testKafkaClient, waitFor } from '@mcp/testing';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  DeadLetterPublisher,
  decodeEvent,
  encodeEvent,
  ensureTopics,
  EventInbox,
  messagingTablesMigration,
  OutboxRelay,
  OutboxWriter,
  PermanentEventError,
  pruneMessagingTables,
  type InboundMessage,
} from '@mcp/messaging';
import { EventTap } from '@mcp/messaging/testing';

/*
 * libs/messaging's delivery guarantees on their own, over the real broker and database (kept here
 * because libs/testing builds on libs/messaging, so the lib cannot import it): what the relay
 * publishes, how the inbox dedupes, and where failures go. Uses its own schema and unique Pemda
 * codes, so it shares the broker with other suites safely.
 */
const schema = 'messaging_test';
const settings: DatabaseSettings = { url: testDatabaseUrl, schema, entities: [], migrations: [messagingTablesMigration(schema)] };
// As admin: these are the lib's delivery rules, not the broker's ACLs (kafka-access.integration-spec.ts).
const kafka = testKafkaClient('messaging-test');
let dataSource: DataSource;
let deadLetters: DeadLetterPublisher;
let tap: EventTap;
const pemdaCode = `9${Math.floor(Math.random() * 9)}.${String(Math.floor(Math.random() * 99)).padStart(2, '0')}`;

function submitted(overrides: Partial<EvidenceSubmittedV1> = {}): EvidenceSubmittedV1 {
  return {
    evidenceId: randomUUID(),
    pemdaCode,
    provinceCode: pemdaCode.slice(0, 2),
    year: 2024,
    subIndicatorCode: 'PRC.1.1',
    claimedValue: 50,
    sha256: 'c'.repeat(64),
    sizeBytes: 3,
    contentType: 'application/pdf',
    fileName: 'x.pdf',
    submittedBy: 'op',
    submittedAt: new Date().toISOString(),
    ...overrides,
  };
}

function inbound(data: EvidenceSubmittedV1, offset: string, id?: string, source = eventSourceOf(EvidenceSubmitted)): InboundMessage {
  const message = encodeEvent(createEvent(EvidenceSubmitted, data, source, { id }), data.pemdaCode);
  return { topic: Topics.evidenceSubmitted, partition: 0, offset, key: message.key, headers: message.headers, value: message.value };
}

beforeAll(async () => {
  await dropSchemas([schema]);
  await runMigrations(settings);
  await ensureTopics(kafka, [Topics.evidenceSubmitted, deadLetterTopicOf(Topics.evidenceSubmitted)].map((name) => ({ name, compacted: false, retentionMs: EVENT_RETENTION_MS })), 3);
  dataSource = await new DataSource({ type: 'postgres', url: testDatabaseUrl }).initialize();
  deadLetters = new DeadLetterPublisher(kafka, 'messaging-test');
  await deadLetters.start();
  tap = new EventTap(kafka);
  await tap.start([Topics.evidenceSubmitted, deadLetterTopicOf(Topics.evidenceSubmitted)]);
});

afterAll(async () => {
  await tap.stop();
  await deadLetters.stop();
  await dataSource.destroy();
});

describe('transactional outbox', () => {
  it('publishes only committed events, in commit order, and marks them published', async () => {
    const writer = new OutboxWriter(schema, '/mcp/test');
    const first = submitted();
    const second = submitted();
    const rolledBack = submitted();
    await dataSource.transaction((manager) => writer.enqueue(manager, EvidenceSubmitted, first).then(() => undefined));
    await dataSource.transaction((manager) => writer.enqueue(manager, EvidenceSubmitted, second).then(() => undefined));
    await expect(
      dataSource.transaction(async (manager) => {
        await writer.enqueue(manager, EvidenceSubmitted, rolledBack);
        throw new Error('state change failed');
      }),
    ).rejects.toThrow('state change failed');

    const relay = new OutboxRelay(dataSource, kafka, { schema, batchSize: 100, idlePollMs: 20 });
    await relay.start();
    try {
      const seen = await waitFor('both committed events on Kafka', () => {
        const ids = tap.of<EvidenceSubmittedV1>(EvidenceSubmitted.type).map((event) => event.data.evidenceId);
        return ids.includes(first.evidenceId) && ids.includes(second.evidenceId) ? ids : undefined;
      });
      expect(seen.indexOf(first.evidenceId)).toBeLessThan(seen.indexOf(second.evidenceId));
      expect(seen).not.toContain(rolledBack.evidenceId);
      // Marked once sent, shortly after (the mark may wait for the next read, docs/decisions.md #126).
      await waitFor('every committed row marked published', async () => {
        const [{ unpublished }] = await dataSource.query(`SELECT count(*)::int AS unpublished FROM ${schema}.outbox WHERE published_at IS NULL`);
        return unpublished === 0;
      });
    } finally {
      await relay.stop();
    }
  });

  it('refuses to enqueue outside a transaction (the event would outlive a failed change)', async () => {
    const writer = new OutboxWriter(schema, '/mcp/test');
    await expect(writer.enqueue(dataSource.manager, EvidenceSubmitted, submitted())).rejects.toThrow(/inside the transaction/);
  });
});

describe('inbox', () => {
  const inbox = () => new EventInbox(dataSource, deadLetters, { schema, maxAttempts: 3, retryBackoffMs: 10 });

  it('applies an event once, however often it is delivered', async () => {
    const message = inbound(submitted(), '1');
    let applied = 0;
    const handle = async () => {
      applied += 1;
    };
    expect(await inbox().process('test.dedupe', message, EvidenceSubmitted, handle)).toBe('processed');
    expect(await inbox().process('test.dedupe', message, EvidenceSubmitted, handle)).toBe('duplicate');
    expect(applied).toBe(1);
  });

  it('rolls back a failed attempt with its inbox row, and retries it', async () => {
    let attempts = 0;
    const outcome = await inbox().process('test.retry', inbound(submitted(), '2'), EvidenceSubmitted, async () => {
      attempts += 1;
      if (attempts < 3) throw new Error('database hiccup');
    });
    expect(outcome).toBe('processed');
    expect(attempts).toBe(3);
  });

  it('dead-letters an event that keeps failing, with the reason, and one that cannot succeed at once', async () => {
    const failing = submitted();
    const permanent = submitted();
    let permanentAttempts = 0;
    expect(
      await inbox().process('test.dlq', inbound(failing, '3'), EvidenceSubmitted, async () => {
        throw new Error('still broken');
      }),
    ).toBe('dead-lettered');
    expect(
      await inbox().process('test.dlq', inbound(permanent, '4'), EvidenceSubmitted, async () => {
        permanentAttempts += 1;
        throw new PermanentEventError('Pemda tidak dikenal');
      }),
    ).toBe('dead-lettered');
    expect(permanentAttempts).toBe(1);
    const parked = await waitFor('both events on the dead-letter topic', () => {
      const ids = tap.events
        .filter((event) => event.topic === deadLetterTopicOf(Topics.evidenceSubmitted))
        .map((event) => (event.data as EvidenceSubmittedV1).evidenceId);
      return ids.includes(failing.evidenceId) && ids.includes(permanent.evidenceId) ? ids : undefined;
    });
    // Each of the two once. This file does not empty the topic, so on a broker kept from earlier
    // runs it also holds other files' dead letters (some repeated, the same event refused by more
    // than one consumer or re-sent: dead-lettering is at-least-once): only ours are counted.
    const ours = parked.filter((id) => id === failing.evidenceId || id === permanent.evidenceId);
    expect(ours.sort()).toEqual([failing.evidenceId, permanent.evidenceId].sort());
  });

  it('dead-letters an event whose data breaks its schema, without calling the handler', async () => {
    const message = inbound(submitted(), '5');
    const broken = { ...message, value: Buffer.from(JSON.stringify({ pemdaCode: 'nonsense' })) };
    const handler = jest.fn();
    expect(await inbox().process('test.schema', broken, EvidenceSubmitted, handler)).toBe('dead-lettered');
    expect(handler).not.toHaveBeenCalled();
  });

  // A v1 topic may gain optional properties, and a producer may be deployed before its consumers
  // (docs/decisions.md #17, #208): the older consumer applies the event as it knows it.
  it('applies an event carrying a property this build does not know, handing the handler the event without it', async () => {
    const data = submitted();
    const message = inbound(data, '7');
    const newer = { ...message, value: Buffer.from(JSON.stringify({ ...data, uploadChannel: 'tus' })) };
    const handled: unknown[] = [];
    expect(
      await inbox().process('test.tolerant', newer, EvidenceSubmitted, async (event) => {
        handled.push(event.data);
      }),
    ).toBe('processed');
    expect(handled).toEqual([data]);
  });

  it('dead-letters an event whose source is not the topic\'s owner, without calling the handler', async () => {
    const handler = jest.fn();
    expect(await inbox().process('test.source', inbound(submitted(), '6', undefined, '/mcp/verification'), EvidenceSubmitted, handler)).toBe('dead-lettered');
    expect(handler).not.toHaveBeenCalled();
  });
});

it('keeps withDataSource usable for CLI work', async () => {
  expect(await withDataSource(settings, async (source) => (await source.query('SELECT 1 AS one'))[0].one)).toBe(1);
});

describe('pruning', () => {
  const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000);
  const retention = { schema, outboxRetentionHours: 24, inboxRetentionHours: 72, batchSize: 2 };

  async function outboxRow(publishedAt: Date | null, createdAt: Date): Promise<string> {
    const eventId = randomUUID();
    await dataSource.query(
      `INSERT INTO ${schema}.outbox (event_id, topic, message_key, event, created_at, published_at)
       VALUES ($1, 'mcp.test', 'k', '{}', $2, $3)`,
      [eventId, createdAt, publishedAt],
    );
    return eventId;
  }

  async function remaining(table: 'outbox' | 'inbox', ids: string[]): Promise<string[]> {
    const rows: { event_id: string }[] = await dataSource.query(
      `SELECT event_id FROM ${schema}.${table} WHERE event_id = ANY($1::uuid[])`,
      [ids],
    );
    return rows.map((row) => row.event_id).sort();
  }

  it('removes published outbox rows past retention, never an unpublished one, in batches', async () => {
    const oldPublished = await Promise.all([1, 2, 3].map(() => outboxRow(hoursAgo(30), hoursAgo(31))));
    const recentPublished = await outboxRow(hoursAgo(2), hoursAgo(2));
    const oldUnpublished = await outboxRow(null, hoursAgo(500));

    const result = await pruneMessagingTables(dataSource, retention);

    expect(result.outboxRows).toBeGreaterThanOrEqual(3);
    expect(await remaining('outbox', [...oldPublished, recentPublished, oldUnpublished])).toEqual(
      [recentPublished, oldUnpublished].sort(),
    );
  });

  it('removes inbox rows past retention, and still recognises a redelivery inside the window', async () => {
    const recent = inbound(submitted(), '40');
    const expired = inbound(submitted(), '41');
    let applied = 0;
    const handle = async () => {
      applied += 1;
    };
    const inbox = new EventInbox(dataSource, deadLetters, { schema, maxAttempts: 1, retryBackoffMs: 0 });
    expect(await inbox.process('test.prune', recent, EvidenceSubmitted, handle)).toBe('processed');
    expect(await inbox.process('test.prune', expired, EvidenceSubmitted, handle)).toBe('processed');
    const [recentId, expiredId] = [recent, expired].map((message) => decodeEvent(message.headers, message.value, message.key).id);
    await dataSource.query(`UPDATE ${schema}.inbox SET processed_at = $2 WHERE event_id = $1`, [recentId, hoursAgo(70)]);
    await dataSource.query(`UPDATE ${schema}.inbox SET processed_at = $2 WHERE event_id = $1`, [expiredId, hoursAgo(80)]);

    const result = await pruneMessagingTables(dataSource, retention);

    expect(result.inboxRows).toBeGreaterThanOrEqual(1);
    expect(await remaining('inbox', [recentId, expiredId])).toEqual([recentId]);
    expect(await inbox.process('test.prune', recent, EvidenceSubmitted, handle)).toBe('duplicate');
    expect(applied).toBe(2);
  });
});
