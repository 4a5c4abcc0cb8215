import { CurrentPrincipal, type AuthPrincipal } from '@mcp/auth';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ScoreAsOfQuery } from '../score-year.query';
import { RegionAverageView } from './region-average.view';
import { RegionAggregatesService } from './region-aggregates.service';

@ApiTags('scores')
@ApiBearerAuth()
@Controller('v1/scores/regions')
export class RegionAggregatesController {
  constructor(private readonly aggregates: RegionAggregatesService) {}

  @Get(':regionCode')
  @ApiOperation({
    summary: 'The average score of a province, a wilayah or the nation for a year, overall and per area',
    description:
      'AVERAGING RULE: the mean over EVERY Pemda of the region, average = Σ Pemda totals / pemdaCount, where ' +
      'pemdaCount is the number of Pemda in the region from reference data (national: all 546; a province: the ' +
      'provincial government and all its kabupaten/kota; a wilayah: every Pemda of its provinces). A Pemda without ' +
      'any verified evidence counts as 0; the mean is unweighted (not by population or budget). Each per-area ' +
      "average is Σ of the Pemda's area scores / pemdaCount, by the same rule. KPK does not publish its own method. " +
      'Sums move by delta on every score change (O(1) per event), never by a rescan. A region without any decision ' +
      "yet averages 0. colourBand uses the year's thresholds (the framework's, else red 0–25, yellow 25–50, blue " +
      '50–75, green 75–100). `asOf` gives the figures as they stood then: a date means the end of that day in the ' +
      "framework's time zone (WIB), an instant must carry its offset. KPK roles read every region; a Pemda's users the " +
      "regions their Pemda belongs to (its province, its wilayah, the nation), a region of fewer than three Pemda only if it " +
      "is theirs alone (DKI Jakarta's province); else 403 NOT_ALLOWED_FOR_REGION. " +
      '404 UNKNOWN_REGION / UNKNOWN_FRAMEWORK_YEAR, 400 INVALID_AS_OF.',
  })
  @ApiParam({
    name: 'regionCode',
    example: '32',
    description: 'A province code (32), wilayah-I … wilayah-V, or national',
  })
  @ApiQuery({ name: 'year', type: Number, required: true, example: 2024 })
  @ApiQuery({ name: 'asOf', type: String, required: false, example: '2024-10-31' })
  @ApiOkResponse({ type: RegionAverageView })
  averageOf(
    @CurrentPrincipal() principal: AuthPrincipal,
    @Param('regionCode') regionCode: string,
    @Query() query: ScoreAsOfQuery,
  ): Promise<RegionAverageView> {
    return this.aggregates.averageFor(principal, regionCode, query.year, query.asOf);
  }
}
