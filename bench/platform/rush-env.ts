import { spawnSync } from 'node:child_process';

/*
 * Imported first by rush.bench.ts: @mcp/testing reads where its broker, clamd and database are when
 * it is loaded, and the rush runs beside the test suite (19092) and the chaos suite (197xx) on
 * ports and a database of its own.
 */
process.env.MCP_TEST_KAFKA_PORT ??= process.env.BENCH_KAFKA_PORT ?? '19492';
process.env.MCP_TEST_CLAMD_PORT ??= String(Number(process.env.MCP_TEST_KAFKA_PORT) + 2);
process.env.MCP_TEST_DATABASE_URL ??=
  process.env.MCP_BENCH_DATABASE_URL ?? preferLocalSocket('postgres://postgres@127.0.0.1:5432/mcp_bench_rush');

/**
 * The platform is co-located with Postgres, as `npm run up` runs it: through the server's Unix
 * socket when it offers one and lets the user in (deploy/local/services.sh, docs/decisions.md #109),
 * else over TCP. Asked of the server itself (through its `postgres` database, since the rush's own
 * is created later), with psql, because this runs before anything asynchronous can.
 */
function preferLocalSocket(url: string): string {
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const ask = (target: string, sql: string) =>
    spawnSync('psql', [target, '-tAXc', sql], { encoding: 'utf8', timeout: 10_000 });
  const directory = ask(admin.toString(), "SELECT split_part(current_setting('unix_socket_directories'), ',', 1)");
  const socketDirectory = directory.status === 0 ? directory.stdout.trim() : '';
  if (!socketDirectory.startsWith('/')) return url;
  const viaSocket = `${admin.toString()}?host=${socketDirectory}`;
  return ask(viaSocket, 'SELECT 1').status === 0 ? `${url}?host=${socketDirectory}` : url;
}

export {};
