module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'postgres-client',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  // Its behaviour is proven against the real server: e2e/src/prepared-statements.integration-spec.ts.
  passWithNoTests: true,
};
