import { createEvent, eventSourceOf, EvidenceSubmitted, type EvidenceSubmittedV1, type McpEvent } from '@mcp/contracts';
import type { DataSource, EntityManager } from 'typeorm';
import { encodeEvent } from '../kafka/cloud-event-codec';
import type { DeadLetterPublisher } from './dead-letter-publisher';
import { EventInbox, EventMustWaitError, type EventInboxOptions } from './event-inbox';
import { PermanentEventError, ReferenceDataPendingError, type InboundMessage } from './inbound-message';

/*
 * The inbox's classification alone (the real broker and database are in
 * e2e/src/postgres-outage.integration-spec.ts and delivery-guarantees): a stand-in transaction that
 * always finds the event new, and a dead-letter publisher that records what it was given.
 */
const data: EvidenceSubmittedV1 = {
  evidenceId: '0b6f3c1e-6d2a-4d7e-9a51-2f7d3b8c9e10',
  pemdaCode: '32.73',
  provinceCode: '32',
  year: 2024,
  subIndicatorCode: 'PRC.1.1',
  claimedValue: 50,
  sha256: 'a'.repeat(64),
  sizeBytes: 3,
  contentType: 'application/pdf',
  fileName: 'x.pdf',
  submittedBy: 'op',
  submittedAt: '2024-06-01T00:00:00.000Z',
};

function message(): InboundMessage {
  const encoded = encodeEvent(createEvent(EvidenceSubmitted, data, eventSourceOf(EvidenceSubmitted)), data.pemdaCode);
  return { topic: EvidenceSubmitted.topic, partition: 0, offset: '7', key: encoded.key, headers: encoded.headers, value: encoded.value };
}

function inboxWith(options: Partial<EventInboxOptions> = {}) {
  const reasons: string[] = [];
  const manager = { query: async () => [{ event_id: 'new' }] } as unknown as EntityManager;
  const dataSource = { transaction: async (work: (tx: EntityManager) => Promise<unknown>) => work(manager) } as unknown as DataSource;
  const deadLetters = {
    publish: async (_message: InboundMessage, reason: string) => {
      reasons.push(reason);
    },
  } as unknown as DeadLetterPublisher;
  const inbox = new EventInbox(dataSource, deadLetters, { schema: 'test', maxAttempts: 3, retryBackoffMs: 1, ...options });
  return { inbox, reasons };
}

const databaseDown = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });

describe('EventInbox failure classification (docs/decisions.md #60)', () => {
  it('never dead-letters for a database outage: the transport is told to wait, after one attempt', async () => {
    const { inbox, reasons } = inboxWith();
    let attempts = 0;
    const failing = async () => {
      attempts += 1;
      throw databaseDown();
    };
    await expect(inbox.process('svc.test', message(), EvidenceSubmitted, failing)).rejects.toBeInstanceOf(EventMustWaitError);
    expect(attempts).toBe(1);
    expect(reasons).toEqual([]);
  });

  it('dead-letters a domain refusal at once, with the reason', async () => {
    const { inbox, reasons } = inboxWith();
    const outcome = await inbox.process('svc.test', message(), EvidenceSubmitted, async () => {
      throw new PermanentEventError('Tahun 2024 sudah ditutup');
    });
    expect(outcome).toBe('dead-lettered');
    expect(reasons).toEqual(['svc.test refused it (permanent): Tahun 2024 sudah ditutup']);
  });

  it('retries an unclassified failure in place, then dead-letters it', async () => {
    const { inbox, reasons } = inboxWith();
    let attempts = 0;
    const outcome = await inbox.process('svc.test', message(), EvidenceSubmitted, async () => {
      attempts += 1;
      throw new TypeError('x is undefined');
    });
    expect(outcome).toBe('dead-lettered');
    expect(attempts).toBe(3);
    expect(reasons[0]).toMatch(/failed after 3 attempt\(s\): x is undefined/);
  });

  it('waits for reference data, then dead-letters once the wait is over', async () => {
    const { inbox, reasons } = inboxWith({ referenceDataWaitMs: 50 });
    const pending = async () => {
      throw new ReferenceDataPendingError('Sub-indikator PRC.9.9 tidak ada dalam kerangka 2024');
    };
    const redelivered = message();
    await expect(inbox.process('svc.test', redelivered, EvidenceSubmitted, pending)).rejects.toBeInstanceOf(EventMustWaitError);
    expect(reasons).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(await inbox.process('svc.test', redelivered, EvidenceSubmitted, pending)).toBe('dead-lettered');
    expect(reasons[0]).toMatch(/reference data still missing after 0 s: Sub-indikator PRC\.9\.9/);
  });

  it('with the test-only switch off, dead-letters a database outage like any failure', async () => {
    const { inbox, reasons } = inboxWith({ classifyFailures: false });
    const outcome = await inbox.process('svc.test', message(), EvidenceSubmitted, async () => {
      throw databaseDown();
    });
    expect(outcome).toBe('dead-lettered');
    expect(reasons[0]).toMatch(/ECONNREFUSED/);
  });
});

