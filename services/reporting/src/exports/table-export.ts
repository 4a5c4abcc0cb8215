import { stringify } from 'csv-stringify';
import { stream as excelStream } from 'exceljs';
import type { Writable } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type { ExportColumn } from './ranking-columns';

export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/**
 * Rows committed between two looks at the client: few enough that the sheet's buffer stays small,
 * enough that the pauses cost little.
 */
const ROWS_PER_BATCH = 250;

/**
 * Streams rows as CSV (comma-separated, decimal point, UTF-8 with a BOM so spreadsheet programs
 * read the Indonesian names right) or as XLSX through exceljs's streaming writer, which writes
 * each row out as it is committed instead of holding the workbook. Either way a client that
 * closes the download ends the work with ERR_STREAM_PREMATURE_CLOSE.
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
  // exceljs waits for the file to finish and never hears of a client gone: without this race a
  // closed download would leave the handler pending for good.
  const closed = finished(out, { readable: false });
  // Observed by the races below; a row that fails before the first race must not leave it unhandled.
  closed.catch(() => undefined);
  const workbook = new excelStream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet(sheetName);
  sheet.columns = columns.map((column) => ({ header: column.header, key: column.key, width: column.width }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  let committed = 0;
  for (const row of rows) {
    const added = sheet.addRow(columns.map((column) => column.value(row)));
    columns.forEach((column, index) => {
      if (column.numberFormat) added.getCell(index + 1).numFmt = column.numberFormat;
    });
    added.commit();
    committed += 1;
    if (committed % ROWS_PER_BATCH === 0) await Promise.race([roomIn(out), closed]);
  }
  sheet.commit();
  await Promise.race([workbook.commit(), closed]);
}

/**
 * Resolves once `out` may take more: committed rows only move through the zip to the client
 * between turns of the event loop, and a slow client must hold back the reading of rows rather
 * than have the file pile up in memory.
 */
async function roomIn(out: Writable): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
  if (out.writableNeedDrain && !out.destroyed) await new Promise((resolve) => out.once('drain', resolve));
}
