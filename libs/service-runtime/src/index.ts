export * from './config/load-config';
export * from './config/service-config';
export * from './errors/domain-error';
export * from './errors/domain-error.filter';
export * from './database/database-settings';
export * from './health/health.module';
export * from './service-platform.module';
export * from './bootstrap';
