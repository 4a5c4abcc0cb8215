module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'mcp-domain',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
