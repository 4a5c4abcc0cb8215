import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client } from 'pg';
import { filter, map, merge, Subject, type Observable } from 'rxjs';
import type { DataSource } from 'typeorm';
import { DELIVERY_CHANNEL, INBOX_CHANNEL } from './delivery.repository';

/** After a lost connection: 1 s, doubled per failed try, at most 30 s between tries, until it is back. */
const RECONNECT_FIRST_MS = 1000;
const RECONNECT_MAX_MS = 30_000;

/**
 * Tells open inbox streams that a user has something new. The signal comes from Postgres (a NOTIFY
 * at commit), not from this process, so a notification written by any replica reaches a browser
 * connected to any other. The same connection tells the dispatcher that a delivery waits to be
 * sent (`deliveriesWaiting`), so it need not poll for one (docs/decisions.md #86). A lost
 * connection is made again, however long Postgres is away; what was notified meanwhile is lost, so
 * once back it tells every listener to look again.
 */
@Injectable()
export class InboxStream implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(InboxStream.name);
  private readonly arrivals = new Subject<string>();
  private readonly waiting = new Subject<void>();
  /** Emits once the connection is back after a loss: a notice may have been missed. */
  private readonly reconnected = new Subject<void>();
  private client?: Client;
  private retry?: NodeJS.Timeout;
  private stopped = false;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async onApplicationBootstrap(): Promise<void> {
    // Awaited, so a notice committed right after start-up is heard; a failure does not stop the
    // service (the dispatcher looks at start and on its poll, the inbox answers from the table).
    await this.listen().catch((error: unknown) => this.reconnectLater(error, 1));
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    this.arrivals.complete();
    this.waiting.complete();
    this.reconnected.complete();
    await this.client?.end().catch(() => undefined);
  }

  /** Emits `userId` whenever something may have arrived for them. */
  arrivalsFor(userId: string): Observable<string> {
    return merge(this.arrivals.pipe(filter((recipient) => recipient === userId)), this.reconnected.pipe(map(() => userId)));
  }

  /** A delivery of any replica committed, due now, or the connection is back and one may have. */
  deliveriesWaiting(): Observable<void> {
    return merge(this.waiting, this.reconnected);
  }

  private async listen(): Promise<void> {
    const options = this.dataSource.options as { url?: string };
    // keepAlive: a connection that died without a word would otherwise listen to nothing, unnoticed,
    // until the kernel gives up on it; the connect timeout keeps an unanswered try from holding the retries.
    const client = new Client({ connectionString: options.url, application_name: 'notification-inbox-stream', keepAlive: true, connectionTimeoutMillis: 10_000 });
    client.on('notification', (message) => {
      if (message.channel === INBOX_CHANNEL && message.payload) this.arrivals.next(message.payload);
      if (message.channel === DELIVERY_CHANNEL) this.waiting.next();
    });
    // A failed connect rejects below; these only see the loss of a connection that was listening.
    client.on('error', (error) => this.lost(client, error.message));
    client.on('end', () => this.lost(client, 'closed'));
    try {
      await client.connect();
      await client.query(`LISTEN ${INBOX_CHANNEL}`);
      await client.query(`LISTEN ${DELIVERY_CHANNEL}`);
    } catch (error) {
      client.end().catch(() => undefined);
      throw error;
    }
    if (this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
  }

  private lost(client: Client, reason: string): void {
    if (client !== this.client || this.stopped) return;
    this.client = undefined;
    this.logger.warn(`Inbox stream lost its connection: ${reason}`);
    client.end().catch(() => undefined);
    this.reconnectLater(undefined, 1);
  }

  private reconnectLater(error: unknown, attempt: number): void {
    if (this.stopped) return;
    const delayMs = Math.min(RECONNECT_MAX_MS, RECONNECT_FIRST_MS * 2 ** (attempt - 1));
    if (error !== undefined) this.logger.warn(`Inbox stream cannot listen (${String(error)}); trying again in ${delayMs} ms`);
    this.retry = setTimeout(() => {
      this.listen().then(
        () => {
          if (this.stopped) return;
          this.logger.log('Inbox stream listens again');
          this.reconnected.next();
        },
        (failure: unknown) => this.reconnectLater(failure, attempt + 1),
      );
    }, delayMs);
    // Waiting to reconnect must not keep a stopping process alive.
    this.retry.unref();
  }
}
