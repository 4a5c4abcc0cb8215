import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsNumber, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

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

  @ApiPropertyOptional({ example: 'Perbaikan sesuai catatan verifikator', description: 'Catatan versi ini (why this version)' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class EvidenceView {
  @ApiProperty() id: string;
  @ApiProperty() pemdaCode: string;
  @ApiProperty() year: number;
  @ApiProperty() subIndicatorCode: string;
  @ApiProperty({ description: '1 for the first upload of the sub-indicator, then 2, 3…' }) version: number;
  @ApiProperty({ nullable: true, description: 'The claim (nilai) in force when this version was uploaded' }) claimedValue: number | null;
  @ApiProperty() sha256: string;
  @ApiProperty() sizeBytes: number;
  @ApiProperty({ description: 'Decided from the content, not from the name' }) contentType: string;
  @ApiProperty({ description: 'Sanitised original name' }) fileName: string;
  @ApiProperty({ nullable: true }) note: string | null;
  @ApiProperty({ enum: ['submitted', 'approved', 'rejected', 'revision_requested', 'withdrawn'] }) status: string;
  @ApiProperty({ nullable: true, description: "The verifier's reason (or the withdrawal's)" }) statusReason: string | null;
  @ApiProperty() submittedBy: string;
  @ApiProperty() submittedAt: string;
  @ApiProperty({ example: '/v1/evidence/3f0c…/download' }) downloadUrl: string;
}
