/**
 * The built add-in, loaded the way Excel's runtime loads it: webpack builds dist-like output
 * (production mode, as `npm run build`; in a child process, as webpack is slow under jest), then functions.js runs in a fresh JavaScript context
 * whose only Office globals are a fake CustomFunctions (recording associate) and
 * OfficeRuntime.storage, with a fake carefee service as fetch. Every id in the generated
 * functions.json must be associated by the bundle, and the functions must answer by id.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import vm from 'node:vm';
import type webpack from 'webpack';
import { memoryStore } from '../../addin/src/core/storage';
import { fakeService, installFakeRuntime, invoke, type Registry } from './functions.fixtures';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const makeConfig = require('../../webpack.config.js') as ((
  env: Record<string, string>,
  argv: { mode: string },
) => webpack.Configuration) & {
  manifestFor: (xml: string, target: { base: string; origin: string }) => string;
  baseUrlFrom: (value?: string) => { base: string; origin: string };
  versionedManifest: (xml: string, functionsJson: string) => string;
};

const out = mkdtempSync(join(tmpdir(), 'carefee-addin-'));
let registry: Registry;
let service: ReturnType<typeof fakeService>;
let metadata: { functions: Array<{ id: string }> };

beforeAll(async () => {
  const args = [
    'node_modules/webpack-cli/bin/cli.js',
    '--mode',
    'production',
    '--env',
    `outDir=${out}`,
    '--env',
    'pane=false',
    '--env',
    'officeJs=local',
    '--env',
    'baseUrl=https://carefee.example.org/prod',
  ];
  const build = await new Promise<{ code: number | null; output: string }>((resolve) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('close', (code) => resolve({ code, output }));
  });
  expect(build.code === 0 ? '' : build.output).toBe('');

  service = fakeService();
  const sandbox: Record<string, unknown> = {
    console,
    setTimeout,
    clearTimeout,
    AbortController,
    URL,
    fetch: service.fetch,
    OfficeRuntime: {
      storage: memoryStore({
        'carefee.serviceUrl': 'https://carefee.test',
        'carefee.token': 'tok',
      }),
    },
  };
  registry = installFakeRuntime(sandbox);
  const context = vm.createContext(sandbox);
  vm.runInContext('var self = globalThis, window = globalThis;', context);
  vm.runInContext(readFileSync(join(out, 'functions.js'), 'utf8'), context, {
    filename: 'functions.js',
  });
  metadata = JSON.parse(readFileSync(join(out, 'functions.json'), 'utf8'));
}, 300_000);

afterAll(() => rmSync(out, { recursive: true, force: true }));

const call = (id: string, ...args: unknown[]) => invoke(registry, id, ...args);

it('associates exactly the functions in the generated functions.json', () => {
  // One entry per @customfunction in the source, however many there are.
  const declared = readFileSync(
    join(__dirname, '../../addin/src/functions/functions.ts'),
    'utf8',
  ).match(/@customfunction /g)!.length;
  expect(metadata.functions.length).toBe(declared);
  expect(declared).toBeGreaterThanOrEqual(15);
  // Help links point at the deployment's help page, one section per function.
  for (const f of metadata.functions as Array<{ id: string; helpUrl?: string }>)
    expect(f.helpUrl).toBe(
      `https://carefee.example.org/prod/addin/assets/help.html#care-${f.id.toLowerCase()}`,
    );
  expect([...registry.keys()].sort()).toEqual(metadata.functions.map((f) => f.id).sort());
  // The built help page: a section generated per function from this functions.json, no markers.
  const help = readFileSync(join(out, 'assets/help.html'), 'utf8');
  expect([...help.matchAll(/<section id="?care-([a-z]+)"?>/g)].map((m) => m[1]).sort()).toEqual(
    metadata.functions.map((f) => f.id.toLowerCase()).sort(),
  );
  expect(help).not.toContain('carefee:function');
});

it('calculates from a fetched card, with one request for many cells', async () => {
  const cells = await Promise.all(
    Array.from({ length: 50 }, () =>
      call('FEE', 'bham-care-homes', 'residential', null, 'Gold', '2026-06-01'),
    ),
  );
  expect(new Set(cells)).toEqual(new Set([591.63]));
  expect(service.state.requests).toBe(1);
  expect(service.state.urls[0]).toBe(
    'https://carefee.test/api/v1/rate-cards/bham-care-homes/family',
  );
  expect(await call('FEE', 'bham-care-homes', 'residential', null, null, '2026-06-01')).toBe(
    580.03,
  );
  expect(await call('PRICEREVIEW', 348.43, 231.6, 0.109, 0.014)).toEqual([
    ['New hotel', 'New care', 'New total'],
    [386.41, 234.84, 621.25],
  ]);
  // Numbers as Excel shows them: 77.65*7 is 543.55 and 5.8/100 is 0.058.
  expect(await call('QUALITY', 77.65 * 7, 'Gold')).toBe(554.42);
  expect(await call('UPLIFT', 197.5, 5.8 / 100)).toBe(208.96);
  expect(
    await call('FEE', 'bham-care-homes', 'Older People Residential', null, null, '2026-06-01'),
  ).toBe(580.03);
  expect(await call('VERSION', 'bham-care-homes', '2026-06-01')).toBe(
    'bham-care-homes v3, approved 2026-03-01 by Alex Approver, in force from 2026-04-01',
  );
});

it('shows Excel errors with the engine message', async () => {
  expect(
    await call('FEE', 'bham-care-homes', 'residential', null, 'Inadequate', '2026-06-01'),
  ).toEqual({
    error: '#VALUE!',
    message: 'an Inadequate provider is suspended from new packages and cannot be priced',
  });
  expect(await call('FEE', 'bham-care-homes', 'nursing', null, null, '2026-06-01')).toMatchObject({
    error: '#VALUE!',
    message: expect.stringMatching(
      /^category "nursing" is not on rate card bham-care-homes v3; it has residential/,
    ),
  });
  expect(await call('INDEX', 'NLW', '2030-04-01')).toMatchObject({
    error: '#N/A',
    message: expect.stringMatching(
      /for 2030-04-01 is not yet published: the latest published value is 12.71/,
    ),
  });
  // This fake service keeps no index series: the bundled one, and the cell can say so.
  expect(await call('INDEXSOURCE', 'NLW', '2026-06-01')).toMatch(
    /^National Living Wage \(nlw\) 12\.71 in force from 2026-04-01: the reference series bundled with the add-in \(.+\); the carefee service did not answer/,
  );
  service.state.offline = true;
  expect(await call('HOTEL', 'other-card', '2026-06-01')).toMatchObject({
    error: '#N/A',
    message: expect.stringMatching(/not connected to carefee .* card other-card is not cached/),
  });
});

it('builds the shared runtime page, the manifest for the deployment, assets and a local office.js', () => {
  const html = readFileSync(join(out, 'taskpane.html'), 'utf8');
  expect(html).toMatch(/<script src="?office-js\/office.js"?/);
  expect(html).toMatch(/src="?functions.js"?/);
  expect(html).toContain('carefee-boot');
  expect(existsSync(join(out, 'office-js/office.js'))).toBe(true);
  const manifest = readFileSync(join(out, 'manifest.xml'), 'utf8');
  expect(manifest).not.toContain('localhost');
  // Every URL in the deployed manifest names a file the build produced.
  const urls = [...manifest.matchAll(/DefaultValue="(https:\/\/[^"]+)"/g)].map((m) => m[1]!);
  expect(urls.length).toBeGreaterThan(8);
  for (const url of urls) {
    expect(url.startsWith('https://carefee.example.org/prod/addin/')).toBe(true);
    expect({
      url,
      built: existsSync(join(out, url.replace('https://carefee.example.org/prod/addin/', ''))),
    }).toEqual({ url, built: true });
  }
});

it('versions the built manifest from the deployed manifest and the built functions.json', () => {
  const manifest = readFileSync(join(out, 'manifest.xml'), 'utf8');
  const version = /<Version>([^<]+)<\/Version>/.exec(manifest)?.[1];
  // The repo says 1.0.0.0; Office would keep its cached metadata for that version.
  expect(version).toMatch(/^1\.0\.0\.[1-9]\d*$/);
  const deployed = makeConfig.manifestFor(
    readFileSync('manifest.xml', 'utf8'),
    makeConfig.baseUrlFrom('https://carefee.example.org/prod'),
  );
  const expected = makeConfig.versionedManifest(
    deployed,
    readFileSync(join(out, 'functions.json'), 'utf8'),
  );
  expect(manifest).toBe(expected);
});

it("production pages load office.js from Microsoft's CDN unless the local switch is set", () => {
  const config = makeConfig({}, { mode: 'production' });
  const html = (config.plugins ?? []).find(
    (p) => p?.constructor.name === 'HtmlWebpackPlugin',
  ) as unknown as { userOptions: { officeJsUrl: string } };
  expect(html.userOptions.officeJsUrl).toBe(
    'https://appsforoffice.microsoft.com/lib/1/hosted/office.js',
  );
});

it('loads without error in a plain browser, where there is no CustomFunctions runtime', () => {
  const context = vm.createContext({ console, setTimeout, clearTimeout, AbortController, URL });
  vm.runInContext('var self = globalThis, window = globalThis;', context);
  expect(() =>
    vm.runInContext(readFileSync(join(out, 'functions.js'), 'utf8'), context),
  ).not.toThrow();
  expect(typeof vm.runInContext('CustomFunctions.associate', context)).toBe('function');
});
