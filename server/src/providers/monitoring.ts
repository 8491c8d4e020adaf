/**
 * Quality monitoring Nottingham's way (seed 004): frameworks (admins), annual visits that score
 * every indicator Red/Amber/Green with notes (editors), the visit's outcome by the framework's
 * rule (shared/src/monitoring.ts), and action plans with due dates and status (editors).
 * Every change is audited with its before and after, in the transaction that makes it.
 */
import { randomUUID } from 'node:crypto';
import type { AuditLog } from '../platform/audit/auditLog';
import { actorOf } from '../platform/auth/organisations';
import type { Principal } from '../platform/auth/roles';
import type { Database, Queryable } from '../platform/db/database';
import { auditedWrite, oneInOrg, uniqueOr, sameVersion } from '../platform/db/records';
import { conflict, invalid, notFound } from '../../../shared/src/errors';
import {
  EXAMPLE_FRAMEWORK,
  countRag,
  describeOutcomeRule,
  visitOutcome,
  type IndicatorGroup,
  type OutcomeRule,
  type Rag,
} from '../../../shared/src/monitoring';
import type {
  ActionPlanInput,
  ActionPlanRecord,
  ActionPlanUpdate,
  MonitoringFramework,
  MonitoringFrameworkInput,
  VisitInput,
  VisitRecord,
} from '../../../shared/src/contract/providersMonitoring';
import type { ServiceType } from '../../../shared/src/contract/providers';
import { todayInEngland } from './repository';

/**
 * Who visits which home (seed 004, "Performance Management": "NCC visit Residential Homes",
 * "CCG visit Nursing Homes"). Home support is the council's.
 */
export const VISITOR_FOR: Record<ServiceType, 'council' | 'NHS'> = {
  residential: 'council',
  nursing: 'NHS',
  home_support: 'council',
};

interface FrameworkRow {
  id: string;
  name: string;
  example: boolean;
  groups: IndicatorGroup[];
  outcome_rule: OutcomeRule;
  version: number;
}

const toFramework = (r: FrameworkRow): MonitoringFramework => ({
  id: r.id,
  name: r.name,
  example: r.example,
  groups: r.groups,
  outcomeRule: r.outcome_rule,
  outcomeRuleText: describeOutcomeRule(r.outcome_rule),
  version: Number(r.version),
});

interface VisitRow {
  id: string;
  location_id: string;
  framework_id: string;
  framework_version: number;
  visited_on: string;
  body: 'council' | 'NHS';
  scores: VisitRecord['scores'];
  red: number;
  amber: number;
  green: number;
  outcome: Rag;
  outcome_reason: string;
  summary: string;
  recorded_by_name: string | null;
  recorded_by: string;
  recorded_at: Date | string;
}

const toVisit = (r: VisitRow): VisitRecord => ({
  id: r.id,
  locationId: r.location_id,
  frameworkId: r.framework_id,
  frameworkVersion: Number(r.framework_version),
  visitedOn: r.visited_on,
  body: r.body,
  scores: r.scores,
  counts: { Red: Number(r.red), Amber: Number(r.amber), Green: Number(r.green) },
  outcome: r.outcome,
  outcomeReason: r.outcome_reason,
  summary: r.summary,
  recordedBy: r.recorded_by_name ?? r.recorded_by,
  recordedAt: new Date(r.recorded_at).toISOString(),
});

const VISIT_SELECT = `SELECT v.*, u.name AS recorded_by_name FROM monitoring_visits v
  LEFT JOIN users u ON u.id = v.recorded_by`;

interface ActionRow {
  id: string;
  location_id: string;
  location_name: string;
  provider_id: string;
  provider_name: string;
  visit_id: string | null;
  action: string;
  due_on: string;
  status: ActionPlanRecord['status'];
  completed_on: string | null;
  note: string;
  version: number;
}

const ACTION_SELECT = `SELECT a.id, a.location_id, l.name AS location_name, l.provider_id, p.name AS provider_name,
    a.visit_id, a.action, a.due_on, a.status, a.completed_on, a.note, a.version
  FROM action_plans a JOIN locations l ON l.id = a.location_id JOIN providers p ON p.id = l.provider_id`;

