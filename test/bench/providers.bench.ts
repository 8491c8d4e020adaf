/**
 * npm run bench:providers — the provider record at scale, through the real app on loopback.
 *
 * In-memory PGlite (or PostgreSQL at BENCH_DATABASE_URL) holding 10,000 providers, each with one
 * location, and 200,000 inspections (20 per location, the three bodies and kinds mixed), plus an
 * improvement plan and an approved escalation step for every tenth provider. Then, sequentially
 * (the add-in's pattern: one cell, one request), median and p95 wall time of:
 *   - GET /api/v1/me: the baseline, the cheapest authenticated request (the ratio's denominator);
 *   - GET /api/v1/providers?limit=50&offset=…: a page of the list, each with its standing;
 *   - GET /api/v1/providers?q=…: a name search;
 *   - GET /api/v1/standing/{CQC location ID}?asOf=…: one rating as of a date, with reasons.
 * Target: list and rating-as-of < 50 ms (median) on PGlite. Figures, not a gate.
 * BENCH_PROFILE=1 also prints each SQL statement's median time.
 */
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../../server/src/config';
import { openDatabase } from '../../server/src/platform/db/database';
import { migrate } from '../../server/src/platform/db/migrate';
import { createLogger } from '../../server/src/logger';
import { createContext } from '../../server/src/services';
import { createApp } from '../../server/src/app';
import { systemActor } from '../../server/src/rateCards/repository';

const PROVIDERS = 10_000;
const PER_LOCATION = 20;
const RUNS = 200;

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};

