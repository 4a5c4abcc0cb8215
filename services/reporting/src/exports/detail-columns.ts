import { formatLocalTime, KPK_TIME_ZONE } from '@mcp/mcp-domain';
import { KIND_NAMES, type ExportColumn } from './ranking-columns';

/** One Pemda × sub-indicator of the detail export; null where nothing is known yet. */
export interface DetailRow {
  pemdaCode: string;
  pemdaName: string;
  kind: string;
  provinceCode: string;
  wilayah: string;
  areaCode: string;
  indicatorCode: string;
  subIndicatorCode: string;
  subIndicatorName: string;
  /** The sub-indicator's weight in the total (area × indicator × sub weight / 10 000). */
  weightInTotal: number;
  evidenceCount: number;
  claimedValue: number | null;
  status: string;
  verifiedValue: number | null;
  decidedAt: string | null;
}

const blankIfNull = (value: number | string | null) => value ?? '';

/** As KPK staff read a time elsewhere on the platform, "1 Desember 2024 pukul 00.30 WIB", never UTC. */
const kpkTime = (instant: string | null) => (instant === null ? '' : formatLocalTime(new Date(instant), KPK_TIME_ZONE));

// Excel's General: 100 shows as 100 and 87.5 as 87.5 (under '0.######' a whole value shows as "100.").
const AS_IT_IS = 'General';

/** The columns of the detail export, in order; numbers stay numbers (typed cells in XLSX). */
export const DETAIL_COLUMNS: readonly ExportColumn<DetailRow>[] = [
  { header: 'Kode Pemda', key: 'pemdaCode', width: 12, value: (row) => row.pemdaCode },
  { header: 'Nama Pemda', key: 'pemdaName', width: 36, value: (row) => row.pemdaName },
  { header: 'Jenis', key: 'kind', width: 12, value: (row) => KIND_NAMES[row.kind] ?? row.kind },
  { header: 'Kode Provinsi', key: 'provinceCode', width: 14, value: (row) => row.provinceCode },
  { header: 'Wilayah', key: 'wilayah', width: 10, value: (row) => row.wilayah },
  { header: 'Kode Area', key: 'areaCode', width: 12, value: (row) => row.areaCode },
  { header: 'Kode Indikator', key: 'indicatorCode', width: 16, value: (row) => row.indicatorCode },
  { header: 'Kode Subindikator', key: 'subIndicatorCode', width: 18, value: (row) => row.subIndicatorCode },
  { header: 'Nama Subindikator', key: 'subIndicatorName', width: 40, value: (row) => row.subIndicatorName },
  { header: 'Bobot dalam Total', key: 'weightInTotal', width: 16, value: (row) => row.weightInTotal, numberFormat: '0.000000' },
  { header: 'Jumlah Bukti', key: 'evidenceCount', width: 12, value: (row) => row.evidenceCount, numberFormat: '0' },
  { header: 'Nilai Klaim', key: 'claimedValue', width: 12, value: (row) => blankIfNull(row.claimedValue), numberFormat: AS_IT_IS },
  { header: 'Status', key: 'status', width: 20, value: (row) => row.status },
  { header: 'Nilai Verifikasi', key: 'verifiedValue', width: 14, value: (row) => blankIfNull(row.verifiedValue), numberFormat: AS_IT_IS },
  { header: 'Tanggal Keputusan', key: 'decidedAt', width: 30, value: (row) => kpkTime(row.decidedAt) },
];
