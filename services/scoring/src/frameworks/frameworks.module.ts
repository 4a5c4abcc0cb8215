import { Module, type DynamicModule } from '@nestjs/common';
import { PemdaScoresModule } from '../pemda-scores/pemda-scores.module';
import { SubIndicatorValuesModule } from '../sub-indicator-values/sub-indicator-values.module';
import { YearsModule } from '../years/years.module';
import { MAX_FRAMEWORK_UPLOAD_BYTES } from './framework-file.interceptor';
import { FrameworkRevisionRepository } from './framework-revision.repository';
import { FrameworksController } from './frameworks.controller';
import { FrameworksService } from './frameworks.service';
import { YearRescoring } from './year-rescoring.service';

@Module({})
export class FrameworksModule {
  static withUploadLimit(maxBytes: number): DynamicModule {
    return {
      module: FrameworksModule,
      imports: [YearsModule, SubIndicatorValuesModule, PemdaScoresModule],
      controllers: [FrameworksController],
      providers: [
        FrameworksService,
        FrameworkRevisionRepository,
        YearRescoring,
        { provide: MAX_FRAMEWORK_UPLOAD_BYTES, useValue: maxBytes },
      ],
    };
  }
}
