import 'reflect-metadata';
import { OutboxWriter } from '@mcp/messaging';
import { ReferenceData } from '@mcp/reference-data';
import { databaseSettingsOf, DomainError, loadConfig, withDataSource } from '@mcp/service-runtime';
import { HttpException } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import type { DataSource } from 'typeorm';
import { SubIndicatorValuesService } from '../decisions/sub-indicator-values.service';
import type { ImportProblemView } from '../frameworks/framework-import-problems';
import type { FrameworkRevisionView } from '../frameworks/framework-revision.view';
import { FrameworksService } from '../frameworks/frameworks.service';
import { YearRescoring } from '../frameworks/year-rescoring.service';
import { PemdaScoresService } from '../pemda-scores/pemda-scores.service';
import { RegionAggregatesService } from '../region-aggregates/region-aggregates.service';
import { scoringService } from '../scoring.definition';
import { ScoringConfig } from '../scoring-config';
import { TargetsService } from '../targets/targets.service';

/*
 * The same import (and publish) as POST /v1/frameworks/import, for an admin at a terminal:
 *   node -r @swc-node/register services/scoring/src/cli/import-framework.ts <file.json|file.xlsx> [--publish]
 * Writes to the scoring database (DATABASE_URL). A publication waits in the outbox and reaches
 * Kafka through the running scoring service's relay. Exit code 0 on success, 1 when refused.
 */
async function main(): Promise<number> {
  const { values, positionals } = parseArgs({ options: { publish: { type: 'boolean' } }, allowPositionals: true });
  if (positionals.length !== 1) {
    console.error('Pemakaian: import-framework.ts <berkas.json|berkas.xlsx> [--publish]');
    return 2;
  }
  const file = positionals[0];
  const config = loadConfig(ScoringConfig);
  const actor = `cli:${userInfo().username}`;
  return withDataSource(databaseSettingsOf(config, scoringService), async (dataSource) => {
    const frameworks = frameworksService(dataSource, config);
    try {
      const draft = await frameworks.importDraft(actor, { kind: 'file', fileName: basename(file), content: readFileSync(file) });
      console.log(`Draf tersimpan: ${describe(draft)}`);
      if (!values.publish) {
        console.log(`Terbitkan dengan --publish, atau POST /v1/frameworks/${draft.year}/revisions/${draft.revision}/publish`);
        return 0;
      }
      const published = await frameworks.publish(actor, draft.year, draft.revision);
      console.log(`Terbit: ${describe(published)}`);
      console.log('mcp.framework.published.v1 menunggu di outbox; layanan scoring yang berjalan mengirimkannya ke Kafka.');
      return 0;
    } catch (error) {
      return reportRefusal(error);
    }
  });
}

/** The service graph the HTTP route uses, built by hand: no Kafka connection is needed here. */
function frameworksService(dataSource: DataSource, config: ScoringConfig): FrameworksService {
  const referenceData = new ReferenceData(dataSource, scoringService.name);
  const outbox = new OutboxWriter(scoringService.name, `/mcp/${scoringService.name}`);
  const targets = new TargetsService(dataSource, referenceData, config.DEFAULT_TARGET);
  const rescoring = new YearRescoring(
    referenceData,
    new SubIndicatorValuesService(),
    new PemdaScoresService(dataSource, referenceData, targets),
    new RegionAggregatesService(dataSource, referenceData),
    outbox,
  );
  return new FrameworksService(dataSource, referenceData, rescoring, outbox);
}

function describe(view: FrameworkRevisionView): string {
  const { areas, indicators, subIndicators, requiredEvidence } = view.counts;
  return (
    `kerangka ${view.year} revisi ${view.revision} "${view.name}" (${areas} area, ${indicators} indikator, ` +
    `${subIndicators} subindikator, ${requiredEvidence} dokumen)`
  );
}

function reportRefusal(error: unknown): number {
  if (error instanceof DomainError) {
    console.error(`Ditolak (${error.code}): ${error.message}`);
    return 1;
  }
  if (!(error instanceof HttpException)) throw error;
  const body = error.getResponse() as { message: string; problems?: ImportProblemView[] };
  console.error(body.message);
  for (const problem of body.problems ?? []) {
    const where = problem.sheet ? `${problem.sheet}${problem.cell ? `!${problem.cell}` : problem.row ? ` baris ${problem.row}` : ''} ` : '';
    console.error(`- ${where}${problem.path ? `(${problem.path}) ` : ''}${problem.message}`);
  }
  return 1;
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 2;
  },
);
