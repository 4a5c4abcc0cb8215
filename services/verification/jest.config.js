module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'verification',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
