import { assertCanActForPemda, isLimitedOperator, type AuthPrincipal } from '@mcp/auth';
import type { Framework, LocatedSubIndicator, SubIndicator } from '@mcp/mcp-domain';
import { ReferenceData, type PemdaRecord } from '@mcp/reference-data';
import { DomainError } from '@mcp/service-runtime';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { DataSource } from 'typeorm';
import { UploadDeadlines } from '../deadlines/upload-deadlines';
import type { RecordedResponse } from '../idempotency/idempotency-keys';
import { assertScopeOf } from '../operator-assignments/operator-scope';
import { assertClaimOnRubric } from '../submission-records/claim-rules';
import { readDestinationFacts, type DestinationFacts, type DestinationFactsBeforeFile, type DestinationKey } from './destination-facts';
import { assertYearOpen } from '../years/closed-years';
import { SubmitEvidenceDto, uploadFieldProblems } from './submit-evidence.dto';

/** A checked upload destination: who, which Pemda, year and sub-indicator, and the claim. */
export interface UploadTarget {
  input: SubmitEvidenceDto;
  pemda: PemdaRecord;
  subIndicator: SubIndicator;
}

/** An evidence upload's destination, with what checking it again under the item's lock needs. */
export interface EvidenceTarget extends UploadTarget {
  located: LocatedSubIndicator;
  framework: Framework;
  /** When the request arrived: the deadline is judged at that instant. */
  startedAt: Date;
  /** The fields it was resolved from, to tell whether later fields changed it. */
  fields: Readonly<Record<string, string>>;
}

/** A destination checked against what the database says, or the answer its Idempotency-Key already has. */
export interface ResolvedTarget {
  target: EvidenceTarget;
  /** The Pemda's stored bytes (0 unless asked for). */
  usedBytes: number;
  earlier: RecordedResponse | undefined;
}

const REQUIRED_FIELDS = ['pemdaCode', 'year', 'subIndicatorCode'];

/** Whether the text fields needed to check the destination have all arrived. */
export function hasTargetFields(fields: Record<string, string>): boolean {
  return REQUIRED_FIELDS.every((name) => name in fields);
}

/** Whether a target was resolved from exactly these fields (none added or changed since). */
export function resolvedFrom(target: EvidenceTarget, fields: Record<string, string>): boolean {
  const names = Object.keys(fields);
  return names.length === Object.keys(target.fields).length && names.every((name) => target.fields[name] === fields[name]);
}

/**
 * Checks where an upload goes, in the order a person fixes things: the form, the caller's right
 * to act for the Pemda, the Pemda, year and sub-indicator, the operator's assignment (OPD accounts),
 * the claim, then the deadline. What the database knows of these (the assignment, the deadline's
 * extension, and the quota's stored bytes when asked) is read in one statement (destination-facts.ts).
 */
