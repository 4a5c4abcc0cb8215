import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsISO8601, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';

export class GrantExtensionDto {
  @ApiProperty({ example: 2024 })
  @IsInt({ message: 'year harus bilangan bulat (year must be an integer)' })
  @Min(2018)
  @Max(2100)
  year: number;

  @ApiProperty({ example: '2026-12-31T23:59:59+07:00', description: 'ISO-8601 with an explicit offset (a bare local time is ambiguous)' })
  @Matches(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/, {
    message: 'until harus waktu ISO-8601 dengan zona, mis. 2026-12-31T23:59:59+07:00 (until must be ISO-8601 with an offset)',
  })
  // The pattern lets 2026-13-01 through: an Invalid Date then passed every comparison and failed in Postgres as a 500.
  @IsISO8601({ strict: true }, { message: 'until bukan waktu yang ada (until is not a valid date and time)' })
  until: string;

  @ApiProperty({ example: 'Gangguan jaringan di kantor Inspektorat pada pekan terakhir' })
  @IsString()
  @MinLength(3, { message: 'reason wajib diisi (a reason is required)' })
  @MaxLength(2000)
  reason: string;
}
