import 'reflect-metadata';
import { seedReferenceData } from '@mcp/reference-data';
import { databaseSettingsOf, ensureDatabase, loadServiceConfig, runMigrations, sqlTable, withDataSource, withServiceContext } from '@mcp/service-runtime';
import { mkdirSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { SMTPServer } from 'smtp-server';
import { DataSource } from 'typeorm';
import { Clock } from '../../services/notification/src/clock';
import { DeliveryDispatcher } from '../../services/notification/src/dispatch/delivery-dispatcher';
import { notificationService } from '../../services/notification/src/notification.definition';
import { ReminderScheduler } from '../../services/notification/src/reminders/reminder-scheduler';

/*
 * Fan-out of the deadline-day reminder (H-1 of the 2025 deadline) to all 546 Pemda with
 * BENCH_RECIPIENTS_PER_PEMDA (3) recipients each, through the service's real code: the scheduler
 * writes the deliveries (in-app and e-mail) in one transaction per Pemda, then the dispatcher's
 * rounds hand every e-mail to a real SMTP server (smtp-server, discarding the body) until none is due.
 *   npm run bench:reminder-fan-out
 * Records how long the fan-out took, how long until every message was handed to SMTP and the
 * messages per second. Environment: MCP_BENCH_DATABASE_URL (default
 * postgres://postgres@127.0.0.1:5432/mcp_bench; the schema `notification` there is recreated),
 * BENCH_RECIPIENTS_PER_PEMDA, and the service's own DELIVERY_BATCH_SIZE. Writes
 * bench/results/reminder-fan-out.json.
 */
const url = process.env.MCP_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/mcp_bench';
const recipientsPerPemda = Number(process.env.BENCH_RECIPIENTS_PER_PEMDA ?? 3);
const DEADLINE_DAY = new Date('2025-11-29T06:00:00Z'); // 13.00 WIB, H-1 of 30 November 2025 00.00 WIB

class FixedClock extends Clock {
  now(): Date {
    return DEADLINE_DAY;
  }
}

async function freshSchema(env: Record<string, string>): Promise<void> {
  await ensureDatabase(url);
  const client = new Client({ connectionString: url });
  await client.connect();
  await client.query('DROP SCHEMA IF EXISTS "notification" CASCADE');
  await client.end();
  const settings = databaseSettingsOf(loadServiceConfig(notificationService, env), notificationService);
  await runMigrations(settings);
  await withDataSource(settings, async (dataSource: DataSource) => {
    await seedReferenceData(dataSource, 'notification');
    // Operators and the Pemda admin of every Pemda, each with an e-mail address.
    await dataSource.query(
      `INSERT INTO ${sqlTable(dataSource, 'recipient')} (user_id, role, pemda_code, email)
       SELECT 'bench-' || p.code || '-' || n, CASE WHEN n = 1 THEN 'pemda-admin' ELSE 'pemda-operator' END, p.code,
              'staf' || n || '.' || replace(p.code, '.', '-') || '@pemda.go.id'
       FROM ${sqlTable(dataSource, 'pemda')} p, generate_series(1, $1) n`,
      [recipientsPerPemda],
    );
  });
}

async function main(): Promise<void> {
  let handedOver = 0;
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData: (stream, _session, callback) => {
      stream.on('end', () => {
        handedOver += 1;
        callback();
      });
      stream.resume();
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    DATABASE_URL: url,
    SMTP_URL: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`,
    DELIVERY_POLL_INTERVAL_MS: '0',
    REMINDER_INTERVAL_MS: '0',
    LOG_LEVEL: 'warn',
  };
  await freshSchema(env);
  const loadBefore = loadavg()[0];

  const result = await withServiceContext(
    notificationService,
    async (context, config) => {
      const started = performance.now();
      const reminded = await context.get(ReminderScheduler).runOnce();
      const fannedOut = performance.now();
      const dispatcher = context.get(DeliveryDispatcher);
      let rounds = 0;
      while ((await dispatcher.runOnce()) > 0) rounds += 1;
      const finished = performance.now();
      return { reminded, rounds, batchSize: config.DELIVERY_BATCH_SIZE, fanOutMs: fannedOut - started, sendMs: finished - fannedOut, totalMs: finished - started };
    },
    env,
    new FixedClock(),
  );
  await new Promise<void>((resolve) => smtp.close(() => resolve()));

  const [counts] = await withDataSource(databaseSettingsOf(loadServiceConfig(notificationService, env), notificationService), (dataSource) =>
    dataSource.query(
      `SELECT count(*) FILTER (WHERE channel = 'email')::int AS emails, count(*) FILTER (WHERE channel = 'in_app')::int AS "inApp",
              count(*) FILTER (WHERE channel = 'email' AND status <> 'sent')::int AS unsent
       FROM ${sqlTable(dataSource, 'delivery')}`,
    ),
  );
  const seconds = (ms: number) => Math.round(ms) / 1000;
  const report = {
    benchmark: 'reminder-fan-out',
    description: 'Deadline-day reminder to every Pemda: ReminderScheduler writes the deliveries, DeliveryDispatcher hands the e-mails to a real SMTP server',
    measuredAt: new Date().toISOString(),
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model.trim(), memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version, loadAverageAtStart: Math.round(loadBefore * 100) / 100 },
    pemdaReminded: result.reminded,
    recipientsPerPemda,
    emailDeliveries: counts.emails,
    inAppDeliveries: counts.inApp,
    messagesHandedToSmtp: handedOver,
    unsent: counts.unsent,
    dispatcherBatchSize: result.batchSize,
    dispatcherRounds: result.rounds,
    fanOutSeconds: seconds(result.fanOutMs),
    sendSeconds: seconds(result.sendMs),
    secondsUntilAllSent: seconds(result.totalMs),
    messagesPerSecondToSmtp: Math.round(handedOver / (result.sendMs / 1000)),
  };
  console.log(JSON.stringify(report, null, 2));
  const folder = join(__dirname, '..', 'results');
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'reminder-fan-out.json'), `${JSON.stringify(report, null, 2)}\n`);
  if (handedOver !== counts.emails || counts.unsent > 0) {
    console.error(`Not every e-mail was handed over: ${handedOver} of ${counts.emails}`);
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
