import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

export class WithdrawEvidenceDto {
  @ApiPropertyOptional({ example: 'Salah unggah: dokumen untuk sub-indikator lain' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;
}
