import { createEvent, EvidenceSubmitted, exampleEvidenceSubmitted, type EvidenceSubmittedV1 } from '@mcp/contracts';
import { messagingTablesMigration, outboxChannelOf, OutboxRelay, OutboxWriter, type OutboxRelayOptions } from '@mcp/messaging';
import type { EventTap } from '@mcp/messaging/testing';
import { runMigrations, withDataSource, type DatabaseSettings } from '@mcp/service-runtime';
import { dropSchemas, queryTestDatabase, resetTopics, startEventTap, testDatabaseUrl, testKafkaClient, waitFor } from '@mcp/testing';
import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';

// The relay against the real broker and database: it wakes on commit instead of polling, one
// replica publishes at a time without holding a transaction, and a stop never waits on Kafka.
const schema = 'relay_test';
const settings: DatabaseSettings = { url: testDatabaseUrl, schema, entities: [], migrations: [messagingTablesMigration(schema)] };
const writer = new OutboxWriter(schema, '/mcp/relay-test');
let tap: EventTap;

beforeAll(async () => {
  await resetTopics();
  await dropSchemas([schema]);
  await runMigrations(settings);
  tap = await startEventTap([EvidenceSubmitted.topic]);
});

afterAll(async () => {
  await tap?.stop();
});

function relayOf(dataSource: DataSource, options: Partial<OutboxRelayOptions> = {}, kafka: Kafka = testKafkaClient('relay-test')) {
  return new OutboxRelay(dataSource, kafka, { schema, batchSize: 100, idlePollMs: 60_000, ...options });
}

async function enqueue(dataSource: DataSource, count = 1): Promise<string[]> {
  return dataSource.transaction(async (manager) => {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      ids.push((await writer.enqueue(manager, EvidenceSubmitted, exampleEvidenceSubmitted({ evidenceId: randomUUID() }))).id);
    }
    return ids;
  });
}

const published = (ids: string[]) => tap.of<EvidenceSubmittedV1>(EvidenceSubmitted.type).filter((event) => ids.includes(event.id));

/** Counts the statements the relays send (on their own connections) whose text matches, at the driver. */
function countStatements(matches: (text: string) => boolean): { count: () => number; restore: () => void } {
  const query = Client.prototype.query as (...args: unknown[]) => unknown;
  let counted = 0;
  const spy = jest.spyOn(Client.prototype, 'query').mockImplementation(function (this: Client, ...args: unknown[]) {
    if (typeof args[0] === 'string' && matches(args[0])) counted += 1;
    return query.apply(this, args);
  } as never);
  return { count: () => counted, restore: () => spy.mockRestore() };
}

const countRelayReads = () => countStatements((text) => text.trimStart().startsWith('SELECT seq'));

/** Waits until the events are on Kafka and no row is left unmarked. */
async function relayed(ids: string[]): Promise<void> {
  await waitFor('the events on Kafka', () => published(ids).length === ids.length, { timeoutMs: 10_000 });
  await waitFor(
    'the rows marked published',
    async () => (await queryTestDatabase(`SELECT 1 FROM ${schema}.outbox WHERE published_at IS NULL`)).length === 0,
    { timeoutMs: 5_000 },
  );
}

it('wakes on commit: an idle relay that would next look in a minute publishes at once', async () => {
  await withDataSource(settings, async (dataSource) => {
    const relay = relayOf(dataSource);
    await relay.start();
    try {
      // Let it find the outbox empty and settle into its (minute-long) wait.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      await relayed(await enqueue(dataSource, 3));
    } finally {
      await relay.stop();
    }
  });
});

