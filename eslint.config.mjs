import nx from '@nx/eslint-plugin';
import { readFileSync } from 'node:fs';

const readJson = (path) => JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8'));
const serviceNames = readJson('./services/catalogue.json').services.map((service) => service.name);

/**
 * Each service's project.json lists its feature folders bottom-up in `metadata.featureLayers`: a
 * feature may import the features before it, never one after it (no upward import, no cycle).
 */
function featureLayerRules(service) {
  const layers = readJson(`./services/${service}/project.json`).metadata?.featureLayers ?? [];
  return layers.map((feature, index) => ({
    files: [`services/${service}/src/${feature}/**/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: layers.slice(index + 1).map((upper) => ({
            regex: `^(\\.\\./)+${upper}(/|$)`,
            message: `${service}: feature "${feature}" sits below "${upper}" (metadata.featureLayers in project.json); move the shared part down instead.`,
          })),
        },
      ],
    },
  }));
}

// A literal schema in SQL ties code to one deployment and hides which service owns a table: take it
// from the DataSource (sqlTable / schemaOf in @mcp/service-runtime) or from entity metadata.
const schemaAlternatives = serviceNames.join('|');
const literalSchema = `/"(${schemaAlternatives})"\\.|\\b(FROM|JOIN|INTO|UPDATE|TABLE)\\s+(${schemaAlternatives})\\./i`;
const literalSchemaMessage =
  'No literal schema name in SQL: use sqlTable(manager, table) or schemaOf(manager) from @mcp/service-runtime.';

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    ignores: ['**/node_modules', '**/dist', '**/.local', '**/.nx', '**/*.js', '**/*.cjs'],
  },
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      // Config classes annotate `PORT: number = 3000` on purpose: SWC emits decorator metadata only
      // for declared types, and class-transformer converts env strings by that metadata.
      '@typescript-eslint/no-inferrable-types': ['error', { ignoreProperties: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // A service never imports another service; shared libs never import a service; libs say
      // which service may use them only through the scope tag.
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          allow: [],
          depConstraints: [
            { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            // The reference consumer stands for a partner team's: it may use no code of ours.
            { sourceTag: 'scope:analytics-lake', onlyDependOnLibsWithTags: ['scope:analytics-lake'] },
            ...serviceNames.map((name) => ({
              sourceTag: `scope:${name}`,
              onlyDependOnLibsWithTags: ['scope:shared', `scope:${name}`],
            })),
          ],
        },
      ],
    },
  },
  {
    files: ['services/**/*.ts', 'libs/**/*.ts'],
    ignores: ['**/*.spec.ts', '**/*.integration-spec.ts', '**/migrations/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: `TemplateElement[value.raw=${literalSchema}]`, message: literalSchemaMessage },
        { selector: `Literal[value=${literalSchema}]`, message: literalSchemaMessage },
      ],
    },
  },
  ...serviceNames.flatMap(featureLayerRules),
  {
    // The end-to-end suite is the one place that starts every service together, so it imports
    // them by path; nothing imports it.
    files: ['e2e/**/*.ts'],
    rules: { '@nx/enforce-module-boundaries': 'off' },
  },
];
