import {
  createEvent,
  deadLetterTopicOf,
  eventSourceOf,
  DEAD_LETTER_RETENTION_MS,
  EvidenceSubmitted,
  Topics,
  type EvidenceSubmittedV1,
  type McpEvent,
} from '@mcp/contracts';
import {
  DeadLetterPublisher,
  describeTopicConfigs,
  encodeEvent,
  ensureTopics,
  EventInbox,
  messagingTablesMigration,
  PermanentEventError,
  type InboundMessage,
} from '@mcp/messaging';
import { DeadLetters, EventTap } from '@mcp/messaging/testing';
import { runMigrations, type DatabaseSettings } from '@mcp/service-runtime';
import { dropSchemas, testDatabaseUrl, testKafkaClient, waitFor } from '@mcp/testing';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';

/*
 * Dead letters are kept until handled and can be replayed (docs/decisions.md #61), over the real
 * broker and database: the `.dlq` topic keeps its records for good, `DeadLetters` (the
 * `npm run dead-letters` CLI) lists them with their reasons, replays one to its original topic with
 * the same CloudEvent id, and a consumer that had applied it finds the id in its inbox.
 */
const schema = 'dead_letters_test';
const settings: DatabaseSettings = { url: testDatabaseUrl, schema, entities: [], migrations: [messagingTablesMigration(schema)] };
const kafka = testKafkaClient('dead-letters-test');
const dlq = deadLetterTopicOf(Topics.evidenceSubmitted);
let dataSource: DataSource;
let publisher: DeadLetterPublisher;
let tap: EventTap;
const pemdaCode = `8${Math.floor(Math.random() * 9)}.${String(Math.floor(Math.random() * 99)).padStart(2, '0')}`;

function submitted(): McpEvent<EvidenceSubmittedV1> {
  return createEvent(
    EvidenceSubmitted,
    {
      evidenceId: randomUUID(),
      pemdaCode,
      provinceCode: pemdaCode.slice(0, 2),
      year: 2024,
      subIndicatorCode: 'PRC.1.1',
      claimedValue: 50,
      sha256: 'd'.repeat(64),
      sizeBytes: 3,
      contentType: 'application/pdf',
      fileName: 'x.pdf',
      submittedBy: 'op',
      submittedAt: new Date().toISOString(),
    },
    eventSourceOf(EvidenceSubmitted),
  );
}

function inbound(event: McpEvent<unknown>, offset: string): InboundMessage {
  const message = encodeEvent(event, pemdaCode);
  return { topic: Topics.evidenceSubmitted, partition: 0, offset, key: message.key, headers: message.headers, value: message.value };
}

beforeAll(async () => {
  await dropSchemas([schema]);
  await runMigrations(settings);
  await ensureTopics(
    kafka,
    [
      { name: Topics.evidenceSubmitted, compacted: false, retentionMs: -1 },
      { name: dlq, compacted: false, retentionMs: DEAD_LETTER_RETENTION_MS },
    ],
    3,
  );
  dataSource = await new DataSource({ type: 'postgres', url: testDatabaseUrl }).initialize();
  publisher = new DeadLetterPublisher(kafka, 'dead-letters-test');
  await publisher.start();
  tap = new EventTap(kafka);
  await tap.start([Topics.evidenceSubmitted]);
});

afterAll(async () => {
  await tap.stop();
  await publisher.stop();
  await dataSource.destroy();
});

it('creates dead-letter topics that keep their records until handled (no time limit)', async () => {
  const configs = await describeTopicConfigs(kafka, [dlq], ['retention.ms', 'cleanup.policy']);
  expect(configs.get(dlq)).toEqual({ 'retention.ms': '-1', 'cleanup.policy': 'delete' });
});

