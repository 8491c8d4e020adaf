import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

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
