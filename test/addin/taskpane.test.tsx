/** @jest-environment jsdom */
import '@testing-library/jest-dom';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App } from '../../addin/src/taskpane/App';
import { ServiceError, type PaneServices } from '../../addin/src/taskpane/services';
import type { ExcelActions } from '../../addin/src/taskpane/excelActions';
import {
  PUBLISHED_CHANGE_PLACES,
  REFERENCE_SERIES,
  parseIndexSeries,
  parseRateCard,
  yearOnYearChange,
} from '../../shared/src';
import { paneTheme, prefersDark } from '../../addin/src/taskpane/theme';
import { webDarkTheme, webLightTheme } from '@fluentui/react-components';
import { fakeApi, fakeServices, me, summary, v2 } from './taskpaneFixtures';

// jsdom has no ResizeObserver; Fluent's MessageBar measures itself with one.
beforeAll(() => {
  (globalThis as { ResizeObserver?: unknown }).ResizeObserver ??= class {
    observe() {}
    unobserve() {}
    disconnect() {}
  };
});

function renderPane(services: PaneServices) {
  return render(<App services={services} />);
}

async function connect(user: ReturnType<typeof userEvent.setup>) {
  await user.type(screen.getByLabelText(/service url/i), 'https://carefee.example.org');
  await user.type(screen.getByLabelText(/access token/i), 'demo-token');
  await user.click(screen.getByRole('button', { name: 'Connect' }));
}

describe('connect', () => {
  test('a working URL and token connect, show the organisation and role, and are saved for the user', async () => {
    const user = userEvent.setup();
    const services = fakeServices(fakeApi());
    renderPane(services);
    await connect(user);
    expect(await screen.findByText('Connected')).toBeInTheDocument();
    expect(screen.getAllByText(/Birmingham City Council/).length).toBeGreaterThan(0);
    expect(screen.getByText(/Ann Editor, editor/)).toBeInTheDocument();
    expect(services.settings.save).toHaveBeenCalledWith({
      serviceUrl: 'https://carefee.example.org',
      token: 'demo-token',
    });
    expect(services.connect).toHaveBeenCalledWith({
      serviceUrl: 'https://carefee.example.org',
      token: 'demo-token',
    });
  });

  test('the saved connection is tested on entry', async () => {
    const api = fakeApi();
    renderPane(
      fakeServices(api, { saved: { serviceUrl: 'https://carefee.example.org', token: 't' } }),
    );
    expect(await screen.findByText('Connected')).toBeInTheDocument();
    expect(api.me).toHaveBeenCalledTimes(1);
  });

  test.each([
    ['offline', 'Cannot reach the service'],
    ['unauthorized', 'Token refused'],
    ['wrong-url', 'Not a carefee service'],
  ] as const)('%s is explained, and nothing is saved', async (kind, title) => {
    const user = userEvent.setup();
    const services = fakeServices(
      fakeApi({ me: jest.fn(async () => Promise.reject(new ServiceError(kind, 'nope'))) }),
    );
    renderPane(services);
    await connect(user);
    expect(await screen.findByText(title)).toBeInTheDocument();
    expect(screen.queryByText('Connected')).not.toBeInTheDocument();
    expect(services.settings.save).not.toHaveBeenCalled();
    expect(screen.getByRole('tab', { name: 'Cards' })).toBeDisabled();
  });

  test('not signed in: the suggested address is filled in, nothing is tested', async () => {
    const api = fakeApi();
    renderPane(
      fakeServices(api, { saved: { serviceUrl: 'https://carefee.example.org', token: '' } }),
    );
    await waitFor(() =>
      expect(screen.getByLabelText(/service url/i)).toHaveValue('https://carefee.example.org'),
    );
    expect(screen.getByLabelText(/access token/i)).toHaveValue('');
    expect(api.me).not.toHaveBeenCalled();
  });

  test('disconnect forgets the token and closes the cards', async () => {
    const user = userEvent.setup();
    const services = fakeServices(fakeApi(), {
      saved: { serviceUrl: 'https://carefee.example.org', token: 't' },
    });
    renderPane(services);
    await screen.findByRole('list', { name: 'Rate cards' });
    await user.click(screen.getByRole('tab', { name: 'Connect' }));
    await user.click(screen.getByRole('button', { name: 'Disconnect' }));
    expect(services.settings.clear).toHaveBeenCalled();
    expect(screen.getByLabelText(/access token/i)).toHaveValue('');
    expect(screen.getByLabelText(/service url/i)).toHaveValue('https://carefee.example.org');
    expect(screen.getByRole('tab', { name: 'Cards' })).toBeDisabled();
  });

  test('every input is labelled', () => {
    renderPane(fakeServices(fakeApi()));
    for (const input of document.querySelectorAll('input')) expect(input).toHaveAccessibleName();
  });
});

