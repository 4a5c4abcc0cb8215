import { Global, Module } from '@nestjs/common';
import { ClosedYears } from './closed-years';
import { YearsController } from './years.controller';

@Global()
@Module({ controllers: [YearsController], providers: [ClosedYears], exports: [ClosedYears] })
export class YearsModule {}
