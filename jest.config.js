/* global module, require */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS config file
const { availableParallelism } = require('node:os');
/** Jest runs TypeScript through SWC (no type-check here; `npm run typecheck` does that). */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts', '**/*.test.tsx'],
  transform: {
    '^.+\\.(t|j)sx?$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', tsx: true },
          transform: { react: { runtime: 'automatic' } },
          target: 'es2022',
        },
      },
    ],
  },
  moduleFileExtensions: ['ts', 'tsx', 'js', 'mjs', 'cjs', 'json'],
  // Service suites start PGlite and migrate in beforeAll: generous, so a busy machine does not fail them.
  testTimeout: 90000,
  // Jest's default (cores − 1) is a single worker on a 2-core machine, where suites spend much of
  // their time waiting on PostgreSQL and Chromium: two workers keep CI well inside its time.
  maxWorkers: Math.max(2, availableParallelism() - 1),
};