describe('browse', () => {
  async function openCards(services = fakeServices(fakeApi())) {
    const user = userEvent.setup();
    renderPane(services);
    await connect(user);
    await screen.findByRole('list', { name: 'Rate cards' });
    return user;
  }

  test('lists each family with its versions, status, dates and approver', async () => {
    await openCards();
    const versions = screen.getByRole('list', {
      name: 'Versions of Birmingham care homes 2025/26',
    });
    const items = within(versions).getAllByRole('listitem');
    expect(items).toHaveLength(2);
    expect(items[0]).toHaveTextContent('Version 2');
    expect(items[0]).toHaveTextContent('approved');
    expect(items[0]).toHaveTextContent('from 2025-04-01');
    expect(items[0]).toHaveTextContent('Approved by Bob Approver on 2024-03-01');
    expect(items[1]).toHaveTextContent('Version 1');
    expect(items[1]).toHaveTextContent('superseded');
    expect(items[1]).toHaveTextContent('2024-04-01 to 2025-03-31');
  });

  test("a card's schedule shows the engine's weekly fees at each rating", async () => {
    const user = await openCards();
    await user.click(
      screen.getByRole('button', { name: 'View Birmingham care homes 2025/26 version 1' }),
    );
    const table = await screen.findByRole('table', {
      name: /Weekly fees, Birmingham care homes 2024\/25 version 1/,
    });
    const rows = within(table).getAllByRole('row');
    // header + older residential + LD bands 1 and 2
    expect(rows).toHaveLength(4);
    expect(rows[1]).toHaveTextContent('Older people residential£580.03£591.63£562.63');
    expect(rows[3]).toHaveTextContent('Learning disability, band 2£760.78£776.00£737.96');
  });

  test('the diff between two versions comes from the engine', async () => {
    const user = await openCards();
    await user.click(
      screen.getByRole('button', { name: 'View Birmingham care homes 2025/26 version 2' }),
    );
    await user.click(await screen.findByRole('button', { name: 'Show changes' }));
    const diff = await screen.findByRole('region', { name: 'Changes from version 1 to version 2' });
    // 11.57 ÷ 348.43 = 3.3206% → 3.32
    expect(diff).toHaveTextContent('hotel cost: £348.43 → £360.00 (3.32%)');
    // the heading names the versions; the list does not repeat them
    expect(diff).not.toHaveTextContent('version: 1 → 2');
    // older residential Silver 580.03 → 591.60
    expect(within(diff).getByRole('table')).toHaveTextContent('£580.03£591.60');
  });

  test('outside Excel the insert buttons are disabled, with the reason', async () => {
    const user = await openCards();
    expect(screen.getByText('Read-only preview')).toBeInTheDocument();
    await user.click(
      screen.getByRole('button', { name: 'View Birmingham care homes 2025/26 version 2' }),
    );
    expect(await screen.findByRole('button', { name: 'Insert schedule' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Insert placements template' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Add CAREFEE name' })).toBeDisabled();
    expect(
      screen.getByText(/Open this pane in Excel to insert into a workbook/),
    ).toBeInTheDocument();
  });
});

function fakeExcel(): ExcelActions & { [K in keyof ExcelActions]: jest.Mock } {
  return {
    insertSchedule: jest.fn(async (_card, _meta, onProgress?: (d: number, t: number) => void) => {
      onProgress?.(3, 3);
      return { sheetName: 'bham-care-homes v2', tableName: 'T_bham_care_homes_v2' };
    }),
    insertPlacementsTemplate: jest.fn(async () => ({
      sheetName: 'Placements bham-care-homes',
      tableName: 'T_Placements',
    })),
    addCarefeeName: jest.fn(async () => ({
      ok: false as const,
      reason: 'This Excel does not accept LAMBDA names.',
    })),
    listTables: jest.fn(async () => ['T_Placements']),
    readPlacements: jest.fn(async () => [
      { row: 1, category: 'older-residential', band: null, rating: 'Silver', weeks: 52 },
      { row: 2, category: 'learning-disability', band: '2', rating: 'Gold', weeks: 10 },
      { row: 3, category: 'nursing', band: null, rating: null, weeks: 52 },
    ]),
    insertPriceReview: jest.fn(async () => ({
      sheetName: 'Review 2025 bham-care-homes',
      tableName: 'T_Review',
    })),
    recalculate: jest.fn(async () => undefined),
    insertFormula: jest.fn(async () => ({ address: 'Sheet1!C4' })),
  } as never;
}

