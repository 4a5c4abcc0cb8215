import 'reflect-metadata';
import { withServiceContext } from '@mcp/service-runtime';
import { Presets, SingleBar } from 'cli-progress';
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { recomputeYear, type RecomputeReport } from '../recompute/recompute-year';
import { scoringService } from '../scoring.definition';

/*
 * Recomputes every score of a year from the stored decisions and reports any difference from the
 * incrementally maintained scores. Reads only; exit code 0 without differences, 1 with, 2 on error.
 *   node -r @swc-node/register services/scoring/src/cli/recompute.ts --year 2024
 * Uses the scoring service's DATABASE_URL (the same variables as the service).
 */
const USAGE = 'Pemakaian: recompute.ts --year 2024 (usage: --year <year>)';

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { year: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  const year = Number(values.year);
  if (values.help || !Number.isInteger(year)) {
    (values.help ? console.log : console.error)(USAGE);
    return values.help ? 0 : 2;
  }
  const bar = new SingleBar({ format: 'Pemda {bar} {value}/{total} ({percentage}%)' }, Presets.shades_classic);
  const report = await withServiceContext(scoringService, (context) =>
    recomputeYear(context.get(DataSource), year, (done, total) => (done === 1 ? bar.start(total, done) : bar.update(done))),
  );
  bar.stop();
  printReport(report);
  return report.differences.length === 0 ? 0 : 1;
}

function printReport(report: RecomputeReport): void {
  console.log(
    `Tahun ${report.year}, kerangka revisi ${report.frameworkRevision}: ${report.pemdaChecked} Pemda, ` +
      `${report.decisionsRead} keputusan, ${report.regionsChecked} wilayah diperiksa.`,
  );
  if (report.differences.length === 0) {
    console.log('Tidak ada selisih: nilai yang dijaga bertahap sama dengan hitung ulang penuh (no differences).');
    return;
  }
  console.log(`${report.differences.length} selisih (differences):`);
  for (const difference of report.differences) {
    console.log(`- ${difference.key} ${difference.field}: tersimpan ${difference.stored}, hitung ulang ${difference.recomputed}`);
  }
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    if (String((error as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS')) console.error(USAGE);
    process.exitCode = 2;
  },
);