describe('EventInbox deduplication and its test-only switch', () => {
  function seenBefore(options: Partial<EventInboxOptions> = {}) {
    // The id is already in the inbox: the insert returns no row.
    const manager = { query: async () => [] } as unknown as EntityManager;
    const dataSource = { transaction: async (work: (tx: EntityManager) => Promise<unknown>) => work(manager) } as unknown as DataSource;
    const deadLetters = { publish: async () => undefined } as unknown as DeadLetterPublisher;
    return new EventInbox(dataSource, deadLetters, { schema: 'test', maxAttempts: 3, retryBackoffMs: 1, ...options });
  }

  it('skips an event whose id it has seen', async () => {
    let applied = 0;
    const outcome = await seenBefore().process('svc.test', message(), EvidenceSubmitted, async () => {
      applied += 1;
    });
    expect({ outcome, applied }).toEqual({ outcome: 'duplicate', applied: 0 });
  });

  it('applies it again when deduplication is switched off (MCP_TEST_INBOX_DEDUP_OFF)', async () => {
    let applied = 0;
    const outcome = await seenBefore({ deduplicate: false }).process('svc.test', message(), EvidenceSubmitted, async () => {
      applied += 1;
    });
    expect({ outcome, applied }).toEqual({ outcome: 'processed', applied: 1 });
  });
});

