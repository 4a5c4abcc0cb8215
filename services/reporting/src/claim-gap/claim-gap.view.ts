import { ApiProperty } from '@nestjs/swagger';

export class AreaGapView {
  @ApiProperty({ example: 'PRC' })
  code: string;

  @ApiProperty({ example: 20, description: "The area's score over the claims (nilai)" })
  claimed: number;

  @ApiProperty({ example: 12.5, description: "The area's score over the verified values (nilai_verifikasi)" })
  verified: number;

  @ApiProperty({ example: 7.5, description: 'claimed − verified, from the exact figures' })
  gap: number;
}

export class ClaimGapView {
  @ApiProperty({ example: 2024 })
  year: number;

  @ApiProperty({ example: '32.73' })
  pemdaCode: string;

  @ApiProperty({ example: 12, description: 'Sub-indicators with a verdict (approval or rejection) in force: the ones compared' })
  decided: number;

  @ApiProperty({ example: 14.2, description: 'The total over the claims of the decided sub-indicators' })
  claimed: number;

  @ApiProperty({ example: 10.05, description: 'The total over their verified values (a rejection counts 0)' })
  verified: number;

  @ApiProperty({ example: 4.15, description: 'claimed − verified; positive when the Pemda claimed more than was verified' })
  gap: number;

  @ApiProperty({ example: '4.15', description: 'The exact gap' })
  gapExact: string;

  @ApiProperty({ type: [AreaGapView], description: 'Every area of the framework, in framework order' })
  areas: AreaGapView[];
}
