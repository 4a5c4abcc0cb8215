import { Column, Entity, PrimaryColumn } from 'typeorm';
import { nullableNumericColumn } from '../numeric-column';

/** Only `clean` is ever downloadable; `unscanned` (rows from before scanning) is scanned on first download. */
export type ScanStatus = 'unscanned' | 'clean' | 'infected';

export type EvidenceStatus = 'submitted' | 'approved' | 'rejected' | 'revision_requested' | 'withdrawn';

/** One uploaded file (one version) for one Pemda × year × sub-indicator. */
@Entity({ name: 'evidence' })
export class Evidence {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'pemda_code' })
  pemdaCode: string;

  @Column()
  year: number;

  @Column({ name: 'sub_indicator_code' })
  subIndicatorCode: string;

  /** The Pemda's own claim (`nilai`), if given. */
  /** The Pemda's claim (`nilai`) in force when this version was uploaded. */
  @Column(nullableNumericColumn('claimed_value'))
  claimedValue: number | null;

  /** 1 for the item's first upload, then 2, 3…: revisions are new versions, never overwrites. */
  @Column({ type: 'integer' })
  version: number;

  /** The operator's note on this version, e.g. what was fixed after a revision request. */
  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ type: 'char', length: 64 })
  sha256: string;

  @Column({ name: 'size_bytes', type: 'bigint', transformer: { to: (value: number) => value, from: (value: string) => Number(value) } })
  sizeBytes: number;

  @Column({ name: 'content_type' })
  contentType: string;

  /** The sender's name made harmless, with the detected type's extension (evidenceFileName): never a storage path. */
  @Column({ name: 'file_name' })
  fileName: string;

  @Column({ name: 'storage_key' })
  storageKey: string;

  @Column({ type: 'text' })
  status: EvidenceStatus;

  @Column({ name: 'status_reason', type: 'text', nullable: true })
  statusReason: string | null;

  @Column({ name: 'scan_status', type: 'text' })
  scanStatus: ScanStatus;

  @Column({ name: 'scanned_at', type: 'timestamptz', nullable: true })
  scannedAt: Date | null;

  @Column({ name: 'submitted_by' })
  submittedBy: string;

  /** An admin uploaded it for the Pemda (docs/decisions.md #46). */
  @Column({ name: 'submitted_on_behalf_of_pemda', type: 'boolean', default: false })
  submittedOnBehalfOfPemda: boolean;

  @Column({ name: 'submitted_at', type: 'timestamptz' })
  submittedAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
