import { Registry } from 'prom-client';
import { MessagingMetrics } from './messaging-metrics';

describe('MessagingMetrics', () => {
  it('starts the counters of every consumed topic at 0, so the first dead letter is an increase', async () => {
    const registry = new Registry();
    const metrics = new MessagingMetrics(registry);
    metrics.declareConsumers([{ consumer: 'scoring.decisions', topic: 'mcp.evidence.verified.v1' }]);
    const text = await registry.metrics();
    expect(text).toContain('mcp_dead_letters_total{topic="mcp.evidence.verified.v1"} 0');
    expect(text).toContain('mcp_consumer_partition_pauses_total{topic="mcp.evidence.verified.v1"} 0');
    expect(text).toContain('mcp_inbox_duplicates_total{consumer="scoring.decisions",topic="mcp.evidence.verified.v1"} 0');
  });

  it('times every handled record by consumer, topic, partition and outcome, and counts duplicates', async () => {
    const registry = new Registry();
    const metrics = new MessagingMetrics(registry);
    metrics.observeHandled('scoring.decisions', 'mcp.evidence.verified.v1', 2, 'processed', 0.02);
    metrics.observeHandled('scoring.decisions', 'mcp.evidence.verified.v1', 2, 'duplicate', 0.001);
    const text = await registry.metrics();
    expect(text).toContain(
      'mcp_event_handler_duration_seconds_count{consumer="scoring.decisions",topic="mcp.evidence.verified.v1",partition="2",outcome="processed"} 1',
    );
    expect(text).toContain('mcp_inbox_duplicates_total{consumer="scoring.decisions",topic="mcp.evidence.verified.v1"} 1');
  });

  it('reports on each scrape whether the broker answered, so an outage shows although the service serves', async () => {
    const registry = new Registry();
    const metrics = new MessagingMetrics(registry);
    let reachable = true;
    metrics.watchKafkaReachability(async () => reachable);
    expect(await registry.metrics()).toContain('mcp_kafka_reachable 1');
    reachable = false;
    expect(await registry.metrics()).toContain('mcp_kafka_reachable 0');
  });
});
