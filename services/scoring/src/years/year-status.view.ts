import { ApiProperty } from '@nestjs/swagger';

export class YearStatusView {
  @ApiProperty({ example: 2024 })
  year: number;

  @ApiProperty({ example: true, description: 'A closed year has final scores: late decisions are refused' })
  closed: boolean;

  @ApiProperty({ nullable: true, example: '2025-01-20T03:00:00.000Z', type: String })
  closedAt: string | null;

  @ApiProperty({ nullable: true, example: 'admin-kpk', type: String, description: "The closing admin's subject to KPK roles; 'Admin KPK' to a Pemda's own users" })
  closedBy: string | null;
}
