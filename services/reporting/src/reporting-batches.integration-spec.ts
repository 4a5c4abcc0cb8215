import 'reflect-metadata';
import {
  AggregateUpdated,
  createEvent,
  DecisionRefused,
  eventSourceOf,
  EvidenceSubmitted,
  EvidenceVerified,
  EvidenceWithdrawn,
  exampleAggregateUpdated,
  exampleDecisionRefused,
  exampleEvidenceSubmitted,
  exampleEvidenceVerified,
  exampleEvidenceWithdrawn,
  exampleScoreUpdated,
  ScoreUpdated,
  type EventContract,
  type McpEvent,
} from '@mcp/contracts';
import { encodeEvent, EventHandlerRegistry, type InboundMessage } from '@mcp/messaging';
import { seedReferenceData } from '@mcp/reference-data';
import { databaseSettingsOf, loadConfig, openServiceContext, runMigrations, withDataSource } from '@mcp/service-runtime';
import { dropSchemas, queryTestDatabase, serviceTestEnv, testKafkaBrokers, testKafkaClient, testKafkaSasl } from '@mcp/testing';
import type { INestApplicationContext } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { EvidenceTrailRepository } from './evidence-trail/evidence-trail.repository';
import { ReadModelRebuild } from './rebuild/read-model-rebuild';
import { reportingService } from './reporting.definition';
import { ReportingConfig } from './reporting-config';

/*
 * Reporting consumes its evidence, score and aggregate topics a partition's fetch at a time
 * (docs/decisions.md #94). The records are handed to the service's own handler registry here, as the
 * Kafka transport hands them (one partition's records, in offset order), so the batches are exactly
 * the ones written below, whatever a broker would have grouped. The per-event path is the same
 * registry's `dispatch`, which runs the handler on one event in a transaction of its own: the
 * statements the one-event-per-transaction consumer ran before.
 */
const year = 2040 + Math.floor(Math.random() * 60);
const at = (hour: number) => `${year}-06-02T${String(hour).padStart(2, '0')}:00:00.000Z`;
const areas = (score: string) => [{ code: 'PRC', scoreSum: score, average: score }];

let offset = 0;
function record<TData>(contract: EventContract<TData>, data: TData, key: string, id?: string): InboundMessage & { id: string } {
  const event: McpEvent<TData> = createEvent(contract, data, eventSourceOf(contract), id ? { id } : {});
  const { headers, value } = encodeEvent(event, key);
  return { id: event.id, topic: contract.topic, partition: 0, offset: String((offset += 1)), key: Buffer.from(key), headers, value };
}

const score = (pemdaCode: string, total: string, hour: number, id?: string) =>
  record(ScoreUpdated, exampleScoreUpdated({ pemdaCode, provinceCode: pemdaCode.slice(0, 2), year, total, computedAt: at(hour) }), pemdaCode, id);
const aggregate = (regionCode: 'national' | '32', sum: string, hour: number, withAreas = true, id?: string) =>
  record(AggregateUpdated, aggregateData(regionCode, sum, hour, withAreas), regionCode, id);
function aggregateData(regionCode: 'national' | '32', sum: string, hour: number, withAreas: boolean) {
  const data = exampleAggregateUpdated({
    regionCode,
    regionKind: regionCode === 'national' ? 'national' : 'province',
    year,
    scoreSum: sum,
    average: sum,
    pemdaCount: regionCode === 'national' ? 546 : 28,
    updatedAt: at(hour),
    areas: areas(sum),
  });
  if (!withAreas) delete data.areas;
  return data;
}
const [firstUpload, secondUpload] = [randomUUID(), randomUUID()];
const upload = (evidenceId: string, claimedValue: number, hour: number, id?: string) =>
  record(EvidenceSubmitted, exampleEvidenceSubmitted({ evidenceId, year, claimedValue, submittedAt: at(hour) }), '32.73', id);
const decision = (sequence: number, verifiedValue: number, id?: string, decisionId = randomUUID()) =>
  record(
    EvidenceVerified,
    exampleEvidenceVerified({ decisionId, year, sequence, verifiedValue, evidenceIds: [firstUpload], decidedAt: at(sequence + 8) }),
    '32.73',
    id,
  );
/** Scoring refused the decision (a closed year, #120); its refusal may come before the decision itself. */
const refusal = (decisionId: string, id?: string) =>
  record(
    DecisionRefused,
    exampleDecisionRefused({ decisionId, year, sequence: 3, reason: `Ditolak oleh penilaian: tahun ${year} sudah ditutup`, refusedAt: at(12) }),
    '32.73',
    id,
  );
const refusedDecisionId = randomUUID();

