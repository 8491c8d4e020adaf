/**
 * The task pane's workbook writes, driven through office-addin-mock: the Excel object tree is an
 * OfficeMockObject; sheets, ranges and tables are small recording fakes beneath it.
 */
import { OfficeMockObject } from 'office-addin-mock';

// office-addin-mock needs only the OfficeApp enum from office-addin-manifest, whose dependency
// tree includes ESM-only packages jest cannot require: give it the enum alone.
jest.mock('office-addin-manifest', () => ({
  OfficeApp: {
    Excel: 'excel',
    OneNote: 'onenote',
    Outlook: 'outlook',
    PowerPoint: 'powerpoint',
    Project: 'project',
    Word: 'word',
  },
}));
import {
  CAREFEE_LAMBDA,
  InsertCancelled,
  MONEY_FORMAT,
  SCHEDULE_HEADERS,
  columnLetter,
  createExcelActions,
  placementLines,
  safeSheetName,
} from '../../addin/src/taskpane/excelActions';
import { upliftCard } from '../../shared/src/uplift';
import { summary, v1 } from './taskpaneFixtures';

interface FakeRange {
  address: string;
  values?: unknown[][];
  formulas?: unknown[][];
  numberFormat?: unknown[][];
  format: { font: { bold?: boolean }; autofitColumns(): void };
}

class FakeSheet {
  readonly ranges = new Map<string, FakeRange>();
  readonly addedTables: { address: string; hasHeaders: boolean; name?: string }[] = [];
  activated = false;
  constructor(
    readonly name: string,
    readonly book: FakeBook,
  ) {}
  getRange(address: string): FakeRange {
    let r = this.ranges.get(address);
    if (!r) {
      r = { address, format: { font: {}, autofitColumns() {} } };
      this.ranges.set(address, r);
    }
    return r;
  }
  get tables() {
    return {
      add: (address: string, hasHeaders: boolean) => {
        const t: { address: string; hasHeaders: boolean; name?: string } = { address, hasHeaders };
        this.addedTables.push(t);
        this.book.tables.push(t);
        return t;
      },
    };
  }
  activate() {
    this.activated = true;
  }
  delete() {
    this.book.sheets.splice(this.book.sheets.indexOf(this), 1);
  }
}

interface FakeBook {
  sheets: FakeSheet[];
  tables: { name?: string; header?: unknown[]; body?: unknown[][] }[];
  names: Map<string, string>;
  lambdaSupported: boolean;
  syncs: number;
  calculated: string[];
}

function installExcel(
  opts: { sheets?: string[]; lambda?: boolean; tables?: FakeBook['tables'] } = {},
) {
  const book: FakeBook = {
    sheets: [],
    tables: opts.tables ?? [],
    names: new Map(),
    lambdaSupported: opts.lambda ?? true,
    syncs: 0,
    calculated: [],
  };
  book.sheets = (opts.sheets ?? ['Sheet1']).map((n) => new FakeSheet(n, book));
  const mock = new OfficeMockObject({
    context: {
      workbook: {
        application: { calculate: (type: string) => void book.calculated.push(type) },
        worksheets: {
          load: function (this: { items: unknown }) {
            this.items = book.sheets.map((s) => ({ name: s.name }));
          },
          add: (name: string) => {
            const sheet = new FakeSheet(name, book);
            book.sheets.push(sheet);
            return sheet;
          },
        },
        tables: {
          load: function (this: { items: unknown }) {
            this.items = book.tables.map((t) => ({ name: t.name }));
          },
          getItem: (name: string) => {
            const t = book.tables.find((x) => x.name === name);
            if (!t) throw new Error(`no table ${name}`);
            return {
              getHeaderRowRange: () => ({ load() {}, values: [t.header ?? []] }),
              getDataBodyRange: () => ({ load() {}, values: t.body ?? [] }),
            };
          },
        },
        names: {
          getItemOrNullObject: (name: string) => ({
            load() {},
            isNullObject: !book.names.has(name),
          }),
          add: (name: string, formula: string) => {
            // Excel without LAMBDA rejects the formula when the name is added.
            if (!book.lambdaSupported)
              throw new Error(
                'InvalidArgument: The argument is invalid or missing or has an incorrect format.',
              );
            book.names.set(name, formula);
          },
        },
      },
      sync: async () => {
        book.syncs += 1;
      },
    },
    run: async function (
      this: { context: unknown },
      callback: (context: unknown) => Promise<unknown>,
    ) {
      return callback(this.context);
    },
  });
  (globalThis as { Excel?: unknown }).Excel = mock;
  return book;
}

function installOffice(supported: boolean) {
  (globalThis as { Office?: unknown }).Office = new OfficeMockObject({
    context: { requirements: { isSetSupported: (_set: string, _version: string) => supported } },
  });
}

