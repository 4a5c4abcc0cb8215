/**
 * Done-when 1 of the submissions issue: a 1 GiB upload under a 2 GiB limit completes while the
 * service's resident memory grows by less than 100 MiB.
 *
 * Starts the real submissions service (main.ts) in a child process against the test Postgres and
 * broker, samples its VmRSS from /proc/<pid>/status every 50 ms, streams 1 GiB through HTTP
 * (fields first, then the file, as a browser sends a form), checks the answer (201, size, SHA-256)
 * and writes bench/results/upload-memory.json. Runs once per storage driver: local disk, and S3
 * against the local S3-compatible server (deploy/local/s3). Exits 1 if a run misses the target.
 *
 *   node -r @swc-node/register bench/submissions/upload-memory.ts [--driver local|s3] [--gib 1]
 */
import { prepareDatabase } from '@mcp/service-runtime';
import { ensureTestInfrastructure, kafkaPrincipalEnv, provisionTestKafka, testDatabaseUrl, testKafkaBrokers, testToken } from '@mcp/testing';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureTestS3, s3TestEnv } from '../../services/submissions/src/storage/test-s3-server';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;
const GROWTH_LIMIT = 100 * MiB;
const repositoryRoot = join(__dirname, '..', '..');

interface Run {
  storageDriver: string;
  fileBytes: number;
  limitBytes: number;
  baselineRssBytes: number;
  peakRssBytes: number;
  rssGrowthBytes: number;
  rssGrowthMiB: number;
  targetMiB: number;
  passed: boolean;
  uploadSeconds: number;
  throughputMiBPerSecond: number;
  status: number;
  sha256Matches: boolean;
}

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
  return Number(kib) * 1024;
}

