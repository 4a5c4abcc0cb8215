import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A year whose scores are final (from mcp.year.closed.v1): no decision on it is accepted any more. */
@Entity({ name: 'closed_year' })
export class ClosedYear {
  @PrimaryColumn() year: number;
  @Column({ name: 'closed_at', type: 'timestamptz' }) closedAt: Date;
  @Column({ name: 'closed_by' }) closedBy: string;
}