afterEach(() => {
  delete (globalThis as { Excel?: unknown }).Excel;
  delete (globalThis as { Office?: unknown }).Office;
});

const sheetNamed = (book: FakeBook, name: string) => book.sheets.find((s) => s.name === name)!;

describe('insert the schedule', () => {
  test('a formatted table of the engine schedule, under a provenance note', async () => {
    const book = installExcel();
    const r = await createExcelActions().insertSchedule(
      v1,
      summary(v1, 'approved', 'Bob Approver'),
    );
    expect(r).toEqual({ sheetName: 'bham-care-homes v1', tableName: 'T_bham_care_homes_v1' });
    const sheet = sheetNamed(book, 'bham-care-homes v1');
    expect(sheet.getRange('A1:A3').values).toEqual([
      ['Birmingham care homes 2024/25 (Birmingham City Council)'],
      [
        'Rate card bham-care-homes version 1, approved, approved by Bob Approver on 2024-03-01; effective 2024-04-01 to 2025-03-31.',
      ],
      [
        'Weekly fees from carefee; Bronze is the reduced fee once the improvement deadline has passed.',
      ],
    ]);
    expect(sheet.getRange('A5:J5').values).toEqual([SCHEDULE_HEADERS]);
    expect(sheet.getRange('A6:J8').values).toEqual([
      [
        'older-residential',
        'Older people residential',
        '',
        '',
        348.43,
        231.6,
        580.03,
        591.63,
        580.03,
        562.63,
      ],
      [
        'learning-disability',
        'Learning disability',
        '1',
        '',
        348.43,
        300,
        648.43,
        661.4,
        648.43,
        628.98,
      ],
      [
        'learning-disability',
        'Learning disability',
        '2',
        '',
        348.43,
        412.35,
        760.78,
        776,
        760.78,
        737.96,
      ],
    ]);
    // every money cell, Hotel to Bronze, in pounds and pence
    expect(sheet.getRange('E6:J8').numberFormat).toEqual(
      Array.from({ length: 3 }, () => Array(6).fill('"£"#,##0.00')),
    );
    expect(MONEY_FORMAT).toBe('"£"#,##0.00');
    expect(sheet.addedTables).toEqual([
      { address: 'A5:J8', hasHeaders: true, name: 'T_bham_care_homes_v1' },
    ]);
    expect(sheet.activated).toBe(true);
  });

  test('a long schedule is written in chunks, reporting progress between them', async () => {
    const book = installExcel();
    const progress: [number, number][] = [];
    await createExcelActions(2).insertSchedule(v1, null, (done, total) =>
      progress.push([done, total]),
    );
    expect(progress).toEqual([
      [0, 3],
      [2, 3],
      [3, 3],
    ]);
    const sheet = sheetNamed(book, 'bham-care-homes v1');
    expect(sheet.getRange('A6:J7').values).toHaveLength(2);
    expect(sheet.getRange('A8:J8').values).toHaveLength(1);
    expect(sheet.getRange('A2:A2').values).toBeUndefined();
    expect(sheet.getRange('A1:A3').values?.[1]?.[0]).toContain(
      'status unknown, approval not known',
    );
  });

  test('sheet and table names stay unique in the workbook', async () => {
    const book = installExcel({
      sheets: ['Sheet1', 'bham-care-homes v1'],
      tables: [{ name: 'T_bham_care_homes_v1' }],
    });
    const r = await createExcelActions().insertSchedule(v1, null);
    expect(r).toEqual({ sheetName: 'bham-care-homes v1 (2)', tableName: 'T_bham_care_homes_v1_2' });
    expect(book.sheets.map((s) => s.name)).toContain('bham-care-homes v1 (2)');
  });
});

