import type { Admin, Kafka } from 'kafkajs';
import { KafkaReadiness } from './kafka-readiness';

/** A broker as kafkajs's admin sees it: answering, refusing, or silent; counts what the probe asks. */
class StubBroker {
  mode: 'answers' | 'refuses' | 'silent' = 'answers';
  admins = 0;
  connects = 0;
  disconnects = 0;
  metadataRequests = 0;

  kafka(): Kafka {
    return {
      admin: () => {
        this.admins += 1;
        return {
          connect: async () => {
            this.connects += 1;
            await this.answer();
          },
          describeCluster: async () => {
            this.metadataRequests += 1;
            await this.answer();
            return { brokers: [], controller: 1, clusterId: 'stub' };
          },
          disconnect: async () => {
            this.disconnects += 1;
          },
        } as unknown as Admin;
      },
    } as unknown as Kafka;
  }

  private answer(): Promise<void> {
    if (this.mode === 'refuses') return Promise.reject(new Error('Connection refused'));
    if (this.mode === 'silent') return new Promise(() => undefined);
    return Promise.resolve();
  }
}

describe('KafkaReadiness', () => {
  it('keeps one connection across probes: one handshake, one metadata request per probe', async () => {
    const broker = new StubBroker();
    const readiness = new KafkaReadiness(broker.kafka());
    expect(await readiness.isReachable()).toBe(true);
    expect(await readiness.isReachable()).toBe(true);
    expect(await readiness.isReachable()).toBe(true);
    expect(broker).toMatchObject({ admins: 1, connects: 1, metadataRequests: 3, disconnects: 0 });
    await readiness.stop();
    expect(broker.disconnects).toBe(1);
  });

  it('answers probes that arrive together with one request', async () => {
    const broker = new StubBroker();
    const readiness = new KafkaReadiness(broker.kafka());
    expect(await Promise.all([readiness.isReachable(), readiness.isReachable(), readiness.isReachable()])).toEqual([true, true, true]);
    expect(broker.metadataRequests).toBe(1);
    await readiness.stop();
  });

  it('drops the connection when the broker refuses, and connects afresh once it is back', async () => {
    const broker = new StubBroker();
    const readiness = new KafkaReadiness(broker.kafka());
    expect(await readiness.isReachable()).toBe(true);
    broker.mode = 'refuses';
    expect(await readiness.isReachable()).toBe(false);
    expect(broker.disconnects).toBe(1);
    broker.mode = 'answers';
    expect(await readiness.isReachable()).toBe(true);
    expect(broker).toMatchObject({ admins: 2, connects: 2 });
    await readiness.stop();
  });

  it('says unreachable when the broker does not answer in time, and drops that connection too', async () => {
    const broker = new StubBroker();
    const readiness = new KafkaReadiness(broker.kafka(), 50);
    broker.mode = 'silent';
    expect(await readiness.isReachable()).toBe(false);
    expect(broker.disconnects).toBe(1);
    broker.mode = 'answers';
    expect(await readiness.isReachable()).toBe(true);
    expect(broker.admins).toBe(2);
    await readiness.stop();
  });

  it('answers false after stop without asking the broker', async () => {
    const broker = new StubBroker();
    const readiness = new KafkaReadiness(broker.kafka());
    await readiness.stop();
    expect(await readiness.isReachable()).toBe(false);
    expect(broker.admins).toBe(0);
  });
});
