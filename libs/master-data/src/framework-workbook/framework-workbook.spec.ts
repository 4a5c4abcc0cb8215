import { validateFramework, type Framework } from '@mcp/mcp-domain';
import { Workbook } from 'exceljs';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadFramework } from '../framework-files';
import { readFrameworkWorkbook } from './read-framework-workbook';
import { writeFrameworkWorkbook } from './write-framework-workbook';

async function roundTrip(framework: Framework): Promise<unknown> {
  const { document, problems } = await readFrameworkWorkbook(await writeFrameworkWorkbook(framework, 'contoh'));
  expect(problems).toEqual([]);
  return document;
}

function setCell(workbook: Workbook, sheet: string, cell: string, value: string | null): void {
  const worksheet = workbook.getWorksheet(sheet);
  if (!worksheet) throw new Error(`no sheet ${sheet}`);
  worksheet.getCell(cell).value = value;
}

/** The validated document, with the revision the platform assigns on import (not in the workbook). */
function validated(document: unknown, revision: number): Framework {
  const result = validateFramework({ ...(document as object), revision });
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.framework;
}

describe('the framework workbook (XLSX)', () => {
  it.each([2020, 2024, 2025])('carries the shipped %i framework there and back unchanged', async (year) => {
    const framework = loadFramework(year);
    expect(validated(await roundTrip(framework), framework.revision)).toEqual(framework);
  });

  it.each([2020, 2024, 2025])('ships an example workbook for %i that matches its JSON', async (year) => {
    const file = join(__dirname, `../../data/frameworks/workbooks/${year}.xlsx`);
    expect(existsSync(file)).toBe(true);
    const { document, problems } = await readFrameworkWorkbook(readFileSync(file));
    expect(problems).toEqual([]);
    expect(validated(document, 1)).toEqual(loadFramework(year));
  });

  it('reads decimal commas and 0/50/100 steps as officials type them', async () => {
    const workbook = new Workbook();
    const buffer = await writeFrameworkWorkbook(loadFramework(2024));
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
    setCell(workbook, 'Indikator', 'C2', '33,33');
    setCell(workbook, 'Subindikator', 'F2', '0/50/100');
    const { document } = await readFrameworkWorkbook(Buffer.from(await workbook.xlsx.writeBuffer()));
    expect(validated(document, 1)).toEqual(loadFramework(2024));
  });

  it('locates each document path in its sheet and cell, and reports workbook problems with their rows', async () => {
    const workbook = new Workbook();
    await workbook.xlsx.load((await writeFrameworkWorkbook(loadFramework(2024))) as unknown as ArrayBuffer);
    setCell(workbook, 'Subindikator', 'D3', 'PRC.9');
    setCell(workbook, 'Dokumen', 'C2', null);
    const read = await readFrameworkWorkbook(Buffer.from(await workbook.xlsx.writeBuffer()));
    expect(read.problems).toEqual([
      { sheet: 'Subindikator', row: 3, cell: 'D3', message: 'kode "PRC.9" tidak dikenal' },
      { sheet: 'Dokumen', row: 2, cell: 'C2', message: 'wajib diisi dengan kode induknya' },
      // PRC.1.2 was left out, so its two documents have no parent either.
      { sheet: 'Dokumen', row: 4, cell: 'C4', message: 'kode "PRC.1.2" tidak dikenal' },
      { sheet: 'Dokumen', row: 5, cell: 'C5', message: 'kode "PRC.1.2" tidak dikenal' },
    ]);
    // Indikator rows follow the framework order: PRC.1, PRC.2, PRC.3 are rows 2–4.
    expect(read.locate('areas[0].indicators[2].weight')).toEqual({ sheet: 'Indikator', row: 4, cell: 'C4' });
    expect(read.locate('areas[0].indicators')).toEqual({ sheet: 'Area', row: 2, cell: 'A2' });
    expect(read.locate('areas')).toEqual({ sheet: 'Area' });
    expect(read.locate('timeZone')).toEqual({ sheet: 'Kerangka', row: 5, cell: 'B5' });
  });

  it('refuses a code stored as a number, which Excel has already changed (01 → 1, 1.10 → 1.1)', async () => {
    const workbook = new Workbook();
    await workbook.xlsx.load((await writeFrameworkWorkbook(loadFramework(2024))) as unknown as ArrayBuffer);
    (workbook.getWorksheet('Subindikator') as NonNullable<ReturnType<Workbook['getWorksheet']>>).getCell('D3').value = 1.1;
    const read = await readFrameworkWorkbook(Buffer.from(await workbook.xlsx.writeBuffer()));
    expect(read.problems).toEqual(
      expect.arrayContaining([
        {
          sheet: 'Subindikator',
          row: 3,
          cell: 'D3',
          message: 'kode tersimpan sebagai angka (1.1); Excel mengubah "01" menjadi 1 dan "1.10" menjadi 1.1: format sel sebagai Teks lalu ketik ulang kodenya',
        },
      ]),
    );
  });

  it('says a formula cell has no stored result or an error, rather than that it is empty', async () => {
    const workbook = new Workbook();
    await workbook.xlsx.load((await writeFrameworkWorkbook(loadFramework(2024))) as unknown as ArrayBuffer);
    const areas = workbook.getWorksheet('Area') as NonNullable<ReturnType<Workbook['getWorksheet']>>;
    areas.getCell('C2').value = { formula: 'SUM(X1:X3)' } as never;
    areas.getCell('C3').value = { formula: 'Kerangka!Z9', result: { error: '#REF!' } } as never;
    const read = await readFrameworkWorkbook(Buffer.from(await workbook.xlsx.writeBuffer()));
    expect(read.problems.filter((problem) => problem.sheet === 'Area')).toEqual([
      { sheet: 'Area', row: 2, cell: 'C2', message: expect.stringMatching(/^berisi rumus tanpa hasil tersimpan/) },
      { sheet: 'Area', row: 3, cell: 'C3', message: expect.stringMatching(/^berisi rumus yang galat #REF!/) },
    ]);
  });

  it('refuses a file that is no workbook and names missing sheets and columns', async () => {
    expect((await readFrameworkWorkbook(Buffer.from('bukan xlsx'))).problems).toEqual([
      { sheet: '', message: 'berkas bukan buku kerja XLSX yang dapat dibaca (not a readable XLSX workbook)' },
    ]);
    const workbook = new Workbook();
    workbook.addWorksheet('Kerangka').addRow(['kunci', 'nilai']);
    workbook.addWorksheet('Area').addRow(['kode', 'nama']);
    const { problems } = await readFrameworkWorkbook(Buffer.from(await workbook.xlsx.writeBuffer()));
    expect(problems).toEqual([
      { sheet: 'Area', row: 1, message: 'kolom wajib tidak ada: bobot' },
      { sheet: 'Indikator', message: 'lembar "Indikator" tidak ada' },
      { sheet: 'Subindikator', message: 'lembar "Subindikator" tidak ada' },
      { sheet: 'Dokumen', message: 'lembar "Dokumen" tidak ada' },
    ]);
  });
});
