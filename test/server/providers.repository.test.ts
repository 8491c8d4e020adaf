/**
 * The provider record through ctx.providers, as other features (care packages) use it:
 * providers, locations, evidence and escalation on both databases, and the standing on a date.
 */
import { toErrorResponse } from '../../server/src/platform/http/errors';
import { describeEachDatabase, startTestService, type TestService } from './helpers';

/** What the service would answer for the repository's error: its status, code and path. */
async function httpErrorOf(
  promise: Promise<unknown>,
): Promise<{ status: number; code: string; message: string; path: Array<string | number> }> {
  try {
    await promise;
  } catch (e) {
    const mapped = toErrorResponse(e);
    expect(mapped).not.toBeNull();
    return { status: mapped!.status, ...mapped!.body.error };
  }
  throw new Error('expected an error');
}

describeEachDatabase('provider record', (driver) => {
  let svc: TestService;
  beforeAll(async () => {
    svc = await startTestService({ driver });
  });
  afterAll(() => svc.close());

  const as = (role: 'editor' | 'editor2' | 'approver' | 'approver2') => svc.users[role].principal;

  test('a provider with one location stands as that location; reasons name the evidence', async () => {
    const providers = svc.ctx.providers;
    const p = await providers.createProvider(as('editor'), {
      name: 'Oak House Care Ltd',
      companyNumber: '01234567',
    });
    const home = await providers.addLocation(as('editor'), p.id, {
      name: 'Oak House',
      cqcLocationId: '1-100000001',
      serviceType: 'residential',
      categories: ['older-residential'],
      beds: 40,
    });
    await providers.recordInspection(as('editor'), home.id, {
      date: '2025-03-04',
      body: 'council',
      kind: 'full',
      result: 'Bronze',
    });
    await providers.recordPlan(as('editor'), home.id, {
      opened: '2025-03-10',
      deadline: '2025-09-01',
      summary: 'medication audits',
    });
    // By provider id, location id or CQC location ID alike.
    for (const ref of [p.id, home.id, '1-100000001']) {
      expect(await providers.standingAsOf(svc.orgId, ref, '2025-09-02')).toEqual({
        asOf: '2025-09-02',
        providerId: p.id,
        providerName: 'Oak House Care Ltd',
        locationId: home.id,
        locationName: 'Oak House',
        cqcLocationId: '1-100000001',
        rating: 'Bronze',
        bronzeDeductionApplies: true,
        suspended: false,
        stage: null,
        reasons: [
          'most recent full inspection: council full inspection on 2025-03-04 (Bronze) → Bronze',
          'improvement deadline 2025-09-01 passed unvalidated → Bronze price on new packages',
        ],
      });
    }
    // A package starting before the deadline pays the standard price.
    expect(
      (await providers.standingAsOf(svc.orgId, home.id, '2025-08-31')).bronzeDeductionApplies,
    ).toBe(false);
    // Inside a caller's transaction, too.
    const inTx = await svc.ctx.db.transaction((tx) =>
      providers.standingAsOf(svc.orgId, p.id, '2025-09-02', tx),
    );
    expect(inTx.rating).toBe('Bronze');
  });

  test('escalation: proposed, then decided by another approver; Contract Suspension suspends from its date', async () => {
    const providers = svc.ctx.providers;
    const p = await providers.createProvider(as('editor'), { name: 'Elm Lodge Ltd' });
    const home = await providers.addLocation(as('editor'), p.id, {
      name: 'Elm Lodge',
      serviceType: 'nursing',
    });
    await providers.recordInspection(as('editor'), home.id, {
      date: '2025-01-10',
      body: 'CQC',
      kind: 'full',
      result: 'Good',
    });
    const step = await providers.proposeEscalation(as('approver'), p.id, {
      stage: 'contract_suspension',
      effectiveOn: '2025-05-01',
      reason: 'safeguarding concerns at the annual visit',
    });
    // Not in force until decided, and not by the approver who proposed it.
    expect((await providers.standingAsOf(svc.orgId, p.id, '2025-06-01')).suspended).toBe(false);
    const own = await httpErrorOf(providers.decideEscalation(as('approver'), step.id, 'approved'));
    expect([own.status, own.code]).toEqual([403, 'SEPARATION_OF_DUTIES']);
    const decided = await providers.decideEscalation(as('approver2'), step.id, 'approved');
    expect(decided).toMatchObject({ decision: 'approved', decidedBy: 'Test approver2' });
    const s = await providers.standingAsOf(svc.orgId, p.id, '2025-06-01');
    expect(s).toMatchObject({ rating: 'Silver', suspended: true, stage: 'contract_suspension' });
    expect(s.reasons.at(-1)).toBe(
      'Contract Suspension since 2025-05-01: suspended from new packages',
    );
    expect((await providers.standingAsOf(svc.orgId, p.id, '2025-04-30')).suspended).toBe(false);
    const again = await httpErrorOf(
      providers.decideEscalation(as('approver2'), step.id, 'rejected'),
    );
    expect(again.status).toBe(409);
    // A 90 Day Final Notice ends 90 days after it takes effect unless told otherwise.
    const notice = await providers.proposeEscalation(as('editor'), p.id, {
      stage: 'final_notice',
      effectiveOn: '2025-07-01',
      reason: 'no improvement',
    });
    expect(notice.endsOn).toBe('2025-09-29');
  });

  test('a provider with several locations stands as its weakest; every change is audited with before and after', async () => {
    const providers = svc.ctx.providers;
    const p = await providers.createProvider(as('editor'), { name: 'Birch Group' });
    const a = await providers.addLocation(as('editor'), p.id, {
      name: 'Birch North',
      serviceType: 'residential',
    });
    const b = await providers.addLocation(as('editor'), p.id, {
      name: 'Birch South',
      serviceType: 'residential',
    });
    await providers.recordInspection(as('editor'), a.id, {
      date: '2025-02-01',
      body: 'CQC',
      kind: 'full',
      result: 'Outstanding',
    });
    await providers.recordInspection(as('editor'), b.id, {
      date: '2025-02-01',
      body: 'NHS',
      kind: 'full',
      result: 'Red',
    });
    const s = await providers.standingAsOf(svc.orgId, p.id, '2025-03-01');
    expect(s).toMatchObject({ rating: 'Inadequate', suspended: true, locationId: null });
    expect(s.reasons).toContain('Birch South: Inadequate: suspended from new packages');
    expect((await providers.standingAsOf(svc.orgId, a.id, '2025-03-01')).rating).toBe('Gold');

    const moved = await providers.updateLocation(
      as('editor2'),
      a.id,
      { name: 'Birch North', serviceType: 'nursing', beds: 30 },
      1,
    );
    expect(moved.version).toBe(2);
    const stale = await httpErrorOf(
      providers.updateLocation(as('editor'), a.id, { name: 'X', serviceType: 'nursing' }, 1),
    );
    expect(stale.status).toBe(409);
    const log = await svc.ctx.audit.list(svc.orgId, { entityType: 'location', entityId: a.id });
    expect(log.map((e) => e.action)).toEqual([
      'location.update',
      'inspection.record',
      'location.create',
    ]);
    expect(log[0]).toMatchObject({
      actorName: 'Test editor2',
      before: { serviceType: 'residential', beds: null, version: 1 },
      after: { serviceType: 'nursing', beds: 30, version: 2 },
    });
  });

  test('bad evidence is refused with its field and nothing is written', async () => {
    const providers = svc.ctx.providers;
    const p = await providers.createProvider(as('editor'), { name: 'Cedar Care' });
    const home = await providers.addLocation(as('editor'), p.id, {
      name: 'Cedar',
      serviceType: 'residential',
    });
    const wrongScale = await httpErrorOf(
      providers.recordInspection(as('editor'), home.id, {
        date: '2025-01-10',
        body: 'CQC',
        kind: 'full',
        result: 'Gold',
      }),
    );
    expect([wrongScale.status, wrongScale.path]).toEqual([400, ['result']]);
    expect(wrongScale.message).toBe(
      'result "Gold" is not a CQC inspection result (Outstanding, Good, Requires Improvement, Inadequate)',
    );
    const future = await httpErrorOf(
      providers.recordInspection(as('editor'), home.id, {
        date: '2999-01-01',
        body: 'CQC',
        kind: 'full',
        result: 'Good',
      }),
    );
    expect([future.status, future.path]).toEqual([400, ['date']]);
    const unknown = await httpErrorOf(
      providers.recordInspection(as('editor'), 'no-such-location', {
        date: '2025-01-10',
        body: 'CQC',
        kind: 'full',
        result: 'Good',
      }),
    );
    expect([unknown.status, unknown.path]).toEqual([404, ['locationId']]);
    await providers.recordInspection(as('editor'), home.id, {
      date: '2025-01-10',
      body: 'CQC',
      kind: 'full',
      result: 'Good',
    });
    const twice = await httpErrorOf(
      providers.recordInspection(as('editor'), home.id, {
        date: '2025-01-10',
        body: 'CQC',
        kind: 'full',
        result: 'Good',
      }),
    );
    expect(twice.status).toBe(409);
    const evidence = await providers.listEvidence(svc.orgId, home.id);
    expect(evidence.inspections).toHaveLength(1);
    const log = await svc.ctx.audit.list(svc.orgId, { entityType: 'location', entityId: home.id });
    expect(log.map((e) => e.action)).toEqual(['inspection.record', 'location.create']);
    const missing = await httpErrorOf(
      svc.ctx.providers.standingAsOf(svc.orgId, 'nobody', '2025-01-01'),
    );
    expect([missing.status, missing.path]).toEqual([404, ['provider']]);
  });
});
