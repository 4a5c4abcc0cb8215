import { ApiProperty } from '@nestjs/swagger';

export class TargetView {
  @ApiProperty({ example: '32.73' })
  pemdaCode: string;

  @ApiProperty({ example: 2024 })
  year: number;

  @ApiProperty({ example: 90 })
  target: number;

  @ApiProperty({ enum: ['pemda', 'national'], description: 'Set for this Pemda, or the national default' })
  targetSource: 'pemda' | 'national';
}
