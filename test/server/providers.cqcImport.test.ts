/**
 * Importing the CQC's published ratings: a realistic "Latest ratings" workbook (sheet Locations,
 * one row per location × service/population group × domain) and a "Care directory with
 * filters" CSV (HSCA_Active_Locations), generated here; idempotent, all or nothing.
 */
import ExcelJS from 'exceljs';
import { stringify } from 'csv-stringify/sync';
import { importCqcRatings } from '../../server/src/providers/cqcImport';
import {
  cqcRatingsFromApi,
  cqcRatingsFromFile,
  type FetchLike,
} from '../../server/src/providers/cqcSources';
import { HttpError } from '../../server/src/platform/http/errors';
import { describeEachDatabase, startTestService, type TestService } from './helpers';

const LATEST_HEADER = [
  'Location ID',
  'Location ODS Code',
  'Location Name',
  'Care Home?',
  'Location Street Address',
  'Location Address Line 2',
  'Location City',
  'Location Post Code',
  'Location Local Authority',
  'Location Region',
  'Service / Population Group',
  'Domain',
  'Latest Rating',
  'Publication Date',
  'Report Type',
  'Inherited Rating (Y/N)',
  'URL',
  'Provider ID',
  'Provider Name',
  'Location Primary Inspection Category',
];
const DOMAINS = ['Safe', 'Effective', 'Caring', 'Responsive', 'Well-led', 'Overall'];

interface Home {
  id: string;
  name: string;
  careHome: 'Y' | 'N';
  providerId: string;
  providerName: string;
  category: string;
  rating: string;
  published: Date;
}

const HOMES: Home[] = [
  {
    id: '1-1000000001',
    name: 'Acacia House',
    careHome: 'Y',
    providerId: '1-2000000001',
    providerName: 'Acacia Care Ltd',
    category: 'Residential social care',
    rating: 'Good',
    published: new Date(Date.UTC(2024, 4, 14)),
  },
  {
    id: '1-1000000002',
    name: 'Beech Nursing Home',
    careHome: 'Y',
    providerId: '1-2000000001',
    providerName: 'Acacia Care Ltd',
    category: 'Nursing homes',
    rating: 'Inadequate',
    published: new Date(Date.UTC(2025, 0, 9)),
  },
  {
    id: '1-1000000003',
    name: 'Cherry Home Care',
    careHome: 'N',
    providerId: '1-2000000002',
    providerName: 'Cherry Domiciliary Services',
    category: 'Community based adult social care services',
    rating: 'Requires improvement',
    published: new Date(Date.UTC(2024, 10, 2)),
  },
  {
    id: '1-1000000004',
    name: 'Damson Lodge',
    careHome: 'Y',
    providerId: '1-2000000003',
    providerName: 'Damson Homes',
    category: 'Residential social care',
    rating: 'Not Rated',
    published: new Date(Date.UTC(2025, 1, 1)),
  },
];

