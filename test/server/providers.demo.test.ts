/**
 * npm start's demo providers: each demo home shows one rule of the quality framework, read
 * back through ctx.providers as every pricing route does.
 */
import { openDatabase } from '../../server/src/platform/db/database';
import { migrate } from '../../server/src/platform/db/migrate';
import { createLogger } from '../../server/src/logger';
import { seedDemo } from '../../server/src/demo/seed';
import { createContext } from '../../server/src/services';
import { testConfig } from './helpers';

test('the demo homes exercise the rating rules and one escalation', async () => {
  const config = testConfig();
  const db = await openDatabase(config);
  try {
    await migrate(db);
    const ctx = createContext(config, db, createLogger('silent'));
    const seeded = await seedDemo(ctx);
    const standing = (cqcId: string, date: string) =>
      ctx.providers.standingAsOf(seeded!.organisationId, cqcId, date);
    const summary = async (cqcId: string, date: string) => {
      const s = await standing(cqcId, date);
      return [s.locationName, s.rating, s.bronzeDeductionApplies, s.suspended];
    };
    expect(
      await Promise.all(
        ['1', '2', '3', '4', '5', '6', '7', '8'].map((n) =>
          summary(`1-900000000${n}`, '2025-10-15'),
        ),
      ),
    ).toEqual([
      ['Magnolia Court', 'Gold', false, false],
      ['Larch House', 'Silver', false, false],
      ['Ivy Lodge', 'Bronze', true, false],
      ['Rowan Nursing Home', 'Silver', false, false],
      ['Poplar House', 'Bronze', false, false],
      ['Sycamore View', 'Inadequate', false, true],
      ['Aspen House', 'Bronze', false, false],
      ['Willow Home Care (North)', 'Bronze', false, true],
    ]);
    // Before its deadline Ivy Lodge is priced at the standard fee; before the CQC re-inspection
    // Rowan is held at Inadequate.
    expect(await summary('1-9000000003', '2025-08-01')).toEqual([
      'Ivy Lodge',
      'Bronze',
      false,
      false,
    ]);
    expect(await summary('1-9000000004', '2025-08-01')).toEqual([
      'Rowan Nursing Home',
      'Inadequate',
      false,
      true,
    ]);
    expect((await standing('1-9000000008', '2025-10-15')).stage).toBe('contract_suspension');

    // A monitoring visit with R/A/G scores and its outcome, and an action plan from it.
    const org = seeded!.organisationId;
    const larch = await standing('1-9000000002', '2025-10-15');
    const visits = await ctx.monitoring.listVisits(org, larch.locationId!);
    expect(visits.map((v) => [v.visitedOn, v.body, v.counts, v.outcome])).toEqual([
      ['2025-09-15', 'council', { Red: 1, Amber: 2, Green: 9 }, 'Amber'],
    ]);
    const overdue = await ctx.monitoring.listActions(org, { overdue: true, asOf: '2026-01-05' });
    expect(overdue.map((a) => [a.locationName, a.dueOn])).toEqual([['Larch House', '2025-12-31']]);
    // An enrolment in progress whose insurance expires within the report's 60 days.
    const expiring = await ctx.enrolment.expiringEvidence(org);
    expect(expiring.items.map((i) => [i.providerName, i.heading, i.daysLeft])).toEqual([
      ['Magnolia Care Group', 'Insurance', 30],
    ]);
    const market = await ctx.reports.market(org, ['2025/26']);
    expect(market.rows.find((r) => r.category === 'nursing')?.rag).toEqual({
      Red: 0,
      Amber: 0,
      Green: 1,
      notVisited: 0,
    });
  } finally {
    await db.close();
  }
});
