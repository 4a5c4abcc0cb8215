import { Workbook } from 'exceljs';
import { PassThrough, Writable } from 'node:stream';
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

// The size of the detail export (546 Pemda × the framework's sub-indicators) is of this order.
const ROWS = 40_000;

/** Rows made as they are asked for (as PemdaDetail's), counting how many the export has read. */
function countedRows(count: number): { rows: Iterable<Row>; read: () => number } {
  let read = 0;
  function* rows(): Generator<Row> {
    for (let index = 0; index < count; index += 1) {
      read += 1;
      yield { name: `Subindikator ${index} Penetapan Standar Satuan Harga`, gap: index };
    }
  }
  return { rows: rows(), read: () => read };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** How `promise` has ended after at most `ms`: a download must never leave its handler pending. */
async function settledWithin(promise: Promise<unknown>, ms: number): Promise<'resolved' | 'rejected' | 'pending'> {
  let timer: NodeJS.Timeout | undefined;
  const pending = new Promise<'pending'>((resolve) => (timer = setTimeout(resolve, ms, 'pending')));
  try {
    return await Promise.race([promise.then(() => 'resolved' as const, () => 'rejected' as const), pending]);
  } finally {
    clearTimeout(timer);
  }
}

describe('the XLSX export', () => {
  it('reads rows no faster than the client takes the file, and the file holds them all', async () => {
    const source = countedRows(ROWS);
    const chunks: Buffer[] = [];
    const held: (() => void)[] = [];
    let holding = true;
    const client = new Writable({
      highWaterMark: 16 * 1024,
      write(chunk: Buffer, _encoding, callback) {
        chunks.push(chunk);
        if (holding) held.push(() => callback());
        else callback();
      },
    });
    const written = writeTable('xlsx', 'Data', columns, source.rows, client);
    await pause(300);
    expect(source.read()).toBeLessThan(ROWS / 2);

    holding = false;
    held.splice(0).forEach((release) => release());
    await written;
    expect(source.read()).toBe(ROWS);
    const workbook = new Workbook();
    await workbook.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Data');
    expect(sheet?.rowCount).toBe(ROWS + 1);
    expect(sheet?.getRow(ROWS + 1).values).toEqual([undefined, `Subindikator ${ROWS - 1} Penetapan Standar Satuan Harga`, ROWS - 1]);
  });

  it('ends promptly when the client closes the download half-way, reading no further rows', async () => {
    const source = countedRows(ROWS);
    let readWhenClosed: number | undefined;
    const client: Writable = new Writable({
      write() {
        // A slow connection the client closes once the first bytes have arrived.
        setTimeout(() => {
          readWhenClosed ??= source.read();
          client.destroy();
        }, 5);
      },
    });
    const outcome = await settledWithin(writeTable('xlsx', 'Data', columns, source.rows, client), 2_000);
    expect(outcome).toBe('rejected');
    expect(readWhenClosed).toBeLessThan(ROWS);
    // At most the rows of the batch under way when it closed.
    expect(source.read() - (readWhenClosed ?? 0)).toBeLessThan(1_000);
  });
});
