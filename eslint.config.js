// Lint, including the layer rules of docs/conventions.md#layers: core/ never imports electron,
// react or the UI; renderer/ imports only the API contract's runtime (types from
// anywhere in core are fine, they vanish at build time).
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

/** What no file in core/ may import. */
const coreRestrictions = {
  paths: [
    { name: 'electron', message: 'core/ runs in plain Node too: it must not import electron.' },
    { name: 'react', message: 'core/ has no UI: it must not import react.' },
    { name: 'react-dom', message: 'core/ has no UI: it must not import react-dom.' },
  ],
  patterns: [
    {
      group: ['electron/*', 'react/*', 'react-dom/*'],
      message: 'core/ must not import electron or react.',
    },
    {
      regex: '(^|/)(renderer|electron)/',
      message: 'core/ must not import from renderer/ or electron/.',
    },
  ],
};

export const layerRules = [
  {
    files: ['core/**/*.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', coreRestrictions] },
  },
  // The rooms of core/ that only compute (docs/conventions.md#pure-code-and-node-code): no Node, so
  // they run and test anywhere. Their tests may use Node to build fixtures.
  {
    files: [
      'core/contract/**/*.ts',
      'core/engine/**/*.ts',
      'core/connectors/manifest/**/*.ts',
      'core/reliability/**/*.ts',
      'core/failures/**/*.ts',
    ],
    ignores: ['**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: coreRestrictions.paths,
          patterns: [
            ...coreRestrictions.patterns,
            {
              group: ['node:*'],
              message:
                'This room of core/ only computes: no node:* here. Pass what it needs in (a hash function, a clock).',
            },
          ],
        },
      ],
    },
  },
  // The main process hosts the core in a utility process; loading it (or SQLite) here
  // would block the windows (docs/conventions.md#storage).
  {
    files: ['electron/main/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)core/host/(create-core|open-core)\\.ts$',
              allowTypeImports: true,
              message:
                'electron/main talks to the core in its utility process (core-connection.ts); it never builds one.',
            },
            {
              regex: '(^|/)core/storage/',
              allowTypeImports: true,
              message: 'electron/main never opens the workspace database: the core process owns it.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'The renderer talks to Electron only through window.patchbay.' },
          ],
          patterns: [
            {
              regex: '(^|/)core/(?!contract/)',
              allowTypeImports: true,
              message:
                'renderer/ may import only the API contract (core/contract) at runtime; types are fine.',
            },
            { group: ['node:*'], message: 'The renderer has no Node access.' },
          ],
        },
      ],
    },
  },
  {
    files: ['electron/preload/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)core/(?!contract/method-names\\.ts$)',
              allowTypeImports: true,
              message: 'The preload imports only the contract method list.',
            },
          ],
        },
      ],
    },
  },
];

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'out/',
      'dist/',
      'test-results/',
      'playwright-report/',
      'e2e/artifacts/',
      'bench/.build/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'max-lines': ['warn', { max: 400, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    files: ['**/*.{js,mjs}', 'bin/**'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
  ...layerRules,
);
