import type { VerificationOutcome } from '@mcp/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNumber, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';

export class DecideTaskDto {
  @ApiProperty({ enum: ['approved', 'rejected', 'revision_requested'] })
  @IsIn(['approved', 'rejected', 'revision_requested'], {
    message: 'outcome harus approved, rejected atau revision_requested (outcome must be one of those)',
  })
  outcome: VerificationOutcome;

  @ApiPropertyOptional({ example: 100, description: 'Nilai verifikasi; required when approved, a rubric step' })
  @IsOptional()
  @IsNumber({}, { message: 'verifiedValue harus angka (verifiedValue must be a number)' })
  @Min(0)
  @Max(100)
  verifiedValue?: number;

  @ApiPropertyOptional({ example: 'SK belum ditandatangani kepala daerah', description: 'Required unless approved' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  reason?: string;
}
