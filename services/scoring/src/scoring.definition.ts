import { messagingTablesMigration } from '@mcp/messaging';
import { referenceTablesMigration, seedReferenceDataAfterMigrate } from '@mcp/reference-data';
import { defineService } from '@mcp/service-runtime';
import { AppModule } from './app.module';
import { ScoringConfig } from './scoring-config';
import { SubIndicatorValue } from './sub-indicator-values/sub-indicator-value.entity';
import { CreateScoringTables1763700000300 } from './migrations/1763700000300-create-scoring-tables';
import { CreateHistoryFrameworksYearsTargets1763700000310 } from './migrations/1763700000310-create-history-frameworks-years-targets';
import { RefusedDecisions1763700000740 } from './migrations/1763700000740-refused-decisions';
import { PemdaScoreRecord } from './pemda-scores/pemda-score.entity';
import { RegionAggregateRecord } from './region-aggregates/region-aggregate.entity';
import { realignRegionsToMapping } from './recompute/realign-regions';

export const scoringService = defineService({
  name: 'scoring',
  description:
    "Turns verification decisions into scores: each Pemda's score from its verified values and the year's framework, " +
    'and the province, wilayah and national averages. An average is the mean over EVERY Pemda of the region ' +
    '(national: all 546; a province: its provincial government and all its kabupaten/kota); a Pemda without ' +
    'verified evidence counts as 0, and the same rule gives the per-area averages. Frameworks are imported and ' +
    'published here (mcp.framework.published.v1); closing a year (mcp.year.closed.v1) makes its scores final.',
  Config: ScoringConfig,
  appModule: (config) => AppModule.register(config),
  entities: [SubIndicatorValue, PemdaScoreRecord, RegionAggregateRecord],
  migrations: [
    messagingTablesMigration('scoring'),
    referenceTablesMigration('scoring'),
    CreateScoringTables1763700000300,
    CreateHistoryFrameworksYearsTargets1763700000310,
    RefusedDecisions1763700000740,
  ],
  afterMigrate: async (dataSource) => {
    const seeded = await seedReferenceDataAfterMigrate(dataSource);
    const realigned = await realignRegionsToMapping(dataSource);
    const moved = realigned.map(({ year, regionCodes, withoutPemda }) =>
      [`${year}: ${regionCodes.join(', ') || 'none moved'}`, ...(withoutPemda.length > 0 ? [`${withoutPemda.join(', ')} left without Pemda, kept as they were`] : [])].join(', '),
    );
    return `${seeded}; ${realigned.length === 0 ? 'every region already follows the wilayah mapping' : `regions realigned to a changed wilayah mapping (${moved.join('; ')})`}`;
  },
});
