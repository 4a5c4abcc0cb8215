// The web app's pure parts (formatting, zones, bands, the server clock, upload rules, the two
// dictionaries) run under Jest in Node like every project's; the screens themselves are proven
// in Chromium by e2e/src/portal-browser.integration-spec.ts.
module.exports = {
  ...require('../../../jest.preset.js'),
  displayName: 'portal-web',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
