import { WILAYAH, type Wilayah } from '@mcp/auth';
import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';

export class AssignWilayahDto {
  @ApiProperty({ enum: WILAYAH, example: 'V' })
  @IsIn(WILAYAH, { message: 'wilayah harus salah satu dari I, II, III, IV, V (wilayah must be I–V)' })
  wilayah: Wilayah;
}
