/**
 * npm run bench:service — the service under load, on this machine, loopback only.
 *
 * Starts the real app (createApp, every middleware) on 127.0.0.1 over in-memory PGlite (or
 * PostgreSQL at BENCH_DATABASE_URL) seeded with the demo organisation and cards, then measures:
 *   1. POST /api/v1/calculate with 100,000 placements as JSON: wall time from sending the
 *      request to the last byte of the reply (the server's JSON parse, validation, pricing and
 *      serialisation, plus loopback transfer). The client is lean (node:http, the body sent
 *      from one buffer, the reply's bytes counted, not decoded: it shares the server's CPUs).
 *      Median of several runs.             Target: < 1000 ms. The baseline of every ratio below.
 *   1b. POST /api/v1/calculate with 1,000,000 placements over 1,000 distinct dates and 20 card
 *      families (each with three versions, every item naming its card and date), all priced;
 *      then the same batch with every other item refused (an unknown category, an invalid
 *      rating, an unknown family), in the fastest documented form (NDJSON in, the compact
 *      answer out). Target: < 2000 ms each, and the half-refused batch within 1.5× of the
 *      all-priced one; also 1,000,000 items on one card and one date, and both batches as JSON
 *      with the full answer for comparison, all measured in the same run.
 *   2. GET of an approved card version with its ETag (If-None-Match → 304, as the add-in
 *      revalidates its cache) and without (200), at a fixed 1,000 requests a second for
 *      about 10 s with autocannon: p50 and p99 latency.   Target: p99 < 5 ms.
 * Each figure is printed beside its target; the exit code is 0 either way (figures, not a gate).
 * BENCH_ONLY=calculate runs the batches alone.
 */
import { cpus, loadavg } from 'node:os';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type autocannon from 'autocannon';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { request as httpRequest } from 'node:http';
import { loadConfig } from '../../server/src/config';
import { openDatabase } from '../../server/src/platform/db/database';
import { migrate } from '../../server/src/platform/db/migrate';
import { createLogger } from '../../server/src/logger';
import { createContext } from '../../server/src/services';
import { createApp } from '../../server/src/app';
import { seedDemo, demoBandedCard } from '../../server/src/demo/seed';

const BATCH_ITEMS = 100_000;
const BATCH_RUNS = 7;
const RATE = 1_000;
const SECONDS = 10;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');

/** A commissioner's book: every category, band and rating of the demo card, mixed. */
function placements(n: number): object[] {
  const kinds: object[] = [];
  for (const c of demoBandedCard.categories) {
    const bands = c.bands?.map((b) => b.id) ?? [undefined];
    for (const band of bands) {
      for (const rating of ['Gold', 'Silver', 'Bronze']) {
        kinds.push({
          category: c.id,
          ...(band ? { band } : {}),
          rating,
          ...(rating === 'Bronze' ? { bronzeOverdue: true } : {}),
        });
      }
    }
  }
  return Array.from({ length: n }, (_, i) => kinds[(i * 7919) % kinds.length]!);
}

const BIG_ITEMS = 1_000_000;
const BIG_RUNS = 3;
const FAMILIES = 20;
const DATES = 1_000;

/** 1,000 consecutive days from 1 April 2023, all covered by the bench families' versions. */
const benchDates = Array.from({ length: DATES }, (_, d) =>
  new Date(Date.UTC(2023, 3, 1 + d)).toISOString().slice(0, 10),
);

/** Every family and date paired; every other item refused for one of three reasons when asked. */
function bigBatch(halfRefused: boolean): object[] {
  const kinds = placements(97);
  return Array.from({ length: BIG_ITEMS }, (_, i) => {
    const item = {
      card: `bench-${i % FAMILIES}`,
      date: benchDates[Math.floor(i / FAMILIES) % DATES],
      ...kinds[i % kinds.length]!,
    };
    if (!halfRefused || i % 2 === 0) return item;
    const why = (i >> 1) % 3;
    if (why === 0) return { ...item, category: 'respite' };
    if (why === 1) return { ...item, rating: 'Platinum' };
    return { ...item, card: 'bench-none' };
  });
}

