module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'submissions',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
