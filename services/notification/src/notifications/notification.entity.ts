import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'notification' })
export class Notification {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'pemda_code' })
  pemdaCode: string;

  @Column()
  year: number;

  @Column({ name: 'sub_indicator_code' })
  subIndicatorCode: string;

  /** The decision outcome it reports: approved, rejected or revision_requested. */
  @Column()
  kind: string;

  @Column()
  title: string;

  @Column()
  body: string;

  /** The event it came from; unique, so one decision never notifies twice. */
  @Column({ name: 'source_event_id', type: 'uuid' })
  sourceEventId: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'read_at', type: 'timestamptz', nullable: true })
  readAt: Date | null;
}
