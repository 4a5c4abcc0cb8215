import { Workbook } from 'exceljs';
import { numberCell, readSheet, textCell, type SheetRow } from './workbook-cells';
import { FRAMEWORK_KEYS, LAYOUT, RUBRIC_KINDS, type SheetLayout } from './workbook-layout';
import { WorkbookLocations, type CellLocation } from './workbook-locations';

type JsonObject = Record<string, unknown>;

/** Something wrong with the workbook itself (a missing sheet, an unknown parent code). */
export interface WorkbookProblem extends CellLocation {
  message: string;
}

export interface FrameworkWorkbook {
  /** The framework document the workbook describes, for validateFramework. */
  document: JsonObject;
  /** Where a document path (e.g. areas[1].indicators[0].weight) came from in the workbook. */
  locate(path: string): CellLocation | undefined;
  problems: WorkbookProblem[];
}

/** Reads a workbook laid out as in workbook-layout.ts; reports every problem, never stops at one. */
export async function readFrameworkWorkbook(content: Buffer): Promise<FrameworkWorkbook> {
  const workbook = new Workbook();
  const problems: WorkbookProblem[] = [];
  try {
    await workbook.xlsx.load(content as unknown as ArrayBuffer);
  } catch {
    problems.push({ sheet: '', message: 'berkas bukan buku kerja XLSX yang dapat dibaca (not a readable XLSX workbook)' });
    return { document: {}, locate: () => undefined, problems };
  }
  const builder = new DocumentBuilder(problems);
  const rowsOf = (layout: SheetLayout) => sheetRows(workbook, layout, problems);
  builder.frameworkFields(rowsOf(LAYOUT.framework));
  builder.aspects(rowsOf(LAYOUT.aspects));
  builder.areas(rowsOf(LAYOUT.areas));
  builder.sasaran(rowsOf(LAYOUT.sasaran));
  builder.indicators(rowsOf(LAYOUT.indicators));
  builder.subIndicators(rowsOf(LAYOUT.subIndicators));
  builder.evidence(rowsOf(LAYOUT.evidence));
  builder.bands(rowsOf(LAYOUT.bands));
  return { document: builder.document, locate: (path) => builder.locations.locate(path), problems };
}

function sheetRows(workbook: Workbook, layout: SheetLayout, problems: WorkbookProblem[]): SheetRow[] | undefined {
  const worksheet = workbook.getWorksheet(layout.name);
  if (!worksheet) {
    if (!layout.sheetOptional) problems.push({ sheet: layout.name, message: `lembar "${layout.name}" tidak ada` });
    return undefined;
  }
  const { rows, missing } = readSheet(worksheet, layout);
  for (const row of rows) {
    // A note row of the Kerangka sheet is never read: what its cells hold is no one's problem.
    if (layout === LAYOUT.framework && String(row.cells.get('kunci') ?? '').toLowerCase() === 'catatan') continue;
    for (const [column, message] of row.formulaProblems) problems.push({ ...WorkbookLocations.of(row, column), message });
  }
  if (missing.length === 0) return rows;
  problems.push({ sheet: layout.name, row: 1, message: `kolom wajib tidak ada: ${missing.join(', ')}` });
  return undefined;
}

interface Placed {
  object: JsonObject;
  path: string;
}

/** Builds the document row by row, remembering each element's path and where it came from. */
class DocumentBuilder {
  readonly document: JsonObject = {};
  readonly locations = new WorkbookLocations();
  private readonly byCode = { areas: new Map<string, Placed>(), indicators: new Map<string, Placed>(), subIndicators: new Map<string, Placed>() };

  constructor(private readonly problems: WorkbookProblem[]) {}

  frameworkFields(rows: SheetRow[] | undefined): void {
    for (const field of Object.values(FRAMEWORK_KEYS)) this.locations.addSheet(field, LAYOUT.framework.name);
    for (const row of rows ?? []) {
      const key = String(row.cells.get('kunci') ?? '').toLowerCase();
      if (key === 'catatan') continue;
      if (!(key in FRAMEWORK_KEYS)) {
        this.problem(row, 'kunci', `kunci "${key}" tidak dikenal (yang ada: ${Object.keys(FRAMEWORK_KEYS).join(', ')}, catatan)`);
        continue;
      }
      const field = FRAMEWORK_KEYS[key as keyof typeof FRAMEWORK_KEYS];
      const value = row.cells.get('nilai');
      if (value instanceof Date) {
        this.problem(row, 'nilai', 'tulis sebagai teks ISO-8601 dengan zona, mis. 2024-11-30T23:59:59+07:00');
        continue;
      }
      this.document[field] = field === 'year' ? numberCell(value) : textCell(value);
      this.locations.add(field, row, 'nilai');
    }
  }

  aspects(rows: SheetRow[] | undefined): void {
    this.locations.addSheet('aspects', LAYOUT.aspects.name);
    if (rows === undefined || rows.length === 0) return;
    this.document['aspects'] = rows.map((row, i) => this.labelOf(row, `aspects[${i}]`));
  }

  areas(rows: SheetRow[] | undefined): void {
    this.locations.addSheet('areas', LAYOUT.areas.name);
    const areas = (rows ?? []).map((row, i) => {
      const path = `areas[${i}]`;
      const area = { ...this.labelOf(row, path), weight: this.number(row, 'bobot', path, 'weight'), indicators: [] };
      this.remember(this.byCode.areas, area, path);
      return area;
    });
    this.document['areas'] = areas;
  }