/** The first fetch of each topic: what the tables hold before the second. */
const first = {
  scores: [score('32.73', '50', 8), score('32.04', '20', 8)],
  aggregates: [aggregate('32', '70', 8), aggregate('national', '70', 8)],
  uploads: [upload(firstUpload, 100, 7)],
  withdrawals: [] as (InboundMessage & { id: string })[],
  decisions: [decision(1, 50)],
  refusals: [refusal(refusedDecisionId)],
};
const repeatedScore = score('32.73', '99', 12);
const repeatedDecision = decision(3, 75, undefined, refusedDecisionId);
const repeatedRefusal = refusal(randomUUID());
/**
 * The second fetch: scores and aggregates out of order, older than the stored row and tied in time,
 * a region row without areas (#17) after one with them, and an event id twice, the second time with
 * other data (a producer's re-send), which must change nothing.
 */
const second = {
  scores: [
    score('32.73', '60', 10),
    score('32.73', '40', 7),
    repeatedScore,
    score('32.73', '61', 10),
    score('32.04', '10', 6),
    score('32.73', '1', 13, repeatedScore.id),
  ],
  aggregates: [
    aggregate('32', '80', 9),
    aggregate('32', '75', 11),
    aggregate('32', '60', 7),
    aggregate('national', '65', 6),
    aggregate('national', '90', 9, false),
    aggregate('national', '95', 10, false),
  ],
  uploads: [upload(secondUpload, 80, 9), upload(firstUpload, 10, 9)],
  withdrawals: [record(EvidenceWithdrawn, exampleEvidenceWithdrawn({ evidenceId: firstUpload, year, withdrawnAt: at(10) }), '32.73')],
  decisions: [decision(2, 60), repeatedDecision, decision(4, 100, repeatedDecision.id)],
  refusals: [repeatedRefusal, refusal(randomUUID(), repeatedRefusal.id)],
};
const fetches = [first, second];
const allRecords = fetches.flatMap((fetch) => Object.values(fetch).flat());

/** Every read-model row the events above touch, as text, table by table. */
async function readModel(): Promise<Record<string, string[]>> {
  const rows = async (table: string, where: string, parameter: unknown) =>
    (await queryTestDatabase<{ row: string }>(`SELECT t::text AS row FROM "reporting"."${table}" t WHERE ${where} ORDER BY 1`, [parameter])).map(
      ({ row }) => row,
    );
  return {
    pemda_report: await rows('pemda_report', 'year = $1', year),
    region_report: await rows('region_report', 'year = $1', year),
    pemda_score_history: await rows('pemda_score_history', 'year = $1', year),
    region_score_history: await rows('region_score_history', 'year = $1', year),
    evidence_upload: await rows('evidence_upload', 'year = $1', year),
    evidence_withdrawal: await rows('evidence_withdrawal', 'evidence_id = ANY($1::uuid[])', [firstUpload, secondUpload]),
    verification_decision: await rows('verification_decision', 'year = $1', year),
    decision_refusal: await rows('decision_refusal', 'reason LIKE $1', `%tahun ${year} %`),
  };
}

async function inboxRows(): Promise<number> {
  const [{ count }] = await queryTestDatabase<{ count: string }>(`SELECT count(*) FROM "reporting"."inbox" WHERE event_id = ANY($1::uuid[])`, [
    allRecords.map((one) => one.id),
  ]);
  return Number(count);
}

