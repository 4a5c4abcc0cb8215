import { Module } from '@nestjs/common';
import { VerifierWilayahEvents } from './verifier-wilayah.events';
import { VerifierWilayahs } from './verifier-wilayahs';

@Module({
  providers: [VerifierWilayahs, VerifierWilayahEvents],
  exports: [VerifierWilayahs],
})
export class VerifierWilayahModule {}
