/**
 * End to end, the task pane's Excel actions in Chromium: the real service (in process, PGlite,
 * demo data) serves the built add-in, and office.js is replaced by test/e2e/office-mock.js, so
 * Office says "Excel" and every Excel.run writes into a recording workbook the test reads back
 * cell by cell.
 *
 * Needs Chromium (CHROMIUM_PATH, default /usr/bin/chromium). Builds dist/addin first when it is
 * missing or older than the add-in or engine sources.
 */
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { expectAxeClean } from './axe';
import { buildUnlessFresh, launchChromium, root } from './support';
import { testConfig } from '../server/helpers';
import { openDatabase } from '../../server/src/platform/db/database';
import { migrate } from '../../server/src/platform/db/migrate';
import { createLogger } from '../../server/src/logger';
import { createContext } from '../../server/src/services';
import { createApp } from '../../server/src/app';
import { DEMO_TOKENS, seedDemo } from '../../server/src/demo/seed';
import { PROVIDER_TABLE_HEADERS } from '../../addin/src/taskpane/providers';

const addinDir = path.join(root, 'dist/addin');
const officeMock = readFileSync(path.join(__dirname, 'office-mock.js'), 'utf8');

/** More providers than one chunk of rows (200), so an insert has a middle to cancel in. */
const BULK_PROVIDERS = 600;
const AS_OF = '2025-10-15';

let server: Server;
let baseUrl: string;
let browser: Browser;
let closeDb: () => Promise<void>;

