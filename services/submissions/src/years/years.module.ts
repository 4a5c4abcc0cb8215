import { Global, Module } from '@nestjs/common';
import { ClosedYears } from './closed-years';
import { YearsEvents } from './years.events';

/** Global: uploads, claims, withdrawals and extensions each refuse a closed year. */
@Global()
@Module({
  providers: [ClosedYears, YearsEvents],
  exports: [ClosedYears],
})
export class YearsModule {}
