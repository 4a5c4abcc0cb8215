import { ApiProperty } from '@nestjs/swagger';

export class SeriesPointView {
  @ApiProperty({ example: '2024-10' })
  month: string;

  @ApiProperty({
    example: '2024-10-31T17:00:00.000Z',
    description:
      "The month's end, 00:00 WIB of the next month (with asOf, the last point's is the end of that day); for the month under way, the moment of the answer",
  })
  asOf: string;

  @ApiProperty({ example: 65, description: 'The score (Pemda) or average (region) in force at the month end, rounded half-up to 2 places' })
  score: number;

  @ApiProperty({ example: '64.995', description: 'The exact stored decimal; 0 before the first score of the year' })
  scoreExact: string;
}

export class SeriesView {
  @ApiProperty({ example: 2024 })
  year: number;

  @ApiProperty({ type: String, nullable: true, example: '32.73' })
  pemdaCode: string | null;

  @ApiProperty({ type: String, nullable: true, example: null, description: 'A province code, wilayah-I … wilayah-V or national' })
  regionCode: string | null;

  @ApiProperty({ type: [SeriesPointView], description: 'One point per month, January of the year first, up to the month under way at most' })
  points: SeriesPointView[];
}
