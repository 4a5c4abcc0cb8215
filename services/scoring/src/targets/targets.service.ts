import type { AuthPrincipal } from '@mcp/auth';
import { Decimal } from '@mcp/mcp-domain';
import { ReferenceData } from '@mcp/reference-data';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { requireFrameworkYear, requireKnownPemda } from '../known-references';

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
    @Inject(DEFAULT_TARGET) private readonly defaultTarget: number,
  ) {}

  async targetFor(pemdaCode: string, year: number): Promise<TargetSetting> {
    const [row]: { target: string }[] = await this.dataSource.query(
      `SELECT target FROM "scoring"."score_target" WHERE pemda_code = $1 AND year = $2`,
      [pemdaCode, year],
    );
    return row
      ? { value: new Decimal(row.target), source: 'pemda' }
      : { value: new Decimal(this.defaultTarget), source: 'national' };
  }

  /** A target is no score: it may change after the year is closed, and changes no total. */
  async setTarget(principal: AuthPrincipal, pemdaCode: string, year: number, target: number): Promise<TargetSetting> {
    await requireKnownPemda(this.referenceData, pemdaCode);
    await requireFrameworkYear(this.referenceData, year);
    await this.dataSource.query(
      `INSERT INTO "scoring"."score_target" (pemda_code, year, target, set_by, set_at) VALUES ($1, $2, $3, $4, now())
       ON CONFLICT (pemda_code, year) DO UPDATE SET target = EXCLUDED.target, set_by = EXCLUDED.set_by, set_at = now()`,
      [pemdaCode, year, target, principal.subject],
    );
    return { value: new Decimal(target), source: 'pemda' };
  }
}
