import { ApiProperty } from '@nestjs/swagger';

export class TurnaroundRowView {
  @ApiProperty({ enum: ['I', 'II', 'III', 'IV', 'V'], example: 'III' })
  wilayah: string;

  @ApiProperty({ example: '2024-10', description: 'The month (WIB) the decisions were made in' })
  month: string;

  @ApiProperty({ example: 120, description: 'First decisions on an upload made in the month' })
  decided: number;

  @ApiProperty({ example: 86400, description: 'Median seconds from upload to decision (percentile_cont 0.5), to the millisecond' })
  medianSeconds: number;

  @ApiProperty({ example: 432000, description: '90th percentile (percentile_cont 0.9), to the millisecond' })
  p90Seconds: number;
}
