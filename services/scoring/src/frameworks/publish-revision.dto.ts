import { ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsOptional, IsString, MaxLength } from 'class-validator';

export class PublishRevisionDto {
  @ApiPropertyOptional({
    type: [String],
    example: ['PRC.2.2'],
    description:
      'Required when the revision drops sub-indicators the published revision has: exactly the codes it drops ' +
      "(the draft's removedSubIndicators). Their unfinished verification tasks are cancelled on publication.",
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @IsString({ each: true })
  // The events' code limit ($defs/code).
  @MaxLength(64, { each: true })
  confirmRemovedSubIndicators?: string[];
}
