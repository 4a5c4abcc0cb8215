import { auditTrail } from '@mcp/audit-trail';
import { assertCanActForPemda, type AuthPrincipal } from '@mcp/auth';
import { ReferenceData } from '@mcp/reference-data';
import { DomainError } from '@mcp/service-runtime';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { Clock } from '../deadlines/clock';
import { AssignmentAnnouncement } from './assignment-announcement';
import { SubmissionRepository } from '../submission-records/submission.repository';
import type { HandOverDto } from './operator-assignment.dto';
import { OperatorAssignmentRepository, type OperatorAssignment } from './operator-assignment.repository';
import { notAssigned, snapshot } from './operator-assignments';
import { toAssignmentView, type HandoverView } from './operator-assignment.view';

const union = (a: string[], b: string[]) => [...new Set([...a, ...b])].sort();

/**
 * A departing person's work moves to a colleague of the same Pemda in one transaction: their open
 * items, their areas and indicators (so the recipient may act on what they receive) and their PIC
 * roles; the departing person's assignment ends, so their account is refused from then on.
 */
@Injectable()
export class OperatorHandovers {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly referenceData: ReferenceData,
    private readonly assignments: OperatorAssignmentRepository,
    private readonly submissions: SubmissionRepository,
    private readonly clock: Clock,
    private readonly announcement: AssignmentAnnouncement,
  ) {}

  async handOver(principal: AuthPrincipal, pemdaCode: string, input: HandOverDto): Promise<HandoverView> {
    assertCanActForPemda(principal, pemdaCode);
    const pemda = await this.referenceData.requirePemda(pemdaCode);
    if (input.fromSubject === input.toSubject) {
      throw new DomainError('invalid-input', 'HANDOVER_TO_SELF', 'Serah terima harus kepada orang lain (a handover needs two different people)');
    }
    const now = this.clock.now();
    return this.dataSource.transaction(async (manager) => {
      await this.assignments.lockPemda(manager, pemda.code);
      const recipient = await this.assignments.find(manager, pemda.code, input.toSubject);
      if (!recipient) throw notAssigned(pemda.code, input.toSubject);
      const departing = await this.assignments.find(manager, pemda.code, input.fromSubject);
      const moved = await this.submissions.handOverOpenItems(manager, pemda.code, input.fromSubject, input.toSubject);
      if (!departing && moved.length === 0) {
        throw new DomainError(
          'not-found',
          'NOTHING_TO_HAND_OVER',
          `${input.fromSubject} tidak memiliki penugasan maupun item terbuka di Pemda ${pemda.code} (nothing to hand over)`,
        );
      }
      const taken: OperatorAssignment = {
        ...recipient,
        areaCodes: union(recipient.areaCodes, departing?.areaCodes ?? []),
        indicatorCodes: union(recipient.indicatorCodes, departing?.indicatorCodes ?? []),
        picAreaCodes: union(recipient.picAreaCodes, departing?.picAreaCodes ?? []),
        assignedBy: principal.subject,
        assignedAt: now,
      };
      if (departing) await this.assignments.remove(manager, pemda.code, input.fromSubject);
      await this.assignments.save(manager, taken);
      const movedItems = moved.map((item) => `${item.year}/${item.subIndicatorCode}`);
      const details = {
        movedItems,
        reason: input.reason?.trim() || null,
        departing: departing ? snapshot(departing) : null,
        recipientBefore: snapshot(recipient),
        recipientAfter: snapshot(taken),
      };
      await this.announcement.recordAndAnnounce(manager, {
        pemdaCode: pemda.code,
        kind: 'handed_over',
        operatorSubject: input.fromSubject,
        toSubject: input.toSubject,
        actor: principal.subject,
        details,
        occurredAt: now,
      });
      const openItemCount = await this.submissions.countOpenItems(manager, pemda.code, input.toSubject);
      await auditTrail.append(manager, {
        actor: principal,
        action: 'operator.handed-over',
        pemdaCode: pemda.code,
        ids: { fromSubject: input.fromSubject, toSubject: input.toSubject },
        details,
        occurredAt: now,
      });
      return {
        pemdaCode: pemda.code,
        fromSubject: input.fromSubject,
        toSubject: input.toSubject,
        movedItems,
        recipient: toAssignmentView(taken, openItemCount),
        handedOverBy: principal.subject,
        handedOverAt: now.toISOString(),
      };
    });
  }
}
