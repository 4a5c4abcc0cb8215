export * from './reference-tables.migration';
export * from './seed-reference-data';
export * from './reference-data';
export * from './reference-data.module';
export * from './stored-framework';
export * from './reference-data-changes';
export * from './framework-published.events';
