import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { Client } from 'pg';
import { repositoryRoot } from '../../e2e/src/service-process';
import { clockTicks, cores, cpuTicks } from './process-stats';

/*
 * What a statement costs over loopback TCP and over the server's Unix socket, counted in CPU on both
 * sides (this process, as a service's pg client, and the Postgres backends serving it), not in wall
 * time, so a busy host moves both transports alike. docs/decisions.md #109.
 *
 * BENCH_CLIENTS connections (8), each running for BENCH_SECONDS (5) back to back one of two shapes a
 * service sends most: a prepared one-row read (`read`), and an inbox-like write transaction (`write`:
 * BEGIN, a prepared INSERT, COMMIT). Each shape runs BENCH_ROUNDS (3) times per transport, the
 * transports alternating, so drift of the host lands on both; the result keeps every round and the
 * median of each.
 *   node -r @swc-node/register bench/platform/postgres-transport.bench.ts
 * Environment: MCP_BENCH_DATABASE_URL (postgres://postgres@127.0.0.1:5432/mcp_bench_transport, made
 * if missing), BENCH_SOCKET_DIR (the server's first unix_socket_directories), BENCH_OUT
 * (bench/results/postgres-transport.json).
 */
const tcpUrl = process.env.MCP_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/mcp_bench_transport';
const clients = Number(process.env.BENCH_CLIENTS ?? 8);
const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const out = process.env.BENCH_OUT ?? join(repositoryRoot, 'bench', 'results', 'postgres-transport.json');

type Shape = 'read' | 'write';
type Transport = 'tcp' | 'socket';

interface Round {
  shape: Shape;
  transport: Transport;
  statementsPerSecond: number;
  /** CPU of this process (the client) and of the backends, per 1,000 statements (BEGIN and COMMIT count). */
  clientCpuMsPer1000: number;
  backendCpuMsPer1000: number;
  totalCpuMsPer1000: number;
}

async function ensureDatabase(): Promise<void> {
  const admin = new URL(tcpUrl);
  const name = admin.pathname.slice(1);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
  if (rowCount === 0) await client.query(`CREATE DATABASE "${name}"`);
  await client.end();
}

async function socketDirectory(): Promise<string> {
  if (process.env.BENCH_SOCKET_DIR) return process.env.BENCH_SOCKET_DIR;
  const client = new Client({ connectionString: tcpUrl });
  await client.connect();
  const { rows } = await client.query<{ dir: string }>("SELECT split_part(current_setting('unix_socket_directories'), ',', 1) AS dir");
  await client.end();
  if (!rows[0]?.dir.startsWith('/')) throw new Error('The server offers no Unix socket directory (unix_socket_directories)');
  return rows[0].dir;
}

