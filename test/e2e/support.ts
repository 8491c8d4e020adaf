/** What the browser tests share: the repo's paths, a build only when sources moved, and Chromium. */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, utimesSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';

export const root = path.resolve(__dirname, '../..');
export const screenshots = path.join(root, 'test-output/screenshots');

function newestMtime(target: string): number {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(target).map((name) => newestMtime(path.join(target, name))));
}

/**
 * Run webpack unless `output` is newer than every source. One build at a time (flock): other
 * suites may build the same folder.
 */
export function buildUnlessFresh(opts: {
  output: string;
  sources: string[];
  lock: string;
  webpackArgs: string[];
  env?: NodeJS.ProcessEnv;
}): void {
  const built = newestMtime(opts.output);
  const sources = Math.max(...opts.sources.map((p) => newestMtime(path.join(root, p))));
  if (built > 0 && built >= sources) return;
  execFileSync(
    'flock',
    [
      opts.lock,
      process.execPath,
      path.join(root, 'node_modules/webpack/bin/webpack.js'),
      ...opts.webpackArgs,
    ],
    {
      cwd: root,
      env: opts.env ?? process.env,
      stdio: 'pipe',
    },
  );
  // webpack leaves an unchanged output file alone; mark the build as fresh so it is not redone.
  const now = new Date();
  utimesSync(opts.output, now, now);
}

/** Debian's Chromium, headless, with nothing that reaches for the network on its own. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
