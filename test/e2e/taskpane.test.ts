/**
 * End to end: the real service (in process, PGlite in memory, demo data seeded) serves the built
 * add-in; headless Chromium opens the task pane as a plain browser page, where there is no Excel
 * host, so the pane runs in read-only preview mode. It connects with a demo token and lists the
 * demo organisation's cards, with schedules priced by the engine.
 *
 * Needs Chromium (CHROMIUM_PATH, default /usr/bin/chromium). Builds dist/addin first when it is
 * missing or older than the add-in or engine sources.
 */
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import ExcelJS from 'exceljs';
import { expectAxeClean } from './axe';
import { buildUnlessFresh, launchChromium, root, screenshots } from './support';
import { feeSchedule, parseRateCard, upliftCard } from '../../shared/src';
import { testConfig } from '../server/helpers';
import { openDatabase } from '../../server/src/platform/db/database';
import { migrate } from '../../server/src/platform/db/migrate';
import { createLogger } from '../../server/src/logger';
import { createContext } from '../../server/src/services';
import { createApp } from '../../server/src/app';
import { DEMO_CARDS, DEMO_ORGANISATION, DEMO_TOKENS, seedDemo } from '../../server/src/demo/seed';

const addinDir = path.join(root, 'dist/addin');

/** Build the add-in (local office.js, no CDN) unless dist/addin is newer than every source. */
function ensureBuilt() {
  buildUnlessFresh({
    output: path.join(addinDir, 'taskpane.html'),
    sources: ['addin', 'shared/src', 'webpack.config.js', 'manifest.xml'],
    lock: '/tmp/carefee-addin-build.lock',
    webpackArgs: ['--mode', 'development'],
    env: { ...process.env, CAREFEE_OFFICE_JS: 'local' },
  });
}

let server: Server;
let baseUrl: string;
let browser: Browser;
let closeDb: () => Promise<void>;

beforeAll(async () => {
  ensureBuilt();
  const config = testConfig({ addinDir });
  const db = await openDatabase(config);
  closeDb = () => db.close();
  await migrate(db);
  const ctx = createContext(config, db, createLogger('silent'));
  expect(await seedDemo(ctx)).not.toBeNull();
  const app = createApp(ctx);
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  await closeDb?.();
});

