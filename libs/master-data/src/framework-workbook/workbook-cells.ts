import type { CellValue, Row, Worksheet } from 'exceljs';
import type { SheetLayout } from './workbook-layout';

export type Cell = string | number | boolean | Date | undefined;

/** One data row of a sheet, by lower-case column name, with where it sits. */
export interface SheetRow {
  sheet: string;
  row: number;
  cells: Map<string, Cell>;
  columnLetters: Map<string, string>;
}

/** Plain values from exceljs's cell shapes (rich text, formulas, hyperlinks); blank is undefined. */
export function plainCell(value: CellValue): Cell {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return value.trim() === '' ? undefined : value.trim();
  if (typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return value;
  if ('richText' in value) return plainCell(value.richText.map((part) => part.text).join(''));
  if ('result' in value) return plainCell((value.result ?? null) as CellValue);
  if ('text' in value) return plainCell(value.text);
  return undefined;
}

/** A number as officials type it: 33.33, or 33,33 with the Indonesian decimal comma. */
export function numberCell(cell: Cell): unknown {
  if (typeof cell !== 'string') return cell;
  const normalised = cell.replace(',', '.');
  return /^-?\d+(\.\d+)?$/.test(normalised) ? Number(normalised) : cell;
}

export function textCell(cell: Cell): unknown {
  return typeof cell === 'number' ? String(cell) : cell;
}

/** Reads a sheet's header and data rows; missing required columns are returned by name. */
export function readSheet(worksheet: Worksheet, layout: SheetLayout): { rows: SheetRow[]; missing: string[] } {
  const columns = new Map<string, number>();
  worksheet.getRow(1).eachCell((cell, column) => {
    const name = plainCell(cell.value);
    if (typeof name === 'string') columns.set(name.toLowerCase(), column);
  });
  const missing = layout.required.filter((name) => !columns.has(name));
  const rows: SheetRow[] = [];
  worksheet.eachRow((row, number) => {
    if (number === 1) return;
    const sheetRow = rowOf(layout.name, row, number, columns);
    if ([...sheetRow.cells.values()].some((cell) => cell !== undefined)) rows.push(sheetRow);
  });
  return { rows, missing };
}

function rowOf(sheet: string, row: Row, number: number, columns: Map<string, number>): SheetRow {
  const cells = new Map<string, Cell>();
  const columnLetters = new Map<string, string>();
  for (const [name, column] of columns) {
    const cell = row.getCell(column);
    cells.set(name, plainCell(cell.value));
    columnLetters.set(name, cell.address.replace(/\d+$/, ''));
  }
  return { sheet, row: number, cells, columnLetters };
}
