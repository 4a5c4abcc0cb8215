import { ReferenceDataModule } from '@mcp/reference-data';
import { ServicePlatformModule } from '@mcp/service-runtime';
import { Module, type DynamicModule } from '@nestjs/common';
import { TasksModule } from './tasks/tasks.module';
import type { VerificationConfig } from './verification-config';
import { verificationService } from './verification.definition';

@Module({})
export class AppModule {
  static register(config: VerificationConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServicePlatformModule.forRoot(config, verificationService),
        ReferenceDataModule.forSchema(verificationService.name),
        TasksModule.register(config),
      ],
    };
  }
}
