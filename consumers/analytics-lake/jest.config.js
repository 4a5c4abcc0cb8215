module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'analytics-lake',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
