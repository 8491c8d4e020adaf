/**
 * End to end: the real service (in process, PGlite in memory) serves the built provider page;
 * headless Chromium opens a share link as a provider would, reads the table and the chart,
 * sends a response, downloads the xlsx (read back with exceljs), and sees a closed
 * consultation without a form. Screenshots go to test-output/screenshots/.
 *
 * Needs Chromium (CHROMIUM_PATH, default /usr/bin/chromium). Builds dist/provider first when it
 * is missing or older than the page, the scenario code or the engine.
 */
import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { expectAxeClean } from './axe';
import { buildUnlessFresh, launchChromium, root, screenshots } from './support';
import { startTestService, type TestService } from '../server/helpers';
import { currentCardInput, upliftInput } from '../server/scenarios.fixtures';

const providerDir = path.join(root, 'dist/provider');

function ensureBuilt() {
  buildUnlessFresh({
    output: path.join(providerDir, 'index.html'),
    sources: ['server/src/scenarios', 'server/src/providerPages', 'shared/src'],
    lock: '/tmp/carefee-provider-build.lock',
    webpackArgs: [
      '--mode',
      'production',
      '-c',
      'server/src/scenarios/page/webpack.provider.config.mjs',
    ],
  });
}

let s: TestService;
let server: Server;
let baseUrl: string;
let browser: Browser;

const hour = 3600_000;
const at = (ms: number) => new Date(Date.now() + ms).toISOString();

async function shareScenario(title: string, opensAt: string, closesAt: string): Promise<string> {
  const created = await fetch(`${baseUrl}/api/v1/scenarios`, {
    method: 'POST',
    headers: { authorization: s.auth('editor'), 'content-type': 'application/json' },
    body: JSON.stringify({
      title,
      baseCard: { id: 'test-homes', version: 1 },
      proposed: { uplift: upliftInput },
      assumptions: { notes: 'These figures are for discussion at the provider forum.' },
      opensAt,
      closesAt,
    }),
  });
  expect(created.status).toBe(201);
  const { scenario } = (await created.json()) as { scenario: { id: string } };
  const link = await fetch(`${baseUrl}/api/v1/scenarios/${scenario.id}/links`, {
    method: 'POST',
    headers: { authorization: s.auth('editor'), 'content-type': 'application/json' },
    body: JSON.stringify({ label: 'Provider forum' }),
  });
  expect(link.status).toBe(201);
  const { token } = (await link.json()) as { token: string };
  return `${baseUrl}/s/${token}`;
}

