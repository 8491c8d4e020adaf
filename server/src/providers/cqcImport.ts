/**
 * Apply CQC ratings (from any source in cqcSources.ts) to the provider record: all or nothing,
 * idempotent (the same file twice changes nothing the second time), reporting what it added and
 * changed. Each rating becomes a CQC full inspection dated by its publication date; a location
 * the record does not know is skipped, or registered with its provider when `register` is set.
 */
import type { AuditLog } from '../platform/audit/auditLog';
import { actorOf } from '../platform/auth/organisations';
import type { Principal } from '../platform/auth/roles';
import type { Database, Queryable } from '../platform/db/database';
import { HttpError } from '../platform/http/errors';
import type { LocationRecord, ServiceType } from '../../../shared/src/contract/providers';
import { CqcFileError, type CqcLocationRating } from './cqcSources';
import { todayInEngland, type ProviderRepository } from './repository';

export interface CqcImportReport {
  rows: number;
  added: { providers: number; locations: number; inspections: number };
  changed: { locations: number; inspections: number };
  unchanged: number;
  skipped: { notRated: number; unknownLocations: number };
  /** What changed, one line each (at most 500). */
  changes: string[];
}

export interface CqcImportOptions {
  /** Register locations (and their providers) the record does not know yet. */
  register?: boolean;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

const serviceTypeOf = (r: CqcLocationRating): ServiceType =>
  /nursing/i.test(r.primaryCategory)
    ? 'nursing'
    : r.careHome === false || /home care|community/i.test(r.primaryCategory)
      ? 'home_support'
      : 'residential';

export async function importCqcRatings(
  db: Database,
  audit: AuditLog,
  providers: ProviderRepository,
  principal: Principal,
  ratings: CqcLocationRating[],
  options: CqcImportOptions = {},
): Promise<CqcImportReport> {
  const orgId = principal.organisationId;
  // One row per location: a second, different row for the same location is an error.
  const byLocation = new Map<string, CqcLocationRating>();
  for (const r of ratings) {
    const seen = byLocation.get(r.locationId);
    if (seen && (seen.rating !== r.rating || seen.publishedOn !== r.publishedOn))
      throw new CqcFileError(
        `row ${r.row}, column "Location ID": location ${r.locationId} is also on row ${seen.row} with a different rating`,
        ['file', r.row, 'Location ID'],
      );
    byLocation.set(r.locationId, r);
  }
  const today = todayInEngland();
  for (const r of byLocation.values())
    if (r.publishedOn !== null && r.publishedOn > today)
      throw new CqcFileError(
        `row ${r.row}, column "Publication Date": ${r.publishedOn} is in the future`,
        ['file', r.row, 'Publication Date'],
      );

  const report: CqcImportReport = {
    rows: ratings.length,
    added: { providers: 0, locations: 0, inspections: 0 },
    changed: { locations: 0, inspections: 0 },
    unchanged: 0,
    skipped: { notRated: 0, unknownLocations: 0 },
    changes: [],
  };
  const note = (line: string) => {
    if (report.changes.length < 500) report.changes.push(line);
  };

  return db.transaction(async (tx) => {
    const known = await knownLocations(tx, orgId);
    const providerIds = await knownProviders(tx, orgId);
    const inspections = await knownCqcInspections(tx, orgId);
    let done = 0;
    for (const r of byLocation.values()) {
      if (options.signal?.aborted)
        throw new HttpError(499, 'CANCELLED', 'the import was cancelled; nothing was written');
      options.onProgress?.(done++, byLocation.size);
      let location = known.get(r.locationId);
      if (!location) {
        if (!options.register) {
          report.skipped.unknownLocations++;
          continue;
        }
        let providerId = providerIds.get(r.providerId);
        if (!providerId) {
          providerId = (
            await providers.createProvider(
              principal,
              { name: r.providerName || r.providerId, cqcProviderId: r.providerId },
              tx,
            )
          ).id;
          providerIds.set(r.providerId, providerId);
          report.added.providers++;
          note(`added provider ${r.providerName} (${r.providerId})`);
        }
        location = await providers.addLocation(
          principal,
          providerId,
          {
            name: r.locationName,
            cqcLocationId: r.locationId,
            serviceType: serviceTypeOf(r),
            address: r.address,
            postcode: r.postcode,
            beds: r.beds,
          },
          tx,
        );
        known.set(r.locationId, location);
        report.added.locations++;
        note(`added location ${r.locationName} (${r.locationId})`);
      } else {
        const beds = r.beds ?? location.beds;
        if (location.name !== r.locationName || location.beds !== beds) {
          location = await providers.updateLocation(
            principal,
            location.id,
            {
              name: r.locationName,
              cqcLocationId: location.cqcLocationId,
              address: location.address,
              postcode: location.postcode,
              serviceType: location.serviceType,
              categories: location.categories,
              beds,
              deregisteredOn: location.deregisteredOn,
            },
            location.version,
            tx,
          );
          report.changed.locations++;
          note(`changed location ${r.locationId}: name or beds`);
        }
      }
      if (r.rating === null || r.publishedOn === null) {
        report.skipped.notRated++;
        continue;
      }
      const existing = inspections.get(`${location.id}\u0000${r.publishedOn}`);
      if (existing && existing.result === r.rating) {
        report.unchanged++;
      } else if (existing) {
        await tx.query('UPDATE inspections SET result = $2 WHERE id = $1', [existing.id, r.rating]);
        await audit.record(tx, actorOf(principal), {
          action: 'inspection.correct',
          entityType: 'location',
          entityId: location.id,
          before: { id: existing.id, date: r.publishedOn, result: existing.result },
          after: { id: existing.id, date: r.publishedOn, result: r.rating, source: 'cqc-import' },
        });
        report.changed.inspections++;
        note(
          `changed CQC rating of ${r.locationId} published ${r.publishedOn}: ${existing.result} → ${r.rating}`,
        );
      } else {
        const added = await providers.recordInspection(
          principal,
          location.id,
          {
            date: r.publishedOn,
            body: 'CQC',
            kind: 'full',
            result: r.rating,
            notes: r.inherited ? 'CQC rating inherited from a previous registration' : '',
          },
          { source: 'cqc-import', tx },
        );
        inspections.set(`${location.id}\u0000${r.publishedOn}`, { id: added.id, result: r.rating });
        report.added.inspections++;
        note(`added CQC ${r.rating} for ${r.locationId} published ${r.publishedOn}`);
      }
    }
    options.onProgress?.(byLocation.size, byLocation.size);
    return report;
  });
}

async function knownLocations(tx: Queryable, orgId: string) {
  const out = new Map<string, LocationRecord>();
  const { rows: full } = await tx.query<{
    id: string;
    provider_id: string;
    name: string;
    cqc_location_id: string;
    address: string;
    postcode: string;
    service_type: ServiceType;
    categories: string[];
    beds: number | null;
    deregistered_on: string | null;
    version: number;
  }>(
    `SELECT id, provider_id, name, cqc_location_id, address, postcode, service_type, categories, beds,
       deregistered_on, version FROM locations WHERE organisation_id = $1 AND cqc_location_id IS NOT NULL`,
    [orgId],
  );
  for (const r of full)
    out.set(r.cqc_location_id, {
      id: r.id,
      providerId: r.provider_id,
      name: r.name,
      cqcLocationId: r.cqc_location_id,
      address: r.address,
      postcode: r.postcode,
      serviceType: r.service_type,
      categories: r.categories,
      beds: r.beds === null ? null : Number(r.beds),
      deregisteredOn: r.deregistered_on,
      version: Number(r.version),
    });
  return out;
}

async function knownProviders(tx: Queryable, orgId: string) {
  const { rows } = await tx.query<{ id: string; cqc_provider_id: string }>(
    `SELECT id, cqc_provider_id FROM providers WHERE organisation_id = $1 AND cqc_provider_id IS NOT NULL`,
    [orgId],
  );
  return new Map(rows.map((r) => [r.cqc_provider_id, r.id]));
}

async function knownCqcInspections(tx: Queryable, orgId: string) {
  const { rows } = await tx.query<{
    id: string;
    location_id: string;
    date: string;
    result: string;
  }>(
    `SELECT id, location_id, date, result FROM inspections
     WHERE organisation_id = $1 AND body = 'CQC' AND kind = 'full'`,
    [orgId],
  );
  return new Map(
    rows.map((r) => [`${r.location_id}\u0000${r.date}`, { id: r.id, result: r.result }]),
  );
}
