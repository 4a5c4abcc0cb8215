import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The list a rejection's reason code comes from; rows are data (seeded by a migration). */
@Entity({ name: 'rejection_reason' })
export class RejectionReason {
  @PrimaryColumn() code: string;
  @Column() label: string;
  @Column() active: boolean;
  @Column() position: number;
}
