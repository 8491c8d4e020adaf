import ExcelJS from 'exceljs';
import { upliftCard } from '../../shared/src/uplift';
import {
  csvField,
  POUNDS_FORMAT,
  responsesCsv,
  responsesXlsx,
  scenarioCsv,
  scenarioXlsx,
} from '../../server/src/scenarios/exports';
import type { Scenario, StoredResponse } from '../../server/src/scenarios/model';
import {
  issuesByField,
  responseSchema,
  targetsOf,
} from '../../shared/src/contract/scenarioResponse';
import { summariseResponses } from '../../server/src/scenarios/summary';
import {
  publicScenarioSchema,
  responseSummarySchema,
  storedResponseSchema,
} from '../../shared/src/contract/scenarios';
import {
  compareCards,
  longDate,
  publicScenario,
  windowStatus,
} from '../../server/src/scenarios/view';
import { currentCard, upliftInput } from './scenarios.fixtures';

const proposedCard = upliftCard(currentCard, upliftInput).card;

const scenario: Scenario = {
  id: 's1',
  organisationId: 'org-secret',
  title: 'Fees 2026/27: draft for consultation',
  base: { card: currentCard, status: 'approved', approvedAt: '2025-03-10T12:00:00.000Z' },
  proposed: { kind: 'uplift', card: proposedCard, version: null, status: 'uplift' },
  uplift: upliftInput,
  assumptions: { cpihChange: '0.038', nlwChange: '0.067', notes: 'Figures are for discussion.' },
  opensAt: '2026-01-05T09:00:00.000Z',
  closesAt: '2026-02-05T17:00:00.000Z',
  createdBy: 'user-secret',
  createdAt: '2026-01-01T10:00:00.000Z',
};

describe('current beside proposed rates, from the engine diff', () => {
  const { hotel, rows } = compareCards(currentCard, proposedCard);

  it('hotel cost rises by CPIH 3.8%: £300.00 to £311.40', () => {
    expect(hotel).toEqual({
      current: '300.00',
      proposed: '311.40',
      change: { pounds: '11.40', percent: '3.80' },
    });
  });

  it('each category and band: weekly fee, care change by NLW 6.7%, weekly change in £ and %', () => {
    expect(
      rows.map((r) => [
        r.key,
        r.current?.weekly,
        r.proposed?.weekly,
        r.change?.pounds,
        r.change?.percent,
        r.careChange?.percent,
      ]),
    ).toEqual([
      ['residential', '500.00', '524.80', '24.80', '4.96', '6.70'],
      ['ld/1', '550.00', '578.15', '28.15', '5.12', '6.70'],
      ['ld/2', '700.00', '738.20', '38.20', '5.46', '6.70'],
    ]);
  });

  it('a row only on one side has no change', () => {
    const smaller = { ...proposedCard, categories: proposedCard.categories.slice(0, 1) };
    const r = compareCards(currentCard, smaller).rows;
    expect(r.find((x) => x.key === 'ld/2')).toMatchObject({ proposed: null, change: null });
  });
});

describe('the public view', () => {
  const view = publicScenario(scenario, new Date('2026-01-10T00:00:00Z'));

  it('says what the assumptions mean in plain English', () => {
    expect(view.assumptionText).toEqual(
      expect.arrayContaining([
        'The proposed rates would take effect on 1 April 2026.',
        'Hotel costs (accommodation, food and utilities) rise by CPIH, 3.8%: from £300.00 to £311.40 a week.',
        'Care costs rise by the National Living Wage increase, 6.7%.',
        'Figures are for discussion.',
      ]),
    );
  });

  it('carries no organisation or user ids', () => {
    const text = JSON.stringify(view);
    expect(text).not.toContain('org-secret');
    expect(text).not.toContain('user-secret');
  });

  it('knows whether the window is open', () => {
    expect(view.status).toBe('open');
    expect(
      windowStatus(scenario.opensAt, scenario.closesAt, new Date('2026-01-05T08:59:59Z')),
    ).toBe('upcoming');
    expect(
      windowStatus(scenario.opensAt, scenario.closesAt, new Date('2026-02-05T17:00:00Z')),
    ).toBe('closed');
    expect(longDate('2026-02-05')).toBe('5 February 2026');
  });
});

describe('provider responses are checked against the scenario', () => {
  const schema = responseSchema(targetsOf(compareCards(currentCard, proposedCard).rows));
  const good = {
    organisationName: 'Oak House Care Ltd',
    contactName: 'A. Manager',
    contactEmail: 'manager@oakhouse.example',
    cqcLocationId: '1-123456789',
    position: 'support-with-changes',
    comments: [
      { category: 'ld', band: '2', text: 'Band 2 staffing costs are higher.' },
      { category: null, band: null, text: 'Thank you for consulting.' },
    ],
    costEvidence: [
      {
        category: 'ld',
        band: '2',
        description: 'Night staffing',
        amount: '812.50',
        unit: 'per-week',
      },
    ],
  };

  it('accepts a complete response', () => {
    expect(schema.parse(good).costEvidence[0]!.amount).toBe('812.50');
  });

  it('a blank CQC id is simply not given', () => {
    expect(schema.parse({ ...good, cqcLocationId: '' }).cqcLocationId).toBeUndefined();
  });

  it('names every bad field', () => {
    const result = schema.safeParse({
      ...good,
      contactEmail: 'not an email',
      cqcLocationId: '123',
      position: 'maybe',
      comments: [
        { category: 'ld', band: '9', text: 'x' },
        { category: 'nursing', band: null, text: 'y' },
      ],
      costEvidence: [
        { category: null, band: null, description: 'Agency', amount: '12.345', unit: 'per-week' },
      ],
    });
    expect(result.success).toBe(false);
    const issues = issuesByField(result.error!);
    expect(issues['contactEmail']).toMatch(/email address/);
    expect(issues['cqcLocationId']).toBe('CQC location ID must look like 1-123456789');
    expect(issues['position']).toMatch(/Choose a position/);
    expect(issues['costEvidence.0.amount']).toMatch(/pounds and pence/);
    // Row checks run once the shape is right.
    const rows = schema.safeParse({
      ...good,
      comments: [
        { category: 'ld', band: '9', text: 'x' },
        { category: 'nursing', band: null, text: 'y' },
      ],
    });
    const rowIssues = issuesByField(rows.error!);
    expect(rowIssues['comments.0.band']).toBe('"9" is not a band of ld in this scenario');
    expect(rowIssues['comments.1.category']).toBe('"nursing" is not a category in this scenario');
  });
});

