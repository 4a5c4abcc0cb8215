import { Module } from '@nestjs/common';
import { VerifierWilayahEvents } from './verifier-wilayah.events';
import { VerifierWilayahs } from './verifier-wilayahs';

/** The replica and its consumer, for a service whose migrations made `verifier_wilayah`. */
@Module({
  providers: [VerifierWilayahs, VerifierWilayahEvents],
  exports: [VerifierWilayahs],
})
export class VerifierWilayahModule {}
