import type { AuthPrincipal } from '@mcp/auth';
import { testDatabaseUrl } from '@mcp/testing';
import type { DataSource } from 'typeorm';
import { claimStack, freshVerificationSchema, insertOpenTasks, openDataSource } from '../../bench/verification/claim-fixture';

/*
 * Done-when 1 of the queue: 200 verifiers claim at once, each claiming again as soon as it has a
 * task, until 10,000 open tasks are gone. The service's own claim code runs against the real
 * database (30 connections, as three service replicas would have), so SKIP LOCKED, the lease
 * update and the history insert are all exercised under contention.
 */
const TASKS = 10_000;
const CLAIMERS = 200;

let dataSource: DataSource;

beforeAll(async () => {
  await freshVerificationSchema(testDatabaseUrl);
  dataSource = await openDataSource(testDatabaseUrl, 30);
  await insertOpenTasks(dataSource, { count: TASKS, wilayah: 'III' });
}, 120_000);

afterAll(async () => {
  await dataSource?.destroy();
});

function verifier(index: number): AuthPrincipal {
  return { subject: `verifier-${index}`, roles: ['verifier'], wilayah: 'III' };
}

it('hands every one of 10,000 tasks to exactly one of 200 simultaneous claimers, each in queue order', async () => {
  const claims = claimStack(dataSource);
  const claimedBy = new Map<string, string[]>();
  const claimer = async (index: number) => {
    const mine: string[] = [];
    for (let task = await claims.claimNext(verifier(index)); task; task = await claims.claimNext(verifier(index))) {
      expect(task.claimedBy).toBe(verifier(index).subject);
      mine.push(task.id);
    }
    claimedBy.set(verifier(index).subject, mine);
  };
  await Promise.all(Array.from({ length: CLAIMERS }, (_, index) => claimer(index)));

  const handedOut = [...claimedBy.values()].flat();
  expect(handedOut).toHaveLength(TASKS);
  expect(new Set(handedOut).size).toBe(TASKS);

  const rows: { id: string; claimed_by: string; status: string; rank: number; claims: number }[] = await dataSource.query(
    `SELECT task.id, task.claimed_by, task.status,
            row_number() OVER (ORDER BY deadline, weight_in_total DESC, created_at, task.id)::int AS rank,
            (SELECT count(*)::int FROM "verification"."task_history" h WHERE h.task_id = task.id AND h.kind = 'claimed') AS claims
       FROM "verification"."task" task`,
  );
  expect(rows).toHaveLength(TASKS);
  const byId = new Map(rows.map((row) => [row.id, row]));
  for (const [subject, ids] of claimedBy) {
    for (const id of ids) {
      expect(byId.get(id)).toMatchObject({ status: 'claimed', claimed_by: subject, claims: 1 });
    }
    // A claimer's next task is always later in the queue order than its previous one: tasks ahead
    // of it were already taken or being taken by someone else.
    const ranks = ids.map((id) => byId.get(id)?.rank ?? -1);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
  }
  // Every claimer was served while the queue lasted: none sat behind another's lock until it ran dry.
  const unserved = [...claimedBy].filter(([, ids]) => ids.length === 0).map(([subject]) => subject);
  expect(unserved).toEqual([]);
}, 120_000);

it('claims in order of deadline, then weight in the total, then age, and never outside the wilayah', async () => {
  await dataSource.query(`DELETE FROM "verification"."task_history"`);
  await dataSource.query(`DELETE FROM "verification"."task_evidence"`);
  await dataSource.query(`DELETE FROM "verification"."task"`);
  const insert = (name: string, wilayah: string, deadline: string, weight: string, createdAt: string) =>
    dataSource.query(
      `INSERT INTO "verification"."task" (id, pemda_code, province_code, wilayah, year, sub_indicator_code, status, deadline,
         weight_in_total, waiting_since, evidence_changed_at, created_at, updated_at)
       VALUES (gen_random_uuid(), $1, '32', $2, 2024, 'PRC.1.1', 'open', $3, $4, $5, $5, $5, $5)`,
      [name, wilayah, deadline, weight, createdAt],
    );
  await insert('late-deadline-heavy-old', 'III', '2025-11-30T16:59:59Z', '9', '2024-01-01T00:00:00Z');
  await insert('early-deadline-light-old', 'III', '2024-11-30T16:59:59Z', '0.5', '2024-01-01T00:00:00Z');
  await insert('early-deadline-heavy-young', 'III', '2024-11-30T16:59:59Z', '1.33306668', '2024-06-01T00:00:00Z');
  await insert('early-deadline-heavy-old', 'III', '2024-11-30T16:59:59Z', '1.33306668', '2024-03-01T00:00:00Z');
  await insert('other-wilayah-most-urgent', 'V', '2023-11-30T16:59:59Z', '50', '2023-01-01T00:00:00Z');
  const claims = claimStack(dataSource);
  const order: string[] = [];
  for (let task = await claims.claimNext(verifier(0)); task; task = await claims.claimNext(verifier(0))) order.push(task.pemdaCode);
  expect(order).toEqual(['early-deadline-heavy-old', 'early-deadline-heavy-young', 'early-deadline-light-old', 'late-deadline-heavy-old']);
});
