/**
 * The runtime page's start script (addin/src/runtime.html) runs before any bundle, in whatever
 * webview the Office build has. Where that webview cannot parse the ES2020 bundles (Internet
 * Explorer's engine in Office 2016/2019), it must say so in plain words, not leave a blank pane.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import vm from 'node:vm';

const html = readFileSync(join(__dirname, '../../addin/src/runtime.html'), 'utf8');
const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
const start = scripts[scripts.length - 1]!;

function run(parsesModernSyntax: boolean) {
  const boot = { className: '', textContent: 'Loading carefee…' };
  const timers: Array<() => void> = [];
  const sandbox: Record<string, unknown> = {
    document: { getElementById: (id: string) => (id === 'carefee-boot' ? boot : null) },
    window: { addEventListener: () => undefined, carefeeOfficeJsFailed: false },
    setTimeout: (fn: () => void) => timers.push(fn),
  };
  const context = vm.createContext(sandbox);
  if (!parsesModernSyntax) {
    // An old engine: modern syntax is a SyntaxError, as in Internet Explorer 11.
    vm.runInContext(
      'Function = function () { throw new SyntaxError("Expected identifier"); };',
      context,
    );
  }
  vm.runInContext(start, context);
  return { boot, timers };
}

it('is ES5: no arrow functions, let/const, template literals or classes', () => {
  expect(start).not.toMatch(/=>|\blet\b|\bconst\b|`|\bclass\b/);
});

it('an old webview gets a plain message naming the supported Office versions, and it stays', () => {
  const { boot, timers } = run(false);
  expect(boot).toEqual({
    className: 'failed',
    textContent:
      'This version of Office cannot run carefee: its built-in browser is too old. carefee needs Excel for Microsoft 365 (Windows version 2008 or later, or Mac), or Excel on the web. Your carefee administrator can help.',
  });
  expect(timers).toHaveLength(0);
});

it('a modern webview keeps "Loading carefee…" until the pane renders (or explains a slow start)', () => {
  const { boot, timers } = run(true);
  expect(boot.textContent).toBe('Loading carefee…');
  expect(timers).toHaveLength(1);
  timers[0]!();
  expect(boot.textContent).toMatch(/^carefee is taking too long to start/);
});
