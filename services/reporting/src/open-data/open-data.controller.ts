import { Public } from '@mcp/auth';
import { Controller, Get, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { PassThrough } from 'node:stream';
import { text } from 'node:stream/consumers';
import { CONTENT_TYPES, writeTable } from '../exports/table-export';
import { sendCacheable } from './cacheable-response';
import { OPEN_DATA_COLUMNS } from './open-data-columns';
import { OpenDataQuery, OpenProgressQuery } from './open-data.query';
import { PublishedFigures, type OpenDataSet } from './published-figures';

const FINAL_MAX_AGE = 24 * 3600;
const PROGRESS_MAX_AGE = 3600;

/** The JSON form of an OpenDataSet (format=csv: the rows, one line each, Indonesian header). */
const OPEN_DATA_SET_SCHEMA = {
  type: 'object' as const,
  required: ['year', 'kind', 'month', 'publishedAt', 'rows'],
  properties: {
    year: { type: 'integer' as const },
    kind: { type: 'string' as const, enum: ['final', 'month-end'] },
    month: { type: 'string' as const, nullable: true, example: '2024-10' },
    publishedAt: { type: 'string' as const, format: 'date-time' },
    rows: {
      type: 'array' as const,
      items: {
        type: 'object' as const,
        required: ['rank', 'pemdaCode', 'name', 'kind', 'provinceCode', 'wilayah', 'total'],
        properties: {
          rank: { type: 'integer' as const },
          pemdaCode: { type: 'string' as const },
          name: { type: 'string' as const },
          kind: { type: 'string' as const },
          provinceCode: { type: 'string' as const },
          wilayah: { type: 'string' as const },
          total: { type: 'number' as const },
        },
      },
    },
  },
};

const COMMON =
  'No token needed. Only published figures: nothing of an open year before a month has ended, no person, no claim. ' +
  'JSON by default, format=csv for CSV (Indonesian header, decimal point). Responses carry a strong ETag: send it back ' +
  'in If-None-Match to get 304. Rate-limited per client address (429 with Retry-After beyond the limit).';

@ApiTags('open-data')
@Public()
@UseGuards(ThrottlerGuard)
@Controller('v1/open-data')
export class OpenDataController {
  constructor(private readonly figures: PublishedFigures) {}

  @Get('final-scores')
  @ApiOperation({
    summary: 'Final scores of every Pemda for a closed year, ranked nationally',
    description: `404 NOT_PUBLISHED while the year is open. ${COMMON}`,
  })
  @ApiHeader({ name: 'If-None-Match', required: false })
  @ApiProduces('application/json', CONTENT_TYPES.csv)
  @ApiOkResponse({ description: 'The published figures', schema: OPEN_DATA_SET_SCHEMA })
  @ApiNotFoundResponse({ description: 'NOT_PUBLISHED' })
  @ApiResponse({ status: 304, description: 'Unchanged since the ETag sent' })
  @ApiResponse({ status: 429, description: 'Too many requests' })
  async finalScores(@Query() query: OpenDataQuery, @Req() req: Request, @Res() res: Response): Promise<void> {
    await send(await this.figures.finalScores(query.year), query.format, FINAL_MAX_AGE, req, res);
  }

  @Get('progress')
  @ApiOperation({
    summary: 'Every Pemda as of the end of a month (WIB), once that month has ended',
    description: `year=2024&month=2024-10: the last score computed before 1 November 2024 00:00 WIB. 404 NOT_PUBLISHED for a month not yet ended (or ended less than 15 minutes ago, while the last scores arrive) or a year without an MCP framework; 400 INVALID_MONTH for one outside the year and the next. ${COMMON}`,
  })
  @ApiHeader({ name: 'If-None-Match', required: false })
  @ApiProduces('application/json', CONTENT_TYPES.csv)
  @ApiOkResponse({ description: 'The published figures', schema: OPEN_DATA_SET_SCHEMA })
  @ApiNotFoundResponse({ description: 'NOT_PUBLISHED' })
  @ApiResponse({ status: 304, description: 'Unchanged since the ETag sent' })
  @ApiResponse({ status: 429, description: 'Too many requests' })
  async progress(@Query() query: OpenProgressQuery, @Req() req: Request, @Res() res: Response): Promise<void> {
    await send(await this.figures.monthEndProgress(query.year, query.month), query.format, PROGRESS_MAX_AGE, req, res);
  }
}

async function send(set: OpenDataSet, format: 'json' | 'csv', maxAge: number, req: Request, res: Response): Promise<void> {
  if (format === 'json') {
    sendCacheable(req, res, Buffer.from(JSON.stringify(set)), 'application/json; charset=utf-8', maxAge);
    return;
  }
  const sink = new PassThrough();
  const [csv] = await Promise.all([text(sink), writeTable('csv', 'Data', OPEN_DATA_COLUMNS, set.rows, sink)]);
  sendCacheable(req, res, Buffer.from(csv), CONTENT_TYPES.csv, maxAge);
}