describe('EventInbox batches (docs/decisions.md #79)', () => {
  /** A stand-in inbox table: the multi-row insert returns the ids it has not seen; a single insert always finds the id new. */
  function batchInbox(seen: string[] = [], failFirstTransaction?: () => Error) {
    const stored = new Set(seen);
    const reasons: string[] = [];
    let transactions = 0;
    const manager = {
      query: async (_sql: string, [, ids]: [string, string[] | string]) => {
        if (!Array.isArray(ids)) return [{ event_id: ids }];
        const fresh = ids.filter((id) => !stored.has(id));
        fresh.forEach((id) => stored.add(id));
        return fresh.map((id) => ({ event_id: id }));
      },
    } as unknown as EntityManager;
    const dataSource = {
      transaction: async (work: (tx: EntityManager) => Promise<unknown>) => {
        transactions += 1;
        if (transactions === 1 && failFirstTransaction) throw failFirstTransaction();
        return work(manager);
      },
    } as unknown as DataSource;
    const deadLetters = {
      publish: async (_message: InboundMessage, reason: string) => {
        reasons.push(reason);
      },
    } as unknown as DeadLetterPublisher;
    const inbox = new EventInbox(dataSource, deadLetters, { schema: 'test', maxAttempts: 2, retryBackoffMs: 1 });
    return { inbox, reasons, transactions: () => transactions };
  }

  function messages(count: number): { records: InboundMessage[]; ids: string[] } {
    const events = Array.from({ length: count }, () => createEvent(EvidenceSubmitted, data, eventSourceOf(EvidenceSubmitted)));
    const records = events.map((event, i) => {
      const encoded = encodeEvent(event, data.pemdaCode);
      return { topic: EvidenceSubmitted.topic, partition: 0, offset: String(i), key: encoded.key, headers: encoded.headers, value: encoded.value };
    });
    return { records, ids: events.map((event) => event.id) };
  }

  const malformed: InboundMessage = { topic: EvidenceSubmitted.topic, partition: 0, offset: '9', key: null, headers: {}, value: Buffer.from('{') };

  it('hands the new events to the handler in one transaction, skipping ids seen before and repeats within the batch', async () => {
    const { records, ids } = messages(3);
    const { inbox, transactions } = batchInbox([ids[1]]);
    const handled: string[][] = [];
    const outcomes = await inbox.processBatch('svc.test', [...records, records[0]], EvidenceSubmitted, async (events) => {
      handled.push(events.map((event) => event.id));
    });
    expect(handled).toEqual([[ids[0], ids[2]]]);
    expect(outcomes).toEqual(['processed', 'duplicate', 'processed', 'duplicate']);
    expect(transactions()).toBe(1);
  });

  it('changes nothing when the whole batch is redelivered', async () => {
    const { records, ids } = messages(2);
    const { inbox } = batchInbox(ids);
    let calls = 0;
    const outcomes = await inbox.processBatch('svc.test', records, EvidenceSubmitted, async () => {
      calls += 1;
    });
    expect({ outcomes, calls }).toEqual({ outcomes: ['duplicate', 'duplicate'], calls: 0 });
  });

  it('dead-letters a malformed record at once and applies the rest', async () => {
    const { records } = messages(2);
    const { inbox, reasons } = batchInbox();
    const outcomes = await inbox.processBatch('svc.test', [records[0], malformed, records[1]], EvidenceSubmitted, async () => undefined);
    expect(outcomes).toEqual(['processed', 'dead-lettered', 'processed']);
    expect(reasons).toHaveLength(1);
    expect(reasons[0]).toMatch(/^invalid event: /);
  });

  it('makes the partition wait when Kafka does not take a dead letter, and the batch read again changes nothing twice', async () => {
    const { records, ids } = messages(2);
    const stored = new Set<string>();
    const manager = {
      query: async (_sql: string, [, batchIds]: [string, string[]]) => {
        const fresh = batchIds.filter((id) => !stored.has(id));
        fresh.forEach((id) => stored.add(id));
        return fresh.map((id) => ({ event_id: id }));
      },
    } as unknown as EntityManager;
    const dataSource = { transaction: async (work: (tx: EntityManager) => Promise<unknown>) => work(manager) } as unknown as DataSource;
    let kafkaAway = true;
    const parked: string[] = [];
    const deadLetters = {
      publish: async (record: InboundMessage) => {
        if (kafkaAway) throw new Error('Kafka did not take the dead letter within 30000 ms');
        parked.push(record.offset);
      },
    } as unknown as DeadLetterPublisher;
    const inbox = new EventInbox(dataSource, deadLetters, { schema: 'test', maxAttempts: 2, retryBackoffMs: 1 });
    const applied: string[] = [];
    const handle = async (events: { id: string }[]) => void applied.push(...events.map((event) => event.id));
    const batch = [records[0], malformed, records[1]];

    const waiting = inbox.processBatch('svc.test', batch, EvidenceSubmitted, handle);
    await expect(waiting).rejects.toBeInstanceOf(EventMustWaitError);
    await expect(waiting).rejects.toThrow(/mcp\.evidence\.submitted\.v1\/0\/9 \(its dead letter\) must wait: Kafka did not take/);
    kafkaAway = false;
    const outcomes = await inbox.processBatch('svc.test', batch, EvidenceSubmitted, handle);
    expect(outcomes).toEqual(['duplicate', 'dead-lettered', 'duplicate']);
    expect({ applied, parked }).toEqual({ applied: ids, parked: ['9'] });
  });

  it('makes the whole batch wait on a database outage, never dead-letters it', async () => {
    const { records } = messages(2);
    const { inbox, reasons } = batchInbox([], databaseDown);
    await expect(inbox.processBatch('svc.test', [...records, malformed], EvidenceSubmitted, async () => undefined)).rejects.toBeInstanceOf(
      EventMustWaitError,
    );
    expect(reasons).toEqual([]);
  });

  it('applies the events one at a time when one of them is refused, so only that one is dead-lettered', async () => {
    const { records, ids } = messages(3);
    const { inbox, reasons } = batchInbox();
    const applied: string[] = [];
    let heartbeats = 0;
    const outcomes = await inbox.processBatch(
      'svc.test',
      records,
      EvidenceSubmitted,
      async (events) => {
        if (events.some((event) => event.id === ids[1])) throw new PermanentEventError('Pemda 99.99 tidak dikenal');
        applied.push(...events.map((event) => event.id));
      },
      async () => void (heartbeats += 1),
    );
    expect(outcomes).toEqual(['processed', 'dead-lettered', 'processed']);
    expect(applied).toEqual([ids[0], ids[2]]);
    expect(reasons).toEqual(['svc.test refused it (permanent): Pemda 99.99 tidak dikenal']);
    // One after each event applied alone: a slice of thousands must not outlast the consumer's session (#97).
    expect(heartbeats).toBe(3);
  });
});

