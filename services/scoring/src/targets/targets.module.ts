import { Module, type DynamicModule } from '@nestjs/common';
import { ScoreTargetRepository } from './score-target.repository';
import { TargetsController } from './targets.controller';
import { DEFAULT_TARGET, TargetsService } from './targets.service';

@Module({})
export class TargetsModule {
  static withDefault(defaultTarget: number): DynamicModule {
    return {
      module: TargetsModule,
      // Global: the score views of other features show each Pemda's target.
      global: true,
      controllers: [TargetsController],
      providers: [TargetsService, ScoreTargetRepository, { provide: DEFAULT_TARGET, useValue: defaultTarget }],
      exports: [TargetsService],
    };
  }
}
