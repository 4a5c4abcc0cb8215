import { Module, type DynamicModule } from '@nestjs/common';
import type { VerificationConfig } from '../verification-config';
import { CLOCK, systemClock, type Clock } from './clock';
import { QUEUE_SETTINGS, queueSettingsOf } from './queue-settings';

/** Provides the clock and the queue rules to every feature of the service. */
@Module({})
export class QueueSettingsModule {
  static register(config: VerificationConfig, clock: Clock = systemClock): DynamicModule {
    return {
      module: QueueSettingsModule,
      global: true,
      providers: [
        { provide: CLOCK, useValue: clock },
        { provide: QUEUE_SETTINGS, useValue: queueSettingsOf(config) },
      ],
      exports: [CLOCK, QUEUE_SETTINGS],
    };
  }
}