const toAction = (r: ActionRow, asOf: string): ActionPlanRecord => ({
  id: r.id,
  locationId: r.location_id,
  locationName: r.location_name,
  providerId: r.provider_id,
  providerName: r.provider_name,
  visitId: r.visit_id,
  action: r.action,
  dueOn: r.due_on,
  status: r.status,
  completedOn: r.completed_on,
  note: r.note,
  overdue: r.status === 'open' && r.due_on < asOf,
  version: Number(r.version),
});

export class MonitoringRepository {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditLog,
  ) {}

  // -------------------------------------------------------------------------------------------
  // Frameworks.

  async listFrameworks(orgId: string): Promise<MonitoringFramework[]> {
    const { rows } = await this.db.query<FrameworkRow>(
      'SELECT * FROM monitoring_frameworks WHERE organisation_id = $1 ORDER BY example, name, id',
      [orgId],
    );
    return rows.map(toFramework);
  }

  getFramework(orgId: string, id: string, q: Queryable = this.db): Promise<MonitoringFramework> {
    return oneInOrg<FrameworkRow>(q, {
      table: 'monitoring_frameworks',
      orgId,
      id,
      what: 'monitoring framework',
      path: ['frameworkId'],
    }).then(toFramework);
  }

  /** A framework of the organisation's own, or (fromExample) a copy of the shipped example. */
  createFramework(
    principal: Principal,
    input: MonitoringFrameworkInput,
  ): Promise<MonitoringFramework> {
    const id = randomUUID();
    return this.db.transaction((tx) =>
      uniqueName(input.name, () =>
        auditedWrite(tx, this.audit, actorOf(principal), {
          action: 'monitoring-framework.create',
          entityType: 'monitoring-framework',
          entityId: id,
          write: () =>
            tx.query(
              `INSERT INTO monitoring_frameworks (id, organisation_id, name, example, groups, outcome_rule, created_by)
               VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb, $7)`,
              [
                id,
                principal.organisationId,
                input.name,
                input.example,
                JSON.stringify(input.groups),
                JSON.stringify(input.outcomeRule),
                principal.userId,
              ],
            ),
          read: () => this.getFramework(principal.organisationId, id, tx),
        }),
      ),
    );
  }

  /** Copy the shipped EXAMPLE framework into the organisation, marked as an example, to edit. */
  copyExample(principal: Principal): Promise<MonitoringFramework> {
    return this.createFramework(principal, { ...EXAMPLE_FRAMEWORK, example: true });
  }

  updateFramework(
    principal: Principal,
    id: string,
    input: MonitoringFrameworkInput & { version: number },
  ): Promise<MonitoringFramework> {
    return this.db.transaction(async (tx) => {
      const before = toFramework(
        await oneInOrg<FrameworkRow>(tx, {
          table: 'monitoring_frameworks',
          orgId: principal.organisationId,
          id,
          lock: true,
          what: 'monitoring framework',
          path: ['frameworkId'],
        }),
      );
      sameVersion('monitoring framework', id, before.version, input.version);
      return uniqueName(input.name, () =>
        auditedWrite(tx, this.audit, actorOf(principal), {
          action: 'monitoring-framework.update',
          entityType: 'monitoring-framework',
          entityId: id,
          before,
          write: () =>
            tx.query(
              `UPDATE monitoring_frameworks SET name = $2, example = $3, groups = $4::jsonb, outcome_rule = $5::jsonb,
                 version = version + 1, updated_at = now() WHERE id = $1`,
              [
                id,
                input.name,
                input.example,
                JSON.stringify(input.groups),
                JSON.stringify(input.outcomeRule),
              ],
            ),
          read: () => this.getFramework(principal.organisationId, id, tx),
        }),
      );
    });
  }

  // -------------------------------------------------------------------------------------------
  // Visits.

  /**
   * Record a visit: every indicator of the framework scored once, nothing else; dated no later
   * than today; by the body that visits this kind of home. The outcome is the framework's rule
   * applied to the counts, kept with the visit.
   */
  recordVisit(principal: Principal, locationId: string, input: VisitInput): Promise<VisitRecord> {
    const org = principal.organisationId;
    const today = todayInEngland();
    if (input.visitedOn > today)
      throw invalid(`${input.visitedOn} is in the future (today is ${today})`, ['visitedOn']);
    return this.db.transaction(async (tx) => {
      const location = await oneInOrg<{
        id: string;
        provider_id: string;
        service_type: ServiceType;
      }>(tx, {
        table: 'locations',
        orgId: org,
        id: locationId,
        columns: 'id, provider_id, service_type',
        what: 'location',
        path: ['locationId'],
      });
      const framework = await this.getFramework(org, input.frameworkId, tx);
      const visitor = VISITOR_FOR[location.service_type];
      const body = input.body ?? visitor;
      if (body !== visitor)
        throw invalid(
          `a ${location.service_type.replace('_', ' ')} location is visited by the ${visitor}, not the ${body}`,
          ['body'],
        );
      const keys = framework.groups.flatMap((g) => g.indicators.map((i) => i.key));
      const scored = new Set<string>();
      input.scores.forEach((s, i) => {
        if (!keys.includes(s.indicator))
          throw invalid(`"${s.indicator}" is not an indicator of ${framework.name}`, [
            'scores',
            i,
            'indicator',
          ]);
        if (scored.has(s.indicator))
          throw invalid(`"${s.indicator}" is scored twice`, ['scores', i, 'indicator']);
        scored.add(s.indicator);
      });
      const missing = keys.filter((k) => !scored.has(k));
      if (missing.length)
        throw invalid(`every indicator must be scored; missing: ${missing.join(', ')}`, ['scores']);
      const counts = countRag(input.scores);
      const { outcome, reason } = visitOutcome(counts, framework.outcomeRule);
      const id = randomUUID();
      return auditedWrite(tx, this.audit, actorOf(principal), {
        action: 'monitoring-visit.record',
        entityType: 'location',
        entityId: locationId,
        write: () =>
          tx.query(
            `INSERT INTO monitoring_visits (id, organisation_id, location_id, framework_id, framework_version,
               visited_on, body, scores, red, amber, green, outcome, outcome_reason, summary, recorded_by)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10, $11, $12, $13, $14, $15)`,
            [
              id,
              org,
              locationId,
              framework.id,
              framework.version,
              input.visitedOn,
              body,
              JSON.stringify(input.scores),
              counts.Red,
              counts.Amber,
              counts.Green,
              outcome,
              reason,
              input.summary ?? '',
              principal.userId,
            ],
          ),
        read: () => this.visitIn(tx, org, id),
      });
    });
  }

  async listVisits(orgId: string, locationId: string): Promise<VisitRecord[]> {
    await oneInOrg(this.db, {
      table: 'locations',
      orgId,
      id: locationId,
      columns: 'id',
      what: 'location',
      path: ['locationId'],
    });
    const { rows } = await this.db.query<VisitRow>(
      `${VISIT_SELECT} WHERE v.location_id = $1 ORDER BY v.visited_on DESC, v.recorded_at DESC`,
      [locationId],
    );
    return rows.map(toVisit);
  }

  getVisit(orgId: string, id: string): Promise<VisitRecord> {
    return this.visitIn(this.db, orgId, id);
  }

  // -------------------------------------------------------------------------------------------
  // Action plans.

  addAction(
    principal: Principal,
    locationId: string,
    input: ActionPlanInput,
  ): Promise<ActionPlanRecord> {
    const org = principal.organisationId;
    return this.db.transaction(async (tx) => {
      await oneInOrg(tx, {
        table: 'locations',
        orgId: org,
        id: locationId,
        columns: 'id',
        what: 'location',
        path: ['locationId'],
      });
      if (input.visitId) {
        const { rows } = await tx.query<{ location_id: string }>(
          'SELECT location_id FROM monitoring_visits WHERE organisation_id = $1 AND id = $2',
          [org, input.visitId],
        );
        if (rows[0]?.location_id !== locationId)
          throw invalid(`visit ${input.visitId} is not a visit to this location`, ['visitId']);
      }
      const id = randomUUID();
      return auditedWrite(tx, this.audit, actorOf(principal), {
        action: 'action-plan.open',
        entityType: 'location',
        entityId: locationId,
        write: () =>
          tx.query(
            `INSERT INTO action_plans (id, organisation_id, location_id, visit_id, action, due_on, created_by)
             VALUES ($1, $2, $3, $4, $5, $6, $7)`,
            [
              id,
              org,
              locationId,
              input.visitId ?? null,
              input.action,
              input.dueOn,
              principal.userId,
            ],
          ),
        read: () => this.actionIn(tx, org, id),
      });
    });
  }

  updateAction(
    principal: Principal,
    id: string,
    input: ActionPlanUpdate,
  ): Promise<ActionPlanRecord> {
    const org = principal.organisationId;
    const completedOn = input.completedOn ?? null;
    if (input.status === 'done' && !completedOn)
      throw invalid('a done action needs the day it was completed', ['completedOn']);
    if (input.status !== 'done' && completedOn)
      throw invalid(`an ${input.status} action has no completion date`, ['completedOn']);
    if (completedOn && completedOn > todayInEngland())
      throw invalid(`${completedOn} is in the future`, ['completedOn']);
    return this.db.transaction(async (tx) => {
      await oneInOrg(tx, {
        table: 'action_plans',
        orgId: org,
        id,
        columns: 'id',
        lock: true,
        what: 'action plan',
        path: ['actionPlanId'],
      });
      const before = await this.actionIn(tx, org, id);
      sameVersion('action plan', id, before.version, input.version);
      return auditedWrite(tx, this.audit, actorOf(principal), {
        action: `action-plan.${input.status}`,
        entityType: 'location',
        entityId: before.locationId,
        before,
        write: () =>
          tx.query(
            `UPDATE action_plans SET status = $2, due_on = $3, completed_on = $4, note = $5,
               version = version + 1, updated_at = now() WHERE id = $1`,
            [id, input.status, input.dueOn ?? before.dueOn, completedOn, input.note ?? before.note],
          ),
        read: () => this.actionIn(tx, org, id),
      });
    });
  }

  /** Action plans across the organisation (or one location), soonest due first. */
  async listActions(
    orgId: string,
    filter: {
      locationId?: string;
      status?: ActionPlanRecord['status'];
      overdue?: boolean;
      asOf?: string;
    } = {},
  ): Promise<ActionPlanRecord[]> {
    const asOf = filter.asOf ?? todayInEngland();
    const params: string[] = [orgId];
    let where = 'a.organisation_id = $1';
    if (filter.locationId) {
      await oneInOrg(this.db, {
        table: 'locations',
        orgId,
        id: filter.locationId,
        columns: 'id',
        what: 'location',
        path: ['locationId'],
      });
      params.push(filter.locationId);
      where += ` AND a.location_id = $${params.length}`;
    }
    if (filter.overdue) {
      params.push(asOf);
      where += ` AND a.status = 'open' AND a.due_on < $${params.length}`;
    } else if (filter.status) {
      params.push(filter.status);
      where += ` AND a.status = $${params.length}`;
    }
    const { rows } = await this.db.query<ActionRow>(
      `${ACTION_SELECT} WHERE ${where} ORDER BY a.due_on, lower(p.name), a.id`,
      params,
    );
    return rows.map((r) => toAction(r, asOf));
  }

  // -------------------------------------------------------------------------------------------

  private async visitIn(q: Queryable, orgId: string, id: string): Promise<VisitRecord> {
    const { rows } = await q.query<VisitRow>(
      `${VISIT_SELECT} WHERE v.organisation_id = $1 AND v.id = $2`,
      [orgId, id],
    );
    if (!rows[0]) throw notFound(`monitoring visit ${id} not found`, ['visitId']);
    return toVisit(rows[0]);
  }

  private async actionIn(q: Queryable, orgId: string, id: string): Promise<ActionPlanRecord> {
    const { rows } = await q.query<ActionRow>(
      `${ACTION_SELECT} WHERE a.organisation_id = $1 AND a.id = $2`,
      [orgId, id],
    );
    if (!rows[0]) throw notFound(`action plan ${id} not found`, ['actionPlanId']);
    return toAction(rows[0], todayInEngland());
  }
}

const uniqueName = <T>(name: string, fn: () => Promise<T>) =>
  uniqueOr(fn, () =>
    conflict(`there is already a monitoring framework called "${name}"`, ['name']),
  );
