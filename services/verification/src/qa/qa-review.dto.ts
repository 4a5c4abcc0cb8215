import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNumber, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { DecisionView } from '../decisions/decision-view';

export class ConfirmReviewDto {
  @ApiPropertyOptional({ example: 'Sesuai rubrik' })
  @IsOptional()
  @IsString()
  @MaxLength(1500)
  note?: string;
}

/** QA's verdict is final for the item: approve or reject, never a further revision round. */
export class OverturnReviewDto {
  @ApiProperty({ enum: ['approved', 'rejected'] })
  @IsIn(['approved', 'rejected'], { message: 'outcome pembatalan QA harus approved atau rejected (a QA overturn approves or rejects)' })
  outcome: 'approved' | 'rejected';

  @ApiPropertyOptional({ example: 50, description: 'Required when approved: a rubric step' })
  @IsOptional()
  @IsNumber({}, { message: 'verifiedValue harus angka (verifiedValue must be a number)' })
  @Min(0)
  @Max(100)
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

export class QaReviewView {
  @ApiProperty() id: string;
  @ApiProperty({ enum: ['pending', 'confirmed', 'overturned', 'superseded'] }) status: string;
  @ApiProperty() wilayah: string;
  @ApiProperty() sampledAt: string;
  @ApiPropertyOptional({ nullable: true }) reviewedBy: string | null;
  @ApiPropertyOptional({ nullable: true }) reviewedAt: string | null;
  @ApiPropertyOptional({ nullable: true }) note: string | null;
  @ApiPropertyOptional({ nullable: true }) overturnDecisionId: string | null;
  @ApiProperty({ type: DecisionView, description: 'The sampled decision' }) decision: DecisionView;
}