describe('reporting consumes evidence, scores and aggregates in batches', () => {
  let context: INestApplicationContext;
  let closeContext: () => Promise<void>;
  let registry: EventHandlerRegistry;
  let batched: Record<string, string[]>;

  /** Each topic's records of every fetch, one batch per topic and fetch, as the transport would. */
  async function deliverInBatches(): Promise<void> {
    for (const fetch of fetches) {
      for (const records of Object.values(fetch)) await registry.dispatchBatch(records);
    }
  }

  beforeAll(async () => {
    await dropSchemas(['reporting']);
    const env = serviceTestEnv({ AUDIT_HEAD_INTERVAL_MS: '0' });
    const settings = databaseSettingsOf(loadConfig(ReportingConfig, env), reportingService);
    await runMigrations(settings);
    await withDataSource(settings, (dataSource) => seedReferenceData(dataSource, 'reporting'));
    // The service's providers without its Kafka consumer: the records come from the test.
    const opened = await openServiceContext(reportingService, env);
    context = opened.context;
    closeContext = opened.close;
    registry = context.get(EventHandlerRegistry);
  });

  afterAll(async () => {
    await closeContext?.();
  });

  it('applies each fetch in one go, by the rules of the read models', async () => {
    await deliverInBatches();
    batched = await readModel();
    // Per Pemda the newest score, the later of two equal times; history keeps every event once.
    expect(batched.pemda_report).toEqual([expect.stringContaining('(32.04,'), expect.stringContaining('(32.73,')]);
    expect(batched.pemda_report[0]).toContain(',20,');
    expect(batched.pemda_report[1]).toContain(',99,');
    expect(batched.pemda_score_history).toHaveLength(first.scores.length + second.scores.length - 1);
    // National: stored at 08:00 with areas; the rows without areas keep them, the newest sum wins.
    const [province, national] = batched.region_report;
    expect(province).toContain(',75,');
    expect(national).toContain(',95,');
    expect(national).toContain('""scoreSum"": ""70""');
    expect(batched.evidence_upload).toHaveLength(2);
    expect(batched.evidence_upload.find((row) => row.includes(firstUpload))).toContain(',100,');
    expect(batched.evidence_withdrawal).toHaveLength(1);
    expect(batched.verification_decision).toHaveLength(3);
    // The refusal that came before its decision and one of a decision never seen here; the re-sent
    // event id, naming yet another decision this time, adds nothing.
    expect(batched.decision_refusal).toHaveLength(2);
    expect(batched.decision_refusal.filter((row) => row.includes(refusedDecisionId))).toHaveLength(1);
    expect(await inboxRows()).toBe(new Set(allRecords.map((one) => one.id)).size);
  });

  it('never takes a decision scoring refused for the one in force, and says the newest was not counted', async () => {
    const items = await context.get(EvidenceTrailRepository).itemStatuses(context.get(DataSource).manager, year, null, ['32.73']);
    // Decisions 1 (50), 2 (60) and 3 (75, refused): scoring counts decision 2, as reporting must.
    expect(items).toEqual([
      expect.objectContaining({ subIndicatorCode: 'PRC.1.1', outcome: 'approved', verifiedValue: '60', notCountedReason: `Ditolak oleh penilaian: tahun ${year} sudah ditutup` }),
    ]);
    // As of a moment before the refusal was made, it was not known yet; the decision counted no more then.
    const before = await context.get(EvidenceTrailRepository).itemStatuses(context.get(DataSource).manager, year, new Date(at(12)), ['32.73']);
    expect(before).toEqual([expect.objectContaining({ verifiedValue: '60', notCountedReason: null })]);
  });

  it('changes nothing when the same batches come again', async () => {
    const inboxBefore = await inboxRows();
    await deliverInBatches();
    expect(await readModel()).toEqual(batched);
    expect(await inboxRows()).toBe(inboxBefore);
  });

  it('ends in the same rows as applying the same records one event at a time', async () => {
    for (const [table, where] of [
      ['pemda_report', 'year = $1'],
      ['region_report', 'year = $1'],
      ['pemda_score_history', 'year = $1'],
      ['region_score_history', 'year = $1'],
      ['evidence_upload', 'year = $1'],
      ['verification_decision', 'year = $1'],
      ['decision_refusal', 'reason LIKE $1'],
    ]) {
      // Only the refusal names the year, in its reason.
      if (table === 'decision_refusal') {
        await queryTestDatabase(`DELETE FROM "reporting"."decision_refusal" WHERE reason LIKE $1`, [`%tahun ${year} %`]);
        continue;
      }
      await queryTestDatabase(`DELETE FROM "reporting"."${table}" WHERE ${where}`, [year]);
    }
    await queryTestDatabase(`DELETE FROM "reporting"."evidence_withdrawal" WHERE evidence_id = $1`, [firstUpload]);
    await queryTestDatabase(`DELETE FROM "reporting"."inbox" WHERE event_id = ANY($1::uuid[])`, [allRecords.map((one) => one.id)]);
    expect(Object.values(await readModel()).flat()).toEqual([]);

    for (const fetch of fetches) {
      for (const records of Object.values(fetch)) {
        for (const one of records) await registry.dispatch(one);
      }
    }
    expect(await readModel()).toEqual(batched);
  });

  it('rebuilds from the same records, in the same order, the tables the batches left', async () => {
    // Topics of this test's own (one partition each: the order above), deleted afterwards.
    const run = randomUUID().slice(0, 8);
    const topicOf = (topic: string) => `spec-${run}.${topic}`;
    const topics = [...new Set(allRecords.map((one) => one.topic))].map(topicOf);
    const admin = testKafkaClient('reporting-batches-admin').admin();
    const producer = testKafkaClient('reporting-batches').producer();
    await admin.connect();
    await producer.connect();
    try {
      await admin.createTopics({ waitForLeaders: true, topics: topics.map((topic) => ({ topic, numPartitions: 1, replicationFactor: 1 })) });
      for (const one of allRecords) {
        await producer.send({ topic: topicOf(one.topic), acks: -1, messages: [{ key: one.key as Buffer, value: one.value as Buffer, headers: one.headers as Record<string, Buffer> }] });
      }
      const result = await context
        .get(ReadModelRebuild)
        .run({ brokers: testKafkaBrokers, clientId: `reporting-batches-${run}`, partitions: 1, sasl: testKafkaSasl('admin') }, { apply: false, topics });
      expect(result).toMatchObject({ eventsRead: allRecords.length, differenceCount: 0, differences: [] });
    } finally {
      await admin.deleteTopics({ topics }).catch(() => undefined);
      await producer.disconnect();
      await admin.disconnect();
    }
  });
});
