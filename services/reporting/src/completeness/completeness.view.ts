import { ApiProperty } from '@nestjs/swagger';

export class CompletenessView {
  @ApiProperty({ example: 2024 })
  year: number;

  @ApiProperty({ type: String, nullable: true, example: '32.73' })
  pemdaCode: string | null;

  @ApiProperty({ type: String, nullable: true, example: null, description: 'A province code, wilayah-I … wilayah-V or national' })
  regionCode: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    example: '2024-10-31T17:00:00.000Z',
    description: 'With asOf: the instant counted up to (00:00 WIB after that day); null for the current state',
  })
  asOf: string | null;

  @ApiProperty({ example: 1, description: 'The Pemda averaged over: 1 for a Pemda, every Pemda of a region' })
  pemdaCount: number;

  @ApiProperty({ example: 63, description: "Sub-indicators of the year's framework (latest revision)" })
  subIndicatorCount: number;

  @ApiProperty({ example: 40, description: 'Pemda × sub-indicator with at least one upload not withdrawn' })
  uploaded: number;

  @ApiProperty({ example: 31, description: 'Pemda × sub-indicator whose decision in force is an approval or a rejection' })
  verified: number;

  @ApiProperty({ example: 63.49, description: 'uploaded / (pemdaCount × subIndicatorCount), in percent, rounded half-up to 2 places' })
  uploadedShare: number;

  @ApiProperty({ example: 49.21, description: 'verified / (pemdaCount × subIndicatorCount), in percent, rounded half-up to 2 places' })
  verifiedShare: number;
}
