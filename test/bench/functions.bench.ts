/**
 * `npm run bench` (second part): a sheet of 100,000 =CARE.FEE cells, recalculated the way Excel
 * drives custom functions: the registered functions (metadata generated from the JSDoc, as the
 * build does) are invoked in batches of 1,000 cells, each batch arriving as its own task, and
 * any promises are awaited. A fake carefee service (20 ms a request) counts requests.
 *
 *   cold: nothing cached; at most one request per card version (targets: requests ≤ versions)
 *   warm: everything cached; no requests, under 0.5 s for 100,000 cells
 *   warm by name: the same sheet with categories and bands typed by name ("Older people
 *     residential", "Low"), against warm by id in the same run (target: within 1.2×)
 *
 * Every result is checked against the engine's weeklyFee for the same inputs.
 */
import { generateCustomFunctionsMetadata } from 'custom-functions-metadata';
import { MemoryPins, createCarefee, memoryStore, setCarefee } from '../../addin/src/core';
import * as functions from '../../addin/src/functions/functions';
import { parseRateCard, weeklyFee, type Rating } from '../../shared/src';
import { BHAM_V2, BHAM_V3, fakeService, installFakeRuntime } from '../addin/functions.fixtures';

const CELLS = Number(process.env.BENCH_CELLS ?? 100_000);
const BATCH = 1_000;
const TODAY = '2026-05-01';

const NOTTS = {
  ...BHAM_V3,
  id: 'notts-care-homes',
  version: 1,
  title: 'Nottingham care homes 2026/27',
  commissioner: 'Nottingham City Council',
  hotelCost: '0.00',
  categories: [{ id: 'base', name: 'All care homes', careCost: '469.28' }],
  chcTiers: undefined,
};

interface Cell {
  args: [string, string, string | null, string, null, string | null];
  expected: number;
}

function buildSheet(): Cell[] {
  const cards = {
    'bham-care-homes': parseRateCard(BHAM_V3),
    'bham-care-homes@2': parseRateCard(BHAM_V2),
    'notts-care-homes': parseRateCard(NOTTS),
  };
  const placements: Array<[keyof typeof cards, string, string | null]> = [
    ['bham-care-homes', 'residential', null],
    ['bham-care-homes', 'dementia', null],
    ['bham-care-homes', 'ld', '1'],
    ['bham-care-homes', 'ld', '2'],
    ['bham-care-homes@2', 'residential', null],
    ['notts-care-homes', 'base', null],
  ];
  const ratings: Rating[] = ['Gold', 'Silver', 'Bronze'];
  const cells: Cell[] = [];
  for (let i = 0; i < CELLS; i++) {
    const [card, category, band] = placements[i % placements.length]!;
    const rating = ratings[Math.floor(i / placements.length) % ratings.length]!;
    // Bronze states its improvement deadline: every other cell of a Bronze placement is past it.
    const overdue = rating === 'Bronze' && i % 2 === 0;
    const deadline = rating === 'Bronze' ? (overdue ? '2020-03-31' : '2099-03-31') : null;
    const expected = Number(
      weeklyFee(cards[card], { category, band, rating, bronzeOverdue: overdue }).fee,
    );
    cells.push({ args: [card, category, band, rating, null, deadline], expected });
  }
  return cells;
}

/** The same sheet with each category and band typed by its name, as a person might. */
function byName(cells: Cell[]): Cell[] {
  const names = new Map<string, string>();
  for (const card of [BHAM_V3, BHAM_V2, NOTTS])
    for (const c of card.categories as Array<{
      id: string;
      name: string;
      bands?: { id: string; name: string }[];
    }>) {
      names.set(`${c.id}`, c.name);
      for (const b of c.bands ?? []) names.set(`${c.id}/${b.id}`, b.name);
    }
  return cells.map((c) => {
    const [card, category, band, ...rest] = c.args;
    const named: Cell['args'] = [
      card,
      names.get(category) ?? category,
      band === null ? null : (names.get(`${category}/${band}`) ?? band),
      ...rest,
    ];
    return { ...c, args: named };
  });
}

