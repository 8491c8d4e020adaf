/** A Birmingham-style card and a helper to store approved versions, shared by the service's tests. */
import type { RateCardInput } from '../../shared/src';
import type { TestService } from './helpers';

export const BIRMINGHAM_2024: Omit<RateCardInput, 'version'> = {
  id: 'bham-care-homes',
  title: 'Birmingham care homes 2024/25',
  commissioner: 'Birmingham City Council',
  effectiveFrom: '2024-04-01',
  hotelCost: '348.43',
  categories: [
    { id: 'older-residential', name: 'Older people residential', careCost: '231.60' },
    {
      id: 'learning-disability',
      name: 'Learning disability',
      bands: [
        { id: '1', careCost: '300.00' },
        { id: '2', careCost: '412.35' },
      ],
    },
  ],
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
