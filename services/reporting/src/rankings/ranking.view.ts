import { ApiProperty } from '@nestjs/swagger';

export class PemdaRankingRow {
  @ApiProperty({ example: 1, description: 'Competition ranking on the published score: 1, 2, 2, 4' })
  rank: number;

  @ApiProperty({ example: '32.73' })
  pemdaCode: string;

  @ApiProperty({ example: 'Kota Bandung' })
  name: string;

  @ApiProperty({ enum: ['provinsi', 'kabupaten', 'kota'] })
  kind: string;

  @ApiProperty({ example: '32' })
  provinceCode: string;

  @ApiProperty({ enum: ['I', 'II', 'III', 'IV', 'V'] })
  wilayah: string;

  @ApiProperty({ example: 80.15, description: 'Rounded half-up to 2 places; 0 without a score' })
  total: number;

  @ApiProperty({ example: '80.145' })
  totalExact: string;
}
