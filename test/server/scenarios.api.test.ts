import express from 'express';
import ExcelJS from 'exceljs';
import request from 'supertest';
import { errorMiddleware } from '../../server/src/platform/http/errors';
import { scenarioPublicRouter } from '../../server/src/scenarios/routes';
import { createLogger } from '../../server/src/logger';
import { systemActor } from '../../server/src/rateCards/repository';
import { createApp } from '../../server/src/app';
import { openDatabase } from '../../server/src/platform/db/database';
import { migrate } from '../../server/src/platform/db/migrate';
import { seedDemo } from '../../server/src/demo/seed';
import { DEMO_SHARE_TOKEN } from '../../server/src/scenarios/demo';
import { createContext } from '../../server/src/services';
import { describeEachDatabase, startTestService, testConfig, type TestService } from './helpers';
import { currentCardInput, upliftInput } from './scenarios.fixtures';

const HOUR = 3600_000;
const at = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString();

const goodResponse = {
  organisationName: 'Oak House Care Ltd',
  contactName: 'A. Manager',
  contactEmail: 'manager@oakhouse.example',
  cqcLocationId: '1-123456789',
  position: 'support-with-changes',
  comments: [{ category: 'ld', band: '2', text: 'Band 2 night staffing costs more than this.' }],
  costEvidence: [
    {
      category: 'ld',
      band: '2',
      description: 'Waking night staff',
      amount: '812.50',
      unit: 'per-week',
    },
  ],
};

async function approvedCard(s: TestService, input = currentCardInput) {
  const draft = await s.ctx.cards.createDraft(s.users.editor.principal, input);
  await s.ctx.cards.submit(s.users.editor.principal, draft.meta.id, draft.meta.version);
  return s.ctx.cards.approve(s.users.approver.principal, draft.meta.id, draft.meta.version);
}

