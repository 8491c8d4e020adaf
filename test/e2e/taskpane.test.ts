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
  await page.screenshot({ path: path.join(screenshots, 'taskpane-schedule.png'), fullPage: true });

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

test('consultations: a scenario shared with providers is listed with its response summary', async () => {
  const day = 24 * 3600 * 1000;
  const created = await fetch(`${baseUrl}/api/v1/scenarios`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${DEMO_TOKENS.editor}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({
      title: 'Demo care homes 2026/27 proposal',
      baseCard: { id: 'demo-care-homes', version: 1 },
      proposed: { uplift: { reviewYear: 2026, cpihChange: '0.02', nlwChange: '0.041' } },
      opensAt: new Date(Date.now() - day).toISOString(),
      closesAt: new Date(Date.now() + 30 * day).toISOString(),
    }),
  });
  expect(created.status).toBe(201);

  const { page, errors } = await openPane();
  await connect(page, DEMO_TOKENS.viewer);
  await page.getByRole('tab', { name: 'Consultations' }).click();
  const list = page.getByRole('list', { name: 'Consultations' });
  const item = list.getByRole('listitem').filter({ hasText: 'Demo care homes 2026/27 proposal' });
  await item.waitFor({ timeout: 20_000 });
  const text = await item.innerText();
  expect(text).toMatch(/\bopen\b/);
  expect(text).toContain('demo-care-homes version 1');
  await page.getByRole('button', { name: 'Responses to Demo care homes 2026/27 proposal' }).click();
  await page.getByText('0 responses: support 0, support with changes 0, oppose 0').waitFor();
  await page.screenshot({
    path: path.join(screenshots, 'taskpane-consultations.png'),
    fullPage: true,
  });
  expect(errors).toEqual([]);
  await page.context().close();
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
