/**
 * What the care-package chain needs to know about a provider: its standing on a date (the
 * providers feature keeps the record: enrolment, rating, suspension). Offers, awards and
 * agreements ask this port, so the chain never keeps a provider table of its own.
 */
import type { Rating } from '../../../shared/src/quality';
import { HttpError } from '../platform/http/errors';

export interface ProviderStanding {
  /** null when there is nothing to base a rating on yet (no full inspection). */
  rating: Rating | null;
  /** Bronze's reduction applies (the improvement deadline has passed). */
  bronzeDeductionApplies: boolean;
  suspended: boolean;
  reasons: string[];
}

export interface ProviderStandings {
  /** Throws a 404 HttpError when the provider is not one of the organisation's. */
  standingAsOf(organisationId: string, providerId: string, date: string): Promise<ProviderStanding>;
}

/** Until the provider record is wired in, offers and awards cannot check a provider. */
export const providerRecordUnavailable: ProviderStandings = {
  standingAsOf: () =>
    Promise.reject(
      new HttpError(503, 'UNAVAILABLE', 'the provider record is not available in this service'),
    ),
};
