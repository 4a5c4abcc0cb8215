import 'reflect-metadata';
import { createEvent, deadLetterTopicOf, EvidenceVerified, eventSourceOf, exampleEvidenceVerified, Topics } from '@mcp/contracts';
import { createKafkaClient, encodeEvent, type KafkaSettings } from '@mcp/messaging';
import type { EventTap } from '@mcp/messaging/testing';
import { createServiceApp, loadServiceConfig, migrateService } from '@mcp/service-runtime';
import {
  dropSchemas,
  kafkaPrincipalEnv,
  publishEvents,
  resetTopics,
  serviceTestEnv,
  startEventTap,
  testKafkaBrokers,
  testKafkaClient,
  testKafkaSasl,
  waitFor,
} from '@mcp/testing';
import type { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { serviceDefinition } from './platform-under-test';

/**
 * Kafka is not an open write path into scores (issue 12): the broker authenticates every client
 * (SASL/SCRAM) and lets each service's principal write only the topics it owns and read only what it
 * consumes (ACLs derived from the contracts); a consumer also refuses an event whose CloudEvents
 * `source` is not the topic's owner, even when it got onto the topic (here: through `admin`).
 */
const settings = (clientId: string, sasl?: KafkaSettings['sasl']): KafkaSettings => ({
  brokers: testKafkaBrokers,
  clientId,
  partitions: 3,
  sasl,
});

function forgedDecision() {
  return createEvent(EvidenceVerified, exampleEvidenceVerified({ decisionId: randomUUID(), pemdaCode: '32.73' }), eventSourceOf(EvidenceVerified));
}

/** Sends one record as `principal` with no retries (an authorisation error is final anyway). */
async function produceAs(principal: string | undefined, topic: string): Promise<void> {
  const kafka = createKafkaClient({
    ...settings(`kafka-access-${principal ?? 'anonymous'}`, principal ? testKafkaSasl(principal) : undefined),
  });
  const producer = kafka.producer({
    allowAutoTopicCreation: false,
    retry: { retries: 0 },
  });
  try {
    await producer.connect();
    const event = forgedDecision();
    await producer.send({
      topic,
      acks: -1,
      messages: [encodeEvent(event, event.data.pemdaCode)],
    });
  } finally {
    await producer.disconnect();
  }
}

async function endOffsetOf(topic: string): Promise<number> {
  const admin = testKafkaClient('kafka-access-offsets').admin();
  await admin.connect();
  try {
    return (await admin.fetchTopicOffsets(topic)).reduce((sum, { high }) => sum + Number(high), 0);
  } finally {
    await admin.disconnect();
  }
}

describe('the broker refuses what a principal was not granted', () => {
  it("refuses a schema-valid mcp.evidence.verified.v1 produced with submissions' principal, and nothing lands", async () => {
    const before = await endOffsetOf(Topics.evidenceVerified);
    await expect(produceAs('submissions', Topics.evidenceVerified)).rejects.toMatchObject({ type: 'TOPIC_AUTHORIZATION_FAILED' });
    expect(await endOffsetOf(Topics.evidenceVerified)).toBe(before);
  });

  it('lets the owner, verification, produce the same record (the refusal is the ACL, not a broken broker)', async () => {
    const before = await endOffsetOf(Topics.evidenceVerified);
    await produceAs('verification', Topics.evidenceVerified);
    expect(await endOffsetOf(Topics.evidenceVerified)).toBe(before + 1);
  });

  it('refuses a client without credentials, and one with a wrong password', async () => {
    // The SASL listener closes a connection that does not authenticate first.
    await expect(produceAs(undefined, Topics.evidenceVerified)).rejects.toMatchObject({
      name: expect.stringMatching(/KafkaJSConnectionClosedError|KafkaJSNumberOfRetriesExceeded/),
    });
    const wrong = createKafkaClient(
      settings('kafka-access-wrong-password', {
        mechanism: 'scram-sha-512',
        username: 'verification',
        password: 'not-the-password',
      }),
    );
    const producer = wrong.producer({ retry: { retries: 0 } });
    await expect(producer.connect()).rejects.toMatchObject({
      name: 'KafkaJSSASLAuthenticationError',
    });
  });

  it("refuses reads outside a principal's contracts: the analytics lake cannot read QA's confidential topic", async () => {
    const kafka = createKafkaClient(settings('kafka-access-lake', testKafkaSasl('analytics-lake')));
    const consumer = kafka.consumer({
      groupId: `analytics-lake-${randomUUID()}`,
      allowAutoTopicCreation: false,
      retry: { retries: 0 },
    });
    await consumer.connect();
    try {
      await expect(
        consumer.subscribe({
          topics: [Topics.qaReviewRequested],
          fromBeginning: true,
        }),
      ).rejects.toMatchObject({
        type: 'TOPIC_AUTHORIZATION_FAILED',
      });
    } finally {
      await consumer.disconnect();
    }
  });
});

describe("a consumer refuses an event whose source is not the topic's owner", () => {
  let scoring: INestApplication;
  let tap: EventTap;

  beforeAll(async () => {
    await resetTopics();
    await dropSchemas(['scoring']);
    const definition = serviceDefinition('scoring');
    const config = loadServiceConfig(definition, serviceTestEnv(kafkaPrincipalEnv('scoring')));
    await migrateService(definition, config);
    scoring = await createServiceApp(definition, config);
    await scoring.listen(0, '127.0.0.1');
    tap = await startEventTap([deadLetterTopicOf(Topics.evidenceVerified)]);
  }, 120_000);

  afterAll(async () => {
    await tap?.stop();
    await scoring?.close();
  });

  it('dead-letters a decision written onto mcp.evidence.verified.v1 by admin with source /mcp/submissions, naming why', async () => {
    const data = exampleEvidenceVerified({
      decisionId: randomUUID(),
      pemdaCode: '32.73',
    });
    const forged = createEvent(EvidenceVerified, data, '/mcp/submissions');
    await publishEvents(EvidenceVerified, forged);
    const parked = await waitFor('the forged decision in the dead-letter topic', () => tap.events.find((event) => event.id === forged.id));
    expect(parked.deliveryHeaders['mcp_dlq_reason']).toMatch(
      /source \/mcp\/submissions is not \/mcp\/verification, the owner of mcp\.evidence\.verified\.v1/,
    );
    expect(parked.deliveryHeaders['mcp_dlq_consumer']).toBe('mcp-scoring');
  });
});
