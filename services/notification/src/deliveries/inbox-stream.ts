import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client } from 'pg';
import { filter, Subject, type Observable } from 'rxjs';
import type { DataSource } from 'typeorm';
import { DELIVERY_CHANNEL, INBOX_CHANNEL } from './delivery.repository';

/**
 * Tells open inbox streams that a user has something new. The signal comes from Postgres (a NOTIFY
 * at commit), not from this process, so a notification written by any replica reaches a browser
 * connected to any other. The same connection tells the dispatcher that a delivery waits to be
 * sent (`deliveriesWaiting`), so it need not poll for one (docs/decisions.md #86).
 */
@Injectable()
export class InboxStream implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(InboxStream.name);
  private readonly arrivals = new Subject<string>();
  private readonly waiting = new Subject<void>();
  private client?: Client;
  private stopped = false;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.listen();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.arrivals.complete();
    this.waiting.complete();
    await this.client?.end().catch(() => undefined);
  }

  arrivalsFor(userId: string): Observable<string> {
    return this.arrivals.pipe(filter((recipient) => recipient === userId));
  }

  /** A delivery of any replica committed, due now. */
  deliveriesWaiting(): Observable<void> {
    return this.waiting.asObservable();
  }

  private async listen(): Promise<void> {
    const options = this.dataSource.options as { url?: string };
    const client = new Client({ connectionString: options.url, application_name: 'notification-inbox-stream' });
    client.on('notification', (message) => {
      if (message.channel === INBOX_CHANNEL && message.payload) this.arrivals.next(message.payload);
      if (message.channel === DELIVERY_CHANNEL) this.waiting.next();
    });
    client.on('error', (error) => {
      this.logger.warn(`Inbox stream lost its connection: ${error.message}`);
      client.end().catch(() => undefined);
      if (!this.stopped) setTimeout(() => void this.listen().catch(() => undefined), 1000).unref();
    });
    await client.connect();
    await client.query(`LISTEN ${INBOX_CHANNEL}`);
    await client.query(`LISTEN ${DELIVERY_CHANNEL}`);
    this.client = client;
  }
}