  sasaran(rows: SheetRow[] | undefined): void {
    for (const row of rows ?? []) {
      const area = this.parent(row, 'area', this.byCode.areas);
      if (!area) continue;
      const list = (area.object['sasaran'] ??= []) as unknown[];
      list.push(this.labelOf(row, `${area.path}.sasaran[${list.length}]`));
    }
  }

  indicators(rows: SheetRow[] | undefined): void {
    for (const row of rows ?? []) {
      const area = this.parent(row, 'area', this.byCode.areas);
      if (!area) continue;
      const list = area.object['indicators'] as unknown[];
      const path = `${area.path}.indicators[${list.length}]`;
      const indicator: JsonObject = { ...this.labelOf(row, path), weight: this.number(row, 'bobot', path, 'weight') };
      this.optionalText(indicator, row, 'aspek', path, 'aspectCode');
      this.optionalText(indicator, row, 'sasaran', path, 'sasaranCode');
      indicator['subIndicators'] = [];
      list.push(indicator);
      this.remember(this.byCode.indicators, indicator, path);
    }
  }

  subIndicators(rows: SheetRow[] | undefined): void {
    for (const row of rows ?? []) {
      const indicator = this.parent(row, 'indikator', this.byCode.indicators);
      if (!indicator) continue;
      const list = indicator.object['subIndicators'] as unknown[];
      const path = `${indicator.path}.subIndicators[${list.length}]`;
      const sub: JsonObject = { ...this.labelOf(row, path), weight: this.number(row, 'bobot', path, 'weight') };
      this.rubric(sub, row, path);
      sub['requiredEvidence'] = [];
      list.push(sub);
      this.remember(this.byCode.subIndicators, sub, path);
    }
  }

  evidence(rows: SheetRow[] | undefined): void {
    for (const row of rows ?? []) {
      const sub = this.parent(row, 'subindikator', this.byCode.subIndicators);
      if (!sub) continue;
      const list = sub.object['requiredEvidence'] as unknown[];
      const path = `${sub.path}.requiredEvidence[${list.length}]`;
      const item = this.labelOf(row, path);
      if (row.cells.get('poin') !== undefined) item['points'] = this.number(row, 'poin', path, 'points');
      list.push(item);
    }
  }

  bands(rows: SheetRow[] | undefined): void {
    this.locations.addSheet('colourBands', LAYOUT.bands.name);
    if (rows === undefined || rows.length === 0) return;
    this.document['colourBands'] = rows.map((row, i) => {
      const path = `colourBands[${i}]`;
      this.locations.add(path, row, 'pita');
      this.locations.add(`${path}.band`, row, 'pita');
      return { band: textCell(row.cells.get('pita')), from: this.number(row, 'mulai', path, 'from') };
    });
  }

  private labelOf(row: SheetRow, path: string): JsonObject {
    this.locations.add(path, row, 'kode');
    this.locations.add(`${path}.code`, row, 'kode');
    this.locations.add(`${path}.name`, row, 'nama');
    return { code: this.code(row, 'kode'), name: textCell(row.cells.get('nama')) };
  }

  /**
   * A code cell must hold text: Excel turns "01" typed into a General cell into the number 1 and
   * "1.10" into 1.1, and reading the number back as text would change the code without a word.
   */
  private code(row: SheetRow, column: string): unknown {
    const value = row.cells.get(column);
    if (typeof value === 'number') {
      this.problem(row, column, `kode tersimpan sebagai angka (${value}); Excel mengubah "01" menjadi 1 dan "1.10" menjadi 1.1: format sel sebagai Teks lalu ketik ulang kodenya`);
    }
    return textCell(value);
  }

  private number(row: SheetRow, column: string, path: string, field: string): unknown {
    this.locations.add(`${path}.${field}`, row, column);
    return numberCell(row.cells.get(column));
  }

  private optionalText(target: JsonObject, row: SheetRow, column: string, path: string, field: string): void {
    const value = row.cells.get(column);
    if (value === undefined) return;
    target[field] = this.code(row, column);
    this.locations.add(`${path}.${field}`, row, column);
  }

  private rubric(sub: JsonObject, row: SheetRow, path: string): void {
    const kind = row.cells.get('jenis_rubrik');
    if (kind !== undefined) {
      const text = String(kind).toLowerCase();
      sub['rubricKind'] = RUBRIC_KINDS[text as keyof typeof RUBRIC_KINDS] ?? text;
      this.locations.add(`${path}.rubricKind`, row, 'jenis_rubrik');
    }
    const steps = row.cells.get('langkah_rubrik');
    this.locations.add(`${path}.rubricSteps`, row, 'langkah_rubrik');
    if (steps === undefined) return;
    sub['rubricSteps'] = typeof steps === 'number' ? [steps] : String(steps).split(/[;/]/).map((step) => numberCell(step.trim()));
  }

  private remember(codes: Map<string, Placed>, object: JsonObject, path: string): void {
    const code = object['code'];
    if (typeof code === 'string' && !codes.has(code)) codes.set(code, { object, path });
  }

  private parent(row: SheetRow, column: string, codes: Map<string, Placed>): Placed | undefined {
    const code = this.code(row, column);
    const parent = typeof code === 'string' ? codes.get(code) : undefined;
    if (!parent) this.problem(row, column, code === undefined ? 'wajib diisi dengan kode induknya' : `kode "${String(code)}" tidak dikenal`);
    return parent;
  }

  private problem(row: SheetRow, column: string, message: string): void {
    this.problems.push({ ...WorkbookLocations.of(row, column), message });
  }
}
