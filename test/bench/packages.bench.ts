/**
 * npm run bench:packages — care packages at scale, on this machine, over in-memory PGlite (or
 * PostgreSQL at BENCH_DATABASE_URL), through the real app over loopback HTTP.
 *
 * Seeds 50,000 active service agreements (6 categories, 3 funding streams, 200 providers,
 * starts spread over two years, one in five with a completed variation), then measures:
 *   1. GET /api/v1/commitment?year=2026 (median of 5)              Target: < 1000 ms
 *   2. POST /api/v1/annual-review/preview from 1 April 2027 (median of 5)  Target: < 1000 ms
 *   3. POST /api/v1/annual-review/apply: 50,000 variations, once   Target: < 10000 ms
 * Baseline in the same run: reading the same 50,000 agreements' rows in one query (the least
 * any answer must do), so each figure is also shown as a multiple of it.
 */
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../../server/src/config';
import { openDatabase } from '../../server/src/platform/db/database';
import { migrate } from '../../server/src/platform/db/migrate';
import { createLogger } from '../../server/src/logger';
import { createContext } from '../../server/src/services';
import { createApp } from '../../server/src/app';
import { systemActor } from '../../server/src/rateCards/repository';

const AGREEMENTS = 50_000;
const RUNS = 5;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

async function main() {
  const config = {
    ...loadConfig({}),
    dataDir: ':memory:',
    logLevel: 'silent' as const,
    demo: false,
    ...(process.env.BENCH_DATABASE_URL
      ? { databaseUrl: process.env.BENCH_DATABASE_URL, databaseSchema: `bench_${Date.now()}` }
      : {}),
  };
  const db = await openDatabase(config);
  await migrate(db);
  const ctx = createContext(config, db, createLogger('silent'));
  const org = await ctx.orgs.createOrganisation(systemActor, 'Bench City Council');
  const user = await ctx.orgs.createUser(systemActor, org.id, 'Bench approver', 'approver');
  const { token } = await ctx.orgs.createToken(systemActor, user.id, 'bench');

  const t0 = Date.now();
  await db.query(
    `INSERT INTO service_agreements (id, organisation_id, provider_id, person_reference, category, funding,
       start_date, weekly_price, price_provenance, funding_split, status, created_by)
     SELECT 'a' || g, $1, 'provider-' || (g % 200), 'P-' || g,
       (ARRAY['older-residential','older-nursing','dementia','ld-residential','mh-residential','pd-residential'])[1 + g % 6],
       (ARRAY['council','chc','joint'])[1 + g % 3],
       DATE '2024-04-01' + (g % 700), 600 + (g % 900) + (g % 100) / 100.0,
       '{"source":"import"}'::jsonb, '{}'::jsonb, 'active', $2
       FROM generate_series(1, $3::int) AS g`,
    [org.id, user.id, AGREEMENTS],
  );
  await db.query(
    `INSERT INTO agreement_variations (id, organisation_id, agreement_id, effective_from, weekly_price, reason,
       status, requested_by, completed_at)
     SELECT 'v' || a.id, a.organisation_id, a.id, a.start_date + 90, a.weekly_price + 25, 'needs changed',
       'completed', $2, now()
       FROM service_agreements a WHERE a.organisation_id = $1 AND substr(a.id, 2)::int % 5 = 0`,
    [org.id, user.id],
  );
  console.log(
    `seeded ${AGREEMENTS.toLocaleString('en-GB')} agreements in ${Date.now() - t0} ms (${db.driver})`,
  );

  const app = createApp(ctx);
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`;
  const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
  const timed = async (fn: () => Promise<unknown>) => {
    const start = performance.now();
    await fn();
    return performance.now() - start;
  };
  const call = async (path: string, init: RequestInit = {}) => {
    const res = await fetch(`${base}${path}`, { headers, ...init });
    const body = (await res.json()) as Record<string, unknown>;
    if (!res.ok) throw new Error(`${path}: ${res.status} ${JSON.stringify(body)}`);
    return body;
  };

  const baseline: number[] = [];
  for (let i = 0; i < RUNS; i++)
    baseline.push(
      await timed(() =>
        db.query(
          `SELECT id, category, funding, provider_id, start_date, end_date, weekly_price FROM service_agreements
            WHERE organisation_id = $1 AND status = 'active'`,
          [org.id],
        ),
      ),
    );
  const b = median(baseline);

  const commitment: number[] = [];
  let total = '';
  for (let i = 0; i < RUNS; i++)
    commitment.push(
      await timed(async () => {
        total = String((await call('/commitment?year=2026')).total);
      }),
    );
  const review = {
    effectiveFrom: '2027-04-01',
    rates: { default: '0.031', byCategory: { 'older-nursing': '0.045' } },
  };
  const previews: number[] = [];
  let preview: Record<string, unknown> = {};
  for (let i = 0; i < RUNS; i++)
    previews.push(
      await timed(async () => {
        preview = await call('/annual-review/preview', {
          method: 'POST',
          body: JSON.stringify(review),
        });
      }),
    );
  const apply = await timed(() =>
    call('/annual-review/apply', {
      method: 'POST',
      body: JSON.stringify({
        ...review,
        confirm: { agreements: preview.agreements, change: preview.change },
      }),
    }),
  );
  server.close();
  await db.close();

  const line = (what: string, ms: number, target: number) =>
    console.log(
      `${what.padEnd(46)} ${ms.toFixed(0).padStart(6)} ms  (${(ms / b).toFixed(1)}× baseline; target < ${target} ms: ${ms < target ? 'met' : 'MISSED'})`,
    );
  console.log(
    `${'baseline: read 50,000 agreement rows'.padEnd(46)} ${b.toFixed(0).padStart(6)} ms`,
  );
  line(`commitment 2026/27 (total £${total})`, median(commitment), 1000);
  line(`annual review preview (${String(preview.agreements)} agreements)`, median(previews), 1000);
  line('annual review applied (one transaction)', apply, 10_000);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
