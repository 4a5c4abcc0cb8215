import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { writeFileSync, mkdirSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';

/*
 * Issue 16: "compare Nest on Express and on Fastify for these routes and keep what wins (streaming
 * uploads must stay streaming)". Starts bench/platform/http-adapter-server.ts once per adapter, in
 * its own process, and drives the shapes of the hot routes (a validated JSON decision, a claim, a
 * small multipart upload streamed through busboy) closed loop with BENCH_CONCURRENCY (16) keep-alive
 * connections for BENCH_SECONDS (5) each, after a warm-up. Reported per adapter and route: requests/s,
 * p50/p99, and the server process's CPU per request (its own process.cpuUsage, the client excluded).
 * Then one 64 MiB upload per adapter, sent in 64 KiB chunks, with the server's RSS before and after:
 * streaming means it does not grow by the file. The adapters alternate over BENCH_ROUNDS (2) rounds.
 *   node -r @swc-node/register bench/platform/http-adapter.bench.ts   → bench/results/http-adapter.json
 */
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 16);
const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const rounds = Number(process.env.BENCH_ROUNDS ?? 2);
const adapters = ['express', 'fastify'] as const;

interface Server { child: ChildProcess; port: number }

function startServer(adapter: string): Promise<Server> {
  const child = fork(join(__dirname, 'http-adapter-server.ts'), [], {
    execArgv: ['-r', '@swc-node/register'],
    env: { ...process.env, HTTP_ADAPTER: adapter, PORT: '0' },
  });
  return new Promise((resolve, reject) => {
    child.once('message', (message: { port: number }) => resolve({ child, port: message.port }));
    child.once('exit', (code) => reject(new Error(`${adapter} server exited with ${code}`)));
  });
}

const agent = new Agent({ keepAlive: true, maxSockets: concurrency });

function send(port: number, method: string, path: string, headers: Record<string, string>, body?: Buffer | Buffer[]): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    if (Array.isArray(body)) {
      // Chunk by chunk, waiting for the socket to drain: the server sees the file arrive, not a buffer.
      let index = 0;
      const writeNext = (): void => {
        while (index < body.length) if (!req.write(body[index++])) return void req.once('drain', writeNext);
        req.end();
      };
      writeNext();
    } else req.end(body);
  });
}

const boundary = '----mcpbench';
const pdf = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
function multipartHead(): Buffer {
  const field = (name: string, value: string) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  return Buffer.from(
    field('pemdaCode', '32.73') + field('year', '2025') + field('subIndicatorCode', '1.1.1') + field('claimedValue', '100') +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="laporan.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
  );
}
const multipartTail = Buffer.from(`\r\n--${boundary}--\r\n`);
const smallUpload = Buffer.concat([multipartHead(), pdf, multipartTail]);

interface Route { name: string; method: string; path: () => string; headers: Record<string, string>; body: () => Buffer | undefined; expect: number }

const routes: Route[] = [
  { name: 'POST /v1/tasks/:id/decision (JSON, validated)', method: 'POST', path: () => `/v1/tasks/${randomUUID()}/decision`, headers: { 'content-type': 'application/json' }, body: () => Buffer.from(JSON.stringify({ outcome: 'approved', verifiedValue: 100, note: 'Sesuai dokumen pendukung.' })), expect: 201 },
  { name: 'POST /v1/tasks/claim', method: 'POST', path: () => '/v1/tasks/claim', headers: {}, body: () => undefined, expect: 200 },
  { name: 'POST /v1/evidence (multipart, ~80-byte PDF, streamed)', method: 'POST', path: () => '/v1/evidence', headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, body: () => smallUpload, expect: 201 },
];

async function serverCpu(port: number): Promise<{ cpuMicros: number; rssBytes: number }> {
  return JSON.parse((await send(port, 'GET', '/cpu', {})).body) as { cpuMicros: number; rssBytes: number };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

async function drive(port: number, route: Route, forSeconds: number) {
  const latencies: number[] = [];
  const until = performance.now() + forSeconds * 1000;
  const before = await serverCpu(port);
  const startedAt = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < until) {
        const started = performance.now();
        const body = route.body();
        const answer = await send(port, route.method, route.path(), { ...route.headers, ...(body ? { 'content-length': String(body.length) } : {}) }, body);
        if (answer.status !== route.expect) throw new Error(`${route.name}: ${answer.status} ${answer.body.slice(0, 200)}`);
        latencies.push(performance.now() - started);
      }
    }),
  );
  const elapsedSeconds = (performance.now() - startedAt) / 1000;
  const after = await serverCpu(port);
  latencies.sort((a, b) => a - b);
  return {
    requestsPerSecond: Math.round(latencies.length / elapsedSeconds),
    p50Ms: +percentile(latencies, 50).toFixed(2),
    p99Ms: +percentile(latencies, 99).toFixed(2),
    serverCpuMicrosPerRequest: Math.round((after.cpuMicros - before.cpuMicros - 0) / latencies.length),
  };
}

async function largeUpload(port: number) {
  const chunk = Buffer.alloc(64 * 1024, 7);
  const chunks = [multipartHead(), ...Array.from({ length: 1024 }, () => chunk), multipartTail];
  const length = chunks.reduce((sum, part) => sum + part.length, 0);
  const before = await serverCpu(port);
  const answer = await send(port, 'POST', '/v1/evidence', { 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': String(length) }, chunks);
  const after = await serverCpu(port);
  const sizeBytes = (JSON.parse(answer.body) as { sizeBytes: number }).sizeBytes;
  if (sizeBytes !== 64 * 2 ** 20) throw new Error(`64 MiB upload arrived as ${sizeBytes} bytes`);
  return { fileMiB: 64, rssBeforeMiB: Math.round(before.rssBytes / 2 ** 20), rssAfterMiB: Math.round(after.rssBytes / 2 ** 20) };
}

async function main(): Promise<void> {
  const loadAtStart = loadavg()[0];
  const runs: Record<string, unknown>[] = [];
  for (let round = 1; round <= rounds; round += 1) {
    for (const adapter of adapters) {
      const server = await startServer(adapter);
      try {
        for (const route of routes) await drive(server.port, route, 1); // warm-up: JIT, sockets
        const perRoute: Record<string, unknown> = {};
        for (const route of routes) {
          perRoute[route.name] = await drive(server.port, route, seconds);
          console.log(`round ${round} ${adapter.padEnd(7)} ${route.name}: ${JSON.stringify(perRoute[route.name])}`);
        }
        const streaming = await largeUpload(server.port);
        console.log(`round ${round} ${adapter.padEnd(7)} 64 MiB upload: RSS ${streaming.rssBeforeMiB} → ${streaming.rssAfterMiB} MiB`);
        runs.push({ round, adapter, routes: perRoute, largeUpload: streaming });
      } finally {
        server.child.kill();
      }
    }
  }
  agent.destroy();
  const out = process.env.BENCH_OUT ?? join(__dirname, '..', 'results', 'http-adapter.json');
  mkdirSync(join(out, '..'), { recursive: true });
  writeFileSync(
    out,
    `${JSON.stringify({ benchmark: 'Nest on Express vs Fastify, the hot routes\' shapes (docs/decisions.md #99)', measuredAt: new Date().toISOString(), machine: { cpus: cpus().length, loadAverageAtStart: loadAtStart, node: process.version }, concurrency, secondsPerRoute: seconds, runs }, null, 2)}\n`,
  );
  console.log(`${out} written`);
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
