/**
 * The care-package records as the API shows them: the reply schemas of
 * shared/src/contract/packages.ts are their one definition. Money is text in pounds and pence.
 */
import type { z } from 'zod';
import type { AwardConfig } from '../../../shared/src/packageAward';
import type {
  agreementReplySchema,
  offerReplySchema,
  receiptReplySchema,
  requirementReplySchema,
  variationReplySchema,
  AGREEMENT_STATUSES,
  RECEIPT_STATUSES,
  REQUIREMENT_STATUSES,
  VARIATION_STATUSES,
} from '../../../shared/src/contract/packages';

export interface PackageSettings {
  award: AwardConfig;
  fourWeeklyAnchor: string;
}

export type RequirementStatus = (typeof REQUIREMENT_STATUSES)[number];
export type Requirement = z.output<typeof requirementReplySchema>;
export type Offer = z.output<typeof offerReplySchema>;
export type Agreement = z.output<typeof agreementReplySchema>;
export type FundingSplit = Agreement['fundingSplit'];
export type AgreementStatus = (typeof AGREEMENT_STATUSES)[number];
export type VariationStatus = (typeof VARIATION_STATUSES)[number];
export type Variation = z.output<typeof variationReplySchema>;
export type ReceiptStatus = (typeof RECEIPT_STATUSES)[number];
export type Receipt = z.output<typeof receiptReplySchema>;
