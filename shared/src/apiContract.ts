/**
 * The shapes the service sends and the add-in reads: one definition for both sides of the
 * HTTP contract (server/README.md), so neither can drift from the other. Types only, no I/O.
 */

/** A rate card version's place in the approval workflow. */
export const CARD_STATUSES = ['draft', 'submitted', 'approved', 'superseded', 'withdrawn'] as const;
export type CardStatus = (typeof CARD_STATUSES)[number];

/** Who made, approved or withdrew a rate card version, and when (ISO timestamps). */
export interface CardMeta {
  id: string;
  version: number;
  title: string;
  commissioner: string;
  status: CardStatus;
  effectiveFrom: string;
  effectiveTo: string | null;
  createdBy: string;
  createdAt: string;
  updatedBy: string;
  updatedAt: string;
  submittedBy: string | null;
  submittedAt: string | null;
  approvedBy: string | null;
  approvedAt: string | null;
  supersededBy: number | null;
  supersededAt: string | null;
  withdrawnBy: string | null;
  withdrawnAt: string | null;
  withdrawnReason: string | null;
  /** The version this one was made from by a price review, if any. */
  derivedFrom: number | null;
}

/** The part of CardMeta the add-in relies on (lists, provenance notes, VERSION). */
export type CardSummary = Pick<
  CardMeta,
  | 'id'
  | 'version'
  | 'title'
  | 'commissioner'
  | 'status'
  | 'effectiveFrom'
  | 'effectiveTo'
  | 'createdBy'
  | 'createdAt'
  | 'approvedBy'
  | 'approvedAt'
>;
