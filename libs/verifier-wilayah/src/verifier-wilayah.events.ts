import { VerifierWilayahAssigned, type McpEvent, type VerifierWilayahAssignedV1 } from '@mcp/contracts';
import { HandleEvent } from '@mcp/messaging';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { VerifierWilayahs } from './verifier-wilayahs';

@Injectable()
export class VerifierWilayahEvents {
  constructor(private readonly wilayahs: VerifierWilayahs) {}

  /**
   * Consumer `<service>.verifier-wilayah` (submissions, notification, portal): the inbox remembers
   * what it applied under that name, so it never changes.
   */
  @HandleEvent(VerifierWilayahAssigned, { consumer: 'verifier-wilayah' })
  onWilayahAssigned(event: McpEvent<VerifierWilayahAssignedV1>, tx: EntityManager): Promise<void> {
    return this.wilayahs.apply(event.data, tx);
  }
}
