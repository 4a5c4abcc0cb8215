import { consumerGroupOf } from '@mcp/messaging';
import { DeadLetters } from '@mcp/messaging/testing';
import { serviceDatabaseUrl } from '@mcp/service-runtime';
import { AssignerProtocol, type Admin } from 'kafkajs';
import { execFileSync } from 'node:child_process';
import { Client } from 'pg';
import { repositoryRoot } from '../src/service-process';
import { services, type ChaosPlatform } from './chaos-platform';

/*
 * What must hold after the faults, whatever happened on the way (issue 13). Each check reads the
 * services' own tables and the broker, never what the workload believes it did: an answer lost to
 * a killed replica must not hide a change that was made.
 */
export interface InjectedPoison {
  /** The record keys of what must end in a dead-letter topic, and nothing else may. */
  keys: Set<string>;
  duplicates: number;
}

export interface InvariantResult {
  name: string;
  ok: boolean;
  detail: string;
}

const CONSUMING_SERVICES = services.filter((name) => name !== 'portal');
/**
 * The durable group of every consuming service (`mcp-<service>`), named: the portal's live-view
 * followers (`mcp-portal-follow-<uuid>`) and rebuilds' throwaway groups must not stand in for one.
 */
const SERVICE_GROUPS = CONSUMING_SERVICES.map((name) => consumerGroupOf(name));
/** The consumer groups that read mcp.evidence.submitted.v1, where the poison is injected. */
const POISONED_TOPIC_CONSUMERS = ['mcp-verification', 'mcp-reporting'];

async function query<T = Record<string, unknown>>(platform: ChaosPlatform, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: platform.postgres.url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

async function unpublishedOutboxRows(platform: ChaosPlatform): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const schema of services) {
    const [row] = await query<{ count: number }>(platform, `SELECT count(*)::int AS count FROM "${schema}".outbox WHERE published_at IS NULL`);
    counts[schema] = row.count;
  }
  return counts;
}

interface ConsumerLag {
  /** Per service group: records past its committed offsets, over every partition of every topic it reads. */
  lag: Record<string, number>;
  /** Per service group: the topics counted. */
  topics: Record<string, string[]>;
  /** Why a group's lag cannot be trusted as zero: it does not exist, has no live member, or reads nothing. */
  problems: string[];
}

/**
 * The topics a group reads: what its live members subscribed to when they joined, and any topic it
 * ever committed on. A topic with no commit at all is counted too (from its low offset), so a
 * service that never consumed it shows its whole backlog as lag rather than nothing.
 */
async function topicsOfGroup(admin: Admin, groupId: string, members: { memberMetadata: Buffer }[]): Promise<string[]> {
  const topics = new Set<string>();
  for (const member of members) {
    try {
      for (const topic of AssignerProtocol.MemberMetadata.decode(member.memberMetadata)?.topics ?? []) topics.add(topic);
    } catch {
      // Not a consumer-protocol member: its committed topics below still count.
    }
  }
  for (const { topic } of await admin.fetchOffsets({ groupId })) topics.add(topic);
  return [...topics].sort();
}

/** Lag of every service's durable consumer group over every topic it reads: end offset minus committed. */
async function consumerLag(platform: ChaosPlatform): Promise<ConsumerLag> {
  const admin = platform.kafka('chaos-lag').admin();
  await admin.connect();
  try {
    const { groups } = await admin.describeGroups(SERVICE_GROUPS);
    const result: ConsumerLag = { lag: {}, topics: {}, problems: [] };
    for (const groupId of SERVICE_GROUPS) {
      const group = groups.find((entry) => entry.groupId === groupId);
      const members = group?.members ?? [];
      if (members.length === 0) result.problems.push(`${groupId}: no live member (${group?.state ?? 'no group'})`);
      const topics = await topicsOfGroup(admin, groupId, members);
      result.topics[groupId] = topics;
      if (topics.length === 0) {
        result.problems.push(`${groupId}: reads no topic`);
        continue;
      }
      let total = 0;
      // Committed offsets first, end offsets after: a record appended in between counts as lag, never below zero.
      for (const { topic, partitions } of await admin.fetchOffsets({ groupId, topics })) {
        const ends = await admin.fetchTopicOffsets(topic);
        for (const { partition, high, low } of ends) {
          const offset = Number(partitions.find((entry) => entry.partition === partition)?.offset ?? -1);
          // No commit on the partition (-1): none of its records has been consumed.
          total += Number(high) - (offset < 0 ? Number(low) : offset);
        }
      }
      result.lag[groupId] = total;
    }
    return result;
  } finally {
    await admin.disconnect();
  }
}

