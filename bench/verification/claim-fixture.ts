import 'reflect-metadata';
import { prepareAuditTrail } from '@mcp/audit-trail';
import { OutboxWriter, type OutboxRelay } from '@mcp/messaging';
import { ReferenceData, seedReferenceData } from '@mcp/reference-data';
import { dataSourceOptions, runMigrations, type DatabaseSettings } from '@mcp/service-runtime';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { DecisionRecorder } from '../../services/verification/src/decisions/decision-recorder';
import { DecisionsService } from '../../services/verification/src/decisions/decisions.service';
import { RejectionReasons } from '../../services/verification/src/decisions/rejection-reason.repository';
import { systemClock, type Clock } from '../../services/verification/src/queue-settings/clock';
import type { QueueSettings } from '../../services/verification/src/queue-settings/queue-settings';
import { VerifierScopes } from '../../services/verification/src/routing/verifier-scopes';
import { TaskClaims } from '../../services/verification/src/tasks/task-claims';
import { TaskReader } from '../../services/verification/src/tasks/task-reader';
import { verificationService } from '../../services/verification/src/verification.definition';
import { ClosedYears } from '../../services/verification/src/years/closed-years';

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
  // Every upload names its operator as a contributor of the item (separation of duties): claim-next
  // filters them out for the claimer, so a queue without them would hide that anti-join's cost.
  await dataSource.query(
    `INSERT INTO "verification"."item_contributor" (pemda_code, year, sub_indicator_code, subject, first_seen_at)
     SELECT pemda_code, year, sub_indicator_code, 'operator-' || pemda_code, created_at
       FROM "verification"."task" WHERE wilayah = $1 AND status = 'open'
     ON CONFLICT DO NOTHING`,
    [wilayah],
  );
  await dataSource.query('ANALYZE "verification"."task"');
  await dataSource.query('ANALYZE "verification"."task_evidence"');
  await dataSource.query('ANALYZE "verification"."item_contributor"');
}

/**
 * `count` (up to 9,000) tasks of the shipped 2024 framework's PRC.1.1, each of its own Pemda code
 * (the event contract's NN.NN pattern), already claimed by one of `deciders`
 * verifiers of `wilayah` with a long lease, with one evidence file and its operator as contributor:
 * what a decision needs, so decisions can flow beside the claims.
 */
export async function insertClaimedTasks(dataSource: DataSource, { count, wilayah, deciders }: { count: number; wilayah: string; deciders: number }): Promise<{ id: string; claimedBy: string }[]> {
  const rows: { id: string; claimed_by: string }[] = await dataSource.query(
    `INSERT INTO "verification"."task"
       (id, pemda_code, province_code, wilayah, year, sub_indicator_code, status, claimed_value, claimed_by, claimed_at,
        lease_expires_at, deadline, weight_in_total, waiting_since, revision_rounds, evidence_changed_at, created_at, updated_at)
     SELECT gen_random_uuid(), to_char(10 + (i / 100) % 90, 'FM00') || '.' || to_char(i % 100, 'FM00'), '32', $2, 2024, 'PRC.1.1', 'claimed', 100, 'decider-' || (i % $3), now(),
            now() + interval '1 day', make_timestamptz(2024, 11, 30, 16, 59, 59, 'UTC'), 1.33306668,
            now() - interval '1 hour', 0, now() - interval '1 hour', now() - interval '1 hour', now()
       FROM generate_series(1, $1) i
     RETURNING id, claimed_by`,
    [count, wilayah, deciders],
  );
  await dataSource.query(
    `INSERT INTO "verification"."task_evidence" (evidence_id, task_id, sha256, file_name, size_bytes, claimed_value, submitted_by, submitted_at)
     SELECT gen_random_uuid(), id, repeat('b', 64), 'SK PRC.1.1.pdf', 123456, 100, 'operator-' || pemda_code, waiting_since
       FROM "verification"."task" WHERE wilayah = $1 AND status = 'claimed'`,
    [wilayah],
  );
  await dataSource.query(
    `INSERT INTO "verification"."item_contributor" (pemda_code, year, sub_indicator_code, subject, first_seen_at)
     SELECT pemda_code, year, sub_indicator_code, 'operator-' || pemda_code, created_at
       FROM "verification"."task" WHERE wilayah = $1 AND status = 'claimed' ON CONFLICT DO NOTHING`,
    [wilayah],
  );
  return rows.map((row) => ({ id: row.id, claimedBy: row.claimed_by }));
}

/** The audit schema the decisions write to, as the administrator's step prepares it. */
export async function prepareAudit(url: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await prepareAuditTrail(client);
  } finally {
    await client.end();
  }
}

/**
 * The service's real decision code (DecisionsService with its recorder, outbox writer, wilayah
 * routing, closed years and reference data), wired by hand; the outbox is written, not relayed.
 */
export async function decisionStack(dataSource: DataSource, clock: Clock = systemClock): Promise<DecisionsService> {
  await seedReferenceData(dataSource, verificationService.name);
  const settings = queueSettings(30);
  const outbox = new OutboxWriter(verificationService.name, `/mcp/${verificationService.name}`);
  const scopes = new VerifierScopes(dataSource, outbox, clock);
  const relay = { nudge: () => undefined } as unknown as OutboxRelay;
  return new DecisionsService(
    dataSource,
    new ReferenceData(dataSource),
    scopes,
    new ClosedYears(clock),
    new RejectionReasons(),
    new DecisionRecorder(outbox, settings),
    relay,
    clock,
    settings,
  );
}

function queueSettings(leaseMinutes: number): QueueSettings {
  return {
    leaseMinutes,
    leaseWarningMinutes: 5,
    leaseWarningIntervalMs: 0,
    maxRevisionRounds: 1,
    correctionPeriodDays: 7,
    qaSamplePercent: 10,
    statsTimeZone: 'Asia/Jakarta',
    submissionsPublicUrl: 'http://127.0.0.1:3001',
  };
}

export function claimStack(dataSource: DataSource, { leaseMinutes = 30, clock = systemClock }: { leaseMinutes?: number; clock?: Clock } = {}): TaskClaims {
  const settings = queueSettings(leaseMinutes);
  // Claims write no events; reassignments would land in the outbox, with no relay to send them.
  const outbox = new OutboxWriter(verificationService.name, `/mcp/${verificationService.name}`);
  const scopes = new VerifierScopes(dataSource, outbox, clock);
  return new TaskClaims(dataSource, scopes, new TaskReader(dataSource, scopes, clock, settings), outbox, clock, settings);
}
