import { Module, type DynamicModule } from '@nestjs/common';
import { EvidenceModule } from '../evidence/evidence.module';
import type { SubmissionsConfig } from '../submissions-config';
import { EvidencePrecheckRepository } from './evidence-precheck.repository';
import { PRECHECK_SETTINGS, PrecheckRunner, type PrecheckSettings } from './precheck-runner';
import { PrechecksController } from './prechecks.controller';

@Module({})
export class PrechecksModule {
  static register(config: SubmissionsConfig): DynamicModule {
    const settings: PrecheckSettings = {
      intervalMs: config.PRECHECK_INTERVAL_MS,
      timeMs: config.PRECHECK_TIME_LIMIT_MS,
      memoryMb: config.PRECHECK_MEMORY_LIMIT_MB,
      maxBytes: config.PRECHECK_MAX_BYTES,
      maxPagesForText: config.PRECHECK_MAX_PAGES,
      threads: config.PRECHECK_THREADS,
    };
    return {
      module: PrechecksModule,
      imports: [EvidenceModule],
      controllers: [PrechecksController],
      providers: [{ provide: PRECHECK_SETTINGS, useValue: settings }, EvidencePrecheckRepository, PrecheckRunner],
      exports: [PrecheckRunner],
    };
  }
}
