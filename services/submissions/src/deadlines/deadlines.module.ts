import { Module, type DynamicModule } from '@nestjs/common';
import { parseDeadlineOverrides } from '@mcp/service-runtime';
import type { SubmissionsConfig } from '../submissions-config';
import { Clock } from './clock';
import { DeadlineExtensions } from './deadline-extensions';
import { DeadlinesController } from './deadlines.controller';
import { DEADLINE_OVERRIDES, UploadDeadlines } from './upload-deadlines';

/**
 * Deadlines and extensions, and the clock every deadline decision reads. Global: uploads, claim
 * changes, the progress page and the sweeper ask for them.
 */
@Module({})
export class DeadlinesModule {
  static register(config: SubmissionsConfig, clock: Clock): DynamicModule {
    return {
      module: DeadlinesModule,
      global: true,
      controllers: [DeadlinesController],
      providers: [
        { provide: Clock, useValue: clock },
        { provide: DEADLINE_OVERRIDES, useValue: parseDeadlineOverrides(config.UPLOAD_DEADLINES) },
        UploadDeadlines,
        DeadlineExtensions,
      ],
      exports: [Clock, UploadDeadlines],
    };
  }
}
