import { EventEmitter } from 'node:events';
import type { Consumer, TopicPartitionOffsetAndMetadata } from 'kafkajs';
import { TimedOffsetCommits } from './timed-offset-commits';

/** kafkajs's consumer as far as the commits use it: its events and commitOffsets. */
function fakeConsumer() {
  const emitter = new EventEmitter();
  const commits: TopicPartitionOffsetAndMetadata[][] = [];
  let failNext = false;
  let gate: Promise<void> | undefined;
  const consumer = {
    events: { GROUP_JOIN: 'group_join', REBALANCING: 'rebalancing' },
    on: (event: string, listener: (payload: unknown) => void) => emitter.on(event, listener),
    commitOffsets: async (offsets: TopicPartitionOffsetAndMetadata[]) => {
      const held = gate;
      gate = undefined;
      if (held) await held;
      if (failNext) {
        failNext = false;
        throw new Error('The coordinator is not available');
      }
      commits.push(offsets);
    },
  } as unknown as Consumer;
  return {
    consumer,
    commits,
    failNextCommit: () => (failNext = true),
    /** Keeps the next commit in flight until the returned function is called. */
    holdNextCommit: () => {
      let release: () => void = () => undefined;
      gate = new Promise<void>((resolve) => (release = resolve));
      return release;
    },
    join: (memberAssignment: Record<string, number[]>) => emitter.emit('group_join', { payload: { memberAssignment } }),
  };
}

describe('TimedOffsetCommits (docs/decisions.md #111)', () => {
  beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => jest.useRealTimers());

  it('commits once per interval, the offset after the last record handled of each partition', async () => {
    const { consumer, commits } = fakeConsumer();
    const offsets = new TimedOffsetCommits(1_000, () => undefined);
    offsets.follow(consumer);
    offsets.handled('mcp.evidence.verified.v1', 0, '41');
    await offsets.commitIfDue();
    offsets.handled('mcp.evidence.verified.v1', 0, '42');
    offsets.handled('mcp.evidence.verified.v1', 1, '7');
    await offsets.commitIfDue();
    expect(commits).toEqual([]);
    jest.setSystemTime(1_001_000);
    await offsets.commitIfDue();
    expect(commits).toEqual([
      [
        { topic: 'mcp.evidence.verified.v1', partition: 0, offset: '43' },
        { topic: 'mcp.evidence.verified.v1', partition: 1, offset: '8' },
      ],
    ]);
    expect(offsets.pendingPartitions).toBe(0);
  });

  it('commits a quiet partition an interval after its last record, without another record coming', async () => {
    const { consumer, commits } = fakeConsumer();
    const offsets = new TimedOffsetCommits(1_000, () => undefined);
    offsets.follow(consumer);
    offsets.handled('mcp.evidence.verified.v1', 2, '9');
    await jest.advanceTimersByTimeAsync(999);
    expect(commits).toEqual([]);
    await jest.advanceTimersByTimeAsync(1);
    expect(commits).toEqual([[{ topic: 'mcp.evidence.verified.v1', partition: 2, offset: '10' }]]);
  });

  it('drops a partition lost in a rebalance, so its new owner is never set back', async () => {
    const { consumer, commits, join } = fakeConsumer();
    const offsets = new TimedOffsetCommits(1_000, () => undefined);
    offsets.follow(consumer);
    offsets.handled('mcp.evidence.verified.v1', 0, '5');
    offsets.handled('mcp.evidence.verified.v1', 1, '6');
    join({ 'mcp.evidence.verified.v1': [1, 2] });
    await offsets.close();
    expect(commits).toEqual([[{ topic: 'mcp.evidence.verified.v1', partition: 1, offset: '7' }]]);
  });

  it('keeps the offsets of a failed commit for the next try, moved on by a later record', async () => {
    const { consumer, commits, failNextCommit } = fakeConsumer();
    const errors: unknown[] = [];
    const offsets = new TimedOffsetCommits(1_000, (error) => errors.push(error));
    offsets.follow(consumer);
    offsets.handled('mcp.evidence.verified.v1', 0, '5');
    offsets.handled('mcp.evidence.verified.v1', 1, '6');
    failNextCommit();
    await offsets.flush();
    expect(errors).toHaveLength(1);
    offsets.handled('mcp.evidence.verified.v1', 1, '8');
    await offsets.flush();
    expect(commits).toEqual([
      [
        { topic: 'mcp.evidence.verified.v1', partition: 0, offset: '6' },
        { topic: 'mcp.evidence.verified.v1', partition: 1, offset: '9' },
      ],
    ]);
  });

  it('commits what is pending when the consumer leaves, then takes no more and leaves no timer behind', async () => {
    const { consumer, commits } = fakeConsumer();
    const offsets = new TimedOffsetCommits(1_000, () => undefined);
    offsets.follow(consumer);
    offsets.handled('mcp.evidence.verified.v1', 0, '1');
    await offsets.close();
    // A slice that finishes while the consumer stops is read again after the restart.
    offsets.handled('mcp.evidence.verified.v1', 0, '2');
    expect(commits).toEqual([[{ topic: 'mcp.evidence.verified.v1', partition: 0, offset: '2' }]]);
    expect(offsets.pendingPartitions).toBe(0);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('does not put back the offsets of a failed commit once the partitions have changed hands', async () => {
    const { consumer, commits, failNextCommit, holdNextCommit, join } = fakeConsumer();
    const offsets = new TimedOffsetCommits(1_000, () => undefined);
    offsets.follow(consumer);
    offsets.handled('mcp.evidence.verified.v1', 0, '5');
    failNextCommit();
    const release = holdNextCommit();
    const failing = offsets.flush();
    for (let i = 0; i < 10; i++) await Promise.resolve();
    expect(offsets.pendingPartitions).toBe(0); // taken by the commit in flight
    join({ 'mcp.evidence.verified.v1': [0, 1] }); // a rebalance meanwhile, even one that keeps partition 0
    release();
    await failing;
    await offsets.flush();
    expect(commits).toEqual([]);
    expect(offsets.pendingPartitions).toBe(0);
  });
});
