/** A Birmingham-style card and a helper to store approved versions, shared by the service's tests. */
import type { RateCardInput } from '../../shared/src';
import type { TestService } from './helpers';
import { BIRMINGHAM_2024_INPUT } from '../fixtures/birmingham';

/** The shared Birmingham card with CHC tiers. */
export const BIRMINGHAM_2024: Omit<RateCardInput, 'version'> = {
  ...BIRMINGHAM_2024_INPUT,
  chcTiers: [
    { kind: 'fixed', id: 'tier-1', name: 'Tier 1', weeklyFee: '1050.00' },
    {
      kind: 'staffed',
      id: 'tier-3',
      name: 'Tier 3: 1:1 twelve hours a day',
      baseWeeklyFee: '1200.00',
      staffing: { hoursPerDay: 12, staff: 1, people: 1, hourlyRate: '15.50' },
    },
  ],
};

/** Draft, submit and approve (four-eyes) a card; returns its version. */
export async function approvedCard(
  s: TestService,
  card: Omit<RateCardInput, 'version'>,
): Promise<number> {
  const draft = await s.ctx.cards.createDraft(s.users.editor.principal, card);
  await s.ctx.cards.submit(s.users.editor.principal, draft.meta.id, draft.meta.version);
  await s.ctx.cards.approve(s.users.approver.principal, draft.meta.id, draft.meta.version);
  return draft.meta.version;
}
