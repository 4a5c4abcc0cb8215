import type { PemdaRankingRow } from '../rankings/ranking.view';

/** One column of an export: its Indonesian header and how a row fills it. */
export interface ExportColumn<T> {
  header: string;
  key: string;
  width: number;
  value: (row: T) => string | number;
  numberFormat?: string;
}

export const KIND_NAMES: Record<string, string> = { provinsi: 'Provinsi', kabupaten: 'Kabupaten', kota: 'Kota' };

/** The columns of a ranking export, in order; numbers stay numbers (typed cells in XLSX). */
export const RANKING_COLUMNS: readonly ExportColumn<PemdaRankingRow>[] = [
  { header: 'Peringkat', key: 'rank', width: 10, value: (row) => row.rank, numberFormat: '0' },
  { header: 'Kode Pemda', key: 'pemdaCode', width: 12, value: (row) => row.pemdaCode },
  { header: 'Nama Pemda', key: 'name', width: 36, value: (row) => row.name },
  { header: 'Jenis', key: 'kind', width: 12, value: (row) => KIND_NAMES[row.kind] ?? row.kind },
  { header: 'Kode Provinsi', key: 'provinceCode', width: 14, value: (row) => row.provinceCode },
  { header: 'Wilayah', key: 'wilayah', width: 10, value: (row) => row.wilayah },
  { header: 'Nilai', key: 'total', width: 10, value: (row) => row.total, numberFormat: '0.00' },
];
