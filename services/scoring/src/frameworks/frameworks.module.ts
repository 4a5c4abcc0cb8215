import { Module, type DynamicModule } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { DecisionsModule } from '../decisions/decisions.module';
import { PemdaScoresModule } from '../pemda-scores/pemda-scores.module';
import { RegionAggregatesModule } from '../region-aggregates/region-aggregates.module';
import { FrameworksController } from './frameworks.controller';
import { FrameworksService } from './frameworks.service';
import { YearRescoring } from './year-rescoring.service';

@Module({})
export class FrameworksModule {
  /** Uploads are held in memory: a framework workbook is small, and exceljs reads from a buffer. */
  static withUploadLimit(maxBytes: number): DynamicModule {
    return {
      module: FrameworksModule,
      imports: [
        MulterModule.register({ limits: { fileSize: maxBytes, files: 1 } }),
        DecisionsModule,
        PemdaScoresModule,
        RegionAggregatesModule,
      ],
      controllers: [FrameworksController],
      providers: [FrameworksService, YearRescoring],
    };
  }
}
