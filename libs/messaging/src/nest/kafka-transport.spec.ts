import { Logger } from '@nestjs/common';
import { createServer, type Server } from 'node:net';
import type { Consumer, EachBatchPayload } from 'kafkajs';
import { MAX_EVENTS_PER_BATCH, type EventHandlerRegistry } from '../handlers/event-handler-registry';
import { EventMustWaitError } from '../inbox/event-inbox';
import type { InboundMessage } from '../inbox/inbound-message';
import { PartitionBackoff } from '../inbox/partition-backoff';
import type { MessagingMetrics } from '../metrics/messaging-metrics';
import { ServerKafka } from '@nestjs/microservices';
import { consumeBatch, isPlainTopicName, kafkaTransportOptions, ResilientServerKafka, withFetchesFilling, type BatchConsumption } from './kafka-transport';
import { FetchRest } from '../kafka/fetch-rest';
import { PartitionBatchMerger } from '../handlers/partition-batch-merger';

/*
 * The transport's reconnect loop against a port where no broker answers: the service must keep
 * trying in the background, and a shutdown in the middle of a wait must end at once (a cancelled
 * timer once left close() waiting forever and Jest's afterAll with it).
 */
describe('ResilientServerKafka', () => {
  let closedPort: number;
  let warnings: string[];

  beforeAll(async () => {
    const probe: Server = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    closedPort = (probe.address() as { port: number }).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
  });

  beforeEach(() => {
    warnings = [];
    jest.spyOn(Logger.prototype, 'warn').mockImplementation((message: unknown) => {
      warnings.push(String(message));
    });
    jest.spyOn(Logger.prototype, 'debug').mockImplementation(() => undefined);
  });

  afterEach(() => jest.restoreAllMocks());

  function serverWithoutBroker(): ResilientServerKafka {
    const options = kafkaTransportOptions({ brokers: [`127.0.0.1:${closedPort}`], clientId: 'transport-spec', partitions: 1 });
    // One refused connection per attempt, not kafkajs's own retries: the loop under test is ours.
    const server = new ResilientServerKafka({ ...options, client: { ...options.client, brokers: options.client?.brokers ?? [], retry: { retries: 0 } } });
    server.addHandler('mcp.transport-spec.v1', async () => undefined, true);
    return server;
  }

  async function untilWarned(count: number): Promise<void> {
    while (warnings.filter((warning) => warning.includes('could not start')).length < count) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  it('answers listen at once and keeps trying the broker in the background', async () => {
    const server = serverWithoutBroker();
    const listened = jest.fn();
    await server.listen(listened);
    expect(listened).toHaveBeenCalledWith();
    await untilWarned(2);
    expect(warnings.find((warning) => warning.includes('attempt 2'))).toMatch(/retrying in 2000 ms/);
    await server.close();
  }, 30_000);

  it('closes during a wait between attempts instead of waiting on a cancelled timer', async () => {
    const server = serverWithoutBroker();
    await server.listen(() => undefined);
    await untilWarned(1);
    // The loop now sleeps before attempt 2; close must wake it rather than leave it pending.
    await server.close();
    const attemptsAtClose = warnings.length;
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(warnings).toHaveLength(attemptsAtClose);
  }, 20_000);
});

describe('consumeBatch (docs/decisions.md #79)', () => {
  beforeEach(() => jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined));
  afterEach(() => jest.restoreAllMocks());

  function fetchOf(count: number, partition = 2) {
    const resolved: string[] = [];
    const paused: unknown[] = [];
    const payload = {
      batch: {
        topic: 'mcp.batch-spec.v1',
        partition,
        messages: Array.from({ length: count }, (_, i) => ({ offset: String(100 + i), key: null, value: null, headers: {} })),
      },
      resolveOffset: (offset: string) => resolved.push(offset),
      commitOffsetsIfNecessary: async () => undefined,
      heartbeat: async () => undefined,
      isRunning: () => true,
      isStale: () => false,
    } as unknown as EachBatchPayload;
    const consumer = { pause: (topics: unknown) => paused.push(topics), resume: () => undefined } as unknown as Consumer;
    return { payload, consumer, resolved, paused };
  }

  function consumption(
    dispatchBatch: (messages: InboundMessage[]) => Promise<void>,
    sliceSize = MAX_EVENTS_PER_BATCH,
    restMs?: number,
  ): BatchConsumption {
    return {
      registry: { dispatchBatch, sliceSizeOf: () => sliceSize } as unknown as EventHandlerRegistry,
      backoff: new PartitionBackoff({ initialMs: 1000, maxMs: 1000 }),
      metrics: { partitionPauses: { inc: () => undefined } } as unknown as MessagingMetrics,
      rest: restMs === undefined ? undefined : new FetchRest(restMs),
    };
  }

  /** Whether `promise` settles once the microtasks queued so far have run (no timer fires meanwhile). */
  async function settlesWithoutTimers(promise: Promise<unknown>): Promise<boolean> {
    let settled = false;
    void promise.then(() => (settled = true));
    for (let i = 0; i < 20; i++) await Promise.resolve();
    return settled;
  }

  describe('resting after a small fetch (docs/decisions.md #108)', () => {
    beforeEach(() => jest.useFakeTimers());
    afterEach(() => jest.useRealTimers());

    it('rests after a batch smaller than a slice, with its offsets already resolved', async () => {
      const { payload, consumer, resolved } = fetchOf(2);
      const handled: number[] = [];
      const done = consumeBatch(consumption(async (messages) => void handled.push(messages.length), 10, 25), consumer, payload);
      expect(await settlesWithoutTimers(done)).toBe(false);
      expect(handled).toEqual([2]);
      expect(resolved).toEqual(['101']);
      jest.advanceTimersByTime(24);
      expect(await settlesWithoutTimers(done)).toBe(false);
      jest.advanceTimersByTime(1);
      expect(await settlesWithoutTimers(done)).toBe(true);
    });

    it('does not rest after a full slice (a backlog), nor without a rest', async () => {
      const full = fetchOf(10);
      expect(await settlesWithoutTimers(consumeBatch(consumption(async () => undefined, 10, 25), full.consumer, full.payload))).toBe(true);
      const small = fetchOf(2);
      expect(await settlesWithoutTimers(consumeBatch(consumption(async () => undefined, 10), small.consumer, small.payload))).toBe(true);
    });
  });

  it('hands the fetch over in slices and resolves each slice only after it went through', async () => {
    const { payload, consumer, resolved } = fetchOf(MAX_EVENTS_PER_BATCH + 2);
    const sizes: number[] = [];
    await consumeBatch(consumption(async (messages) => void sizes.push(messages.length)), consumer, payload);
    expect(sizes).toEqual([MAX_EVENTS_PER_BATCH, 2]);
    expect(resolved).toEqual([String(100 + MAX_EVENTS_PER_BATCH - 1), String(100 + MAX_EVENTS_PER_BATCH + 1)]);
  });

  it('cuts slices of the size the batch handlers of the topic ask for (docs/decisions.md #97)', async () => {
    const { payload, consumer, resolved } = fetchOf(2_500);
    const sizes: number[] = [];
    await consumeBatch(consumption(async (messages) => void sizes.push(messages.length), 2_000), consumer, payload);
    expect(sizes).toEqual([2_000, 500]);
    expect(resolved).toEqual(['2099', '2599']);
  });

  it('pauses the partition and resolves nothing of a slice that must wait, so it is fetched again', async () => {
    const { payload, consumer, resolved, paused } = fetchOf(3);
    const waiting = async () => {
      throw new EventMustWaitError('svc.test', 'batch', new Error('connect ECONNREFUSED'));
    };
    await expect(consumeBatch(consumption(waiting), consumer, payload)).resolves.toBeUndefined();
    expect(resolved).toEqual([]);
    expect(paused).toEqual([[{ topic: 'mcp.batch-spec.v1', partitions: [2] }]]);
  });

  describe('with the partitions merged (docs/decisions.md #116)', () => {
    function merging(dispatchBatch: (messages: InboundMessage[]) => Promise<void>): BatchConsumption {
      const batches = consumption(dispatchBatch);
      return { ...batches, merger: new PartitionBatchMerger((messages) => batches.registry.dispatchBatch(messages)) };
    }

    it("hands the partitions' fetches that kafkajs's workers start together to one dispatch, and each resolves its own offsets", async () => {
      const fetches = [fetchOf(2, 0), fetchOf(3, 1), fetchOf(1, 2)];
      const dispatched: string[][] = [];
      const batches = merging(async (messages) => void dispatched.push(messages.map(({ partition, offset }) => `${partition}/${offset}`)));
      await Promise.all(fetches.map(({ payload, consumer }) => consumeBatch(batches, consumer, payload)));
      expect(dispatched).toEqual([['0/100', '0/101', '1/100', '1/101', '1/102', '2/100']]);
      expect(fetches.map(({ resolved }) => resolved)).toEqual([['101'], ['102'], ['100']]);
    });

    it('pauses every partition of a merged slice that must wait, and resolves none of them', async () => {
      const fetches = [fetchOf(2, 0), fetchOf(1, 1)];
      const batches = merging(async () => {
        throw new EventMustWaitError('svc.test', 'batch', new Error('connect ECONNREFUSED'));
      });
      await Promise.all(fetches.map(({ payload, consumer }) => consumeBatch(batches, consumer, payload)));
      expect(fetches.map(({ resolved }) => resolved)).toEqual([[], []]);
      expect(fetches.map(({ paused }) => paused)).toEqual([
        [[{ topic: 'mcp.batch-spec.v1', partitions: [0] }]],
        [[{ topic: 'mcp.batch-spec.v1', partitions: [1] }]],
      ]);
    });
  });
});