describe('in Excel', () => {
  test('insert, pin and the CAREFEE name go through the Excel actions and say what happened', async () => {
    const user = userEvent.setup();
    const excel = fakeExcel();
    const pins: Record<string, number> = {};
    const pinning = {
      get: (id: string) => pins[id],
      pin: jest.fn(async (id: string, v: number) => void (pins[id] = v)),
    };
    renderPane(fakeServices(fakeApi(), { excel, pinning }));
    await connect(user);
    await user.click(
      await screen.findByRole('button', { name: 'View Birmingham care homes 2025/26 version 2' }),
    );
    await user.click(await screen.findByRole('button', { name: 'Insert schedule' }));
    expect(
      await screen.findByText(/Schedule inserted on sheet "bham-care-homes v2"/),
    ).toBeInTheDocument();
    expect(excel.insertSchedule.mock.calls[0][0]).toMatchObject({
      id: 'bham-care-homes',
      version: 2,
    });
    await user.click(screen.getByRole('button', { name: 'Pin this version' }));
    expect(await screen.findByRole('button', { name: 'Pinned' })).toBeDisabled();
    expect(pinning.pin).toHaveBeenCalledWith('bham-care-homes', 2);
    await user.click(screen.getByRole('button', { name: 'Add CAREFEE name' }));
    expect(await screen.findByText(/does not accept LAMBDA names/)).toBeInTheDocument();
  });
});

describe('formula builder', () => {
  test('picks category, band and rating (with the deadline for Bronze) and inserts =CARE.FEE in the active cell', async () => {
    const user = userEvent.setup();
    const excel = fakeExcel() as unknown as { insertFormula: jest.Mock };
    renderPane(fakeServices(fakeApi(), { excel: excel as never }));
    await connect(user);
    await user.click(
      await screen.findByRole('button', { name: 'View Birmingham care homes 2025/26 version 2' }),
    );
    const builder = await screen.findByRole('region', { name: 'Fee formula' });
    const formula = () => within(builder).getByLabelText('Formula').textContent;
    // Names in the pickers, ids in the formula; Silver is the default and is left out.
    expect(formula()).toBe('=CARE.FEE("bham-care-homes","older-residential")');
    await user.selectOptions(within(builder).getByLabelText('Category'), 'Learning disability');
    await user.selectOptions(within(builder).getByLabelText('Band'), 'Band 2');
    await user.selectOptions(within(builder).getByLabelText('Rating'), 'Bronze');
    // "Bronze" means one price only with its deadline: no formula until there is one.
    expect(within(builder).queryByLabelText('Formula')).toBeNull();
    const insert = within(builder).getByRole('button', {
      name: 'Insert formula in the active cell',
    });
    expect(insert).toBeDisabled();
    expect(within(builder).getByText(/Bronze needs the improvement deadline/)).toBeInTheDocument();
    await user.type(within(builder).getByLabelText('Bronze improvement deadline'), '2026-06-30');
    const expected =
      '=CARE.FEE("bham-care-homes","learning-disability","2","Bronze",,DATE(2026,6,30))';
    expect(formula()).toBe(expected);
    await user.click(insert);
    expect(excel.insertFormula).toHaveBeenCalledWith(expected);
    expect(await screen.findByText(`Inserted ${expected} in Sheet1!C4.`)).toBeInTheDocument();
  });

  test('outside Excel the formula shows but cannot be inserted', async () => {
    const user = userEvent.setup();
    renderPane(fakeServices(fakeApi()));
    await connect(user);
    await user.click(
      await screen.findByRole('button', { name: 'View Birmingham care homes 2025/26 version 2' }),
    );
    const builder = await screen.findByRole('region', { name: 'Fee formula' });
    await user.selectOptions(within(builder).getByLabelText('Rating'), 'Gold');
    expect(within(builder).getByLabelText('Formula')).toHaveTextContent(
      '=CARE.FEE("bham-care-homes","older-residential",,"Gold")',
    );
    expect(
      within(builder).getByRole('button', { name: 'Insert formula in the active cell' }),
    ).toBeDisabled();
  });
});

