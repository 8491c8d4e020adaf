/**
 * Reports on the provider record: the market view (Nottingham's "Outcome of visits" table by
 * category and year), overdue visits (Birmingham's minimum annual inspection) and the public
 * quality list (page and CSV) for citizen choice.
 */
import request from 'supertest';
import { EXAMPLE_FRAMEWORK, type Rag } from '../../shared/src/monitoring';
import { describeEachDatabase, startTestService, type TestService } from './helpers';

describeEachDatabase('provider reports', (driver) => {
  let s: TestService;
  beforeAll(async () => {
    s = await startTestService({ driver });
    const editor = s.users.editor.principal;
    const framework = await s.ctx.monitoring.copyExample(s.users.admin.principal);
    const keys = EXAMPLE_FRAMEWORK.groups.flatMap((g) => g.indicators.map((i) => i.key));
    const visit = (locationId: string, visitedOn: string, reds: number, ambers = 0) =>
      s.ctx.monitoring.recordVisit(editor, locationId, {
        frameworkId: framework.id,
        visitedOn,
        scores: keys.map((indicator, i) => ({
          indicator,
          rag: (i < reds ? 'Red' : i < reds + ambers ? 'Amber' : 'Green') as Rag,
          notes: '',
        })),
      });
    const home = async (
      provider: string,
      location: string,
      serviceType: 'residential' | 'nursing',
      categories: string[],
      inspections: Array<[string, 'CQC' | 'council', string]>,
      extra: { deregisteredOn?: string; cqcLocationId?: string; postcode?: string } = {},
    ) => {
      const p = await s.ctx.providers.createProvider(editor, { name: provider });
      const l = await s.ctx.providers.addLocation(editor, p.id, {
        name: location,
        serviceType,
        categories,
        ...extra,
      });
      for (const [date, body, result] of inspections)
        await s.ctx.providers.recordInspection(editor, l.id, { date, body, kind: 'full', result });
      return l.id;
    };
    const aspen = await home(
      'Aspen Care',
      'Aspen House',
      'residential',
      ['older-residential'],
      [
        ['2024-06-01', 'CQC', 'Good'],
        ['2025-02-01', 'council', 'Silver'],
      ],
      { cqcLocationId: '1-555000001', postcode: 'B1 1AA' },
    );
    await visit(aspen, '2024-09-10', 0); // Green
    await visit(aspen, '2025-07-01', 1); // one Red → Amber
    const beech = await home(
      'Beech Ltd',
      'Beech Nursing',
      'nursing',
      ['nursing'],
      [
        ['2024-05-01', 'CQC', 'Outstanding'],
        ['2025-08-01', 'CQC', 'Inadequate'],
      ],
    );
    await visit(beech, '2025-09-01', 3); // three Reds → Red
    await home('Cedar Homes', 'Cedar Court', 'residential', [], []);
    await home(
      'Dogwood Care',
      'Dogwood',
      'residential',
      ['older-residential'],
      [['2023-01-01', 'CQC', 'Good']],
      { deregisteredOn: '2025-01-01' },
    );
    await home(
      'Elm Care',
      'Elm Lodge',
      'residential',
      ['older-residential'],
      [['2024-03-15', 'CQC', 'Good']],
    );
  }, 120_000);
  afterAll(() => s.close());
  const api = () => request(s.app);
  const none = { Gold: 0, Silver: 0, Bronze: 0, Inadequate: 0, unrated: 0 };
  const noRag = { Red: 0, Amber: 0, Green: 0, notVisited: 0 };

  // Seed 004, "Outcome of visits": Red, Amber and Green counts per category (OP, PDSI, MH, LD)
  // for 2014/15 and 2015/16; ratings beside them (seed 003: a quality rating "recorded").
  test('the market view counts locations by rating and by visit outcome per category of care and financial year', async () => {
    const res = await api()
      .get('/api/v1/reports/market?years=2024/25,2025/26')
      .set('Authorization', s.auth('viewer'))
      .expect(200);
    expect(res.body).toEqual({
      years: ['2024/25', '2025/26'],
      rows: [
        {
          category: 'nursing',
          year: '2024/25',
          ratings: { ...none, Gold: 1 },
          rag: { ...noRag, notVisited: 1 },
        },
        {
          category: 'nursing',
          year: '2025/26',
          ratings: { ...none, Inadequate: 1 },
          rag: { ...noRag, Red: 1 },
        },
        {
          // Aspen, Dogwood (deregistered during the year) and Elm.
          category: 'older-residential',
          year: '2024/25',
          ratings: { ...none, Silver: 3 },
          rag: { ...noRag, Green: 1, notVisited: 2 },
        },
        {
          category: 'older-residential',
          year: '2025/26',
          ratings: { ...none, Silver: 2 },
          rag: { ...noRag, Amber: 1, notVisited: 1 },
        },
      ],
      totals: [
        {
          year: '2024/25',
          ratings: { ...none, Gold: 1, Silver: 3 },
          rag: { ...noRag, Green: 1, notVisited: 3 },
        },
        {
          year: '2025/26',
          ratings: { ...none, Silver: 2, Inadequate: 1 },
          rag: { ...noRag, Red: 1, Amber: 1, notVisited: 1 },
        },
      ],
    });
    const bad = await api()
      .get('/api/v1/reports/market?years=2024/25,2024/26')
      .set('Authorization', s.auth('viewer'))
      .expect(400);
    expect(bad.body.error.path).toEqual(['query', 'years', 1]);
    await api().get('/api/v1/reports/market').expect(401);
  });

  // Seed 003, "Annual inspection": "Services will receive a minimum annual inspection from the
  // CQC or the Council or the NHS."
  test('overdue visits: no inspection or monitoring visit in the past year, never-visited first', async () => {
    const res = await api()
      .get('/api/v1/reports/overdue-visits?asOf=2025-10-01')
      .set('Authorization', s.auth('viewer'))
      .expect(200);
    expect(
      res.body.items.map((i: Record<string, unknown>) => [
        i.locationName,
        i.visitBy,
        i.lastInspectionOn,
        i.lastVisitOn,
        i.dueOn,
        i.daysOverdue,
      ]),
    ).toEqual([
      ['Cedar Court', 'council', null, null, null, null],
      ['Elm Lodge', 'council', '2024-03-15', null, '2025-03-15', 200],
    ]);
    // A visit counts as much as an inspection: Aspen's 2025-07-01 visit carries it to 2026-07-01.
    const later = await api()
      .get('/api/v1/reports/overdue-visits?asOf=2026-07-02')
      .set('Authorization', s.auth('viewer'))
      .expect(200);
    expect(later.body.items.map((i: { locationName: string }) => i.locationName)).toEqual([
      'Cedar Court',
      'Elm Lodge',
      'Aspen House',
    ]);
  });

  test('the quality list: provider, location, rating and since when; registered locations only', async () => {
    const res = await api()
      .get('/api/v1/reports/quality-list?asOf=2025-10-01')
      .set('Authorization', s.auth('viewer'))
      .expect(200);
    expect(res.body).toEqual({
      organisation: 'Test City Council',
      asOf: '2025-10-01',
      items: [
        // A council Silver after a CQC Good: still Silver, since the first.
        { provider: 'Aspen Care', location: 'Aspen House', rating: 'Silver', since: '2024-06-01' },
        {
          provider: 'Beech Ltd',
          location: 'Beech Nursing',
          rating: 'Inadequate',
          since: '2025-08-01',
        },
        { provider: 'Cedar Homes', location: 'Cedar Court', rating: null, since: null },
        { provider: 'Elm Care', location: 'Elm Lodge', rating: 'Silver', since: '2024-03-15' },
      ],
    });
  });

  test('public: the page and the CSV need no token and carry only the published fields', async () => {
    const csv = await api().get(`/public/${s.orgId}/quality-list.csv`).expect(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toMatch(
      /^attachment; filename="?care-quality-list-\d{4}-\d{2}-\d{2}\.csv"?$/,
    );
    expect(csv.text).toBe(
      [
        'Provider,Location,Rating,Rated since',
        'Aspen Care,Aspen House,Silver,2024-06-01',
        'Beech Ltd,Beech Nursing,Inadequate,2025-08-01',
        'Cedar Homes,Cedar Court,Not yet rated,',
        'Elm Care,Elm Lodge,Silver,2024-03-15',
        '',
      ].join('\n'),
    );
    const page = await api()
      .get(`/public/${s.orgId}/quality-list`)
      .set('Accept', 'text/html')
      .expect(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.text).toContain('<title>Care quality ratings: Test City Council</title>');
    expect(page.text).toContain('<html lang="en-GB">');
    expect(page.text).toMatch(
      /<th scope="row" class="[^"]+">Beech Nursing<\/th><td class="[^"]+">Inadequate<\/td><td class="[^"]+">2025-08-01<\/td>/,
    );
    expect(page.text).toContain(`href="/public/${s.orgId}/quality-list.csv"`);
    for (const unpublished of ['1-555000001', 'B1 1AA', 'Dogwood', 'Test editor'])
      expect(page.text + csv.text).not.toContain(unpublished);

    const unknown = '00000000-0000-4000-8000-000000000000';
    const missing = await api().get(`/public/${unknown}/quality-list.csv`).expect(404);
    expect(missing.body.error).toMatchObject({ code: 'NOT_FOUND', path: ['organisationId'] });
    const missingPage = await api()
      .get(`/public/${unknown}/quality-list`)
      .set('Accept', 'text/html')
      .expect(404);
    expect(missingPage.text).toContain('Page not found');
    const bad = await api().get('/public/not-an-id/quality-list').expect(400);
    expect(bad.body.error.path).toEqual(['params', 'organisationId']);
  });
});