/** Twenty families of the demo card, each approved from April 2023, 2024 and 2025. */
async function seedFamilies(base: string, tokens: { editor: string; approver: string }) {
  const call = async (token: string, path: string, body?: object) => {
    const res = await fetch(base + path, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body ?? {}),
    });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as { meta: { version: number } };
  };
  for (let f = 0; f < FAMILIES; f++) {
    for (const [y, hotel] of [
      [2023, '270.00'],
      [2024, '281.40'],
      [2025, '290.10'],
    ] as const) {
      const id = `bench-${f}`;
      const draft = await call(tokens.editor, '/api/v1/rate-cards', {
        ...demoBandedCard,
        id,
        effectiveFrom: `${y}-04-01`,
        hotelCost: hotel,
      });
      const at = `/api/v1/rate-cards/${id}/versions/${draft.meta.version}`;
      await call(tokens.editor, `${at}/submit`);
      await call(tokens.approver, `${at}/approve`);
    }
  }
}

/** How a batch is sent: JSON ({card?, items}) or NDJSON (one item per line), full or compact answer. */
interface BatchForm {
  body: Buffer;
  type: 'application/json' | 'application/x-ndjson';
  query: string;
}
const jsonForm = (card: object | undefined, items: object[]): BatchForm => ({
  body: Buffer.from(JSON.stringify(card ? { card, items } : { items })),
  type: 'application/json',
  query: '',
});
/** The fastest form a client can send: NDJSON in, the compact answer out. */
const ndjsonForm = (items: object[], query = ''): BatchForm => ({
  body: Buffer.from(items.map((i) => JSON.stringify(i)).join('\n') + '\n'),
  type: 'application/x-ndjson',
  query: `?results=compact${query}`,
});

/**
 * One POST as a lean client makes it (node:http, the body from one buffer, the reply's bytes
 * counted as they arrive, not decoded): its wall time to the last byte, and the reply.
 */
function post(base: string, auth: string, form: BatchForm, keep: boolean) {
  const url = new URL(`${base}/api/v1/calculate${form.query}`);
  return new Promise<{ ms: number; status: number; bytes: number; reply?: Buffer }>(
    (resolve, reject) => {
      const started = performance.now();
      const req = httpRequest(url, {
        method: 'POST',
        agent: false, // a fresh connection: building the next body may outlast keep-alive
        headers: {
          authorization: auth,
          'content-type': form.type,
          'content-length': form.body.length,
        },
      });
      req.on('error', reject);
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        let bytes = 0;
        res.on('data', (c: Buffer) => {
          bytes += c.length;
          if (keep || res.statusCode !== 200) chunks.push(c);
        });
        res.on('error', reject);
        res.on('end', () =>
          resolve({
            ms: performance.now() - started,
            status: res.statusCode!,
            bytes,
            reply: chunks.length ? Buffer.concat(chunks) : undefined,
          }),
        );
      });
      req.end(form.body);
    },
  );
}

/** Items refused in a reply (full: counted; compact: the items whose outcome is a refusal). */
function refusedIn(reply: Buffer, form: BatchForm): number {
  const text = reply.toString('utf8');
  if (!form.query.includes('compact')) return text.split('"ok":false').length - 1;
  const { results, outcomes } = JSON.parse(text) as {
    results: number[];
    outcomes: { ok: boolean }[];
  };
  return results.filter((n) => !outcomes[n]!.ok).length;
}

/** Post one batch `runs` times after a warm-up: the median wall time to the reply's last byte. */
async function timeBatch(base: string, auth: string, form: BatchForm, runs: number) {
  const times: number[] = [];
  let bytes = 0;
  let refused = 0;
  for (let run = 0; run < runs + 1; run++) {
    const r = await post(base, auth, form, run === 0);
    if (r.status !== 200)
      throw new Error(`calculate answered ${r.status}: ${r.reply?.toString().slice(0, 300)}`);
    bytes = r.bytes;
    if (run === 0) refused = refusedIn(r.reply!, form);
    else times.push(r.ms); // the first run warms the JIT
  }
  const mb = (n: number) => (n >= 1e7 ? (n / 1e6).toFixed(0) : (n / 1e6).toFixed(1));
  return {
    median: median(times),
    runs: `runs ${times.map((t) => t.toFixed(0)).join(', ')} ms`,
    mb: `${mb(form.body.length)} MB in, ${mb(bytes)} MB out`,
    bytes,
    refused: refused.toLocaleString('en-GB'),
  };
}

