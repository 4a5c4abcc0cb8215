import { Module, type DynamicModule } from '@nestjs/common';
import { HealthController } from './health.controller';
import { SHUTDOWN_DRAIN_MS, ShutdownDrain } from './shutdown-drain';

@Module({})
export class HealthModule {
  static forRoot(shutdownDrainMs: number): DynamicModule {
    return {
      module: HealthModule,
      controllers: [HealthController],
      providers: [{ provide: SHUTDOWN_DRAIN_MS, useValue: shutdownDrainMs }, ShutdownDrain],
    };
  }
}
