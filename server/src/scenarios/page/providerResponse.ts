/** A provider's own response as the share-link routes return it (GET/PUT /s/:token/responses/:changeToken). */
import type { CostUnit, Position } from '../../../../shared/src/contract/scenarioView';

export interface ProviderResponseCopy {
  reference: string;
  organisationName: string;
  contactName: string;
  contactEmail: string;
  cqcLocationId: string | null;
  position: Position;
  comments: Array<{ category: string | null; band: string | null; text: string }>;
  costEvidence: Array<{
    category: string | null;
    band: string | null;
    description: string;
    amount: string;
    unit: CostUnit;
  }>;
  submittedAt: string;
  updatedAt: string;
}
