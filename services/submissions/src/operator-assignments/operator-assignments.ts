import { auditTrail } from '@mcp/audit-trail';
import { assertCanActForPemda, type AuthPrincipal } from '@mcp/auth';
import { ReferenceData } from '@mcp/reference-data';
import { DomainError } from '@mcp/service-runtime';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../deadlines/clock';
import { AssignmentAnnouncement } from './assignment-announcement';
import { SubmissionRepository } from '../submission-records/submission.repository';
import type { AssignOperatorDto } from './operator-assignment.dto';
import { OperatorAssignmentRepository, type OperatorAssignment } from './operator-assignment.repository';
import {
  toAssignmentView,
  toHistoryEntryView,
  type AssignmentHistoryEntryView,
  type OperatorAssignmentsView,
  type OperatorAssignmentView,
} from './operator-assignment.view';

const distinct = (codes: string[]) => [...new Set(codes.map((code) => code.trim()))].sort();

/** The Pemda admin's management of the Pemda's operators: OPD, areas/indicators, PIC per area. */
@Injectable()
export class OperatorAssignments {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly referenceData: ReferenceData,
    private readonly assignments: OperatorAssignmentRepository,
    private readonly submissions: SubmissionRepository,
    private readonly clock: Clock,
    private readonly announcement: AssignmentAnnouncement,
  ) {}

  /** Creates or replaces one operator's assignment; PIC of an area moves here from whoever held it. */
  async assign(principal: AuthPrincipal, pemdaCode: string, operatorSubject: string, input: AssignOperatorDto): Promise<OperatorAssignmentView> {
    assertCanActForPemda(principal, pemdaCode);
    const pemda = await this.referenceData.requirePemda(pemdaCode);
    const next = {
      areaCodes: distinct(input.areaCodes),
      indicatorCodes: distinct(input.indicatorCodes),
      picAreaCodes: distinct(input.picAreaCodes),
    };
    if (next.areaCodes.length + next.indicatorCodes.length + next.picAreaCodes.length === 0) {
      throw new DomainError(
        'invalid-input',
        'EMPTY_OPERATOR_ASSIGNMENT',
        'Penugasan harus memuat minimal satu area, indikator, atau area PIC; untuk mengakhiri penugasan gunakan hapus atau serah terima (an assignment needs at least one area or indicator)',
      );
    }
    const now = this.clock.now();
    return this.dataSource.transaction(async (manager) => {
      await this.assignments.lockPemda(manager, pemda.code);
      const before = await this.assignments.find(manager, pemda.code, operatorSubject);
      const assignment: OperatorAssignment = {
        pemdaCode: pemda.code,
        operatorSubject,
        operatorName: input.operatorName?.trim() || null,
        opdName: input.opdName.trim(),
        ...next,
        assignedBy: principal.subject,
        assignedAt: now,
      };
      const picTakenFrom = await this.assignments.releasePic(manager, pemda.code, next.picAreaCodes, operatorSubject);
      await this.assignments.save(manager, assignment);
      const details = { opdName: assignment.opdName, ...next, previous: before ? snapshot(before) : null, picTakenFrom };
      await this.announcement.recordAndAnnounce(manager, { pemdaCode: pemda.code, kind: 'assigned', operatorSubject, toSubject: null, actor: principal.subject, details, occurredAt: now });
      const openItemCount = await this.submissions.countOpenItems(manager, pemda.code, operatorSubject);
      await auditTrail.append(manager, { actor: principal, action: 'operator.assigned', pemdaCode: pemda.code, ids: { operatorSubject }, details, occurredAt: now });
      return toAssignmentView(assignment, openItemCount);
    });
  }

  /** Ends an assignment; refused while the person still has open items (hand them over first). */
  async remove(principal: AuthPrincipal, pemdaCode: string, operatorSubject: string): Promise<void> {
    assertCanActForPemda(principal, pemdaCode);
    const pemda = await this.referenceData.requirePemda(pemdaCode);
    const now = this.clock.now();
    await this.dataSource.transaction(async (manager) => {
      await this.assignments.lockPemda(manager, pemda.code);
      const before = await this.requireAssignment(manager, pemda.code, operatorSubject);
      const open = await this.submissions.countOpenItems(manager, pemda.code, operatorSubject);
      if (open > 0) {
        throw new DomainError(
          'conflict',
          'OPEN_ITEMS_NEED_HANDOVER',
          `${operatorSubject} masih bertanggung jawab atas ${open} item yang belum selesai; lakukan serah terima terlebih dahulu (hand over the open items first)`,
          { openItemCount: open },
        );
      }
      await this.assignments.remove(manager, pemda.code, operatorSubject);
      const details = { previous: snapshot(before) };
      await this.announcement.recordAndAnnounce(manager, { pemdaCode: pemda.code, kind: 'removed', operatorSubject, toSubject: null, actor: principal.subject, details, occurredAt: now });
      await auditTrail.append(manager, { actor: principal, action: 'operator.removed', pemdaCode: pemda.code, ids: { operatorSubject }, details, occurredAt: now });
    });
  }

  async list(principal: AuthPrincipal, pemdaCode: string): Promise<OperatorAssignmentsView> {
    assertCanActForPemda(principal, pemdaCode);
    const pemda = await this.referenceData.requirePemda(pemdaCode);
    const manager = this.dataSource.manager;
    const all = await this.assignments.forPemda(manager, pemda.code);
    const operators = await Promise.all(
      all.map(async (assignment) => toAssignmentView(assignment, await this.submissions.countOpenItems(manager, pemda.code, assignment.operatorSubject))),
    );
    const picByArea = Object.fromEntries(all.flatMap((assignment) => assignment.picAreaCodes.map((area) => [area, assignment.operatorSubject])));
    return { pemdaCode: pemda.code, operators, picByArea };
  }

  /** Every assignment, removal and handover of the Pemda, oldest first, with who and when. */
  async history(principal: AuthPrincipal, pemdaCode: string): Promise<AssignmentHistoryEntryView[]> {
    assertCanActForPemda(principal, pemdaCode);
    const pemda = await this.referenceData.requirePemda(pemdaCode);
    return (await this.assignments.history(pemda.code)).map(toHistoryEntryView);
  }

  private async requireAssignment(manager: EntityManager, pemdaCode: string, operatorSubject: string): Promise<OperatorAssignment> {
    const assignment = await this.assignments.find(manager, pemdaCode, operatorSubject);
    if (!assignment) throw notAssigned(pemdaCode, operatorSubject);
    return assignment;
  }
}

export function notAssigned(pemdaCode: string, operatorSubject: string): DomainError {
  return new DomainError(
    'not-found',
    'OPERATOR_ASSIGNMENT_NOT_FOUND',
    `${operatorSubject} tidak memiliki penugasan di Pemda ${pemdaCode} (no assignment for this operator)`,
    { operatorSubject },
  );
}

export function snapshot(assignment: OperatorAssignment) {
  return {
    opdName: assignment.opdName,
    areaCodes: assignment.areaCodes,
    indicatorCodes: assignment.indicatorCodes,
    picAreaCodes: assignment.picAreaCodes,
  };
}
