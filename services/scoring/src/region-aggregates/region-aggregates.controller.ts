import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ScoreYearQuery } from '../score-year.query';
import { RegionAverageView } from './region-average.view';
import { RegionAggregatesService } from './region-aggregates.service';

@ApiTags('scores')
@ApiBearerAuth()
@Controller('v1/scores/regions')
export class RegionAggregatesController {
  constructor(private readonly aggregates: RegionAggregatesService) {}

  @Get(':regionCode')
  @ApiOperation({
    summary: 'The average score of a province, a wilayah or the nation for a year',
    description:
      'Averaging rule: the mean over EVERY Pemda of the region, average = Σ Pemda totals / pemdaCount, where ' +
      'pemdaCount is the number of Pemda in the region from reference data (national: all 546; a province: the ' +
      'provincial government and all its kabupaten/kota; a wilayah: every Pemda of its provinces). A Pemda without ' +
      'any verified evidence counts as 0; the mean is unweighted (not by population or budget). KPK does not ' +
      'publish its own method. A region without any decision yet averages 0. Any authenticated role may read.',
  })
  @ApiParam({
    name: 'regionCode',
    example: '32',
    description: 'A province code (32), wilayah-I … wilayah-V, or national',
  })
  @ApiQuery({ name: 'year', type: Number, required: true, example: 2024 })
  @ApiOkResponse({ type: RegionAverageView })
  averageOf(@Param('regionCode') regionCode: string, @Query() query: ScoreYearQuery): Promise<RegionAverageView> {
    return this.aggregates.averageFor(regionCode, query.year);
  }
}
