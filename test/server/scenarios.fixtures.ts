/** A small invented card for the scenario tests: one unbanded category and one banded. */
import { parseRateCard, type RateCardInput } from '../../shared/src/rateCard';

export const currentCardInput: RateCardInput = {
  id: 'test-homes',
  version: 1,
  title: 'Test care homes 2025/26',
  commissioner: 'Testshire County Council',
  effectiveFrom: '2025-04-01',
  hotelCost: '300.00',
  categories: [
    { id: 'residential', name: 'Residential', careCost: '200.00' },
    {
      id: 'ld',
      name: 'Learning disability',
      bands: [
        { id: '1', name: 'Band 1', careCost: '250.00' },
        { id: '2', name: 'Band 2', careCost: '400.00' },
      ],
    },
  ],
};

export const currentCard = parseRateCard(currentCardInput);

/** CPIH 3.8% on hotel, NLW 6.7% on care. */
export const upliftInput = { reviewYear: 2026, cpihChange: '0.038', nlwChange: '0.067' };
