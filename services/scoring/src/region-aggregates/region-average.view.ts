import type { RegionKind } from '@mcp/mcp-domain';
import {
  areaAverageOf,
  averageOf,
  colourBand,
  roundScore,
  type BandThreshold,
  type ColourBand,
  type Decimal,
  type Framework,
} from '@mcp/mcp-domain';
import { ApiProperty } from '@nestjs/swagger';
import { averageText, type RegionTotals } from './region-average';

const BANDS = ['red', 'yellow', 'blue', 'green'];

export class AreaAverageView {
  @ApiProperty({ example: 'PRC' })
  code: string;

  @ApiProperty({ example: 'Perencanaan' })
  name: string;

  @ApiProperty({ example: 88, description: "Mean of the area's score over every Pemda of the region, 2 decimals" })
  average: number;

  @ApiProperty({ example: '88.0000000000' })
  averageExact: string;

  @ApiProperty({ enum: BANDS })
  colourBand: ColourBand;
}

export class RegionAverageView {
  @ApiProperty({ example: '32', description: 'A province code, wilayah-I…wilayah-V, or national' })
  regionCode: string;

  @ApiProperty({ enum: ['province', 'wilayah', 'national'] })
  regionKind: RegionKind;

  @ApiProperty({ example: 2024 })
  year: number;

  @ApiProperty({ example: 75.13, description: 'Mean over every Pemda of the region, rounded half-up to 2 decimals' })
  average: number;

  @ApiProperty({ example: '75.1300000000', description: 'The same mean to 10 decimals, as a string' })
  averageExact: string;

  @ApiProperty({ example: 28, description: 'Every Pemda of the region, with or without verified evidence' })
  pemdaCount: number;

  @ApiProperty({ enum: BANDS, description: "Colour band of the rounded average, by the year's thresholds" })
  colourBand: ColourBand;

  @ApiProperty({ type: [AreaAverageView], description: "Per-area averages, in the order of the year's framework" })
  areas: AreaAverageView[];

  @ApiProperty({ nullable: true, example: null, description: 'The instant the figures are as of, when asked', type: String })
  asOf: string | null;
}

/** Rounded once from the full-precision mean, never from the 10-decimal text. */
function displayed(average: Decimal, bands: readonly BandThreshold[]) {
  const rounded = roundScore(average);
  return { average: Number(rounded), averageExact: averageText(average), colourBand: colourBand(Number(rounded), bands) };
}

export function regionAverageView(
  totals: RegionTotals,
  framework: Framework,
  bands: readonly BandThreshold[],
  asOf: Date | null,
): RegionAverageView {
  const { average, averageExact, colourBand: band } = displayed(averageOf(totals.aggregate), bands);
  return {
    regionCode: totals.regionCode,
    regionKind: totals.regionKind,
    year: totals.year,
    average,
    averageExact,
    pemdaCount: totals.aggregate.pemdaCount,
    colourBand: band,
    areas: framework.areas.map((area) => ({
      code: area.code,
      name: area.name,
      ...displayed(areaAverageOf(totals.aggregate, area.code), bands),
    })),
    asOf: asOf === null ? null : asOf.toISOString(),
  };
}
