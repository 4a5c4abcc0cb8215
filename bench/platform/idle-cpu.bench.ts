import { serviceCatalogue } from '@mcp/service-runtime';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { Client } from 'pg';
import { clockTicks, cores, cpuTicks, cpuTicksIfAlive } from './process-stats';

/*
 * CPU an idle platform uses (issue 16: "an idle platform should use almost no CPU", target ≤ 3% of
 * the machine), measured on the platform `npm run up` runs: the six services' processes, the Kafka
 * broker, and every PostgreSQL process (the services' own backends and the server's), read from
 * /proc over BENCH_IDLE_SECONDS after BENCH_SETTLE_SECONDS with nobody using it, and the commits of
 * the platform's database in that time.
 *   npm run up && npm run bench:idle-cpu
 * A platform beside another (README, "A second platform") is measured with the same MCP_LOCAL_DIR
 * and DATABASE_URL it was started with. Postgres counts the backends of that database and the
 * server's own processes (shared with any other database on the server, so busy neighbours add
 * to it), not the backends of other databases.
 * Writes bench/results/idle-cpu.json. Before docs/decisions.md #35 every relay polled its outbox
 * every 100 ms; now commits wake it and it looks on its own only every 2 s.
 */
const root = join(__dirname, '..', '..');
const settleSeconds = Number(process.env.BENCH_SETTLE_SECONDS ?? 20);
const idleSeconds = Number(process.env.BENCH_IDLE_SECONDS ?? 60);
const localDir = process.env.MCP_LOCAL_DIR ?? '.local';
const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/mcp';

function pidFrom(file: string): number | undefined {
  const path = isAbsolute(localDir) ? join(localDir, file) : join(root, localDir, file);
  if (!existsSync(path)) return undefined;
  const pid = Number(readFileSync(path, 'utf8').trim());
  return existsSync(`/proc/${pid}`) ? pid : undefined;
}

/** The platform database's backends and the server's own processes (checkpointer, WAL writer, …). */
async function postgresPids(client: Client): Promise<number[]> {
  const { rows } = await client.query<{ pid: number }>(
    `SELECT pid FROM pg_stat_activity WHERE (datname = current_database() OR datname IS NULL) AND pid <> pg_backend_pid()`,
  );
  return rows.map((row) => row.pid);
}

async function commits(client: Client): Promise<number> {
  const { rows } = await client.query<{ commits: string }>(
    `SELECT xact_commit AS commits FROM pg_stat_database WHERE datname = current_database()`,
  );
  return Number(rows[0].commits);
}

async function main(): Promise<void> {
  const processes = new Map<string, number[]>();
  for (const { name } of serviceCatalogue) {
    const pid = pidFrom(`run/${name}.pid`);
    if (!pid) throw new Error(`${name} is not running: start the platform with npm run up first`);
    processes.set(name, [pid]);
  }
  const broker = pidFrom('kafka/broker.pid');
  if (broker) processes.set('kafka', [broker]);

  console.log(`idle-cpu: letting the platform settle for ${settleSeconds} s, then measuring ${idleSeconds} s`);
  await new Promise((resolve) => setTimeout(resolve, settleSeconds * 1000));
  const postgres = new Client({ connectionString: databaseUrl, application_name: 'bench-idle-cpu' });
  await postgres.connect();
  const postgresBefore = new Map((await postgresPids(postgres)).map((pid) => [pid, cpuTicks(pid)]));
  // The counter is updated when a backend reports its statistics (at most every second or so).
  const commitsBefore = await commits(postgres);
  const before = new Map([...processes].map(([name, pids]) => [name, pids.reduce((sum, pid) => sum + cpuTicks(pid), 0)]));
  const started = process.hrtime.bigint();
  await new Promise((resolve) => setTimeout(resolve, idleSeconds * 1000));
  const elapsedSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  const shareOfMachine = (ticks: number) => Number(((100 * ticks) / clockTicks / elapsedSeconds / cores).toFixed(2));

  const perProcess: Record<string, number> = {};
  for (const [name, pids] of processes) {
    const now = pids.map((pid) => cpuTicksIfAlive(pid));
    // A platform process that stopped mid-window leaves no figure for it: the run says so rather than count it negative.
    if (now.some((ticks) => ticks === undefined)) throw new Error(`${name} exited during the window: start the platform again and rerun`);
    perProcess[name] = shareOfMachine(now.reduce((sum: number, ticks) => sum + (ticks ?? 0), 0) - (before.get(name) ?? 0));
  }
  // As the rush's ResourceMeter: the backends alive at the end, those that came in between from 0;
  // one that ended in between is left out (its ticks went with it; the services keep pools, few do).
  let postgresTicks = 0;
  let postgresGone = 0;
  for (const pid of new Set([...postgresBefore.keys(), ...(await postgresPids(postgres))])) {
    const now = cpuTicksIfAlive(pid);
    if (now === undefined) postgresGone += 1;
    else postgresTicks += now - (postgresBefore.get(pid) ?? 0);
  }
  // Less this bench's own two reads of the counter.
  const commitsPerSecond = Number((((await commits(postgres)) - commitsBefore - 2) / elapsedSeconds).toFixed(2));
  await postgres.end();
  perProcess['postgres (all processes)'] = shareOfMachine(postgresTicks);

  const services = serviceCatalogue.reduce((sum, { name }) => sum + perProcess[name], 0);
  const platform = services + (perProcess['kafka'] ?? 0) + perProcess['postgres (all processes)'];
  const result = {
    benchmark: 'CPU of an idle platform (npm run up), share of the whole machine',
    date: new Date().toISOString(),
    machine: { cores, loadAverage1mAtEnd: Number(loadavg()[0].toFixed(2)) },
    settleSeconds,
    idleSeconds: Number(elapsedSeconds.toFixed(1)),
    percentOfMachine: perProcess,
    servicesPercent: Number(services.toFixed(2)),
    platformPercent: Number(platform.toFixed(2)),
    target: { platformPercent: 3 },
    targetMet: platform <= 3,
    postgresCommitsPerSecond: commitsPerSecond,
    postgresProcessesGoneDuringWindow: postgresGone,
    note:
      'Keycloak, clamd and the mail catcher are infrastructure of the local set-up, not measured here. Postgres processes that ended ' +
      'during the window are left out (their CPU in it is unknown; results without postgresProcessesGoneDuringWindow counted them negative).',
  };
  writeFileSync(join(root, 'bench/results/idle-cpu.json'), `${JSON.stringify(result, null, 2)}\n`);
  console.log(JSON.stringify(result, null, 2));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
