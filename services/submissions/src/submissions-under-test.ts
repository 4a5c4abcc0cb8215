import 'reflect-metadata';
import { seedReferenceData } from '@mcp/reference-data';
import { createServiceApp, databaseSettingsOf, loadConfig, runMigrations, withDataSource } from '@mcp/service-runtime';
import { dropSchemas, queryTestDatabase, resetTopics, serviceTestEnv } from '@mcp/testing';
import type { INestApplication } from '@nestjs/common';
import { mkdtempSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Clock } from './deadlines/clock';
import { createStorage } from './storage/create-storage';
import { EVIDENCE_PREFIX, type EvidenceStorage } from './storage/evidence-storage';
import { SubmissionsConfig } from './submissions-config';
import { submissionsService } from './submissions.definition';

/** A clock the test sets: on either side of a deadline, or hours later for the sweeper. */
export class FakeClock extends Clock {
  constructor(private current: Date) {
    super();
  }

  now(): Date {
    return new Date(this.current);
  }

  set(instant: string): void {
    this.current = new Date(instant);
  }
}

/**
 * The submissions service alone, built exactly as main.ts builds it, against the test database
 * and broker, with a settable clock and any configuration (small limits, the S3 driver).
 */
export class SubmissionsUnderTest {
  readonly config: SubmissionsConfig;
  readonly storage: EvidenceStorage;
  private app?: INestApplication;

  constructor(
    readonly clock: FakeClock,
    env: Record<string, string> = {},
  ) {
    this.config = loadConfig(
      SubmissionsConfig,
      serviceTestEnv({
        STORAGE_DIR: mkdtempSync(join(tmpdir(), 'mcp-submissions-')),
        RESUMABLE_STAGING_DIR: mkdtempSync(join(tmpdir(), 'mcp-resumable-')),
        ORPHAN_SWEEP_INTERVAL_MINUTES: '0',
        // Each check is a worker thread loading pdf.js: only the suite about pre-checks pays for them.
        PRECHECK_INTERVAL_MS: '0',
        CONSUMER_RETRY_BACKOFF_MS: '50',
        ...env,
      }),
    );
    this.storage = createStorage(this.config);
  }

  /**
   * A fresh schema (migrated and seeded), then the service listening on a free port. A suite that
   * runs other services beside it empties the topics itself, before any of them starts.
   */
  async start(options: { resetTopics?: boolean } = {}): Promise<void> {
    const settings = databaseSettingsOf(this.config, submissionsService);
    // Empty topics: decisions another suite left unconsumed would reach this one's group and write history.
    if (options.resetTopics ?? true) await resetTopics();
    await dropSchemas([submissionsService.name]);
    await runMigrations(settings);
    await withDataSource(settings, (dataSource) => seedReferenceData(dataSource, settings.schema));
    this.app = await createServiceApp(submissionsService, this.config, this.clock);
    await this.app.listen(0, '127.0.0.1');
  }

  /**
   * Stops the service and starts it again on the same schema, storage and staging (on another port);
   * `overrides` change settings for this run only (e.g. a scanner that cannot be reached).
   */
  async restart(overrides: Partial<SubmissionsConfig> = {}): Promise<void> {
    await this.stop();
    const config = Object.assign(Object.create(Object.getPrototypeOf(this.config) as object) as SubmissionsConfig, this.config, overrides);
    this.app = await createServiceApp(submissionsService, config, this.clock);
    await this.app.listen(0, '127.0.0.1');
  }

  /** Idempotent: a suite may stop the service early and again in afterAll. */
  async stop(): Promise<void> {
    await this.app?.close();
    this.app = undefined;
  }

  http(): unknown {
    if (!this.app) throw new Error('submissions is not running');
    return this.app.getHttpServer();
  }

  /** One of the running service's providers, e.g. to run its periodic sweep now. */
  get<T>(type: new (...args: never[]) => T): T {
    if (!this.app) throw new Error('submissions is not running');
    return this.app.get(type);
  }

  port(): number {
    return ((this.http() as { address(): AddressInfo }).address()).port;
  }

  async objectKeys(): Promise<string[]> {
    const keys: string[] = [];
    for await (const object of this.storage.list(EVIDENCE_PREFIX)) keys.push(object.key);
    return keys.sort();
  }

  async count(sql: string, params: unknown[] = []): Promise<number> {
    const [row] = await queryTestDatabase<{ count: string }>(`SELECT count(*) FROM (${sql}) AS counted`, params);
    return Number(row.count);
  }
}

export interface StreamedUploadResult {
  status: number;
  body: { error?: string; message?: string; id?: string; fileName?: string };
  /** File bytes the client had sent when the answer arrived. */
  bytesSentBeforeAnswer: number;
}

/**
 * Sends a multipart upload as a slow client would: the text fields, then `totalBytes` of file
 * (starting with `head`) in small paced chunks, stopping as soon as the answer arrives. Shows
 * whether the service answers before the file is in, i.e. whether it cut the stream.
 * `nameParameter` replaces `filename="…"`, e.g. by an RFC 5987 `filename*=UTF-8''…`.
 */
export function streamUpload(
  port: number,
  token: string,
  fields: Record<string, string>,
  file: { name: string; head: Buffer; totalBytes: number; nameParameter?: string },
): Promise<StreamedUploadResult> {
  const boundary = `mcp-${Date.now()}`;
  const fieldParts = Object.entries(fields)
    .map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`)
    .join('');
  const fileHeader = `--${boundary}\r\nContent-Disposition: form-data; name="file"; ${file.nameParameter ?? `filename="${file.name}"`}\r\nContent-Type: application/pdf\r\n\r\n`;
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const request = httpRequest({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/v1/evidence',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': `multipart/form-data; boundary=${boundary}` },
    });
    request.on('response', (response) => {
      answered = true;
      const bytesSentBeforeAnswer = sent;
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        request.destroy();
        resolve({ status: response.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString() || '{}'), bytesSentBeforeAnswer });
      });
    });
    request.on('error', (error) => {
      if (!answered) reject(error);
    });
    request.write(fieldParts + fileHeader);
    request.write(file.head);
    sent = file.head.length;
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const pump = () => {
      if (answered) return;
      if (sent >= file.totalBytes) {
        request.end(`\r\n--${boundary}--\r\n`);
        return;
      }
      sent += chunk.length;
      // About 64 MiB/s: fast, yet slow enough that an early answer shows in the byte count.
      const next = () => setTimeout(pump, 1);
      if (request.write(chunk)) next();
      else request.once('drain', next);
    };
    pump();
  });
}
