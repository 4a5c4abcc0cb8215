import { topicConfigDrift, wantedTopicConfig } from './topic-admin';

const events = { name: 'mcp.evidence.verified.v1', compacted: false, retentionMs: -1 };
const state = { name: 'mcp.year.closed.v1', compacted: true, retentionMs: -1 };

describe('topicConfigDrift (docs/decisions.md #75)', () => {
  it('names every setting the broker holds differently from the catalogue, and nothing else', () => {
    const present = new Map([
      [events.name, { 'cleanup.policy': 'delete', 'retention.ms': '7776000000', 'min.insync.replicas': '1' }],
      [state.name, { 'cleanup.policy': 'compact', 'retention.ms': '-1', 'min.insync.replicas': '2' }],
    ]);
    expect(topicConfigDrift([events, state], present, 2)).toEqual([
      { topic: events.name, differences: { 'retention.ms': ['7776000000', '-1'], 'min.insync.replicas': ['1', '2'] } },
    ]);
  });

  it('never lowers min.insync.replicas: provisioning with the default 1 against topics holding 2 keeps 2', () => {
    const present = new Map([[events.name, { 'cleanup.policy': 'delete', 'retention.ms': '7776000000', 'min.insync.replicas': '2' }]]);
    expect(topicConfigDrift([events], present, 1)).toEqual([{ topic: events.name, differences: { 'retention.ms': ['7776000000', '-1'] } }]);
    // And what is written for the drifting topic keeps it too (alterConfigs replaces every setting).
    expect(wantedTopicConfig(events, 1, present.get(events.name))).toMatchObject({ 'min.insync.replicas': '2', 'retention.ms': '-1' });
  });

  it('leaves topics the broker does not have to creation', () => {
    expect(topicConfigDrift([events], new Map(), 2)).toEqual([]);
  });
});
