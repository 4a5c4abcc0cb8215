import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An admin's override of a verifier's (or QA reviewer's) wilayah; wins over the token claim. */
@Entity({ name: 'verifier_wilayah' })
export class VerifierWilayah {
  @PrimaryColumn() subject: string;
  @Column() wilayah: string;
  @Column({ name: 'assigned_by' }) assignedBy: string;
  @Column({ name: 'assigned_at', type: 'timestamptz' }) assignedAt: Date;
}
