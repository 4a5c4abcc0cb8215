import type { ServiceDefinition } from '@mcp/service-runtime';
import { messagingTablesMigration } from '@mcp/messaging';
import { referenceTablesMigration } from '@mcp/reference-data';
import { CreateReportTables1763700000500 } from './migrations/1763700000500-create-report-tables';
import { PemdaReport } from './reports/pemda-report.entity';
import { RegionReport } from './reports/region-report.entity';

export const reportingService = {
  name: 'reporting',
  description:
    'Dashboards and rankings: national, wilayah, province and Pemda scores, read from its own copy built from score and aggregate events.',
  entities: [PemdaReport, RegionReport],
  migrations: [
    messagingTablesMigration('reporting'),
    referenceTablesMigration('reporting'),
    CreateReportTables1763700000500,
  ],
} satisfies ServiceDefinition & { description: string };