/** A narrow page like Excel's task pane, failing the test on any script error. */
async function openPane(): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 340, height: 1000 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${baseUrl}/addin/taskpane.html`);
  return { page, errors };
}

async function connect(page: Page, token: string) {
  await page.getByLabel('Service URL').fill(baseUrl);
  await page.getByLabel('Access token').fill(token);
  await page.getByRole('button', { name: 'Connect' }).click();
}

const titles = DEMO_CARDS.map((c) => c.title);

test('in a plain browser the pane opens read-only, connects with a demo token and lists the demo cards', async () => {
  const { page, errors } = await openPane();
  await page.getByText('Read-only preview').waitFor({ timeout: 20_000 });
  await expectAxeClean(page, 'task pane, connect');
  // Loaded from the service's /addin/, the pane suggests that service's address.
  await page.waitForFunction(
    (url) => document.querySelector<HTMLInputElement>('input[type=url]')?.value === url,
    baseUrl,
    { timeout: 10_000 },
  );
  // By keyboard alone: Tab from the address to the token, Enter submits.
  await page.getByLabel('Service URL').focus();
  await page.keyboard.press('Tab');
  await page.keyboard.type(DEMO_TOKENS.editor);
  await page.keyboard.press('Enter');

  const list = page.getByRole('list', { name: 'Rate cards' });
  await list.waitFor({ timeout: 20_000 });
  await expectText(page, `${DEMO_ORGANISATION} · Demo Editor (editor)`);
  for (const title of titles) await list.getByText(title, { exact: true }).waitFor();
  const approved = await list.getByText('approved', { exact: true }).count();
  expect(approved).toBe(titles.length);

  await expectAxeClean(page, 'task pane, cards');
  mkdirSync(screenshots, { recursive: true });
  await page.screenshot({ path: path.join(screenshots, 'taskpane.png'), fullPage: true });

  // A schedule, priced in the browser by the same engine: the first row's Silver fee.
  const banded = parseRateCard(DEMO_CARDS[0]);
  const first = feeSchedule(banded)[0]!;
  await page.getByRole('button', { name: `View ${banded.title} version 1` }).click();
  const table = page.getByRole('table', { name: `Weekly fees, ${banded.title} version 1` });
  await table.waitFor();
  expect(await table.getByRole('row').count()).toBe(feeSchedule(banded).length + 1);
  expect(await table.getByRole('row').nth(1).innerText()).toContain(`£${first.silver}`);
  // No Excel: nothing can be written, and the pane says why.
  expect(await page.getByRole('button', { name: 'Insert schedule' }).isDisabled()).toBe(true);
  await page.getByText(/Open this pane in Excel to insert into a workbook/).waitFor();
  await expectAxeClean(page, 'task pane, card schedule');
  await page.screenshot({ path: path.join(screenshots, 'taskpane-schedule.png'), fullPage: true });

  expect(errors).toEqual([]);
  await page.context().close();
}, 60_000);

test('at 320 px, every amount in a schedule is shown whole, right-aligned under its right-aligned heading', async () => {
  const banded = parseRateCard(DEMO_CARDS[0]);
  const { page, errors } = await openPane();
  await page.setViewportSize({ width: 320, height: 1000 });
  await connect(page, DEMO_TOKENS.editor);
  await page.getByRole('button', { name: `View ${banded.title} version 1` }).click();
  const table = page.getByRole('table', { name: `Weekly fees, ${banded.title} version 1` });
  await table.waitFor();
  const layout = await table.evaluate((t) => {
    const box = (e: Element) => e.getBoundingClientRect();
    const headers = [...t.querySelectorAll('th')].slice(1).map((th) => {
      const text = th.querySelector('.fui-TableHeaderCell__button')!;
      const range = document.createRange();
      range.selectNodeContents(text);
      return { cell: box(th).right, text: range.getBoundingClientRect().right };
    });
    const cells = [...t.querySelectorAll('tbody td')].filter((_, i) => i % 4 !== 0);
    return {
      headers,
      // A figure is clipped or spills when its content is wider than its cell.
      clipped: cells.filter((c) => c.scrollWidth > c.clientWidth).map((c) => c.textContent),
      figures: cells.map((c) => {
        const range = document.createRange();
        range.selectNodeContents(c);
        return { cell: box(c).right, text: range.getBoundingClientRect().right };
      }),
    };
  });
  expect(layout.clipped).toEqual([]);
  // Heading text and figures end at the same right padding of their cells.
  for (const h of layout.headers) expect(h.cell - h.text).toBeLessThan(12);
  for (const f of layout.figures) expect(f.cell - f.text).toBeLessThan(12);
  expect(errors).toEqual([]);
  await page.context().close();
}, 60_000);

test('price review in the browser: the engine previews it, and an editor saves it to the service as a draft', async () => {
  const banded = parseRateCard(DEMO_CARDS[0]);
  const { page, errors } = await openPane();
  await connect(page, DEMO_TOKENS.editor);
  await page.getByRole('button', { name: `View ${banded.title} version 1` }).click();
  await page.getByRole('table', { name: `Weekly fees, ${banded.title} version 1` }).waitFor();
  await page.getByRole('tab', { name: 'Price review' }).click();
  await page.getByLabel('Review year').fill('2026');
  await page.getByLabel('CPIH change').fill('0.02');
  await page.getByLabel('NLW change').fill('0.041');
  const review = upliftCard(banded, { reviewYear: 2026, cpihChange: '0.02', nlwChange: '0.041' });
  const preview = page.getByRole('region', { name: 'Uplift preview' });
  await preview.waitFor();
  expect(await preview.innerText()).toContain(`£${review.card.hotelCost}`);
  await page.getByRole('button', { name: 'Save as draft card' }).click();
  await page.getByText(`Saved as draft: ${banded.id} version 2`).waitFor({ timeout: 20_000 });
  await expectAxeClean(page, 'task pane, price review');
  await page.screenshot({ path: path.join(screenshots, 'taskpane-review.png'), fullPage: true });

  // The service stored the engine's figures: the same hotel cost as the preview.
  const stored = await fetch(`${baseUrl}/api/v1/rate-cards/${banded.id}/versions/2`, {
    headers: { Authorization: `Bearer ${DEMO_TOKENS.viewer}` },
  });
  const body = (await stored.json()) as { card: { hotelCost: string }; meta: { status: string } };
  expect(body.meta.status).toBe('draft');
  expect(body.card.hotelCost).toBe(review.card.hotelCost);
  expect(errors).toEqual([]);
  await page.context().close();
}, 60_000);

test('a consultation end to end from the pane: create from a price review, share a link, a response arrives with its cost evidence, export, revoke; axe clean', async () => {
  const { page, errors } = await openPane();
  await connect(page, DEMO_TOKENS.editor);
  await page.getByRole('tab', { name: 'Consultations' }).click();
  await page.getByRole('button', { name: 'New consultation' }).click();
  await page.getByLabel(/CPIH change/).fill('0.02');
  await page.getByLabel(/NLW change/).fill('0.041');
  await page.getByLabel('Title providers see').fill('Pane consultation 2026/27');
  await expectAxeClean(page, 'task pane, new consultation');
  await page.getByRole('button', { name: 'Create consultation' }).click();

  const detail = page.getByRole('region', { name: 'Consultation: Pane consultation 2026/27' });
  await detail.waitFor({ timeout: 20_000 });
  const item = page
    .getByRole('list', { name: 'Consultations' })
    .getByRole('listitem')
    .filter({ hasText: 'Pane consultation 2026/27' })
    .first();
  // en-GB dates: "Open 30 November 2026 to 28 December 2026".
  expect(await item.innerText()).toMatch(
    /Open \d{1,2} [A-Z][a-z]+ \d{4} to \d{1,2} [A-Z][a-z]+ \d{4}/,
  );

  await detail.getByLabel(/Link label/).fill('Provider forum');
  await detail.getByLabel(/Link expires/).fill('2099-01-31');
  await detail.getByRole('button', { name: 'Make a share link' }).click();
  const made = detail.getByTestId('new-link');
  await made.waitFor();
  const url = (await made.innerText()).match(/https?:\/\/\S+\/s\/([A-Za-z0-9_-]{43})/)!;
  const token = url[1]!;
  await detail.getByText('active until 31 January 2099 · 0 views').waitFor();
  await expectAxeClean(page, 'task pane, consultation with a new link');

  // A provider responds through the link.
  const sent = await fetch(`${baseUrl}/s/${token}/responses`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      organisationName: 'Oak House Care Ltd',
      contactName: 'A. Manager',
      contactEmail: 'manager@oakhouse.example',
      position: 'support-with-changes',
      comments: [{ text: 'Night staffing costs more than this.' }],
      costEvidence: [{ description: 'Waking night staff', amount: '812.50', unit: 'per-week' }],
    }),
  });
  expect(sent.status).toBe(201);
  const { response } = (await sent.json()) as { response: { reference: string } };
  await detail.getByRole('button', { name: 'Check now' }).click();
  const responses = detail.getByRole('list', {
    name: 'Responses received for Pane consultation 2026/27',
  });
  await responses.waitFor();
  const text = await responses.innerText();
  expect(text).toContain('Oak House Care Ltd: support with changes');
  expect(text).toContain(`Reference ${response.reference}`);
  expect(text).toContain('Cost evidence, General: Waking night staff, £812.50 a week');
  await detail.getByText('1 response: support 0, support with changes 1, oppose 0').waitFor();
  await expectAxeClean(page, 'task pane, consultation with a response');
  mkdirSync(screenshots, { recursive: true });
  await page.screenshot({
    path: path.join(screenshots, 'taskpane-consultations.png'),
    fullPage: true,
  });

  // Export: no Excel in a plain browser, so the worksheet button says why; the xlsx downloads.
  expect(await detail.getByRole('button', { name: 'To a new worksheet' }).isDisabled()).toBe(true);
  const download = page.waitForEvent('download');
  await detail.getByRole('button', { name: 'Download .xlsx' }).click();
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile((await (await download).path())!);
  const sheet = wb.getWorksheet('Responses')!;
  expect(sheet.getCell('A2').value).toBe(response.reference);
  expect(sheet.getCell('E2').value).toBe('Oak House Care Ltd');

  // Revoke: the link stops opening the proposal at once.
  await detail.getByRole('button', { name: 'Revoke link Provider forum' }).click();
  await detail.getByText(/revoked \d{1,2} [A-Z][a-z]+ \d{4}/).waitFor();
  expect((await fetch(`${baseUrl}/s/${token}/data`)).status).toBe(404);
  expect(errors).toEqual([]);
  await page.context().close();
}, 120_000);

test('the help page is axe clean', async () => {
  const page = await browser.newPage();
  const res = await page.goto(`${baseUrl}/addin/assets/help.html`);
  expect(res?.status()).toBe(200);
  await expectAxeClean(page, 'help page');
  await page.close();
}, 60_000);

test('a refused token, a wrong address and no answer are each explained, and the cards stay closed', async () => {
  const { page, errors } = await openPane();
  await connect(page, 'cf_not_a_real_token');
  await page.getByText('Token refused').waitFor({ timeout: 20_000 });
  expect(await page.getByRole('tab', { name: 'Cards' }).isDisabled()).toBe(true);

  // Something answers there, but not the carefee API (the add-in's static files).
  await page.getByLabel('Service URL').fill(`${baseUrl}/addin`);
  await page.getByLabel('Access token').fill(DEMO_TOKENS.viewer);
  await page.getByRole('button', { name: 'Connect' }).click();
  await page.getByText('Not a carefee service').waitFor({ timeout: 20_000 });

  // Nothing listening at all.
  await page.getByLabel('Service URL').fill('http://127.0.0.1:9');
  await page.getByRole('button', { name: 'Connect' }).click();
  await page.getByText('Cannot reach the service').waitFor({ timeout: 30_000 });
  expect(await page.getByRole('tab', { name: 'Cards' }).isDisabled()).toBe(true);
  expect(errors).toEqual([]);
  await page.context().close();
}, 60_000);

async function expectText(page: Page, text: string) {
  await page.getByText(text, { exact: true }).first().waitFor({ timeout: 10_000 });
}
