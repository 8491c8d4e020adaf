/**
 * The provider record over either database driver: providers, locations, quality evidence,
 * escalation steps, and the standing on a date that every other feature prices by.
 * Every change is written with its audit entry (before and after) in one transaction: the
 * audit log is the record's history.
 */
import { randomUUID } from 'node:crypto';
import type { AuditLog } from '../platform/audit/auditLog';
import { actorOf } from '../platform/auth/organisations';
import type { Principal } from '../platform/auth/roles';
import { sqlState, type Database, type Queryable } from '../platform/db/database';
import { auditedWrite, oneInOrg, sameVersion } from '../platform/db/records';
import { conflict, forbidden, invalid, notFound } from '../../../shared/src/errors';
import { addDays } from '../../../shared/src/dates';
import { RATINGS, type Rating } from '../../../shared/src/quality';
import {
  inspectionSchema,
  type ImprovementPlanInput,
  type InspectionInput,
} from '../../../shared/src/ratingFromInspections';
import {
  ESCALATION_STAGES,
  standingAsOf as engineStanding,
  type AssuranceStatementRecord,
  type EnrolmentState,
  type EscalationRecord,
  type Standing,
} from '../../../shared/src/providerStanding';
import type {
  EscalationStepRecord,
  InspectionReply,
  PlanReply,
  StatementReply,
  EscalationProposal,
  InspectionRecordInput,
  LocationInput,
  LocationRecord,
  PlanInput,
  ProviderInput,
  ProviderRecordSummary,
  ServiceType,
  StandingReply,
  StatementInput,
} from '../../../shared/src/contract/providers';

/** Today in England, as an ISO date: evidence dated after it is refused. */
export const todayInEngland = (): string =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());

/** A PostgreSQL text[] literal, every element quoted: `= ANY($1::text[])` uses the index. */
const ids = (values: readonly string[]) =>
  `{${values.map((v) => `"${v.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(',')}}`;
const IN_IDS = (param: string) => `= ANY(${param}::text[])`;

interface ProviderRow {
  id: string;
  name: string;
  company_number: string | null;
  cqc_provider_id: string | null;
  version: number;
}

interface LocationRow {
  id: string;
  provider_id: string;
  name: string;
  cqc_location_id: string | null;
  address: string;
  postcode: string;
  service_type: ServiceType;
  categories: string[];
  beds: number | null;
  deregistered_on: string | null;
  version: number;
}

const LOCATION_COLUMNS = `l.id, l.provider_id, l.name, l.cqc_location_id, l.address, l.postcode, l.service_type,
  l.categories, l.beds, l.deregistered_on, l.version`;