describe('placements template', () => {
  test('fees are CARE.FEE formulas over the row, annual cost = fee × weeks', async () => {
    const book = installExcel();
    const r = await createExcelActions().insertPlacementsTemplate(v1);
    const sheet = sheetNamed(book, r.sheetName);
    expect(sheet.getRange('A1:B3').values?.[1]).toEqual(['Rate card', 'bham-care-homes']);
    expect(sheet.getRange('A5:H5').values).toEqual([
      ['Reference', 'Category', 'Band', 'Rating', 'Date', 'Weeks', 'Weekly fee', 'Annual cost'],
    ]);
    expect(sheet.getRange('A6:H8').formulas).toEqual([
      [
        'P1',
        'older-residential',
        '',
        'Silver',
        '2024-04-01',
        52,
        '=CARE.FEE($B$2,B6,C6,D6,E6)',
        '=G6*F6',
      ],
      [
        'P2',
        'learning-disability',
        '1',
        'Silver',
        '2024-04-01',
        52,
        '=CARE.FEE($B$2,B7,C7,D7,E7)',
        '=G7*F7',
      ],
      [
        'P3',
        'learning-disability',
        '2',
        'Silver',
        '2024-04-01',
        52,
        '=CARE.FEE($B$2,B8,C8,D8,E8)',
        '=G8*F8',
      ],
    ]);
    expect(sheet.getRange('G6:H8').numberFormat).toEqual(
      Array.from({ length: 3 }, () => [MONEY_FORMAT, MONEY_FORMAT]),
    );
    expect(sheet.getRange('E6:E8').numberFormat).toEqual([
      ['yyyy-mm-dd'],
      ['yyyy-mm-dd'],
      ['yyyy-mm-dd'],
    ]);
    expect(sheet.addedTables[0]).toMatchObject({
      address: 'A5:H8',
      name: 'T_Placements_bham_care_homes',
    });
  });
});

describe('the CAREFEE name', () => {
  test('added as a LAMBDA over CARE.FEE where Excel supports it', async () => {
    installOffice(true);
    const book = installExcel();
    expect(await createExcelActions().addCarefeeName()).toEqual({ ok: true, existed: false });
    expect(book.names.get('CAREFEE')).toBe(
      '=LAMBDA(card,category,[band],[rating],[date],CARE.FEE(card,category,band,rating,date))',
    );
    expect(CAREFEE_LAMBDA).toBe(book.names.get('CAREFEE'));
    expect(await createExcelActions().addCarefeeName()).toEqual({ ok: true, existed: true });
  });

  test('explained, not thrown, where Excel has no LAMBDA', async () => {
    installOffice(true);
    installExcel({ lambda: false });
    const r = await createExcelActions().addCarefeeName();
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toMatch(/does not accept LAMBDA names.*Use =CARE.FEE/);
  });

  test('explained where the API set is missing', async () => {
    installOffice(false);
    installExcel();
    expect(await createExcelActions().addCarefeeName()).toEqual({
      ok: false,
      reason: expect.stringContaining('ExcelApi 1.4'),
    });
  });
});

describe('placements and the price review sheet', () => {
  test('placement lines are read by header, in any column order; blank rows skipped', async () => {
    installExcel({
      tables: [
        {
          name: 'Placements',
          header: ['Weeks', 'Person', 'Rating', 'Band', 'Category'],
          body: [
            [52, 'A', 'Gold', '', 'older-residential'],
            [26, 'B', '', 2, 'learning-disability'],
            ['', '', '', '', ''],
          ],
        },
      ],
    });
    expect(await createExcelActions().listTables()).toEqual(['Placements']);
    expect(await createExcelActions().readPlacements('Placements')).toEqual([
      { row: 1, category: 'older-residential', band: null, rating: 'Gold', weeks: 52 },
      { row: 2, category: 'learning-disability', band: '2', rating: null, weeks: 26 },
    ]);
    expect(() => placementLines(['Person'], [['A']])).toThrow(/no Category column/);
  });

  test('the review sheet sets the uplifted schedule beside the current one, with the budget', async () => {
    const book = installExcel();
    const uplifted = upliftCard(v1, {
      reviewYear: 2025,
      cpihChange: '0.109',
      nlwChange: '0.014',
    }).card;
    const r = await createExcelActions().insertPriceReview({
      current: v1,
      uplifted,
      reviewYear: 2025,
      cpihChange: '0.109',
      careChange: '0.014',
      budget: {
        tableName: 'Placements',
        current: '37921.56',
        uplifted: '40511.20',
        change: '2589.64',
        lines: 2,
      },
    });
    const sheet = sheetNamed(book, r.sheetName);
    expect(r.sheetName).toBe('Review 2025 bham-care-homes');
    expect(sheet.getRange('A1:B7').values?.slice(2)).toEqual([
      ['Hotel cost change (CPIH)', 0.109],
      ['Care cost change (greater of NLW and local wage)', 0.014],
      ['Budget on table Placements (2 placements): current', 37921.56],
      ['Budget after uplift', 40511.2],
      ['Change', 2589.64],
    ]);
    expect(sheet.getRange('A9:J9').values?.[0]?.slice(0, 4)).toEqual([
      'Category',
      'Band',
      'Hotel now',
      'Hotel new',
    ]);
    expect(sheet.getRange('A10:J12').values?.[0]).toEqual([
      'older-residential',
      '',
      348.43,
      386.41,
      231.6,
      234.84,
      580.03,
      621.25,
      633.68,
      602.61,
    ]);
    expect(sheet.getRange('C10:J12').numberFormat?.[0]).toEqual(Array(8).fill(MONEY_FORMAT));
  });
});

