import type { Kafka, Producer } from 'kafkajs';
import { DeadLetterPublisher } from './dead-letter-publisher';
import type { InboundMessage } from './inbound-message';

const poison: InboundMessage = { topic: 'mcp.evidence.submitted.v1', partition: 1, offset: '16', key: null, headers: {}, value: Buffer.from('{') };

/** kafkajs as far as the publisher uses it: each producer it makes, and what each was sent. */
function fakeKafka(sendOf: (producerNumber: number) => () => Promise<unknown>) {
  const made: { sent: string[]; disconnected: boolean }[] = [];
  const kafka = {
    producer: () => {
      const number = made.length;
      const record = { sent: [] as string[], disconnected: false };
      made.push(record);
      const send = sendOf(number);
      return {
        connect: async () => undefined,
        disconnect: async () => void (record.disconnected = true),
        send: async ({ topic }: { topic: string }) => {
          await send();
          record.sent.push(topic);
        },
      } as unknown as Producer;
    },
  } as unknown as Kafka;
  return { kafka, made };
}

describe('DeadLetterPublisher (docs/decisions.md #118)', () => {
  afterEach(() => jest.useRealTimers());

  it('gives up a send Kafka never answers, and sends the next on a fresh producer', async () => {
    jest.useFakeTimers();
    const { kafka, made } = fakeKafka((number) => (number === 0 ? () => new Promise(() => undefined) : async () => undefined));
    const publisher = new DeadLetterPublisher(kafka, 'mcp-reporting', undefined, 30_000);

    const first = publisher.publish(poison, 'invalid event: Not a CloudEvent');
    const outcome = expect(first).rejects.toThrow('Kafka did not take the dead letter within 30000 ms');
    await jest.advanceTimersByTimeAsync(30_000);
    await outcome;
    expect(made[0]).toEqual({ sent: [], disconnected: true });

    await publisher.publish(poison, 'invalid event: Not a CloudEvent');
    expect(made).toHaveLength(2);
    expect(made[1].sent).toEqual(['mcp.evidence.submitted.v1.dlq']);
  });

  it('replaces the producer after a send that failed, and keeps it after one that worked', async () => {
    let failures = 1;
    const { kafka, made } = fakeKafka(() => async () => {
      if (failures > 0) {
        failures -= 1;
        throw new Error('This server does not host this topic-partition');
      }
    });
    const publisher = new DeadLetterPublisher(kafka, 'mcp-reporting');
    await expect(publisher.publish(poison, 'r')).rejects.toThrow('This server does not host this topic-partition');
    await publisher.publish(poison, 'r');
    await publisher.publish(poison, 'r');
    expect(made.map((producer) => producer.sent.length)).toEqual([0, 2]);
    expect(made[0].disconnected).toBe(true);
  });
});
