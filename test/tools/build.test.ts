/**
 * `npm start` builds only what is stale (tools/build.mjs): each target's sources against the
 * stamp its last build left. Checked in a throwaway tree, through node as npm runs it.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const tool = join(__dirname, '../../tools/build.mjs');
const base = mkdtempSync(join(tmpdir(), 'carefee-build-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

/** isStale for a target reading src/ and writing out/, in the throwaway tree. */
function stale(): boolean {
  const script = `import(${JSON.stringify(tool)}).then((m) => process.stdout.write(String(m.isStale({ output: 'out', sources: ['src', 'config.js'] }, ${JSON.stringify(base)}))))`;
  return execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }) === 'true';
}

const at = (file: string, seconds: number) => {
  const t = new Date(Date.UTC(2026, 0, 1) + seconds * 1000);
  utimesSync(join(base, file), t, t);
};

it('builds when never built, skips when nothing changed, rebuilds when a source or config changes', () => {
  mkdirSync(join(base, 'src/deep'), { recursive: true });
  writeFileSync(join(base, 'src/deep/a.ts'), 'a');
  writeFileSync(join(base, 'config.js'), 'c');
  at('src/deep/a.ts', 0);
  at('config.js', 0);
  expect(stale()).toBe(true); // no stamp: never built
  mkdirSync(join(base, 'out'));
  writeFileSync(join(base, 'out/.built'), 'stamp');
  at('out/.built', 10);
  expect(stale()).toBe(false);
  at('src/deep/a.ts', 20);
  expect(stale()).toBe(true);
  at('out/.built', 30);
  expect(stale()).toBe(false);
  at('config.js', 40);
  expect(stale()).toBe(true);
});
