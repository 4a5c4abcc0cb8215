import nx from '@nx/eslint-plugin';

const serviceNames = ['submissions', 'verification', 'scoring', 'notification', 'reporting'];

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
    // The end-to-end suite is the one place that starts every service together, so it imports
    // them by path; nothing imports it.
    files: ['e2e/**/*.ts'],
    rules: { '@nx/enforce-module-boundaries': 'off' },
  },
];
