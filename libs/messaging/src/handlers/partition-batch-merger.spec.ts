import type { InboundMessage } from '../inbox/inbound-message';
import { PartitionBatchMerger } from './partition-batch-merger';

/* docs/decisions.md #116: the slices partitions hand over in the same tick go to one dispatch. */
describe('PartitionBatchMerger', () => {
  const record = (topic: string, partition: number, offset: number): InboundMessage => ({
    topic,
    partition,
    offset: String(offset),
    key: null,
    headers: {},
    value: null,
  });
  const slice = (topic: string, partition: number, count: number) =>
    Array.from({ length: count }, (_, i) => record(topic, partition, i));
  const heartbeat = async () => undefined;

  function recording(fail?: Error, options: { acrossTopics?: boolean } = {}) {
    const dispatched: string[][] = [];
    const merger = new PartitionBatchMerger(async (messages) => {
      dispatched.push(messages.map(({ topic, partition, offset }) => `${topic}/${partition}/${offset}`));
      if (fail) throw fail;
    }, options);
    return { merger, dispatched };
  }

  it('dispatches the slices of one topic handed over in the same tick once, each partition a run in its order', async () => {
    const { merger, dispatched } = recording();
    await Promise.all([merger.handle(slice('a', 0, 2), heartbeat, 100), merger.handle(slice('a', 2, 1), heartbeat, 100)]);
    expect(dispatched).toEqual([['a/0/0', 'a/0/1', 'a/2/0']]);
  });

  it('keeps topics apart, and a slice handed over later is a dispatch of its own', async () => {
    const { merger, dispatched } = recording();
    await Promise.all([merger.handle(slice('a', 0, 1), heartbeat, 100), merger.handle(slice('b', 0, 1), heartbeat, 100)]);
    await merger.handle(slice('a', 1, 1), heartbeat, 100);
    expect(dispatched).toEqual([['a/0/0'], ['b/0/0'], ['a/1/0']]);
  });

  it('never lets a dispatch grow past the slice size: the slice that would pass it starts the next', async () => {
    const { merger, dispatched } = recording();
    await Promise.all([
      merger.handle(slice('a', 0, 3), heartbeat, 4),
      merger.handle(slice('a', 1, 2), heartbeat, 4),
      merger.handle(slice('a', 2, 2), heartbeat, 4),
    ]);
    expect(dispatched.map((messages) => messages.length)).toEqual([3, 4]);
  });

  it("gives every contributor the dispatch's error, so each pauses or retries its own partition", async () => {
    const { merger } = recording(new Error('database away'));
    const results = await Promise.allSettled([merger.handle(slice('a', 0, 1), heartbeat, 100), merger.handle(slice('a', 1, 1), heartbeat, 100)]);
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected']);
  });

  it('joins the slices of several topics handed over in the same tick when told to (#119), each a run in its order', async () => {
    const { merger, dispatched } = recording(undefined, { acrossTopics: true });
    await Promise.all([
      merger.handle(slice('scores', 0, 2), heartbeat, 100),
      merger.handle(slice('aggregates', 1, 1), heartbeat, 100),
      merger.handle(slice('scores', 2, 1), heartbeat, 100),
    ]);
    await merger.handle(slice('verified', 0, 1), heartbeat, 100);
    expect(dispatched).toEqual([['scores/0/0', 'scores/0/1', 'aggregates/1/0', 'scores/2/0'], ['verified/0/0']]);
  });

  it('keeps a group of several topics within the smallest slice size any of them asks for', async () => {
    const { merger, dispatched } = recording(undefined, { acrossTopics: true });
    await Promise.all([
      merger.handle(slice('a', 0, 2), heartbeat, 100),
      merger.handle(slice('b', 0, 2), heartbeat, 3),
      merger.handle(slice('a', 1, 1), heartbeat, 100),
    ]);
    expect(dispatched).toEqual([['a/0/0', 'a/0/1'], ['b/0/0', 'b/0/1', 'a/1/0']]);
  });

  it('resolves an empty slice without a dispatch', async () => {
    const { merger, dispatched } = recording();
    await merger.handle([], heartbeat, 100);
    expect(dispatched).toEqual([]);
  });
});
