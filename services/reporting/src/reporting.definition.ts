import { messagingTablesMigration } from '@mcp/messaging';
import { referenceTablesMigration, seedReferenceDataAfterMigrate } from '@mcp/reference-data';
import { defineService } from '@mcp/service-runtime';
import { AppModule } from './app.module';
import { CreateReportTables1763700000500 } from './migrations/1763700000500-create-report-tables';
import { AddRegionAreas1763700000510 } from './migrations/1763700000510-add-region-areas';
import { CreateHistoryAndClosedYears1763700000520 } from './migrations/1763700000520-create-history-and-closed-years';
import { CreateEvidenceTrailAndRegionHistory1763700000530 } from './migrations/1763700000530-create-evidence-trail-and-region-history';
import { DecisionRefusals1763700000540 } from './migrations/1763700000540-decision-refusals';
import { FinalScores1763700000550 } from './migrations/1763700000550-final-scores';
import { ReportingConfig } from './reporting-config';
import { PemdaReport } from './reports/pemda-report.entity';
import { RegionReport } from './reports/region-report.entity';

export const reportingService = defineService({
  name: 'reporting',
  description:
    'Dashboards and rankings: national, wilayah, province and Pemda scores, read from its own copy built from score, aggregate and evidence events.',
  Config: ReportingConfig,
  appModule: (config) => AppModule.register(config),
  entities: [PemdaReport, RegionReport],
  migrations: [
    messagingTablesMigration('reporting'),
    referenceTablesMigration('reporting'),
    CreateReportTables1763700000500,
    AddRegionAreas1763700000510,
    CreateHistoryAndClosedYears1763700000520,
    CreateEvidenceTrailAndRegionHistory1763700000530,
    DecisionRefusals1763700000540,
    FinalScores1763700000550,
  ],
  afterMigrate: seedReferenceDataAfterMigrate,
});
