/** Shared fixtures for the task pane tests: a Birmingham-style card in two versions and fake services. */
import { parseRateCard, type RateCard } from '../../shared/src';
import type {
  CardSummary,
  CarefeeApi,
  Connection,
  Me,
  PaneServices,
} from '../../addin/src/taskpane/services';
import { BIRMINGHAM_2024_INPUT } from '../fixtures/birmingham';

export const v1: RateCard = parseRateCard({
  ...BIRMINGHAM_2024_INPUT,
  version: 1,
  effectiveTo: '2025-03-31',
});

export const v2: RateCard = parseRateCard({
  ...v1,
  version: 2,
  title: 'Birmingham care homes 2025/26',
  effectiveFrom: '2025-04-01',
  effectiveTo: null,
  hotelCost: '360.00',
});

export const summary = (
  card: RateCard,
  status: CardSummary['status'],
  approvedBy: string | null,
): CardSummary => ({
  id: card.id,
  version: card.version,
  title: card.title,
  commissioner: card.commissioner,
  status,
  effectiveFrom: card.effectiveFrom,
  effectiveTo: card.effectiveTo ?? null,
  createdBy: 'Ann Editor',
  createdAt: '2024-02-01T10:00:00Z',
  approvedBy,
  approvedAt: approvedBy ? '2024-03-01T10:00:00Z' : null,
});

export const me: Me = {
  user: { id: 'u1', name: 'Ann Editor', role: 'editor' },
  organisation: { id: 'bcc', name: 'Birmingham City Council' },
};

export function fakeApi(
  overrides: Partial<CarefeeApi> = {},
): CarefeeApi & { [K in keyof CarefeeApi]: jest.Mock } {
  const cards = [v1, v2];
  return {
    me: jest.fn(async () => me),
    listCards: jest.fn(async () => [
      summary(v1, 'superseded', 'Bob Approver'),
      summary(v2, 'approved', 'Bob Approver'),
    ]),
    getCard: jest.fn(async (id: string, version: number) => {
      const card = cards.find((c) => c.id === id && c.version === version)!;
      return {
        card,
        meta: summary(card, version === 2 ? 'approved' : 'superseded', 'Bob Approver'),
      };
    }),
    uplift: jest.fn(async () => ({ card: { ...v2, version: 3 } })),
    ...overrides,
  } as never;
}

export function fakeServices(
  api: CarefeeApi,
  opts: {
    saved?: Connection | null;
    excel?: PaneServices['excel'];
    pinning?: PaneServices['pinning'];
  } = {},
) {
  let saved = opts.saved ?? null;
  const services = {
    settings: {
      load: jest.fn(async () => saved),
      save: jest.fn(async (c: Connection) => {
        saved = c;
      }),
      clear: jest.fn(async () => {
        saved = null;
      }),
    },
    connect: jest.fn((_c: Connection) => api),
    excel: opts.excel ?? null,
    pinning: opts.pinning ?? null,
  };
  return services;
}
