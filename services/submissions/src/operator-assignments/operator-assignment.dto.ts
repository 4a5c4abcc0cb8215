import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';

// Framework codes as the frameworks write them: `PRC` for an area, `PRC.1` for an indicator.
const CODE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/;
const CODE_MESSAGE = 'kode area/indikator tidak valid, mis. PRC atau PRC.1 (invalid area or indicator code)';

export class AssignOperatorDto {
  @ApiPropertyOptional({ example: 'Siti Rahmawati', description: 'How the operator is shown to the Pemda admin' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  operatorName?: string;

  @ApiProperty({ example: 'Badan Pengelolaan Keuangan dan Aset Daerah', description: 'The OPD (dinas/badan) the operator works for' })
  // Trimmed before the length check: "  " is no name (the stored name is trimmed too).
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @MinLength(2, { message: 'opdName wajib diisi (the OPD is required)' })
  @MaxLength(200)
  opdName: string;

  @ApiProperty({ example: ['ANG'], description: 'Areas whose every sub-indicator the operator may work on' })
  @IsArray()
  @ArrayMaxSize(50)
  @Matches(CODE, { each: true, message: CODE_MESSAGE })
  areaCodes: string[];

  @ApiProperty({ example: ['PBJ.1'], description: 'Single indicators beyond those areas' })
  @IsArray()
  @ArrayMaxSize(200)
  @Matches(CODE, { each: true, message: CODE_MESSAGE })
  indicatorCodes: string[];

  @ApiProperty({
    example: ['ANG'],
    description: 'Areas this operator is the person in charge (PIC) of; one PIC per area, so another holder loses it. Implies working on the area.',
  })
  @IsArray()
  @ArrayMaxSize(50)
  @Matches(CODE, { each: true, message: CODE_MESSAGE })
  picAreaCodes: string[];
}

export class HandOverDto {
  @ApiProperty({ example: 'operator-bpkad-lama', description: 'The departing operator (token subject)' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  fromSubject: string;

  @ApiProperty({ example: 'operator-bpkad-baru', description: 'The operator of the same Pemda who takes over; must already have an assignment' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  toSubject: string;

  @ApiPropertyOptional({ example: 'Mutasi ke Dinas Pendidikan per 1 Desember' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;
}
