import { Module, type DynamicModule } from '@nestjs/common';
import { ReportingConfig } from '../reporting-config';
import { AUDIT_HEAD_INTERVAL_MS, AuditHeadPublisher } from './audit-head-publisher';

@Module({})
export class AuditHeadModule {
  static register(config: ReportingConfig): DynamicModule {
    return {
      module: AuditHeadModule,
      providers: [{ provide: AUDIT_HEAD_INTERVAL_MS, useValue: config.AUDIT_HEAD_INTERVAL_MS }, AuditHeadPublisher],
      exports: [AuditHeadPublisher],
    };
  }
}
