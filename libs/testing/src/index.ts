export * from './integration-env';
export * from './local-infrastructure';
export * from './test-database';
export * from './test-kafka';
export * from './test-tokens';
export * from './wait-for';
export * from './test-fixtures';
export * from './test-keycloak';
