/**
 * Enrolment (Sefton's "Accreditation and Enrolment"): an organisation's frameworks, each a
 * checklist of entry criteria; a provider's enrolment on one, with evidence per criterion that
 * an approver decides; and the enrolment's state, applied → accredited → suspended → excluded,
 * decided by an approver who neither applied nor recorded the evidence they decide. Every
 * decision is kept with the day it takes effect: the standing on a date reads the one in force.
 */
import { randomUUID } from 'node:crypto';
import type { AuditLog } from '../platform/audit/auditLog';
import { actorOf } from '../platform/auth/organisations';
import type { Principal } from '../platform/auth/roles';
import type { Database, Queryable } from '../platform/db/database';
import { auditedWrite, oneInOrg, uniqueOr, sameVersion } from '../platform/db/records';
import { conflict, forbidden, invalid, notFound } from '../../../shared/src/errors';
import { addDays, dayNumber } from '../../../shared/src/dates';
import type { EnrolmentState } from '../../../shared/src/providerStanding';
import {
  DEFAULT_ENROLMENT_CRITERIA,
  type Criterion,
  type EnrolmentDecisionInput,
  type EnrolmentEvidence,
  type EnrolmentEvidenceInput,
  type EnrolmentFramework,
  type EnrolmentFrameworkInput,
  type EnrolmentInput,
  type EnrolmentRecord,
} from '../../../shared/src/contract/providersEnrolment';
import { todayInEngland } from './repository';

/** Which states an approver may move an enrolment to from each state. Excluded is final. */
const NEXT_STATES: Record<EnrolmentState, readonly EnrolmentState[]> = {
  applied: ['accredited', 'excluded'],
  accredited: ['suspended', 'excluded'],
  suspended: ['accredited', 'excluded'],
  excluded: [],
};

interface FrameworkRow {
  id: string;
  name: string;
  criteria: Array<Partial<Criterion> & { key?: string; heading?: string }> | string[];
  version: number;
}

interface EnrolmentRow {
  id: string;
  provider_id: string;
  provider_name: string;
  framework_id: string;
  framework_name: string;
  criteria: FrameworkRow['criteria'];
  state: EnrolmentState;
  state_since: string;
  created_by: string;
  version: number;
}

interface EvidenceRow {
  id: string;
  enrolment_id: string;
  criterion: string;
  evidence: string;
  expires_on: string | null;
  decision: 'pending' | 'met' | 'not_met';
  decision_note: string | null;
  recorded_by: string;
  recorded_by_name: string | null;
  recorded_at: Date | string;
  decided_by: string | null;
  decided_by_name: string | null;
  decided_at: Date | string | null;
}

const iso = (t: Date | string) => new Date(t).toISOString();

/** Criteria as stored: objects, or (030's rows) bare headings. */
function criteriaOf(stored: FrameworkRow['criteria']): Criterion[] {
  return stored.map((c, i) =>
    typeof c === 'string'
      ? { key: `criterion-${i + 1}`, heading: c, guidance: '', expires: false }
      : {
          key: c.key ?? `criterion-${i + 1}`,
          heading: c.heading ?? '',
          guidance: c.guidance ?? '',
          expires: c.expires ?? false,
        },
  );
}

const toFramework = (r: FrameworkRow): EnrolmentFramework => ({
  id: r.id,
  name: r.name,
  criteria: criteriaOf(r.criteria),
  version: Number(r.version),
});

const toEvidence = (r: EvidenceRow): EnrolmentEvidence => ({
  id: r.id,
  enrolmentId: r.enrolment_id,
  criterion: r.criterion,
  evidence: r.evidence,
  expiresOn: r.expires_on,
  decision: r.decision,
  decisionNote: r.decision_note,
  recordedBy: r.recorded_by_name ?? r.recorded_by,
  recordedAt: iso(r.recorded_at),
  decidedBy: r.decided_by === null ? null : (r.decided_by_name ?? r.decided_by),
  decidedAt: r.decided_at === null ? null : iso(r.decided_at),
});

/** A criterion's status on a date from its latest evidence. */
function statusOf(evidence: EnrolmentEvidence[], asOf: string) {
  const latest = evidence.at(-1);
  if (!latest) return 'missing' as const;
  if (latest.expiresOn !== null && latest.expiresOn < asOf) return 'expired' as const;
  return latest.decision;
}

