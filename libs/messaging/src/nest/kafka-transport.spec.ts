import { Logger } from '@nestjs/common';
import { createServer, type Server } from 'node:net';
import { kafkaTransportOptions, ResilientServerKafka } from './kafka-transport';

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
