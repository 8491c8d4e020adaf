/**
 * Importing existing placements (a social care system's export) as live agreements: every
 * row checked and every problem named by row and column, all or nothing, the same file twice
 * changes nothing, progress streamed as NDJSON, and a cancelled import writes nothing. The
 * sample file is the one server/README.md documents: test/fixtures/placements-import.csv.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import request from 'supertest';
import { readUploadedTable } from '../../server/src/platform/files/spreadsheet';
import { importPlacements } from '../../server/src/packages/importPlacements';
import { describeEachDatabase, startTestService, type TestService } from './helpers';

const SAMPLE = readFileSync(path.join(__dirname, '../fixtures/placements-import.csv'));
const HEADER =
  'placement_id,person_reference,provider,category,funding,start_date,end_date,weekly_price';

describeEachDatabase('importing placements from CSV or xlsx', (driver) => {
  let s: TestService;
  const providerIds: Record<string, string> = {};

  beforeAll(async () => {
    s = await startTestService({ driver });
    const editor = s.users.editor.principal;
    for (const [name, cqc] of [
      ['Oak', '1-101'],
      ['Elm', '1-102'],
    ] as const) {
      const p = await s.ctx.providers.createProvider(editor, { name: `${name} House` });
      await s.ctx.providers.addLocation(editor, p.id, {
        name: `${name} House`,
        cqcLocationId: cqc,
        serviceType: 'nursing',
      });
      providerIds[name] = p.id;
    }
  }, 120_000);
  afterAll(() => s.close());

  const upload = (body: Buffer | string, query = '', role: 'approver' | 'editor' = 'approver') =>
    request(s.app)
      .post(`/api/v1/agreements/import${query}`)
      .set('Authorization', s.auth(role))
      .set('Content-Type', 'text/csv')
      .send(Buffer.isBuffer(body) ? body : Buffer.from(body));
  const imported = async () =>
    Number(
      (
        await s.ctx.db.query<{ n: string | number }>(
          'SELECT count(*) AS n FROM service_agreements WHERE import_key IS NOT NULL',
        )
      ).rows[0]!.n,
    );

  test('a file with bad rows lists every problem by row and column and writes nothing', async () => {
    const file = [
      HEADER,
      'GOOD-1,P-1,1-101,older-residential,council,2025-04-07,,700.00',
      'BAD-1,,1-999,Older Residential,council tax,31/02/2025,,700.005',
      'BAD-2,P-3,1-101,older-residential,council,2025-04-07,2025-04-01,0',
      'GOOD-1,P-4,1-102,older-nursing,chc,2025-04-07,,900.00',
    ].join('\n');
    const res = await upload(file);
    expect(res.status).toBe(422);
    expect(res.body.error).toEqual({
      code: 'INVALID_ROWS',
      message:
        '8 problems in 3 of 4 rows: nothing was imported; correct the file and import it again',
      path: ['file'],
    });
    expect(res.body.errors).toEqual([
      { row: 3, column: 'person_reference', message: 'person_reference is empty' },
      {
        row: 3,
        column: 'category',
        message: '"Older Residential" is not a category id (e.g. older-residential)',
      },
      {
        row: 3,
        column: 'funding',
        message: '"council tax" is not a funding stream: council, chc or joint',
      },
      {
        row: 3,
        column: 'start_date',
        message: '"31/02/2025" is not a date (YYYY-MM-DD or DD/MM/YYYY)',
      },
      {
        row: 3,
        column: 'weekly_price',
        message: '"700.005" is not an amount in pounds and pence',
      },
      {
        row: 4,
        column: 'end_date',
        message: 'end_date 2025-04-01 is before start_date 2025-04-07',
      },
      { row: 4, column: 'weekly_price', message: 'weekly_price must be more than zero' },
      { row: 5, column: 'placement_id', message: 'placement GOOD-1 is also on row 2' },
    ]);
    // The good row was not written either: all or nothing.
    expect(await imported()).toBe(0);

    // A provider the record does not know is found once the rows are well formed.
    const unknown = await upload(
      [HEADER, 'GOOD-1,P-1,1-999,older-residential,council,2025-04-07,,700.00'].join('\n'),
    );
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors).toEqual([
      {
        row: 2,
        column: 'provider',
        message:
          'no provider or location "1-999" on the provider record (a provider or location id, or a CQC ID)',
      },
    ]);

    const missing = await upload('placement_id,provider\nX,1-101\n');
    expect(missing.status).toBe(422);
    expect(missing.body.errors.map((e: { column: string }) => e.column)).toEqual([
      'person_reference',
      'category',
      'funding',
      'start_date',
      'weekly_price',
    ]);
    expect(await imported()).toBe(0);
  });

  test('the sample file imports as live agreements, to the penny; again, it changes nothing', async () => {
    expect((await upload(SAMPLE, '', 'editor')).status).toBe(403);

    const dry = await upload(SAMPLE, '?dryRun=true');
    expect(dry.status).toBe(201);
    expect(dry.body).toMatchObject({ dryRun: true, rows: 4, imported: 4, unchanged: 0 });
    expect(dry.body.items.map((i: { outcome: string }) => i.outcome)).toEqual([
      'would-import',
      'would-import',
      'would-import',
      'would-import',
    ]);
    expect(await imported()).toBe(0);

    const first = await upload(SAMPLE);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ dryRun: false, rows: 4, imported: 4, unchanged: 0 });
    expect(first.body.items.map((i: { row: number; placementId: string }) => i.row)).toEqual([
      2, 3, 4, 5,
    ]);

    const list = await request(s.app)
      .get('/api/v1/agreements?status=active')
      .set('Authorization', s.auth('viewer'))
      .expect(200);
    const byKey = Object.fromEntries(
      list.body.items.map((a: { importKey: string }) => [a.importKey, a]),
    );
    // DD/MM/YYYY read as a UK date; "£1,120.00" as pounds; the CQC location ID as its provider.
    expect(byKey['PL-1001']).toMatchObject({
      startDate: '2024-04-01',
      endDate: null,
      weeklyPrice: '812.50',
      providerId: providerIds.Oak,
      funding: 'council',
      receiptFrequency: 'weekly',
      status: 'active',
      fundingSplit: { councilNet: '812.50', chcShare: '0.00', fnc: null },
      priceProvenance: { source: 'import', row: 2, placementId: 'PL-1001' },
    });
    expect(byKey['PL-1002']).toMatchObject({
      startDate: '2024-10-14',
      endDate: '2026-03-31',
      weeklyPrice: '1120.00',
      providerId: providerIds.Elm,
      receiptFrequency: 'four-weekly',
      fundingSplit: { councilNet: '1120.00', fnc: { weekly: '235.88', rateFrom: '2024-10-14' } },
    });
    expect(byKey['PL-1003'].fundingSplit).toMatchObject({
      councilNet: '0.00',
      chcShare: '1050.00',
    });
    expect(byKey['PL-1004'].fundingSplit).toMatchObject({
      councilNet: '500.00',
      clientContribution: '150.00',
      jointNhsShare: '300.00',
    });

    // 2025/26, 365 days, each agreement rounded once: 812.50 × 365 ÷ 7 = 42,366.07;
    // 1,120.00 × 365 ÷ 7 = 58,400.00; 1,050.00 × 365 ÷ 7 = 54,750.00; 950.00 × 365 ÷ 7 = 49,535.71.
    const commitment = await request(s.app)
      .get('/api/v1/commitment?year=2025')
      .set('Authorization', s.auth('viewer'))
      .expect(200);
    expect(commitment.body).toMatchObject({ agreements: 4, total: '205051.78' });
    expect(commitment.body.byFunding).toEqual([
      { key: 'council', agreements: 2, total: '100766.07' },
      { key: 'chc', agreements: 1, total: '54750.00' },
      { key: 'joint', agreements: 1, total: '49535.71' },
    ]);

    // The same file again: nothing new, nothing changed.
    const again = await upload(SAMPLE);
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({ imported: 0, unchanged: 4 });
    expect(again.body.items.map((i: { agreementId: string }) => i.agreementId)).toEqual(
      first.body.items.map((i: { agreementId: string }) => i.agreementId),
    );
    expect(await imported()).toBe(4);

    // A changed price for a placement imported before is refused: changes are variations.
    const changed = await upload(
      [HEADER, 'PL-1001,P-000201,1-101,older-residential,council,2024-04-01,,830.00'].join('\n'),
    );
    expect(changed.status).toBe(422);
    expect(changed.body.errors).toEqual([
      {
        row: 2,
        column: 'weekly_price',
        message: `placement PL-1001 was imported before (agreement ${byKey['PL-1001'].id}) with weekly_price 812.50: a change is a variation of the agreement, never an edit`,
      },
    ]);

    // Each import that wrote is audited once, with the agreements it made.
    const { rows: audits } = await s.ctx.db.query<{ after: { imported: number } | string }>(
      "SELECT after FROM audit_log WHERE action = 'agreements.import' ORDER BY id",
    );
    expect(
      audits.map((a) => (typeof a.after === 'string' ? JSON.parse(a.after) : a.after)),
    ).toEqual([
      expect.objectContaining({ rows: 4, imported: 4, unchanged: 0 }),
      expect.objectContaining({ rows: 4, imported: 0, unchanged: 4 }),
    ]);
  });

  test('an xlsx export: date cells, number cells, and columns the import does not use', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Placements');
    sheet.addRow([
      'Placement ID',
      'Person Reference',
      'Provider',
      'Category',
      'Funding',
      'Start Date',
      'Weekly Price',
      'Social Worker',
    ]);
    sheet.addRow([
      'XL-1',
      'P-9',
      '1-102',
      'older-nursing',
      'CHC',
      new Date(Date.UTC(2025, 3, 7)),
      700,
      'A. Smith',
    ]);
    const data = Buffer.from(await book.xlsx.writeBuffer());
    const res = await request(s.app)
      .post('/api/v1/agreements/import')
      .set('Authorization', s.auth('approver'))
      .set('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .send(data);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ imported: 1, ignoredColumns: ['Social Worker'] });
    const detail = await request(s.app)
      .get(`/api/v1/agreements/${res.body.items[0].agreementId}`)
      .set('Authorization', s.auth('viewer'))
      .expect(200);
    expect(detail.body.agreement).toMatchObject({
      startDate: '2025-04-07',
      weeklyPrice: '700.00',
      funding: 'chc',
      importKey: 'XL-1',
    });
  });

  test('progress as NDJSON, and a cancelled import writes nothing', async () => {
    const rows = Array.from(
      { length: 2500 },
      (_, i) => `BULK-${i},P-${i},1-101,older-residential,council,2025-04-07,,700.00`,
    );
    const file = [HEADER, ...rows].join('\n');

    // Cancelled once the first 1,000 rows are written: the transaction rolls back.
    const before = await imported();
    const abort = new AbortController();
    const phases: string[] = [];
    await expect(
      importPlacements(
        s.ctx.db,
        s.ctx.audit,
        s.users.approver.principal,
        await readUploadedTable(Buffer.from(file)),
        {
          signal: abort.signal,
          onProgress: (p) => {
            phases.push(`${p.phase} ${p.done}/${p.total}`);
            if (p.phase === 'writing' && p.done === 1000) abort.abort();
          },
        },
      ),
    ).rejects.toMatchObject({ status: 499, code: 'CANCELLED' });
    expect(phases).toEqual([
      'checking 0/2500',
      'checking 2500/2500',
      'writing 0/2500',
      'writing 1000/2500',
    ]);
    expect(await imported()).toBe(before);

    // The same file with the progress stream: progress lines, then the outcome.
    const res = await upload(file)
      .set('Accept', 'application/x-ndjson')
      .buffer(true)
      .parse((r, done) => {
        let text = '';
        r.on('data', (c: Buffer) => (text += c.toString()));
        r.on('end', () => done(null, text));
      });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/x-ndjson/);
    const lines = (res.body as string)
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines[0]).toEqual({ progress: { phase: 'reading', done: 0, total: file.length } });
    expect(lines).toContainEqual({ progress: { phase: 'writing', done: 2500, total: 2500 } });
    const last = lines[lines.length - 1];
    expect(last).toMatchObject({ status: 201, result: { rows: 2500, imported: 2500 } });
    expect(await imported()).toBe(before + 2500);

    // Errors in the stream carry every problem too.
    const bad = await upload(`${HEADER}\nX,,1-101,older-residential,council,2025-04-07,,1\n`)
      .set('Accept', 'application/x-ndjson')
      .buffer(true)
      .parse((r, done) => {
        let text = '';
        r.on('data', (c: Buffer) => (text += c.toString()));
        r.on('end', () => done(null, text));
      });
    const outcome = JSON.parse((bad.body as string).trim().split('\n').pop()!);
    expect(outcome).toMatchObject({
      status: 422,
      error: { code: 'INVALID_ROWS' },
      errors: [{ row: 2, column: 'person_reference', message: 'person_reference is empty' }],
    });
  });
});