it('lingers after a batch: the first event goes at once, those committed during the wait go out together (docs/decisions.md #108)', async () => {
  await withDataSource(settings, async (dataSource) => {
    const relay = relayOf(dataSource, { lingerMs: 2_000 });
    await relay.start();
    const markedAt = async (ids: string[]) =>
      queryTestDatabase<{ published_at: Date | null }>(`SELECT published_at FROM ${schema}.outbox WHERE event_id = ANY($1::uuid[])`, [ids]);
    try {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const first = await enqueue(dataSource, 1);
      await waitFor('the first event on Kafka', () => published(first).length === 1, { timeoutMs: 1_500 });
      // Three commits, three notices, while the relay waits after the first batch.
      const later = [...(await enqueue(dataSource, 1)), ...(await enqueue(dataSource, 1)), ...(await enqueue(dataSource, 1))];
      await waitFor('the later events on Kafka', () => published(later).length === 3, { timeoutMs: 10_000 });
      await waitFor('the later rows marked', async () => (await markedAt(later)).every((row) => row.published_at != null), { timeoutMs: 5_000 });
      const marks = new Set((await markedAt(later)).map((row) => (row.published_at as Date).getTime()));
      // One mark statement (one transaction time) for all three: one batch.
      expect(marks.size).toBe(1);
    } finally {
      await relay.stop();
    }
  });
});

it('marks a sent batch in the statement that reads the next; the last batch of a flow alone, once nothing follows (docs/decisions.md #126)', async () => {
  await withDataSource(settings, async (dataSource) => {
    const relay = relayOf(dataSource, { markDelayMs: 1_000 });
    const readsMarking = countStatements((text) => text.trimStart().startsWith('WITH marked'));
    await relay.start();
    try {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      // Ten commits, each once the one before is on Kafka: ten batches of one, as a steady flow sends them.
      const ids: string[] = [];
      for (let i = 0; i < 10; i++) {
        const [id] = await enqueue(dataSource, 1);
        ids.push(id);
        await waitFor('the event on Kafka', () => published([id]).length === 1, { timeoutMs: 10_000 });
      }
      const [{ unmarked }] = await queryTestDatabase<{ unmarked: number }>(
        `SELECT count(*)::int AS unmarked FROM ${schema}.outbox WHERE event_id = ANY($1::uuid[]) AND published_at IS NULL`,
        [ids],
      );
      // The last one's mark waits for a read that does not come, then goes alone.
      expect(unmarked).toBe(1);
      await relayed(ids);
      expect(readsMarking.count()).toBe(9);
    } finally {
      await relay.stop();
      readsMarking.restore();
    }
  });
});

it('leaves no sent row unmarked when it stops', async () => {
  await withDataSource(settings, async (dataSource) => {
    const relay = relayOf(dataSource, { markDelayMs: 60_000 });
    await relay.start();
    const ids = await enqueue(dataSource, 2);
    await waitFor('the events on Kafka', () => published(ids).length === 2, { timeoutMs: 10_000 });
    await relay.stop();
    const rows = await queryTestDatabase(`SELECT 1 FROM ${schema}.outbox WHERE event_id = ANY($1::uuid[]) AND published_at IS NULL`, [ids]);
    expect(rows).toHaveLength(0);
  });
});

it('does not read again for a notice naming a row it has read; a notice without a seq still wakes it', async () => {
  await withDataSource(settings, async (dataSource) => {
    const relay = relayOf(dataSource);
    const reads = countRelayReads();
    await relay.start();
    try {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const ids = await enqueue(dataSource, 1);
      await relayed(ids);
      await new Promise((resolve) => setTimeout(resolve, 300));
      const settled = reads.count();
      // The same notice the commit sent: it names the row, which the relay has read.
      await queryTestDatabase(`SELECT pg_notify($1, seq::text) FROM ${schema}.outbox WHERE event_id = $2`, [outboxChannelOf(schema), ids[0]]);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(reads.count()).toBe(settled);
      await queryTestDatabase(`SELECT pg_notify($1, '')`, [outboxChannelOf(schema)]);
      await waitFor('a read after a notice without a seq', () => reads.count() === settled + 1, { timeoutMs: 5_000 });
    } finally {
      await relay.stop();
      reads.restore();
    }
  });
});

