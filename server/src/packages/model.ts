/** The care-package records as the API shows them. Money is text in pounds and pence. */
import type { AwardConfig, PackageAwardResult } from '../../../shared/src/packageAward';
import type { NeedsLedCost, NeedsLedCostInput } from '../../../shared/src/needsLedCost';
import type { PeriodCost } from '../../../shared/src/conversions';
import type { ReceiptFrequency } from '../../../shared/src/serviceReceipts';
import type { FundingStream } from '../../../shared/src/contract/packages';

export interface PackageSettings {
  award: AwardConfig;
  fourWeeklyAnchor: string;
}

export type RequirementStatus = 'open' | 'awarded' | 'cancelled';

export interface Requirement {
  id: string;
  personReference: string;
  needs: unknown;
  specialistNeeds: string;
  sharedSummary: string;
  category: string;
  area: string;
  startDate: string;
  endDate: string | null;
  funding: FundingStream;
  closesAt: string;
  questions: Array<{ id: string; text: string; kind: 'mandatory' | 'scored' | 'open' }>;
  indicative: { input: NeedsLedCostInput; cost: NeedsLedCost } | null;
  invitedProviders: string[] | null;
  status: RequirementStatus;
  award: (PackageAwardResult & { agreementId: string }) | null;
  awardedAt: string | null;
  createdAt: string;
}

export interface Offer {
  id: string;
  requirementId: string;
  providerId: string;
  revision: number;
  weeklyPrice: string;
  breakdown: Record<string, string> | null;
  answers: Array<{ questionId: string; answer: boolean | string }>;
  status: 'live' | 'superseded' | 'withdrawn';
  offeredAt: string;
}

export interface FundingSplit {
  councilNet: string;
  clientContribution: string;
  chcShare: string;
  jointNhsShare: string;
  /** Funded Nursing Care a week at the national rate in force at the start, or null. */
  fnc: { weekly: string; rateFrom: string } | null;
  thirdParty: { weekly: string; writtenAgreementReference: string; conditions: unknown } | null;
}

export type AgreementStatus = 'pending-acceptance' | 'active' | 'declined';

export interface Agreement {
  id: string;
  requirementId: string | null;
  offerId: string | null;
  providerId: string;
  locationId: string | null;
  personReference: string;
  category: string;
  funding: FundingStream;
  startDate: string;
  endDate: string | null;
  weeklyPrice: string;
  priceProvenance: unknown;
  fundingSplit: FundingSplit;
  receiptFrequency: ReceiptFrequency;
  status: AgreementStatus;
  respondedAt: string | null;
  declineReason: string | null;
  importKey: string | null;
  createdAt: string;
}

export type VariationStatus =
  'pending-approval' | 'pending-implementation' | 'completed' | 'rejected';

export interface Variation {
  id: string;
  agreementId: string;
  effectiveFrom: string;
  weeklyPrice: string;
  reason: string;
  status: VariationStatus;
  reviewId: string | null;
  requestedAt: string;
  approvedAt: string | null;
  completedAt: string | null;
}

export type ReceiptStatus =
  'raised' | 'pending-approval' | 'disputed' | 'approved' | 'invoiced' | 'paid' | 'void';

export interface Receipt {
  id: string;
  agreementId: string;
  providerId: string;
  periodStart: string;
  periodEnd: string;
  amount: string;
  lines: PeriodCost[];
  status: ReceiptStatus;
  raisedAt: string;
  submittedAt: string | null;
  disputedAt: string | null;
  disputeReason: string | null;
  approvedAt: string | null;
  invoicedAt: string | null;
  invoiceReference: string | null;
  paidAt: string | null;
}
