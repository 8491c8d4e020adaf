#!/usr/bin/env node
/* global process, console */
// Runs every jest suite and closes with one plain line, `N passed, N failed`, so a run
// can be read at a glance (and by CI). Extra arguments are passed to jest.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';

mkdirSync('test-output', { recursive: true });
const report = 'test-output/jest-results.json';
const jest = spawnSync(
  process.execPath,
  // PGlite loads its WebAssembly with dynamic import(), which jest's VM allows only with this flag.
  [
    '--experimental-vm-modules',
    'node_modules/jest/bin/jest.js',
    '--json',
    `--outputFile=${report}`,
    ...process.argv.slice(2),
  ],
  { stdio: 'inherit' },
);
let passed = 0;
let failed;
try {
  const results = JSON.parse(readFileSync(report, 'utf8'));
  passed = results.numPassedTests;
  failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
} catch {
  failed = 1; // jest could not even report: count the run as failed.
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(jest.status === 0 && failed === 0 ? 0 : 1);