const responses: StoredResponse[] = [
  {
    id: 'r1',
    reference: 'K7Q2M9XD',
    scenarioId: 's1',
    linkId: 'l1',
    linkLabel: 'Provider forum',
    organisationName: 'Oak House',
    contactName: 'A',
    contactEmail: 'a@x.example',
    cqcLocationId: null,
    position: 'oppose',
    comments: [
      { category: 'ld', band: '2', text: '=HYPERLINK("bad")' },
      { category: 'ld', band: '2', text: 'again' },
    ],
    costEvidence: [
      { category: 'ld', band: '2', description: 'Night staff', amount: '812.50', unit: 'per-week' },
    ],
    submittedAt: '2026-01-11T10:00:00.000Z',
    updatedAt: '2026-01-11T10:00:00.000Z',
  },
  {
    id: 'r2',
    reference: 'B4HW8NPT',
    scenarioId: 's1',
    linkId: 'l1',
    linkLabel: 'Provider forum',
    organisationName: 'Ash Lodge',
    contactName: 'B',
    contactEmail: 'b@x.example',
    cqcLocationId: '1-222333444',
    position: 'support',
    comments: [{ category: null, band: null, text: 'Fine' }],
    costEvidence: [],
    submittedAt: '2026-01-12T10:00:00.000Z',
    updatedAt: '2026-01-12T10:00:00.000Z',
  },
];

describe('the summary for commissioners', () => {
  const summary = summariseResponses(compareCards(currentCard, proposedCard).rows, responses);
  it('counts each response once per row it commented on', () => {
    expect(summary.positions).toEqual({ support: 1, 'support-with-changes': 0, oppose: 1 });
    const ld2 = summary.rows.find((r) => r.key === 'ld/2')!;
    expect(ld2.positions.oppose).toBe(1);
    expect(ld2.comments).toHaveLength(2);
    expect(summary.rows.find((r) => r.key === 'general')!.comments[0]!.text).toBe('Fine');
  });
  it('is what the contract says GET …/responses/summary answers (nothing more, nothing less)', () => {
    // parse strips keys the schema does not name, so equality also catches extra fields.
    expect(responseSummarySchema.parse(summary)).toEqual(summary);
    expect(summary.rows.find((r) => r.key === 'ld/2')).toMatchObject({
      category: 'ld',
      band: '2',
      positions: { support: 0, 'support-with-changes': 0, oppose: 1 },
    });
  });
  it('stored responses and the share-link view are what the contract says', () => {
    expect(responses.map((r) => storedResponseSchema.parse(r))).toEqual(responses);
    const view = publicScenario(scenario, new Date('2026-01-10T00:00:00Z'));
    expect(publicScenarioSchema.parse(view)).toEqual(view);
  });
});

describe('exports', () => {
  const view = publicScenario(scenario, new Date('2026-01-10T00:00:00Z'));

  it('CSV has one line per row, figures as plain numbers', () => {
    const lines = scenarioCsv(view).trim().split('\r\n');
    expect(lines).toHaveLength(4);
    expect(lines[2]).toBe(
      'Learning disability,Band 1,300.00,250.00,550.00,311.40,266.75,578.15,28.15,5.12',
    );
  });

  it('CSV defuses text a spreadsheet would run as a formula, but keeps negative numbers', () => {
    expect(csvField('=1+1', { text: true })).toBe("'=1+1");
    expect(csvField('-1.00')).toBe('-1.00');
    expect(responsesCsv(responses)).toContain(`"'=HYPERLINK(""bad"")"`);
  });

  it('xlsx: a table in £, and a notes sheet with assumptions and provenance', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await scenarioXlsx(view)) as unknown as ExcelJS.Buffer);
    const rates = wb.getWorksheet('Rates')!;
    expect(rates.getCell('H4').value).toBe(738.2);
    expect(rates.getCell('H4').numFmt).toBe(POUNDS_FORMAT);
    expect(rates.getCell('J2').value).toBeCloseTo(0.0496, 10);
    const notes = wb.getWorksheet('Notes')!;
    const text: string[] = [];
    notes.eachRow((r) => text.push(r.values!.toString()));
    expect(text.join('\n')).toContain('card test-homes version 1, approved on 10 March 2025');
    expect(text.join('\n')).toContain('CPIH, 3.8%');
  });

  it('responses xlsx has the lines and the summary', async () => {
    const summary = summariseResponses(view.rows, responses);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(
      (await responsesXlsx(view.title, responses, summary)) as unknown as ExcelJS.Buffer,
    );
    expect(wb.getWorksheet('Responses')!.rowCount).toBe(5);
    expect(wb.getWorksheet('Summary')!.getCell('B1').value).toBe(2);
  });
});
