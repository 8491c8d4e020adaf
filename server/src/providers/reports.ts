/**
 * Reports on the provider record:
 * - the market view: per category of care and financial year, locations by rating (at the
 *   year's end) and by their latest monitoring visit's outcome (Nottingham's "Outcome of
 *   visits" table: Red, Amber, Green per category and year);
 * - overdue visits: locations with no inspection or monitoring visit in the last year
 *   (Birmingham: "Services will receive a minimum annual inspection from the CQC or the Council
 *   or the NHS");
 * - the public quality list: provider, location, rating and the day it has held since, for
 *   citizens choosing a home (Birmingham: a rating "published").
 */
import type { Database } from '../platform/db/database';
import { addDays, dayNumber } from '../../../shared/src/dates';
import type { Rag } from '../../../shared/src/monitoring';
import type {
  MarketRagCounts,
  MarketReport,
  QualityList,
  RatingCounts,
} from '../../../shared/src/contract/providersReports';
import type { ServiceType } from '../../../shared/src/contract/providers';
import { VISITOR_FOR } from './monitoring';
import { todayInEngland, type ProviderRepository } from './repository';

const UNCATEGORISED = 'uncategorised';

/** The financial year a date falls in, as "2024/25". */
export function financialYearOf(date: string): string {
  const y = Number(date.slice(0, 4)) - (date.slice(5) < '04-01' ? 1 : 0);
  return `${y}/${String((y + 1) % 100).padStart(2, '0')}`;
}
const yearStart = (fy: string) => `${fy.slice(0, 4)}-04-01`;
const yearEnd = (fy: string) => `${Number(fy.slice(0, 4)) + 1}-03-31`;

/** The same day a year on (29 February → 28 February). */
export function aYearAfter(date: string): string {
  const next = `${Number(date.slice(0, 4)) + 1}${date.slice(4)}`;
  return next.endsWith('-02-29') ? next.replace(/-02-29$/, '-02-28') : next;
}

const noRatings = (): RatingCounts => ({
  Gold: 0,
  Silver: 0,
  Bronze: 0,
  Inadequate: 0,
  unrated: 0,
});
const noRag = (): MarketRagCounts => ({ Red: 0, Amber: 0, Green: 0, notVisited: 0 });

export class ProviderReports {
  constructor(
    private readonly db: Database,
    private readonly providers: ProviderRepository,
  ) {}

  /** The market view for the given financial years (default: last year and this year). */
  async market(orgId: string, years?: string[]): Promise<MarketReport> {
    const today = todayInEngland();
    const thisYear = financialYearOf(today);
    const wanted = [
      ...new Set(
        years?.length ? years : [financialYearOf(addDays(yearStart(thisYear), -1)), thisYear],
      ),
    ].sort();
    const asOfFor = (fy: string) => (yearEnd(fy) < today ? yearEnd(fy) : today);
    const upTo = asOfFor(wanted.at(-1)!);
    const locations = await this.providers.standingsForReport(orgId, upTo);
    const created = new Map(
      (
        await this.db.query<{ id: string; created_on: string }>(
          `SELECT id, to_char(created_at AT TIME ZONE 'Europe/London', 'YYYY-MM-DD') AS created_on
           FROM locations WHERE organisation_id = $1`,
          [orgId],
        )
      ).rows.map((r) => [r.id, r.created_on]),
    );
    // Each location's latest visit outcome per year.
    const { rows: visits } = await this.db.query<{
      location_id: string;
      visited_on: string;
      outcome: Rag;
    }>(
      `SELECT location_id, visited_on, outcome FROM monitoring_visits
       WHERE organisation_id = $1 AND visited_on >= $2 AND visited_on <= $3
       ORDER BY visited_on, recorded_at`,
      [orgId, yearStart(wanted[0]!), upTo],
    );
    const latestVisit = new Map<string, Rag>();
    for (const v of visits)
      latestVisit.set(`${v.location_id} ${financialYearOf(v.visited_on)}`, v.outcome);

    const rows = new Map<string, MarketReport['rows'][number]>();
    const totals = wanted.map((year) => ({ year, ratings: noRatings(), rag: noRag() }));
    wanted.forEach((year, yi) => {
      const asOf = asOfFor(year);
      for (const { location, standingOn, evidenceDates } of locations) {
        // Count a location in a year it existed in: on the record (or with evidence) by then,
        // and not deregistered before the year began.
        const firstEvidence = evidenceDates[0];
        const createdOn = created.get(location.id);
        const known =
          (createdOn !== undefined && createdOn <= asOf) ||
          (firstEvidence !== undefined && firstEvidence <= asOf);
        if (
          !known ||
          (location.deregisteredOn !== null && location.deregisteredOn < yearStart(year))
        )
          continue;
        const rating = standingOn(asOf).rating ?? 'unrated';
        const rag = latestVisit.get(`${location.id} ${year}`) ?? 'notVisited';
        totals[yi]!.ratings[rating] += 1;
        totals[yi]!.rag[rag] += 1;
        for (const category of location.categories.length ? location.categories : [UNCATEGORISED]) {
          const key = `${category} ${year}`;
          const row = rows.get(key) ?? { category, year, ratings: noRatings(), rag: noRag() };
          row.ratings[rating] += 1;
          row.rag[rag] += 1;
          rows.set(key, row);
        }
      }
    });
    return {
      years: wanted,
      rows: [...rows.values()].sort((a, b) =>
        a.category === b.category
          ? a.year.localeCompare(b.year)
          : a.category.localeCompare(b.category),
      ),
      totals,
    };
  }