@Injectable()
export class UploadTargets {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly referenceData: ReferenceData,
    private readonly deadlines: UploadDeadlines,
  ) {}

  /**
   * `startedAt` is when the request arrived: an upload begun before the deadline is on time. With
   * an Idempotency-Key that already has an answer, `earlier` is that answer and nothing after the
   * form was checked: a retry is answered as the first attempt was, whatever changed since.
   */
  async resolve(principal: AuthPrincipal, fields: Record<string, string>, startedAt: Date, idempotencyKey?: string): Promise<ResolvedTarget> {
    const { target, facts } = await this.resolveAndRead(principal, fields, startedAt, false, idempotencyKey);
    return { target, usedBytes: 0, earlier: facts.earlier };
  }

  /** `resolve`, and the bytes the Pemda already stores (for the quota), read by the same statement. */
  async resolveWithUsedBytes(principal: AuthPrincipal, fields: Record<string, string>, startedAt: Date, idempotencyKey?: string): Promise<ResolvedTarget> {
    const { target, facts } = await this.resolveAndRead(principal, fields, startedAt, true, idempotencyKey);
    return { target, usedBytes: facts.usedBytes ?? 0, earlier: facts.earlier };
  }

  /**
   * The checks that depend on the database, on facts read again later (under the item's lock, in
   * the transaction that records the upload): the assignment, then the deadline, as `resolve` orders them.
   */
  recheck(principal: AuthPrincipal, target: EvidenceTarget, facts: DestinationFacts): void {
    assertScopeOf(principal, target.pemda.code, target.located, facts.assignment);
    assertYearOpen(target.framework.year, facts.yearClosedAt);
    this.deadlines.assertOpenWith(target.pemda, target.framework, target.startedAt, facts.latestExtension);
  }

  /** A resumable upload's last byte came within `lateFinishMs` of the deadline in force (extensions included). */
  assertFinishedInTime(target: EvidenceTarget, completedAt: Date, lateFinishMs: number): Promise<void> {
    return this.deadlines.assertFinishedInTime(target.pemda, target.framework, completedAt, lateFinishMs);
  }

  /** Who the facts are read for. */
  keyOf(principal: AuthPrincipal, target: EvidenceTarget): DestinationKey {
    return { pemdaCode: target.pemda.code, year: target.framework.year, subject: principal.subject, limitedOperator: isLimitedOperator(principal) };
  }

  private async resolveAndRead(
    principal: AuthPrincipal,
    fields: Record<string, string>,
    startedAt: Date,
    withUsedBytes: boolean,
    idempotencyKey: string | undefined,
  ): Promise<{ target: EvidenceTarget; facts: DestinationFactsBeforeFile }> {
    const input = await validFields(fields);
    assertCanActForPemda(principal, input.pemdaCode);
    const pemda = await this.referenceData.requirePemda(input.pemdaCode);
    const { framework, index } = await this.referenceData.requireFramework(input.year);
    const located = this.referenceData.requireSubIndicator({ framework, index }, input.subIndicatorCode);
    const target: EvidenceTarget = { input, pemda, subIndicator: located.subIndicator, located, framework, startedAt, fields: { ...fields } };
    const facts = await readDestinationFacts(this.dataSource.manager, this.keyOf(principal, target), withUsedBytes, idempotencyKey);
    if (facts.earlier) {
      assertSameRequest(input, facts.earlier);
      return { target, facts };
    }
    assertScopeOf(principal, pemda.code, located, facts.assignment);
    if (input.claimedValue !== undefined) assertClaimOnRubric(located.subIndicator, input.claimedValue);
    // Before the deadline: an extension granted before the closing would otherwise still admit it.
    assertYearOpen(framework.year, facts.yearClosedAt);
    this.deadlines.assertOpenWith(pemda, framework, startedAt, facts.latestExtension);
    return { target, facts };
  }
}

/** The same whitelist rules the global ValidationPipe applies to JSON bodies. */
async function validFields(fields: Record<string, string>): Promise<SubmitEvidenceDto> {
  const input = plainToInstance(SubmitEvidenceDto, fields);
  const errors = await validate(input, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length > 0) throw new DomainError('invalid-input', 'INVALID_UPLOAD_FIELDS', uploadFieldProblems(errors));
  return input;
}

/**
 * A retry repeats its request (docs/decisions.md #125): a key whose first answer was for another
 * item, claim or note is refused rather than replayed. A form changed after a lost answer and sent
 * again under the same key would otherwise be told "uploaded" while its new claim was dropped.
 */
export function assertSameRequest(input: SubmitEvidenceDto, earlier: { statusCode: number; body: object }): void {
  const answered = earlier.body as Partial<Record<'pemdaCode' | 'subIndicatorCode' | 'note', string | null> & Record<'year' | 'claimedValue', number | null>>;
  // Only an evidence view can be compared; anything else recorded under a key is replayed as it was.
  if (answered.pemdaCode === undefined || answered.subIndicatorCode === undefined) return;
  // Only what the request sent is compared: a multipart form may carry its claim or note after the
  // file, and this runs before the file, on the fields seen so far (a changed field sent after the
  // file is not caught here; the portal and tus send every field first).
  const differs =
    answered.pemdaCode !== input.pemdaCode ||
    answered.year !== input.year ||
    answered.subIndicatorCode !== input.subIndicatorCode ||
    (input.claimedValue !== undefined && answered.claimedValue !== input.claimedValue) ||
    // A 200 answers with the version already there (same file, same claim), whose note is its own.
    (earlier.statusCode === 201 && input.note !== undefined && answered.note !== undefined && (answered.note ?? null) !== (input.note.trim() || null));
  if (differs) {
    throw new DomainError(
      'unprocessable',
      'IDEMPOTENCY_KEY_REUSED',
      'Idempotency-Key ini sudah dipakai untuk unggahan dengan isian lain (butir, nilai klaim atau catatan); kirim isian yang berubah dengan kunci baru (the key was used for a different request)',
    );
  }
}
