import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsNumber, IsOptional, IsString, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import { RUBRIC_VALUE_DECIMALS } from '../numeric-column';

export class ChangeClaimDto {
  @ApiProperty({ example: 50, nullable: true, type: Number, description: 'A rubric step of the sub-indicator (up to 6 decimals), or null to withdraw the claim' })
  @ValidateIf((_, value) => value !== null)
  @Type(() => Number)
  @IsNumber(
    { maxDecimalPlaces: RUBRIC_VALUE_DECIMALS },
    {
      message: `claimedValue harus angka dengan paling banyak ${RUBRIC_VALUE_DECIMALS} angka di belakang koma, atau null (claimedValue must be a number with at most ${RUBRIC_VALUE_DECIMALS} decimals, or null)`,
    },
  )
  @Min(0)
  @Max(100)
  claimedValue: number | null;

  @ApiPropertyOptional({ example: 'Dokumen implementasi baru ditemukan' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;
}
