/** @jest-environment jsdom */
import '@testing-library/jest-dom';
/**
 * Pane tables of money: numeric headings sit right, over right-aligned figures, and the figures
 * keep their own width (never clipped by equal fixed columns in a 320 px pane).
 */
import { render, screen, within } from '@testing-library/react';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { ChcTiersTable, ScheduleTable } from '../../addin/src/taskpane/components/ScheduleTable';
import { feeSchedule, parseRateCard } from '../../shared/src';
import { v2 } from './taskpaneFixtures';

const style = (el: Element) => getComputedStyle(el);

const chcCard = parseRateCard({
  id: 'chc-tiers',
  version: 1,
  title: 'CHC tiers',
  commissioner: 'An ICB',
  effectiveFrom: '2025-04-01',
  hotelCost: '0.00',
  categories: [{ id: 'chc-nursing', name: 'CHC nursing placement', careCost: '1185.00' }],
  chcTiers: [{ kind: 'fixed', id: 'tier-2', name: 'Tier 2', weeklyFee: '1462.50' }],
});

function renderSchedule() {
  const rows = feeSchedule(v2);
  render(
    <FluentProvider theme={webLightTheme}>
      <ScheduleTable rows={rows} caption="Weekly fees" />
    </FluentProvider>,
  );
  return { rows, table: screen.getByRole('table', { name: 'Weekly fees' }) };
}

test('numeric column headings are right-aligned, content and all, over right-aligned figures', () => {
  const { rows, table } = renderSchedule();
  const headers = within(table).getAllByRole('columnheader');
  expect(headers.map((h) => h.textContent)).toEqual([
    'Category',
    'Silver',
    'Gold',
    'Bronze after deadline',
  ]);
  for (const header of headers.slice(1)) {
    expect(style(header).textAlign).toBe('right');
    // Fluent puts the heading's text in a flex box, where only justify-content moves it.
    const box = header.querySelector('.fui-TableHeaderCell__button')!;
    expect(style(box).justifyContent).toBe('flex-end');
    expect(style(box).textAlign).toBe('right');
  }
  expect(style(headers[0]!.querySelector('.fui-TableHeaderCell__button')!).justifyContent).not.toBe(
    'flex-end',
  );
  const cells = within(within(table).getAllByRole('row')[1]!).getAllByRole('cell');
  expect(cells.map((c) => c.textContent)).toEqual([
    expect.any(String),
    `£${rows[0]!.silver}`,
    `£${rows[0]!.gold}`,
    `£${rows[0]!.bronze}`,
  ]);
  for (const cell of cells.slice(1)) {
    expect(style(cell).textAlign).toBe('right');
    expect(style(cell).whiteSpace).toBe('nowrap');
  }
});

test('columns size to their figures instead of equal fixed widths that clip amounts', () => {
  const { table } = renderSchedule();
  expect(style(table).tableLayout).toBe('auto');
});

test('the CHC tiers table follows the same rule', () => {
  render(
    <FluentProvider theme={webLightTheme}>
      <ChcTiersTable card={chcCard} />
    </FluentProvider>,
  );
  const table = screen.getByRole('table');
  const fee = within(table).getByRole('columnheader', { name: 'Weekly fee' });
  expect(style(fee.querySelector('.fui-TableHeaderCell__button')!).justifyContent).toBe('flex-end');
  expect(within(table).getByRole('cell', { name: '£1,462.50' })).toHaveStyle({
    textAlign: 'right',
  });
  expect(style(table).tableLayout).toBe('auto');
});