/** One recalculation: batches of cells, each batch its own task; promises awaited at the end. */
async function recalc(fee: (...args: unknown[]) => unknown, cells: Cell[]) {
  const results: unknown[] = new Array(cells.length);
  const pending: Promise<void>[] = [];
  let promises = 0;
  const started = performance.now();
  for (let start = 0; start < cells.length; start += BATCH) {
    for (let i = start; i < Math.min(start + BATCH, cells.length); i++) {
      const value = fee(...cells[i]!.args);
      if (value instanceof Promise) {
        promises += 1;
        pending.push(value.then((v) => void (results[i] = v)));
      } else {
        results[i] = value;
      }
    }
    await new Promise((resolve) => setImmediate(resolve)); // the next batch arrives as a new task
  }
  await Promise.all(pending);
  return { ms: performance.now() - started, results, promises };
}

async function main() {
  const registry = installFakeRuntime();
  const generated = await generateCustomFunctionsMetadata(
    ['addin/src/functions/functions.ts'],
    false,
  );
  if (generated.errors.length) throw new Error(generated.errors.join('\n'));
  for (const a of generated.associate) {
    CustomFunctions.associate(
      a.id,
      (functions as unknown as Record<string, (...args: unknown[]) => unknown>)[a.functionName]!,
    );
  }
  const fee = registry.get('FEE')!;

  const service = fakeService([BHAM_V3, BHAM_V2, NOTTS as never], { delayMs: 20 });
  setCarefee(
    createCarefee({
      store: memoryStore({
        'carefee.serviceUrl': 'https://carefee.test',
        'carefee.token': 'bench',
      }),
      fetch: service.fetch,
      pins: new MemoryPins(),
      today: () => TODAY,
    }),
  );

  const cells = buildSheet();
  const versions = 3; // bham v3 (in force), bham v2 (named), notts v1 (in force)

  const cold = await recalc(fee, cells);
  const coldRequests = service.state.requests;
  const warm = await recalc(fee, cells);
  const warmRequests = service.state.requests - coldRequests;
  // Typed by name: one recalculation to warm, then the one measured, beside a fresh by-id run.
  const named = byName(cells);
  await recalc(fee, named);
  const warmNamed = await recalc(fee, named);
  const warmAgain = await recalc(fee, cells);
  const nameRatio = warmNamed.ms / warmAgain.ms;

  const wrong = [cold, warm, warmNamed].reduce(
    (n, run) => n + cells.filter((c, i) => run.results[i] !== c.expected).length,
    0,
  );
  const fmt = (n: number) => n.toLocaleString('en-GB', { maximumFractionDigits: 0 });
  const rows: Array<[string, string, string, boolean]> = [
    [
      'cold recalc: requests',
      String(coldRequests),
      `≤ ${versions} (one per card version)`,
      coldRequests <= versions,
    ],
    ['cold recalc: cells that waited', fmt(cold.promises), 'those before the first answer', true],
    [
      'cold recalc: time',
      `${fmt(cold.ms)} ms`,
      '< 500 ms + one request round trip',
      cold.ms < 500 + 20 * versions,
    ],
    ['warm recalc: requests', String(warmRequests), '0', warmRequests === 0],
    ['warm recalc: time', `${fmt(warm.ms)} ms`, '< 500 ms', warm.ms < 500],
    [
      'warm recalc: promises',
      String(warm.promises),
      '0 (answered synchronously)',
      warm.promises === 0,
    ],
    [
      'warm recalc by name ÷ by id',
      `${nameRatio.toFixed(2)}×`,
      '≤ 1.2× (names resolved once per card)',
      nameRatio <= 1.2,
    ],
    ['wrong results (all runs)', String(wrong), '0', wrong === 0],
  ];
  console.log(
    `\nCARE.FEE over ${fmt(CELLS)} cells in batches of ${fmt(BATCH)} (fake service: 20 ms a request)\n`,
  );
  const width = Math.max(...rows.map((r) => r[0].length));
  for (const [what, value, target, ok] of rows) {
    console.log(
      `${what.padEnd(width)}  ${value.padStart(10)}   target ${target}${ok ? '' : '   <-- MISSED'}`,
    );
  }
  console.log(`\nwarm throughput: ${fmt((CELLS / warm.ms) * 1000)} cells/s`);
  console.log(
    `warm by name ${fmt(warmNamed.ms)} ms, warm by id again ${fmt(warmAgain.ms)} ms (same run)`,
  );
  setCarefee(undefined);
  if (rows.some((r) => !r[3])) process.exitCode = 1;
}

void main();
