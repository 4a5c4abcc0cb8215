export { loadPemdaList, type Pemda, type PemdaKind } from './pemda';
export { loadWilayahMapping, wilayahOfPemda, WILAYAH, type Wilayah } from './wilayah';
export { availableFrameworkYears, loadFramework } from './framework-files';
export { InvalidFrameworkFileError, MasterDataError } from './master-data-error';
export * from './framework-workbook';