describe('routing a message by its topic', () => {
  const options = kafkaTransportOptions({ brokers: ['127.0.0.1:9'], clientId: 'route-spec', partitions: 1 });
  const route = (server: ServerKafka, pattern: string): string =>
    (server as unknown as { getRouteFromPattern: (pattern: string) => string }).getRouteFromPattern(pattern);

  it("gives the route Nest's own JSON-first parsing gives, for topic names and for anything else", () => {
    const ours = new ResilientServerKafka(options);
    const nest = new ServerKafka(options);
    for (const pattern of ['mcp.evidence.verified.v1', 'mcp.aggregate.updated.v1.dlq', 'topic_with-dash', 'true', 'null', '42', '"quoted"', '{"cmd":"sum"}', '[1,2]']) {
      expect(route(ours, pattern)).toBe(route(nest, pattern));
    }
  });

  it('skips JSON.parse only for plain topic names', () => {
    expect(isPlainTopicName('mcp.evidence.verified.v1')).toBe(true);
    for (const pattern of ['true', 'false', 'null', '42', '{"cmd":"sum"}', '"mcp"', '']) expect(isPlainTopicName(pattern)).toBe(false);
  });
});

describe('withFetchesFilling (docs/decisions.md #97)', () => {
  const options = kafkaTransportOptions({ brokers: ['127.0.0.1:1'], clientId: 'fetch-spec', partitions: 3 });

  it("keeps kafkajs's own fetch limits for batches they already hold", () => {
    const filled = withFetchesFilling(options, MAX_EVENTS_PER_BATCH);
    expect(filled.consumer).toMatchObject({ groupId: 'fetch-spec', maxBytesPerPartition: 1024 * 1024, maxBytes: 10 * 1024 * 1024 });
  });

  it('fetches enough per partition, for every partition consumed at once, to fill a larger batch', () => {
    const filled = withFetchesFilling(options, 5_000);
    expect(filled.consumer).toMatchObject({ groupId: 'fetch-spec', maxBytesPerPartition: 5_000 * 2048, maxBytes: 3 * 5_000 * 2048 });
    expect(filled.run).toEqual(options.run);
  });
});

