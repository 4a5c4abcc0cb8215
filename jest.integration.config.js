// Integration tests: real Kafka and Postgres, started (or reused) by the global setup. Two workers,
// each with its own broker, clamd and database (libs/testing/src/integration-env.ts), because a
// test file resets the topics and schemas it uses; most files wait on the broker more than they
// compute, so two side by side nearly halve the run on two cores (docs/decisions.md #105).
// `-w 1` runs them one at a time on the first worker's infrastructure.
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
  maxWorkers: 2,
  reporters: ['default', '<rootDir>/libs/testing/src/slowest-files-reporter.js'],
  testSequencer: '<rootDir>/libs/testing/src/longest-first-sequencer.js',
  testTimeout: 120_000,
};