it('publishes through one replica at a time, holding no transaction, and another takes over when it stops', async () => {
  await withDataSource(settings, async (dataSource) => {
    const first = relayOf(dataSource, { idlePollMs: 300 });
    const second = relayOf(dataSource, { idlePollMs: 300 });
    await first.start();
    await second.start();
    let secondStopped = false;
    try {
      const before = await enqueue(dataSource, 20);
      await waitFor('the first batch on Kafka', () => published(before).length === 20, { timeoutMs: 10_000 });
      expect(new Set(published(before).map((event) => event.id)).size).toBe(20);
      // Publishing leaves no transaction open behind it.
      const open = await queryTestDatabase(
        `SELECT state FROM pg_stat_activity WHERE application_name = $1 AND state LIKE 'idle in transaction%'`,
        [`${schema}-outbox-relay`],
      );
      expect(open).toEqual([]);
      const [{ holders }] = await queryTestDatabase<{ holders: number }>(
        `SELECT count(*)::int AS holders FROM pg_locks l JOIN pg_stat_activity a USING (pid)
         WHERE l.locktype = 'advisory' AND a.application_name = $1`,
        [`${schema}-outbox-relay`],
      );
      expect(holders).toBe(1);

      await first.stop();
      const after = await enqueue(dataSource, 5);
      await waitFor('the second replica to take over', () => published(after).length === 5, { timeoutMs: 10_000 });
      await second.stop();
      secondStopped = true;
    } finally {
      await first.stop().catch(() => undefined);
      if (!secondStopped) await second.stop();
    }
  });
});

it('wakes at a nudge while idle, and leaves a nudge that comes while it is busy to the commit\'s notice', async () => {
  await withDataSource(settings, async (dataSource) => {
    const relay = relayOf(dataSource, { lingerMs: 2_000 });
    const reads = countRelayReads();
    await relay.start();
    try {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      // A row written by hand sends no notice: within the relay's minute only the nudge can wake it.
      const event = createEvent(EvidenceSubmitted, exampleEvidenceSubmitted({ evidenceId: randomUUID() }), '/mcp/relay-test');
      await queryTestDatabase(`INSERT INTO ${schema}.outbox (event_id, topic, message_key, event) VALUES ($1, $2, $3, $4)`, [
        event.id,
        EvidenceSubmitted.topic,
        EvidenceSubmitted.keyOf(event.data),
        JSON.stringify(event),
      ]);
      const idle = reads.count();
      relay.nudge();
      await waitFor('the event on Kafka', () => published([event.id]).length === 1, { timeoutMs: 10_000 });
      expect(reads.count()).toBe(idle + 1);
      // Lingering after that batch, it is busy: a nudge for no new commit must not cost a read.
      relay.nudge();
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      expect(reads.count()).toBe(idle + 1);
      await relayed([event.id]);
    } finally {
      await relay.stop();
      reads.restore();
    }
  });
});

it('keeps a standby quiet while the publisher lives: it tries the lock on its timer, not on every commit (docs/decisions.md #124)', async () => {
  await withDataSource(settings, async (dataSource) => {
    const lockTries = countStatements((text) => text.includes('pg_try_advisory_lock'));
    const publisher = relayOf(dataSource);
    const standby = relayOf(dataSource, { standbyPollMs: 60_000 });
    try {
      await publisher.start();
      await new Promise((resolve) => setTimeout(resolve, 500));
      await standby.start();
      await new Promise((resolve) => setTimeout(resolve, 500));
      // Ten commits, ten notices: the publisher sends them; the standby does not ask for the lock again.
      const ids: string[] = [];
      for (let i = 0; i < 10; i++) ids.push(...(await enqueue(dataSource, 1)));
      await relayed(ids);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(lockTries.count()).toBe(2);
    } finally {
      await publisher.stop();
      await standby.stop();
      lockTries.restore();
    }
  });
});

/** Collects the notices on the outbox's channel, as a relay of another process would receive them. */
async function listenToOutbox(): Promise<{ notices: string[]; stop: () => Promise<void> }> {
  const listener = new Client({ connectionString: testDatabaseUrl });
  const notices: string[] = [];
  listener.on('notification', (notice) => notices.push(notice.payload ?? ''));
  await listener.connect();
  await listener.query(`LISTEN "${outboxChannelOf(schema)}"`);
  return { notices, stop: () => listener.end() };
}

