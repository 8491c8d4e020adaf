/**
 * axe-core in the browser tests: inject node_modules/axe-core/axe.min.js into the page and run
 * it on the page as it stands. A test fails on any serious or critical finding.
 *
 * Rules switched off, each with its reason (keep this list short and justified):
 * - none. One kind of node is left out instead: Fluent's focus manager (tabster) puts
 *   `<i tabindex="0" aria-hidden="true" data-tabster-dummy>` at the edges of tab lists and
 *   focus groups. They are focusable and hidden on purpose: when focus lands on one, tabster
 *   moves it on at once, so no one ever rests there (axe's aria-hidden-focus would flag each).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { root } from './support';

const AXE = path.join(root, 'node_modules/axe-core/axe.min.js');
let source: string | undefined;
const axeSource = () => (source ??= readFileSync(AXE, 'utf8'));

/** Rules not run, with why. Empty: every rule runs. */
export const AXE_RULES_OFF: Record<string, string> = {};

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown[]; failureSummary?: string }>;
}

/** The serious and critical findings on the page now, one line each (empty when clean). */
export async function axeFindings(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol, not a <script> tag: the pages' CSP allows no inline script.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource());
  const violations = await page.evaluate(async (off: string[]) => {
    const axe = (
      window as unknown as {
        axe: { run: (c: unknown, o: unknown) => Promise<{ violations: unknown[] }> };
      }
    ).axe;
    // Let finite CSS transitions settle first: a button caught mid-fade reads as low contrast.
    await Promise.all(
      document
        .getAnimations()
        .filter((a) => a.effect?.getComputedTiming().iterations !== Infinity)
        .map((a) => a.finished.catch(() => undefined)),
    );
    const result = await axe.run(
      { exclude: [['[data-tabster-dummy]']] },
      {
        rules: Object.fromEntries(off.map((id) => [id, { enabled: false }])),
        resultTypes: ['violations'],
      },
    );
    return result.violations;
  }, Object.keys(AXE_RULES_OFF));
  return (violations as AxeViolation[])
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.impact} ${v.id}: ${v.help} at ${v.nodes
          .slice(0, 3)
          .map((n) => JSON.stringify(n.target))
          .join(', ')}`,
    );
}

/** Fail the test, naming each finding and the page state, unless axe finds nothing serious or critical. */
export async function expectAxeClean(page: Page, state: string): Promise<void> {
  expect({ state, findings: await axeFindings(page) }).toEqual({ state, findings: [] });
}
