/**
 * What the care-package chain needs to know about a provider: its standing on a date (the
 * providers feature keeps the record: enrolment, rating, suspension). Offers, awards and
 * agreements ask this port, so the chain never keeps a provider table of its own.
 */
import type { Rating } from '../../../shared/src/quality';

export interface ProviderStanding {
  rating: Rating;
  /** Bronze's reduction applies (the improvement deadline has passed). */
  bronzeDeductionApplies: boolean;
  suspended: boolean;
  reasons: string[];
}

export interface ProviderStandings {
  /** Throws a 404 HttpError when the provider is not one of the organisation's. */
  standingAsOf(organisationId: string, providerId: string, date: string): Promise<ProviderStanding>;
}