it('sends no NOTIFY for a commit of the publisher\'s own process and still publishes it at once, once it commits (docs/decisions.md #130)', async () => {
  await withDataSource(settings, async (dataSource) => {
    const relay = relayOf(dataSource);
    const localWriter = new OutboxWriter(schema, '/mcp/relay-test', undefined, { relay, dataSource });
    const listener = await listenToOutbox();
    await relay.start();
    try {
      await waitFor('the relay to publish', () => relay.publishesHere(), { timeoutMs: 5_000 });
      // Let it find the outbox empty and settle into its (minute-long) wait.
      await new Promise((resolve) => setTimeout(resolve, 500));
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) {
        const [id] = await dataSource.transaction(async (manager) => {
          const event = await localWriter.enqueue(manager, EvidenceSubmitted, exampleEvidenceSubmitted({ evidenceId: randomUUID() }));
          // Not before the commit: the relay could not read the row yet.
          await new Promise((resolve) => setTimeout(resolve, 200));
          expect(published([event.id])).toEqual([]);
          return [event.id];
        });
        ids.push(id);
        await waitFor('the event on Kafka', () => published([id]).length === 1, { timeoutMs: 3_000 });
      }
      // A rolled-back write wakes nothing and sends nothing.
      await expect(
        dataSource.transaction(async (manager) => {
          await localWriter.enqueue(manager, EvidenceSubmitted, exampleEvidenceSubmitted({ evidenceId: randomUUID() }));
          throw new Error('the state change failed');
        }),
      ).rejects.toThrow('the state change failed');
      await relayed(ids);
      expect(listener.notices).toEqual([]);
    } finally {
      await relay.stop();
      await listener.stop();
    }
  });
});

it('notifies when its process does not publish: a standby replica\'s commit wakes the publisher in another', async () => {
  await withDataSource(settings, async (publisherSide) => {
    await withDataSource(settings, async (standbySide) => {
      const publisher = relayOf(publisherSide);
      const standby = relayOf(standbySide, { standbyPollMs: 60_000 });
      const standbyWriter = new OutboxWriter(schema, '/mcp/relay-test', undefined, { relay: standby, dataSource: standbySide });
      const listener = await listenToOutbox();
      try {
        await publisher.start();
        await waitFor('the first relay to publish', () => publisher.publishesHere(), { timeoutMs: 5_000 });
        await standby.start();
        await new Promise((resolve) => setTimeout(resolve, 500));
        expect(standby.publishesHere()).toBe(false);
        const [id] = await standbySide.transaction(async (manager) => [
          (await standbyWriter.enqueue(manager, EvidenceSubmitted, exampleEvidenceSubmitted({ evidenceId: randomUUID() }))).id,
        ]);
        await relayed([id]);
        expect(listener.notices).toHaveLength(1);
      } finally {
        await publisher.stop();
        await standby.stop();
        await listener.stop();
      }
    });
  });
});

it('stops within its grace period while Kafka never answers, leaving the batch to be sent again', async () => {
  await withDataSource(settings, async (dataSource) => {
    let sendStarted = false;
    const silentKafka = {
      producer: () => ({
        connect: async () => undefined,
        disconnect: async () => undefined,
        sendBatch: () => {
          sendStarted = true;
          return new Promise(() => undefined);
        },
      }),
    } as unknown as Kafka;
    // Without the grace period the stop would wait out the ten-minute send timeout (and the test's own).
    const relay = relayOf(dataSource, { stopGraceMs: 300, sendTimeoutMs: 600_000 }, silentKafka);
    await relay.start();
    const [id] = await enqueue(dataSource);
    await waitFor('the relay to hand the batch to Kafka', () => sendStarted, { timeoutMs: 10_000 });
    await relay.stop();
    const rows = await queryTestDatabase<{ published: boolean }>(
      `SELECT published_at IS NOT NULL AS published FROM ${schema}.outbox WHERE event_id = $1`,
      [id],
    );
    expect(rows).toEqual([{ published: false }]);
  });
});
