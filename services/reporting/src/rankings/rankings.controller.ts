import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PemdaRankings } from './pemda-rankings';
import { RankingQuery } from './ranking.query';
import { PemdaRankingRow } from './ranking.view';

@ApiTags('reports')
@ApiBearerAuth()
@Controller('v1/reports/rankings')
export class RankingsController {
  constructor(private readonly rankings: PemdaRankings) {}

  @Get()
  @ApiOperation({
    summary: 'Pemda ranked by total: nationally, within a province or a wilayah, optionally of one kind',
    description:
      'scope=national (default), province (region=32) or wilayah (region=III); kind=provinsi|kabupaten|kota narrows the ' +
      'field. Every Pemda of the scope is listed, an unscored one at 0. Equal published scores share a rank and the ' +
      'next rank skips (1, 2, 2, 4); ties are listed by code.',
  })
  @ApiOkResponse({ type: [PemdaRankingRow] })
  list(@Query() query: RankingQuery): Promise<PemdaRankingRow[]> {
    return this.rankings.rank(query);
  }
}
