// Shared by every project's jest.config: SWC instead of ts-jest because ts-jest stops at
// TypeScript < 7 and is ~2x slower here; path aliases come from tsconfig.base.json.
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

const root = __dirname;
const swcConfig = JSON.parse(readFileSync(join(root, '.swcrc'), 'utf8'));
delete swcConfig.$schema;
const { compilerOptions } = JSON.parse(readFileSync(join(root, 'tsconfig.base.json'), 'utf8'));

const moduleNameMapper = Object.fromEntries(
  Object.entries(compilerOptions.paths).map(([alias, [target]]) => [
    `^${alias.replace('/', '\\/')}$`,
    join(root, target),
  ]),
);

module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['@swc/jest', { ...swcConfig, swcrc: false }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper,
  clearMocks: true,
  // Decorator metadata (Nest DI, class-transformer) needs the polyfill before any class loads.
  setupFiles: [require.resolve('reflect-metadata')],
};
