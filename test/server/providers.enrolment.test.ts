/**
 * Enrolment over HTTP (Sefton, seed 001, "Becoming an Approved Provider — Accreditation and
 * Enrolment"): a framework's checklist, evidence per criterion decided by an approver, the
 * enrolment's state decided by another approver, the standing that packages obey, expiring
 * evidence; roles, separation of duties and bad input.
 */
import request from 'supertest';
import { describeEachDatabase, startTestService, type TestService } from './helpers';

describeEachDatabase('provider enrolment', (driver) => {
  let s: TestService;
  let providerId: string;
  let frameworkId: string;
  beforeAll(async () => {
    s = await startTestService({ driver });
    const editor = s.users.editor.principal;
    const p = await s.ctx.providers.createProvider(editor, { name: 'Hazel Care Ltd' });
    const l = await s.ctx.providers.addLocation(editor, p.id, {
      name: 'Hazel House',
      serviceType: 'residential',
      categories: ['older-residential'],
    });
    await s.ctx.providers.recordInspection(editor, l.id, {
      date: '2025-01-10',
      body: 'CQC',
      kind: 'full',
      result: 'Good',
    });
    providerId = p.id;
  }, 120_000);
  afterAll(() => s.close());
  const api = () => request(s.app);

  // Seed 001: "Accreditation and Enrolment — Company Details, Key Supplier Information,
  // Economic & Financial Standing, Grounds for Mandatory Exclusion, Insurance".
  test("a new framework's default checklist is Sefton's five entry-criteria headings; only admins make one", async () => {
    await api()
      .post('/api/v1/enrolment-frameworks')
      .set('Authorization', s.auth('approver'))
      .send({ name: 'Care homes DPS' })
      .expect(403);
    const made = await api()
      .post('/api/v1/enrolment-frameworks')
      .set('Authorization', s.auth('admin'))
      .send({ name: 'Care homes DPS' })
      .expect(201);
    frameworkId = made.body.id;
    expect(made.headers.location).toBe(`/api/v1/enrolment-frameworks/${frameworkId}`);
    expect(made.body).toEqual({
      id: frameworkId,
      name: 'Care homes DPS',
      version: 1,
      criteria: [
        { key: 'company-details', heading: 'Company Details', guidance: '', expires: false },
        {
          key: 'key-supplier-information',
          heading: 'Key Supplier Information',
          guidance: '',
          expires: false,
        },
        {
          key: 'economic-financial-standing',
          heading: 'Economic & Financial Standing',
          guidance: '',
          expires: false,
        },
        {
          key: 'mandatory-exclusion',
          heading: 'Grounds for Mandatory Exclusion',
          guidance: '',
          expires: false,
        },
        { key: 'insurance', heading: 'Insurance', guidance: '', expires: true },
      ],
    });
    const dup = await api()
      .post('/api/v1/enrolment-frameworks')
      .set('Authorization', s.auth('admin'))
      .send({
        name: 'Other',
        criteria: [
          { key: 'a', heading: 'A' },
          { key: 'a', heading: 'B' },
        ],
      })
      .expect(400);
    expect(dup.body.error.path).toEqual(['body', 'criteria', 1, 'key']);
    const same = await api()
      .post('/api/v1/enrolment-frameworks')
      .set('Authorization', s.auth('admin'))
      .send({ name: 'Care homes DPS' })
      .expect(409);
    expect(same.body.error.path).toEqual(['name']);
    const list = await api()
      .get('/api/v1/enrolment-frameworks')
      .set('Authorization', s.auth('viewer'))
      .expect(200);
    expect(list.body.items.map((f: { name: string }) => f.name)).toEqual(['Care homes DPS']);
  });

  test('apply, evidence per criterion (insurance needs its expiry), approvers decide, accreditation needs every criterion met', async () => {
    const applied = await api()
      .post('/api/v1/enrolments')
      .set('Authorization', s.auth('editor'))
      .send({ providerId, frameworkId, appliedOn: '2025-03-01' })
      .expect(201);
    const id = applied.body.id as string;
    expect(applied.body).toMatchObject({
      providerName: 'Hazel Care Ltd',
      frameworkName: 'Care homes DPS',
      state: 'applied',
      stateSince: '2025-03-01',
      version: 1,
    });
    expect(applied.body.checklist.map((c: { status: string }) => c.status)).toEqual([
      'missing',
      'missing',
      'missing',
      'missing',
      'missing',
    ]);
    await api()
      .post('/api/v1/enrolments')
      .set('Authorization', s.auth('editor'))
      .send({ providerId, frameworkId })
      .expect(409);

    // Bad input: unknown criterion, insurance without expiry; nothing written.
    const unknown = await api()
      .post(`/api/v1/enrolments/${id}/evidence`)
      .set('Authorization', s.auth('editor'))
      .send({ criterion: 'pets', evidence: 'cat policy' })
      .expect(400);
    expect(unknown.body.error.path).toEqual(['criterion']);
    const noExpiry = await api()
      .post(`/api/v1/enrolments/${id}/evidence`)
      .set('Authorization', s.auth('editor'))
      .send({ criterion: 'insurance', evidence: 'Public liability £10m, policy PL-1' })
      .expect(400);
    expect(noExpiry.body.error).toMatchObject({
      message: 'Insurance evidence needs the date it expires',
      path: ['expiresOn'],
    });
    await api()
      .post(`/api/v1/enrolments/${id}/evidence`)
      .set('Authorization', s.auth('viewer'))
      .send({ criterion: 'company-details', evidence: 'x' })
      .expect(403);

    const evidence: Record<string, string> = {};
    for (const [criterion, text, expiresOn] of [
      ['company-details', 'Companies House 07654321', null],
      ['key-supplier-information', 'Registered manager and directors listed', null],
      ['economic-financial-standing', 'Audited accounts 2024', null],
      ['mandatory-exclusion', 'Signed declaration: no grounds', null],
      ['insurance', 'Public liability £10m, policy PL-1', '2025-06-30'],
    ] as const) {
      const res = await api()
        .post(`/api/v1/enrolments/${id}/evidence`)
        .set('Authorization', s.auth('editor'))
        .send({ criterion, evidence: text, expiresOn })
        .expect(201);
      expect(res.body).toMatchObject({ decision: 'pending', expiresOn, recordedBy: 'Test editor' });
      evidence[criterion] = res.body.id;
    }

    // Accreditation before the evidence is met: refused, naming what is missing.
    const early = await api()
      .post(`/api/v1/enrolments/${id}/decision`)
      .set('Authorization', s.auth('approver'))
      .send({ state: 'accredited', effectiveOn: '2025-04-01', note: 'all in', version: 1 })
      .expect(409);
    expect(early.body.error.message).toBe(
      'cannot accredit: Company Details is pending; Key Supplier Information is pending; Economic & Financial Standing is pending; Grounds for Mandatory Exclusion is pending; Insurance is pending on 2025-04-01',
    );

    // Approvers decide evidence, never their own: an approver who recorded some cannot decide it.
    const own = await api()
      .post(`/api/v1/enrolments/${id}/evidence`)
      .set('Authorization', s.auth('approver2'))
      .send({ criterion: 'company-details', evidence: 'Companies House 07654321 (re-checked)' })
      .expect(201);
    const refused = await api()
      .post(`/api/v1/enrolment-evidence/${own.body.id}/decision`)
      .set('Authorization', s.auth('approver2'))
      .send({ decision: 'met' })
      .expect(403);
    expect(refused.body.error.code).toBe('SEPARATION_OF_DUTIES');
    evidence['company-details'] = own.body.id;
    await api()
      .post(`/api/v1/enrolment-evidence/${own.body.id}/decision`)
      .set('Authorization', s.auth('editor'))
      .send({ decision: 'met' })
      .expect(403);
    for (const ev of Object.values(evidence))
      await api()
        .post(`/api/v1/enrolment-evidence/${ev}/decision`)
        .set('Authorization', s.auth('approver'))
        .send({ decision: 'met', note: 'seen' })
        .expect(200);
    await api()
      .post(`/api/v1/enrolment-evidence/${evidence.insurance}/decision`)
      .set('Authorization', s.auth('approver'))
      .send({ decision: 'not_met' })
      .expect(409);

    // The application's recorder cannot decide it; a stale version is refused.
    const byApplicant = await api()
      .post(`/api/v1/enrolments/${id}/decision`)
      .set('Authorization', s.auth('editor'))
      .send({ state: 'accredited', effectiveOn: '2025-04-01', note: 'all in', version: 1 })
      .expect(403);
    expect(byApplicant.body.error.code).toBe('FORBIDDEN');
    // Insurance has lapsed by 2025-07-01: no accreditation from then.
    const lapsed = await api()
      .post(`/api/v1/enrolments/${id}/decision`)
      .set('Authorization', s.auth('approver'))
      .send({ state: 'accredited', effectiveOn: '2025-07-01', note: 'all in', version: 1 })
      .expect(409);
    expect(lapsed.body.error.message).toBe('cannot accredit: Insurance is expired on 2025-07-01');
    const accredited = await api()
      .post(`/api/v1/enrolments/${id}/decision`)
      .set('Authorization', s.auth('approver'))
      .send({
        state: 'accredited',
        effectiveOn: '2025-04-01',
        note: 'all criteria met',
        version: 1,
      })
      .expect(200);
    expect(accredited.body).toMatchObject({
      state: 'accredited',
      stateSince: '2025-04-01',
      version: 2,
    });
    expect(accredited.body.decisions).toEqual([
      expect.objectContaining({
        state: 'applied',
        effectiveOn: '2025-03-01',
        decidedBy: 'Test editor',
      }),
      expect.objectContaining({
        state: 'accredited',
        effectiveOn: '2025-04-01',
        note: 'all criteria met',
        decidedBy: 'Test approver',
      }),
    ]);
    const stale = await api()
      .post(`/api/v1/enrolments/${id}/decision`)
      .set('Authorization', s.auth('approver'))
      .send({ state: 'suspended', effectiveOn: '2025-05-01', note: 'stale', version: 1 })
      .expect(409);
    expect(stale.body.error.path).toEqual(['version']);

    // Expiring evidence is listed before it expires (60 days by default), then as expired.
    const soon = await api()
      .get('/api/v1/reports/expiring-evidence?asOf=2025-05-15')
      .set('Authorization', s.auth('viewer'))
      .expect(200);
    expect(soon.body).toEqual({
      asOf: '2025-05-15',
      until: '2025-07-14',
      items: [
        {
          enrolmentId: id,
          providerId,
          providerName: 'Hazel Care Ltd',
          frameworkName: 'Care homes DPS',
          criterion: 'insurance',
          heading: 'Insurance',
          evidenceId: evidence.insurance,
          expiresOn: '2025-06-30',
          daysLeft: 46,
          expired: false,
        },
      ],
    });
    const notYet = await api()
      .get('/api/v1/reports/expiring-evidence?asOf=2025-04-01&within=30')
      .set('Authorization', s.auth('viewer'))
      .expect(200);
    expect(notYet.body.items).toEqual([]);
    const after = await api()
      .get('/api/v1/reports/expiring-evidence?asOf=2025-07-02')
      .set('Authorization', s.auth('viewer'))
      .expect(200);
    expect(after.body.items[0]).toMatchObject({ daysLeft: -2, expired: true });

    // The audit log holds every step.
    const history = await api()
      .get(`/api/v1/providers/${providerId}/history`)
      .set('Authorization', s.auth('viewer'))
      .expect(200);
    const actions = history.body.items.map((i: { action: string }) => i.action);
    expect(actions.filter((a: string) => a.startsWith('enrolment.'))).toEqual([
      'enrolment.accredited',
      ...Array(5).fill('enrolment.evidence.met'),
      ...Array(6).fill('enrolment.evidence'),
      'enrolment.apply',
    ]);

    // Suspension by an approver: the standing on and after that date is suspended, before it not;
    // reinstating keeps the history (the standing as of a past date reads the decision then).
    await api()
      .post(`/api/v1/enrolments/${id}/decision`)
      .set('Authorization', s.auth('approver2'))
      .send({ state: 'suspended', effectiveOn: '2025-08-01', note: 'insurance lapsed', version: 2 })
      .expect(200);
    await api()
      .post(`/api/v1/enrolments/${id}/decision`)
      .set('Authorization', s.auth('approver'))
      .send({ state: 'applied', effectiveOn: '2025-09-01', note: 'back', version: 3 })
      .expect(400);
    const before = await s.ctx.providers.standingAsOf(s.orgId, providerId, '2025-07-31');
    const during = await s.ctx.providers.standingAsOf(s.orgId, providerId, '2025-08-01');
    expect(before).toMatchObject({ rating: 'Silver', suspended: false });
    expect(during).toMatchObject({ rating: 'Silver', suspended: true });
    expect(during.reasons).toContain('enrolment suspended since 2025-08-01: no new packages');
    await api()
      .post(`/api/v1/enrolments/${id}/decision`)
      .set('Authorization', s.auth('approver'))
      .send({ state: 'accredited', effectiveOn: '2025-09-01', note: 'renewed', version: 3 })
      .expect(409); // insurance expired: renew first
    await api()
      .post(`/api/v1/enrolments/${id}/decision`)
      .set('Authorization', s.auth('approver'))
      .send({ state: 'excluded', effectiveOn: '2025-09-01', note: 'no renewal', version: 3 })
      .expect(200);
    const excludedFinal = await api()
      .post(`/api/v1/enrolments/${id}/decision`)
      .set('Authorization', s.auth('approver2'))
      .send({ state: 'accredited', effectiveOn: '2025-10-01', note: 'again', version: 4 })
      .expect(409);
    expect(excludedFinal.body.error.message).toBe(
      'an enrolment that is excluded cannot become accredited (excluded is final)',
    );
    expect(await s.ctx.providers.standingAsOf(s.orgId, providerId, '2025-07-31')).toMatchObject({
      suspended: false,
    });
    const excluded = await s.ctx.providers.standingAsOf(s.orgId, providerId, '2025-09-02');
    expect(excluded.reasons).toContain('enrolment excluded since 2025-09-01: no new packages');
    // Excluded enrolments drop out of the expiring-evidence report.
    const gone = await api()
      .get('/api/v1/reports/expiring-evidence?asOf=2025-07-02')
      .set('Authorization', s.auth('viewer'))
      .expect(200);
    expect(gone.body.items).toEqual([]);
  });

  test('a provider whose enrolment is suspended cannot offer for a new package (the packages chain reads the standing)', async () => {
    const editor = s.users.editor.principal;
    const p = await s.ctx.providers.createProvider(editor, { name: 'Walnut Care' });
    const l = await s.ctx.providers.addLocation(editor, p.id, {
      name: 'Walnut House',
      serviceType: 'residential',
      categories: ['older-residential'],
    });
    await s.ctx.providers.recordInspection(editor, l.id, {
      date: '2025-01-10',
      body: 'CQC',
      kind: 'full',
      result: 'Good',
    });
    // An approver may record an application too, but then another approver decides it.
    const approver = s.users.approver.principal;
    const e = await s.ctx.enrolment.apply(approver, {
      providerId: p.id,
      frameworkId,
      appliedOn: '2025-01-01',
    });
    const decide = (who: 'approver' | 'approver2', state: 'suspended' | 'excluded') =>
      api().post(`/api/v1/enrolments/${e.id}/decision`).set('Authorization', s.auth(who)).send({
        state,
        effectiveOn: '2025-02-01',
        note: 'failed the financial checks',
        version: 1,
      });
    const own = await decide('approver', 'excluded').expect(403);
    expect(own.body.error).toMatchObject({
      code: 'SEPARATION_OF_DUTIES',
      message:
        'an enrolment is decided by an approver other than the one who recorded the application',
    });
    const notAMove = await decide('approver2', 'suspended').expect(409);
    expect(notAMove.body.error.message).toBe(
      'an enrolment that is applied cannot become suspended (it can become accredited or excluded)',
    );
    await decide('approver2', 'excluded').expect(200);
    const link = await api()
      .post('/api/v1/provider-links')
      .set('Authorization', s.auth('editor'))
      .send({ providerId: p.id, label: 'Walnut manager' })
      .expect(201);
    const requirement = await api()
      .post('/api/v1/requirements')
      .set('Authorization', s.auth('editor'))
      .send({
        personReference: 'P-000999',
        needs: { kind: 'category', category: 'older-residential' },
        sharedSummary: 'Older person',
        category: 'older-residential',
        area: 'North',
        startDate: '2025-04-03',
        funding: 'council',
        questions: [],
        closesAt: new Date(Date.now() + 3600_000).toISOString(),
      })
      .expect(201);
    const offer = await api()
      .post(`/p/${link.body.token}/api/requirements/${requirement.body.requirement.id}/offer`)
      .send({ confirmsNeeds: true, weeklyPrice: '900.00', answers: [] })
      .expect(422);
    expect(offer.body.error.path).toEqual(['providerId']);
    expect(offer.body.error.message).toContain(
      'enrolment excluded since 2025-02-01: no new packages',
    );
  });
});
