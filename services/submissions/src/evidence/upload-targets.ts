import { assertCanActForPemda, type AuthPrincipal } from '@mcp/auth';
import type { SubIndicator } from '@mcp/mcp-domain';
import { ReferenceData, type PemdaRecord } from '@mcp/reference-data';
import { DomainError } from '@mcp/service-runtime';
import { Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { UploadDeadlines } from '../deadlines/upload-deadlines';
import { OperatorScope } from '../operator-assignments/operator-scope';
import { assertClaimOnRubric } from '../submission-records/claim-rules';
import { SubmitEvidenceDto } from './submit-evidence.dto';

/** A checked upload destination: who, which Pemda, year and sub-indicator, and the claim. */
export interface UploadTarget {
  input: SubmitEvidenceDto;
  pemda: PemdaRecord;
  subIndicator: SubIndicator;
}

const REQUIRED_FIELDS = ['pemdaCode', 'year', 'subIndicatorCode'];

/** Whether the text fields needed to check the destination have all arrived. */
export function hasTargetFields(fields: Record<string, string>): boolean {
  return REQUIRED_FIELDS.every((name) => name in fields);
}

/**
 * Checks where an upload goes, in the order a person fixes things: the form, the caller's right
 * to act for the Pemda, the Pemda, year and sub-indicator, the operator's assignment (OPD accounts),
 * the claim, then the deadline.
 */
@Injectable()
export class UploadTargets {
  constructor(
    private readonly referenceData: ReferenceData,
    private readonly deadlines: UploadDeadlines,
    private readonly operatorScope: OperatorScope,
  ) {}

  /** `startedAt` is when the request arrived: an upload begun before the deadline is on time. */
  async resolve(principal: AuthPrincipal, fields: Record<string, string>, startedAt: Date): Promise<UploadTarget> {
    const input = await validFields(fields);
    assertCanActForPemda(principal, input.pemdaCode);
    const pemda = await this.referenceData.requirePemda(input.pemdaCode);
    const framework = await this.referenceData.requireFramework(input.year);
    const located = this.referenceData.requireSubIndicator(framework, input.subIndicatorCode);
    await this.operatorScope.assertMayWorkOn(principal, pemda.code, located);
    const { subIndicator } = located;
    if (input.claimedValue !== undefined) assertClaimOnRubric(subIndicator, input.claimedValue);
    await this.deadlines.assertOpen(pemda, framework.framework, startedAt);
    return { input, pemda, subIndicator };
  }
}

/** The same whitelist rules the global ValidationPipe applies to JSON bodies. */
async function validFields(fields: Record<string, string>): Promise<SubmitEvidenceDto> {
  const input = plainToInstance(SubmitEvidenceDto, fields);
  const errors = await validate(input, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length > 0) {
    const messages = errors.flatMap((error) => Object.values(error.constraints ?? {}));
    throw new DomainError('invalid-input', 'INVALID_UPLOAD_FIELDS', messages.join('; '));
  }
  return input;
}
