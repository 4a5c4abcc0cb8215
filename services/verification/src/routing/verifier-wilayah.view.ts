import { WILAYAH } from '@mcp/auth';
import { ApiProperty } from '@nestjs/swagger';
import type { VerifierWilayah } from './verifier-wilayah.entity';

export class VerifierWilayahView {
  @ApiProperty({ example: 'verifier-jabar' }) subject: string;
  @ApiProperty({ enum: WILAYAH }) wilayah: string;
  @ApiProperty() assignedBy: string;
  @ApiProperty() assignedAt: string;
}

export function toVerifierWilayahView(assignment: VerifierWilayah): VerifierWilayahView {
  return { ...assignment, assignedAt: assignment.assignedAt.toISOString() };
}
