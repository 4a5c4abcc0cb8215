import { ReferenceDataModule } from '@mcp/reference-data';
import { ServicePlatformModule } from '@mcp/service-runtime';
import { Module, type DynamicModule } from '@nestjs/common';
import { DecisionsModule } from './decisions/decisions.module';
import { PemdaScoresModule } from './pemda-scores/pemda-scores.module';
import { RegionAggregatesModule } from './region-aggregates/region-aggregates.module';
import { scoringService } from './scoring.definition';
import type { ScoringConfig } from './scoring-config';

@Module({})
export class AppModule {
  static register(config: ScoringConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServicePlatformModule.forRoot(config, scoringService),
        ReferenceDataModule.forSchema(scoringService.name),
        PemdaScoresModule,
        RegionAggregatesModule,
        DecisionsModule,
      ],
    };
  }
}