const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);
const nonZero = (counts: Record<string, number>) =>
  Object.entries(counts)
    .filter(([, count]) => count !== 0)
    .map(([name, count]) => `${name}=${count}`)
    .join(', ');

/** Outboxes drained and consumer lag zero, twice in a row; gives up after `timeoutMs`. */
export async function waitUntilQuiet(platform: ChaosPlatform, log: (line: string) => void, timeoutMs = 300_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let quietChecks = 0;
  while (Date.now() < deadline) {
    try {
      const outbox = await unpublishedOutboxRows(platform);
      const { lag, problems } = await consumerLag(platform);
      quietChecks = sum(outbox) === 0 && sum(lag) === 0 && problems.length === 0 ? quietChecks + 1 : 0;
      if (quietChecks >= 2) {
        log(`quiet: outboxes drained, consumer lag zero in ${SERVICE_GROUPS.join(', ')}`);
        return;
      }
      if (quietChecks === 0) log(`settling: outbox ${nonZero(outbox) || 'drained'}; lag ${nonZero(lag) || 'zero'}${problems.length > 0 ? `; ${problems.join('; ')}` : ''}`);
    } catch (error) {
      log(`settling: ${(error as Error).message}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 5_000));
  }
  log('not quiet before the deadline: the invariants will say what is left');
}

export async function checkInvariants(platform: ChaosPlatform, year: number, poison: InjectedPoison): Promise<InvariantResult[]> {
  const results: InvariantResult[] = [];
  const check = async (name: string, run: () => Promise<{ ok: boolean; detail: string }>) => {
    try {
      results.push({ name, ...(await run()) });
    } catch (error) {
      results.push({ name, ok: false, detail: `check failed: ${(error as Error).message}` });
    }
  };

  await check('every accepted upload has exactly one task', async () => {
    const rows = await query<{ id: string; tasks: number }>(
      platform,
      `SELECT e.id, count(t.evidence_id)::int AS tasks FROM submissions.evidence e
       LEFT JOIN verification.task_evidence t ON t.evidence_id = e.id WHERE e.year = $1 GROUP BY e.id`,
      [year],
    );
    const wrong = rows.filter((row) => row.tasks !== 1);
    const orphanTasks = await query(platform, `SELECT t.evidence_id FROM verification.task_evidence t LEFT JOIN submissions.evidence e ON e.id = t.evidence_id WHERE e.id IS NULL`);
    return {
      ok: rows.length > 0 && wrong.length === 0 && orphanTasks.length === 0,
      detail: `${rows.length} uploads; ${wrong.length} without exactly one task; ${orphanTasks.length} tasks for no upload`,
    };
  });

  await check('every decision is counted exactly once', async () => {
    const rows = await query<{ id: string; counted: number }>(
      platform,
      `SELECT d.id, count(l.decision_id)::int AS counted FROM verification.decision d
       LEFT JOIN scoring.decision_log l ON l.decision_id = d.id WHERE d.year = $1 GROUP BY d.id`,
      [year],
    );
    const wrong = rows.filter((row) => row.counted !== 1);
    const unknown = await query(platform, `SELECT l.decision_id FROM scoring.decision_log l LEFT JOIN verification.decision d ON d.id = l.decision_id WHERE d.id IS NULL`);
    return {
      ok: rows.length > 0 && wrong.length === 0 && unknown.length === 0,
      detail: `${rows.length} decisions; ${wrong.length} not counted exactly once by scoring; ${unknown.length} counted but never made`,
    };
  });

  await check('incremental scores equal a full recompute', async () => {
    try {
      const output = execFileSync(process.execPath, ['-r', '@swc-node/register', 'services/scoring/src/cli/recompute.ts', '--year', String(year)], {
        cwd: repositoryRoot,
        env: { ...process.env, NODE_OPTIONS: '', ...platform.envOf('scoring', 0), DATABASE_URL: serviceDatabaseUrl(platform.postgres.url, 'scoring') },
        stdio: ['ignore', 'pipe', 'pipe'],
      }).toString();
      return { ok: true, detail: lastLine(output) };
    } catch (error) {
      const failed = error as { status?: number; stdout?: Buffer; stderr?: Buffer };
      return { ok: false, detail: `recompute exit ${failed.status}: ${lastLine(`${failed.stdout ?? ''}${failed.stderr ?? ''}`)}` };
    }
  });

  await check("verification, submissions and scoring agree on every decision's outcome", async () => {
    // The decision in force per item: the highest sequence in verification and in scoring; the status of its evidence in submissions.
    const rows = await query<{ pemda_code: string; sub_indicator_code: string; verification: string; scoring: string | null; submissions: string[] }>(
      platform,
      `WITH v AS (SELECT DISTINCT ON (pemda_code, sub_indicator_code) pemda_code, sub_indicator_code, outcome, task_id
                  FROM verification.decision WHERE year = $1 ORDER BY pemda_code, sub_indicator_code, sequence DESC),
            s AS (SELECT DISTINCT ON (pemda_code, sub_indicator_code) pemda_code, sub_indicator_code, outcome
                  FROM scoring.decision_log WHERE year = $1 ORDER BY pemda_code, sub_indicator_code, sequence DESC)
       SELECT v.pemda_code, v.sub_indicator_code, v.outcome AS verification, s.outcome AS scoring,
              array(SELECT e.status FROM verification.task_evidence t JOIN submissions.evidence e ON e.id = t.evidence_id
                    WHERE t.task_id = v.task_id AND t.withdrawn_at IS NULL) AS submissions
       FROM v LEFT JOIN s USING (pemda_code, sub_indicator_code)`,
      [year],
    );
    const disagreeing = rows.filter((row) => row.scoring !== row.verification || row.submissions.length === 0 || row.submissions.some((status) => status !== row.verification));
    return {
      ok: rows.length > 0 && disagreeing.length === 0,
      detail:
        `${rows.length} items decided; ${disagreeing.length} disagree` +
        (disagreeing.length > 0 ? ` (e.g. ${JSON.stringify(disagreeing.slice(0, 2))})` : ''),
    };
  });

  await check('outboxes drained', async () => {
    const outbox = await unpublishedOutboxRows(platform);
    return { ok: sum(outbox) === 0, detail: sum(outbox) === 0 ? 'no unpublished row in any service' : `unpublished: ${nonZero(outbox)}` };
  });

  await check('consumer lag zero', async () => {
    const { lag, topics, problems } = await consumerLag(platform);
    const measured = SERVICE_GROUPS.filter((groupId) => groupId in lag);
    const subscriptions = Object.values(topics).reduce((count, list) => count + list.length, 0);
    return {
      ok: sum(lag) === 0 && problems.length === 0 && measured.length === SERVICE_GROUPS.length,
      detail:
        sum(lag) === 0 && problems.length === 0
          ? `${measured.length} service consumer groups (${measured.join(', ')}) at the end of all ${subscriptions} topics they read`
          : [sum(lag) === 0 ? '' : `lag: ${nonZero(lag)}`, ...problems].filter(Boolean).join('; '),
    };
  });

  await check('dead-letter topics hold exactly the injected poison, each with its reason', async () => {
    const deadLetters = new DeadLetters(platform.kafka('chaos-dead-letters'));
    const kept = (await deadLetters.summaries()).filter((summary) => summary.kept > 0);
    const letters = (await Promise.all(kept.map((summary) => deadLetters.list(summary.topic, { includeHandled: true })))).flat();
    const keyOf = (letter: { key: Buffer | null }) => letter.key?.toString() ?? '';
    const unexpected = letters.filter((letter) => !poison.keys.has(keyOf(letter)));
    const withoutReason = letters.filter((letter) => !letter.reason);
    // Every consumer group of the poisoned topic dead-letters each poison record once. A record may
    // be dead-lettered again when its offset commit is lost (a replica killed, the brokers paused
    // right after): counted apart, since replaying it twice is harmless (consumers dedupe by id).
    const distinct = new Map<string, (typeof letters)[number]>();
    for (const letter of letters) distinct.set(`${letter.consumer} ${letter.source}`, letter);
    const expectedPairs = [...poison.keys].flatMap((key) => POISONED_TOPIC_CONSUMERS.map((consumer) => `${consumer} ${key}`));
    const pairs = new Set([...distinct.values()].map((letter) => `${letter.consumer} ${keyOf(letter)}`));
    const missing = expectedPairs.filter((pair) => !pairs.has(pair));
    return {
      ok: unexpected.length === 0 && withoutReason.length === 0 && missing.length === 0,
      detail:
        `${distinct.size} dead letters (${letters.length - distinct.size} more re-sent after a lost offset commit) for ${poison.keys.size} poison records × ` +
        `${POISONED_TOPIC_CONSUMERS.length} consumer groups (${kept.map((summary) => `${summary.topic}=${summary.kept}`).join(', ')}); ` +
        `${missing.length} not dead-lettered; ${unexpected.length} unexpected; ${withoutReason.length} without reason` +
        (missing.length > 0 ? ` (e.g. ${missing[0]})` : '') +
        (unexpected.length > 0 ? ` (e.g. ${unexpected[0].consumer}: ${unexpected[0].reason.slice(0, 160)})` : '') +
        (letters.length > 0 && unexpected.length === 0 ? ` (e.g. ${letters[0].consumer}: ${letters[0].reason.slice(0, 100)})` : ''),
    };
  });

  await check('no lost or duplicate notification', async () => {
    const rows = await query<{ event_id: string; notifications: number }>(
      platform,
      `SELECT o.event_id, count(n.id)::int AS notifications FROM verification.outbox o
       LEFT JOIN notification.notification n ON n.source_event_id = o.event_id
       WHERE o.topic = 'mcp.evidence.verified.v1' GROUP BY o.event_id`,
    );
    const lost = rows.filter((row) => row.notifications === 0).length;
    const duplicated = rows.filter((row) => row.notifications > 1).length;
    const [{ count: total }] = await query<{ count: number }>(platform, `SELECT count(*)::int AS count FROM notification.notification`);
    return {
      ok: rows.length > 0 && lost === 0 && duplicated === 0 && total === rows.length,
      detail: `${rows.length} decisions published, ${total} notifications; ${lost} lost, ${duplicated} duplicated`,
    };
  });

  return results;
}

function lastLine(text: string): string {
  const lines = text.trim().split('\n').filter((line) => line.trim().length > 0);
  // Without the terminal's colour codes (ESC [ … m).
  return (lines.at(-1) ?? '').split(String.fromCharCode(27)).map((part, index) => (index === 0 ? part : part.replace(/^\[[0-9;]*m/, ''))).join('').slice(0, 200);
}

/** A plain text table: what a CI log shows well. */
export function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((title, column) => Math.min(110, Math.max(title.length, ...rows.map((row) => row[column].length))));
  const line = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column])).join(' | ');
  console.log(line(header));
  console.log(widths.map((width) => '-'.repeat(width)).join('-+-'));
  for (const row of rows) console.log(line(row));
}
