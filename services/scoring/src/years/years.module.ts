import { Module } from '@nestjs/common';
import { ClosedYearRepository } from './closed-year.repository';
import { YearsController } from './years.controller';
import { YearsService } from './years.service';

@Module({
  controllers: [YearsController],
  providers: [YearsService, ClosedYearRepository],
  exports: [ClosedYearRepository],
})
export class YearsModule {}
