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
import { buildUnlessFresh, launchChromium, root, screenshots } from './support';
import { startTestService, type TestService } from '../server/helpers';
import { currentCardInput, upliftInput } from '../server/scenarios.fixtures';

const providerDir = path.join(root, 'dist/provider');

function ensureBuilt() {
  buildUnlessFresh({
    output: path.join(providerDir, 'index.html'),
    sources: ['server/src/scenarios', 'shared/src'],
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

  // The chart: Fluent's grouped bar chart draws one bar per series per category.
  const chart = page.getByTestId('rates-chart');
  await chart.locator('svg').first().waitFor();
  await page.waitForFunction(
    () =>
      document.querySelectorAll(
        '[data-testid="rates-chart"] svg rect, [data-testid="rates-chart"] svg path[role="img"], [data-testid="rates-chart"] svg [role="img"]',
      ).length >= 6,
  );
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

test('on a phone the page fits, and the response form explains what is wrong, then accepts the response', async () => {
  const url = await shareScenario('Phone check', at(-hour), at(48 * hour));
  const page = await openPage(url, { width: 390, height: 844 });
  // Nothing but the table's own scroll box is wider than the screen.
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);

  await page.getByRole('button', { name: 'Send response' }).click();
  await page.getByText('Organisation name is required').waitFor();
  await expect(
    page.getByText('Choose a position: support, support with changes, or oppose').count(),
  ).resolves.toBe(1);
  await page.getByLabel('Contact email').fill('not an email');
  await page.getByLabel('CQC location ID (optional)').fill('12345');
  await page.getByRole('button', { name: 'Send response' }).click();
  await page.getByText('Contact email must be an email address, like name@example.org').waitFor();
  await page.getByText('CQC location ID must look like 1-123456789').waitFor();
  await page.screenshot({
    path: path.join(screenshots, 'provider-page-phone-errors.png'),
    fullPage: true,
  });

  await page.getByLabel('Organisation name').fill('Oak House Care Ltd');
  await page.getByLabel('Contact name').fill('A. Manager');
  await page.getByLabel('Contact email').fill('manager@oakhouse.example');
  await page.getByLabel('CQC location ID (optional)').fill('1-123456789');
  await page.getByRole('radio', { name: 'Support with changes' }).check();
  await page.getByLabel('Comment 1 is about').selectOption('ld/2');
  await page
    .getByLabel('Comment 1', { exact: true })
    .fill('Band 2 night staffing costs more than this.');
  await page.getByRole('button', { name: 'Add a cost figure' }).click();
  await page.getByLabel('Cost 1: what it is').fill('Waking night staff');
  await page.getByLabel('Cost 1: amount (£)').fill('£812.50');
  await page.getByLabel('Cost 1 applies to').selectOption('ld/2');
  await page.getByRole('button', { name: 'Send response' }).click();
  await page.getByText('Thank you: your response has been received.').waitFor();
  await page.screenshot({
    path: path.join(screenshots, 'provider-page-phone-sent.png'),
    fullPage: true,
  });

  const { scenarios } = await listScenarios();
  const id = scenarios.find((x) => x.title === 'Phone check')!.id;
  const res = await fetch(`${baseUrl}/api/v1/scenarios/${id}/responses`, {
    headers: { authorization: s.auth('viewer') },
  });
  const { items } = (await res.json()) as { items: Array<Record<string, unknown>> };
  expect(items).toHaveLength(1);
  expect(items[0]).toMatchObject({
    organisationName: 'Oak House Care Ltd',
    position: 'support-with-changes',
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
  await page.context().close();
}, 60_000);

test('after the window closes the page says so and shows no form', async () => {
  const url = await shareScenario('Closed consultation', at(-48 * hour), at(-hour));
  const page = await openPage(url);
  await page.getByText(/This consultation closed on/).waitFor();
  await expect(page.locator('form').count()).resolves.toBe(0);
  await expect(page.getByRole('button', { name: 'Send response' }).count()).resolves.toBe(0);
  await page.screenshot({
    path: path.join(screenshots, 'provider-page-closed.png'),
    fullPage: true,
  });
  await page.context().close();
}, 60_000);

test('a revoked or unknown link shows a plain not-valid page', async () => {
  const page = await browser.newPage();
  const res = await page.goto(`${baseUrl}/s/${'A'.repeat(43)}`);
  expect(res?.status()).toBe(404);
  await page.getByRole('heading', { name: 'This link is not valid' }).waitFor();
  await page.close();
});

async function listScenarios() {
  const res = await fetch(`${baseUrl}/api/v1/scenarios`, {
    headers: { authorization: s.auth('viewer') },
  });
  const { items } = (await res.json()) as { items: Array<{ id: string; title: string }> };
  return { scenarios: items };
}
