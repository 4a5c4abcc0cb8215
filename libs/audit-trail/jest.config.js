module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'audit-trail',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
