import type { Role } from '@mcp/auth';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A person as they last signed in: what the identity provider (or development sign-in) called them. */
@Entity({ name: 'person' })
export class Person {
  @PrimaryColumn()
  subject: string;

  @Column()
  name: string;

  @Column({ type: 'text', array: true })
  roles: Role[];

  /** A Pemda's own people: the Pemda they act for; null for KPK staff. */
  @Column({ name: 'pemda_code', type: 'text', nullable: true })
  pemdaCode: string | null;

  @Column({ name: 'last_signed_in_at', type: 'timestamptz' })
  lastSignedInAt: Date;
}
