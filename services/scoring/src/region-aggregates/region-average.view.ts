import type { RegionKind } from '@mcp/contracts';
import { roundScore } from '@mcp/mcp-domain';
import { ApiProperty } from '@nestjs/swagger';
import { averageText, regionAverage, type RegionTotals } from './region-average';

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
}

export function regionAverageView(totals: RegionTotals): RegionAverageView {
  return {
    regionCode: totals.regionCode,
    regionKind: totals.regionKind,
    year: totals.year,
    // Rounded from the full-precision mean, not from the 10-decimal text, to round only once.
    average: Number(roundScore(regionAverage(totals.scoreSum, totals.pemdaCount))),
    averageExact: averageText(totals.scoreSum, totals.pemdaCount),
    pemdaCount: totals.pemdaCount,
  };
}
