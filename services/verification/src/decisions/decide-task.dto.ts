import { DECISION_OUTCOMES, type DecisionOutcome } from '@mcp/mcp-domain';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { IsRubricValue } from '../task-records/rubric-value';

/** A verdict: what a first decision, a correction and (narrowed) a QA overturn carry. */
export class DecisionInputDto {
  @ApiProperty({ enum: DECISION_OUTCOMES })
  @IsIn(DECISION_OUTCOMES, { message: 'outcome harus approved, rejected atau revision_requested (outcome must be one of those)' })
  outcome: DecisionOutcome;

  @ApiPropertyOptional({ example: 100, description: 'Nilai verifikasi; required when approved, one of the rubric steps (up to 6 decimals)' })
  @IsOptional()
  @IsRubricValue('verifiedValue')
  verifiedValue?: number;

  @ApiPropertyOptional({
    example: 'DOKUMEN_TIDAK_LENGKAP',
    description: 'Rejections: a code from GET /v1/rejection-reasons (default LAINNYA)',
  })
  @IsOptional()
  @Matches(/^[A-Z0-9_]{1,64}$/, { message: 'reasonCode harus kode dari daftar alasan penolakan (reasonCode must be a listed code)' })
  reasonCode?: string;

  @ApiPropertyOptional({ example: 'Lampiran SSH tidak disertakan', description: 'Required when rejecting or requesting revision: what the Pemda should fix' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(1500)
  note?: string;

  @ApiPropertyOptional({ deprecated: true, description: 'Older name of note' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(1500)
  reason?: string;
}

export class DecideTaskDto extends DecisionInputDto {
  @ApiPropertyOptional({
    example: '2024-12-02T03:00:00.000Z',
    description:
      "The task view's evidenceChangedAt you decided on; refused with 409 if the evidence changed since. " +
      'Without it, the decision is refused if the evidence changed after your claim began.',
  })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'evidenceChangedAt harus waktu ISO-8601 dari tampilan tugas (must be the ISO time from the task view)' })
  evidenceChangedAt?: string;
}

export class CorrectDecisionDto extends DecisionInputDto {}
