import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An admin's grant of a later upload deadline to one Pemda for one year; the latest grant is in force. */
@Entity({ name: 'deadline_extension' })
export class DeadlineExtension {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'pemda_code', type: 'text' })
  pemdaCode: string;

  @Column({ type: 'integer' })
  year: number;

  @Column({ type: 'timestamptz' })
  until: Date;

  @Column({ type: 'text' })
  reason: string;

  @Column({ name: 'granted_by', type: 'text' })
  grantedBy: string;

  @Column({ name: 'granted_at', type: 'timestamptz' })
  grantedAt: Date;
}