beforeAll(async () => {
  ensureBuilt();
  process.env.CAREFEE_PROVIDER_DIR = providerDir;
  mkdirSync(screenshots, { recursive: true });
  s = await startTestService();
  const draft = await s.ctx.cards.createDraft(s.users.editor.principal, currentCardInput);
  await s.ctx.cards.submit(s.users.editor.principal, draft.meta.id, draft.meta.version);
  await s.ctx.cards.approve(s.users.approver.principal, draft.meta.id, draft.meta.version);
  server = await new Promise<Server>((resolve) => {
    const listening = s.app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  await s?.close();
});

async function openPage(url: string, viewport = { width: 1280, height: 900 }): Promise<Page> {
  const context = await browser.newContext({ viewport, acceptDownloads: true });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url);
  await page.getByRole('heading', { level: 1 }).waitFor();
  expect(errors).toEqual([]);
  return page;
}

test('a provider reads the proposed rates, the table and the chart, and downloads the xlsx', async () => {
  const url = await shareScenario(
    'Care home fees 2026/27: consultation draft',
    at(-hour),
    at(48 * hour),
  );
  const page = await openPage(url);
  await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
    'Care home fees 2026/27: consultation draft',
  );
  // Opening the link counted as a view.
  const id = (await listScenarios()).scenarios.find(
    (x) => x.title === 'Care home fees 2026/27: consultation draft',
  )!.id;
  const links = (await (
    await fetch(`${baseUrl}/api/v1/scenarios/${id}/links`, {
      headers: { authorization: s.auth('viewer') },
    })
  ).json()) as {
    items: Array<{ viewCount: number }>;
  };
  expect(links.items[0]!.viewCount).toBe(1);
  await expect(
    page
      .getByText(
        'Hotel costs (accommodation, food and utilities) rise by CPIH, 3.8%: from £300.00 to £311.40 a week.',
      )
      .count(),
  ).resolves.toBe(1);

  // The table: a real table, one row per category and band plus the hotel cost.
  const table = page.getByRole('table');
  await expect(table.getByRole('row').count()).resolves.toBe(5);
  const band2 = page.locator('tr[data-row="ld/2"]');
  await expect(band2.locator('td').allTextContents()).resolves.toEqual([
    'Learning disability — Band 2',
    '£400.00',
    '£426.80',
    '£700.00',
    '£738.20',
    '+£38.20',
    '+5.46%',
  ]);

  // The chart: every row labelled, each bar with its figure, round steps on the scale.
  const chart = page.getByTestId('rates-chart');
  await expect(chart.locator('[data-chart-row]').count()).resolves.toBe(3);
  await expect(chart.getByTestId('chart-axis').locator('span').allTextContents()).resolves.toEqual([
    '£0',
    '£200',
    '£400',
    '£600',
    '£800',
  ]);
  await expect(chart.locator('[data-chart-row="ld/2"]').innerText()).resolves.toMatch(
    /Learning disability — Band 2\s+Current £700.00\s+Proposed £738.20/,
  );
  await expectAxeClean(page, 'provider page, wide, empty form');
  await page.screenshot({ path: path.join(screenshots, 'provider-page.png'), fullPage: true });

  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Download as Excel (.xlsx)' }).click();
  const file = await (await download).path();
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const rates = wb.getWorksheet('Rates')!;
  expect(rates.getCell('A4').value).toBe('Learning disability');
  expect(rates.getCell('E4').value).toBe(700);
  expect(rates.getCell('H4').value).toBe(738.2);
  expect(rates.getCell('I4').value).toBe(38.2);
  expect(rates.getCell('H4').numFmt).toBe('"£"#,##0.00');
  const notes: string[] = [];
  wb.getWorksheet('Notes')!.eachRow((row) => notes.push(String(row.getCell(2).value ?? '')));
  expect(notes.join('\n')).toContain('card test-homes version 1, approved on');
  await page.context().close();
}, 60_000);

/** Is the element's whole box inside the viewport (scrolled into view)? */
async function inView(page: Page, selector: string): Promise<boolean> {
  return page.evaluate((sel) => {
    const r = document.querySelector(sel)!.getBoundingClientRect();
    return r.top >= 0 && r.left >= 0 && r.top < window.innerHeight && r.right <= window.innerWidth;
  }, selector);
}