async function waitForHealth(port: number, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`submissions exited with ${child.exitCode} during start-up`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/health/ready`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error('submissions did not become ready within 120 s');
}

/** Streams `bytes` of PDF-looking content; resolves with the answer and the client-side SHA-256. */
function uploadStream(port: number, token: string, bytes: number, subIndicatorCode: string) {
  const boundary = `bench-${Date.now()}`;
  const fields = { pemdaCode: '32.73', year: '2024', subIndicatorCode };
  const head =
    Object.entries(fields)
      .map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`)
      .join('') +
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="besar.pdf"\r\nContent-Type: application/pdf\r\n\r\n`;
  const tail = `\r\n--${boundary}--\r\n`;
  const block = randomBytes(MiB);
  block.write('%PDF-1.7\n', 0);
  const hash = createHash('sha256');
  return new Promise<{ status: number; body: { sizeBytes?: number; sha256?: string }; sha256: string }>((resolve, reject) => {
    const call = request({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/v1/evidence',
      headers: {
        Authorization: `Bearer ${token}`,
        'Content-Type': `multipart/form-data; boundary=${boundary}`,
        'Content-Length': Buffer.byteLength(head) + bytes + Buffer.byteLength(tail),
      },
    });
    call.on('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString()), sha256: hash.digest('hex') }),
      );
    });
    call.on('error', reject);
    call.write(head);
    let sent = 0;
    const pump = () => {
      while (sent < bytes) {
        const chunk = block.subarray(0, Math.min(block.length, bytes - sent));
        // Each block differs from the last by its first bytes after the header, so the file is not one repeated MiB.
        if (sent > 0) chunk.writeUInt32BE(sent / MiB, 16);
        hash.update(chunk);
        sent += chunk.length;
        if (!call.write(Buffer.from(chunk))) {
          call.once('drain', pump);
          return;
        }
      }
      call.end(tail);
    };
    pump();
  });
}

async function runOnce(storageDriver: 'local' | 's3', fileBytes: number): Promise<Run> {
  const limitBytes = 2 * GiB;
  const storageDir = mkdtempSync(join(tmpdir(), 'mcp-bench-evidence-'));
  const databaseUrl = testDatabaseUrl.replace(/\/[^/]+$/, '/mcp_bench_submissions');
  // The audit schema too: every upload appends to it.
  await prepareDatabase(databaseUrl, ['submissions']);
  const port = await freePort();
  const env = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: databaseUrl,
    KAFKA_BROKERS: testKafkaBrokers.join(','),
    ...kafkaPrincipalEnv('submissions'),
    LOG_LEVEL: 'warn',
    STORAGE_DIR: storageDir,
    MAX_UPLOAD_BYTES: String(limitBytes),
    // 2024's deadline has passed; the benchmark measures memory, not deadlines.
    UPLOAD_DEADLINES: '2024=2100-01-01T00:00:00+07:00',
    ORPHAN_SWEEP_INTERVAL_MINUTES: '0',
    ...(storageDriver === 's3' ? s3TestEnv(ensureTestS3('mcp-evidence-bench')) : {}),
  };
  const node = [process.execPath, '-r', '@swc-node/register'];
  const migrated = spawnSync(node[0], [...node.slice(1), 'services/submissions/src/main.ts', 'migrate'], { cwd: repositoryRoot, env, stdio: 'inherit' });
  if (migrated.status !== 0) throw new Error('migration failed');
  const child = spawn(node[0], [...node.slice(1), 'services/submissions/src/main.ts'], { cwd: repositoryRoot, env, stdio: ['ignore', 'inherit', 'inherit'] });
  try {
    await waitForHealth(port, child);
    const token = await testToken({ role: 'pemda-operator', subject: 'bench', pemdaCode: '32.73' });
    // Warm-up: the first upload loads code paths (file-type, busboy, the SDK) that then stay loaded.
    const warm = await uploadStream(port, token, 16 * MiB, 'PRC.1.2');
    if (warm.status !== 201 && warm.status !== 200) throw new Error(`warm-up upload answered ${warm.status}: ${JSON.stringify(warm.body)}`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const pid = child.pid as number;
    const baselineRssBytes = rssOf(pid);
    let peakRssBytes = baselineRssBytes;
    const sampler = setInterval(() => {
      peakRssBytes = Math.max(peakRssBytes, rssOf(pid));
    }, 50);
    const started = Date.now();
    const result = await uploadStream(port, token, fileBytes, 'PRC.1.1');
    const uploadSeconds = (Date.now() - started) / 1000;
    clearInterval(sampler);
    peakRssBytes = Math.max(peakRssBytes, rssOf(pid));
    const rssGrowthBytes = peakRssBytes - baselineRssBytes;
    const ok = (result.status === 201 || result.status === 200) && result.body.sizeBytes === fileBytes;
    return {
      storageDriver,
      fileBytes,
      limitBytes,
      baselineRssBytes,
      peakRssBytes,
      rssGrowthBytes,
      rssGrowthMiB: Math.round((rssGrowthBytes / MiB) * 10) / 10,
      targetMiB: GROWTH_LIMIT / MiB,
      passed: ok && result.body.sha256 === result.sha256 && rssGrowthBytes < GROWTH_LIMIT,
      uploadSeconds,
      throughputMiBPerSecond: Math.round(fileBytes / MiB / uploadSeconds),
      status: result.status,
      sha256Matches: result.body.sha256 === result.sha256,
    };
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    rmSync(storageDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const drivers = (argument('driver') ? [argument('driver')] : ['local', 's3']) as ('local' | 's3')[];
  const fileBytes = Number(argument('gib') ?? 1) * GiB;
  ensureTestInfrastructure();
  await provisionTestKafka();
  const runs: Run[] = [];
  for (const driver of drivers) {
    const run = await runOnce(driver, fileBytes);
    console.log(
      `${driver}: ${fileBytes / MiB} MiB in ${run.uploadSeconds.toFixed(1)} s, RSS ${(run.baselineRssBytes / MiB).toFixed(0)} → ` +
        `${(run.peakRssBytes / MiB).toFixed(0)} MiB (growth ${run.rssGrowthMiB} MiB, target < ${run.targetMiB}) ${run.passed ? 'PASS' : 'FAIL'}`,
    );
    runs.push(run);
  }
  mkdirSync(join(repositoryRoot, 'bench', 'results'), { recursive: true });
  writeFileSync(
    join(repositoryRoot, 'bench', 'results', 'upload-memory.json'),
    `${JSON.stringify({ benchmark: 'submissions upload memory', measuredAt: new Date().toISOString(), node: process.version, runs }, null, 2)}\n`,
  );
  if (runs.some((run) => !run.passed)) process.exitCode = 1;
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