async function main() {
  const config = {
    ...loadConfig({}),
    dataDir: ':memory:',
    logLevel: 'silent',
    demo: true,
    addinDir: '/nonexistent',
    authFailureLimit: 1_000_000,
    // PGlite in memory by default; BENCH_DATABASE_URL runs the same on PostgreSQL, in a
    // throwaway schema dropped at the end.
    databaseUrl: process.env.BENCH_DATABASE_URL || undefined,
    databaseSchema: process.env.BENCH_DATABASE_URL ? `carefee_bench_${process.pid}` : undefined,
  };
  const dbLabel = config.databaseUrl ? 'PostgreSQL' : 'PGlite in memory';
  const db = await openDatabase(config);
  await migrate(db);
  const ctx = createContext(config, db, createLogger('silent'));
  const seed = await seedDemo(ctx);
  if (!seed) throw new Error('could not seed the demo organisation');
  const app = createApp(ctx);
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  // Seeding and building the next body can outlast the default 5 s keep-alive; a request sent
  // as the server closes the idle socket would be reset.
  server.keepAliveTimeout = 120_000;
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;
  const auth = `Bearer ${seed.tokens.viewer}`;
  console.log(
    `carefee service bench: Node ${process.version}, ${base}, ${dbLabel}, demo data; ` +
      `${cpus().length} CPUs, load average ${loadavg()[0]!.toFixed(1)} (latency figures mean little on a busy machine)\n`,
  );

  try {
    // 1. The batch (the baseline of every ratio below, measured in this run).
    const card = { id: demoBandedCard.id, date: '2025-06-01' };
    const small = jsonForm(card, placements(BATCH_ITEMS));
    const first1 = await timeBatch(base, auth, small, BATCH_RUNS);
    const batchMs = first1.median;
    const vsBaseline = (ms: number) => `${(ms / batchMs).toFixed(1)}× the 100,000-item baseline`;
    console.log(
      `1. POST /api/v1/calculate, ${BATCH_ITEMS.toLocaleString('en-GB')} items as JSON (${first1.mb})`,
    );
    console.log(`   median of ${BATCH_RUNS} runs: ${batchMs.toFixed(0)} ms   (${first1.runs})`);
    console.log(`   target < 1000 ms: ${verdict(batchMs < 1000)}\n`);

    // 1b. A million items over many dates and families, all priced and half refused: in the
    // fastest documented form (NDJSON in, compact answer out), and as JSON for comparison.
    await seedFamilies(base, seed.tokens);
    const big = BIG_ITEMS.toLocaleString('en-GB');
    console.log(`1b. POST /api/v1/calculate, ${big} items; median of ${BIG_RUNS} runs each`);
    const line = (label: string, r: Awaited<ReturnType<typeof timeBatch>>, extra = '') =>
      console.log(
        `   ${label}: ${r.median.toFixed(0)} ms (${r.runs}; ${r.mb}; ${r.refused} refused) = ${vsBaseline(r.median)}${extra}`,
      );
    // Bodies are built up front as buffers (outside the JS heap) and the items let go: the
    // client's million objects would otherwise slow the server's garbage collection.
    const bodies = {
      one: ndjsonForm(placements(BIG_ITEMS), `&card=${card.id}&date=${card.date}`),
      all: ndjsonForm(bigBatch(false)),
      half: ndjsonForm(bigBatch(true)),
      allJson: jsonForm(undefined, bigBatch(false)),
      halfJson: jsonForm(undefined, bigBatch(true)),
    };
    const oneCard = await timeBatch(base, auth, bodies.one, BIG_RUNS);
    line('one card and one date, NDJSON, compact', oneCard);
    const allPriced = await timeBatch(base, auth, bodies.all, BIG_RUNS);
    line(
      `${FAMILIES} families × ${DATES.toLocaleString('en-GB')} dates, all priced, NDJSON, compact`,
      allPriced,
      ` = ${(allPriced.median / oneCard.median).toFixed(2)}× one card and one date`,
    );
    console.log(`   target < 2000 ms: ${verdict(allPriced.median < 2000)}`);
    const halfRefused = await timeBatch(base, auth, bodies.half, BIG_RUNS);
    line(
      'the same, half refused, NDJSON, compact',
      halfRefused,
      ` = ${(halfRefused.median / allPriced.median).toFixed(2)}× all priced`,
    );
    console.log(
      `   target < 2000 ms: ${verdict(halfRefused.median < 2000)}; within 1.5× of all priced: ${verdict(halfRefused.median <= 1.5 * allPriced.median)}`,
    );
    // For comparison: the same batches as JSON with the full answer (one result per item).
    const allJson = await timeBatch(base, auth, bodies.allJson, BIG_RUNS);
    line(
      'all priced, JSON, full answer',
      allJson,
      ` = ${(allJson.median / allPriced.median).toFixed(2)}× NDJSON compact`,
    );
    const halfJson = await timeBatch(base, auth, bodies.halfJson, BIG_RUNS);
    line(
      'half refused, JSON, full answer',
      halfJson,
      ` = ${(halfJson.median / allJson.median).toFixed(2)}× all priced as JSON`,
    );
    console.log('');
    if (process.env.BENCH_ONLY === 'calculate') return;

    // 2. Cached GET of an approved version under a fixed load.
    const path = `/api/v1/rate-cards/${demoBandedCard.id}/versions/1`;
    const first = await fetch(base + path, { headers: { authorization: auth } });
    const etag = first.headers.get('etag');
    await first.text();
    const results: Array<[string, autocannon.Result]> = [];
    for (const [label, headers] of [
      [
        'revalidated with If-None-Match (304)',
        { authorization: auth, ...(etag ? { 'if-none-match': etag } : {}) },
      ],
      ['full body (200)', { authorization: auth }],
    ] as const) {
      const result = await loadFromAnotherProcess({
        url: base + path,
        headers,
        connections: 10,
        overallRate: RATE,
        duration: SECONDS,
      });
      results.push([label, result]);
    }
    console.log(
      `2. GET ${path} at ${RATE.toLocaleString('en-GB')} requests/s for ${SECONDS} s (autocannon, 10 connections)`,
    );
    for (const [label, r] of results) {
      console.log(
        `   ${label}: ${r.requests.total.toLocaleString('en-GB')} requests, ${r.requests.average.toFixed(0)}/s, ` +
          `p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, max ${r.latency.max} ms ` +
          `(2xx ${r['2xx']}, 3xx ${r['3xx']}, 4xx+5xx ${r['4xx'] + r['5xx']}, errors ${r.errors})`,
      );
      console.log(`   target p99 < 5 ms: ${verdict(r.latency.p99 < 5)}`);
    }

    // Where the time goes (diagnostics, no targets): the same load on a route with no token
    // and no database, and the two queries every authenticated GET makes, timed alone.
    const bare = await loadFromAnotherProcess({
      url: `${base}/healthz`,
      connections: 10,
      overallRate: RATE,
      duration: 5,
    });
    console.log(
      `\n   for comparison, GET /healthz (no token, no database) at the same rate: p50 ${bare.latency.p50} ms, p99 ${bare.latency.p99} ms`,
    );
    const lat: number[] = [];
    for (let i = 0; i < 2000; i++) {
      const t = performance.now();
      await ctx.orgs.principalForToken(seed.tokens.viewer);
      await ctx.cards.getVersion(seed.organisationId, demoBandedCard.id, 1);
      lat.push(performance.now() - t);
    }
    lat.sort((a, b) => a - b);
    console.log(
      `   the database work of one GET alone (token lookup + card version, ${dbLabel}, one at a time): ` +
        `p50 ${lat[1000]!.toFixed(2)} ms, p99 ${lat[1980]!.toFixed(2)} ms, max ${lat[1999]!.toFixed(0)} ms`,
    );
  } finally {
    await new Promise((resolve) => server.close(resolve));
    if (config.databaseSchema) await db.query(`DROP SCHEMA "${config.databaseSchema}" CASCADE`);
    await db.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

/**
 * Runs autocannon as its own process: inside the server's event loop the load generator would
 * queue behind the requests it measures and count its own delays as the server's latency.
 */
async function loadFromAnotherProcess(opts: {
  url: string;
  headers?: Record<string, string>;
  connections: number;
  overallRate: number;
  duration: number;
}): Promise<autocannon.Result> {
  const args = ['node_modules/autocannon/autocannon.js', '-j', '-c', String(opts.connections)];
  args.push('-R', String(opts.overallRate), '-d', String(opts.duration));
  for (const [k, v] of Object.entries(opts.headers ?? {})) args.push('-H', `${k}=${v}`);
  args.push(opts.url);
  const { stdout } = await promisify(execFile)(process.execPath, args, {
    maxBuffer: 10 * 1024 * 1024,
  });
  return JSON.parse(stdout) as autocannon.Result;
}