it('lists a dead letter with its reason, replays it with the same CloudEvent id, and marks it handled', async () => {
  const inbox = new EventInbox(dataSource, publisher, { schema, maxAttempts: 2, retryBackoffMs: 10 });
  const refused = submitted();
  const alsoRefused = submitted();
  // One consumer applies the event, another refuses it: the refusal is what gets dead-lettered.
  let applied = 0;
  const apply = async () => {
    applied += 1;
  };
  expect(await inbox.process('test.applies', inbound(refused, '1'), EvidenceSubmitted, apply)).toBe('processed');
  const refuse = async () => {
    throw new PermanentEventError('Tahun sudah ditutup (year closed)');
  };
  expect(await inbox.process('test.refuses', inbound(refused, '1'), EvidenceSubmitted, refuse)).toBe('dead-lettered');
  expect(await inbox.process('test.refuses', inbound(alsoRefused, '2'), EvidenceSubmitted, refuse)).toBe('dead-lettered');

  const deadLetters = new DeadLetters(kafka);
  const listed = await waitFor('both dead letters listed', async () => {
    const letters = (await deadLetters.list(dlq)).filter((letter) => [refused.id, alsoRefused.id].includes(letter.eventId ?? ''));
    return letters.length === 2 ? letters : undefined;
  });
  const [letter] = listed.filter((candidate) => candidate.eventId === refused.id);
  expect(letter).toMatchObject({
    originalTopic: Topics.evidenceSubmitted,
    consumer: 'dead-letters-test',
    source: `${Topics.evidenceSubmitted}/0/1`,
    eventType: EvidenceSubmitted.type,
    handled: false,
  });
  expect(letter.reason).toMatch(/test\.refuses refused it \(permanent\): Tahun sudah ditutup/);
  expect((await deadLetters.summaries()).find((summary) => summary.topic === dlq)?.unhandled).toBeGreaterThanOrEqual(2);
  const shown = await deadLetters.show(dlq, letter.partition, letter.offset);
  expect(shown?.headers.ce_id.toString()).toBe(refused.id);

  // A month on, the inboxes would have forgotten the id (#167): the replay is refused and nothing is sent or marked.
  const aMonthOn = new Date(Date.now() + 30 * 24 * 3_600_000);
  await expect(deadLetters.replay(dlq, letter.partition, letter.offset, { now: aMonthOn })).rejects.toThrow(/older than the inboxes remember/);
  expect((await deadLetters.list(dlq)).map((one) => one.eventId)).toContain(refused.id);

  const replayed = await deadLetters.replay(dlq, letter.partition, letter.offset);
  expect(replayed.map((one) => one.eventId)).toContain(refused.id);
  const redelivered = await waitFor('the replayed event on its original topic', () =>
    tap.events.find((event) => event.id === refused.id && event.deliveryHeaders.mcp_replayed_from),
  );
  expect(redelivered.deliveryHeaders.mcp_replayed_from).toBe(`${dlq}/${letter.partition}/${letter.offset}`);
  expect(Object.keys(redelivered.deliveryHeaders).filter((name) => name.startsWith('mcp_dlq_'))).toEqual([]);

  // The same id: the consumer that had applied it skips it, the one that refused it (now fixed) applies it.
  const { topic: _topic, deliveryHeaders: _headers, ...redeliveredEvent } = redelivered;
  expect(redeliveredEvent.id).toBe(refused.id);
  expect(await inbox.process('test.applies', inbound(redeliveredEvent, '9'), EvidenceSubmitted, apply)).toBe('duplicate');
  expect(applied).toBe(1);
  expect(await inbox.process('test.refuses', inbound(redeliveredEvent, '9'), EvidenceSubmitted, apply)).toBe('processed');
  expect(applied).toBe(2);

  // Handled: no longer listed as unhandled, still kept and shown with --all; a second replay is refused.
  expect((await deadLetters.list(dlq)).map((one) => one.eventId)).not.toContain(refused.id);
  expect((await deadLetters.list(dlq, { includeHandled: true })).find((one) => one.eventId === refused.id)?.handled).toBe(true);
  await expect(deadLetters.replay(dlq, letter.partition, letter.offset)).rejects.toThrow(/no unhandled dead letter/);

  // Skipping marks the other one handled without sending it anywhere.
  const [other] = listed.filter((candidate) => candidate.eventId === alsoRefused.id);
  await deadLetters.skip(dlq, other.partition, other.offset);
  expect((await deadLetters.list(dlq)).map((one) => one.eventId)).not.toContain(alsoRefused.id);
  expect(tap.events.filter((event) => event.id === alsoRefused.id)).toEqual([]);
});
