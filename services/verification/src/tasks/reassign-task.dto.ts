import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

export class ReassignTaskDto {
  @ApiPropertyOptional({
    example: 'verifier-jabar-2',
    description: "The verifier (token subject) who will hold the task with a fresh lease; omit to put it back in the queue",
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  verifier?: string;
}
