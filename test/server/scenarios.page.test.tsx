/** @jest-environment jsdom */
import '@testing-library/jest-dom';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ScenarioView } from '../../server/src/scenarios/page/ProviderPage';
import type { Scenario } from '../../server/src/scenarios/model';
import { publicScenario } from '../../server/src/scenarios/view';
import { upliftCard } from '../../shared/src/uplift';
import { currentCard, upliftInput } from './scenarios.fixtures';

// The chart needs real layout; the browser test (test/e2e/provider-page.test.ts) draws it.
jest.mock('../../server/src/scenarios/page/RatesChart', () => ({
  RatesChart: () => <div data-testid="rates-chart" />,
}));

beforeAll(() => {
  (globalThis as { ResizeObserver?: unknown }).ResizeObserver ??= class {
    observe() {}
    unobserve() {}
    disconnect() {}
  };
});

const scenario: Scenario = {
  id: 's1',
  organisationId: 'o1',
  title: 'Fees 2026/27 consultation',
  base: { card: currentCard, status: 'approved', approvedAt: '2025-03-10T12:00:00.000Z' },
  proposed: {
    kind: 'uplift',
    card: upliftCard(currentCard, upliftInput).card,
    version: null,
    status: 'uplift',
  },
  uplift: upliftInput,
  assumptions: { cpihChange: '0.038', nlwChange: '0.067' },
  opensAt: '2026-01-05T09:00:00.000Z',
  closesAt: '2026-02-05T17:00:00.000Z',
  createdBy: 'u1',
  createdAt: '2026-01-01T00:00:00.000Z',
};

const show = (now: string) =>
  render(
    <FluentProvider theme={webLightTheme}>
      <ScenarioView view={publicScenario(scenario, new Date(now))} base="/s/token" />
    </FluentProvider>,
  );

test('the rates table has a heading, column headers and a row per category and band', () => {
  show('2026-01-10T00:00:00Z');
  const table = screen.getByRole('table', { name: 'Current and proposed weekly rates' });
  expect(
    within(table)
      .getAllByRole('columnheader')
      .map((h) => h.textContent),
  ).toContain('Change (%)');
  const row = within(table).getByRole('row', { name: /Learning disability — Band 1/ });
  expect(row).toHaveTextContent('£578.15');
  expect(row).toHaveTextContent('+5.12%');
  expect(screen.getByRole('link', { name: 'Download as Excel (.xlsx)' })).toHaveAttribute(
    'href',
    '/s/token/export.xlsx',
  );
});

test('while open the form checks every field before sending', async () => {
  const user = userEvent.setup();
  show('2026-01-10T00:00:00Z');
  await user.click(screen.getByRole('button', { name: 'Send response' }));
  expect(screen.getByText('Organisation name is required')).toBeInTheDocument();
  expect(screen.getByText('Contact email is required')).toBeInTheDocument();
  expect(screen.getByText('Please correct the highlighted fields.')).toBeInTheDocument();
});

test('after the window closes the page says so and shows no form', () => {
  show('2026-03-01T00:00:00Z');
  expect(screen.getByText(/This consultation closed on/)).toBeInTheDocument();
  expect(screen.queryByRole('form')).toBeNull();
  expect(screen.queryByRole('button', { name: 'Send response' })).toBeNull();
});

test('before it opens the page says when it will', () => {
  show('2026-01-01T00:00:00Z');
  expect(screen.getByText('The consultation has not opened yet.')).toBeInTheDocument();
  expect(screen.queryByRole('button', { name: 'Send response' })).toBeNull();
});
