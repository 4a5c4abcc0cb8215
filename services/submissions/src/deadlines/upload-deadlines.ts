import type { AuthPrincipal } from '@mcp/auth';
import type { Framework } from '@mcp/mcp-domain';
import type { PemdaRecord } from '@mcp/reference-data';
import { DomainError } from '@mcp/service-runtime';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { Clock } from './clock';
import { DeadlineExtension } from './deadline-extension.entity';
import { localTimeZoneOf } from './local-time-zone';
import { deadlinePassedMessage, effectiveDeadline, formatLocalTime, isOpenAt, type UploadDeadline } from './upload-deadline';

/** Deadlines set in configuration (UPLOAD_DEADLINES) instead of the framework's, by year. */
export const DEADLINE_OVERRIDES = Symbol('DEADLINE_OVERRIDES');
export type DeadlineOverrides = ReadonlyMap<number, Date>;

/** `["2024=2025-01-05T23:59:59+07:00"]` → {2024 → that instant}; the config class checked the shape. */
export function parseDeadlineOverrides(entries: string[]): DeadlineOverrides {
  return new Map(
    entries.map((entry) => {
      const [year, instant] = entry.split('=');
      return [Number(year), new Date(instant)];
    }),
  );
}

export interface GrantExtension {
  year: number;
  until: string;
  reason: string;
}

export interface ExtensionView {
  id: string;
  pemdaCode: string;
  year: number;
  until: string;
  untilLocal: string;
  reason: string;
  grantedBy: string;
  grantedAt: string;
}

@Injectable()
export class UploadDeadlines {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    @Inject(DEADLINE_OVERRIDES) private readonly overrides: DeadlineOverrides,
  ) {}

  async deadlineFor(pemda: PemdaRecord, framework: Framework): Promise<UploadDeadline> {
    const override = this.overrides.get(framework.year);
    const general = override
      ? { at: override, source: 'config' as const }
      : { at: new Date(framework.uploadDeadline), source: 'framework' as const };
    const latest = await this.latestExtension(pemda.code, framework.year);
    return effectiveDeadline(framework.year, general, latest, localTimeZoneOf(pemda.provinceCode));
  }

  /** Refuses with 422 UPLOAD_DEADLINE_PASSED, naming the deadline in the Pemda's own time zone. */
  async assertOpen(pemda: PemdaRecord, framework: Framework, at: Date): Promise<void> {
    const deadline = await this.deadlineFor(pemda, framework);
    if (!isOpenAt(deadline, at)) {
      throw new DomainError('unprocessable', 'UPLOAD_DEADLINE_PASSED', deadlinePassedMessage(deadline, pemda.code));
    }
  }

  async grant(principal: AuthPrincipal, pemda: PemdaRecord, framework: Framework, input: GrantExtension): Promise<ExtensionView> {
    const until = new Date(input.until);
    const current = await this.deadlineFor(pemda, framework);
    if (until <= current.general) {
      throw new DomainError(
        'unprocessable',
        'EXTENSION_NOT_LATER',
        `Perpanjangan harus setelah batas umum ${formatLocalTime(current.general, current.localTimeZone)} (an extension must end after the general deadline)`,
      );
    }
    const extension = this.dataSource.getRepository(DeadlineExtension).create({
      id: randomUUID(),
      pemdaCode: pemda.code,
      year: input.year,
      until,
      reason: input.reason.trim(),
      grantedBy: principal.subject,
      grantedAt: this.clock.now(),
    });
    await this.dataSource.getRepository(DeadlineExtension).insert(extension);
    return toView(extension, pemda);
  }

  async list(pemda: PemdaRecord, year: number | undefined): Promise<ExtensionView[]> {
    const rows = await this.dataSource.getRepository(DeadlineExtension).find({
      where: { pemdaCode: pemda.code, ...(year === undefined ? {} : { year }) },
      order: { grantedAt: 'ASC' },
    });
    return rows.map((row) => toView(row, pemda));
  }

  private async latestExtension(pemdaCode: string, year: number): Promise<DeadlineExtension | null> {
    return this.dataSource.getRepository(DeadlineExtension).findOne({
      where: { pemdaCode, year },
      order: { grantedAt: 'DESC', id: 'DESC' },
    });
  }
}

function toView(extension: DeadlineExtension, pemda: PemdaRecord): ExtensionView {
  return {
    id: extension.id,
    pemdaCode: extension.pemdaCode,
    year: extension.year,
    until: extension.until.toISOString(),
    untilLocal: formatLocalTime(extension.until, localTimeZoneOf(pemda.provinceCode)),
    reason: extension.reason,
    grantedBy: extension.grantedBy,
    grantedAt: extension.grantedAt.toISOString(),
  };
}
