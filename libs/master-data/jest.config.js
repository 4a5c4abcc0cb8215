module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'master-data',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
