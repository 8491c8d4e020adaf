/**
 * The custom functions as Excel's runtime sees them: the metadata generated from the JSDoc
 * (what the build writes to functions.json), the registrations the build appends
 * (CustomFunctions.associate(id, fn) for each), and calls by id with Excel's argument
 * conventions (null for an omitted argument, date serials, ranges as arrays of rows).
 * functions.bundle.test.ts does the same against the built bundle.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateCustomFunctionsMetadata } from 'custom-functions-metadata';
import {
  MemoryPins,
  createCarefee,
  getCarefee as getCore,
  memoryStore,
  setCarefee,
  type Carefee,
} from '../../addin/src/core';
import * as functions from '../../addin/src/functions/functions';
import { resetMoneyFormat } from '../../addin/src/functions/results';
import { fakeService, installFakeRuntime, invoke, type Registry } from './functions.fixtures';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { renderHelpPage } = require('../../tools/helpPage.cjs') as {
  renderHelpPage(template: string, metadata: unknown): string;
};

const SOURCE = 'addin/src/functions/functions.ts';
let registry: Registry;
let metadata: {
  functions: Array<{ id: string; name: string; description: string; parameters: unknown[] }>;
};
let service: ReturnType<typeof fakeService>;
let core: Carefee;
let pins: MemoryPins;

const serial = (iso: string) =>
  Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) /
    86_400_000 +
  25569;
const call = (id: string, ...args: unknown[]) => invoke(registry, id, ...args);

beforeAll(async () => {
  registry = installFakeRuntime();
  const generated = await generateCustomFunctionsMetadata([SOURCE], false);
  expect(generated.errors).toEqual([]);
  metadata = JSON.parse(generated.metadataJson);
  // What the build's loader appends to functions.ts, done here against the module.
  for (const a of generated.associate) {
    CustomFunctions.associate(
      a.id,
      (functions as unknown as Record<string, (...args: unknown[]) => unknown>)[a.functionName]!,
    );
  }
}, 30_000);

beforeEach(() => {
  service = fakeService();
  pins = new MemoryPins();
  core = createCarefee({
    store: memoryStore({ 'carefee.serviceUrl': 'https://carefee.test', 'carefee.token': 'tok' }),
    fetch: service.fetch,
    pins,
    today: () => '2026-05-01',
  });
  setCarefee(core);
});

afterAll(() => setCarefee(undefined));

describe('registration', () => {
  it('every function in functions.json is associated, and nothing else', () => {
    const ids = metadata.functions.map((f) => f.id).sort();
    expect(ids).toEqual([...registry.keys()].sort());
    expect(ids).toEqual(
      [
        'CARECOST',
        'CHANGE',
        'CHCTIER',
        'COMMITMENT',
        'FEE',
        'FNC',
        'HOTEL',
        'INDEX',
        'INDEXSOURCE',
        'PERIODCOST',
        'PRICEREVIEW',
        'QUALITY',
        'RATING',
        'RATINGREASONS',
        'SCHEDULE',
        'TENDERSCORE',
        'UPLIFT',
        'VERSION',
      ].sort(),
    );
    for (const f of metadata.functions) expect(f.description.length).toBeGreaterThan(20);
  });

  it("follows Excel's conventions: snake_case arguments, one-line descriptions, a help link each", () => {
    for (const f of metadata.functions) {
      const fn = f as typeof f & {
        helpUrl?: string;
        parameters: Array<{ name: string; description: string }>;
      };
      expect({ id: f.id, oneLine: /[\r\n]/.test(f.description) }).toEqual({
        id: f.id,
        oneLine: false,
      });
      expect(f.description.length).toBeLessThanOrEqual(100);
      expect(fn.helpUrl).toBe(
        `https://localhost:3000/addin/assets/help.html#care-${f.id.toLowerCase()}`,
      );
      for (const p of fn.parameters) {
        expect({ id: f.id, name: p.name, snake: /^[a-z]+(_[a-z]+)*$/.test(p.name) }).toEqual({
          id: f.id,
          name: p.name,
          snake: true,
        });
        expect(/[\r\n]/.test(p.description)).toBe(false);
      }
    }
  });

  it('the help page has a section per function matching its metadata', () => {
    // The build generates each section from functions.json (tools/helpPage.cjs); the template
    // holds only notes, so nothing is written twice.
    const template = readFileSync(join(__dirname, '../../addin/assets/help.html'), 'utf8');
    expect(template).not.toMatch(/<section id="care-/);
    const html = renderHelpPage(template, metadata);
    const text = (fragment: string) =>
      fragment
        .replace(/<[^>]+>/g, ' ')
        .replace(/&quot;/g, '"')
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&amp;/g, '&')
        .replace(/\s+/g, ' ')
        .replace(/\( /g, '(')
        .replace(/ \)/g, ')');
    const sections = [...html.matchAll(/<section id="care-([a-z]+)">([\s\S]*?)<\/section>/g)];
    expect(sections.map((m) => m[1]).sort()).toEqual(
      metadata.functions.map((f) => f.id.toLowerCase()).sort(),
    );
    for (const f of metadata.functions) {
      const body = text(sections.find((m) => m[1] === f.id.toLowerCase())![2]!);
      const params = f.parameters as Array<{
        name: string;
        optional?: boolean;
        description: string;
      }>;
      const signature = `=CARE.${f.name}(${params.map((p) => (p.optional ? `[${p.name}]` : p.name)).join(', ')})`;
      expect(body).toContain(signature);
      expect(body).toContain(f.description);
      for (const p of params) expect(body).toContain(p.description);
    }
    // A function the template has no block for still gets its section, before the end marker.
    const without = template.replace(/<!-- carefee:function VERSION -->.*\n/, '');
    expect(renderHelpPage(without, metadata)).toMatch(
      /<section id="care-version">[\s\S]*<!-- carefee:functions-end -->/,
    );
    expect(() =>
      renderHelpPage('<!-- carefee:function NOPE --><!-- /carefee:function -->', metadata),
    ).toThrow('help.html has a block for CARE.NOPE, which functions.json does not define');
  });

  it('spilling functions are declared as matrices', () => {
    const result = (id: string) =>
      (
        metadata.functions.find((f) => f.id === id) as unknown as {
          result: { dimensionality?: string };
        }
      ).result;
    expect(
      ['PRICEREVIEW', 'SCHEDULE', 'TENDERSCORE'].map((id) => result(id).dimensionality),
    ).toEqual(['matrix', 'matrix', 'matrix']);
  });
});

describe('CARE.FEE: hotel cost + care cost, adjusted for quality', () => {
  it('Silver is the standard fee, Gold adds 2% to the whole weekly fee', async () => {
    expect(await call('FEE', 'bham-care-homes', 'residential', null, null, null, null)).toBe(
      580.03,
    );
    expect(await call('FEE', 'bham-care-homes', 'residential', null, 'Gold')).toBe(591.63);
    expect(await call('FEE', 'bham-care-homes', 'residential', '', 'gold', '')).toBe(591.63);
  });

  // "Bronze: reduction of 3% ... if the provider has failed to improve within the set time":
  // one meaning everywhere, with the deadline stated, never guessed.
  it('Bronze pays the standard fee until the stated improvement deadline, then 3% less', async () => {
    const bronze = (date: string, deadline: unknown) =>
      call('FEE', 'bham-care-homes', 'residential', null, 'Bronze', date, deadline);
    expect(await bronze('2026-06-30', '2026-06-30')).toBe(580.03);
    expect(await bronze('2026-07-01', '2026-06-30')).toBe(562.63); // 580.03 × 0.97 = 562.6291
    expect(await bronze('2026-07-01', serial('2026-06-30'))).toBe(562.63);
    expect(await call('FEE', 'bham-care-homes', 'residential', null, 'Bronze')).toEqual({
      error: '#VALUE!',
      message:
        'a Bronze fee needs the improvement deadline (bronze_deadline): the standard fee applies until it, the Bronze reduction after it',
    });
    // A deadline means nothing for another rating.
    expect(
      await call('FEE', 'bham-care-homes', 'residential', null, 'Gold', null, '2020-01-01'),
    ).toBe(591.63);
  });

  it('takes a category by id or by name, in any letter case, and lists the valid ones', async () => {
    expect(await call('FEE', 'bham-care-homes', 'Older people residential')).toBe(580.03);
    expect(await call('FEE', 'bham-care-homes', ' OLDER PEOPLE RESIDENTIAL ')).toBe(580.03);
    expect(await call('FEE', 'bham-care-homes', 'Residential')).toBe(580.03);
    expect(await call('FEE', 'bham-care-homes', 'Learning disability', 'medium')).toBe(798.93);
    expect(await call('CARECOST', 'bham-care-homes', 'older people residential dementia')).toBe(
      279.1,
    );
    expect(await call('CHCTIER', 'bham-care-homes', 'tier 1')).toBe(950);
    expect(await call('CHCTIER', 'bham-care-homes', 'TIER-1')).toBe(950);
  });

  it('banded categories take the band, typed as a number or text', async () => {
    expect(await call('FEE', 'bham-care-homes', 'ld', 2)).toBe(798.93);
    expect(await call('FEE', 'bham-care-homes', 'ld', '1', 'Gold')).toBe(661.4); // (348.43 + 300.00) × 1.02 = 661.3986
  });

  it('the date picks the version in force; a version can be named', async () => {
    expect(await call('FEE', 'bham-care-homes', 'residential', null, null, '2025-06-01')).toBe(550);
    expect(
      await call('FEE', 'bham-care-homes', 'residential', null, null, serial('2025-06-01')),
    ).toBe(550);
    expect(
      await call('FEE', 'bham-care-homes', 'residential', null, null, serial('2026-04-01') + 0.75),
    ).toBe(580.03);
    expect(await call('FEE', 'bham-care-homes@2', 'residential')).toBe(550);
  });

  it('a workbook pin holds the result on the pinned version', async () => {
    await pins.pin('bham-care-homes', 2);
    expect(await call('FEE', 'bham-care-homes', 'residential')).toBe(550);
  });

  it('errors: #VALUE! for bad input and Inadequate, #N/A for what does not exist, with the engine message', async () => {
    expect(await call('FEE', 'bham-care-homes', 'residential', null, 'Inadequate')).toEqual({
      error: '#VALUE!',
      message: 'an Inadequate provider is suspended from new packages and cannot be priced',
    });
    expect(await call('FEE', 'bham-care-homes', 'residential', null, 'Platinum')).toMatchObject({
      error: '#VALUE!',
      message: expect.stringMatching(/rating must be one of/),
    });
    // A wrong category is the argument's fault (#VALUE!), distinct from offline (#N/A).
    expect(await call('FEE', 'bham-care-homes', 'nursing')).toEqual({
      error: '#VALUE!',
      message:
        'category "nursing" is not on rate card bham-care-homes v3; it has residential (Older people residential), dementia (Older people residential dementia), ld (Learning disability)',
    });
    expect(await call('FEE', 'bham-care-homes', 'ld')).toMatchObject({
      error: '#VALUE!',
      message: expect.stringMatching(/is banded: give a band/),
    });
    expect(await call('FEE', 'bham-care-homes', 'ld', 7)).toEqual({
      error: '#VALUE!',
      message: 'band "7" is not in category "ld"; it has 1 (Low), 2 (Medium)',
    });
    expect(await call('FEE', 'bham care homes', 'residential')).toMatchObject({ error: '#VALUE!' });
    expect(
      await call('FEE', 'bham-care-homes', 'residential', null, null, '01/04/2026'),
    ).toMatchObject({
      error: '#VALUE!',
      message: expect.stringMatching(/date must be a real date in the form YYYY-MM-DD/),
    });
    expect(await call('FEE', 'bham-care-homes', 'residential', null, null, '2010-01-01')).toEqual({
      error: '#N/A',
      message: 'no approved version of rate card bham-care-homes is in force on 2010-01-01',
    });
    expect(await call('FEE', 'bham-care-homes', null)).toMatchObject({
      error: '#VALUE!',
      message: 'category is required',
    });
  });

  it('not connected and not cached: #N/A saying so, never a number', async () => {
    service.state.offline = true;
    expect(await call('FEE', 'bham-care-homes', 'residential')).toEqual({
      error: '#N/A',
      message:
        'not connected to carefee (cannot reach carefee at https://carefee.test (offline, or the address is wrong)) and card bham-care-homes is not cached',
    });
  });

  it('keeps working offline on cards fetched before, and says so in CARE.VERSION', async () => {
    const store = memoryStore({
      'carefee.serviceUrl': 'https://carefee.test',
      'carefee.token': 'tok',
    });
    const options = { store, fetch: service.fetch, pins, today: () => '2026-05-01' };
    setCarefee(createCarefee(options));
    expect(await call('FEE', 'bham-care-homes', 'residential', null, 'Gold')).toBe(591.63);
    await getCore().cache.save();
    // Excel restarts without a connection.
    service.state.offline = true;
    setCarefee(createCarefee(options));
    expect(await call('FEE', 'bham-care-homes', 'residential', null, 'Gold')).toBe(591.63);
    expect(await call('VERSION', 'bham-care-homes')).toMatch(
      /^bham-care-homes v3, .*; offline copy fetched \d{4}-\d{2}-\d{2}$/,
    );
    // The family came with its dated versions, so last year's prices offline too.
    expect(await call('FEE', 'bham-care-homes@2', 'residential')).toBe(550);
    expect(await call('FEE', 'bham-care-homes', 'residential', null, null, '2025-06-01')).toBe(550);
    expect(await call('HOTEL', 'other-card')).toMatchObject({
      error: '#N/A',
      message: expect.stringMatching(/not connected to carefee .* card other-card is not cached/),
    });
  });

  it('answers synchronously once the card is held (no promise, no request)', async () => {
    expect(await call('FEE', 'bham-care-homes', 'residential')).toBe(580.03);
    const requests = service.state.requests;
    const direct = registry.get('FEE')!('bham-care-homes', 'dementia', null, 'Gold', null, null);
    expect(direct).toBe(640.08); // (348.43 + 279.10) × 1.02 = 640.0806
    expect(service.state.requests).toBe(requests);
  });
});

describe('money as Excel shows money', () => {
  const withExcelApi = async (version: string, run: () => Promise<void>) => {
    const g = globalThis as { Office?: unknown };
    g.Office = {
      context: {
        requirements: {
          isSetSupported: (name: string, v: string) =>
            name === 'ExcelApi' && Number(v.split('.')[1]) <= Number(version.split('.')[1]),
        },
      },
    };
    resetMoneyFormat();
    try {
      await run();
    } finally {
      delete g.Office;
      resetMoneyFormat();
    }
  };

  it('a £ number format where the Excel build supports formatted values, plain numbers elsewhere', async () => {
    await withExcelApi('1.19', async () => {
      expect(await call('FEE', 'bham-care-homes', 'residential', null, 'Gold')).toEqual({
        type: 'Double',
        basicValue: 591.63,
        numberFormat: '£#,##0.00',
      });
      // Rates and index values are not money: plain numbers.
      expect(await call('CHANGE', 'NLW', '2025-04-01', '2026-04-01')).toBe(0.041);
    });
    await withExcelApi('1.16', async () => {
      expect(await call('UPLIFT', 197.5, 0.058)).toEqual({
        type: 'FormattedNumber',
        basicValue: 208.96,
        numberFormat: '£#,##0.00',
      });
    });
    await withExcelApi('1.15', async () => {
      expect(await call('HOTEL', 'bham-care-homes')).toBe(348.43);
    });
    expect(await call('HOTEL', 'bham-care-homes')).toBe(348.43);
  });
});

describe('card lookups', () => {
  it('CARE.HOTEL, CARE.CARECOST, CARE.CHCTIER', async () => {
    expect(await call('HOTEL', 'bham-care-homes')).toBe(348.43);
    expect(await call('HOTEL', 'bham-care-homes', '2025-04-01')).toBe(330);
    expect(await call('CARECOST', 'bham-care-homes', 'ld', 2)).toBe(450.5);
    expect(await call('CHCTIER', 'bham-care-homes', 'tier-1')).toBe(950);
    // 1:1 for 12 hours a day is 84 hours a week at £15.00: 1000.00 + 1260.00.
    expect(await call('CHCTIER', 'bham-care-homes', 'tier-3')).toBe(2260);
    expect(await call('CHCTIER', 'bham-care-homes', 'tier-9')).toEqual({
      error: '#VALUE!',
      message:
        'CHC tier "tier-9" is not on rate card bham-care-homes v3; it has tier-1 (Tier 1), tier-3 (Tier 3 (1:1 12 hours a day))',
    });
  });

  it('CARE.SCHEDULE spills a header row and every category and band', async () => {
    const rows = (await call('SCHEDULE', 'bham-care-homes')) as unknown[][];
    expect(rows[0]).toEqual([
      'Category',
      'Category name',
      'Band',
      'Band name',
      'Hotel',
      'Care',
      'Standard',
      'Gold',
      'Silver',
      'Bronze after deadline',
    ]);
    expect(rows[1]).toEqual([
      'residential',
      'Older people residential',
      '',
      '',
      348.43,
      231.6,
      580.03,
      591.63,
      580.03,
      562.63,
    ]);
    expect(rows.slice(1).map((r) => [r[0], r[2]])).toEqual([
      ['residential', ''],
      ['dementia', ''],
      ['ld', '1'],
      ['ld', '2'],
    ]);
    const bare = (await call('SCHEDULE', 'bham-care-homes', null, false)) as unknown[][];
    expect(bare).toEqual(rows.slice(1));
  });

  it('CARE.VERSION says which version and who approved it', async () => {
    expect(await call('VERSION', 'bham-care-homes')).toBe(
      'bham-care-homes v3, approved 2026-03-01 by Alex Approver, in force from 2026-04-01',
    );
    await pins.pin('bham-care-homes', 2);
    expect(await call('VERSION', 'bham-care-homes')).toBe(
      'bham-care-homes v2, approved 2026-03-01 by Alex Approver, in force from 2025-04-01 to 2026-03-31; pinned for this workbook',
    );
  });
});

describe('price review and quality', () => {
  // Excel hands over 77.65*7 as 543.5500000000001 and 5.8/100 as 0.057999999999999996, and
  // shows 543.55 and 0.058: numbers are read as Excel shows them (15 significant digits).
  it('reads numbers as Excel shows them, then applies the pence rule', async () => {
    expect(77.65 * 7).toBe(543.5500000000001);
    expect(await call('QUALITY', 77.65 * 7, 'Gold')).toBe(554.42); // 543.55 × 1.02 = 554.421
    expect(5.8 / 100).toBe(0.057999999999999996);
    expect(await call('UPLIFT', 197.5, 5.8 / 100)).toBe(208.96); // 197.50 × 1.058 = 208.955
    expect(await call('UPLIFT', 0.1 + 0.2, 0.1)).toBe(0.33);
    expect(await call('QUALITY', 543.555, 'Gold')).toEqual({
      error: '#VALUE!',
      message:
        'amount must be in pounds and pence, got 543.555: round it to the penny with ROUND(…, 2)',
    });
    expect(await call('PRICEREVIEW', 348.431, 231.6, 0.041, 0.041)).toEqual({
      error: '#VALUE!',
      message:
        'hotel must be in pounds and pence, got 348.431: round it to the penny with ROUND(…, 2)',
    });
    expect(await call('PERIODCOST', 580.035, '2026-04-01', '2026-04-30')).toMatchObject({
      error: '#VALUE!',
      message: expect.stringMatching(/^weekly must be in pounds and pence/),
    });
  });

  it('a data-type value (an entity card) in an argument is #VALUE! saying what to give', async () => {
    const entity = { type: 'Entity', text: 'Oak House', properties: {} };
    expect(await call('FEE', 'bham-care-homes', 'residential', entity)).toEqual({
      error: '#VALUE!',
      message:
        'band got a Entity data type, not a plain value: give the field you mean, e.g. =A2.Value or FIELDVALUE(A2, "Value")',
    });
    expect(await call('QUALITY', 580.03, 'Gold', entity)).toMatchObject({
      error: '#VALUE!',
      message: expect.stringMatching(/^date got a Entity data type/),
    });
    // A formatted number from another add-in is its number.
    const formatted = { type: 'FormattedNumber', basicValue: 580.03, numberFormat: '£#,##0.00' };
    expect(await call('UPLIFT', formatted, 0.02)).toBe(591.63);
  });

  it('CARE.UPLIFT rounds the uplifted amount to the penny', async () => {
    expect(await call('UPLIFT', 348.43, 0.109)).toBe(386.41);
    expect(await call('UPLIFT', 231.6, 0.014)).toBe(234.84);
    expect(await call('UPLIFT', 348.43, 3.1)).toMatchObject({
      error: '#VALUE!',
      message: expect.stringMatching(/decimal fraction/),
    });
  });

  it('CARE.PRICEREVIEW: hotel by CPIH, care by the greater of NLW and the local wage, as one row', async () => {
    expect(await call('PRICEREVIEW', 348.43, 231.6, 0.109, 0.014)).toEqual([
      ['New hotel', 'New care', 'New total'],
      [386.41, 234.84, 621.25],
    ]);
    expect(await call('PRICEREVIEW', 348.43, 231.6, 0.109, 0.014, 0.02, false)).toEqual([
      [386.41, 236.23, 622.64],
    ]);
    expect(await call('PRICEREVIEW', 348.43, 231.6, 0.109, 0.014, null, false)).toEqual([
      [386.41, 234.84, 621.25],
    ]);
    expect(await call('PRICEREVIEW', 348.431, 231.6, 0.109, 0.014)).toMatchObject({
      error: '#VALUE!',
    });
  });

  it('CARE.QUALITY applies the standard percentages', async () => {
    expect(await call('QUALITY', 580.03, 'Gold')).toBe(591.63);
    expect(await call('QUALITY', 580.03, 'Silver')).toBe(580.03);
    expect(await call('QUALITY', 580.03, 'Bronze', '2026-05-01', '2026-05-01')).toBe(580.03);
    expect(await call('QUALITY', 580.03, 'Bronze', '2026-05-02', '2026-05-01')).toBe(562.63);
    expect(await call('QUALITY', 580.03, 'Bronze')).toMatchObject({
      error: '#VALUE!',
      message: expect.stringMatching(/needs the improvement deadline \(bronze_deadline\)/),
    });
    expect(await call('QUALITY', 580.03, 'Inadequate')).toMatchObject({
      error: '#VALUE!',
      message: expect.stringMatching(/Inadequate provider/),
    });
  });
});

describe('reference series', () => {
  it('CARE.INDEX, CARE.CHANGE, CARE.FNC', async () => {
    expect(await call('INDEX', 'NLW', '2026-04-01')).toBe(12.71);
    expect(await call('INDEX', 'nlw', serial('2017-06-01'))).toBe(7.5);
    expect(await call('INDEX', 'CPIH', '2026-04-01')).toBe(4.1);
    expect(await call('INDEX', 'RPI', '2026-04-01')).toMatchObject({
      error: '#N/A',
      message: expect.stringMatching(/no index series "RPI"/),
    });
    expect(await call('INDEX', 'NLW', '2000-01-01')).toMatchObject({ error: '#N/A' });
    // 12.71 ÷ 12.21 − 1 = 0.04095…: 4.1% as published, or exact on request.
    expect(await call('CHANGE', 'NLW', '2025-04-01', '2026-04-01')).toBe(0.041);
    expect(await call('CHANGE', 'NLW', '2025-04-01', '2026-04-01', true)).toBeCloseTo(
      0.04095004095,
      11,
    );
    expect(await call('CHANGE', 'NLW', '2026-04-01', '2025-04-01')).toMatchObject({
      error: '#VALUE!',
    });
    expect(await call('FNC', '2025-06-01')).toBe(254.06);
    expect(await call('FNC', '2025-06-01', 'higher')).toBe(349.5);
    expect(await call('FNC', null)).toBe(267.68); // "today" is 2026-05-01 here
    expect(await call('FNC', null, 'lower')).toMatchObject({ error: '#VALUE!' });
    expect(await call('INDEX', 'NLW')).toBe(12.71); // "today" is 2026-05-01 here
  });

  it('never extrapolates: an unpublished value is #N/A "not yet published", naming the latest', async () => {
    expect(await call('INDEX', 'NLW', '2030-04-01')).toEqual({
      error: '#N/A',
      message:
        'National Living Wage (nlw) for 2030-04-01 is not yet published: the latest published value is 12.71, in force from 2026-04-01. Enter a forecast as your own assumption instead.',
    });
    expect(await call('CHANGE', 'NLW', '2026-04-01', '2027-04-01')).toMatchObject({
      error: '#N/A',
      message: expect.stringMatching(
        /^National Living Wage \(nlw\) for 2027-04-01 is not yet published/,
      ),
    });
    expect(await call('CHANGE', 'CPIH', '2026-04-01', '2027-04-01')).toMatchObject({
      error: '#N/A',
      message: expect.stringMatching(/latest published value is 4\.1, in force from 2025-09-01/),
    });
  });
});

describe("the organisation's own index values", () => {
  // The organisation recorded its own NLW for 2026 and 2027, and its FNC from April 2026.
  const own = (
    id: string,
    name: string,
    unit: 'pounds-per-hour' | 'pounds-per-week',
    points: [string, string][],
  ) => ({
    id,
    name,
    unit,
    source: 'reference',
    points: points.map(([from, value]) => ({ from, value, origin: 'organisation' as const })),
  });
  const withOwnValues = (token = 'tok') => {
    service = fakeService(undefined, {
      indices: [
        own('nlw', 'National Living Wage', 'pounds-per-hour', [
          ['2026-04-01', '12.90'],
          ['2027-04-01', '13.40'],
        ]),
        own('fnc', 'NHS-funded nursing care (standard)', 'pounds-per-week', [
          ['2026-04-01', '275.00'],
        ]),
      ],
    });
    setCarefee(
      createCarefee({
        store: memoryStore({
          'carefee.serviceUrl': 'https://carefee.test',
          'carefee.token': token,
        }),
        fetch: service.fetch,
        pins,
        today: () => '2026-05-01',
      }),
    );
  };

  it("INDEX, CHANGE and FNC use the organisation's value where it has one, and INDEXSOURCE says so", async () => {
    withOwnValues();
    expect(await call('INDEX', 'NLW', '2026-06-01')).toBe(12.9);
    expect(await call('INDEXSOURCE', 'NLW', '2026-06-01')).toBe(
      "National Living Wage (nlw) 12.90 in force from 2026-04-01: your organisation's own value, from the carefee service",
    );
    // Published by the organisation for 2027, so not extrapolation: 13.40.
    expect(await call('INDEX', 'NLW', '2027-06-01')).toBe(13.4);
    // (12.90 − 12.21) ÷ 12.21 = 0.05651… → 0.057 to the published 0.1%.
    expect(await call('CHANGE', 'NLW', '2025-04-01', '2026-04-01')).toBe(0.057);
    expect(await call('FNC', '2026-05-01')).toBe(275);
    // Where it has no value of its own, the reference series, and INDEXSOURCE says which.
    expect(await call('INDEX', 'NLW', '2025-06-01')).toBe(12.21);
    expect(await call('INDEXSOURCE', 'NLW', '2025-06-01')).toMatch(
      /^National Living Wage \(nlw\) 12\.21 in force from 2025-04-01: the published reference series \(.+\), from the carefee service$/,
    );
    // Never beyond what anyone published: #N/A naming the latest, the organisation's 13.40.
    expect(await call('INDEX', 'NLW', '2029-04-01')).toMatchObject({
      error: '#N/A',
      message: expect.stringMatching(
        /for 2029-04-01 is not yet published: the latest published value is 13\.40, in force from 2027-04-01/,
      ),
    });
    // One request for the catalogue however many cells asked; then answered synchronously.
    expect(service.state.urls.filter((u) => u.endsWith('/api/v1/indices'))).toHaveLength(1);
    expect(registry.get('INDEX')!('NLW', '2026-06-01')).toBe(12.9);
  });

  it('not connected: the bundled series, and INDEXSOURCE says so', async () => {
    withOwnValues('');
    expect(await call('INDEX', 'NLW', '2026-06-01')).toBe(12.71);
    expect(await call('INDEXSOURCE', 'FNC', '2026-06-01')).toMatch(
      /^NHS-funded nursing care.* in force from 2026-04-01: the reference series bundled with the add-in \(.+\); not connected to carefee$/,
    );
    expect(service.state.requests).toBe(0);
  });
});

describe('ratings, tenders and periods', () => {
  it('CARE.RATING reads a range of dated inspections, with or without a header', async () => {
    const rows = [
      ['Date', 'Body', 'Kind', 'Result'],
      ['2024-01-10', 'CQC', 'full', 'Good'],
      ['', '', '', ''],
      [serial('2024-04-01'), 'Council', 'Focused', 'Bronze'],
    ];
    expect(await call('RATING', rows)).toBe('Bronze');
    expect(await call('RATING', rows.slice(1))).toBe('Bronze');
    expect(await call('RATING', rows, '2024-02-01')).toBe('Silver');
    expect(await call('RATING', [['2024-01-10', 'CQC', 'focused', 'Good']])).toMatchObject({
      error: '#N/A',
      message: 'no full inspection to base a rating on',
    });
    expect(await call('RATING', [['2024-01-10', 'NHS', 'full', 'Purple']])).toMatchObject({
      error: '#VALUE!',
      message: expect.stringMatching(/row 1 result/),
    });
  });

  it('CARE.TENDERSCORE scores offers 60:40 and ranks them', async () => {
    const bids = [
      ['Offer', 'Price', 'CQC', 'Reporting'],
      ['A', 600, 'Good', 0.8],
      ['B', 550, 'Outstanding', 0.5],
    ];
    expect(await call('TENDERSCORE', bids)).toEqual([
      ['Offer', 'Price', 'Price score', 'CQC score', 'Reporting score', 'Total', 'Rank'],
      ['B', 550, 40, 30, 15, 85, 1],
      ['A', 600, 36.67, 22.5, 24, 83.17, 2],
    ]);
    expect(await call('TENDERSCORE', bids, 60)).toMatchObject({
      error: '#VALUE!',
      message: expect.stringMatching(/both quality_weight and price_weight/),
    });
    expect(await call('TENDERSCORE', bids, null, null, false)).toEqual([
      ['B', 550, 40, 30, 15, 85, 1],
      ['A', 600, 36.67, 22.5, 24, 83.17, 2],
    ]);
  });

  // "Providers rated Inadequate are suspended from bidding" (Birmingham).
  it('CARE.TENDERSCORE leaves Inadequate and suspended offers out of the ranking, saying why', async () => {
    const bids = [
      ['Offer', 'Price', 'CQC', 'Reporting', 'Suspended'],
      ['Cheap', 400, 'Inadequate', 1, ''],
      ['Held', 450, 'Outstanding', 1, true],
      ['A', 600, 'Good', 0.8, false],
    ];
    expect(await call('TENDERSCORE', bids, null, null, false)).toEqual([
      ['A', 600, 40, 22.5, 24, 86.5, 1],
      ['Cheap', 400, '', '', '', '', 'excluded: rated Inadequate: suspended from bidding'],
      ['Held', 450, '', '', '', '', 'excluded: provider suspended from new packages'],
    ]);
  });

  it('CARE.PERIODCOST counts both ends and rounds once', async () => {
    // 580.03 × 30 ÷ 7 = 2485.8428…
    expect(await call('PERIODCOST', 580.03, '2026-04-01', '2026-04-30')).toBe(2485.84);
    expect(await call('PERIODCOST', 580.03, '2026-04-30', '2026-04-01')).toMatchObject({
      error: '#VALUE!',
    });
  });
});

describe('the provider record in CARE.RATING and CARE.FEE', () => {
  /** The service's standing endpoint, as the fake knows four providers. */
  const standingOf = (ref: string, asOf: string) => {
    const base = {
      asOf,
      providerId: `p-${ref}`,
      locationId: `l-${ref}`,
      cqcLocationId: ref,
      bronzeDeductionApplies: false,
      suspended: false,
      stage: null,
    };
    switch (ref) {
      case '1-100': {
        const overdue = asOf > '2026-09-01';
        return {
          ...base,
          providerName: 'Ash Care',
          locationName: 'Ash House',
          rating: 'Bronze',
          bronzeDeductionApplies: overdue,
          reasons: [
            'most recent full inspection: council full inspection on 2026-03-04 (Bronze) → Bronze',
            overdue
              ? 'improvement deadline 2026-09-01 passed unvalidated → Bronze price on new packages'
              : 'improvement plan due by 2026-09-01: standard price until then',
          ],
        };
      }
      case '1-200':
        return {
          ...base,
          providerName: 'Oak Care',
          locationName: 'Oak House',
          rating: 'Inadequate',
          suspended: true,
          reasons: [
            'most recent full inspection: CQC full inspection on 2026-01-10 (Inadequate) → Inadequate',
            'Inadequate: suspended from new packages',
          ],
        };
      case '1-300':
        return {
          ...base,
          providerName: 'New Care',
          locationName: 'New House',
          rating: null,
          reasons: [`no full inspection on or before ${asOf}: no rating`],
        };
      case '1-400':
        return {
          ...base,
          providerName: 'Elm Care',
          locationName: 'Elm House',
          rating: 'Gold',
          reasons: [
            'most recent full inspection: CQC full inspection on 2026-02-01 (Outstanding) → Gold',
          ],
        };
      default:
        return undefined;
    }
  };
  let standingRequests: string[];
  const JSON_TYPE = { 'content-type': 'application/json' };

  beforeEach(() => {
    standingRequests = [];
    const cards = fakeService();
    core = createCarefee({
      store: memoryStore({ 'carefee.serviceUrl': 'https://carefee.test', 'carefee.token': 'tok' }),
      fetch: async (input, init) => {
        const url = new URL(input);
        const m = /^\/api\/v1\/standing\/([^/]+)$/.exec(url.pathname);
        if (!m) return cards.fetch(input, init);
        const ref = decodeURIComponent(m[1]!);
        const asOf = url.searchParams.get('asOf') ?? '';
        standingRequests.push(`${ref}@${asOf}`);
        const body = standingOf(ref, asOf);
        return body
          ? new Response(JSON.stringify(body), { status: 200, headers: JSON_TYPE })
          : new Response(
              JSON.stringify({
                error: {
                  code: 'NOT_FOUND',
                  message: `no provider or location "${ref}"`,
                  path: ['provider'],
                },
              }),
              { status: 404, headers: JSON_TYPE },
            );
      },
      pins: new MemoryPins(),
      today: () => '2026-05-01',
    });
    setCarefee(core);
  });

  it('CARE.RATING(provider_or_location, as_of) reads the record; CARE.RATINGREASONS says why', async () => {
    expect(await call('RATING', [['1-100']], '2026-09-02')).toBe('Bronze');
    expect(await call('RATING', [['1-400']])).toBe('Gold');
    expect(standingRequests).toEqual(['1-100@2026-09-02', '1-400@2026-05-01']);
    expect(await call('RATINGREASONS', '1-100', serial('2026-09-02'))).toEqual([
      ['most recent full inspection: council full inspection on 2026-03-04 (Bronze) → Bronze'],
      ['improvement deadline 2026-09-01 passed unvalidated → Bronze price on new packages'],
    ]);
    // Held for a minute: the second ask makes no request.
    expect(standingRequests).toHaveLength(2);
    expect(await call('RATING', [['1-300']])).toEqual({
      error: '#N/A',
      message: 'no full inspection on or before 2026-05-01: no rating',
    });
    expect(await call('RATING', [['1-999']])).toMatchObject({
      error: '#N/A',
      message: expect.stringContaining('no provider or location "1-999"'),
    });
  });

  it('CARE.FEE with a CQC location ID: the record decides the rating and, by the date, the Bronze price', async () => {
    // Before the improvement deadline the standard £580.03; after it 580.03 × 0.97 = £562.63.
    expect(await call('FEE', 'bham-care-homes', 'residential', null, '1-100', '2026-08-31')).toBe(
      580.03,
    );
    expect(await call('FEE', 'bham-care-homes', 'residential', null, '1-100', '2026-09-02')).toBe(
      562.63,
    );
    expect(await call('FEE', 'bham-care-homes', 'residential', null, '1-400')).toBe(591.63);
    // Inadequate or suspended: no price, whatever else is given.
    expect(await call('FEE', 'bham-care-homes', 'residential', null, '1-200')).toEqual({
      error: '#VALUE!',
      message:
        'Oak House is suspended from new packages on 2026-05-01: Inadequate: suspended from new packages',
    });
    expect(await call('FEE', 'bham-care-homes', 'residential', null, '1-300')).toEqual({
      error: '#VALUE!',
      message: 'New House has no quality rating on 2026-05-01',
    });
    expect(await call('FEE', 'bham-care-homes', 'residential', null, '1-100', null, true)).toEqual({
      error: '#VALUE!',
      message: 'bronze_deadline goes with a typed rating: for a provider, its record decides',
    });
    // A typed rating still works as before.
    expect(
      await call(
        'FEE',
        'bham-care-homes',
        'residential',
        null,
        'Bronze',
        '2026-09-02',
        '2026-09-01',
      ),
    ).toBe(562.63);
  });
});
