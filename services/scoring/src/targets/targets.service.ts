import { auditTrail } from '@mcp/audit-trail';
import type { AuthPrincipal } from '@mcp/auth';
import { Decimal } from '@mcp/mcp-domain';
import { ReferenceData } from '@mcp/reference-data';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ScoreTargetRepository } from './score-target.repository';

export const DEFAULT_TARGET = Symbol('DEFAULT_TARGET');

export type TargetSource = 'pemda' | 'national';

export interface TargetSetting {
  value: Decimal;
  /** `pemda`: set for this Pemda by an admin; `national`: the DEFAULT_TARGET everyone has. */
  source: TargetSource;
}

@Injectable()
export class TargetsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly referenceData: ReferenceData,
    private readonly targets: ScoreTargetRepository,
    @Inject(DEFAULT_TARGET) private readonly defaultTarget: number,
  ) {}

  async targetFor(pemdaCode: string, year: number): Promise<TargetSetting> {
    const target = await this.targets.find(this.dataSource.manager, pemdaCode, year);
    return target !== undefined
      ? { value: new Decimal(target), source: 'pemda' }
      : { value: new Decimal(this.defaultTarget), source: 'national' };
  }

  /** A target is no score: it may change after the year is closed, and changes no total. */
  async setTarget(principal: AuthPrincipal, pemdaCode: string, year: number, target: number): Promise<TargetSetting> {
    await this.referenceData.requirePemda(pemdaCode);
    await this.referenceData.requireFramework(year);
    // Audited with the value it replaces: the row keeps only the latest target and who set it.
    await this.dataSource.transaction(async (tx) => {
      // One setter at a time per Pemda and year, so each entry names the value it really replaced.
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('scoring.score-target'), hashtext($1::text || '/' || $2::text))`, [pemdaCode, year]);
      const previous = await this.targets.find(tx, pemdaCode, year);
      await this.targets.set(tx, { pemdaCode, year, value: target, setBy: principal.subject });
      await auditTrail.append(tx, { actor: principal, action: 'target.set', pemdaCode, year, details: { target, previous: previous === undefined ? null : Number(previous) } });
    });
    return { value: new Decimal(target), source: 'pemda' };
  }
}
