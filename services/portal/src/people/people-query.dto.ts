import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

export const MAX_SUBJECTS_PER_LOOKUP = 100;

/** Either the subjects to name, or a Pemda whose people to list. */
export class PeopleQueryDto {
  // `?subject=a&subject=b`; a single one arrives as a string.
  @ApiPropertyOptional({ type: String, isArray: true, description: `The subjects to name, repeated: ?subject=a&subject=b (at most ${MAX_SUBJECTS_PER_LOOKUP})` })
  @IsOptional()
  @Transform(({ value }) => (Array.isArray(value) ? value : [value]))
  @IsArray()
  @ArrayMinSize(1, { message: 'Sebutkan paling sedikit satu subject (?subject=...).' })
  @ArrayMaxSize(MAX_SUBJECTS_PER_LOOKUP, { message: `Paling banyak ${MAX_SUBJECTS_PER_LOOKUP} subject per permintaan.` })
  @IsString({ each: true })
  @MaxLength(255, { each: true })
  subject?: string[];

  @ApiPropertyOptional({ example: '32.73', description: "Instead of subjects: the Pemda's own people who have signed in (its admin choosing an operator to assign); admins and the Pemda's own users only" })
  @IsOptional()
  @Matches(/^\d{2}(\.\d{2})?$/, { message: 'pemdaCode harus berbentuk kode Kemendagri, mis. 32.73 (a Kemendagri code)' })
  pemdaCode?: string;
}
