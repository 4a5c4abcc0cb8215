import { Logger } from '@nestjs/common';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { INBOX_CHANNEL } from './delivery.repository';
import { InboxStream } from './inbox-stream';

/**
 * The real pg Client with its network calls stubbed: `answers` says, per connect in turn, whether
 * Postgres takes it (the last answer holds for every later try).
 */
function postgresAnswering(...answers: boolean[]) {
  const clients: Client[] = [];
  jest.spyOn(Client.prototype, 'connect').mockImplementation(async function (this: Client) {
    clients.push(this);
    const answer = answers[Math.min(clients.length, answers.length) - 1];
    if (!answer) throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
  } as () => Promise<void>);
  jest.spyOn(Client.prototype, 'query').mockImplementation((async () => ({ rows: [] })) as never);
  jest.spyOn(Client.prototype, 'end').mockImplementation((async () => undefined) as never);
  return { clients, connects: () => clients.length };
}

describe('InboxStream', () => {
  const dataSource = { options: { url: 'postgres://mcp@127.0.0.1:5432/mcp' } } as unknown as DataSource;

  beforeEach(() => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'queueMicrotask'] });
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
  });

  afterEach(() => {
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  it('listens again after Postgres was away through several tries, and then wakes the dispatcher and the open streams', async () => {
    const postgres = postgresAnswering(true, false, false, true);
    const stream = new InboxStream(dataSource);
    await stream.onApplicationBootstrap();
    let wakes = 0;
    const arrivals: string[] = [];
    stream.deliveriesWaiting().subscribe(() => (wakes += 1));
    stream.arrivalsFor('op-nabire').subscribe((userId) => arrivals.push(userId));
    try {
      postgres.clients[0].emit('error', new Error('terminating connection due to administrator command'));

      await jest.advanceTimersByTimeAsync(1000);
      expect(postgres.connects()).toBe(2); // refused
      await jest.advanceTimersByTimeAsync(1999);
      expect(postgres.connects()).toBe(2); // waits twice as long before the next try
      await jest.advanceTimersByTimeAsync(1);
      expect(postgres.connects()).toBe(3); // refused
      expect(wakes).toBe(0);
      await jest.advanceTimersByTimeAsync(4000);
      expect(postgres.connects()).toBe(4); // taken

      // What was committed meanwhile was notified to no one: everyone looks once.
      expect(wakes).toBe(1);
      expect(arrivals).toEqual(['op-nabire']);
      postgres.clients[3].emit('notification', { channel: INBOX_CHANNEL, payload: 'op-nabire', processId: 1 });
      expect(arrivals).toEqual(['op-nabire', 'op-nabire']);
      await jest.advanceTimersByTimeAsync(120_000);
      expect(postgres.connects()).toBe(4);
    } finally {
      await stream.onApplicationShutdown();
    }
  });

  it('waits at most 30 s between tries, and stops trying at shutdown', async () => {
    const postgres = postgresAnswering(false);
    const stream = new InboxStream(dataSource);
    await stream.onApplicationBootstrap(); // a start without Postgres does not stop the service

    const triedAt: number[] = [];
    for (let second = 1; second <= 91; second += 1) {
      const before = postgres.connects();
      await jest.advanceTimersByTimeAsync(1000);
      if (postgres.connects() > before) triedAt.push(second);
    }
    // 1, 2, 4, 8, 16 s apart, then 30 s.
    expect(triedAt).toEqual([1, 3, 7, 15, 31, 61, 91]);

    await stream.onApplicationShutdown();
    await jest.advanceTimersByTimeAsync(120_000);
    expect(postgres.connects()).toBe(8);
  });
});
