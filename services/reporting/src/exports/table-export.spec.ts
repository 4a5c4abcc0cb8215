import { PassThrough } from 'node:stream';
import type { ExportColumn } from './ranking-columns';
import { writeTable } from './table-export';

interface Row {
  name: string;
  gap: number;
}

const columns: ExportColumn<Row>[] = [
  { header: 'Nama Subindikator', key: 'name', width: 40, value: (row) => row.name },
  { header: 'Selisih', key: 'gap', width: 10, value: (row) => row.gap },
];

async function csvOf(rows: Row[]): Promise<string> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  await writeTable('csv', 'Data', columns, rows, out);
  return Buffer.concat(chunks).toString('utf8');
}

describe('the CSV export', () => {
  it('keeps a name that looks like a formula as text, and numbers as numbers', async () => {
    const csv = await csvOf([
      { name: '=HYPERLINK("http://example.invalid","klik")', gap: -50 },
      { name: 'Penetapan SSH', gap: 25 },
    ]);
    const lines = csv.replace(/^\uFEFF/, '').trim().split('\n');
    expect(lines[1]).toBe(`"'=HYPERLINK(""http://example.invalid"",""klik"")",-50`);
    expect(lines[2]).toBe('Penetapan SSH,25');
  });
});