describe('EventInbox batches of several consumers together (docs/decisions.md #119)', () => {
  /** A stand-in inbox table keyed by consumer and event id, counting transactions. */
  function sharedInbox(seen: [string, string][] = [], failFirstTransaction?: () => Error) {
    const stored = new Set(seen.map(([consumer, id]) => `${consumer}|${id}`));
    const reasons: string[] = [];
    /** What handlers applied: a rolled-back transaction takes its part back out. */
    const applied: string[] = [];
    let transactions = 0;
    const manager = {
      query: async (_sql: string, params: unknown[]) => {
        if (Array.isArray(params[0])) {
          const [consumers, ids] = params as [string[], string[]];
          const fresh = ids.map((id, i) => ({ consumer: consumers[i], event_id: id })).filter((row) => !stored.has(`${row.consumer}|${row.event_id}`));
          fresh.forEach((row) => stored.add(`${row.consumer}|${row.event_id}`));
          return fresh;
        }
        const [consumer, idOrIds] = params as [string, string[] | string];
        const ids = Array.isArray(idOrIds) ? idOrIds : [idOrIds];
        const fresh = ids.filter((id) => !stored.has(`${consumer}|${id}`));
        fresh.forEach((id) => stored.add(`${consumer}|${id}`));
        return fresh.map((id) => ({ event_id: id }));
      },
    } as unknown as EntityManager;
    const dataSource = {
      transaction: async (work: (tx: EntityManager) => Promise<unknown>) => {
        transactions += 1;
        if (transactions === 1 && failFirstTransaction) throw failFirstTransaction();
        const before = new Set(stored);
        const appliedBefore = applied.length;
        try {
          return await work(manager);
        } catch (error) {
          // Rolled back: the inbox rows it inserted and the handlers' effects are gone.
          stored.clear();
          before.forEach((key) => stored.add(key));
          applied.length = appliedBefore;
          throw error;
        }
      },
    } as unknown as DataSource;
    const deadLetters = { publish: async (_message: InboundMessage, reason: string) => void reasons.push(reason) } as unknown as DeadLetterPublisher;
    const inbox = new EventInbox(dataSource, deadLetters, { schema: 'test', maxAttempts: 2, retryBackoffMs: 1 });
    return { inbox, reasons, applied, transactions: () => transactions };
  }

  function records(count: number, partition: number) {
    const events = Array.from({ length: count }, () => createEvent(EvidenceSubmitted, data, eventSourceOf(EvidenceSubmitted)));
    return {
      ids: events.map((event) => event.id),
      messages: events.map((event, i): InboundMessage => {
        const encoded = encodeEvent(event, data.pemdaCode);
        return { topic: EvidenceSubmitted.topic, partition, offset: String(i), key: encoded.key, headers: encoded.headers, value: encoded.value };
      }),
    };
  }
  const malformed: InboundMessage = { topic: EvidenceSubmitted.topic, partition: 1, offset: '9', key: null, headers: {}, value: Buffer.from('{') };

  it("records every consumer's events in one transaction and hands each handler only what its consumer has not seen", async () => {
    const first = records(2, 0);
    const second = records(1, 1);
    const { inbox, transactions, reasons } = sharedInbox([['svc.trail', first.ids[0]]]);
    const applied: Record<string, string[]> = {};
    const handler = (consumer: string) => async (events: McpEvent<unknown>[]) => void (applied[consumer] = events.map((event) => event.id));
    await inbox.processBatches([
      { consumer: 'svc.trail', messages: first.messages, contract: EvidenceSubmitted, handle: handler('svc.trail') },
      { consumer: 'svc.scores', messages: [...second.messages, malformed, first.messages[0]], contract: EvidenceSubmitted, handle: handler('svc.scores') },
    ]);
    expect(transactions()).toBe(1);
    expect(applied).toEqual({ 'svc.trail': [first.ids[1]], 'svc.scores': [second.ids[0], first.ids[0]] });
    expect(reasons).toHaveLength(1);
    expect(reasons[0]).toMatch(/^invalid event: /);
  });

  it('makes every batch wait on a database outage', async () => {
    const { inbox, reasons } = sharedInbox([], databaseDown);
    const batches = [records(1, 0), records(1, 1)].map(({ messages }, i) => ({
      consumer: `svc.c${i}`,
      messages,
      contract: EvidenceSubmitted,
      handle: async () => undefined,
    }));
    await expect(inbox.processBatches(batches)).rejects.toBeInstanceOf(EventMustWaitError);
    expect(reasons).toEqual([]);
  });

  it("handles each batch on its own when they fail together for one event's reason, so only that one is dead-lettered", async () => {
    const first = records(1, 0);
    const second = records(2, 1);
    const { inbox, reasons, transactions, applied } = sharedInbox();
    await inbox.processBatches([
      { consumer: 'svc.trail', messages: first.messages, contract: EvidenceSubmitted, handle: async (events) => void applied.push(...events.map((event) => event.id)) },
      {
        consumer: 'svc.scores',
        messages: second.messages,
        contract: EvidenceSubmitted,
        handle: async (events) => {
          if (events.some((event) => event.id === second.ids[1])) throw new PermanentEventError('Pemda 99.99 tidak dikenal');
          applied.push(...events.map((event) => event.id));
        },
      },
    ]);
    expect(applied).toEqual([first.ids[0], second.ids[0]]);
    expect(reasons).toEqual(['svc.scores refused it (permanent): Pemda 99.99 tidak dikenal']);
    // Together (rolled back), then the first batch alone, then the second's batch and its events one at a time.
    expect(transactions()).toBe(1 + 1 + 1 + 2);
  });
});
