import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadFramework } from '@mcp/master-data';
import { checkUpload } from './framework-import-problems';
import type { ImportProblemView } from './import-problem.view';
import { uploadedDocument } from './framework-upload';
import { TEN_JSON_PATHS, TEN_WORKBOOK_CELLS, tenProblemsJson, tenProblemsWorkbook } from './ten-problems.fixture';

const where = (problem: ImportProblemView) => (problem.cell ? `${problem.sheet}!${problem.cell}` : (problem.sheet ?? problem.path));

describe('checking an uploaded framework', () => {
  it.each([2020, 2024, 2025])('accepts the shipped %i framework from JSON and from its workbook', async (year) => {
    const framework = loadFramework(year);
    const json = await uploadedDocument({ kind: 'json-body', body: { ...framework, revision: 99 } });
    expect(checkUpload(json, 3)).toEqual({ ok: true, framework: { ...framework, revision: 3 } });
    const workbook = readFileSync(join(__dirname, `../../../../libs/master-data/data/frameworks/workbooks/${year}.xlsx`));
    const xlsx = await uploadedDocument({ kind: 'file', fileName: `${year}.xlsx`, content: workbook });
    expect(checkUpload(xlsx, 1)).toEqual({ ok: true, framework });
  });

  it('reports all ten problems of a JSON file, each with its path', async () => {
    const upload = await uploadedDocument({ kind: 'json-body', body: tenProblemsJson(2094) });
    const checked = checkUpload(upload, 1);
    expect(checked.ok).toBe(false);
    const problems = checked.ok ? [] : checked.problems;
    expect(problems.map((problem) => problem.path)).toEqual(TEN_JSON_PATHS);
    expect(problems[0].message).toMatch(/ISO-8601/);
  });

  it('reports all ten problems of a workbook, each with its sheet and cell', async () => {
    const content = await tenProblemsWorkbook(2094);
    const upload = await uploadedDocument({ kind: 'file', fileName: 'kerangka.XLSX', content });
    const checked = checkUpload(upload, 1);
    const problems = checked.ok ? [] : checked.problems;
    expect(problems.map(where)).toEqual(TEN_WORKBOOK_CELLS);
    expect(problems[0]).toEqual({ path: '', sheet: 'Dokumen', row: 3, cell: 'C3', message: 'kode "PRC.1.9" tidak dikenal' });
    expect(problems.find((problem) => problem.cell === 'C22')).toMatchObject({
      path: 'areas[3].indicators[0].subIndicators[0].weight',
      message: 'paling banyak 6 angka di belakang koma',
    });
  });

  it('reports a JSON file that does not parse, and refuses other file types', async () => {
    const broken = await uploadedDocument({ kind: 'file', fileName: 'k.json', content: Buffer.from('{"year": 20') });
    const checked = checkUpload(broken, 1);
    expect(checked.ok ? [] : checked.problems[0].message).toMatch(/^bukan JSON yang sah/);
    await expect(uploadedDocument({ kind: 'file', fileName: 'k.pdf', content: Buffer.from('%PDF') })).rejects.toThrow(
      /unggah \.json atau \.xlsx/,
    );
  });
});