const EVIDENCE_SELECT = `SELECT e.*, ru.name AS recorded_by_name, du.name AS decided_by_name
  FROM enrolment_evidence e
  LEFT JOIN users ru ON ru.id = e.recorded_by
  LEFT JOIN users du ON du.id = e.decided_by`;

export class EnrolmentRepository {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditLog,
  ) {}

  // -------------------------------------------------------------------------------------------
  // Frameworks (admins).

  async listFrameworks(orgId: string): Promise<EnrolmentFramework[]> {
    const { rows } = await this.db.query<FrameworkRow>(
      'SELECT id, name, criteria, version FROM enrolment_frameworks WHERE organisation_id = $1 ORDER BY name, id',
      [orgId],
    );
    return rows.map(toFramework);
  }

  getFramework(orgId: string, id: string, q: Queryable = this.db): Promise<EnrolmentFramework> {
    return oneInOrg<FrameworkRow>(q, {
      table: 'enrolment_frameworks',
      orgId,
      id,
      what: 'enrolment framework',
      path: ['frameworkId'],
    }).then(toFramework);
  }

  async createFramework(
    principal: Principal,
    input: EnrolmentFrameworkInput,
  ): Promise<EnrolmentFramework> {
    const id = randomUUID();
    const criteria = input.criteria ?? DEFAULT_ENROLMENT_CRITERIA;
    return this.db.transaction((tx) =>
      uniqueName(input.name, () =>
        auditedWrite(tx, this.audit, actorOf(principal), {
          action: 'enrolment-framework.create',
          entityType: 'enrolment-framework',
          entityId: id,
          write: () =>
            tx.query(
              `INSERT INTO enrolment_frameworks (id, organisation_id, name, criteria, created_by)
               VALUES ($1, $2, $3, $4::jsonb, $5)`,
              [
                id,
                principal.organisationId,
                input.name,
                JSON.stringify(criteria),
                principal.userId,
              ],
            ),
          read: () => this.getFramework(principal.organisationId, id, tx),
        }),
      ),
    );
  }

  async updateFramework(
    principal: Principal,
    id: string,
    input: { name: string; criteria: Criterion[]; version: number },
  ): Promise<EnrolmentFramework> {
    return this.db.transaction(async (tx) => {
      const before = toFramework(
        await oneInOrg<FrameworkRow>(tx, {
          table: 'enrolment_frameworks',
          orgId: principal.organisationId,
          id,
          lock: true,
          what: 'enrolment framework',
          path: ['frameworkId'],
        }),
      );
      sameVersion('enrolment framework', id, before.version, input.version);
      return uniqueName(input.name, () =>
        auditedWrite(tx, this.audit, actorOf(principal), {
          action: 'enrolment-framework.update',
          entityType: 'enrolment-framework',
          entityId: id,
          before,
          write: () =>
            tx.query(
              `UPDATE enrolment_frameworks SET name = $2, criteria = $3::jsonb, version = version + 1,
                 updated_at = now() WHERE id = $1`,
              [id, input.name, JSON.stringify(input.criteria)],
            ),
          read: () => this.getFramework(principal.organisationId, id, tx),
        }),
      );
    });
  }

  // -------------------------------------------------------------------------------------------
  // Enrolments.

  async listEnrolments(
    orgId: string,
    filter: { providerId?: string; state?: EnrolmentState } = {},
  ): Promise<Array<Omit<EnrolmentRecord, 'checklist' | 'decisions'>>> {
    const params: string[] = [orgId];
    let where = 'n.organisation_id = $1';
    if (filter.providerId) {
      params.push(filter.providerId);
      where += ` AND n.provider_id = $${params.length}`;
    }
    if (filter.state) {
      params.push(filter.state);
      where += ` AND n.state = $${params.length}`;
    }
    const { rows } = await this.db.query<EnrolmentRow>(
      `${ENROLMENT_SELECT} WHERE ${where} ORDER BY lower(p.name), f.name, n.id`,
      params,
    );
    return rows.map((r) => ({
      id: r.id,
      providerId: r.provider_id,
      providerName: r.provider_name,
      frameworkId: r.framework_id,
      frameworkName: r.framework_name,
      state: r.state,
      stateSince: r.state_since,
      version: Number(r.version),
    }));
  }

  async getEnrolment(
    orgId: string,
    id: string,
    options: { q?: Queryable; asOf?: string } = {},
  ): Promise<EnrolmentRecord> {
    const q = options.q ?? this.db;
    const row = await this.enrolmentRow(q, orgId, id);
    const asOf = options.asOf ?? todayInEngland();
    const { rows: evidence } = await q.query<EvidenceRow>(
      `${EVIDENCE_SELECT} WHERE e.enrolment_id = $1 ORDER BY e.recorded_at, e.id`,
      [id],
    );
    const { rows: decisions } = await q.query<{
      state: EnrolmentState;
      effective_on: string;
      note: string;
      decided_by_name: string;
      decided_at: Date | string;
    }>(
      `SELECT state, effective_on, note, decided_by_name, decided_at FROM enrolment_decisions
       WHERE enrolment_id = $1 ORDER BY decided_at, id`,
      [id],
    );
    const byCriterion = new Map<string, EnrolmentEvidence[]>();
    for (const e of evidence.map(toEvidence))
      byCriterion.set(e.criterion, [...(byCriterion.get(e.criterion) ?? []), e]);
    return {
      id: row.id,
      providerId: row.provider_id,
      providerName: row.provider_name,
      frameworkId: row.framework_id,
      frameworkName: row.framework_name,
      state: row.state,
      stateSince: row.state_since,
      version: Number(row.version),
      checklist: criteriaOf(row.criteria).map((c) => {
        const items = byCriterion.get(c.key) ?? [];
        return { ...c, status: statusOf(items, asOf), evidence: items };
      }),
      decisions: decisions.map((d) => ({
        state: d.state,
        effectiveOn: d.effective_on,
        note: d.note,
        decidedBy: d.decided_by_name,
        decidedAt: iso(d.decided_at),
      })),
    };
  }

  /** An editor records an application: the enrolment starts 'applied'. */
  async apply(principal: Principal, input: EnrolmentInput): Promise<EnrolmentRecord> {
    const org = principal.organisationId;
    const appliedOn = input.appliedOn ?? todayInEngland();
    if (appliedOn > todayInEngland()) throw invalid(`${appliedOn} is in the future`, ['appliedOn']);
    return this.db.transaction(async (tx) => {
      await oneInOrg(tx, {
        table: 'providers',
        orgId: org,
        id: input.providerId,
        columns: 'id',
        what: 'provider',
        path: ['providerId'],
      });
      await this.getFramework(org, input.frameworkId, tx);
      const id = randomUUID();
      return auditedWrite(tx, this.audit, actorOf(principal), {
        action: 'enrolment.apply',
        entityType: 'provider',
        entityId: input.providerId,
        write: async () => {
          await uniqueOr(
            () =>
              tx.query(
                `INSERT INTO enrolments (id, organisation_id, provider_id, framework_id, state, state_since, created_by)
                 VALUES ($1, $2, $3, $4, 'applied', $5, $6)`,
                [id, org, input.providerId, input.frameworkId, appliedOn, principal.userId],
              ),
            () => conflict('this provider is already enrolled on that framework', ['frameworkId']),
          );
          await this.insertDecision(tx, principal, id, input.providerId, 'applied', appliedOn, '');
        },
        read: () => this.getEnrolment(org, id, { q: tx }),
      });
    });
  }

  /** An editor records evidence for one criterion (a new item; earlier ones stay as history). */
  async recordEvidence(
    principal: Principal,
    enrolmentId: string,
    input: EnrolmentEvidenceInput,
  ): Promise<EnrolmentEvidence> {
    const org = principal.organisationId;
    return this.db.transaction(async (tx) => {
      const row = await this.enrolmentRow(tx, org, enrolmentId);
      const criterion = criteriaOf(row.criteria).find((c) => c.key === input.criterion);
      if (!criterion)
        throw invalid(
          `"${input.criterion}" is not a criterion of ${row.framework_name} (${criteriaOf(
            row.criteria,
          )
            .map((c) => c.key)
            .join(', ')})`,
          ['criterion'],
        );
      if (criterion.expires && !input.expiresOn)
        throw invalid(`${criterion.heading} evidence needs the date it expires`, ['expiresOn']);
      const id = randomUUID();
      return auditedWrite(tx, this.audit, actorOf(principal), {
        action: 'enrolment.evidence',
        entityType: 'provider',
        entityId: row.provider_id,
        write: () =>
          tx.query(
            `INSERT INTO enrolment_evidence (id, organisation_id, enrolment_id, criterion, evidence, expires_on, recorded_by)
             VALUES ($1, $2, $3, $4, $5, $6, $7)`,
            [
              id,
              org,
              enrolmentId,
              input.criterion,
              input.evidence,
              input.expiresOn ?? null,
              principal.userId,
            ],
          ),
        read: () => this.evidenceIn(tx, org, id),
      });
    });
  }

  /** An approver decides one item of evidence; never one they recorded. */
  async decideEvidence(
    principal: Principal,
    evidenceId: string,
    decision: 'met' | 'not_met',
    note?: string,
  ): Promise<EnrolmentEvidence> {
    const org = principal.organisationId;
    return this.db.transaction(async (tx) => {
      const row = await oneInOrg<EvidenceRow>(tx, {
        table: 'enrolment_evidence',
        orgId: org,
        id: evidenceId,
        lock: true,
        what: 'enrolment evidence',
        path: ['evidenceId'],
      });
      if (row.decision !== 'pending')
        throw conflict(`this evidence was already decided (${row.decision})`, ['decision']);
      if (row.recorded_by === principal.userId)
        throw separation('evidence is decided by an approver other than the one who recorded it');
      const enrolment = await this.enrolmentRow(tx, org, row.enrolment_id);
      const before = await this.evidenceIn(tx, org, evidenceId);
      return auditedWrite(tx, this.audit, actorOf(principal), {
        action: `enrolment.evidence.${decision}`,
        entityType: 'provider',
        entityId: enrolment.provider_id,
        before,
        write: () =>
          tx.query(
            `UPDATE enrolment_evidence SET decision = $2, decision_note = $3, decided_by = $4, decided_at = now()
             WHERE id = $1`,
            [evidenceId, decision, note ?? null, principal.userId],
          ),
        read: () => this.evidenceIn(tx, org, evidenceId),
      });
    });
  }

  /**
   * An approver moves the enrolment on (applied → accredited or excluded; accredited →
   * suspended or excluded; suspended → accredited or excluded). Accreditation needs every
   * criterion met by evidence that has not expired on the day it takes effect. The approver
   * must not be the one who recorded the application.
   */
  async decide(
    principal: Principal,
    enrolmentId: string,
    input: EnrolmentDecisionInput,
  ): Promise<EnrolmentRecord> {
    const org = principal.organisationId;
    return this.db.transaction(async (tx) => {
      const row = await this.enrolmentRow(tx, org, enrolmentId, true);
      sameVersion('enrolment', enrolmentId, Number(row.version), input.version);
      if (row.created_by === principal.userId)
        throw separation(
          'an enrolment is decided by an approver other than the one who recorded the application',
        );
      if (!NEXT_STATES[row.state].includes(input.state))
        throw conflict(
          `an enrolment that is ${row.state} cannot become ${input.state}${
            NEXT_STATES[row.state].length
              ? ` (it can become ${NEXT_STATES[row.state].join(' or ')})`
              : ' (excluded is final)'
          }`,
          ['state'],
        );
      if (input.effectiveOn < row.state_since)
        throw invalid(
          `effectiveOn ${input.effectiveOn} is before the current state's date ${row.state_since}`,
          ['effectiveOn'],
        );
      const before = await this.getEnrolment(org, enrolmentId, { q: tx, asOf: input.effectiveOn });
      if (input.state === 'accredited') {
        const unmet = before.checklist.filter((c) => c.status !== 'met');
        if (unmet.length)
          throw conflict(
            `cannot accredit: ${unmet.map((c) => `${c.heading} is ${c.status.replace('_', ' ')}`).join('; ')} on ${input.effectiveOn}`,
            ['state'],
          );
      }
      return auditedWrite(tx, this.audit, actorOf(principal), {
        action: `enrolment.${input.state}`,
        entityType: 'provider',
        entityId: row.provider_id,
        before: { state: before.state, stateSince: before.stateSince, version: before.version },
        write: async () => {
          await tx.query(
            `UPDATE enrolments SET state = $2, state_since = $3, decided_by = $4, decided_at = now(),
               decision_note = $5, version = version + 1 WHERE id = $1`,
            [enrolmentId, input.state, input.effectiveOn, principal.userId, input.note],
          );
          await this.insertDecision(
            tx,
            principal,
            enrolmentId,
            row.provider_id,
            input.state,
            input.effectiveOn,
            input.note,
          );
        },
        read: () => this.getEnrolment(org, enrolmentId, { q: tx }),
      });
    });
  }

  /**
   * Evidence whose expiry falls within `within` days of asOf, or has passed, on enrolments not
   * excluded: what to chase before a provider's accreditation rests on lapsed insurance. Only
   * each criterion's latest item counts (a renewal replaces the lapsing one).
   */
  async expiringEvidence(orgId: string, options: { asOf?: string; within?: number } = {}) {
    const asOf = options.asOf ?? todayInEngland();
    const until = addDays(asOf, options.within ?? 60);
    const { rows } = await this.db.query<{
      id: string;
      enrolment_id: string;
      criterion: string;
      expires_on: string;
      provider_id: string;
      provider_name: string;
      framework_name: string;
      criteria: FrameworkRow['criteria'];
    }>(
      `SELECT e.id, e.enrolment_id, e.criterion, e.expires_on, n.provider_id, p.name AS provider_name,
         f.name AS framework_name, f.criteria
       FROM enrolment_evidence e
       JOIN enrolments n ON n.id = e.enrolment_id
       JOIN providers p ON p.id = n.provider_id
       JOIN enrolment_frameworks f ON f.id = n.framework_id
       WHERE e.organisation_id = $1 AND e.expires_on IS NOT NULL AND e.expires_on <= $2
         AND n.state <> 'excluded'
         AND NOT EXISTS (SELECT 1 FROM enrolment_evidence later WHERE later.enrolment_id = e.enrolment_id
           AND later.criterion = e.criterion AND (later.recorded_at, later.id) > (e.recorded_at, e.id))
       ORDER BY e.expires_on, lower(p.name), e.id`,
      [orgId, until],
    );
    return {
      asOf,
      until,
      items: rows.map((r) => {
        const daysLeft = dayNumber(r.expires_on) - dayNumber(asOf);
        return {
          enrolmentId: r.enrolment_id,
          providerId: r.provider_id,
          providerName: r.provider_name,
          frameworkName: r.framework_name,
          criterion: r.criterion,
          heading:
            criteriaOf(r.criteria).find((c) => c.key === r.criterion)?.heading ?? r.criterion,
          evidenceId: r.id,
          expiresOn: r.expires_on,
          daysLeft,
          expired: daysLeft < 0,
        };
      }),
    };
  }

  // -------------------------------------------------------------------------------------------
  // Internals.

  private async enrolmentRow(q: Queryable, orgId: string, id: string, lock = false) {
    const { rows } = await q.query<EnrolmentRow>(
      `${ENROLMENT_SELECT} WHERE n.organisation_id = $1 AND n.id = $2${lock ? ' FOR UPDATE OF n' : ''}`,
      [orgId, id],
    );
    if (!rows[0]) throw notFound(`enrolment ${id} not found`, ['enrolmentId']);
    return rows[0];
  }

  private async evidenceIn(q: Queryable, orgId: string, id: string) {
    const { rows } = await q.query<EvidenceRow>(
      `${EVIDENCE_SELECT} WHERE e.organisation_id = $1 AND e.id = $2`,
      [orgId, id],
    );
    return toEvidence(rows[0]!);
  }

  private async insertDecision(
    tx: Queryable,
    principal: Principal,
    enrolmentId: string,
    providerId: string,
    state: EnrolmentState,
    effectiveOn: string,
    note: string,
  ) {
    await tx.query(
      `INSERT INTO enrolment_decisions (id, organisation_id, enrolment_id, provider_id, state, effective_on, note,
         decided_by, decided_by_name)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        randomUUID(),
        principal.organisationId,
        enrolmentId,
        providerId,
        state,
        effectiveOn,
        note,
        principal.userId,
        principal.name,
      ],
    );
  }
}

const ENROLMENT_SELECT = `SELECT n.id, n.provider_id, p.name AS provider_name, n.framework_id, f.name AS framework_name,
    f.criteria, n.state, n.state_since, n.created_by, n.version
  FROM enrolments n JOIN providers p ON p.id = n.provider_id JOIN enrolment_frameworks f ON f.id = n.framework_id`;

const separation = (message: string) => forbidden(message, 'SEPARATION_OF_DUTIES');

const uniqueName = <T>(name: string, fn: () => Promise<T>) =>
  uniqueOr(fn, () =>
    conflict(`there is already an enrolment framework called "${name}"`, ['name']),
  );
