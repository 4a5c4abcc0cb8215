export { readFrameworkWorkbook, type FrameworkWorkbook, type WorkbookProblem } from './read-framework-workbook';
export { writeFrameworkWorkbook } from './write-framework-workbook';
export type { CellLocation } from './workbook-locations';
