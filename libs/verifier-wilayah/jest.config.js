module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'verifier-wilayah',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
