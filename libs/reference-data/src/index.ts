export * from './reference-tables.migration';
export * from './seed-reference-data';
export * from './reference-data';
export * from './reference-data.module';
export * from './stored-framework';
