import { ROLES, type Role } from '@mcp/auth';
import { ApiProperty } from '@nestjs/swagger';

/** A subject and what the portal last knew them as. */
export class PersonView {
  @ApiProperty({ example: '5f0c7a9e-3b1d-4c52-9a53-2c1f0b8e7d41' }) subject!: string;
  @ApiProperty({ example: 'Budi Santoso' }) name!: string;
  @ApiProperty({ enum: ROLES, isArray: true, description: 'The roles of their last sign-in' }) roles!: Role[];
}
