import { ApiProperty } from '@nestjs/swagger';

/** Scores in every view are the exact stored decimals rounded half-up to 2 places. */
export class RegionFigure {
  @ApiProperty({ example: 'wilayah-III' })
  regionCode: string;

  @ApiProperty({ example: 76.04 })
  average: number;

  @ApiProperty({ example: 120, description: 'Every Pemda of the region, scored or not' })
  pemdaCount: number;
}

export class NationalReportView {
  @ApiProperty({ example: 2024 })
  year: number;

  @ApiProperty({ example: 76.04 })
  average: number;

  @ApiProperty({ example: 546 })
  pemdaCount: number;

  @ApiProperty({ type: [RegionFigure], description: 'Wilayah I to V, in that order' })
  wilayah: RegionFigure[];

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'null before the first aggregate' })
  updatedAt: string | null;
}

export class ProvinceRankingRow {
  @ApiProperty({ example: 1, description: 'Equal averages share a rank: 1, 2, 2, 4' })
  rank: number;

  @ApiProperty({ example: '32' })
  provinceCode: string;

  @ApiProperty({ example: 'Jawa Barat' })
  name: string;

  @ApiProperty({ enum: ['I', 'II', 'III', 'IV', 'V'], example: 'III' })
  wilayah: string;

  @ApiProperty({ example: 84.73 })
  average: number;

  @ApiProperty({ example: 28, description: 'The province itself and its kabupaten/kota' })
  pemdaCount: number;
}

export class AreaFigure {
  @ApiProperty({ example: 'PRC' })
  code: string;

  @ApiProperty({ example: 88 })
  score: number;
}

export class PemdaReportView {
  @ApiProperty({ example: '32.73' })
  pemdaCode: string;

  @ApiProperty({ example: 'Kota Bandung' })
  name: string;

  @ApiProperty({ enum: ['provinsi', 'kabupaten', 'kota'] })
  kind: string;

  @ApiProperty({ example: '32' })
  provinceCode: string;

  @ApiProperty({ enum: ['I', 'II', 'III', 'IV', 'V'], example: 'III' })
  wilayah: string;

  @ApiProperty({ example: 2024 })
  year: number;

  @ApiProperty({ example: 90.94, description: '0 while the Pemda has no score' })
  total: number;

  @ApiProperty({ type: [AreaFigure], description: 'Empty while the Pemda has no score' })
  areas: AreaFigure[];

  @ApiProperty({ example: 3, description: "Among the province's Pemda (unscored ones count 0); ties share a rank" })
  rankInProvince: number;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When the score was computed; null without one' })
  updatedAt: string | null;
}

export class RegionAreaView {
  @ApiProperty({ example: 'PRC' })
  code: string;

  @ApiProperty({ example: 0.4, description: 'Rounded half-up to 2 places' })
  average: number;

  @ApiProperty({ example: '0.3967460357' })
  averageExact: string;
}

export class RegionReportView {
  @ApiProperty({ example: '32', description: 'A province code, wilayah-I … wilayah-V, or national' })
  regionCode: string;

  @ApiProperty({ enum: ['province', 'wilayah', 'national'] })
  regionKind: string;

  @ApiProperty({ example: 2024 })
  year: number;

  @ApiProperty({ example: 0.11 })
  average: number;

  @ApiProperty({ example: '0.1076095243' })
  averageExact: string;

  @ApiProperty({ example: 28 })
  pemdaCount: number;

  @ApiProperty({
    type: [RegionAreaView],
    description:
      'Average per area over every Pemda of the region, by area code. An area no Pemda of the region has a score in is absent (its average is 0).',
  })
  areas: RegionAreaView[];

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'null before the first aggregate' })
  updatedAt: string | null;
}
