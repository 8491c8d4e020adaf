/* global process, console */
/**
 * `npm start`'s build step: rebuild the add-in and the provider page only when a source is
 * newer than the last build of it (about 70 s on a 2-core machine saved when nothing changed).
 * `node tools/build.mjs --force` rebuilds both regardless. Each build records a stamp in its
 * output folder; a failed build leaves none, so the next run tries again.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const STAMP = '.built';

/** What each build reads, and where it writes. */
export const TARGETS = [
  {
    name: 'add-in',
    output: 'dist/addin',
    sources: ['addin', 'shared', 'manifest.xml', 'webpack.config.js', 'package-lock.json'],
    args: ['--mode', 'production'],
  },
  {
    name: 'provider pages',
    output: 'dist/provider',
    sources: [
      'server/src/scenarios/page',
      'server/src/packages/page',
      'server/src/providerPages',
      'shared',
      'webpack.config.js',
      'package-lock.json',
    ],
    args: ['--mode', 'production', '-c', 'server/src/scenarios/page/webpack.provider.config.mjs'],
  },
];

function newestMtime(target) {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const name of readdirSync(target)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    newest = Math.max(newest, newestMtime(path.join(target, name)));
  }
  return newest;
}

/** Stale when there is no stamp, or a source changed after it. */
export function isStale(target, base = root) {
  const stamp = path.join(base, target.output, STAMP);
  if (!existsSync(stamp)) return true;
  const built = statSync(stamp).mtimeMs;
  return target.sources.some((s) => newestMtime(path.join(base, s)) > built);
}

function build(target) {
  const webpack = path.join(root, 'node_modules/webpack/bin/webpack.js');
  const started = Date.now();
  const result = spawnSync(process.execPath, [webpack, ...target.args], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
  writeFileSync(path.join(root, target.output, STAMP), new Date().toISOString());
  console.log(`built the ${target.name} in ${Math.round((Date.now() - started) / 1000)} s`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const force = process.argv.includes('--force');
  for (const target of TARGETS) {
    if (force || isStale(target)) build(target);
    else console.log(`the ${target.name} is up to date (${target.output})`);
  }
}