const toLocation = (r: LocationRow): LocationRecord => ({
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

interface StepRow {
  id: string;
  provider_id: string;
  location_id: string | null;
  stage: EscalationProposal['stage'];
  effective_on: string;
  ends_on: string | null;
  reason: string;
  proposed_by: string;
  proposed_by_name: string;
  proposed_at: Date | string;
  decision: 'approved' | 'rejected' | null;
  decided_by_name: string | null;
  decided_at: Date | string | null;
  decision_note: string | null;
}

const iso = (t: Date | string | null) => (t === null ? null : new Date(t).toISOString());

const toStep = (r: StepRow): EscalationStepRecord => ({
  id: r.id,
  providerId: r.provider_id,
  locationId: r.location_id,
  stage: r.stage,
  effectiveOn: r.effective_on,
  endsOn: r.ends_on,
  reason: r.reason,
  proposedBy: r.proposed_by_name,
  proposedAt: iso(r.proposed_at)!,
  decision: r.decision,
  decidedBy: r.decided_by_name,
  decidedAt: iso(r.decided_at),
  decisionNote: r.decision_note,
});

/** The most severe enrolment decision wins when a provider is on several frameworks. */
const ENROLMENT_SEVERITY: Record<EnrolmentState, number> = {
  applied: 0,
  accredited: 1,
  suspended: 2,
  excluded: 3,
};

/** The evidence behind one or more locations' standings, loaded in one go. */
interface LoadedEvidence {
  inspections: Map<string, InspectionInput[]>;
  statements: Map<string, AssuranceStatementRecord[]>;
  plans: Map<string, ImprovementPlanInput[]>;
  escalations: Map<string, EscalationRecord[]>;
  /** Steps about one location, by location id. */
  locationEscalations: Map<string, EscalationRecord[]>;
  enrolment: Map<string, { state: EnrolmentState; since: string }>;
}

function push<T>(map: Map<string, T[]>, key: string, value: T) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

const rankOf = (r: Rating | null) => (r === null ? -1 : RATINGS.length - 1 - RATINGS.indexOf(r));

export class ProviderRepository {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditLog,
  ) {}

  // -------------------------------------------------------------------------------------------
  // Providers and locations.

  async createProvider(
    principal: Principal,
    input: ProviderInput,
    inTx?: Queryable,
  ): Promise<ProviderRecordSummary> {
    const id = randomUUID();
    const run = (tx: Queryable) =>
      auditedWrite(tx, this.audit, actorOf(principal), {
        action: 'provider.create',
        entityType: 'provider',
        entityId: id,
        write: () =>
          tx.query(
            `INSERT INTO providers (id, organisation_id, name, company_number, cqc_provider_id, created_by)
             VALUES ($1, $2, $3, $4, $5, $6)`,
            [
              id,
              principal.organisationId,
              input.name,
              input.companyNumber ?? null,
              input.cqcProviderId ?? null,
              principal.userId,
            ],
          ),
        read: () => this.providerIn(tx, principal.organisationId, id),
      });
    return inTx ? run(inTx) : this.write(run);
  }

  /** Change a provider's details; `version` must be the one the caller read (no silent edits). */
  async updateProvider(
    principal: Principal,
    id: string,
    input: ProviderInput,
    version: number,
  ): Promise<ProviderRecordSummary> {
    return this.write(async (tx) => {
      const before = await this.providerIn(tx, principal.organisationId, id);
      sameVersion('provider', id, before.version, version);
      return auditedWrite(tx, this.audit, actorOf(principal), {
        action: 'provider.update',
        entityType: 'provider',
        entityId: id,
        before,
        write: () =>
          tx.query(
            `UPDATE providers SET name = $3, company_number = $4, cqc_provider_id = $5,
               version = version + 1, updated_at = now()
             WHERE organisation_id = $1 AND id = $2`,
            [
              principal.organisationId,
              id,
              input.name,
              input.companyNumber ?? null,
              input.cqcProviderId ?? null,
            ],
          ),
        read: () => this.providerIn(tx, principal.organisationId, id),
      });
    });
  }

  async addLocation(
    principal: Principal,
    providerId: string,
    input: LocationInput,
    tx?: Queryable,
  ): Promise<LocationRecord> {
    const run = async (q: Queryable) => {
      await this.providerIn(q, principal.organisationId, providerId);
      const id = randomUUID();
      return auditedWrite(q, this.audit, actorOf(principal), {
        action: 'location.create',
        entityType: 'location',
        entityId: id,
        write: () =>
          q.query(
            `INSERT INTO locations (id, organisation_id, provider_id, name, cqc_location_id, address, postcode,
           service_type, categories, beds, deregistered_on, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10, $11, $12)`,
            [
              id,
              principal.organisationId,
              providerId,
              input.name,
              input.cqcLocationId ?? null,
              input.address ?? '',
              input.postcode ?? '',
              input.serviceType,
              JSON.stringify(input.categories ?? []),
              input.beds ?? null,
              input.deregisteredOn ?? null,
              principal.userId,
            ],
          ),
        read: () => this.locationIn(q, principal.organisationId, id),
      });
    };
    return tx ? run(tx) : this.write(run);
  }

  async updateLocation(
    principal: Principal,
    id: string,
    input: LocationInput,
    version: number,
    tx?: Queryable,
  ): Promise<LocationRecord> {
    const run = async (q: Queryable) => {
      const before = await this.locationIn(q, principal.organisationId, id);
      sameVersion('location', id, before.version, version);
      return auditedWrite(q, this.audit, actorOf(principal), {
        action: 'location.update',
        entityType: 'location',
        entityId: id,
        before,
        write: () =>
          q.query(
            `UPDATE locations SET name = $3, cqc_location_id = $4, address = $5, postcode = $6, service_type = $7,
           categories = $8::jsonb, beds = $9, deregistered_on = $10, version = version + 1, updated_at = now()
         WHERE organisation_id = $1 AND id = $2`,
            [
              principal.organisationId,
              id,
              input.name,
              input.cqcLocationId ?? null,
              input.address ?? '',
              input.postcode ?? '',
              input.serviceType,
              JSON.stringify(input.categories ?? []),
              input.beds ?? null,
              input.deregisteredOn ?? null,
            ],
          ),
        read: () => this.locationIn(q, principal.organisationId, id),
      });
    };
    return tx ? run(tx) : this.write(run);
  }

  getProvider(orgId: string, id: string): Promise<ProviderRecordSummary> {
    return this.providerIn(this.db, orgId, id);
  }

  getLocation(orgId: string, id: string): Promise<LocationRecord> {
    return this.locationIn(this.db, orgId, id);
  }

  /** Providers by name (a search matches the name, company number or a CQC ID), a page at a time. */
  async listProviders(
    orgId: string,
    options: { q?: string; limit?: number; offset?: number; asOf?: string } = {},
  ): Promise<{
    items: Array<ProviderRecordSummary & { standing: StandingReply }>;
    total: number;
  }> {
    const limit = Math.min(Math.max(options.limit ?? 50, 1), 500);
    const offset = Math.max(options.offset ?? 0, 0);
    const params: Array<string | number> = [orgId];
    let where = 'p.organisation_id = $1';
    const q = options.q?.trim();
    if (q) {
      params.push(`%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`, q);
      where += ` AND (lower(p.name) LIKE $2 OR p.company_number = $3 OR p.cqc_provider_id = $3
        OR p.id IN (SELECT l.provider_id FROM locations l WHERE l.organisation_id = $1
          AND (l.cqc_location_id = $3 OR lower(l.name) LIKE $2)))`;
    }
    // A search reads every row anyway: it counts in the same scan (count(*) OVER ()), one query
    // instead of two. The whole list counts apart, so its page stops at the LIMIT, unsorted rest.
    const count = (filterParams: Array<string | number>) =>
      this.db
        .query<{ n: string | number }>(
          `SELECT count(*) AS n FROM providers p WHERE ${where}`,
          filterParams,
        )
        .then((r) => Number(r.rows[0]!.n));
    const filterParams = [...params];
    params.push(limit, offset);
    const [listTotal, { rows }] = await Promise.all([
      q ? undefined : count(filterParams),
      this.db.query<ProviderRow & { total?: string | number }>(
        `SELECT p.id, p.name, p.company_number, p.cqc_provider_id, p.version${q ? ', count(*) OVER () AS total' : ''}
         FROM providers p
         WHERE ${where} ORDER BY lower(p.name), p.id LIMIT $${params.length - 1} OFFSET $${params.length}`,
        params,
      ),
    ]);
    // A search page past the last match has no row to carry the count: count it then.
    const total =
      listTotal ?? (rows[0] ? Number(rows[0].total) : offset > 0 ? await count(filterParams) : 0);
    const locations = await this.locationsOf(
      this.db,
      rows.map((r) => r.id),
    );
    const asOf = options.asOf ?? todayInEngland();
    const evidence = await this.loadEvidence(
      this.db,
      [...locations.values()].flat().map((l) => l.id),
      rows.map((r) => r.id),
      asOf,
    );
    return {
      total,
      items: rows.map((r) => {
        const own = locations.get(r.id) ?? [];
        return {
          ...this.toProvider(r, own),
          standing: standingFrom(r, own, evidence, asOf),
        };
      }),
    };
  }

  // -------------------------------------------------------------------------------------------
  // Quality evidence.

  async recordInspection(
    principal: Principal,
    locationId: string,
    input: InspectionRecordInput,
    options: { source?: string; tx?: Queryable } = {},
  ): Promise<InspectionReply> {
    const checked = inspectionSchema.safeParse({
      date: input.date,
      body: input.body,
      kind: input.kind,
      result: input.result,
    });
    if (!checked.success) {
      const issue = checked.error.issues[0]!;
      throw invalid(issue.message, issue.path.map(String));
    }
    this.notInFuture(input.date, ['date']);
    const run = async (q: Queryable) => {
      await this.locationIn(q, principal.organisationId, locationId);
      const id = randomUUID();
      const record = {
        id,
        locationId,
        date: checked.data.date,
        body: checked.data.body,
        kind: checked.data.kind,
        result: checked.data.result,
        notes: input.notes ?? '',
        source: options.source ?? 'manual',
      };
      try {
        await q.query(
          `INSERT INTO inspections (id, organisation_id, location_id, date, body, kind, result, notes, source, recorded_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
          [
            id,
            principal.organisationId,
            locationId,
            record.date,
            record.body,
            record.kind,
            record.result,
            record.notes,
            record.source,
            principal.userId,
          ],
        );
      } catch (e) {
        if (sqlState(e) === '23505')
          throw conflict(
            `location ${locationId} already has a ${record.body} ${record.kind} inspection on ${record.date}`,
            ['date'],
          );
        throw e;
      }
      await this.audit.record(q, actorOf(principal), {
        action: 'inspection.record',
        entityType: 'location',
        entityId: locationId,
        after: record,
      });
      return record;
    };
    return options.tx ? run(options.tx) : this.write(run);
  }

  async listEvidence(
    orgId: string,
    locationId: string,
  ): Promise<{
    inspections: InspectionReply[];
    statements: StatementReply[];
    plans: PlanReply[];
  }> {
    await this.locationIn(this.db, orgId, locationId);
    const [inspections, statements, plans] = await Promise.all([
      this.db.query<InspectionReply>(
        `SELECT id, location_id AS "locationId", date, body, kind, result, notes, source FROM inspections
         WHERE location_id = $1 ORDER BY date, recorded_at`,
        [locationId],
      ),
      this.db.query<StatementReply>(
        `SELECT id, location_id AS "locationId", due, received_on AS "receivedOn", declared_rating AS "declaredRating",
           falsified_on AS "falsifiedOn", notes FROM assurance_statements
         WHERE location_id = $1 ORDER BY due`,
        [locationId],
      ),
      this.db.query<PlanReply>(
        `SELECT id, location_id AS "locationId", opened, deadline, validated_on AS "validatedOn", failed_on AS "failedOn",
           summary FROM improvement_plans
         WHERE location_id = $1 ORDER BY opened`,
        [locationId],
      ),
    ]);
    return { inspections: inspections.rows, statements: statements.rows, plans: plans.rows };
  }

  /** Record a statement, or update the one due that day (received, falsified, declared). */
  async recordStatement(
    principal: Principal,
    locationId: string,
    input: StatementInput,
  ): Promise<StatementReply> {
    for (const field of ['receivedOn', 'falsifiedOn'] as const) {
      const value = input[field];
      if (value) this.notInFuture(value, [field]);
    }
    return this.write(async (q) => {
      await this.locationIn(q, principal.organisationId, locationId);
      const existing = await q.query<{
        id: string;
        received_on: string | null;
        declared_rating: string | null;
        falsified_on: string | null;
        notes: string;
      }>(
        `SELECT id, received_on, declared_rating, falsified_on, notes FROM assurance_statements
         WHERE location_id = $1 AND due = $2 FOR UPDATE`,
        [locationId, input.due],
      );
      const before = existing.rows[0];
      const id = before?.id ?? randomUUID();
      const record = {
        id,
        locationId,
        due: input.due,
        receivedOn: input.receivedOn ?? null,
        declaredRating: input.declaredRating ?? null,
        falsifiedOn: input.falsifiedOn ?? null,
        notes: input.notes ?? '',
      };
      if (before) {
        await q.query(
          `UPDATE assurance_statements SET received_on = $2, declared_rating = $3, falsified_on = $4, notes = $5
           WHERE id = $1`,
          [id, record.receivedOn, record.declaredRating, record.falsifiedOn, record.notes],
        );
      } else {
        await q.query(
          `INSERT INTO assurance_statements (id, organisation_id, location_id, due, received_on, declared_rating,
             falsified_on, notes, recorded_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
          [
            id,
            principal.organisationId,
            locationId,
            record.due,
            record.receivedOn,
            record.declaredRating,
            record.falsifiedOn,
            record.notes,
            principal.userId,
          ],
        );
      }
      await this.audit.record(q, actorOf(principal), {
        action: before ? 'statement.update' : 'statement.record',
        entityType: 'location',
        entityId: locationId,
        before: before
          ? {
              id,
              due: input.due,
              receivedOn: before.received_on,
              declaredRating: before.declared_rating,
              falsifiedOn: before.falsified_on,
              notes: before.notes,
            }
          : undefined,
        after: record,
      });
      return record;
    });
  }

  /** Open a plan, or (with planId) record its validation or failure. */
  async recordPlan(
    principal: Principal,
    locationId: string,
    input: PlanInput,
    planId?: string,
  ): Promise<PlanReply> {
    if (input.deadline < input.opened)
      throw invalid(`deadline ${input.deadline} is before the plan was opened (${input.opened})`, [
        'deadline',
      ]);
    if (input.validatedOn && input.failedOn)
      throw invalid('a plan is validated or failed, not both', ['failedOn']);
    this.notInFuture(input.opened, ['opened']);
    for (const field of ['validatedOn', 'failedOn'] as const) {
      const value = input[field];
      if (value) this.notInFuture(value, [field]);
    }
    return this.write(async (q) => {
      await this.locationIn(q, principal.organisationId, locationId);
      const record = {
        id: planId ?? randomUUID(),
        locationId,
        opened: input.opened,
        deadline: input.deadline,
        validatedOn: input.validatedOn ?? null,
        failedOn: input.failedOn ?? null,
        summary: input.summary ?? '',
      };
      let before: unknown;
      if (planId) {
        const found = await q.query<Record<string, string | null>>(
          `SELECT opened, deadline, validated_on, failed_on, summary FROM improvement_plans
           WHERE id = $1 AND location_id = $2 FOR UPDATE`,
          [planId, locationId],
        );
        const row = found.rows[0];
        if (!row) throw notFound(`improvement plan ${planId} not found`, ['planId']);
        before = {
          id: planId,
          locationId,
          opened: row.opened,
          deadline: row.deadline,
          validatedOn: row.validated_on,
          failedOn: row.failed_on,
          summary: row.summary,
        };
        await q.query(
          `UPDATE improvement_plans SET opened = $2, deadline = $3, validated_on = $4, failed_on = $5, summary = $6
           WHERE id = $1`,
          [
            planId,
            record.opened,
            record.deadline,
            record.validatedOn,
            record.failedOn,
            record.summary,
          ],
        );
      } else {
        await q.query(
          `INSERT INTO improvement_plans (id, organisation_id, location_id, opened, deadline, validated_on, failed_on,
             summary, recorded_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
          [
            record.id,
            principal.organisationId,
            locationId,
            record.opened,
            record.deadline,
            record.validatedOn,
            record.failedOn,
            record.summary,
            principal.userId,
          ],
        );
      }
      await this.audit.record(q, actorOf(principal), {
        action: planId ? 'plan.update' : 'plan.open',
        entityType: 'location',
        entityId: locationId,
        before,
        after: record,
      });
      return record;
    });
  }

  // -------------------------------------------------------------------------------------------
  // Escalation: proposed by anyone who records evidence, decided by an approver who did not propose it.

  async proposeEscalation(
    principal: Principal,
    providerId: string,
    input: EscalationProposal,
  ): Promise<EscalationStepRecord> {
    const endsOn =
      input.stage === 'final_notice' ? (input.endsOn ?? addDays(input.effectiveOn, 90)) : null;
    if (input.stage !== 'final_notice' && input.endsOn)
      throw invalid('only a 90 Day Final Notice has an end date', ['endsOn']);
    if (endsOn !== null && endsOn < input.effectiveOn)
      throw invalid(`endsOn ${endsOn} is before effectiveOn ${input.effectiveOn}`, ['endsOn']);
    return this.write(async (q) => {
      const provider = await this.providerIn(q, principal.organisationId, providerId);
      if (input.locationId && !provider.locations.some((l) => l.id === input.locationId))
        throw invalid(`location ${input.locationId} is not one of ${provider.name}'s`, [
          'locationId',
        ]);
      const id = randomUUID();
      await q.query(
        `INSERT INTO escalation_steps (id, organisation_id, provider_id, stage, effective_on, ends_on, reason,
           proposed_by, proposed_by_name, location_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [
          id,
          principal.organisationId,
          providerId,
          input.stage,
          input.effectiveOn,
          endsOn,
          input.reason,
          principal.userId,
          principal.name,
          input.locationId ?? null,
        ],
      );
      const step = await this.stepIn(q, principal.organisationId, id);
      await this.audit.record(q, actorOf(principal), {
        action: 'escalation.propose',
        entityType: 'provider',
        entityId: providerId,
        after: step,
      });
      return step;
    });
  }

  async decideEscalation(
    principal: Principal,
    stepId: string,
    decision: 'approved' | 'rejected',
    note?: string,
  ): Promise<EscalationStepRecord> {
    return this.write(async (q) => {
      const before = await this.stepIn(q, principal.organisationId, stepId, true);
      if (before.decision !== null)
        throw conflict(`escalation step ${stepId} was already ${before.decision}`, ['decision']);
      const proposer = await q.query<{ proposed_by: string }>(
        'SELECT proposed_by FROM escalation_steps WHERE id = $1',
        [stepId],
      );
      if (proposer.rows[0]!.proposed_by === principal.userId)
        throw forbidden(
          'an escalation step is decided by an approver other than the one who proposed it',
          'SEPARATION_OF_DUTIES',
        );
      await q.query(
        `UPDATE escalation_steps SET decision = $2, decided_by = $3, decided_by_name = $4, decided_at = now(),
           decision_note = $5 WHERE id = $1`,
        [stepId, decision, principal.userId, principal.name, note ?? null],
      );
      const after = await this.stepIn(q, principal.organisationId, stepId);
      await this.audit.record(q, actorOf(principal), {
        action: `escalation.${decision === 'approved' ? 'approve' : 'reject'}`,
        entityType: 'provider',
        entityId: after.providerId,
        before,
        after,
      });
      return after;
    });
  }

  async listEscalation(orgId: string, providerId: string): Promise<EscalationStepRecord[]> {
    await this.providerIn(this.db, orgId, providerId);
    const { rows } = await this.db.query<StepRow>(
      `SELECT * FROM escalation_steps WHERE provider_id = $1 ORDER BY effective_on, proposed_at`,
      [providerId],
    );
    return rows.map(toStep);
  }

  // -------------------------------------------------------------------------------------------
  // Standing: what everything that prices, offers or awards a package must obey.

  /**
   * The standing of a provider or one of its locations on a date (a package's start date).
   * `ref` is a provider id, a location id, a CQC location ID or a CQC provider ID. A provider
   * with one location stands as that location; with several, as its weakest: the lowest rating,
   * suspended if any location is (price by location for a precise answer).
   * Pass `tx` to read inside a caller's transaction.
   */
  async standingAsOf(
    orgId: string,
    ref: string,
    date: string,
    tx?: Queryable,
  ): Promise<StandingReply> {
    const q = tx ?? this.db;
    const target = await this.resolve(q, orgId, ref);
    const provider = target.provider;
    const locations = target.location
      ? [target.location]
      : ((await this.locationsOf(q, [provider.id])).get(provider.id) ?? []);
    const evidence = await this.loadEvidence(
      q,
      locations.map((l) => l.id),
      [provider.id],
      date,
    );
    return standingFrom(provider, locations, evidence, date);
  }

  /**
   * Every location of the organisation with its standing on any date, from evidence loaded once
   * up to `upTo` (reports: the market view, the public list), and the dates its evidence
   * changes on (where a rating can start). Deregistered locations are included.
   */
  async standingsForReport(
    orgId: string,
    upTo: string,
  ): Promise<
    Array<{
      provider: { id: string; name: string };
      location: LocationRecord;
      standingOn: (date: string) => StandingReply;
      evidenceDates: string[];
    }>
  > {
    const { rows } = await this.db.query<LocationRow & { provider_name: string }>(
      `SELECT ${LOCATION_COLUMNS}, p.name AS provider_name FROM locations l JOIN providers p ON p.id = l.provider_id
       WHERE l.organisation_id = $1 ORDER BY lower(p.name), p.id, lower(l.name), l.id`,
      [orgId],
    );
    const evidence = await this.loadEvidence(
      this.db,
      rows.map((r) => r.id),
      [...new Set(rows.map((r) => r.provider_id))],
      upTo,
    );
    return rows.map((r) => {
      const provider = { id: r.provider_id, name: r.provider_name };
      const location = toLocation(r);
      const dates = [
        ...(evidence.inspections.get(r.id) ?? []).map((i) => String(i.date)),
        ...(evidence.plans.get(r.id) ?? []).flatMap((p) =>
          [p.opened, p.deadline, p.validatedOn, p.failedOn].map((d) => d ?? ''),
        ),
        ...(evidence.statements.get(r.id) ?? []).flatMap((st) =>
          [st.due, st.receivedOn, st.falsifiedOn].map((d) => d ?? ''),
        ),
        ...[
          ...(evidence.escalations.get(r.provider_id) ?? []),
          ...(evidence.locationEscalations.get(r.id) ?? []),
        ].flatMap((e) => [e.on, e.endsOn ?? '']),
        evidence.enrolment.get(r.provider_id)?.since ?? '',
      ];
      return {
        provider,
        location,
        standingOn: (date: string) => standingFrom(provider, [location], evidence, date),
        evidenceDates: [...new Set(dates.map(String).filter((d) => d !== '' && d <= upTo))].sort(),
      };
    });
  }

  // -------------------------------------------------------------------------------------------
  // Internals.

  private write<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    return this.db.transaction(fn);
  }

  private notInFuture(date: string, path: string[]) {
    const today = todayInEngland();
    if (date > today) throw invalid(`${date} is in the future (today is ${today})`, path);
  }

  private toProvider(r: ProviderRow, locations: LocationRecord[]): ProviderRecordSummary {
    return {
      id: r.id,
      name: r.name,
      companyNumber: r.company_number,
      cqcProviderId: r.cqc_provider_id,
      version: Number(r.version),
      locations,
    };
  }

  private async providerIn(q: Queryable, orgId: string, id: string) {
    const row = await oneInOrg<ProviderRow>(q, {
      table: 'providers',
      orgId,
      id,
      columns: 'id, name, company_number, cqc_provider_id, version',
      what: 'provider',
      path: ['providerId'],
    });
    const locations = await this.locationsOf(q, [id]);
    return this.toProvider(row, locations.get(id) ?? []);
  }

  private async locationIn(q: Queryable, orgId: string, id: string): Promise<LocationRecord> {
    return toLocation(
      await oneInOrg<LocationRow>(q, {
        table: 'locations',
        orgId,
        id,
        what: 'location',
        path: ['locationId'],
      }),
    );
  }

  private async locationsOf(q: Queryable, providerIds: string[]) {
    const out = new Map<string, LocationRecord[]>();
    if (providerIds.length === 0) return out;
    const { rows } = await q.query<LocationRow>(
      `SELECT ${LOCATION_COLUMNS} FROM locations l WHERE l.provider_id ${IN_IDS('$1')}
       ORDER BY lower(l.name), l.id`,
      [ids(providerIds)],
    );
    for (const r of rows) push(out, r.provider_id, toLocation(r));
    return out;
  }

  private async stepIn(q: Queryable, orgId: string, id: string, lock = false) {
    return toStep(
      await oneInOrg<StepRow>(q, {
        table: 'escalation_steps',
        orgId,
        id,
        lock,
        what: 'escalation step',
        path: ['stepId'],
      }),
    );
  }

  /** A provider id, location id, CQC location ID or CQC provider ID, in that order. */
  async resolve(
    q: Queryable,
    orgId: string,
    ref: string,
  ): Promise<{ provider: { id: string; name: string }; location: LocationRecord | null }> {
    const { rows: locs } = await q.query<LocationRow & { provider_name: string }>(
      `SELECT ${LOCATION_COLUMNS}, p.name AS provider_name FROM locations l JOIN providers p ON p.id = l.provider_id
       WHERE l.organisation_id = $1 AND (l.id = $2 OR l.cqc_location_id = $2)`,
      [orgId, ref],
    );
    if (locs[0])
      return {
        provider: { id: locs[0].provider_id, name: locs[0].provider_name },
        location: toLocation(locs[0]),
      };
    const { rows } = await q.query<{ id: string; name: string }>(
      `SELECT id, name FROM providers WHERE organisation_id = $1 AND (id = $2 OR cqc_provider_id = $2)`,
      [orgId, ref],
    );
    if (!rows[0])
      throw notFound(
        `no provider or location "${ref}" (give a provider or location id, or a CQC location or provider ID)`,
        ['provider'],
      );
    return { provider: rows[0], location: null };
  }

  private async loadEvidence(
    q: Queryable,
    locationIds: string[],
    providerIds: string[],
    asOf: string,
  ): Promise<LoadedEvidence> {
    const out: LoadedEvidence = {
      inspections: new Map(),
      statements: new Map(),
      plans: new Map(),
      escalations: new Map(),
      locationEscalations: new Map(),
      enrolment: new Map(),
    };
    const locs = ids(locationIds);
    const provs = ids(providerIds);
    const inspections = await q.query<{
      location_id: string;
      date: string;
      body: string;
      kind: string;
      result: string;
    }>(
      `SELECT location_id, date, body, kind, result FROM inspections
       WHERE location_id ${IN_IDS('$1')} AND date <= $2 ORDER BY date, recorded_at`,
      [locs, asOf],
    );
    for (const r of inspections.rows)
      push(out.inspections, r.location_id, {
        date: r.date,
        body: r.body,
        kind: r.kind,
        result: r.result,
      });
    const statements = await q.query<{
      location_id: string;
      due: string;
      received_on: string | null;
      declared_rating: Rating | null;
      falsified_on: string | null;
    }>(
      `SELECT location_id, due, received_on, declared_rating, falsified_on FROM assurance_statements
       WHERE location_id ${IN_IDS('$1')}`,
      [locs],
    );
    for (const r of statements.rows)
      push(out.statements, r.location_id, {
        due: r.due,
        receivedOn: r.received_on,
        declaredRating: r.declared_rating,
        falsifiedOn: r.falsified_on,
      });
    const plans = await q.query<{
      location_id: string;
      opened: string;
      deadline: string;
      validated_on: string | null;
      failed_on: string | null;
    }>(
      `SELECT location_id, opened, deadline, validated_on, failed_on FROM improvement_plans
       WHERE location_id ${IN_IDS('$1')}`,
      [locs],
    );
    for (const r of plans.rows)
      push(out.plans, r.location_id, {
        opened: r.opened,
        deadline: r.deadline,
        ...(r.validated_on ? { validatedOn: r.validated_on } : {}),
        ...(r.failed_on ? { failedOn: r.failed_on } : {}),
      });
    const steps = await q.query<{
      provider_id: string;
      location_id: string | null;
      stage: EscalationRecord['stage'];
      effective_on: string;
      ends_on: string | null;
    }>(
      `SELECT provider_id, location_id, stage, effective_on, ends_on FROM escalation_steps
       WHERE provider_id ${IN_IDS('$1')} AND decision = 'approved' ORDER BY effective_on, decided_at`,
      [provs],
    );
    for (const r of steps.rows)
      push(
        r.location_id ? out.locationEscalations : out.escalations,
        r.location_id ?? r.provider_id,
        {
          stage: r.stage,
          on: r.effective_on,
          endsOn: r.ends_on,
        },
      );
    const enrolments = await q.query<{
      provider_id: string;
      state: EnrolmentState;
      state_since: string;
    }>(
      // The decision in force on asOf on each enrolment (the latest taking effect by then).
      `SELECT DISTINCT ON (enrolment_id) provider_id, state, effective_on AS state_since
       FROM enrolment_decisions
       WHERE provider_id ${IN_IDS('$1')} AND effective_on <= $2
       ORDER BY enrolment_id, effective_on DESC, decided_at DESC`,
      [provs, asOf],
    );
    for (const r of enrolments.rows) {
      const current = out.enrolment.get(r.provider_id);
      if (!current || ENROLMENT_SEVERITY[r.state] > ENROLMENT_SEVERITY[current.state])
        out.enrolment.set(r.provider_id, { state: r.state, since: r.state_since });
    }
    return out;
  }
}

/** One provider's (or one location's, when `locations` is just it) standing from loaded evidence. */
function standingFrom(
  provider: { id: string; name: string },
  locations: LocationRecord[],
  evidence: LoadedEvidence,
  date: string,
): StandingReply {
  const base = { providerId: provider.id, providerName: provider.name };
  const standingOf = (locationId: string | null) =>
    engineStanding(
      {
        inspections: locationId ? (evidence.inspections.get(locationId) ?? []) : [],
        statements: locationId ? (evidence.statements.get(locationId) ?? []) : [],
        improvementPlans: locationId ? (evidence.plans.get(locationId) ?? []) : [],
        escalations: evidence.escalations.get(provider.id) ?? [],
        locationEscalations: locationId ? (evidence.locationEscalations.get(locationId) ?? []) : [],
        enrolment: evidence.enrolment.get(provider.id) ?? null,
      },
      date,
    );
  const reply = (s: Standing, l: LocationRecord | null): StandingReply => ({
    asOf: s.asOf,
    ...base,
    locationId: l?.id ?? null,
    locationName: l?.name ?? null,
    cqcLocationId: l?.cqcLocationId ?? null,
    rating: s.rating,
    bronzeDeductionApplies: s.bronzeDeductionApplies,
    suspended: s.suspended,
    stage: s.stage,
    reasons: s.reasons,
  });
  if (locations.length === 0) return reply(standingOf(null), null);
  if (locations.length === 1) return reply(standingOf(locations[0]!.id), locations[0]!);
  const each = locations.map((l) => ({ l, s: standingOf(l.id) }));
  const rated = each.filter((e) => e.s.rating !== null);
  const weakest = rated.length
    ? rated.reduce((a, b) => (rankOf(b.s.rating) < rankOf(a.s.rating) ? b : a))
    : undefined;
  const rating = weakest?.s.rating ?? null;
  return {
    asOf: date,
    ...base,
    locationId: null,
    locationName: null,
    cqcLocationId: null,
    rating,
    bronzeDeductionApplies:
      rating === 'Bronze' &&
      each.some((e) => e.s.rating === 'Bronze' && e.s.bronzeDeductionApplies),
    suspended: each.some((e) => e.s.suspended),
    stage: each.reduce<StandingReply['stage']>(
      (worst, e) =>
        e.s.stage !== null &&
        (worst === null || ESCALATION_STAGES.indexOf(e.s.stage) > ESCALATION_STAGES.indexOf(worst))
          ? e.s.stage
          : worst,
      null,
    ),
    reasons: each.flatMap((e) => e.s.reasons.map((r) => `${e.l.name}: ${r}`)),
  };
}
