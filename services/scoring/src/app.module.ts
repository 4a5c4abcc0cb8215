import { ReferenceDataModule } from '@mcp/reference-data';
import { Module, type DynamicModule } from '@nestjs/common';
import { DecisionsModule } from './decisions/decisions.module';
import { FrameworksModule } from './frameworks/frameworks.module';
import { PemdaScoresModule } from './pemda-scores/pemda-scores.module';
import { RegionAggregatesModule } from './region-aggregates/region-aggregates.module';
import { ScoreExplanationsModule } from './score-explanations/score-explanations.module';
import type { ScoringConfig } from './scoring-config';
import { TargetsModule } from './targets/targets.module';
import { YearsModule } from './years/years.module';

@Module({})
export class AppModule {
  static register(config: ScoringConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ReferenceDataModule.forService(),
        TargetsModule.withDefault(config.DEFAULT_TARGET),
        PemdaScoresModule,
        RegionAggregatesModule,
        DecisionsModule,
        ScoreExplanationsModule,
        FrameworksModule.withUploadLimit(config.MAX_FRAMEWORK_UPLOAD_BYTES),
        YearsModule,
      ],
    };
  }
}
