// Integration tests: real Kafka and Postgres, started (or reused) by the global setup. One worker,
// because the test files share one broker and one database and reset them between files.
module.exports = {
  ...require('./jest.preset.js'),
  displayName: 'integration',
  rootDir: __dirname,
  testMatch: ['<rootDir>/{libs,services,e2e,consumers}/**/*.integration-spec.ts'],
  globalSetup: '<rootDir>/libs/testing/src/global-setup.ts',
  maxWorkers: 1,
  testTimeout: 120_000,
};
