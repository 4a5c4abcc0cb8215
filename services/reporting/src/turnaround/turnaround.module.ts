import { Module } from '@nestjs/common';
import { TurnaroundController } from './turnaround.controller';
import { VerificationTurnaround } from './verification-turnaround';

@Module({
  controllers: [TurnaroundController],
  providers: [VerificationTurnaround],
})
export class TurnaroundModule {}
