import { Module } from '@nestjs/common';
import { DecisionsModule } from '../decisions/decisions.module';
import { QaController } from './qa.controller';
import { QaReviews } from './qa-reviews';

@Module({ imports: [DecisionsModule], controllers: [QaController], providers: [QaReviews] })
export class QaModule {}