/** The Latest ratings workbook as the CQC lays it out, with a domain row per key question. */
async function latestRatingsXlsx(homes: Home[], tweak?: (ws: ExcelJS.Worksheet) => void) {
  const book = new ExcelJS.Workbook();
  book.addWorksheet('Read me').addRow(['Care Quality Commission: latest ratings']);
  const ws = book.addWorksheet('Locations');
  ws.addRow(LATEST_HEADER);
  for (const h of homes) {
    const groups = h.careHome === 'Y' ? ['Overall'] : ['Overall', 'Older people'];
    for (const group of groups)
      for (const domain of DOMAINS)
        ws.addRow([
          h.id,
          'VN' + h.id.slice(-3),
          h.name,
          h.careHome,
          '1 High Street',
          '',
          'Birmingham',
          'B1 1AA',
          'Birmingham',
          'West Midlands',
          group,
          domain,
          domain === 'Overall' && group === 'Overall'
            ? h.rating
            : domain === 'Safe'
              ? 'Requires improvement'
              : 'Good',
          h.published,
          'Location',
          'N',
          `https://www.cqc.org.uk/location/${h.id}`,
          h.providerId,
          h.providerName,
          h.category,
        ]);
  }
  tweak?.(ws);
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** The Care directory (HSCA_Active_Locations) saved as CSV: "Care home?", UK dates, beds. */
function careDirectoryCsv(rows: Array<[string, string, string, string, string, string, string]>) {
  return Buffer.from(
    stringify([
      [
        'Location ID',
        'Location Name',
        'Care home?',
        'Location Primary Inspection Category',
        'Location Latest Overall Rating',
        'Publication Date',
        'Care homes beds',
        'Provider ID',
        'Provider Name',
      ],
      ...rows.map(([id, name, careHome, rating, date, beds, providerId]) => [
        id,
        name,
        careHome,
        'Residential social care',
        rating,
        date,
        beds,
        providerId,
        'Acacia Care Ltd',
      ]),
    ]),
  );
}

describeEachDatabase('CQC ratings import', (driver) => {
  let svc: TestService;
  beforeAll(async () => {
    svc = await startTestService({ driver });
  });
  afterAll(() => svc.close());

  const run = async (data: Buffer, filename: string, register = true) => {
    const { ratings } = await cqcRatingsFromFile(data, filename);
    return importCqcRatings(
      svc.ctx.db,
      svc.ctx.audit,
      svc.ctx.providers,
      svc.users.editor.principal,
      ratings,
      { register },
    );
  };
  const inspectionCount = async () =>
    Number(
      (
        await svc.ctx.db.query<{ n: string }>(
          'SELECT count(*) AS n FROM inspections WHERE organisation_id = $1',
          [svc.orgId],
        )
      ).rows[0]!.n,
    );

  test('Latest ratings (sheet Locations): the Overall × Overall row is the rating; a second import changes nothing', async () => {
    const file = await latestRatingsXlsx(HOMES);
    const first = await run(file, 'ratings-2025-02.xlsx');
    expect({ ...first, changes: undefined }).toEqual({
      rows: 4,
      added: { providers: 3, locations: 4, inspections: 3 },
      changed: { locations: 0, inspections: 0 },
      unchanged: 0,
      skipped: { notRated: 1, unknownLocations: 0 },
      changes: undefined,
    });
    expect(first.changes).toContain('added CQC Inadequate for 1-1000000002 published 2025-01-09');

    const beech = await svc.ctx.providers.standingAsOf(svc.orgId, '1-1000000002', '2025-02-01');
    expect(beech).toMatchObject({
      locationName: 'Beech Nursing Home',
      providerName: 'Acacia Care Ltd',
      rating: 'Inadequate',
      suspended: true,
    });
    const beechLocation = await svc.ctx.providers.getLocation(svc.orgId, beech.locationId!);
    expect(beechLocation.serviceType).toBe('nursing');
    const cherry = await svc.ctx.providers.standingAsOf(svc.orgId, '1-1000000003', '2025-02-01');
    expect(cherry.rating).toBe('Bronze');
    // One provider, two locations: "Acacia Care Ltd" by its CQC provider ID stands as its weakest.
    expect(
      (await svc.ctx.providers.standingAsOf(svc.orgId, '1-2000000001', '2025-02-01')).rating,
    ).toBe('Inadequate');

    const again = await run(file, 'ratings-2025-02.xlsx');
    expect(again).toEqual({
      rows: 4,
      added: { providers: 0, locations: 0, inspections: 0 },
      changed: { locations: 0, inspections: 0 },
      unchanged: 3,
      skipped: { notRated: 1, unknownLocations: 0 },
      changes: [],
    });
    expect(await inspectionCount()).toBe(3);
  });

  test('a later file reports what it added and changed: a new rating, a corrected rating, a renamed home', async () => {
    const next = HOMES.map((h) =>
      h.id === '1-1000000001'
        ? { ...h, rating: 'Outstanding', published: new Date(Date.UTC(2025, 5, 3)) }
        : h.id === '1-1000000003'
          ? { ...h, rating: 'Good' }
          : h.id === '1-1000000004'
            ? { ...h, name: 'Damson Lodge Care Home' }
            : h,
    );
    const report = await run(await latestRatingsXlsx(next), 'ratings-2025-06.xlsx');
    expect(report.added).toEqual({ providers: 0, locations: 0, inspections: 1 });
    expect(report.changed).toEqual({ locations: 1, inspections: 1 });
    expect(report.changes).toEqual([
      'added CQC Outstanding for 1-1000000001 published 2025-06-03',
      'changed CQC rating of 1-1000000003 published 2024-11-02: Requires Improvement → Good',
      'changed location 1-1000000004: name or beds',
    ]);
    expect(
      (await svc.ctx.providers.standingAsOf(svc.orgId, '1-1000000001', '2025-07-01')).rating,
    ).toBe('Gold');
  });

  test('a malformed file is refused naming the row and column, and nothing is written', async () => {
    const before = await inspectionCount();
    const bad = await latestRatingsXlsx(
      [...HOMES, { ...HOMES[0]!, id: '1-1000000009', name: 'Elder Court' }],
      (ws) => {
        // The Overall × Overall row of the new home (the last row) gets a rating the CQC never uses.
        ws.getRow(ws.rowCount).getCell(13).value = 'Excellent';
      },
    );
    let error: HttpError | undefined;
    try {
      await run(bad, 'bad.xlsx');
    } catch (e) {
      error = e as HttpError;
    }
    expect(error).toBeInstanceOf(HttpError);
    expect([error!.status, error!.code, error!.path]).toEqual([
      400,
      'INVALID_FILE',
      ['file', 37, 'Latest Rating'],
    ]);
    expect(error!.message).toBe(
      'row 37, column "Latest Rating": "Excellent" is not a CQC rating (Outstanding, Good, Requires improvement, Inadequate, Not rated)',
    );
    // A bad row late in an otherwise good file: nothing from its good rows is kept either.
    const csv = careDirectoryCsv([
      ['1-1000000010', 'Fig Tree House', 'Y', 'Good', '12/03/2025', '30', '1-2000000001'],
      ['1-1000000011', 'Gorse House', 'Y', 'Good', '31/02/2025', '20', '1-2000000001'],
    ]);
    await expect(run(csv, 'directory.csv')).rejects.toMatchObject({
      status: 400,
      path: ['file', 3, 'Publication Date'],
      message:
        'row 3, column "Publication Date": "31/02/2025" is not a date (use YYYY-MM-DD or DD/MM/YYYY)',
    });
    expect(await inspectionCount()).toBe(before);
    await expect(run(Buffer.from('a,b\n1,2\n'), 'x.csv')).rejects.toMatchObject({
      status: 400,
      message:
        'no header row with a "Location ID" column in the first 20 rows: is this a CQC ratings file?',
    });
    await expect(run(Buffer.from('PK'), 'x.ods')).rejects.toMatchObject({ status: 400 });
  });

  test('Care directory CSV ("Care home?", DD/MM/YYYY, beds): known locations updated, unknown ones skipped unless registering', async () => {
    const csv = careDirectoryCsv([
      ['1-1000000001', 'Acacia House', 'Y', 'Outstanding', '03/06/2025', '42', '1-2000000001'],
      ['1-1000000020', 'Hazel House', 'Y', 'Good', '01/04/2025', '25', '1-2000000001'],
    ]);
    const report = await run(csv, 'HSCA_Active_Locations.csv', false);
    expect(report).toMatchObject({
      added: { providers: 0, locations: 0, inspections: 0 },
      changed: { locations: 1, inspections: 0 },
      unchanged: 1,
      skipped: { notRated: 0, unknownLocations: 1 },
    });
    const acacia = await svc.ctx.providers.standingAsOf(svc.orgId, '1-1000000001', '2025-07-01');
    expect((await svc.ctx.providers.getLocation(svc.orgId, acacia.locationId!)).beds).toBe(42);
  });

  test('the CQC API seam gives the same rows from /locations/{id} (currentRatings.overall)', async () => {
    const calls: string[] = [];
    const fetchImpl: FetchLike = async (url, init) => {
      calls.push(`${url} ${init.headers['Ocp-Apim-Subscription-Key']}`);
      return {
        ok: true,
        status: 200,
        json: async () => ({
          locationId: '1-1000000003',
          name: 'Cherry Home Care',
          providerId: '1-2000000002',
          careHome: 'N',
          currentRatings: { overall: { rating: 'Outstanding', reportDate: '2025-08-01' } },
        }),
      };
    };
    const ratings = await cqcRatingsFromApi({
      locationIds: ['1-1000000003'],
      subscriptionKey: 'test-key',
      fetchImpl,
      baseUrl: 'https://cqc.example/public/v1',
    });
    expect(calls).toEqual(['https://cqc.example/public/v1/locations/1-1000000003 test-key']);
    const report = await importCqcRatings(
      svc.ctx.db,
      svc.ctx.audit,
      svc.ctx.providers,
      svc.users.editor.principal,
      ratings,
    );
    expect(report.added.inspections).toBe(1);
    expect(
      (await svc.ctx.providers.standingAsOf(svc.orgId, '1-1000000003', '2025-08-02')).rating,
    ).toBe('Gold');
  });
});
