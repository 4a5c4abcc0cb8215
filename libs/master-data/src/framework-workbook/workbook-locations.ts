import type { SheetRow } from './workbook-cells';

/** Where in a workbook a value came from, e.g. sheet Indikator, row 7, cell C7. */
export interface CellLocation {
  sheet: string;
  row?: number;
  cell?: string;
}

/** Document path → workbook cell, answering for a path's closest recorded ancestor. */
export class WorkbookLocations {
  private readonly byPath = new Map<string, CellLocation>();

  static of(row: SheetRow, column: string): CellLocation {
    const letter = row.columnLetters.get(column);
    return { sheet: row.sheet, row: row.row, ...(letter === undefined ? {} : { cell: `${letter}${row.row}` }) };
  }

  add(path: string, row: SheetRow, column: string): void {
    this.byPath.set(path, WorkbookLocations.of(row, column));
  }

  /** A whole list or a field without a row of its own (e.g. the area weight sum) points at its sheet. */
  addSheet(path: string, sheet: string): void {
    if (!this.byPath.has(path)) this.byPath.set(path, { sheet });
  }

  /** `areas[0].indicators` (a weight sum) is reported at the area's row, the closest ancestor. */
  locate(path: string): CellLocation | undefined {
    for (let current = path; current !== ''; current = parentPath(current)) {
      const location = this.byPath.get(current);
      if (location) return location;
    }
    return undefined;
  }
}

function parentPath(path: string): string {
  const cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
  return cut <= 0 ? '' : path.slice(0, cut);
}