test('recalculate asks Excel for a full calculation', async () => {
  const book = installExcel();
  await createExcelActions().recalculate();
  expect(book.calculated).toEqual(['Full']);
});

describe('names', () => {
  test('column letters and sheet names Excel accepts', () => {
    expect([0, 25, 26, 701, 702].map(columnLetter)).toEqual(['A', 'Z', 'AA', 'ZZ', 'AAA']);
    expect(safeSheetName('a/b:c*d?[e]', [])).toBe('a-b-c-d--e-');
    expect(safeSheetName('x'.repeat(40), [])).toHaveLength(31);
    expect(safeSheetName('Sheet1', ['sheet1', 'Sheet1 (2)'])).toBe('Sheet1 (3)');
  });
});

describe("insert a formula (the pane's formula builder)", () => {
  test('writes the formula into the active cell and reports its address', async () => {
    const cell: { formulas?: unknown[][]; address?: string } = {};
    (globalThis as { Excel?: unknown }).Excel = new OfficeMockObject({
      context: {
        workbook: {
          getActiveCell: () => ({
            get formulas() {
              return cell.formulas;
            },
            set formulas(f: unknown[][] | undefined) {
              cell.formulas = f;
            },
            load() {
              cell.address = 'Placements!F7';
            },
            get address() {
              return cell.address;
            },
          }),
        },
        sync: async () => undefined,
      },
      run: async function (
        this: { context: unknown },
        callback: (context: unknown) => Promise<unknown>,
      ) {
        return callback(this.context);
      },
    });
    const formula = '=CARE.FEE("bham-care-homes","learning-disability","2","Gold")';
    expect(await createExcelActions().insertFormula(formula)).toEqual({
      address: 'Placements!F7',
    });
    expect(cell.formulas).toEqual([[formula]]);
  });
});

describe('insert any table (providers, agreements)', () => {
  const spec = (count: number) => ({
    sheetName: 'Things',
    tableName: 'Things',
    notes: [
      ['Things', ''],
      ['Total', '=SUM(B5:B9)'],
    ] as [string, string | number][],
    noteFormats: { 1: MONEY_FORMAT },
    headers: ['Name', 'Price', 'Double'],
    count,
    row: (i: number, sheetRow: number) => [`thing ${i + 1}`, i + 1, `=B${sheetRow}*2`],
    formulas: true,
    columnFormats: { 1: MONEY_FORMAT },
  });

  test('notes as formulas, rows chunk by chunk with same-row formulas, one sync per chunk, then the table', async () => {
    const book = installExcel();
    const progress: string[] = [];
    const r = await createExcelActions(2).insertTable(spec(5), {
      onProgress: (done, total) => progress.push(`${done}/${total}`),
    });
    expect(r).toEqual({ sheetName: 'Things', tableName: 'T_Things', rows: 5 });
    const sheet = sheetNamed(book, 'Things');
    expect(sheet.getRange('A1:B2').formulas).toEqual([
      ['Things', ''],
      ['Total', '=SUM(B5:B9)'],
    ]);
    expect(sheet.getRange('B2').numberFormat).toEqual([[MONEY_FORMAT]]);
    expect(sheet.getRange('A4:C4').values).toEqual([['Name', 'Price', 'Double']]);
    expect(sheet.getRange('A5:C6').formulas).toEqual([
      ['thing 1', 1, '=B5*2'],
      ['thing 2', 2, '=B6*2'],
    ]);
    expect(sheet.getRange('A9:C9').formulas).toEqual([['thing 5', 5, '=B9*2']]);
    expect(sheet.getRange('B7:B8').numberFormat).toEqual([[MONEY_FORMAT], [MONEY_FORMAT]]);
    expect(progress).toEqual(['0/5', '2/5', '4/5', '5/5']);
    expect(sheet.addedTables).toEqual([{ address: 'A4:C9', hasHeaders: true, name: 'T_Things' }]);
    expect(sheet.activated).toBe(true);
  });

  test('cancelled between chunks: InsertCancelled, and the partial sheet is removed', async () => {
    const book = installExcel();
    const abort = new AbortController();
    const insert = createExcelActions(2).insertTable(spec(5), {
      signal: abort.signal,
      onProgress: (done) => done === 2 && abort.abort(),
    });
    await expect(insert).rejects.toEqual(new InsertCancelled(2, 5));
    await expect(insert).rejects.toThrow(
      'Cancelled after 2 of 5 rows; the partial sheet was removed.',
    );
    expect(book.sheets.map((s) => s.name)).toEqual(['Sheet1']);
    expect(book.tables).toEqual([]);
  });
});
