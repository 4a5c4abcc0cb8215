import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { RankingQuery } from '../rankings/ranking.query';
import { EXPORT_FORMATS, type ExportFormat } from './table-export';

/** A ranking export: the ranking's own query plus `format=csv|xlsx`. */
export class RankingExportQuery extends RankingQuery {
  @ApiProperty({ enum: EXPORT_FORMATS, example: 'xlsx', description: 'The file format' })
  @IsIn(EXPORT_FORMATS)
  format: ExportFormat;
}