describe('keyboard focus', () => {
  test('goes to the cards after Connect, to the card after View, and back to its View button after Back', async () => {
    const user = userEvent.setup();
    renderPane(fakeServices(fakeApi()));
    await connect(user);
    const list = await screen.findByRole('list', { name: 'Rate cards' });
    await waitFor(() => expect(document.activeElement).toBe(list));
    await user.click(
      screen.getByRole('button', { name: 'View Birmingham care homes 2025/26 version 1' }),
    );
    const heading = await screen.findByRole('heading', { level: 2 });
    await waitFor(() => expect(document.activeElement).toBe(heading));
    await user.click(screen.getByRole('button', { name: '← All cards' }));
    await waitFor(() =>
      expect(document.activeElement).toBe(
        screen.getByRole('button', { name: 'View Birmingham care homes 2025/26 version 1' }),
      ),
    );
  });
});

describe('price review', () => {
  async function openReview(services: PaneServices, version = 1) {
    const user = userEvent.setup();
    renderPane(services);
    await connect(user);
    await user.click(
      await screen.findByRole('button', {
        name: `View Birmingham care homes 2025/26 version ${version}`,
      }),
    );
    await screen.findByRole('button', { name: 'Insert schedule' });
    await user.click(screen.getByRole('tab', { name: 'Price review' }));
    return user;
  }

  test('CPIH 10.9% and NLW 1.4% preview hotel 348.43 → 386.41 and care 231.60 → 234.84', async () => {
    const user = await openReview(fakeServices(fakeApi()));
    expect(screen.getByLabelText(/review year/i)).toHaveValue(2025);
    await user.type(screen.getByLabelText(/cpih change/i), '0.109');
    await user.type(screen.getByLabelText(/nlw change/i), '0.014');
    const preview = await screen.findByRole('region', { name: 'Uplift preview' });
    expect(preview).toHaveTextContent('hotel £348.43 → £386.41 (10.9%)');
    expect(preview).toHaveTextContent('care costs +1.4% (NLW)');
    const rows = within(within(preview).getByRole('table')).getAllByRole('row');
    // care 234.84; Silver 580.03 → 386.41 + 234.84 = 621.25
    expect(rows[1]).toHaveTextContent('Older people residential£234.84£580.03£621.25');
  });

  test('a greater local care wage change sets the care uplift', async () => {
    const user = await openReview(fakeServices(fakeApi()));
    await user.type(screen.getByLabelText(/cpih change/i), '0.109');
    await user.type(screen.getByLabelText(/nlw change/i), '0.014');
    await user.type(screen.getByLabelText(/local care wage change/i), '0.05');
    // 231.60 × 1.05 = 243.18
    expect(await screen.findByRole('region', { name: 'Uplift preview' })).toHaveTextContent(
      'care costs +5% (local care wage)',
    );
    expect(screen.getByRole('table', { name: 'Uplifted schedule' })).toHaveTextContent('£243.18');
  });

  test('the NLW change can come from the index series', async () => {
    const user = await openReview(fakeServices(fakeApi()));
    await user.click(screen.getByRole('button', { name: 'From NLW series' }));
    // 2025 review: £11.44 → £12.21 = 6.7%
    expect(screen.getByLabelText(/nlw change/i)).toHaveValue('0.067');
  });

  test("CPIH comes from the service's series (the organisation's values), the change from the engine", async () => {
    const cpih = parseIndexSeries({
      id: 'cpih',
      name: 'CPIH index',
      unit: 'index',
      source: 'ONS, entered by the organisation',
      points: [
        { from: '2024-04-01', value: '100.0' },
        { from: '2025-04-01', value: '110.9' },
      ],
    });
    const api = fakeApi({ indexSeries: jest.fn(async () => cpih) });
    const user = await openReview(fakeServices(api));
    await user.click(screen.getByRole('button', { name: 'From CPIH series' }));
    expect(screen.getByLabelText(/cpih change/i)).toHaveValue('0.109');
    expect(api.indexSeries).toHaveBeenCalledWith('cpih');
    expect(
      screen.getByText(/CPIH index: 100(\.0)? → 110\.9 \(2024-04-01 to 2025-04-01\), 10\.9%/),
    ).toBeInTheDocument();
  });

  test("without the service's series, the engine's shipped one is used (or the pane says to type it)", async () => {
    const user = await openReview(fakeServices(fakeApi()));
    await user.click(screen.getByRole('button', { name: 'From CPIH series' }));
    const shipped = REFERENCE_SERIES.get('cpih');
    if (shipped) {
      expect(screen.getByLabelText(/cpih change/i)).toHaveValue(
        yearOnYearChange(shipped, 2025, PUBLISHED_CHANGE_PLACES).change,
      );
    } else {
      expect(await screen.findByText(/no CPIH series on this service yet/)).toBeInTheDocument();
    }
  });

  test('a percentage typed as a whole number is refused by the engine, naming the field', async () => {
    const user = await openReview(fakeServices(fakeApi()));
    await user.type(screen.getByLabelText(/cpih change/i), '10.9');
    await user.type(screen.getByLabelText(/nlw change/i), '0.014');
    expect(await screen.findByText(/cpihChange must be a decimal fraction/)).toBeInTheDocument();
  });

  test('budget impact on the placements table, the review sheet and saving a draft', async () => {
    const api = fakeApi();
    const excel = fakeExcel();
    const user = await openReview(fakeServices(api, { excel }));
    await user.type(screen.getByLabelText(/cpih change/i), '0.109');
    await user.type(screen.getByLabelText(/nlw change/i), '0.014');
    await user.click(await screen.findByRole('button', { name: 'Budget impact' }));
    const budget = await screen.findByRole('table', { name: 'Budget impact' });
    // now: 580.03 × 52 + 776.00 × 10 = 37,921.56; after: 621.25 × 52 + (386.41 + 418.12) × 1.02 = 820.62 × 10 → 40,511.20
    expect(budget).toHaveTextContent('Current annual cost£37,921.56');
    expect(budget).toHaveTextContent('After the review£40,511.20');
    expect(budget).toHaveTextContent('Change£2,589.64');
    expect(
      screen.getByText(/1 lines could not be priced, e.g. row 3: category "nursing"/),
    ).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Write review sheet' }));
    expect(
      await screen.findByText(/Review written to sheet "Review 2025 bham-care-homes"/),
    ).toBeInTheDocument();
    expect(excel.insertPriceReview.mock.calls[0][0]).toMatchObject({
      reviewYear: 2025,
      cpihChange: '0.109',
      careChange: '0.014',
      budget: { current: '37921.56' },
    });

    await user.click(screen.getByRole('button', { name: 'Save as draft card' }));
    expect(
      await screen.findByText(/Saved as draft: bham-care-homes version 3/),
    ).toBeInTheDocument();
    expect(api.uplift).toHaveBeenCalledWith('bham-care-homes', 1, {
      reviewYear: 2025,
      cpihChange: '0.109',
      nlwChange: '0.014',
      // Typed, not read from a published series: the draft records them as assumptions.
      assumed: ['cpihChange', 'nlwChange'],
    });
  });

  test('changes may be typed as percentages: "10.9%" is 0.109', async () => {
    const user = await openReview(fakeServices(fakeApi()));
    await user.type(screen.getByLabelText(/cpih change/i), '10.9%');
    await user.type(screen.getByLabelText(/nlw change/i), ' 1.4 % ');
    const preview = await screen.findByRole('region', { name: 'Uplift preview' });
    expect(preview).toHaveTextContent('hotel £348.43 → £386.41 (10.9%)');
    expect(preview).toHaveTextContent(
      'Your assumptions, not published figures: CPIH 10.9%, NLW 1.4%.',
    );
    await user.type(screen.getByLabelText(/local care wage change/i), 'five');
    expect(
      screen.getByText(
        'local care wage change must be a decimal number, got "five": type 0.031 or 3.1%',
      ),
    ).toBeInTheDocument();
  });

  test('an unpublished year: the series button says so on the field and fills nothing; a typed forecast is named as an assumption', async () => {
    const user = await openReview(fakeServices(fakeApi()), 2);
    const year = screen.getByLabelText(/review year/i);
    await user.clear(year);
    await user.type(year, '2027');
    await user.click(screen.getByRole('button', { name: 'From NLW series' }));
    expect(
      await screen.findByText(
        'National Living Wage (nlw) for 2027-04-01 is not yet published: the latest published value is 12.71, in force from 2026-04-01. Enter a forecast as your own assumption instead.',
      ),
    ).toBeInTheDocument();
    expect(screen.getByLabelText(/nlw change/i)).toHaveValue('');
    await user.click(screen.getByRole('button', { name: 'From CPIH series' }));
    expect(
      await screen.findByText(
        /^CPIH 12-month rate \(September\) \(cpih\) for 2027-04-01 is not yet published/,
      ),
    ).toBeInTheDocument();
    expect(screen.getByLabelText(/cpih change/i)).toHaveValue('');
    expect(screen.queryByRole('region', { name: 'Uplift preview' })).toBeNull();
    // Forecasts typed by hand: the preview names them as assumptions.
    await user.type(screen.getByLabelText(/cpih change/i), '3%');
    await user.type(screen.getByLabelText(/nlw change/i), '4.1%');
    expect(await screen.findByRole('region', { name: 'Uplift preview' })).toHaveTextContent(
      'Your assumptions, not published figures: CPIH 3%, NLW 4.1%.',
    );
  });

  test('a fall or a rise above 20% is confirmed before saving; the versions are looked up again after', async () => {
    const api = fakeApi();
    const user = await openReview(fakeServices(api));
    await user.type(screen.getByLabelText(/cpih change/i), '-0.5');
    await user.type(screen.getByLabelText(/nlw change/i), '0.014');
    await user.click(await screen.findByRole('button', { name: 'Save as draft card' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'CPIH -50% is a fall or unusually large. Save this draft anyway?',
    );
    expect(api.uplift).not.toHaveBeenCalled();
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('alert')).toBeNull();
    expect(api.uplift).not.toHaveBeenCalled();
    const listed = api.listCards.mock.calls.length;
    await user.click(screen.getByRole('button', { name: 'Save as draft card' }));
    await user.click(await screen.findByRole('button', { name: 'Save anyway' }));
    expect(await screen.findByText(/Saved as draft: bham-care-homes version 3/)).toHaveTextContent(
      'It rests on your assumptions: CPIH -50%, NLW 1.4%.',
    );
    expect(api.uplift).toHaveBeenCalledWith('bham-care-homes', 1, {
      reviewYear: 2025,
      cpihChange: '-0.5',
      nlwChange: '0.014',
      assumed: ['cpihChange', 'nlwChange'],
    });
    await waitFor(() => expect(api.listCards.mock.calls.length).toBe(listed + 1));
  });

  test('every amount that moves is listed from the engine', async () => {
    const user = await openReview(fakeServices(fakeApi()));
    await user.type(screen.getByLabelText(/cpih change/i), '0.109');
    await user.type(screen.getByLabelText(/nlw change/i), '0.014');
    const lines = await screen.findByRole('list', { name: 'Every amount that moves' });
    expect(
      within(lines)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual([
      'hotel cost: £348.43 → £386.41',
      'care cost: Older people residential: £231.60 → £234.84',
      'care cost: Learning disability band 1: £300.00 → £304.20',
      'care cost: Learning disability band 2: £412.35 → £418.12',
    ]);
  });

  test('a draft version cannot be the base of a saved review', async () => {
    const api = fakeApi();
    const getCard = api.getCard.getMockImplementation()!;
    api.getCard.mockImplementation(async (id: string, v: number) => {
      const r = await getCard(id, v);
      return { ...r, meta: { ...r.meta, status: 'draft' } };
    });
    const user = await openReview(fakeServices(api));
    await user.type(screen.getByLabelText(/cpih change/i), '0.109');
    await user.type(screen.getByLabelText(/nlw change/i), '0.014');
    expect(await screen.findByRole('button', { name: 'Save as draft card' })).toBeDisabled();
    expect(screen.getByText(/This version is draft/)).toBeInTheDocument();
  });

  test('a viewer cannot save a draft', async () => {
    const api = fakeApi({
      me: jest.fn(async () => ({ ...me, user: { ...me.user, role: 'viewer' as const } })),
    });
    const user = await openReview(fakeServices(api));
    await user.type(screen.getByLabelText(/cpih change/i), '0.109');
    await user.type(screen.getByLabelText(/nlw change/i), '0.014');
    expect(await screen.findByRole('button', { name: 'Save as draft card' })).toBeDisabled();
    expect(screen.getByText(/needs the editor role; you are a viewer/)).toBeInTheDocument();
  });
});

describe('consultations', () => {
  test('hidden where the service has no scenarios endpoints', async () => {
    const user = userEvent.setup();
    renderPane(
      fakeServices(
        fakeApi({
          listScenarios: jest.fn(async () => Promise.reject(new ServiceError('not-found', 'no'))),
        }),
      ),
    );
    await connect(user);
    await screen.findByRole('list', { name: 'Rate cards' });
    expect(screen.queryByRole('tab', { name: 'Consultations' })).not.toBeInTheDocument();
  });

  const zero = { support: 0, 'support-with-changes': 0, oppose: 0 };
  const scenario = {
    id: 's1',
    title: 'Draft 2026/27 rates',
    status: 'open' as const,
    opensAt: '2026-01-05T09:00:00Z',
    closesAt: '2026-02-05T17:00:00Z',
    baseCard: { id: 'bham-care-homes', version: 2 },
    proposed: { id: 'bham-care-homes', version: 3 },
  };
  const link = {
    id: 'l1',
    scenarioId: 's1',
    label: 'Provider forum',
    expiresAt: '2099-02-06T00:00:00Z',
    revokedAt: null,
    viewCount: 3,
    lastViewedAt: '2026-01-10T14:30:00Z',
    createdBy: 'Ann Editor',
    createdAt: '2026-01-05T09:00:00Z',
  };
  const response = {
    id: 'r1',
    reference: 'K7Q2M9XD',
    scenarioId: 's1',
    linkId: 'l1',
    linkLabel: 'Provider forum',
    organisationName: 'Oak Homes',
    contactName: 'A. Manager',
    contactEmail: 'a@oak.example',
    cqcLocationId: null,
    position: 'oppose' as const,
    comments: [{ category: 'older-residential', band: null, text: 'Below our costs' }],
    costEvidence: [
      {
        category: 'older-residential',
        band: null,
        description: 'Night staff',
        amount: '812.50',
        unit: 'per-week' as const,
      },
    ],
    submittedAt: '2026-01-10T10:00:00Z',
    updatedAt: '2026-01-11T10:00:00Z',
  };
  const consultationApi = () =>
    fakeApi({
      listScenarios: jest.fn(async () => [scenario]),
      scenarioSummary: jest.fn(async () => ({
        responses: 1,
        positions: { ...zero, oppose: 1 },
        rows: [],
      })),
      listLinks: jest.fn(async () => [link]),
      listResponses: jest.fn(async () => [response]),
      revokeLink: jest.fn(async () => ({ ...link, revokedAt: '2026-01-12T10:00:00Z' })),
      createLink: jest.fn(async () => ({
        link: { ...link, id: 'l2', label: 'Email to homes' },
        url: 'https://carefee.example/s/abc',
      })),
      createScenario: jest.fn(async () => ({ ...scenario, id: 's2', title: 'New one' })),
    });

  test('lists consultations with en-GB dates; opening one shows links with views, and each response with its cost evidence', async () => {
    const user = userEvent.setup();
    const api = consultationApi();
    const insertResponses = jest.fn(async () => ({ sheetName: 'Responses Draft', tableName: 'T' }));
    renderPane(fakeServices(api, { excel: { insertResponses } as never }));
    await connect(user);
    await user.click(await screen.findByRole('tab', { name: 'Consultations' }));
    const list = await screen.findByRole('list', { name: 'Consultations' });
    expect(list).toHaveTextContent('Draft 2026/27 rates');
    expect(list).toHaveTextContent('Open 5 January 2026 to 5 February 2026');
    expect(list).toHaveTextContent(
      'bham-care-homes version 2 → proposed bham-care-homes version 3',
    );
    await user.click(
      screen.getByRole('button', { name: 'Links and responses for Draft 2026/27 rates' }),
    );
    expect(
      await screen.findByText('1 response: support 0, support with changes 0, oppose 1'),
    ).toBeInTheDocument();
    const links = screen.getByRole('list', { name: 'Links for Draft 2026/27 rates' });
    expect(links).toHaveTextContent(
      'active until 6 February 2099 · 3 views, last 10 January 2026 at 14:30',
    );
    const responses = screen.getByRole('list', {
      name: 'Responses received for Draft 2026/27 rates',
    });
    expect(responses).toHaveTextContent('Oak Homes: oppose');
    expect(responses).toHaveTextContent(
      'Reference K7Q2M9XD · sent 10 January 2026 at 10:00, changed 11 January 2026 at 10:00',
    );
    expect(responses).toHaveTextContent(
      'Cost evidence, older-residential: Night staff, £812.50 a week',
    );

    await user.click(screen.getByRole('button', { name: 'To a new worksheet' }));
    expect(insertResponses).toHaveBeenCalledWith(
      'Draft 2026/27 rates',
      expect.objectContaining({
        amountColumn: 12,
        values: [
          expect.arrayContaining(['K7Q2M9XD', 'Oak Homes', 'oppose', 'Below our costs']),
          expect.arrayContaining(['K7Q2M9XD', 'Night staff', 812.5, 'a week']),
        ],
      }),
    );
    await screen.findByText('Responses written to the new sheet “Responses Draft”.');

    await user.type(screen.getByLabelText(/Link label/), 'Email to homes');
    await user.click(screen.getByRole('button', { name: 'Make a share link' }));
    expect(await screen.findByTestId('new-link')).toHaveTextContent(
      'https://carefee.example/s/abc',
    );
    expect(api.createLink).toHaveBeenCalledWith('s1', { label: 'Email to homes', expiresAt: null });
    await user.click(screen.getByRole('button', { name: 'Revoke link Provider forum' }));
    expect(api.revokeLink).toHaveBeenCalledWith('s1', 'l1');
  });

  test('an editor makes a consultation from a price review of an approved card', async () => {
    const user = userEvent.setup();
    const api = consultationApi();
    renderPane(fakeServices(api));
    await connect(user);
    await user.click(await screen.findByRole('tab', { name: 'Consultations' }));
    await user.click(await screen.findByRole('button', { name: 'New consultation' }));
    await user.type(await screen.findByLabelText(/CPIH change/), '0.038');
    await user.type(screen.getByLabelText(/NLW change/), '0.067');
    await user.click(screen.getByRole('button', { name: 'Create consultation' }));
    await waitFor(() => expect(api.createScenario).toHaveBeenCalled());
    const sent = (api.createScenario as jest.Mock).mock.calls[0]![0];
    expect(sent).toMatchObject({
      baseCard: { id: v2.id, version: 2 },
      proposed: { uplift: { cpihChange: '0.038', nlwChange: '0.067' } },
    });
    expect(Date.parse(sent.closesAt) - Date.parse(sent.opensAt)).toBeGreaterThan(27 * 86400_000);
  });
});

describe('theme', () => {
  afterEach(() => delete (globalThis as { Office?: unknown }).Office);
  test('follows the Office theme: a dark body background picks the dark theme', () => {
    (globalThis as { Office?: unknown }).Office = {
      context: { officeTheme: { bodyBackgroundColor: '#262626' } },
    };
    expect(prefersDark()).toBe(true);
    expect(paneTheme(true)).toBe(webDarkTheme);
    (globalThis as { Office?: unknown }).Office = {
      context: { officeTheme: { bodyBackgroundColor: '#FFFFFF' } },
    };
    expect(prefersDark()).toBe(false);
    expect(paneTheme(false)).toBe(webLightTheme);
  });
  test('outside Office, the browser preference (jsdom: none, so light)', () => {
    expect(prefersDark()).toBe(false);
  });
});

test("a card's CHC tiers show the engine's tier fees: base plus staffing hours", async () => {
  const chc = parseRateCard({
    id: 'icb-chc',
    version: 1,
    title: 'ICB CHC tiers',
    commissioner: 'ICB',
    effectiveFrom: '2025-04-01',
    hotelCost: '0.00',
    categories: [{ id: 'chc-nursing', name: 'CHC nursing', careCost: '1185.00' }],
    chcTiers: [
      { kind: 'fixed', id: 'tier-1', name: 'Tier 1', weeklyFee: '1185.00' },
      {
        kind: 'staffed',
        id: 'tier-3',
        name: 'Tier 3',
        baseWeeklyFee: '1462.50',
        staffing: { hoursPerDay: 12, staff: 1, people: 2, hourlyRate: '21.40' },
      },
    ],
  });
  const meta = { ...summary(chc, 'approved', 'Bob') };
  const api = fakeApi({
    listCards: jest.fn(async () => [meta]),
    getCard: jest.fn(async () => ({ card: chc, meta })),
  });
  const user = userEvent.setup();
  renderPane(fakeServices(api));
  await connect(user);
  await user.click(await screen.findByRole('button', { name: 'View ICB CHC tiers version 1' }));
  const tiers = await screen.findByRole('table', { name: 'CHC tiers, ICB CHC tiers version 1' });
  // 12 h × 7 ÷ 2 = 42 h at £21.40 = £898.80; + £1,462.50 = £2,361.30
  expect(within(tiers).getAllByRole('row')[2]).toHaveTextContent(
    'Tier 3 (base £1,462.50 + 42 staff hours at £21.40)£2,361.30',
  );
  expect(within(tiers).getAllByRole('row')[1]).toHaveTextContent('Tier 1£1,185.00');
});
