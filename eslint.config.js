// Lint, including the layer rules of docs/conventions.md#layers: core/ never imports electron,
// react or the UI; renderer/ imports only the API contract's runtime (types from
// anywhere in core are fine, they vanish at build time).
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export const layerRules = [
  {
    files: ['core/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
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
  { ignores: ['node_modules/', 'out/', 'dist/', 'test-results/', 'playwright-report/', 'e2e/artifacts/'] },
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
