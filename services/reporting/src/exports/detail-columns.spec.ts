import { Workbook } from 'exceljs';
import { PassThrough } from 'node:stream';
import { DETAIL_COLUMNS, type DetailRow } from './detail-columns';
import { writeTable } from './table-export';

const decided: DetailRow = {
  pemdaCode: '32.73',
  pemdaName: 'Kota Bandung',
  kind: 'kota',
  provinceCode: '32',
  wilayah: 'III',
  areaCode: 'PRC',
  indicatorCode: 'PRC.1',
  subIndicatorCode: 'PRC.1.1',
  subIndicatorName: 'Penetapan SSH',
  weightInTotal: 1.25,
  evidenceCount: 2,
  claimedValue: 100,
  status: 'Disetujui',
  verifiedValue: 87.5,
  decidedAt: '2024-11-30T17:30:00.000Z',
};

const cellOf = (header: string, row: DetailRow) => DETAIL_COLUMNS.find((column) => column.header === header)?.value(row);

async function sheetOf(rows: DetailRow[]) {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  await writeTable('xlsx', 'Rincian', DETAIL_COLUMNS, rows, out);
  const workbook = new Workbook();
  await workbook.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
  return workbook.getWorksheet('Rincian');
}

describe('the detail export columns', () => {
  it('give the decision time in WIB, the Indonesian way, and nothing without a decision', () => {
    // 17.30 UTC on 30 November is 00.30 WIB on 1 December.
    expect(cellOf('Tanggal Keputusan', decided)).toBe('1 Desember 2024 pukul 00.30 WIB');
    expect(cellOf('Tanggal Keputusan', { ...decided, decidedAt: null })).toBe('');
  });

  it('show a claimed or verified value as it is in XLSX: 100 without a trailing point, 87.5 with its decimal', async () => {
    const sheet = await sheetOf([decided]);
    const header = sheet?.getRow(1).values as string[];
    for (const [title, value] of [['Nilai Klaim', 100], ['Nilai Verifikasi', 87.5]] as const) {
      const cell = sheet?.getRow(2).getCell(header.indexOf(title));
      expect(cell?.value).toBe(value);
      // exceljs reads Excel's General format (numFmtId 0) back as no format.
      expect(cell?.numFmt ?? 'General').toBe('General');
    }
  });
});
