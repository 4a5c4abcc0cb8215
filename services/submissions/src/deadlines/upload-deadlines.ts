import type { Framework } from '@mcp/mcp-domain';
import type { PemdaRecord } from '@mcp/reference-data';
import { DomainError, type DeadlineOverrides } from '@mcp/service-runtime';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { DeadlineExtension } from './deadline-extension.entity';
import { localTimeZoneOf } from '@mcp/mcp-domain';
import {
  deadlinePassedMessage,
  effectiveDeadline,
  finishedTooLateMessage,
  isFinishedInTime,
  isOpenAt,
  type DeadlineExtensionGrant,
  type UploadDeadline,
} from './upload-deadline';

/** Deadlines set in configuration (UPLOAD_DEADLINES) instead of the framework's, by year. */
export const DEADLINE_OVERRIDES = Symbol('DEADLINE_OVERRIDES');

/** The deadline in force for a Pemda and year: the framework's or the configured one, moved by the latest extension. */
@Injectable()
export class UploadDeadlines {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(DEADLINE_OVERRIDES) private readonly overrides: DeadlineOverrides,
  ) {}

  async deadlineFor(pemda: PemdaRecord, framework: Framework): Promise<UploadDeadline> {
    return this.deadlineWith(pemda, framework, await this.latestExtension(pemda.code, framework.year));
  }

  /** `deadlineFor` with the Pemda's latest extension already read (an upload reads it with its other checks). */
  deadlineWith(pemda: PemdaRecord, framework: Framework, latest: DeadlineExtensionGrant | null): UploadDeadline {
    const override = this.overrides.get(framework.year);
    const general = override
      ? { at: override, source: 'config' as const }
      : { at: new Date(framework.uploadDeadline), source: 'framework' as const };
    return effectiveDeadline(framework.year, general, latest, localTimeZoneOf(pemda.provinceCode));
  }

  /** Refuses with 422 UPLOAD_DEADLINE_PASSED, naming the deadline in the Pemda's own time zone. */
  async assertOpen(pemda: PemdaRecord, framework: Framework, at: Date): Promise<void> {
    assertOpenAt(await this.deadlineFor(pemda, framework), pemda, at);
  }

  /** `assertOpen` with the latest extension already read. */
  assertOpenWith(pemda: PemdaRecord, framework: Framework, at: Date, latest: DeadlineExtensionGrant | null): void {
    assertOpenAt(this.deadlineWith(pemda, framework, latest), pemda, at);
  }

  /** A resumable upload begun on time must also end in time: its last byte within `lateFinishMs` of the deadline. */
  async assertFinishedInTime(pemda: PemdaRecord, framework: Framework, completedAt: Date, lateFinishMs: number): Promise<void> {
    const deadline = await this.deadlineFor(pemda, framework);
    if (!isFinishedInTime(deadline, completedAt, lateFinishMs)) {
      throw new DomainError('unprocessable', 'UPLOAD_FINISHED_TOO_LATE', finishedTooLateMessage(deadline, pemda.code, lateFinishMs));
    }
  }

  private async latestExtension(pemdaCode: string, year: number): Promise<DeadlineExtension | null> {
    return this.dataSource.getRepository(DeadlineExtension).findOne({
      where: { pemdaCode, year },
      order: { grantedAt: 'DESC', id: 'DESC' },
    });
  }
}

function assertOpenAt(deadline: UploadDeadline, pemda: PemdaRecord, at: Date): void {
  if (!isOpenAt(deadline, at)) {
    throw new DomainError('unprocessable', 'UPLOAD_DEADLINE_PASSED', deadlinePassedMessage(deadline, pemda.code));
  }
}
