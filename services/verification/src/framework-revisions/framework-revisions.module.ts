import { Module } from '@nestjs/common';
import { FrameworkRevisionsEvents } from './framework-revisions.events';
import { RemovedSubIndicators } from './removed-sub-indicators';

@Module({ providers: [RemovedSubIndicators, FrameworkRevisionsEvents] })
export class FrameworkRevisionsModule {}
