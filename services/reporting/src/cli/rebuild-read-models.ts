import 'reflect-metadata';
import { kafkaSettingsOf, withServiceContext } from '@mcp/service-runtime';
import { Presets, SingleBar } from 'cli-progress';
import { parseArgs } from 'node:util';
import { ReadModelRebuild, type RebuildResult } from '../rebuild/read-model-rebuild';
import { reportingService } from '../reporting.definition';

/*
 * Rebuilds the reporting read models from offset 0 of the topics they are made from (score.updated,
 * aggregate.updated, year.closed, evidence.submitted, evidence.withdrawn, evidence.verified,
 * decision.refused) into
 * shadow tables and compares them with the live tables.
 *   node -r @swc-node/register services/reporting/src/cli/rebuild-read-models.ts [--apply] [--json]
 * Without --apply it only compares: exit 0 when equal, 1 with differences, 2 on error. With --apply
 * the live tables are brought to the rebuilt state (safe while the service runs: a row it adds
 * after the rebuild began is kept and not counted as a difference, nor a report row it moved
 * forward since). Uses the reporting
 * service's variables (DATABASE_URL, KAFKA_BROKERS). One run at a time per schema (a second one
 * exits 2 at once).
 */
const USAGE = 'Pemakaian: rebuild-read-models.ts [--apply] [--json]   (tanpa --apply hanya membandingkan)';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { apply: { type: 'boolean', default: false }, json: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  // The scratch tables of an interrupted run are dropped by the next one; the lock goes with the connection.
  process.once('SIGINT', () => {
    console.error('\nDihentikan; tabel yang berjalan tidak diubah (interrupted: live tables unchanged unless the apply had committed).');
    process.exit(130);
  });
  const bar = new SingleBar(
    { format: 'Peristiwa {bar} {value}/{total} ({percentage}%) {eta_formatted}', etaBuffer: 50, noTTYOutput: !values.json },
    Presets.shades_classic,
  );
  let started = false;
  const result = await withServiceContext(reportingService, (context, config) =>
    context.get(ReadModelRebuild).run(kafkaSettingsOf(config, reportingService), {
      apply: values.apply ?? false,
      onProgress: ({ read, total }) => {
        if (values.json) return;
        if (!started) bar.start(total, read);
        else bar.update(read);
        started = true;
      },
      onPhase: (phase) => {
        if (values.json) return;
        if (started) bar.stop();
        started = false;
        console.log(phase === 'comparing' ? 'Membandingkan dengan tabel yang berjalan… (comparing)' : 'Menerapkan ke tabel yang berjalan… (applying)');
      },
    }),
  );
  if (started) bar.stop();
  if (values.json) console.log(JSON.stringify(result));
  else printResult(result);
  return result.differenceCount === 0 || result.applied ? 0 : 1;
}

function printResult(result: RebuildResult): void {
  console.log(
    `${result.eventsRead} peristiwa dibaca dalam ${result.seconds.toFixed(1)} detik (${result.eventsPerSecond} peristiwa/detik); ` +
      `${result.eventsApplied} diterapkan, ${result.eventsSkipped} dilewati (duplikat atau tidak sah).`,
  );
  if (result.differenceCount === 0) {
    console.log('Tabel hasil bangun ulang sama dengan tabel yang berjalan (rebuilt tables equal the live ones).');
    return;
  }
  console.log(`${result.differenceCount} baris berbeda (rows differ), mis.: ${result.differences.join(', ')}`);
  if (result.applied) console.log('Tabel yang berjalan telah disamakan dengan hasil bangun ulang (live tables updated).');
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    if (String((error as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS')) console.error(USAGE);
    process.exitCode = 2;
  },
);
