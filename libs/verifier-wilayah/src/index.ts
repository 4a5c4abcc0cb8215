export * from './verifier-wilayahs';
export * from './verifier-wilayah.module';
