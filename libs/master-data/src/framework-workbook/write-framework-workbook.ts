import type { Framework } from '@mcp/mcp-domain';
import { Workbook, type Worksheet } from 'exceljs';
import { LAYOUT, RUBRIC_KINDS, type SheetLayout } from './workbook-layout';

type Row = (string | number | undefined)[];

const KIND_NAMES = Object.fromEntries(Object.entries(RUBRIC_KINDS).map(([name, kind]) => [kind, name]));

/**
 * The workbook an official edits: the layout readFrameworkWorkbook reads (workbook-layout.ts).
 * Optional sheets and columns appear only when the framework uses them.
 */
export async function writeFrameworkWorkbook(framework: Framework, note?: string): Promise<Buffer> {
  const workbook = new Workbook();
  addSheet(workbook, LAYOUT.framework, ['kunci', 'nilai'], [
    ['tahun', framework.year],
    ['nama', framework.name],
    ['batas_unggah', framework.uploadDeadline],
    ['zona_waktu', framework.timeZone],
    ...(note ? [['catatan', note]] : []),
  ]);
  if (framework.aspects) {
    addSheet(workbook, LAYOUT.aspects, ['kode', 'nama'], framework.aspects.map((aspect) => [aspect.code, aspect.name]));
  }
  addSheet(workbook, LAYOUT.areas, ['kode', 'nama', 'bobot'], framework.areas.map((area) => [area.code, area.name, area.weight]));
  const sasaran = framework.areas.flatMap((area) => (area.sasaran ?? []).map((label) => [label.code, label.name, area.code]));
  if (sasaran.length > 0) addSheet(workbook, LAYOUT.sasaran, ['kode', 'nama', 'area'], sasaran);
  const indicators = framework.areas.flatMap((area) => area.indicators.map((indicator) => ({ area, indicator })));
  addSheet(
    workbook,
    LAYOUT.indicators,
    ['kode', 'nama', 'bobot', 'area', ...(framework.aspects ? ['aspek'] : []), ...(sasaran.length > 0 ? ['sasaran'] : [])],
    indicators.map(({ area, indicator }) => [
      indicator.code,
      indicator.name,
      indicator.weight,
      area.code,
      ...(framework.aspects ? [indicator.aspectCode] : []),
      ...(sasaran.length > 0 ? [indicator.sasaranCode] : []),
    ]),
  );
  const subs = indicators.flatMap(({ indicator }) => indicator.subIndicators.map((sub) => ({ indicator, sub })));
  addSheet(
    workbook,
    LAYOUT.subIndicators,
    ['kode', 'nama', 'bobot', 'indikator', 'jenis_rubrik', 'langkah_rubrik'],
    subs.map(({ indicator, sub }) => {
      const points = sub.rubricKind === 'evidence-points';
      return [sub.code, sub.name, sub.weight, indicator.code, KIND_NAMES[sub.rubricKind ?? 'steps'], points ? undefined : sub.rubricSteps.join(';')];
    }),
  );
  addSheet(
    workbook,
    LAYOUT.evidence,
    ['kode', 'nama', 'subindikator', 'poin'],
    subs.flatMap(({ sub }) => sub.requiredEvidence.map((item) => [item.code, item.name, sub.code, item.points])),
  );
  if (framework.colourBands) {
    addSheet(workbook, LAYOUT.bands, ['pita', 'mulai'], framework.colourBands.map((band) => [band.band, band.from]));
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function addSheet(workbook: Workbook, layout: SheetLayout, header: string[], rows: Row[]): Worksheet {
  const worksheet = workbook.addWorksheet(layout.name, { views: [{ state: 'frozen', ySplit: 1 }] });
  worksheet.addRow(header).font = { bold: true };
  for (const row of rows) worksheet.addRow(row);
  worksheet.columns.forEach((column, i) => {
    column.width = header[i] === 'nama' || header[i] === 'nilai' ? 60 : 16;
  });
  return worksheet;
}