describeEachDatabase('rate scenarios shared with providers', (driver) => {
  let s: TestService;
  const editor = () => s.auth('editor');

  async function createScenario(body: Record<string, unknown> = {}) {
    const res = await request(s.app)
      .post('/api/v1/scenarios')
      .set('Authorization', editor())
      .send({
        title: 'Care home fees 2026/27: consultation draft',
        baseCard: { id: 'test-homes', version: 1 },
        proposed: { uplift: upliftInput },
        assumptions: { notes: 'For discussion at the provider forum.' },
        opensAt: at(-HOUR),
        closesAt: at(24 * HOUR),
        ...body,
      });
    expect(res.status).toBe(201);
    return res.body.scenario as { id: string; title: string };
  }

  async function share(
    scenarioId: string,
    body: Record<string, unknown> = { label: 'Provider forum' },
  ) {
    const res = await request(s.app)
      .post(`/api/v1/scenarios/${scenarioId}/links`)
      .set('Authorization', editor())
      .send(body);
    expect(res.status).toBe(201);
    return res.body as { link: { id: string }; token: string; url: string };
  }

  beforeAll(async () => {
    s = await startTestService({ driver });
    await approvedCard(s);
  });
  afterAll(async () => {
    await s.close();
  });

  test('an editor shares an uplift scenario; providers see current beside proposed and respond; commissioners read the responses', async () => {
    const scenario = await createScenario();
    const listed = await request(s.app)
      .get('/api/v1/scenarios')
      .set('Authorization', s.auth('viewer'))
      .expect(200);
    expect(listed.body.items.map((x: { id: string }) => x.id)).toContain(scenario.id);
    const got = await request(s.app)
      .get(`/api/v1/scenarios/${scenario.id}`)
      .set('Authorization', s.auth('viewer'))
      .expect(200);
    expect(got.body.scenario).toMatchObject({
      status: 'open',
      baseCard: { id: 'test-homes', version: 1, status: 'approved' },
      proposed: { kind: 'uplift', version: null },
    });
    expect(got.body.scenario.assumptions).toEqual({
      cpihChange: '0.038',
      nlwChange: '0.067',
      notes: 'For discussion at the provider forum.',
    });

    const { token, url, link } = await share(scenario.id);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(url).toMatch(new RegExp(`/s/${token}$`));

    const data = await request(s.app).get(`/s/${token}/data`).expect(200);
    expect(data.headers['cache-control']).toBe('no-store');
    expect(data.headers['referrer-policy']).toBe('no-referrer');
    expect(data.body.status).toBe('open');
    expect(data.body.hotel).toEqual({
      current: '300.00',
      proposed: '311.40',
      change: { pounds: '11.40', percent: '3.80' },
    });
    expect(data.body.rows.find((r: { key: string }) => r.key === 'ld/2')).toMatchObject({
      current: { weekly: '700.00' },
      proposed: { weekly: '738.20' },
      change: { pounds: '38.20', percent: '5.46' },
    });
    expect(data.body.assumptionText).toContain(
      'Care costs rise by the National Living Wage increase, 6.7%.',
    );

    const posted = await request(s.app)
      .post(`/s/${token}/responses`)
      .send(goodResponse)
      .expect(201);
    expect(posted.body.response.reference).toMatch(/^[2-9A-HJ-NP-Z]{8}$/);

    const responses = await request(s.app)
      .get(`/api/v1/scenarios/${scenario.id}/responses`)
      .set('Authorization', s.auth('viewer'))
      .expect(200);
    expect(responses.body.items).toHaveLength(1);
    expect(responses.body.items[0]).toMatchObject({
      organisationName: 'Oak House Care Ltd',
      linkLabel: 'Provider forum',
      position: 'support-with-changes',
      cqcLocationId: '1-123456789',
    });

    const summary = await request(s.app)
      .get(`/api/v1/scenarios/${scenario.id}/responses/summary`)
      .set('Authorization', s.auth('viewer'))
      .expect(200);
    expect(summary.body.summary.positions).toEqual({
      support: 0,
      'support-with-changes': 1,
      oppose: 0,
    });
    expect(
      summary.body.summary.rows.find((r: { key: string }) => r.key === 'ld/2').comments[0].text,
    ).toMatch(/night staffing/);

    const csv = await request(s.app)
      .get(`/api/v1/scenarios/${scenario.id}/responses/export.csv`)
      .set('Authorization', s.auth('viewer'))
      .expect(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.text).toContain('Oak House Care Ltd');
    const xlsx = await request(s.app)
      .get(`/api/v1/scenarios/${scenario.id}/responses/export.xlsx`)
      .set('Authorization', s.auth('viewer'))
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as ExcelJS.Buffer);
    expect(wb.getWorksheet('Responses')!.getCell('N3').value).toBe(812.5);

    // The provider downloads: CSV and xlsx of the rates.
    const rates = await request(s.app).get(`/s/${token}/export.csv`).expect(200);
    expect(rates.text).toContain(
      'Learning disability,Band 2,300.00,400.00,700.00,311.40,426.80,738.20,38.20,5.46',
    );

    // Links list counts and never shows the token.
    const links = await request(s.app)
      .get(`/api/v1/scenarios/${scenario.id}/links`)
      .set('Authorization', s.auth('viewer'))
      .expect(200);
    expect(links.body.items[0]).toMatchObject({
      id: link.id,
      label: 'Provider forum',
      revokedAt: null,
    });
    expect(JSON.stringify(links.body)).not.toContain(token);

    // Every step is in the audit log.
    const audit = await s.ctx.audit.list(s.orgId, {
      entityType: 'scenario',
      entityId: scenario.id,
    });
    expect(audit.map((a) => a.action).sort()).toEqual([
      'scenario.create',
      'scenario.link.create',
      'scenario.response.create',
    ]);
  });

  test('a stored draft can be the proposal; a draft cannot be the base', async () => {
    const draft = await s.ctx.cards.createDraft(s.users.editor.principal, {
      ...currentCardInput,
      hotelCost: '305.00',
    });
    const scenario = await createScenario({
      proposed: { id: 'test-homes', version: draft.meta.version },
      assumptions: { cpihChange: '0.0167' },
    });
    const { token } = await share(scenario.id);
    const data = await request(s.app).get(`/s/${token}/data`).expect(200);
    expect(data.body.proposed).toMatchObject({
      id: 'test-homes',
      version: draft.meta.version,
      status: 'draft',
    });
    expect(data.body.hotel.change).toEqual({ pounds: '5.00', percent: '1.67' });
    const bad = await request(s.app)
      .post('/api/v1/scenarios')
      .set('Authorization', editor())
      .send({
        title: 'x',
        baseCard: { id: 'test-homes', version: draft.meta.version },
        proposed: { uplift: upliftInput },
        opensAt: at(0),
        closesAt: at(HOUR),
      });
    expect(bad.status).toBe(409);
  });

  test('creating checks roles and the body, naming the field', async () => {
    await request(s.app)
      .post('/api/v1/scenarios')
      .set('Authorization', s.auth('viewer'))
      .send({})
      .expect(403);
    await request(s.app).post('/api/v1/scenarios').send({}).expect(401);
    const res = await request(s.app)
      .post('/api/v1/scenarios')
      .set('Authorization', editor())
      .send({
        title: 'x',
        baseCard: { id: 'test-homes', version: 1 },
        proposed: { uplift: upliftInput },
        opensAt: at(HOUR),
        closesAt: at(0),
      })
      .expect(400);
    expect(res.body.error.path).toEqual(['closesAt']);
    const missing = await request(s.app)
      .post('/api/v1/scenarios')
      .set('Authorization', editor())
      .send({
        title: 'x',
        baseCard: { id: 'no-such-card', version: 1 },
        proposed: { uplift: upliftInput },
        opensAt: at(0),
        closesAt: at(HOUR),
      });
    expect(missing.status).toBe(404);
  });

  test('a response is checked field by field against the scenario rows', async () => {
    const scenario = await createScenario();
    const { token } = await share(scenario.id);
    const badEmail = await request(s.app)
      .post(`/s/${token}/responses`)
      .send({ ...goodResponse, contactEmail: 'nope' })
      .expect(400);
    expect(badEmail.body.error).toMatchObject({ code: 'INVALID_INPUT', path: ['contactEmail'] });
    expect(badEmail.body.error.message).toMatch(/email address/);
    const badBand = await request(s.app)
      .post(`/s/${token}/responses`)
      .send({ ...goodResponse, comments: [{ category: 'ld', band: '7', text: 'x' }] })
      .expect(400);
    expect(badBand.body.error.path).toEqual(['comments', 0, 'band']);
    const badMoney = await request(s.app)
      .post(`/s/${token}/responses`)
      .send({
        ...goodResponse,
        costEvidence: [
          { category: null, band: null, description: 'x', amount: '-5', unit: 'per-week' },
        ],
      })
      .expect(400);
    expect(badMoney.body.error.path).toEqual(['costEvidence', 0, 'amount']);
    const badCqc = await request(s.app)
      .post(`/s/${token}/responses`)
      .send({ ...goodResponse, cqcLocationId: '12345' })
      .expect(400);
    expect(badCqc.body.error.message).toMatch(/1-123456789/);
  });

  test('a token opens its own scenario only, and nothing of the API', async () => {
    const a = await createScenario({ title: 'Scenario A' });
    const b = await createScenario({ title: 'Scenario B' });
    const { token: tokenA } = await share(a.id);
    await share(b.id);
    const data = await request(s.app).get(`/s/${tokenA}/data`).expect(200);
    expect(data.body.title).toBe('Scenario A');
    const text = JSON.stringify(data.body);
    for (const secret of [
      s.orgId,
      b.id,
      a.id,
      'Scenario B',
      ...Object.values(s.users).map((u) => u.principal.userId),
      'Test editor',
      'Test approver',
    ]) {
      expect(text).not.toContain(secret);
    }
    // The share token is not an API credential.
    for (const path of [
      '/api/v1/rate-cards',
      `/api/v1/scenarios/${a.id}`,
      `/api/v1/scenarios/${b.id}`,
      '/api/v1/me',
    ]) {
      await request(s.app).get(path).set('Authorization', `Bearer ${tokenA}`).expect(401);
    }
    // Another organisation's people cannot see it through the API either.
    const org2 = await s.ctx.orgs.createOrganisation(systemActor, 'Another Council');
    const user2 = await s.ctx.orgs.createUser(systemActor, org2.id, 'Other editor', 'editor');
    const { token: token2 } = await s.ctx.orgs.createToken(systemActor, user2.id, 'other');
    await request(s.app)
      .get(`/api/v1/scenarios/${a.id}`)
      .set('Authorization', `Bearer ${token2}`)
      .expect(404);
    await request(s.app)
      .get(`/api/v1/scenarios/${a.id}/responses`)
      .set('Authorization', `Bearer ${token2}`)
      .expect(404);
    await request(s.app)
      .post(`/api/v1/scenarios/${a.id}/links`)
      .set('Authorization', `Bearer ${token2}`)
      .send({ label: 'x' })
      .expect(404);
    const list = await request(s.app)
      .get('/api/v1/scenarios')
      .set('Authorization', `Bearer ${token2}`)
      .expect(200);
    expect(list.body.items).toEqual([]);
  });

  test('unknown, expired and revoked links all answer the same 404', async () => {
    const scenario = await createScenario();
    const revoked = await share(scenario.id, { label: 'Revoked' });
    const expiring = await share(scenario.id, { label: 'Expiring', expiresAt: at(1500) });
    const kept = await share(scenario.id, { label: 'Kept' });
    await request(s.app).get(`/s/${revoked.token}/data`).expect(200);
    await request(s.app).get(`/s/${expiring.token}/data`).expect(200);

    const del = await request(s.app)
      .delete(`/api/v1/scenarios/${scenario.id}/links/${revoked.link.id}`)
      .set('Authorization', editor())
      .expect(200);
    expect(del.body.link.revokedAt).not.toBeNull();
    await request(s.app)
      .delete(`/api/v1/scenarios/${scenario.id}/links/${revoked.link.id}`)
      .set('Authorization', s.auth('viewer'))
      .expect(403);
    await new Promise((r) => setTimeout(r, 1600));

    const unknown = await request(s.app)
      .get(`/s/${'A'.repeat(43)}/data`)
      .expect(404);
    const afterRevoke = await request(s.app).get(`/s/${revoked.token}/data`).expect(404);
    const afterExpiry = await request(s.app).get(`/s/${expiring.token}/data`).expect(404);
    const garbage = await request(s.app).get(`/s/not-a-token/data`).expect(404);
    expect(afterRevoke.body).toEqual(unknown.body);
    expect(afterExpiry.body).toEqual(unknown.body);
    expect(garbage.body).toEqual(unknown.body);
    for (const t of [revoked.token, expiring.token]) {
      await request(s.app).post(`/s/${t}/responses`).send(goodResponse).expect(404);
      await request(s.app).get(`/s/${t}/export.xlsx`).expect(404);
      await request(s.app).get(`/s/${t}`).expect(404);
    }
    await request(s.app).get(`/s/${kept.token}/data`).expect(200);
    await request(s.app)
      .post(`/api/v1/scenarios/${scenario.id}/links`)
      .set('Authorization', editor())
      .send({ label: 'Past', expiresAt: at(-HOUR) })
      .expect(400);
  });

  test('twenty responses arriving at once are all stored', async () => {
    const scenario = await createScenario();
    const { token } = await share(scenario.id);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        request(s.app)
          .post(`/s/${token}/responses`)
          .send({ ...goodResponse, organisationName: `Provider ${i}` }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(201));
    const stored = await request(s.app)
      .get(`/api/v1/scenarios/${scenario.id}/responses`)
      .set('Authorization', s.auth('viewer'))
      .expect(200);
    expect(
      new Set(stored.body.items.map((r: { organisationName: string }) => r.organisationName)).size,
    ).toBe(20);
  });

  test('responses only while the consultation is open', async () => {
    const upcoming = await createScenario({ opensAt: at(HOUR), closesAt: at(2 * HOUR) });
    const closed = await createScenario({ opensAt: at(-2 * HOUR), closesAt: at(-HOUR) });
    const u = await share(upcoming.id);
    const c = await share(closed.id);
    const early = await request(s.app)
      .post(`/s/${u.token}/responses`)
      .send(goodResponse)
      .expect(409);
    expect(early.body.error.code).toBe('CONSULTATION_NOT_OPEN');
    const late = await request(s.app)
      .post(`/s/${c.token}/responses`)
      .send(goodResponse)
      .expect(409);
    expect(late.body.error).toMatchObject({ code: 'CONSULTATION_CLOSED' });
    expect(late.body.error.message).toMatch(/closed on .* no longer accepted/);
    expect((await request(s.app).get(`/s/${c.token}/data`).expect(200)).body.status).toBe('closed');
    expect((await request(s.app).get(`/s/${u.token}/data`).expect(200)).body.status).toBe(
      'upcoming',
    );
  });

  test('one response per organisation: a second is refused, the private link changes it, and the summary counts it once, as changed', async () => {
    const scenario = await createScenario();
    const { token } = await share(scenario.id);
    const sent = await request(s.app).post(`/s/${token}/responses`).send(goodResponse).expect(201);
    const { changeToken, changeUrl, response } = sent.body as {
      changeToken: string;
      changeUrl: string;
      response: { reference: string };
    };
    expect(response.reference).toHaveLength(8);
    expect(changeToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(changeUrl).toMatch(new RegExp(`/s/${token}/response/${changeToken}$`));
    // Only the hash of the change token is stored, like a share link's.
    const stored = await s.ctx.db.query<{ edit_token_hash: string }>(
      'SELECT edit_token_hash FROM scenario_responses WHERE scenario_id = $1',
      [scenario.id],
    );
    expect(stored.rows[0]!.edit_token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(stored.rows)).not.toContain(changeToken);

    // The same organisation, typed differently, through the share link again: refused, pointing at the change link.
    const again = await request(s.app)
      .post(`/s/${token}/responses`)
      .send({ ...goodResponse, organisationName: '  oak house   CARE ltd ', position: 'oppose' })
      .expect(409);
    expect(again.body.error).toMatchObject({
      code: 'ALREADY_RESPONDED',
      path: ['organisationName'],
    });
    expect(again.body.error.message).toContain('use the private link');

    // The change link reads the response back and replaces it while the consultation is open.
    const read = await request(s.app).get(`/s/${token}/responses/${changeToken}`).expect(200);
    expect(read.body.response).toMatchObject({
      reference: response.reference,
      organisationName: 'Oak House Care Ltd',
      position: 'support-with-changes',
    });
    const changed = await request(s.app)
      .put(`/s/${token}/responses/${changeToken}`)
      .send({
        ...goodResponse,
        position: 'oppose',
        comments: [{ text: 'We cannot staff at this rate.' }],
      })
      .expect(200);
    expect(changed.body.response).toMatchObject({
      reference: response.reference,
      position: 'oppose',
    });
    await request(s.app)
      .put(`/s/${token}/responses/${'B'.repeat(43)}`)
      .send(goodResponse)
      .expect(404);

    const summary = await request(s.app)
      .get(`/api/v1/scenarios/${scenario.id}/responses/summary`)
      .set('Authorization', s.auth('viewer'))
      .expect(200);
    expect(summary.body.summary.responses).toBe(1);
    expect(summary.body.summary.positions).toEqual({
      support: 0,
      'support-with-changes': 0,
      oppose: 1,
    });
    const general = summary.body.summary.rows.find((r: { key: string }) => r.key === 'general');
    expect(general.comments.map((c: { text: string }) => c.text)).toEqual([
      'We cannot staff at this rate.',
    ]);
    const list = await request(s.app)
      .get(`/api/v1/scenarios/${scenario.id}/responses`)
      .set('Authorization', s.auth('viewer'))
      .expect(200);
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0].reference).toBe(response.reference);
    // Renaming through the change link onto another organisation's name is refused too.
    await request(s.app)
      .post(`/s/${token}/responses`)
      .send({ ...goodResponse, organisationName: 'Ash Lodge' })
      .expect(201);
    await request(s.app)
      .put(`/s/${token}/responses/${changeToken}`)
      .send({ ...goodResponse, organisationName: 'ash lodge' })
      .expect(409);
  });

  test('a link pasted with trailing punctuation opens; /s/ alone and a bad link answer a browser with a page and an API client with JSON', async () => {
    const scenario = await createScenario();
    const { token } = await share(scenario.id);
    for (const tail of ['.', ').', ',', '%E2%80%9D']) {
      const res = await request(s.app).get(`/s/${token}${tail}`).expect(301);
      expect(res.headers.location).toBe(`/s/${token}`);
    }
    const browser = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
    const page = await request(s.app).get('/s/').set('Accept', browser).expect(404);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.text).toContain(
      '<h1 style="font-size:2rem;line-height:1.2;margin:0 0 1rem">Use the link you were sent</h1>',
    );
    const api = await request(s.app).get('/s/').set('Accept', 'application/json').expect(404);
    expect(api.body.error.code).toBe('NOT_FOUND');
    const anyType = await request(s.app)
      .get(`/s/${'A'.repeat(43)}`)
      .expect(404);
    expect(anyType.headers['content-type']).toMatch(/^application\/json/);
    const bad = await request(s.app)
      .get(`/s/${'A'.repeat(43)}`)
      .set('Accept', browser)
      .expect(404);
    expect(bad.text).toContain('This link is not valid');
    expect(bad.headers.vary).toMatch(/Accept/);
    // The documented 404 of these routes says both.
    const doc = (await request(s.app).get('/api/v1/openapi.json').expect(200)).body;
    expect(Object.keys(doc.paths['/s/{token}'].get.responses['404'].content).sort()).toEqual([
      'application/json',
      'text/html',
    ]);
  });

  test('responses are rate limited per link', async () => {
    const app = express();
    app.use('/s', scenarioPublicRouter(s.ctx, { responseLimit: 2, providerDir: '/nonexistent' }));
    app.use(errorMiddleware(createLogger('silent')));
    const scenario = await createScenario();
    const one = await share(scenario.id);
    const two = await share(scenario.id);
    const from = (organisationName: string) => ({ ...goodResponse, organisationName });
    await request(app).post(`/s/${one.token}/responses`).send(from('One')).expect(201);
    await request(app).post(`/s/${one.token}/responses`).send(from('Two')).expect(201);
    const limited = await request(app)
      .post(`/s/${one.token}/responses`)
      .send(from('Three'))
      .expect(429);
    expect(limited.body.error.code).toBe('TOO_MANY_RESPONSES');
    await request(app).post(`/s/${two.token}/responses`).send(goodResponse).expect(201);
    // Without a built page the link still says so plainly rather than failing.
    await request(app).get(`/s/${two.token}`).expect(503);
  });

  test('reading through one link is bounded too', async () => {
    const app = express();
    app.use('/s', scenarioPublicRouter(s.ctx, { readLimit: 2, providerDir: '/nonexistent' }));
    app.use(errorMiddleware(createLogger('silent')));
    const scenario = await createScenario();
    const { token } = await share(scenario.id);
    await request(app).get(`/s/${token}/data`).expect(200);
    await request(app).get(`/s/${token}/export.csv`).expect(200);
    expect((await request(app).get(`/s/${token}/export.xlsx`).expect(429)).body.error.code).toBe(
      'TOO_MANY_REQUESTS',
    );
  });
});

describe('the demo seed', () => {
  test('shares a demo scenario through a well-known link', async () => {
    const config = testConfig();
    const db = await openDatabase(config);
    try {
      await migrate(db);
      const ctx = createContext(config, db, createLogger('silent'));
      await seedDemo(ctx);
      const data = await request(createApp(ctx)).get(`/s/${DEMO_SHARE_TOKEN}/data`).expect(200);
      expect(data.body).toMatchObject({
        status: 'open',
        current: { id: 'demo-care-homes', version: 1 },
      });
      expect(data.body.rows).toHaveLength(10);
    } finally {
      await db.close();
    }
  });
});
