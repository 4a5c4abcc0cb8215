import { stringify } from 'csv-stringify';
import { stream as excelStream } from 'exceljs';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type { ExportColumn } from './ranking-columns';

export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/**
 * Streams rows as CSV (comma-separated, decimal point, UTF-8 with a BOM so spreadsheet programs
 * read the Indonesian names right) or as XLSX through exceljs's streaming writer, which writes
 * each row out as it is committed instead of holding the workbook.
 */
export async function writeTable<T>(
  format: ExportFormat,
  sheetName: string,
  columns: readonly ExportColumn<T>[],
  rows: Iterable<T>,
  out: Writable,
): Promise<void> {
  if (format === 'csv') {
    const records = (function* () {
      for (const row of rows) yield columns.map((column) => column.value(row));
    })();
    await pipeline(
      Readable.from(records),
      // Framework text comes from an admin's workbook: a name like `=HYPERLINK(…)` must stay text in a spreadsheet.
      stringify({ header: true, columns: columns.map((column) => column.header), bom: true, escape_formulas: true }),
      out,
    );
    return;
  }
  const workbook = new excelStream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet(sheetName);
  sheet.columns = columns.map((column) => ({ header: column.header, key: column.key, width: column.width }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  for (const row of rows) {
    const added = sheet.addRow(columns.map((column) => column.value(row)));
    columns.forEach((column, index) => {
      if (column.numberFormat) added.getCell(index + 1).numFmt = column.numberFormat;
    });
    added.commit();
  }
  sheet.commit();
  await workbook.commit();
}
