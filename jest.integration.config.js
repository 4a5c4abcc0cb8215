// Integration tests: real Kafka and Postgres, started (or reused) by the global setup. One worker,
// because the test files share one broker and one database and reset them between files.
const preset = require('./jest.preset.js');

module.exports = {
  ...preset,
  // Several services share one process here (never in production), so @nestjs/typeorm's
  // process-wide name registry would warn on every second app: see the stand-in's comment.
  moduleNameMapper: {
    ...preset.moduleNameMapper,
    '^\\./data-source-name\\.registry\\.js$': '<rootDir>/libs/testing/src/one-process-data-source-registry.js',
  },
  displayName: 'integration',
  rootDir: __dirname,
  testMatch: ['<rootDir>/{libs,services,e2e,consumers}/**/*.integration-spec.ts'],
  globalSetup: '<rootDir>/libs/testing/src/global-setup.ts',
  maxWorkers: 1,
  reporters: ['default', '<rootDir>/libs/testing/src/slowest-files-reporter.js'],
  testTimeout: 120_000,
};
