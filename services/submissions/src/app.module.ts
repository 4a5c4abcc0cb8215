import { ReferenceDataModule } from '@mcp/reference-data';
import { ServicePlatformModule } from '@mcp/service-runtime';
import { Module, type DynamicModule } from '@nestjs/common';
import { Clock, SystemClock } from './deadlines/clock';
import { EvidenceModule } from './evidence/evidence.module';
import type { SubmissionsConfig } from './submissions-config';
import { submissionsService } from './submissions.definition';

@Module({})
export class AppModule {
  /** `clock` is replaced only by tests that need to be on either side of a deadline. */
  static register(config: SubmissionsConfig, clock: Clock = new SystemClock()): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServicePlatformModule.forRoot(config, submissionsService),
        ReferenceDataModule.forSchema(submissionsService.name),
        EvidenceModule.register(config, clock),
      ],
    };
  }
}
