module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'reference-data',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  // Its behaviour needs a database: see reference-data.integration-spec.ts.
  passWithNoTests: true,
};