test('the provider journey on a 390 px phone: error summary, fix, send, confirmation in view, change through the private link, counted once', async () => {
  const url = await shareScenario('Phone check', at(-hour), at(48 * hour));
  const page = await openPage(url, { width: 390, height: 844 });
  // Nothing is wider than the screen: each rate row is a card, every figure labelled.
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
  await expect(page.getByRole('table').count()).resolves.toBe(0);
  const band2 = page.locator('[data-card="ld/2"]');
  await expect(band2.innerText()).resolves.toMatch(/Proposed weekly fee\s+£738.20/);
  expect((await band2.boundingBox())!.x + (await band2.boundingBox())!.width).toBeLessThanOrEqual(
    390,
  );
  // Every chart label is shown in full; the chart's figures are a table too.
  for (const row of await page.locator('[data-chart-row] > div:first-child').all()) {
    expect(await row.isVisible()).toBe(true);
    const box = (await row.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(390);
  }
  await page.getByText('Show the chart’s figures as a table').click();
  await expect(page.getByTestId('chart-table').locator('tbody tr').count()).resolves.toBe(3);
  await expectAxeClean(page, 'provider page, phone, empty form');

  // An empty send: the error summary takes focus, in view, and the title says Error.
  await page.getByRole('button', { name: 'Send response' }).click();
  const summary = page.getByTestId('error-summary');
  await summary.waitFor();
  await expect(summary.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
  expect(await inView(page, '[data-testid="error-summary"]')).toBe(true);
  expect(await page.title()).toBe('Error: Phone check – proposed care rates');
  await expect(summary.getByRole('link').allTextContents()).resolves.toEqual([
    'Enter your organisation name',
    'Enter a contact name',
    'Enter a contact email',
    'Select your position on the proposed rates',
  ]);
  await expectAxeClean(page, 'provider page, phone, with errors');
  await summary.getByRole('link', { name: 'Enter a contact email' }).click();
  await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('contact-email');
  await page.screenshot({
    path: path.join(screenshots, 'provider-page-phone-errors.png'),
    fullPage: false,
  });

  await page.locator('#organisation-name').fill('Oak House Care Ltd');
  await page.locator('#contact-name').fill('A. Manager');
  await page.locator('#contact-email').fill('manager@oakhouse.example');
  await page.locator('#cqc-location-id').fill('1-123456789');
  await page.getByRole('radio', { name: 'Support with changes' }).check();
  await page.locator('#comment-1-about').selectOption('ld/2');
  await page.locator('#comment-1').fill('Band 2 night staffing costs more than this.');
  await page.getByText('You have 4,957 characters remaining').waitFor();
  await page.getByRole('button', { name: 'Add a cost figure' }).click();
  await page.locator('#cost-1-description').fill('Waking night staff');
  await page.locator('#cost-1-amount').fill('£1,234.567');
  await page.locator('#cost-1-about').selectOption('ld/2');
  await page.getByRole('button', { name: 'Send response' }).click();
  await summary
    .getByText(
      'Cost 1: amount (£) must be pounds and pence, like 812.50. You entered “£1,234.567”.',
    )
    .waitFor();
  await page.locator('#cost-1-amount').fill('£812.50');
  await page.getByRole('button', { name: 'Send response' }).click();

  // The confirmation: in view, focused, an 8-character reference and what happens next.
  const panel = page.getByTestId('confirmation-panel');
  await panel.waitFor();
  await expect(panel.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
  expect(await inView(page, '[data-testid="confirmation-panel"]')).toBe(true);
  await expect(panel.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
    'Response sent',
  );
  const reference = (await panel.locator('strong').textContent())!;
  expect(reference).toMatch(/^[2-9A-HJ-NP-Z]{8}$/);
  await page.getByRole('heading', { name: 'What happens next' }).waitFor();
  expect(await page.title()).toBe('Response sent – Phone check');
  // The address is now the private change link.
  const changeLink = (await page.getByTestId('change-link').textContent())!;
  expect(page.url()).toBe(changeLink);
  expect(changeLink).toMatch(/\/s\/[A-Za-z0-9_-]{43}\/response\/[A-Za-z0-9_-]{43}$/);
  await expectAxeClean(page, 'provider page, phone, sent');
  await page.screenshot({
    path: path.join(screenshots, 'provider-page-phone-sent.png'),
    fullPage: false,
  });

  // Reloading shows the response and the way to change it, not a blank form.
  await page.reload();
  await panel.waitFor();
  await expect(panel.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
    'Your response',
  );
  await expect(panel.locator('strong').textContent()).resolves.toBe(reference);
  await expect(page.getByRole('button', { name: 'Send response' }).count()).resolves.toBe(0);

  // Change it through the link: the form comes back filled in.
  await page.getByRole('button', { name: 'Change your response' }).click();
  await expect(page.locator('#organisation-name').inputValue()).resolves.toBe('Oak House Care Ltd');
  await expect(page.locator('#cost-1-amount').inputValue()).resolves.toBe('812.50');
  await page.getByRole('radio', { name: 'Oppose' }).check();
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(panel.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
    'Response changed',
  );
  await expect(panel.locator('strong').textContent()).resolves.toBe(reference);
  expect(await inView(page, '[data-testid="confirmation-panel"]')).toBe(true);

  // The same organisation through the share link again is pointed at its change link.
  const again = await openPage(url, { width: 390, height: 844 });
  await again.locator('#organisation-name').fill('oak house care ltd');
  await again.locator('#contact-name').fill('B. Deputy');
  await again.locator('#contact-email').fill('deputy@oakhouse.example');
  await again.getByRole('radio', { name: 'Support' }).first().check();
  await again.getByRole('button', { name: 'Send response' }).click();
  await again
    .getByTestId('error-summary')
    .getByText(/has already responded to this consultation/)
    .waitFor();
  await again.context().close();

  // Counted once, as last changed.
  const { scenarios } = await listScenarios();
  const id = scenarios.find((x) => x.title === 'Phone check')!.id;
  const res = await fetch(`${baseUrl}/api/v1/scenarios/${id}/responses`, {
    headers: { authorization: s.auth('viewer') },
  });
  const { items } = (await res.json()) as { items: Array<Record<string, unknown>> };
  expect(items).toHaveLength(1);
  expect(items[0]).toMatchObject({
    reference,
    organisationName: 'Oak House Care Ltd',
    position: 'oppose',
    comments: [{ category: 'ld', band: '2', text: 'Band 2 night staffing costs more than this.' }],
    costEvidence: [
      {
        category: 'ld',
        band: '2',
        description: 'Waking night staff',
        amount: '812.50',
        unit: 'per-week',
      },
    ],
  });
  const summaryRes = await fetch(`${baseUrl}/api/v1/scenarios/${id}/responses/summary`, {
    headers: { authorization: s.auth('viewer') },
  });
  const counted = (await summaryRes.json()) as {
    summary: { responses: number; positions: object };
  };
  expect(counted.summary.responses).toBe(1);
  expect(counted.summary.positions).toEqual({ support: 0, 'support-with-changes': 0, oppose: 1 });
  await page.context().close();
}, 120_000);

test('after the window closes the page says so and shows no form', async () => {
  const url = await shareScenario('Closed consultation', at(-48 * hour), at(-hour));
  const page = await openPage(url);
  await page.getByText(/This consultation closed on/).waitFor();
  await expect(page.locator('form').count()).resolves.toBe(0);
  await expect(page.getByRole('button', { name: 'Send response' }).count()).resolves.toBe(0);
  await expectAxeClean(page, 'provider page, closed');
  await page.screenshot({
    path: path.join(screenshots, 'provider-page-closed.png'),
    fullPage: true,
  });
  await page.context().close();
}, 60_000);

test('a revoked or unknown link shows a plain not-valid page; /s/ alone says to use the link sent; a link pasted with a full stop opens', async () => {
  const page = await browser.newPage();
  const res = await page.goto(`${baseUrl}/s/${'A'.repeat(43)}`);
  expect(res?.status()).toBe(404);
  await page.getByRole('heading', { name: 'This link is not valid' }).waitFor();
  await expectAxeClean(page, 'invalid link');
  const bare = await page.goto(`${baseUrl}/s/`);
  expect(bare?.status()).toBe(404);
  await page.getByRole('heading', { name: 'Use the link you were sent' }).waitFor();
  await expectAxeClean(page, 'no link');

  const url = await shareScenario('Pasted with a full stop', at(-hour), at(48 * hour));
  const opened = await page.goto(`${url}.`);
  expect(opened?.status()).toBe(200);
  expect(page.url()).toBe(url);
  await page.getByRole('heading', { level: 1, name: 'Pasted with a full stop' }).waitFor();
  await page.close();
}, 60_000);

async function listScenarios() {
  const res = await fetch(`${baseUrl}/api/v1/scenarios`, {
    headers: { authorization: s.auth('viewer') },
  });
  const { items } = (await res.json()) as { items: Array<{ id: string; title: string }> };
  return { scenarios: items };
}