async function api<T>(pathAndQuery: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(`${baseUrl}${pathAndQuery}`, {
    ...init,
    headers: {
      Authorization: `Bearer ${DEMO_TOKENS.editor}`,
      'content-type': 'application/json',
      ...init.headers,
    },
  });
  if (!res.ok) throw new Error(`${pathAndQuery}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

beforeAll(async () => {
  buildUnlessFresh({
    output: path.join(addinDir, 'taskpane.html'),
    sources: ['addin', 'shared/src', 'webpack.config.js', 'manifest.xml'],
    lock: '/tmp/carefee-addin-build.lock',
    webpackArgs: ['--mode', 'development'],
    env: { ...process.env, CAREFEE_OFFICE_JS: 'local' },
  });
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
  for (let i = 0; i < BULK_PROVIDERS; i += 20)
    await Promise.all(
      Array.from({ length: Math.min(20, BULK_PROVIDERS - i) }, (_, j) =>
        api('/api/v1/providers', {
          method: 'POST',
          body: JSON.stringify({ name: `Bulk Care ${String(i + j + 1).padStart(3, '0')}` }),
        }),
      ),
    );
  // Ivy Lodge Care's insurance, on an enrolment, expires a fortnight after AS_OF.
  const framework = await api<{ id: string }>('/api/v1/enrolment-frameworks', {
    method: 'POST',
    headers: { Authorization: `Bearer ${DEMO_TOKENS.admin}` },
    body: JSON.stringify({ name: 'Care homes DPS' }),
  });
  const ivy = await api<{ items: { id: string }[] }>('/api/v1/providers?q=Ivy');
  const enrolment = await api<{ id: string }>('/api/v1/enrolments', {
    method: 'POST',
    body: JSON.stringify({
      providerId: ivy.items[0]!.id,
      frameworkId: framework.id,
      appliedOn: '2025-01-06',
    }),
  });
  await api(`/api/v1/enrolments/${enrolment.id}/evidence`, {
    method: 'POST',
    body: JSON.stringify({
      criterion: 'insurance',
      evidence: 'Employer and public liability policy PL-0001',
      expiresOn: '2025-10-29',
    }),
  });
  browser = await launchChromium();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  await closeDb?.();
});

/** The pane as Excel opens it (office.js is the mock), connected as the demo editor. */
async function openPaneInExcel(): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 340, height: 1000 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.route('**/office-js/office.js', (route) =>
    route.fulfill({ contentType: 'application/javascript', body: officeMock }),
  );
  await page.goto(`${baseUrl}/addin/taskpane.html`);
  await page.getByLabel('Service URL').fill(baseUrl);
  await page.getByLabel('Access token').fill(DEMO_TOKENS.editor);
  await page.getByRole('button', { name: 'Connect' }).click();
  await page.getByRole('list', { name: 'Rate cards' }).waitFor({ timeout: 20_000 });
  expect(await page.getByText('Read-only preview').count()).toBe(0);
  return { page, errors };
}

interface MockSheet {
  name: string;
  cells: Record<string, { value?: unknown; formula?: string }>;
  formats: Record<string, string>;
  tables: { address: string; name: string; hasHeaders: boolean }[];
}

const sheets = (page: Page) =>
  page.evaluate(
    () =>
      (window as unknown as { __workbook: { sheets: MockSheet[] } }).__workbook.sheets.map(
        ({ name, cells, formats, tables }) => ({ name, cells, formats, tables }),
      ) as MockSheet[],
  );

/** A row of the sheet, columns A onwards, as written (a formula, else the value). */
function rowOf(sheet: MockSheet, row: number, width: number): unknown[] {
  return Array.from({ length: width }, (_, c) => {
    const cell = sheet.cells[`${String.fromCharCode(65 + c)}${row}`];
    return cell?.formula ?? cell?.value;
  });
}

interface Listed {
  items: {
    name: string;
    standing: { rating: string | null; reasons: string[]; stage: string | null };
  }[];
  total: number;
}

test('Providers: search, a provider with the reasons for its rating, its stage and the evidence it owes; axe clean', async () => {
  const { page, errors } = await openPaneInExcel();
  await page.getByRole('tab', { name: 'Providers' }).click();
  await page.getByRole('list', { name: 'Providers' }).waitFor({ timeout: 20_000 });
  await expectAxeClean(page, 'task pane, providers');

  await page.getByLabel('Name, company number or CQC ID').fill('Ivy');
  await page.getByLabel('Standing on').fill(AS_OF);
  await page.getByRole('button', { name: 'Search' }).click();
  await page.getByText(`1 providers matching "Ivy", standing on ${AS_OF}.`).waitFor();
  const list = page.getByRole('list', { name: 'Providers' });
  expect(await list.getByRole('listitem').count()).toBe(1);
  await list.getByText('Bronze (−3% on new packages)').waitFor();

  await page.getByRole('button', { name: 'Details for Ivy Lodge Care' }).click();
  const detail = page.getByRole('region', { name: 'Provider: Ivy Lodge Care' });
  await detail.waitFor();
  // The reasons are the record's own, in its order.
  const standing = await api<{ reasons: string[] }>(`/api/v1/standing/1-9000000003?asOf=${AS_OF}`);
  expect(standing.reasons.length).toBeGreaterThan(0);
  const reasons = detail.getByRole('list', { name: "Reasons for Ivy Lodge Care's rating" });
  expect(await reasons.getByRole('listitem').allInnerTexts()).toEqual(standing.reasons);
  expect(standing.reasons.join(' ')).toContain('2025-09-01');
  // The improvement plan's deadline passed unvalidated: evidence due, overdue on that date.
  const due = detail.getByRole('list', { name: 'Evidence due for Ivy Lodge', exact: true });
  await due.getByRole('listitem').first().waitFor(); // read after the detail opens
  expect(await due.getByRole('listitem').allInnerTexts()).toEqual([
    'Improvement plan (opened 2025-03-10) validated: due 2025-09-01 (overdue)',
  ]);
  // Enrolment evidence from the expiring-evidence report: the insurance lapses on 29 October.
  const enrolment = detail.getByRole('list', { name: 'Enrolment evidence due for Ivy Lodge Care' });
  await enrolment.getByRole('listitem').first().waitFor();
  expect(await enrolment.getByRole('listitem').allInnerTexts()).toEqual([
    'Insurance (Care homes DPS) expires 2025-10-29',
  ]);
  await expectAxeClean(page, 'task pane, provider detail');

  // A provider under Contract Suspension says so, and its missing statement is due.
  await page.getByRole('button', { name: '← All providers' }).click();
  await page.getByLabel('Name, company number or CQC ID').fill('Willow');
  await page.getByRole('button', { name: 'Search' }).click();
  await page.getByText(`1 providers matching "Willow", standing on ${AS_OF}.`).waitFor();
  await page.getByRole('button', { name: 'Details for Willow Home Support' }).click();
  const willow = page.getByRole('region', { name: 'Provider: Willow Home Support' });
  await willow.getByText('Contract Suspension', { exact: true }).waitFor();
  await willow
    .getByText('Suspended: no new package can be priced, offered or awarded', { exact: true })
    .waitFor();
  await page.getByRole('button', { name: '← All providers' }).click();
  await page.getByLabel('Name, company number or CQC ID').fill('Sycamore');
  await page.getByRole('button', { name: 'Search' }).click();
  await page.getByRole('button', { name: 'Details for Sycamore Care' }).click();
  const sycamore = page.getByRole('list', { name: 'Evidence due for Sycamore View', exact: true });
  await sycamore.getByRole('listitem').first().waitFor();
  expect(await sycamore.getByRole('listitem').allInnerTexts()).toEqual([
    'Six-monthly assurance statement: due 2025-10-01 (overdue)',
  ]);
  expect(errors).toEqual([]);
  await page.context().close();
}, 120_000);

test('Providers: the whole list goes into the workbook as a table, chunk by chunk; Cancel removes a partial sheet', async () => {
  const { page, errors } = await openPaneInExcel();
  await page.getByRole('tab', { name: 'Providers' }).click();
  await page.getByLabel('Standing on').fill(AS_OF);
  await page.getByRole('button', { name: 'Search' }).click();
  const pages = [0, 500].map((offset) =>
    api<Listed>(`/api/v1/providers?limit=500&offset=${offset}&asOf=${AS_OF}`),
  );
  const [first, second] = await Promise.all(pages);
  const listed = { total: first!.total, items: [...first!.items, ...second!.items] };
  expect(listed.total).toBe(BULK_PROVIDERS + 11);
  expect(listed.items).toHaveLength(listed.total);
  await page
    .getByText(`${listed.total} providers, standing on ${AS_OF}`, { exact: false })
    .waitFor();

  await page.getByRole('button', { name: 'Insert provider list as a table' }).click();
  await page
    .getByText(
      `${listed.total} providers inserted on sheet "Providers ${AS_OF}" (table T_Providers_2025_10_15).`,
    )
    .waitFor({ timeout: 30_000 });
  const [, sheet] = await sheets(page);
  expect(sheet!.name).toBe(`Providers ${AS_OF}`);
  expect(sheet!.cells.A1).toEqual({ value: 'Providers from the carefee record' });
  const width = PROVIDER_TABLE_HEADERS.length;
  expect(rowOf(sheet!, 4, width)).toEqual(PROVIDER_TABLE_HEADERS);
  // One row per provider, in the service's order, with its standing on the date.
  listed.items.forEach((p, i) => expect(sheet!.cells[`A${5 + i}`]?.value).toBe(p.name));
  const ivy = listed.items.findIndex((p) => p.name === 'Ivy Lodge Care');
  expect(rowOf(sheet!, 5 + ivy, width)).toEqual([
    'Ivy Lodge Care',
    '',
    '',
    'Ivy Lodge',
    '1-9000000003',
    'Bronze',
    'Yes',
    'No',
    '',
    listed.items[ivy]!.standing.reasons.join('; '),
    AS_OF,
  ]);
  const willow = listed.items.findIndex((p) => p.name === 'Willow Home Support');
  expect(rowOf(sheet!, 5 + willow, width).slice(5, 9)).toEqual([
    listed.items[willow]!.standing.rating,
    'No',
    'Yes',
    'Contract Suspension',
  ]);
  expect(sheet!.formats[`K5`]).toBe('yyyy-mm-dd');
  expect(sheet!.tables).toEqual([
    {
      address: `A4:K${4 + listed.total}`,
      hasHeaders: true,
      name: 'T_Providers_2025_10_15',
      sheet: `Providers ${AS_OF}`,
    },
  ]);

  // Slow the workbook down, start again, and cancel after the first chunk of 200 rows.
  await page.evaluate(() => ((window as unknown as { __syncDelayMs: number }).__syncDelayMs = 700));
  await page.getByRole('button', { name: 'Insert provider list as a table' }).click();
  await page.getByText(`200 of ${listed.total} rows`).waitFor({ timeout: 30_000 });
  await page.getByRole('button', { name: 'Cancel' }).click();
  // Cancel takes effect between chunks: after the chunk being written when it was pressed.
  const cancelled = page.getByText(
    new RegExp(
      `^Cancelled after [24]00 of ${listed.total} rows; the partial sheet was removed\\.$`,
    ),
  );
  await cancelled.waitFor({ timeout: 30_000 });
  await expectAxeClean(page, 'task pane, provider list insert cancelled');
  expect((await sheets(page)).map((s) => s.name)).toEqual(['Sheet1', `Providers ${AS_OF}`]);
  expect(errors).toEqual([]);
  await page.context().close();
}, 180_000);

/** Today as the browser and this machine see it (both local time). */
function localToday(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

test('Live agreements: a table with the agreed price beside a live =CARE.FEE on the card, and =CARE.COMMITMENT for the year', async () => {
  const { page, errors } = await openPaneInExcel();
  await page
    .getByRole('button', { name: 'View Demo City care home rates 2025/26 version 1' })
    .click();
  await page.getByRole('button', { name: 'Insert live agreements' }).click();
  const today = localToday();
  await page
    .getByText(
      `2 live agreements inserted on sheet "Agreements ${today}" (table T_Agreements_${today.replace(/-/g, '_')}); their card fees are =CARE.FEE formulas on demo-care-homes.`,
    )
    .waitFor({ timeout: 30_000 });
  await expectAxeClean(page, 'task pane, live agreements inserted');

  const sheet = (await sheets(page)).find((s) => s.name === `Agreements ${today}`)!;
  const [year, month] = today.split('-').map(Number) as [number, number];
  const fy = month >= 4 ? year : year - 1; // financial years start on 1 April
  expect(rowOf(sheet, 1, 2)).toEqual([`Live service agreements on ${today}: 2`, '']);
  expect(rowOf(sheet, 2, 2)).toEqual(['Rate card', 'demo-care-homes']);
  expect(rowOf(sheet, 3, 2)).toEqual([
    `Commitment ${fy}/${String((fy + 1) % 100).padStart(2, '0')}`,
    `=CARE.COMMITMENT(${fy})`,
  ]);
  expect(sheet.formats.B3).toBe('"£"#,##0.00');
  expect(rowOf(sheet, 6, 12)).toEqual([
    'Agreement',
    'Person reference',
    'Provider',
    'Provider or location',
    'Category',
    'Band',
    'Funding',
    'Start date',
    'End date',
    'Agreed weekly price',
    'Card weekly fee',
    'Agreed minus card',
  ]);
  // The demo's two live agreements, both won by Oak House Care, oldest first.
  const live = await api<{ items: { id: string; providerId: string }[] }>(
    '/api/v1/agreements?status=active',
  );
  expect(live.items).toHaveLength(2);
  const [a, b] = live.items as [
    { id: string; providerId: string },
    { id: string; providerId: string },
  ];
  expect(rowOf(sheet, 7, 12)).toEqual([
    a.id,
    'DEMO-0001',
    'Oak House Care (demo)',
    a.providerId,
    'op-residential',
    '',
    'council',
    '2025-04-03',
    '',
    880,
    '=CARE.FEE($B$2,E7,F7,D7,H7)',
    '=J7-K7',
  ]);
  expect(rowOf(sheet, 8, 12)).toEqual([
    b.id,
    'DEMO-0002',
    'Oak House Care (demo)',
    b.providerId,
    'ld',
    '2',
    'chc',
    '2025-06-02',
    '',
    1250,
    '=CARE.FEE($B$2,E8,F8,D8,H8)',
    '=J8-K8',
  ]);
  for (const cell of ['H7', 'I8']) expect(sheet.formats[cell]).toBe('yyyy-mm-dd');
  for (const cell of ['J7', 'K7', 'L8']) expect(sheet.formats[cell]).toBe('"£"#,##0.00');
  expect(sheet.tables.map((t) => t.address)).toEqual(['A6:L8']);
  expect(errors).toEqual([]);
  await page.context().close();
}, 120_000);
