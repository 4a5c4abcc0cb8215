import { DECISION_OUTCOMES, type DecisionOutcome } from '@mcp/mcp-domain';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { IsRubricValue } from '../task-records/rubric-value';

export class ConfirmReviewDto {
  @ApiPropertyOptional({ example: 'Sesuai rubrik' })
  @IsOptional()
  @IsString()
  @MaxLength(1500)
  note?: string;
}

type OverturnOutcome = Exclude<DecisionOutcome, 'revision_requested'>;
const OVERTURN_OUTCOMES = DECISION_OUTCOMES.filter((outcome): outcome is OverturnOutcome => outcome !== 'revision_requested');

/** QA's verdict is final for the item: approve or reject, never a further revision round. */
export class OverturnReviewDto {
  @ApiProperty({ enum: OVERTURN_OUTCOMES })
  @IsIn(OVERTURN_OUTCOMES, { message: 'outcome pembatalan QA harus approved atau rejected (a QA overturn approves or rejects)' })
  outcome: OverturnOutcome;

  @ApiPropertyOptional({ example: 50, description: 'Required when approved: a rubric step (up to 6 decimals)' })
  @IsOptional()
  @IsRubricValue('verifiedValue')
  verifiedValue?: number;

  @ApiPropertyOptional({ example: 'DOKUMEN_TIDAK_SESUAI', description: 'Rejections: a code from GET /v1/rejection-reasons' })
  @IsOptional()
  @Matches(/^[A-Z0-9_]{1,64}$/, { message: 'reasonCode harus kode dari daftar alasan penolakan (reasonCode must be a listed code)' })
  reasonCode?: string;

  @ApiProperty({ example: 'Lampiran tidak memuat SSH tahun berjalan', description: 'Why the decision is overturned' })
  @IsString()
  @MinLength(1, { message: 'note wajib diisi: alasan pembatalan (why the decision is overturned)' })
  @MaxLength(1500)
  note: string;
}
