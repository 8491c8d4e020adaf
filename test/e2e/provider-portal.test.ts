/**
 * End to end: the provider portal page (/p/:token) served by the real service (in process, PGlite
 * in memory), in headless Chromium at 390 px. A provider offers on a requirement through the
 * page (after the error summary on an empty send), the commissioner awards through the API, the
 * provider accepts the agreement, submits one receipt and disputes another, all in the page.
 * axe-core checks each state. Screenshots go to test-output/screenshots/.
 */
import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { expectAxeClean } from './axe';
import { buildUnlessFresh, launchChromium, root, screenshots } from './support';
import { startTestService, type TestService } from '../server/helpers';
import { BIRMINGHAM_2024, approvedCard } from '../server/calculate.fixtures';

const providerDir = path.join(root, 'dist/provider');

let s: TestService;
let server: Server;
let baseUrl: string;
let browser: Browser;
let token: string;

const api = async (method: string, url: string, body?: unknown, role = 'editor') => {
  const res = await fetch(`${baseUrl}${url}`, {
    method,
    headers: { authorization: s.auth(role as 'editor'), 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
};

beforeAll(async () => {
  buildUnlessFresh({
    output: path.join(providerDir, 'portal.html'),
    sources: ['server/src/packages/page', 'server/src/providerPages', 'server/src/scenarios/page'],
    lock: '/tmp/carefee-provider-build.lock',
    webpackArgs: [
      '--mode',
      'production',
      '-c',
      'server/src/scenarios/page/webpack.provider.config.mjs',
    ],
  });
  process.env.CAREFEE_PROVIDER_DIR = providerDir;
  mkdirSync(screenshots, { recursive: true });
  s = await startTestService();
  // The approved card names the category: "Older people residential", never its id.
  await approvedCard(s, BIRMINGHAM_2024);
  const editor = s.users.editor.principal;
  const home = await s.ctx.providers.createProvider(editor, { name: 'Oak house' });
  const location = await s.ctx.providers.addLocation(editor, home.id, {
    name: 'Oak house',
    serviceType: 'residential',
    categories: ['older-residential'],
  });
  await s.ctx.providers.recordInspection(editor, location.id, {
    date: '2025-02-01',
    body: 'CQC',
    kind: 'full',
    result: 'Good',
  });
  server = await new Promise<Server>((resolve) => {
    const listening = s.app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const link = await api('POST', '/api/v1/provider-links', {
    providerId: home.id,
    label: 'Oak care manager',
  });
  expect(link.status).toBe(201);
  token = link.body.token as string;
  browser = await launchChromium();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  await s?.close();
});

async function openPortal(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${baseUrl}/p/${token}`);
  await page.getByRole('heading', { level: 2, name: 'Service receipts' }).waitFor();
  expect(errors).toEqual([]);
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
  return page;
}

test('a provider offers, accepts the award and submits a receipt through the portal page', async () => {
  const created = await api('POST', '/api/v1/requirements', {
    personReference: 'P-000777',
    needs: { kind: 'category', category: 'older-residential' },
    specialistNeeds: 'Advanced dementia',
    sharedSummary: 'Older person with advanced dementia',
    category: 'older-residential',
    area: 'North',
    startDate: '2025-04-03',
    funding: 'council',
    closesAt: '2099-01-31T17:00:00.000Z',
    questions: [
      { id: 'dementia-care', text: 'Can you meet advanced dementia needs?', kind: 'mandatory' },
      { id: 'activities', text: 'Describe your activities programme', kind: 'open' },
    ],
  });
  expect(created.status).toBe(201);
  const requirementId = created.body.requirement.id as string;

  // The requirement as the provider sees it: needs, dates (en-GB), closing time, questions.
  let page = await openPortal();
  await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
    'Your care packages',
  );
  const card = page.getByRole('article', { name: 'Older person with advanced dementia' });
  const text = await card.innerText();
  expect(text).toMatch(/Needs\s+Older people residential/);
  expect(text).not.toContain('older-residential');
  expect(text).toMatch(/Starts\s+3 April 2025/);
  expect(text).toMatch(/Ends\s+No end date/);
  expect(text).toMatch(/Offers close\s+31 January 2099(,| at) 17:00 GMT/);
  expect(text).toMatch(/Question 1 \(must be yes\)\s+Can you meet advanced dementia needs\?/);
  expect(text).toMatch(/Your offer\s+None yet/);
  expect(text).not.toContain('P-000777');
  await expectAxeClean(page, 'portal, open requirement');

  // An empty send: the error summary names each problem and links to its field.
  await card.getByRole('button', { name: 'Make an offer' }).click();
  await card.getByRole('button', { name: 'Send offer' }).click();
  const summary = page.getByRole('alert').filter({ hasText: 'There is a problem' });
  await expect(summary.getByRole('link').allTextContents()).resolves.toEqual([
    'Confirm that you can meet these needs',
    'Enter the weekly cost, like 812.50',
    'Answer “Can you meet advanced dementia needs?”',
  ]);
  await expect(page.title()).resolves.toBe('Error: Your care packages');
  await expectAxeClean(page, 'portal, offer errors');

  await card.getByRole('textbox', { name: /Weekly cost/ }).fill('£1,234.567');
  await card.getByRole('button', { name: 'Send offer' }).click();
  await expect(summary.getByRole('link').nth(1).textContent()).resolves.toBe(
    'Weekly cost (£) must be pounds and pence more than zero, like 812.50. You entered “£1,234.567”.',
  );
  await card.getByRole('checkbox', { name: 'We can meet these needs' }).check();
  await card.getByRole('textbox', { name: /Weekly cost/ }).fill('812.50');
  await card.getByRole('radio', { name: 'Yes' }).check();
  await card
    .getByRole('textbox', { name: /Describe your activities programme/ })
    .fill('Daily music and garden sessions');
  await card.getByRole('button', { name: 'Send offer' }).click();
  await page.getByRole('heading', { level: 2, name: 'Offer sent' }).waitFor();
  await expect(page.getByText('£812.50', { exact: true }).first().isVisible()).resolves.toBe(true);
  await expect(card.innerText()).resolves.toMatch(/Your offer\s+£812.50 a week/);
  await expectAxeClean(page, 'portal, offer sent');
  await page.screenshot({
    path: path.join(screenshots, 'provider-portal-offer.png'),
    fullPage: true,
  });

  // The commissioner sees the offer, closes and awards through the API.
  const detail = await api('GET', `/api/v1/requirements/${requirementId}`, undefined, 'viewer');
  expect(
    detail.body.offers.map((o: { weeklyPrice: string; answers: unknown }) => [
      o.weeklyPrice,
      o.answers,
    ]),
  ).toEqual([
    [
      '812.50',
      [
        { questionId: 'dementia-care', answer: true },
        { questionId: 'activities', answer: 'Daily music and garden sessions' },
      ],
    ],
  ]);
  expect((await api('POST', `/api/v1/requirements/${requirementId}/close`)).status).toBe(200);
  const awarded = await api('POST', `/api/v1/requirements/${requirementId}/award`, {}, 'approver');
  expect(awarded.status).toBe(201);
  const agreementId = awarded.body.agreement.id as string;
  await page.context().close();

  // The provider accepts the agreement in the page.
  page = await openPortal();
  const ref = agreementId.slice(0, 8).toUpperCase();
  const pending = page.getByRole('article', { name: `Agreement ${ref}` });
  await expect(pending.innerText()).resolves.toMatch(
    /Care type\s+Older people residential\s+Starts\s+3 April 2025\s+Ends\s+No end date\s+Weekly cost\s+£812.50\s+Receipts\s+Every week/,
  );
  await expectAxeClean(page, 'portal, agreement pending');
  await pending.getByRole('button', { name: 'Accept agreement' }).click();
  await page.getByRole('heading', { level: 2, name: 'Agreement accepted' }).waitFor();
  await expect(
    page.getByText('Care starts on 3 April 2025 at £812.50 a week.').count(),
  ).resolves.toBe(1);
  const agreements = await api('GET', `/api/v1/agreements/${agreementId}`, undefined, 'viewer');
  expect(agreements.body.agreement.status).toBe('active');
  await page.context().close();

  // Receipts weekly to a Sunday: Thu 3 – Sun 6 April 4 × 812.50 ÷ 7 = 464.2857… → £464.29;
  // 7–13 April £812.50.
  const raised = await api('POST', `/api/v1/agreements/${agreementId}/receipts/raise`, {
    until: '2025-04-13',
  });
  expect(raised.status).toBe(201);
  expect(raised.body.items.map((r: { amount: string }) => r.amount)).toEqual(['464.29', '812.50']);

  page = await openPortal();
  const first = page.getByRole('article', { name: '3 April 2025 to 6 April 2025' });
  await expect(first.innerText()).resolves.toMatch(
    /Amount\s+£464.29\s+Status\s+Waiting for you to check/,
  );
  await first.getByRole('button', { name: 'Submit receipt' }).click();
  await page.getByRole('heading', { level: 2, name: 'Receipt submitted' }).waitFor();
  await expect(first.innerText()).resolves.toMatch(/Status\s+Submitted, waiting for approval/);

  // The second is disputed: a reason is required first.
  const second = page.getByRole('article', { name: '7 April 2025 to 13 April 2025' });
  await second.getByRole('button', { name: 'Dispute' }).click();
  await second.getByRole('button', { name: 'Dispute receipt' }).click();
  await expect(
    page
      .getByRole('alert')
      .filter({ hasText: 'There is a problem' })
      .getByRole('link')
      .textContent(),
  ).resolves.toBe('Enter what is wrong with this receipt');
  await expectAxeClean(page, 'portal, dispute error');
  await second
    .getByRole('textbox', { name: /What is wrong/ })
    .fill('Mrs B was in hospital on 9 and 10 April');
  await second.getByRole('button', { name: 'Dispute receipt' }).click();
  await page.getByRole('heading', { level: 2, name: 'Receipt disputed' }).waitFor();
  await expect(second.innerText()).resolves.toMatch(
    /Status\s+Disputed\s+Your reason\s+Mrs B was in hospital on 9 and 10 April/,
  );
  await expectAxeClean(page, 'portal, receipts');
  await page.screenshot({
    path: path.join(screenshots, 'provider-portal-receipts.png'),
    fullPage: true,
  });
  const receipts = await api(
    'GET',
    `/api/v1/receipts?agreementId=${agreementId}`,
    undefined,
    'viewer',
  );
  expect(
    receipts.body.items.map((r: { amount: string; status: string }) => [r.amount, r.status]),
  ).toEqual([
    ['464.29', 'pending-approval'],
    ['812.50', 'disputed'],
  ]);
  await page.context().close();
}, 180_000);

test('a revoked or mistyped link opens a readable page, not the portal', async () => {
  const res = await fetch(`${baseUrl}/p/not-a-real-link-at-all-000000000000000000`, {
    headers: { accept: 'text/html' },
  });
  expect(res.status).toBe(404);
  await expect(res.text()).resolves.toContain('This link is not valid');
  const json = await fetch(`${baseUrl}/p/not-a-real-link-at-all-000000000000000000`);
  expect(((await json.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
});
