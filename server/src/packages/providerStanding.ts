/**
 * What the care-package chain needs to know about a provider: its standing on a date. The
 * providers feature keeps the record (enrolment, rating, suspension: server/README.md,
 * Providers) and ctx.providers answers this port; the chain keeps no provider table of its own.
 */
import type { Rating } from '../../../shared/src/quality';
import type { Queryable } from '../platform/db/database';

export interface ProviderStanding {
  providerId: string;
  /** null when there is nothing to base a rating on yet (no full inspection). */
  rating: Rating | null;
  /** Bronze's reduction applies (the improvement deadline has passed). */
  bronzeDeductionApplies: boolean;
  suspended: boolean;
  reasons: string[];
}

export interface ProviderStandings {
  /**
   * A provider's standing on a date (the package's start date), read inside `tx` when given.
   * `ref` may be a provider or location id; providerId in the answer is the provider's own.
   * Throws a 404 when it is not one of the organisation's.
   */
  standingAsOf(
    organisationId: string,
    ref: string,
    date: string,
    tx?: Queryable,
  ): Promise<ProviderStanding>;
}
