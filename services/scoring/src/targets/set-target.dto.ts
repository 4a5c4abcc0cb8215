import { ApiProperty } from '@nestjs/swagger';
import { IsNumber, Max, Min } from 'class-validator';

export class SetTargetDto {
  @ApiProperty({ example: 90, description: 'The target total for this Pemda and year, 0–100, at most 2 decimals' })
  @IsNumber({ maxDecimalPlaces: 2 }, { message: 'target wajib angka 0–100 (target must be a number 0–100)' })
  @Min(0, { message: 'target paling kecil 0 (target must be at least 0)' })
  @Max(100, { message: 'target paling besar 100 (target must be at most 100)' })
  target: number;
}
