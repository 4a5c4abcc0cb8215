import { loadFramework, writeFrameworkWorkbook } from '@mcp/master-data';
import type { Framework } from '@mcp/mcp-domain';
import { Workbook, type Worksheet } from 'exceljs';

/*
 * Done-when 3: a framework file with ten different problems reports all ten and imports nothing.
 * Both files start from the shipped 2024 example (moved to `year`, so tests stay apart from real
 * years) and break it in ten independent ways.
 */

/** The 2024 example as JSON with ten problems; each comment names the problem expected at that path. */
export function tenProblemsJson(year: number): unknown {
  const doc = structuredClone(loadFramework(2024)) as Framework & Record<string, unknown>;
  doc.year = year;
  doc.uploadDeadline = '2024-11-30T23:59:59'; // 1 uploadDeadline: no offset
  doc.timeZone = 'WIB'; // 2 timeZone: not an IANA zone
  doc.areas[0].weight = 11; // 3 areas: 11 + 13 + 14 + 12 + 13 + 12 + 12 + 12 = 99
  const [prc1, prc2] = doc.areas[0].indicators;
  prc1.subIndicators[1].code = 'PRC.1.1'; // 4 areas[0].indicators[0].subIndicators[1].code: used twice
  prc2.subIndicators[0].rubricSteps = [0, 50, 150]; // 5 …rubricSteps[2]: above 100
  doc.areas[1].indicators[0].weight = 45; // 6 areas[1].indicators: 45 + 35 + 25 = 105
  doc.areas[2].indicators[0].subIndicators[0].name = ''; // 7 …name: empty
  doc.areas[2].indicators[1].subIndicators[0].requiredEvidence[0].code = 'PBJ.2.1 a'; // 8 …code: a space
  doc.areas[3].indicators[0].subIndicators[0].weight = 50.0000001; // 9 …weight: 7 decimals
  (doc.areas[4].indicators[0].subIndicators[0] as unknown as Record<string, unknown>).rubricKind = 'persen'; // 10
  return doc;
}

export const TEN_JSON_PATHS = [
  'uploadDeadline',
  'timeZone',
  'areas[0].indicators[0].subIndicators[1].code',
  'areas[0].indicators[1].subIndicators[0].rubricSteps[2]',
  'areas[1].indicators',
  'areas[2].indicators[0].subIndicators[0].name',
  'areas[2].indicators[1].subIndicators[0].requiredEvidence[0].code',
  'areas[3].indicators[0].subIndicators[0].weight',
  'areas[4].indicators[0].subIndicators[0].rubricKind',
  'areas',
];

/** The same example as a workbook, broken in ten cells; the expected sheet and cell of each. */
export async function tenProblemsWorkbook(year: number): Promise<Buffer> {
  const workbook = new Workbook();
  await workbook.xlsx.load((await writeFrameworkWorkbook(loadFramework(2024))) as unknown as ArrayBuffer);
  const set = (sheet: string, code: string, column: string, value: string | number) => {
    const worksheet = workbook.getWorksheet(sheet) as Worksheet;
    worksheet.getCell(`${column}${rowOfCode(worksheet, code)}`).value = value;
  };
  set('Kerangka', 'tahun', 'B', year);
  set('Kerangka', 'batas_unggah', 'B', '2024-11-30 23:59'); // 1
  set('Kerangka', 'zona_waktu', 'B', 'WIB'); // 2
  set('Area', 'PRC', 'C', 11); // 3 area weights sum to 99
  set('Dokumen', 'PRC.1.1.b', 'C', 'PRC.1.9'); // 4 unknown parent
  set('Subindikator', 'PRC.2.1', 'F', '0;50;150'); // 5
  set('Indikator', 'ANG.1', 'C', 45); // 6 ANG's indicators sum to 105
  set('Subindikator', 'PBJ.1.1', 'B', ' '); // 7 empty name
  set('Dokumen', 'PBJ.2.1.a', 'A', 'PBJ.2.1 a'); // 8
  set('Subindikator', 'YAN.1.1', 'C', '50,0000001'); // 9 decimal comma, 7 decimals
  set('Subindikator', 'APIP.1.1', 'E', 'persen'); // 10
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export const TEN_WORKBOOK_CELLS = [
  'Dokumen!C3',
  'Kerangka!B4',
  'Kerangka!B5',
  'Subindikator!F5',
  'Area!A3',
  'Subindikator!B15',
  'Dokumen!A27',
  'Subindikator!C22',
  'Subindikator!E26',
  'Area',
];

function rowOfCode(worksheet: Worksheet, code: string): number {
  let found = 0;
  worksheet.eachRow((row, number) => {
    if (found === 0 && row.getCell(1).value === code) found = number;
  });
  if (found === 0) throw new Error(`${code} not in sheet ${worksheet.name}`);
  return found;
}
