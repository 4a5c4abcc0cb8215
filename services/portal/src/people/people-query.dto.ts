import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsString, MaxLength } from 'class-validator';

export const MAX_SUBJECTS_PER_LOOKUP = 100;

export class PeopleQueryDto {
  // `?subject=a&subject=b`; a single one arrives as a string.
  @ApiProperty({ type: String, isArray: true, description: `The subjects to name, repeated: ?subject=a&subject=b (at most ${MAX_SUBJECTS_PER_LOOKUP})` })
  @Transform(({ value }) => (Array.isArray(value) ? value : [value]))
  @IsArray()
  @ArrayMinSize(1, { message: 'Sebutkan paling sedikit satu subject (?subject=...).' })
  @ArrayMaxSize(MAX_SUBJECTS_PER_LOOKUP, { message: `Paling banyak ${MAX_SUBJECTS_PER_LOOKUP} subject per permintaan.` })
  @IsString({ each: true })
  @MaxLength(255, { each: true })
  subject!: string[];
}
