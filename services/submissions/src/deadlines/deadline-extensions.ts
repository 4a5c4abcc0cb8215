import { auditTrail } from '@mcp/audit-trail';
import { assertCanActForPemda, type AuthPrincipal } from '@mcp/auth';
import { DeadlineExtended } from '@mcp/contracts';
import { formatLocalTime } from '@mcp/mcp-domain';
import { OutboxRelay, OutboxWriter } from '@mcp/messaging';
import { ReferenceData } from '@mcp/reference-data';
import { DomainError } from '@mcp/service-runtime';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { Clock } from './clock';
import { DeadlineExtension } from './deadline-extension.entity';
import { toDeadlineExtensionView, type DeadlineExtensionView } from './deadline-extension.view';
import type { GrantExtensionDto } from './grant-extension.dto';
import { ClosedYears } from '../years/closed-years';
import { UploadDeadlines } from './upload-deadlines';

/** Admins' grants of a later deadline to one Pemda, kept with who, when, until and why. */
@Injectable()
export class DeadlineExtensions {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly referenceData: ReferenceData,
    private readonly deadlines: UploadDeadlines,
    private readonly clock: Clock,
    private readonly outbox: OutboxWriter,
    private readonly relay: OutboxRelay,
    private readonly closedYears: ClosedYears,
  ) {}

  async grant(principal: AuthPrincipal, pemdaCode: string, input: GrantExtensionDto): Promise<DeadlineExtensionView> {
    const pemda = await this.referenceData.requirePemda(pemdaCode);
    const { framework } = await this.referenceData.requireFramework(input.year);
    const until = new Date(input.until);
    // A closed year's scores are final: an extension would reopen uploads nobody will judge.
    await this.closedYears.assertOpen(this.dataSource.manager, input.year);
    const current = await this.deadlines.deadlineFor(pemda, framework);
    if (until <= current.general) {
      throw new DomainError(
        'unprocessable',
        'EXTENSION_NOT_LATER',
        `Perpanjangan harus setelah batas umum ${formatLocalTime(current.general, current.localTimeZone)} (an extension must end after the general deadline)`,
      );
    }
    // An end already past would lock the Pemda out at once while telling it the deadline was extended.
    if (until <= this.clock.now()) {
      throw new DomainError(
        'unprocessable',
        'EXTENSION_IN_THE_PAST',
        `Perpanjangan harus berakhir setelah saat ini; ${formatLocalTime(until, current.localTimeZone)} sudah lewat (an extension must end in the future)`,
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
    // The notification service tells the Pemda and moves its reminders to the new deadline.
    await this.dataSource.transaction(async (manager) => {
      await manager.getRepository(DeadlineExtension).insert(extension);
      await this.outbox.enqueue(manager, DeadlineExtended, {
        extensionId: extension.id,
        pemdaCode: pemda.code,
        provinceCode: pemda.provinceCode,
        year: extension.year,
        generalDeadline: current.general.toISOString(),
        until: until.toISOString(),
        reason: extension.reason,
        grantedBy: extension.grantedBy,
        grantedAt: extension.grantedAt.toISOString(),
      });
      await auditTrail.append(manager, { actor: principal, action: 'deadline.extended', pemdaCode: pemda.code, year: extension.year, ids: { extensionId: extension.id }, details: { until: until.toISOString(), reason: extension.reason }, occurredAt: extension.grantedAt });
    });
    this.relay.nudge();
    return toDeadlineExtensionView(extension, pemda, principal);
  }

  /** The Pemda's own users and admins; oldest first. */
  async list(principal: AuthPrincipal, pemdaCode: string, year: number | undefined): Promise<DeadlineExtensionView[]> {
    assertCanActForPemda(principal, pemdaCode);
    const pemda = await this.referenceData.requirePemda(pemdaCode);
    const rows = await this.dataSource.getRepository(DeadlineExtension).find({
      where: { pemdaCode: pemda.code, ...(year === undefined ? {} : { year }) },
      order: { grantedAt: 'ASC' },
    });
    return rows.map((row) => toDeadlineExtensionView(row, pemda, principal));
  }
}
