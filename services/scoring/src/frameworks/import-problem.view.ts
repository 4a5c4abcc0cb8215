import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class ImportProblemView {
  @ApiProperty({ example: 'areas[0].indicators[1].weight', description: 'Path in the framework document ("" = the file)' })
  path: string;

  @ApiProperty({ example: 'jumlah bobot harus tepat 100, sekarang 99.99' })
  message: string;

  @ApiPropertyOptional({ example: 'Indikator', description: 'Workbook sheet (XLSX uploads)' })
  sheet?: string;

  @ApiPropertyOptional({ example: 3, description: 'Workbook row (XLSX uploads)' })
  row?: number;

  @ApiPropertyOptional({ example: 'C3', description: 'Workbook cell (XLSX uploads)' })
  cell?: string;
}
