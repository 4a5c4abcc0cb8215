import { ReferenceDataModule } from '@mcp/reference-data';
import { Module, type DynamicModule } from '@nestjs/common';
import { ClarificationsModule } from './clarifications/clarifications.module';
import { DecisionsModule } from './decisions/decisions.module';
import { FrameworkRevisionsModule } from './framework-revisions/framework-revisions.module';
import { OperatorAssignmentsModule } from './operator-assignments/operator-assignments.module';
import { QaModule } from './qa/qa.module';
import type { Clock } from './queue-settings/clock';
import { QueueSettingsModule } from './queue-settings/queue-settings.module';
import { RoutingModule } from './routing/routing.module';
import { StatsModule } from './stats/stats.module';
import { TasksModule } from './tasks/tasks.module';
import type { VerificationConfig } from './verification-config';
import { YearsModule } from './years/years.module';

/** What tests may replace; production passes nothing and runs on the system clock. */
export interface VerificationOverrides {
  clock?: Clock;
}

@Module({})
export class AppModule {
  static register(config: VerificationConfig, overrides: VerificationOverrides = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ReferenceDataModule.forService(),
        QueueSettingsModule.register(config, overrides.clock),
        RoutingModule,
        OperatorAssignmentsModule,
        YearsModule,
        FrameworkRevisionsModule,
        TasksModule,
        DecisionsModule,
        QaModule,
        ClarificationsModule,
        StatsModule,
      ],
    };
  }
}
