import 'reflect-metadata';
import { DomainError, withServiceContext } from '@mcp/service-runtime';
import { readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import type { ImportProblemView } from '../frameworks/import-problem.view';
import type { FrameworkRevisionView } from '../frameworks/framework-revision.view';
import { FrameworksService } from '../frameworks/frameworks.service';
import { scoringService } from '../scoring.definition';

/*
 * The same import (and publish) as POST /v1/frameworks/import, for an admin at a terminal:
 *   node -r @swc-node/register services/scoring/src/cli/import-framework.ts <file.json|file.xlsx> [--publish [--confirm-removed CODE,...]]
 * A revision that drops sub-indicators is published only with --confirm-removed listing exactly
 * those (their unfinished verification tasks are cancelled, docs/decisions.md #166). Writes to the scoring database (DATABASE_URL). A publication waits in the outbox and reaches
 * Kafka through the running scoring service's relay. Exit code 0 on success, 1 when refused.
 */
const USAGE = 'Pemakaian: import-framework.ts <berkas.json|berkas.xlsx> [--publish [--confirm-removed KODE,...]]';

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    options: { publish: { type: 'boolean' }, 'confirm-removed': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    allowPositionals: true,
  });
  if (values.help || positionals.length !== 1) {
    (values.help ? console.log : console.error)(USAGE);
    return values.help ? 0 : 2;
  }
  const confirmedRemovals = (values['confirm-removed'] ?? '').split(',').map((code) => code.trim()).filter(Boolean);
  const file = positionals[0];
  const actor = `cli:${userInfo().username}`;
  // The service's own module graph as a standalone context: no HTTP, no consumers, no relay.
  return withServiceContext(scoringService, async (context) => {
    const frameworks = context.get(FrameworksService);
    try {
      const draft = await frameworks.importDraft(actor, { kind: 'file', fileName: basename(file), content: readFileSync(file) });
      console.log(`Draf tersimpan: ${describe(draft)}`);
      if (draft.removedSubIndicators?.length) {
        console.log(`Revisi ini menghapus sub-indikator ${draft.removedSubIndicators.join(', ')}; tugas yang belum selesai akan dibatalkan.`);
      }
      if (!values.publish) {
        console.log(`Terbitkan dengan --publish, atau POST /v1/frameworks/${draft.year}/revisions/${draft.revision}/publish`);
        return 0;
      }
      const published = await frameworks.publish(actor, draft.year, draft.revision, confirmedRemovals);
      console.log(`Terbit: ${describe(published)}`);
      console.log('mcp.framework.published.v1 menunggu di outbox; layanan scoring yang berjalan mengirimkannya ke Kafka.');
      return 0;
    } catch (error) {
      return reportRefusal(error);
    }
  });
}

function describe(view: FrameworkRevisionView): string {
  const { areas, indicators, subIndicators, requiredEvidence } = view.counts;
  return (
    `kerangka ${view.year} revisi ${view.revision} "${view.name}" (${areas} area, ${indicators} indikator, ` +
    `${subIndicators} subindikator, ${requiredEvidence} dokumen)`
  );
}

function reportRefusal(error: unknown): number {
  if (!(error instanceof DomainError)) throw error;
  console.error(`Ditolak (${error.code}): ${error.message}`);
  if (error.code === 'SUB_INDICATORS_REMOVED') {
    // The draft is stored: publish it (not a new import, which would leave this one behind).
    console.error('Drafnya tersimpan. Bila memang disengaja, terbitkan draf itu di halaman Kelola, atau POST .../publish dengan confirmRemovedSubIndicators berisi daftar di atas.');
  }
  const problems = (error.details?.problems ?? []) as ImportProblemView[];
  for (const problem of problems) {
    const where = problem.sheet ? `${problem.sheet}${problem.cell ? `!${problem.cell}` : problem.row ? ` baris ${problem.row}` : ''} ` : '';
    console.error(`- ${where}${problem.path ? `(${problem.path}) ` : ''}${problem.message}`);
  }
  return 1;
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    if (String((error as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS')) console.error(USAGE);
    process.exitCode = 2;
  },
);