/*
 * A topic without batch handlers in a batch-consuming service goes record by record. A record that
 * must wait (the database away) was rethrown out of eachBatch: kafkajs counted it as a retry of its
 * whole fetch loop, fetched nothing meanwhile, and restarted the consumer at the sixth in a row.
 */
describe('consumeOneByOne, a record that must wait', () => {
  it('stops the fetch there without throwing: what came before is resolved, the waiting record and the rest are fetched again', async () => {
    const server = new ResilientServerKafka(kafkaTransportOptions({ brokers: ['127.0.0.1:1'], clientId: 'transport-spec', partitions: 1 }));
    const handled: string[] = [];
    (server as unknown as { handleMessage: (payload: { message: { offset: string } }) => Promise<void> }).handleMessage = async ({ message }) => {
      if (message.offset === '101') throw new EventMustWaitError('svc.test', 'event-101', new Error('connect ECONNREFUSED'));
      handled.push(message.offset);
    };
    const resolved: string[] = [];
    const payload = {
      batch: { topic: 'mcp.one-by-one-spec.v1', partition: 0, messages: ['100', '101', '102'].map((offset) => ({ offset, key: null, value: null, headers: {} })) },
      resolveOffset: (offset: string) => resolved.push(offset),
      heartbeat: async () => undefined,
      pause: () => () => undefined,
      isRunning: () => true,
      isStale: () => false,
    } as unknown as EachBatchPayload;

    await expect((server as unknown as { consumeOneByOne: (payload: EachBatchPayload) => Promise<void> }).consumeOneByOne(payload)).resolves.toBeUndefined();
    expect([handled, resolved]).toEqual([['100'], ['100']]);
  });

  it('still throws any other failure (the record is dead-lettered or the consumer restarts, as before)', async () => {
    const server = new ResilientServerKafka(kafkaTransportOptions({ brokers: ['127.0.0.1:1'], clientId: 'transport-spec', partitions: 1 }));
    (server as unknown as { handleMessage: () => Promise<void> }).handleMessage = async () => {
      throw new Error('bug');
    };
    const payload = {
      batch: { topic: 'mcp.one-by-one-spec.v1', partition: 0, messages: [{ offset: '7', key: null, value: null, headers: {} }] },
      resolveOffset: () => undefined,
      heartbeat: async () => undefined,
      isRunning: () => true,
      isStale: () => false,
    } as unknown as EachBatchPayload;
    await expect((server as unknown as { consumeOneByOne: (payload: EachBatchPayload) => Promise<void> }).consumeOneByOne(payload)).rejects.toThrow('bug');
  });
});
