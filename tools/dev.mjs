/* global process */
/**
 * `npm run dev`: edit and reload. webpack rebuilds the add-in (development mode, local
 * office.js) into dist/addin on every change, and the service restarts when its code changes;
 * it serves dist/addin from disk, so a reload of the pane picks up the new bundle. The provider
 * page is built once if stale. Ctrl+C stops both.
 */
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TARGETS, isStale } from './build.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (p) => path.join(root, 'node_modules', p);

const provider = TARGETS.find((t) => t.output === 'dist/provider');
if (isStale(provider)) {
  spawnSync(process.execPath, [bin('webpack/bin/webpack.js'), ...provider.args], {
    cwd: root,
    stdio: 'inherit',
  });
}

const children = [
  spawn(
    process.execPath,
    [bin('webpack/bin/webpack.js'), '--watch', '--mode', 'development', '--env', 'officeJs=local'],
    { cwd: root, stdio: 'inherit' },
  ),
  spawn(process.execPath, [bin('tsx/dist/cli.mjs'), 'watch', 'server/src/main.ts'], {
    cwd: root,
    stdio: 'inherit',
  }),
];
const stop = () => children.forEach((c) => c.kill('SIGTERM'));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
children.forEach((c) =>
  c.on('exit', (code) => {
    stop();
    process.exitCode = code ?? 0;
  }),
);
