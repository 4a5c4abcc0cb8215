import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsInt, IsNumber, IsOptional, IsString, Matches, Max, MaxLength, Min, type ValidationError } from 'class-validator';
import { RUBRIC_VALUE_DECIMALS } from '../numeric-column';

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
  @Min(2018, { message: 'year paling awal 2018 (year must be 2018 or later)' })
  @Max(2100, { message: 'year paling akhir 2100 (year must be 2100 or earlier)' })
  year: number;

  @ApiProperty({ example: 'PRC.1.1' })
  @Matches(/^[A-Za-z0-9._-]{1,64}$/, {
    message: 'subIndicatorCode tidak valid (subIndicatorCode must be a framework code such as PRC.1.1)',
  })
  subIndicatorCode: string;

  @ApiPropertyOptional({ example: 100, description: 'Nilai klaim Pemda (self-assessment), a rubric step' })
  @IsOptional()
  // A blank form field is not a claim of 0 (what `Number('')` would make of it): it stays text and
  // is refused, so a Pemda never lowers its claim by leaving a box empty. Omit the field to keep
  // the claim in force.
  @Transform(({ value }) => (typeof value === 'string' && value.trim() !== '' ? Number(value) : value))
  @IsNumber(
    { maxDecimalPlaces: RUBRIC_VALUE_DECIMALS },
    { message: `claimedValue harus angka dengan paling banyak ${RUBRIC_VALUE_DECIMALS} angka di belakang koma (claimedValue must be a number with at most ${RUBRIC_VALUE_DECIMALS} decimals)` },
  )
  @Min(0, { message: 'claimedValue paling kecil 0 (claimedValue must be at least 0)' })
  @Max(100, { message: 'claimedValue paling besar 100 (claimedValue must be at most 100)' })
  claimedValue?: number;

  @ApiPropertyOptional({ example: 'Perbaikan sesuai catatan verifikator', description: 'Catatan versi ini (why this version)' })
  @IsOptional()
  @IsString({ message: 'note harus teks (note must be text)' })
  @MaxLength(2000, { message: 'note paling banyak 2000 karakter (note must be at most 2000 characters)' })
  note?: string;
}

/**
 * What class-validator found, in the platform's words: its own message for a field nobody declared
 * ("property x should not exist") is English, and a Pemda operator reads this refusal.
 */
export function uploadFieldProblems(errors: readonly ValidationError[]): string {
  return errors
    .flatMap((error) =>
      Object.entries(error.constraints ?? {}).map(([rule, message]) =>
        rule === 'whitelistValidation' ? `kolom ${error.property} tidak dikenal (unknown field ${error.property})` : message,
      ),
    )
    .join('; ');
}
