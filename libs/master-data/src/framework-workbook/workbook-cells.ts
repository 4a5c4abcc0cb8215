import type { CellValue, Row, Worksheet } from 'exceljs';
import type { SheetLayout } from './workbook-layout';

export type Cell = string | number | boolean | Date | undefined;

/** One data row of a sheet, by lower-case column name, with where it sits. */
export interface SheetRow {
  sheet: string;
  row: number;
  cells: Map<string, Cell>;
  columnLetters: Map<string, string>;
  /** Cells read as blank because they hold a formula without a usable result: why, by column. */
  formulaProblems: Map<string, string>;
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

/**
 * Why a formula cell has no value to read, if it has none: a workbook saved by a program that does
 * not compute formulas stores no result, and a broken one stores an error (#REF!). Either reads as
 * blank, so the admin would be told the cell is empty when it is not.
 */
export function formulaProblem(value: CellValue): string | undefined {
  if (value === null || typeof value !== 'object' || !('formula' in value || 'sharedFormula' in value)) return undefined;
  const result = (value as { result?: unknown }).result;
  if (result === undefined || result === null) {
    return 'berisi rumus tanpa hasil tersimpan: buka dan simpan ulang di Excel, atau tempel sebagai nilai (formula without a stored result)';
  }
  if (typeof result === 'object' && 'error' in result) {
    return `berisi rumus yang galat ${String((result as { error: unknown }).error)}: perbaiki rumusnya atau tempel sebagai nilai (formula error)`;
  }
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
    if ([...sheetRow.cells.values()].some((cell) => cell !== undefined) || sheetRow.formulaProblems.size > 0) rows.push(sheetRow);
  });
  return { rows, missing };
}

function rowOf(sheet: string, row: Row, number: number, columns: Map<string, number>): SheetRow {
  const cells = new Map<string, Cell>();
  const columnLetters = new Map<string, string>();
  const formulaProblems = new Map<string, string>();
  for (const [name, column] of columns) {
    const cell = row.getCell(column);
    cells.set(name, plainCell(cell.value));
    columnLetters.set(name, cell.address.replace(/\d+$/, ''));
    const problem = formulaProblem(cell.value);
    if (problem !== undefined) formulaProblems.set(name, problem);
  }
  return { sheet, row: number, cells, columnLetters, formulaProblems };
}