async function main() {
  const url = process.env.BENCH_DATABASE_URL;
  const config = {
    ...loadConfig({}),
    dataDir: ':memory:',
    logLevel: 'silent' as const,
    demo: false,
    authFailureLimit: 1_000_000,
    ...(url ? { databaseUrl: url, databaseSchema: `bench_providers_${process.pid}` } : {}),
  };
  const db = await openDatabase(config);
  await migrate(db);
  const ctx = createContext(config, db, createLogger('silent'));
  const org = await ctx.orgs.createOrganisation(systemActor, 'Bench Council');
  const user = await ctx.orgs.createUser(systemActor, org.id, 'Bench viewer', 'viewer');
  const { token } = await ctx.orgs.createToken(systemActor, user.id, 'bench');

  const t0 = performance.now();
  // Set-based loading: the bench measures reads, not 200,000 audited inserts.
  await db.exec(`
    INSERT INTO providers (id, organisation_id, name, company_number, cqc_provider_id, created_by)
      SELECT 'prv-' || g, '${org.id}', 'Provider ' || lpad(g::text, 5, '0') || ' Care Ltd',
             lpad(g::text, 8, '0'), '1-2' || lpad(g::text, 9, '0'), '${user.id}'
      FROM generate_series(1, ${PROVIDERS}) g;
    INSERT INTO locations (id, organisation_id, provider_id, name, cqc_location_id, service_type, beds, created_by)
      SELECT 'loc-' || g, '${org.id}', 'prv-' || g, 'Home ' || g, '1-1' || lpad(g::text, 9, '0'),
             CASE WHEN g % 3 = 0 THEN 'nursing' ELSE 'residential' END, 20 + g % 40, '${user.id}'
      FROM generate_series(1, ${PROVIDERS}) g;
    INSERT INTO inspections (id, organisation_id, location_id, date, body, kind, result, recorded_by)
      SELECT 'ins-' || g || '-' || k, '${org.id}', 'loc-' || g,
             to_char(date '2016-01-01' + (k * 180 + g % 90), 'YYYY-MM-DD'),
             (ARRAY['CQC', 'council', 'NHS'])[1 + (g + k) % 3],
             (ARRAY['full', 'focused', 'full', 'validation'])[1 + (g * 7 + k) % 4],
             CASE (g + k) % 3
               WHEN 0 THEN (ARRAY['Outstanding', 'Good', 'Requires Improvement', 'Good'])[1 + (g + k) % 4]
               WHEN 1 THEN (ARRAY['Gold', 'Silver', 'Bronze', 'Silver'])[1 + (g + k) % 4]
               ELSE (ARRAY['Bright Green', 'Green', 'Amber', 'Green'])[1 + (g + k) % 4] END,
             '${user.id}'
      FROM generate_series(1, ${PROVIDERS}) g, generate_series(1, ${PER_LOCATION}) k;
    INSERT INTO improvement_plans (id, organisation_id, location_id, opened, deadline, recorded_by)
      SELECT 'plan-' || g, '${org.id}', 'loc-' || g, '2025-01-10', '2025-07-01', '${user.id}'
      FROM generate_series(10, ${PROVIDERS}, 10) g;
    INSERT INTO escalation_steps (id, organisation_id, provider_id, stage, effective_on, reason, proposed_by,
        proposed_by_name, decision, decided_by, decided_by_name, decided_at)
      SELECT 'esc-' || g, '${org.id}', 'prv-' || g, 'requirement_to_improve', '2025-02-01', 'bench', 'a', 'A',
             'approved', 'b', 'B', now()
      FROM generate_series(10, ${PROVIDERS}, 10) g;
    ANALYZE;
  `);
  const count = await db.query<{ n: string }>('SELECT count(*) AS n FROM inspections');
  console.log(
    `loaded ${PROVIDERS} providers, ${count.rows[0]!.n} inspections in ${Math.round(performance.now() - t0)} ms (${db.driver})`,
  );

  const timings = new Map<string, number[]>();
  if (process.env.BENCH_PROFILE) {
    const query = db.query.bind(db);
    (db as { query: typeof db.query }).query = async (sql, params) => {
      const start = performance.now();
      try {
        return await query(sql, params);
      } finally {
        const key = sql.replace(/\s+/g, ' ').slice(0, 70);
        (timings.get(key) ?? timings.set(key, []).get(key)!).push(performance.now() - start);
      }
    };
  }
  const server = createApp(ctx).listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const headers = { Authorization: `Bearer ${token}` };

  async function measure(name: string, path: (i: number) => string) {
    const times: number[] = [];
    for (let i = 0; i < RUNS + 10; i++) {
      const start = performance.now();
      const res = await fetch(base + path(i), { headers });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`${name}: ${res.status} for ${path(i)}`);
      if (i >= 10) times.push(performance.now() - start); // the first ten warm up
    }
    return { name, p50: quantile(times, 0.5), p95: quantile(times, 0.95) };
  }

  const pick = (i: number) => 1 + ((i * 7919) % PROVIDERS);
  const baseline = await measure('GET /api/v1/me (baseline)', () => '/api/v1/me');
  const results = [
    await measure(
      'GET /api/v1/providers?limit=50&offset=… (page with standings)',
      (i) => `/api/v1/providers?limit=50&offset=${(i * 50 * 37) % PROVIDERS}&asOf=2025-09-01`,
    ),
    await measure(
      'GET /api/v1/providers?q=… (name search)',
      (i) =>
        `/api/v1/providers?q=${encodeURIComponent(`Provider ${String(pick(i)).padStart(5, '0')}`)}`,
    ),
    await measure(
      'GET /api/v1/standing/{CQC location ID}?asOf=… (rating as of a date)',
      (i) => `/api/v1/standing/1-1${String(pick(i)).padStart(9, '0')}?asOf=20${17 + (i % 9)}-06-30`,
    ),
  ];
  console.log(
    `${baseline.name}: p50 ${baseline.p50.toFixed(2)} ms, p95 ${baseline.p95.toFixed(2)} ms`,
  );
  for (const r of results) {
    console.log(
      `${r.name}: p50 ${r.p50.toFixed(2)} ms, p95 ${r.p95.toFixed(2)} ms, ` +
        `${(r.p50 / baseline.p50).toFixed(1)}× the baseline; target < 50 ms: ${r.p50 < 50 ? 'met' : 'MISSED'}`,
    );
  }
  for (const [sql, ts] of timings)
    console.log(`  ${quantile(ts, 0.5).toFixed(2)} ms p50 ×${ts.length}  ${sql}`);
  server.close();
  if (url)
    await db.exec(`DROP SCHEMA "bench_providers_${process.pid}" CASCADE`).catch(() => undefined);
  await db.close();
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
