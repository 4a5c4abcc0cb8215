import { Logger } from '@nestjs/common';
import { Client } from 'pg';
import type { DataSource, EntityManager } from 'typeorm';
import { schemaOf } from '@mcp/service-runtime';

const CHANNEL = 'mcp_reference_data';

/**
 * Tells every replica of this service (every connection listening on the same database) that
 * its reference data changed. Postgres delivers a NOTIFY only when the transaction commits, so no
 * replica can reload and cache the old copy in between.
 */
export async function announceReferenceDataChange(tx: EntityManager, schema = schemaOf(tx)): Promise<void> {
  await tx.query('SELECT pg_notify($1, $2)', [CHANNEL, schema]);
}

/**
 * Listens for those notices on a connection of its own and calls `onChange` for this service's
 * schema. After a lost connection it reconnects and calls `onChange` once, since a notice may
 * have been missed while it was away.
 */
export class ReferenceDataChangeListener {
  private readonly logger = new Logger(ReferenceDataChangeListener.name);
  private client?: Client;
  private stopped = false;
  private retry?: NodeJS.Timeout;

  constructor(
    private readonly dataSource: DataSource,
    private readonly onChange: () => void,
  ) {}

  async start(): Promise<void> {
    const schema = schemaOf(this.dataSource);
    const options = this.dataSource.options as { url?: string };
    const client = new Client({ connectionString: options.url, application_name: `${schema}-reference-data` });
    client.on('notification', (message) => {
      if (message.channel === CHANNEL && message.payload === schema) this.onChange();
    });
    client.on('error', (error) => {
      this.logger.warn(`Reference data listener lost its connection: ${error.message}`);
      this.reconnectLater();
    });
    await client.connect();
    await client.query(`LISTEN ${CHANNEL}`);
    this.client = client;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    await this.client?.end().catch(() => undefined);
  }

  private reconnectLater(): void {
    if (this.stopped) return;
    this.client?.end().catch(() => undefined);
    this.client = undefined;
    clearTimeout(this.retry);
    this.retry = setTimeout(() => {
      this.start()
        .then(() => this.onChange())
        .catch(() => this.reconnectLater());
    }, 1000);
    this.retry.unref();
  }
}
