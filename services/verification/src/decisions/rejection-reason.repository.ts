import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { RejectionReason } from './rejection-reason.entity';

/** The rejection reason list, read from the table on each use: it is small and admins may edit it. */
@Injectable()
export class RejectionReasons {
  async active(manager: EntityManager): Promise<RejectionReason[]> {
    return manager.find(RejectionReason, { where: { active: true }, order: { position: 'ASC' } });
  }

  async labelsByCode(manager: EntityManager): Promise<Map<string, string>> {
    return new Map((await this.active(manager)).map((reason) => [reason.code, reason.label]));
  }
}
