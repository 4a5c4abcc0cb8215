import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsNumber, IsOptional, Matches, Max, Min } from 'class-validator';

/** The text fields of the multipart upload (the file itself is the `file` part). */
export class SubmitEvidenceDto {
  @ApiProperty({ example: '32.73', description: 'Kode Kemendagri Pemda' })
  @Matches(/^\d{2}(\.\d{2})?$/, {
    message: 'pemdaCode harus berupa kode Kemendagri, mis. 32 atau 32.73 (pemdaCode must be a Kemendagri code)',
  })
  pemdaCode: string;

  @ApiProperty({ example: 2024 })
  @Type(() => Number)
  @IsInt({ message: 'year harus bilangan bulat (year must be an integer)' })
  @Min(2018)
  @Max(2100)
  year: number;

  @ApiProperty({ example: 'PRC.1.1' })
  @Matches(/^[A-Za-z0-9._-]{1,64}$/, {
    message: 'subIndicatorCode tidak valid (subIndicatorCode must be a framework code such as PRC.1.1)',
  })
  subIndicatorCode: string;

  @ApiPropertyOptional({ example: 100, description: 'Nilai klaim Pemda (self-assessment), a rubric step' })
  @IsOptional()
  @Type(() => Number)
  @IsNumber({}, { message: 'claimedValue harus angka (claimedValue must be a number)' })
  @Min(0)
  @Max(100)
  claimedValue?: number;
}

export class EvidenceView {
  @ApiProperty() id: string;
  @ApiProperty() pemdaCode: string;
  @ApiProperty() year: number;
  @ApiProperty() subIndicatorCode: string;
  @ApiProperty({ nullable: true }) claimedValue: number | null;
  @ApiProperty() sha256: string;
  @ApiProperty() sizeBytes: number;
  @ApiProperty() contentType: string;
  @ApiProperty() fileName: string;
  @ApiProperty({ enum: ['submitted', 'approved', 'rejected', 'revision_requested'] }) status: string;
  @ApiProperty({ nullable: true }) statusReason: string | null;
  @ApiProperty() submittedAt: string;
}
