import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The first answer to a request with an `Idempotency-Key`, per caller, replayed to its retries. */
@Entity({ name: 'idempotency_record' })
export class IdempotencyRecord {
  @PrimaryColumn({ type: 'text' })
  subject: string;

  @PrimaryColumn({ type: 'text' })
  key: string;

  @Column({ name: 'status_code', type: 'integer' })
  statusCode: number;

  @Column({ type: 'jsonb' })
  body: object;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
