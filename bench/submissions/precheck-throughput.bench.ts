/**
 * How many small files a second the evidence pre-checks get through (issue 16, done-when 5: the
 * rush measured 1-3 files/s, a worker thread started per file). No database or broker: the
 * inspection layer alone (isolated-inspection.ts's pool), on a one-page text PDF and a PDF like the
 * rush's upload, N files through a pool of C threads with C checks in flight, as the runner keeps it.
 * The first ("before") record in the JSON was taken with the same script on the code before the
 * pool (main 9cd70d1: a new worker thread per file, C files in flight).
 *
 *   node -r @swc-node/register bench/submissions/precheck-throughput.bench.ts
 * Environment: BENCH_FILES (200), BENCH_CONCURRENCY (threads, comma list, 1,2), BENCH_LABEL (written into
 * the result), BENCH_OUT (bench/results/precheck-throughput.json; runs are appended, not replaced).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { InspectionPool } from '../../services/submissions/src/prechecks/isolated-inspection';
import { textPdf } from '../../services/submissions/src/prechecks/evidence-files.fixture';

const files = Number(process.env.BENCH_FILES ?? 200);
const concurrencies = (process.env.BENCH_CONCURRENCY ?? '1,2').split(',').map(Number);
const label = process.env.BENCH_LABEL ?? 'unlabelled';
const out = process.env.BENCH_OUT ?? join(__dirname, '..', 'results', 'precheck-throughput.json');
const limits = { timeMs: 30_000, memoryMb: 256 };
// The rush's upload (bench/platform/rush-load.ts): a PDF header and a comment, which pdf.js cannot open.
const tinyPdf = Buffer.from(`%PDF-1.7
% bukti 3273 1.1.1 ${'0'.repeat(36)}
`);

async function run(name: string, bytes: Buffer, concurrency: number) {
  // Threads as many as checks in flight, as the runner keeps them (PRECHECK_THREADS).
  const pool = new InspectionPool(limits, concurrency);
  const request = { bytes, contentType: 'application/pdf', period: { from: '2095-01-01', to: '2095-12-31' }, maxPagesForText: 100 };
  const durations: number[] = [];
  const statuses: Record<string, number> = {};
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < files) {
        next += 1;
        const t0 = performance.now();
        const outcome = await pool.inspect(request);
        durations.push(performance.now() - t0);
        statuses[outcome.status] = (statuses[outcome.status] ?? 0) + 1;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  await pool.close();
  durations.sort((a, b) => a - b);
  const at = (q: number) => Math.round(durations[Math.min(durations.length - 1, Math.floor(q * durations.length))]);
  const result = { file: name, bytes: bytes.length, concurrency, files, seconds: Number(seconds.toFixed(2)), filesPerSecond: Number((files / seconds).toFixed(1)), p50Ms: at(0.5), p99Ms: at(0.99), statuses };
  console.log(JSON.stringify(result));
  return result;
}

async function main() {
  const onePage = await textPdf(['Laporan kegiatan tanggal 12 Maret 2095, ditandatangani Sekretaris Daerah.']);
  const load = loadavg()[0];
  const runs = [];
  for (const concurrency of concurrencies) {
    runs.push(await run('one-page text PDF', onePage, concurrency));
    runs.push(await run('rush PDF (~100 bytes)', tinyPdf, concurrency));
  }
  const earlier = existsSync(out) ? (JSON.parse(readFileSync(out, 'utf8')) as { runs: unknown[] }).runs : [];
  const record = { label, at: new Date().toISOString(), loadAverageAtStart: Number(load.toFixed(1)), runs };
  writeFileSync(out, `${JSON.stringify({ measures: 'files pre-checked per second by isolated-inspection.ts, no database; concurrency = checks in flight (and, with the pool, its threads)', runs: [...earlier, record] }, null, 2)}\n`);
}

void main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
