import type { Kafka } from 'kafkajs';
import { Client } from 'pg';
import { clockTicks, cores, cpuTicks, residentMiBOf } from './process-stats';

export { cores } from './process-stats';

/*
 * What the rush reads besides its own clocks: CPU and memory of each process from /proc
 * (process-stats.ts, shared with idle-cpu.bench.ts), Postgres's commit counter of the rush's
 * database, and every service's consumer lag from the broker's committed offsets.
 */
export interface Percentiles {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export function percentiles(values: number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  // Nearest rank: the value a share of the samples is at or under, never an interpolation.
  const at = (share: number) => (sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)]);
  const round = (value: number) => Math.round(value * 10) / 10;
  return { count: sorted.length, p50: round(at(0.5)), p95: round(at(0.95)), p99: round(at(0.99)), max: round(sorted.at(-1) ?? 0) };
}

/**
 * The database's own counters and backends. Every query this client sends is itself a commit, so
 * it counts them and `commitsSince` leaves them out.
 */
export class DatabaseProbe {
  private ownQueries = 0;

  private constructor(
    private readonly client: Client,
    readonly databaseName: string,
  ) {}

  static async connect(url: string): Promise<DatabaseProbe> {
    const client = new Client({ connectionString: url });
    await client.connect();
    return new DatabaseProbe(client, new URL(url).pathname.slice(1));
  }

  async query<T>(sql: string, values: unknown[] = []): Promise<T[]> {
    this.ownQueries += 1;
    return (await this.client.query(sql, values)).rows as T[];
  }

  /** xact_commit of the database and how many of those were this probe's. */
  async commits(): Promise<{ commits: number; own: number }> {
    // Backends report their counters at most once a second (idle ones later): the caller reads
    // after the work has drained and a pause, so the window holds every commit of its work.
    const [row] = await this.query<{ commits: string }>('SELECT xact_commit::text AS commits FROM pg_stat_database WHERE datname = $1', [this.databaseName]);
    return { commits: Number(row.commits), own: this.ownQueries };
  }

  /** The server processes of the services' connections to this database (not the shared writer processes). */
  async backendPids(): Promise<number[]> {
    const rows = await this.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [this.databaseName]);
    return rows.map((row) => row.pid);
  }

  end(): Promise<void> {
    return this.client.end();
  }
}

export interface ResourceWindow {
  /** Share of the whole machine (all cores) per process over the window, in percent. */
  cpuPercentOfMachine: Record<string, number>;
  /** CPU milliseconds per process over the window. */
  cpuMs: Record<string, number>;
  /** The largest VmRSS seen per process while the window was open. */
  maxRssMiB: Record<string, number>;
}

/**
 * CPU ticks per named process between `start` and `finish`, and the RSS peak of each while sampled.
 * Postgres counts as the backends serving the rush's database; backends that came and went in
 * between count from 0.
 */
export class ResourceMeter {
  private startTicks = new Map<string, number>();
  private startBackends = new Map<number, number>();
  private startedAt = 0;
  private peakRss = new Map<string, number>();

  constructor(
    private readonly pids: () => Record<string, number>,
    private readonly database: DatabaseProbe,
  ) {}

  async start(): Promise<void> {
    this.startTicks = new Map(Object.entries(this.pids()).map(([name, pid]) => [name, cpuTicks(pid)]));
    this.startBackends = new Map((await this.database.backendPids()).map((pid) => [pid, cpuTicks(pid)]));
    this.peakRss.clear();
    this.startedAt = performance.now();
    this.sample();
  }

  sample(): void {
    for (const [name, pid] of Object.entries(this.pids())) this.peakRss.set(name, Math.max(this.peakRss.get(name) ?? 0, residentMiBOf(pid)));
  }

  async finish(): Promise<ResourceWindow> {
    this.sample();
    const seconds = (performance.now() - this.startedAt) / 1000;
    const ticks: Record<string, number> = {};
    for (const [name, pid] of Object.entries(this.pids())) ticks[name] = cpuTicks(pid) - (this.startTicks.get(name) ?? 0);
    ticks['postgres (rush database backends)'] = (await this.database.backendPids()).reduce(
      (sum, pid) => sum + cpuTicks(pid) - (this.startBackends.get(pid) ?? 0),
      0,
    );
    const round = (value: number) => Math.round(value * 10) / 10;
    return {
      cpuPercentOfMachine: Object.fromEntries(Object.entries(ticks).map(([name, t]) => [name, round((100 * t) / clockTicks / seconds / cores)])),
      cpuMs: Object.fromEntries(Object.entries(ticks).map(([name, t]) => [name, Math.round((1000 * t) / clockTicks)])),
      maxRssMiB: Object.fromEntries([...this.peakRss].map(([name, mib]) => [name, round(mib)])),
    };
  }
}

/** End offset minus committed offset, summed over every topic each service's group reads. */
/**
 * Records the broker has appended to `__consumer_offsets` so far: one per partition named by an
 * OffsetCommit (and a few per rebalance), so the difference over a step counts the services' offset
 * commits from the broker's side (docs/decisions.md #111).
 */
export async function offsetCommitRecords(kafka: Kafka): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return (await admin.fetchTopicOffsets('__consumer_offsets')).reduce((sum, partition) => sum + Number(partition.high), 0);
  } finally {
    await admin.disconnect();
  }
}

export async function consumerLag(kafka: Kafka): Promise<Record<string, number>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    // The services' durable groups; the portal's live-view followers (`…-follow-<uuid>`) commit nothing.
    const groups = (await admin.listGroups()).groups.map((group) => group.groupId).filter((id) => id.startsWith('mcp-') && !id.includes('-follow-'));
    const lag: Record<string, number> = {};
    const ends = new Map<string, { partition: number; high: string; low: string }[]>();
    for (const groupId of groups.sort()) {
      let total = 0;
      for (const { topic, partitions } of await admin.fetchOffsets({ groupId })) {
        if (!ends.has(topic)) ends.set(topic, await admin.fetchTopicOffsets(topic));
        for (const { partition, offset } of partitions) {
          const end = ends.get(topic)?.find((entry) => entry.partition === partition);
          if (!end) continue;
          const committed = Number(offset) < 0 ? Number(end.low) : Number(offset);
          // The end offsets are read once per sample, the group's offsets after: never count below zero.
          total += Math.max(0, Number(end.high) - committed);
        }
      }
      lag[groupId] = total;
    }
    return lag;
  } finally {
    await admin.disconnect();
  }
}