  /** Locations whose last inspection or monitoring visit is more than a year before asOf. */
  async overdueVisits(orgId: string, asOf = todayInEngland()) {
    const { rows } = await this.db.query<{
      id: string;
      name: string;
      service_type: ServiceType;
      provider_id: string;
      provider_name: string;
      last_inspection: string | null;
      last_visit: string | null;
    }>(
      `SELECT l.id, l.name, l.service_type, l.provider_id, p.name AS provider_name,
         (SELECT max(i.date) FROM inspections i WHERE i.location_id = l.id AND i.date <= $2) AS last_inspection,
         (SELECT max(v.visited_on) FROM monitoring_visits v WHERE v.location_id = l.id AND v.visited_on <= $2) AS last_visit
       FROM locations l JOIN providers p ON p.id = l.provider_id
       WHERE l.organisation_id = $1 AND (l.deregistered_on IS NULL OR l.deregistered_on > $2)`,
      [orgId, asOf],
    );
    const items = rows
      .map((r) => {
        const last = [r.last_inspection, r.last_visit]
          .filter((d): d is string => d !== null)
          .sort()
          .at(-1);
        const dueOn = last ? aYearAfter(last) : null;
        return {
          providerId: r.provider_id,
          providerName: r.provider_name,
          locationId: r.id,
          locationName: r.name,
          serviceType: r.service_type,
          visitBy: VISITOR_FOR[r.service_type],
          lastInspectionOn: r.last_inspection,
          lastVisitOn: r.last_visit,
          dueOn,
          daysOverdue: dueOn === null ? null : dayNumber(asOf) - dayNumber(dueOn),
        };
      })
      .filter((i) => i.dueOn === null || i.dueOn < asOf)
      .sort(
        (a, b) =>
          (a.dueOn ?? '').localeCompare(b.dueOn ?? '') ||
          a.providerName.localeCompare(b.providerName) ||
          a.locationName.localeCompare(b.locationName),
      );
    return { asOf, items };
  }

  /**
   * The public quality list: every registered location with its rating on asOf and the day
   * that rating has held since (the earliest evidence date from which it has not changed).
   * Only these published fields leave the service.
   */
  async qualityList(orgId: string, asOf = todayInEngland()): Promise<QualityList> {
    const org = await this.db.query<{ name: string }>(
      'SELECT name FROM organisations WHERE id = $1',
      [orgId],
    );
    if (!org.rows[0]) throw new Error('unknown organisation'); // the route checks first
    const locations = await this.providers.standingsForReport(orgId, asOf);
    const items = locations
      .filter((l) => l.location.deregisteredOn === null || l.location.deregisteredOn > asOf)
      .map(({ provider, location, standingOn, evidenceDates }) => {
        const rating = standingOn(asOf).rating;
        let since: string | null = null;
        if (rating !== null)
          for (const d of [...evidenceDates].reverse()) {
            if (standingOn(d).rating !== rating) break;
            since = d;
          }
        return { provider: provider.name, location: location.name, rating, since };
      });
    return { organisation: org.rows[0].name, asOf, items };
  }

  async organisationExists(orgId: string): Promise<boolean> {
    const { rows } = await this.db.query('SELECT 1 FROM organisations WHERE id = $1', [orgId]);
    return rows.length > 0;
  }
}