async function runRound(url: string, shape: Shape, transport: Transport): Promise<Round> {
  const connections = await Promise.all(
    Array.from({ length: clients }, async () => {
      const client = new Client({ connectionString: url, application_name: 'transport-bench' });
      await client.connect();
      const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      return { client, pid: rows[0].pid };
    }),
  );
  // Warm: each connection prepares its statements before the clock starts.
  for (const { client } of connections) {
    await client.query({ name: 'read', text: 'SELECT $1::int AS n', values: [1] });
    await client.query({ name: 'write', text: 'INSERT INTO transport_bench (consumer, event_id) VALUES ($1, gen_random_uuid())', values: ['warm'] });
  }
  const backendTicksBefore = connections.reduce((sum, { pid }) => sum + cpuTicks(pid), 0);
  const clientBefore = process.cpuUsage();
  const started = performance.now();
  const until = started + seconds * 1000;
  let statements = 0;
  await Promise.all(
    connections.map(async ({ client }, index) => {
      while (performance.now() < until) {
        if (shape === 'read') {
          await client.query({ name: 'read', text: 'SELECT $1::int AS n', values: [index] });
          statements += 1;
        } else {
          await client.query('BEGIN');
          await client.query({ name: 'write', text: 'INSERT INTO transport_bench (consumer, event_id) VALUES ($1, gen_random_uuid())', values: ['bench'] });
          await client.query('COMMIT');
          statements += 3;
        }
      }
    }),
  );
  const elapsedSeconds = (performance.now() - started) / 1000;
  const clientUsage = process.cpuUsage(clientBefore);
  const backendTicks = connections.reduce((sum, { pid }) => sum + cpuTicks(pid), 0) - backendTicksBefore;
  await Promise.all(connections.map(({ client }) => client.end()));
  const per1000 = (ms: number) => Math.round((ms / statements) * 1000 * 100) / 100;
  const clientMs = (clientUsage.user + clientUsage.system) / 1000;
  const backendMs = (backendTicks / clockTicks) * 1000;
  return {
    shape,
    transport,
    statementsPerSecond: Math.round(statements / elapsedSeconds),
    clientCpuMsPer1000: per1000(clientMs),
    backendCpuMsPer1000: per1000(backendMs),
    totalCpuMsPer1000: per1000(clientMs + backendMs),
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

async function main(): Promise<void> {
  await ensureDatabase();
  const directory = await socketDirectory();
  const socketUrl = `${tcpUrl}?host=${directory}`;
  const setup = new Client({ connectionString: tcpUrl });
  await setup.connect();
  await setup.query('DROP TABLE IF EXISTS transport_bench');
  await setup.query('CREATE TABLE transport_bench (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, consumer text NOT NULL, event_id uuid NOT NULL)');
  await setup.end();

  const results: Round[] = [];
  for (let round = 0; round < rounds; round += 1) {
    for (const shape of ['read', 'write'] as const) {
      // Alternate which transport goes first, so neither always runs on a warmer host.
      const order: Transport[] = round % 2 === 0 ? ['tcp', 'socket'] : ['socket', 'tcp'];
      for (const transport of order) {
        const result = await runRound(transport === 'tcp' ? tcpUrl : socketUrl, shape, transport);
        results.push(result);
        console.log(
          `[transport] ${shape} over ${transport}: ${result.statementsPerSecond} statements/s, CPU per 1,000: ` +
            `client ${result.clientCpuMsPer1000} ms + backends ${result.backendCpuMsPer1000} ms = ${result.totalCpuMsPer1000} ms`,
        );
      }
    }
  }

  const summary = Object.fromEntries(
    (['read', 'write'] as const).map((shape) => {
      const of = (transport: Transport, key: keyof Omit<Round, 'shape' | 'transport'>) =>
        median(results.filter((entry) => entry.shape === shape && entry.transport === transport).map((entry) => entry[key]));
      const tcp = of('tcp', 'totalCpuMsPer1000');
      const socket = of('socket', 'totalCpuMsPer1000');
      return [
        shape,
        {
          medianStatementsPerSecond: { tcp: of('tcp', 'statementsPerSecond'), socket: of('socket', 'statementsPerSecond') },
          medianClientCpuMsPer1000: { tcp: of('tcp', 'clientCpuMsPer1000'), socket: of('socket', 'clientCpuMsPer1000') },
          medianBackendCpuMsPer1000: { tcp: of('tcp', 'backendCpuMsPer1000'), socket: of('socket', 'backendCpuMsPer1000') },
          medianTotalCpuMsPer1000: { tcp, socket },
          socketCpuSaving: Math.round((1 - socket / tcp) * 1000) / 1000,
        },
      ];
    }),
  );
  const result = {
    benchmark: 'one statement over loopback TCP and over the Unix socket, CPU of client and backends (docs/decisions.md #109)',
    measuredAt: new Date().toISOString(),
    machine: { cores, loadAverageAtEnd: loadavg().map((value) => Math.round(value * 10) / 10), node: process.version },
    config: { clients, seconds, rounds, socketDirectory: directory },
    summary,
    rounds: results,
  };
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`[transport] ${JSON.stringify(summary)}`);
  console.log(`[transport] wrote ${out}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
