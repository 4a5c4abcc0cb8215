import type { ExportColumn } from '../exports/ranking-columns';
import type { OpenDataRow } from './published-figures';

export const OPEN_DATA_COLUMNS: readonly ExportColumn<OpenDataRow>[] = [
  { header: 'Peringkat', key: 'rank', width: 10, value: (row) => row.rank },
  { header: 'Kode Pemda', key: 'pemdaCode', width: 12, value: (row) => row.pemdaCode },
  { header: 'Nama Pemda', key: 'name', width: 36, value: (row) => row.name },
  { header: 'Jenis', key: 'kind', width: 12, value: (row) => row.kind },
  { header: 'Kode Provinsi', key: 'provinceCode', width: 14, value: (row) => row.provinceCode },
  { header: 'Wilayah', key: 'wilayah', width: 10, value: (row) => row.wilayah },
  { header: 'Nilai', key: 'total', width: 10, value: (row) => row.total },
];
