import 'reflect-metadata';
import { OutboxWriter } from '@mcp/messaging';
import { dataSourceOptions, runMigrations, type DatabaseSettings } from '@mcp/service-runtime';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { systemClock, type Clock } from '../../services/verification/src/queue-settings/clock';
import type { QueueSettings } from '../../services/verification/src/queue-settings/queue-settings';
import { VerifierScopes } from '../../services/verification/src/routing/verifier-scopes';
import { TaskClaims } from '../../services/verification/src/tasks/task-claims';
import { TaskReader } from '../../services/verification/src/tasks/task-reader';
import { verificationService } from '../../services/verification/src/verification.definition';

/**
 * Shared by the claim benchmark and the concurrency test: a freshly migrated verification schema
 * filled straight from SQL with open tasks, and the service's real claim code (TaskClaims with its
 * reader and wilayah routing), wired by hand instead of through Nest so nothing else runs.
 */
export function verificationSettings(url: string): DatabaseSettings {
  return { url, schema: verificationService.name, entities: verificationService.entities, migrations: verificationService.migrations };
}

export async function freshVerificationSchema(url: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('DROP SCHEMA IF EXISTS "verification" CASCADE');
  } finally {
    await client.end();
  }
  await runMigrations(verificationSettings(url));
}

export async function openDataSource(url: string, poolSize: number): Promise<DataSource> {
  const options = dataSourceOptions(verificationSettings(url));
  const dataSource = new DataSource({ ...options, extra: { ...(options.extra as object), max: poolSize } } as typeof options);
  return dataSource.initialize();
}

/**
 * Inserts `count` open tasks with one evidence file each, spread over three deadlines and many
 * weights so the claim order is exercised, as if the intake had queued them.
 */
export async function insertOpenTasks(dataSource: DataSource, { count, wilayah }: { count: number; wilayah: string }): Promise<void> {
  await dataSource.query(
    `INSERT INTO "verification"."task"
       (id, pemda_code, province_code, wilayah, year, sub_indicator_code, status, claimed_value, deadline,
        weight_in_total, waiting_since, revision_rounds, evidence_changed_at, created_at, updated_at)
     SELECT gen_random_uuid(), 'BENCH-' || $2 || '-' || i, '32', $2, 2024 + i % 3, 'SUB.' || i, 'open', 100,
            make_timestamptz(2024 + i % 3, 11, 30, 16, 59, 59, 'UTC'), ((i * 7919) % 997) / 100.0,
            now() - make_interval(secs => i), 0, now() - make_interval(secs => i), now() - make_interval(secs => i),
            now() - make_interval(secs => i)
       FROM generate_series(1, $1) i`,
    [count, wilayah],
  );
  await dataSource.query(
    `INSERT INTO "verification"."task_evidence" (evidence_id, task_id, sha256, file_name, size_bytes, claimed_value, submitted_by, submitted_at)
     SELECT gen_random_uuid(), id, repeat('a', 64), 'SK ' || sub_indicator_code || '.pdf', 123456, 100, 'operator', waiting_since
       FROM "verification"."task" WHERE wilayah = $1 AND status = 'open'`,
    [wilayah],
  );
  await dataSource.query('ANALYZE "verification"."task"');
  await dataSource.query('ANALYZE "verification"."task_evidence"');
}

export function claimStack(dataSource: DataSource, { leaseMinutes = 30, clock = systemClock }: { leaseMinutes?: number; clock?: Clock } = {}): TaskClaims {
  const settings: QueueSettings = {
    leaseMinutes,
    leaseWarningMinutes: 5,
    leaseWarningIntervalMs: 0,
    maxRevisionRounds: 1,
    correctionPeriodDays: 7,
    qaSamplePercent: 10,
    statsTimeZone: 'Asia/Jakarta',
    submissionsPublicUrl: 'http://127.0.0.1:3001',
  };
  // Claims write no events; reassignments would land in the outbox, with no relay to send them.
  const outbox = new OutboxWriter(verificationService.name, `/mcp/${verificationService.name}`);
  const scopes = new VerifierScopes(dataSource, outbox, clock);
  return new TaskClaims(dataSource, scopes, new TaskReader(dataSource, scopes, clock, settings), outbox, clock, settings);
}
