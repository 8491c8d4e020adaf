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
  // jsdom lays nothing out; the browser test checks what scrolls into view.
  Element.prototype.scrollIntoView ??= function () {};
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
      <ScenarioView
        view={publicScenario(scenario, new Date(now))}
        base="/s/token"
        onSent={() => undefined}
      />
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

test('while open, an empty send shows a focused error summary linking to each field, and the title says Error', async () => {
  const user = userEvent.setup();
  show('2026-01-10T00:00:00Z');
  await user.click(screen.getByRole('button', { name: 'Send response' }));
  const summary = screen.getByRole('alert', { name: 'There is a problem' });
  expect(summary).toHaveFocus();
  const links = within(summary).getAllByRole('link');
  expect(links.map((a) => [a.textContent, a.getAttribute('href')])).toEqual([
    ['Enter your organisation name', '#organisation-name'],
    ['Enter a contact name', '#contact-name'],
    ['Enter a contact email', '#contact-email'],
    ['Select your position on the proposed rates', '#position'],
  ]);
  expect(document.title).toBe('Error: Fees 2026/27 consultation – proposed care rates');
  // Beside the field too, read as "Error: …".
  expect(screen.getByLabelText(/^Organisation name/)).toHaveAccessibleDescription(
    expect.stringContaining('Error: Enter your organisation name'),
  );
  // The summary's link takes you to the field.
  await user.click(links[1]!);
  expect(screen.getByLabelText(/^Contact name/)).toHaveFocus();
});

test('messages name the field as labelled and repeat what was typed', async () => {
  const user = userEvent.setup();
  show('2026-01-10T00:00:00Z');
  await user.type(screen.getByLabelText(/^Contact email/), 'not an email');
  await user.click(screen.getByRole('button', { name: 'Add a cost figure' }));
  await user.type(screen.getByLabelText(/^Cost 1: amount/), '£1,234.567');
  await user.click(screen.getByRole('button', { name: 'Send response' }));
  const summary = screen.getByRole('alert', { name: 'There is a problem' });
  expect(summary).toHaveTextContent(
    'Contact email must be an email address, like name@example.org. You entered “not an email”.',
  );
  expect(summary).toHaveTextContent(
    'Cost 1: amount (£) must be pounds and pence, like 812.50. You entered “£1,234.567”.',
  );
  expect(summary).toHaveTextContent('Enter what cost 1 is, for example “Waking night staff”');
});

test('a comment shows its 5,000-character limit before typing and counts as you type', async () => {
  const user = userEvent.setup();
  show('2026-01-10T00:00:00Z');
  expect(screen.getByText('You can enter up to 5,000 characters')).toBeInTheDocument();
  expect(screen.getByText('You have 5,000 characters remaining')).toBeInTheDocument();
  await user.type(screen.getByLabelText(/^Comment 1$/), 'Too low.');
  expect(screen.getByText('You have 4,992 characters remaining')).toBeInTheDocument();
  await user.clear(screen.getByLabelText(/^Comment 1$/));
  await user.click(screen.getByLabelText(/^Comment 1$/));
  await user.paste('x'.repeat(5012));
  expect(screen.getByText('You have 12 characters too many')).toBeInTheDocument();
  await user.click(screen.getByRole('button', { name: 'Send response' }));
  expect(screen.getByRole('alert', { name: 'There is a problem' })).toHaveTextContent(
    'Comment 1 must be 5,000 characters or fewer. It has 5,012.',
  );
});

test('positions are stacked radios in one group', () => {
  show('2026-01-10T00:00:00Z');
  const group = screen.getByRole('radiogroup', { name: /Your position on the proposed rates/ });
  expect(
    within(group)
      .getAllByRole('radio')
      .map((r) => r.closest('label, span')?.textContent ?? r.getAttribute('value')),
  ).toHaveLength(3);
  expect(group.className).toMatch(/vertical|fui-RadioGroup/);
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
