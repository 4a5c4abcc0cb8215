import { ReferenceDataModule } from '@mcp/reference-data';
import { ServicePlatformModule } from '@mcp/service-runtime';
import { Module, type DynamicModule } from '@nestjs/common';
import { EvidenceModule } from './evidence/evidence.module';
import type { SubmissionsConfig } from './submissions-config';
import { submissionsService } from './submissions.definition';

@Module({})
export class AppModule {
  static register(config: SubmissionsConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServicePlatformModule.forRoot(config, submissionsService),
        ReferenceDataModule.forSchema(submissionsService.name),
        EvidenceModule.register(config),
      ],
    };
  }
}
