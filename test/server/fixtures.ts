import type { RateCardInput } from '../../shared/src/rateCard';

/** A small banded card for the service tests (hand-made figures). */
export function testCard(overrides: Partial<RateCardInput> = {}): Omit<RateCardInput, 'version'> {
  return {
    id: 'test-homes',
    title: 'Test care home rates',
    commissioner: 'Test City Council',
    effectiveFrom: '2025-04-01',
    hotelCost: '250.00',
    categories: [
      { id: 'residential', name: 'Residential', careCost: '300.00' },
      {
        id: 'ld',
        name: 'Learning disability',
        bands: [
          { id: '1', careCost: '400.00' },
          { id: '2', careCost: '550.00' },
        ],
      },
    ],
    ...overrides,
  };
}
