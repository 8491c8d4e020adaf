import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import reactHooks from 'eslint-plugin-react-hooks';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'data/', 'test-output/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // Hooks called in the same order every render, with every value they read in their deps.
    files: ['**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    // The add-in and the service meet only through shared/ (the engine and the HTTP contract).
    files: ['server/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['**/addin/**'] }],
    },
  },
  {
    files: ['addin/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['**/server/**'] }],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      // shared/ is the pure engine: no I/O, no reaching into the add-in or the service.
      'no-restricted-imports': [
        'error',
        { patterns: ['**/server/**', '**/addin/**', 'fs', 'node:*', 'http', 'https', 'express'] },
      ],
    },
  },
);
