/**
 * Scenarios, their share links and the providers' responses, over either database driver.
 * Every change is written with its audit entry in one transaction. Responses are plain
 * INSERTs with ids made here, so two arriving at once both land: nothing is read-modify-written.
 */
import { randomUUID } from 'node:crypto';
import type { Actor, AuditLog } from '../platform/audit/auditLog';
import { actorOf } from '../platform/auth/organisations';
import type { Principal } from '../platform/auth/roles';
import { sqlState, type Database, type Queryable } from '../platform/db/database';
import { conflict, notFound } from '../../../shared/src/errors';
import type { RateCardRepository } from '../rateCards/repository';
import { parseRateCard } from '../../../shared/src/rateCard';
import { upliftCard } from '../../../shared/src/uplift';
import type { Scenario, ShareLink, StoredResponse, UpliftAssumptions } from './model';
import type { ProviderResponse } from '../../../shared/src/contract/scenarioResponse';
import type { CreateLinkInput, CreateScenarioInput } from '../../../shared/src/contract/scenarios';
import { hashShareToken, newReference, newShareToken } from './tokens';
import type { ScenarioAssumptions } from '../../../shared/src/contract/scenarioView';

const iso = (t: Date | string | null): string | null =>
  t === null ? null : new Date(t).toISOString();
const rate = (v: string | number | null | undefined) =>
  v === undefined || v === null || v === '' ? undefined : String(v);

interface ScenarioRow {
  id: string;
  organisation_id: string;
  title: string;
  base_card: unknown;
  base_status: string;
  base_approved_at: Date | string | null;
  proposed_kind: 'version' | 'uplift';
  proposed_version: number | null;
  proposed_card: unknown;
  proposed_status: string;
  uplift: UpliftAssumptions | null;
  assumptions: ScenarioAssumptions;
  opens_at: Date | string;
  closes_at: Date | string;
  created_by_name: string;
  created_at: Date | string;
}

interface LinkRow {
  id: string;
  scenario_id: string;
  label: string;
  expires_at: Date | string | null;
  revoked_at: Date | string | null;
  view_count: number;
  last_viewed_at: Date | string | null;
  created_by_name: string;
  created_at: Date | string;
}

interface ResponseRow {
  id: string;
  reference: string;
  scenario_id: string;
  link_id: string;
  link_label: string;
  organisation_name: string;
  contact_name: string;
  contact_email: string;
  cqc_location_id: string | null;
  position: StoredResponse['position'];
  comments: StoredResponse['comments'];
  cost_evidence: StoredResponse['costEvidence'];
  submitted_at: Date | string;
  updated_at: Date | string;
}

const SCENARIO_COLUMNS = `s.id, s.organisation_id, s.title, s.base_card, s.base_status, s.base_approved_at, s.proposed_kind,
  s.proposed_version, s.proposed_card, s.proposed_status, s.uplift, s.assumptions, s.opens_at, s.closes_at,
  u.name AS created_by_name, s.created_at`;

function toScenario(r: ScenarioRow): Scenario {
  return {
    id: r.id,
    organisationId: r.organisation_id,
    title: r.title,
    base: {
      card: parseRateCard(r.base_card),
      status: r.base_status,
      approvedAt: iso(r.base_approved_at),
    },
    proposed: {
      kind: r.proposed_kind,
      card: parseRateCard(r.proposed_card),
      version: r.proposed_version === null ? null : Number(r.proposed_version),
      status: r.proposed_status,
    },
    uplift: r.uplift,
    assumptions: r.assumptions ?? {},
    opensAt: iso(r.opens_at)!,
    closesAt: iso(r.closes_at)!,
    createdBy: r.created_by_name,
    createdAt: iso(r.created_at)!,
  };
}

function toLink(r: LinkRow): ShareLink {
  return {
    id: r.id,
    scenarioId: r.scenario_id,
    label: r.label,
    expiresAt: iso(r.expires_at),
    revokedAt: iso(r.revoked_at),
    viewCount: Number(r.view_count),
    lastViewedAt: iso(r.last_viewed_at),
    createdBy: r.created_by_name,
    createdAt: iso(r.created_at)!,
  };
}

function toResponse(r: ResponseRow): StoredResponse {
  return {
    id: r.id,
    reference: r.reference,
    scenarioId: r.scenario_id,
    linkId: r.link_id,
    linkLabel: r.link_label,
    organisationName: r.organisation_name,
    contactName: r.contact_name,
    contactEmail: r.contact_email,
    cqcLocationId: r.cqc_location_id,
    position: r.position,
    comments: r.comments ?? [],
    costEvidence: r.cost_evidence ?? [],
    submittedAt: iso(r.submitted_at)!,
    updatedAt: iso(r.updated_at)!,
  };
}

const LINK_COLUMNS = `l.id, l.scenario_id, l.label, l.expires_at, l.revoked_at, l.view_count, l.last_viewed_at,
  u.name AS created_by_name, l.created_at`;

export class ScenarioRepository {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditLog,
    private readonly cards: RateCardRepository,
  ) {}

  /** A scenario from an approved base version and a proposal: a stored version or an uplift of the base. */
  async create(principal: Principal, input: CreateScenarioInput): Promise<Scenario> {
    const org = principal.organisationId;
    const base = await this.cards.getVersion(org, input.baseCard.id, input.baseCard.version);
    if (base.meta.status !== 'approved' && base.meta.status !== 'superseded') {
      throw conflict(
        `rate card ${base.meta.id} version ${base.meta.version} is ${base.meta.status}; a scenario compares against an approved version`,
        ['baseCard'],
      );
    }
    let proposed: Scenario['proposed'];
    let uplift: UpliftAssumptions | null = null;
    let assumptions: ScenarioAssumptions = dropUndefined({
      cpihChange: input.assumptions.cpihChange,
      nlwChange: input.assumptions.nlwChange,
      localWageChange: input.assumptions.localWageChange ?? undefined,
      notes: input.assumptions.notes,
    });
    if ('uplift' in input.proposed) {
      const u = input.proposed.uplift;
      const review = upliftCard(base.card, u);
      uplift = dropUndefined({
        reviewYear: u.reviewYear,
        cpihChange: String(u.cpihChange),
        nlwChange: String(u.nlwChange),
        localWageChange: rate(u.localWageChange),
      });
      // The review's own figures are the assumptions; notes may add to them.
      assumptions = dropUndefined({
        ...assumptions,
        cpihChange: review.hotelChange,
        nlwChange: uplift.nlwChange,
        localWageChange: uplift.localWageChange ?? undefined,
      });
      proposed = { kind: 'uplift', card: review.card, version: null, status: 'uplift' };
    } else {
      const p = await this.cards.getVersion(org, input.proposed.id, input.proposed.version);
      if (p.meta.status === 'withdrawn') {
        throw conflict(`rate card ${p.meta.id} version ${p.meta.version} is withdrawn`, [
          'proposed',
        ]);
      }
      proposed = { kind: 'version', card: p.card, version: p.meta.version, status: p.meta.status };
    }
    const id = randomUUID();
    await this.db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO scenarios (id, organisation_id, title, base_card_id, base_version, base_card, base_status, base_approved_at,
                                proposed_kind, proposed_card_id, proposed_version, proposed_card, proposed_status, uplift,
                                assumptions, opens_at, closes_at, created_by)
         VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9, $10, $11, $12::jsonb, $13, $14::jsonb, $15::jsonb, $16, $17, $18)`,
        [
          id,
          org,
          input.title,
          base.meta.id,
          base.meta.version,
          JSON.stringify(base.card),
          base.meta.status,
          base.meta.approvedAt,
          proposed.kind,
          proposed.card.id,
          proposed.version,
          JSON.stringify(proposed.card),
          proposed.status,
          uplift === null ? null : JSON.stringify(uplift),
          JSON.stringify(assumptions),
          input.opensAt,
          input.closesAt,
          principal.userId,
        ],
      );
      await this.audit.record(tx, actorOf(principal), {
        action: 'scenario.create',
        entityType: 'scenario',
        entityId: id,
        after: {
          title: input.title,
          baseCard: input.baseCard,
          proposed: input.proposed,
          assumptions,
          opensAt: input.opensAt,
          closesAt: input.closesAt,
        },
      });
    });
    return this.get(org, id);
  }

  async list(organisationId: string): Promise<Scenario[]> {
    const { rows } = await this.db.query<ScenarioRow>(
      `SELECT ${SCENARIO_COLUMNS} FROM scenarios s JOIN users u ON u.id = s.created_by
        WHERE s.organisation_id = $1 ORDER BY s.created_at DESC, s.id`,
      [organisationId],
    );
    return rows.map(toScenario);
  }

  /** One scenario of the organisation; another organisation's is as absent as a missing one. */
  async get(organisationId: string, id: string): Promise<Scenario> {
    const { rows } = await this.db.query<ScenarioRow>(
      `SELECT ${SCENARIO_COLUMNS} FROM scenarios s JOIN users u ON u.id = s.created_by
        WHERE s.organisation_id = $1 AND s.id = $2`,
      [organisationId, id],
    );
    const row = rows[0];
    if (!row) throw notFound(`no scenario ${id}`, ['id']);
    return toScenario(row);
  }

  /** A new share link. The token is returned here and never again: only its hash is kept. */
  async createLink(
    principal: Principal,
    scenarioId: string,
    input: CreateLinkInput,
    /** Only the demo seed passes one: a well-known, public link. */
    fixedToken?: string,
  ): Promise<{ link: ShareLink; token: string }> {
    await this.get(principal.organisationId, scenarioId);
    const id = randomUUID();
    const token = fixedToken ?? newShareToken();
    await this.db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO scenario_links (id, scenario_id, label, token_hash, expires_at, created_by) VALUES ($1, $2, $3, $4, $5, $6)`,
        [
          id,
          scenarioId,
          input.label,
          hashShareToken(token),
          input.expiresAt ?? null,
          principal.userId,
        ],
      );
      await this.audit.record(tx, actorOf(principal), {
        action: 'scenario.link.create',
        entityType: 'scenario',
        entityId: scenarioId,
        after: { linkId: id, label: input.label, expiresAt: input.expiresAt ?? null },
      });
    });
    return { link: await this.getLink(scenarioId, id), token };
  }

  async listLinks(organisationId: string, scenarioId: string): Promise<ShareLink[]> {
    await this.get(organisationId, scenarioId);
    const { rows } = await this.db.query<LinkRow>(
      `SELECT ${LINK_COLUMNS} FROM scenario_links l JOIN users u ON u.id = l.created_by
        WHERE l.scenario_id = $1 ORDER BY l.created_at, l.id`,
      [scenarioId],
    );
    return rows.map(toLink);
  }

  private async getLink(
    scenarioId: string,
    linkId: string,
    q: Queryable = this.db,
  ): Promise<ShareLink> {
    const { rows } = await q.query<LinkRow>(
      `SELECT ${LINK_COLUMNS} FROM scenario_links l JOIN users u ON u.id = l.created_by WHERE l.scenario_id = $1 AND l.id = $2`,
      [scenarioId, linkId],
    );
    const row = rows[0];
    if (!row) throw notFound(`no link ${linkId} on this scenario`, ['linkId']);
    return toLink(row);
  }

  /** Revoke at once: the next request with the token is refused. Revoking twice is harmless. */
  async revokeLink(principal: Principal, scenarioId: string, linkId: string): Promise<ShareLink> {
    await this.get(principal.organisationId, scenarioId);
    return this.db.transaction(async (tx) => {
      const before = await this.getLink(scenarioId, linkId, tx);
      if (before.revokedAt === null) {
        await tx.query(
          'UPDATE scenario_links SET revoked_at = now(), revoked_by = $3 WHERE scenario_id = $1 AND id = $2',
          [scenarioId, linkId, principal.userId],
        );
        await this.audit.record(tx, actorOf(principal), {
          action: 'scenario.link.revoke',
          entityType: 'scenario',
          entityId: scenarioId,
          before: { linkId, label: before.label },
        });
      }
      return this.getLink(scenarioId, linkId, tx);
    });
  }

  /** The scenario and link a token opens, or null for unknown, expired and revoked tokens alike. */
  async resolveToken(
    token: string,
    now: Date,
  ): Promise<{ scenario: Scenario; link: ShareLink } | null> {
    const { rows } = await this.db.query<LinkRow>(
      `SELECT ${LINK_COLUMNS} FROM scenario_links l JOIN users u ON u.id = l.created_by
        WHERE l.token_hash = $1 AND l.revoked_at IS NULL AND (l.expires_at IS NULL OR l.expires_at > $2)`,
      [hashShareToken(token), now.toISOString()],
    );
    const row = rows[0];
    if (!row) return null;
    const link = toLink(row);
    const { rows: scenarios } = await this.db.query<ScenarioRow>(
      `SELECT ${SCENARIO_COLUMNS} FROM scenarios s JOIN users u ON u.id = s.created_by WHERE s.id = $1`,
      [link.scenarioId],
    );
    const scenario = scenarios[0];
    return scenario ? { scenario: toScenario(scenario), link } : null;
  }

  async countView(linkId: string): Promise<void> {
    await this.db.query(
      'UPDATE scenario_links SET view_count = view_count + 1, last_viewed_at = now() WHERE id = $1',
      [linkId],
    );
  }

  /**
   * Store an organisation's response with its audit entry, and make its private change link.
   * One response per organisation (by folded name): a second is refused, pointing at the
   * change link, so the commissioners' counts never count anyone twice.
   */
  async addResponse(
    scenario: Scenario,
    link: ShareLink,
    response: ProviderResponse,
  ): Promise<{ stored: StoredResponse; changeToken: string }> {
    const id = randomUUID();
    const changeToken = newShareToken();
    await this.db
      .transaction(async (tx) => {
        await this.refuseSecondResponse(tx, scenario.id, response.organisationName, null);
        const reference = await this.unusedReference(tx, scenario.id);
        await tx.query(
          `INSERT INTO scenario_responses (id, scenario_id, link_id, organisation_name, organisation_key, contact_name,
                                           contact_email, cqc_location_id, position, comments, cost_evidence, reference,
                                           edit_token_hash, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11::jsonb, $12, $13, now())`,
          [
            id,
            scenario.id,
            link.id,
            response.organisationName,
            organisationKey(response.organisationName),
            response.contactName,
            response.contactEmail,
            response.cqcLocationId ?? null,
            response.position,
            JSON.stringify(response.comments),
            JSON.stringify(response.costEvidence),
            reference,
            hashShareToken(changeToken),
          ],
        );
        await this.audit.record(tx, providerActor(scenario, link), {
          action: 'scenario.response.create',
          entityType: 'scenario',
          entityId: scenario.id,
          after: {
            responseId: id,
            reference,
            linkId: link.id,
            organisationName: response.organisationName,
            position: response.position,
          },
        });
      })
      .catch(alreadyResponded(response.organisationName));
    const stored = await this.listResponses(scenario.organisationId, scenario.id, id);
    return { stored: stored[0]!, changeToken };
  }

  /** The response a private change link opens, or null (unknown token, or another scenario's). */
  async responseByChangeToken(
    scenario: Scenario,
    changeToken: string,
  ): Promise<StoredResponse | null> {
    const { rows } = await this.db.query<{ id: string }>(
      `SELECT id FROM scenario_responses WHERE scenario_id = $1 AND edit_token_hash = $2 AND replaced_at IS NULL`,
      [scenario.id, hashShareToken(changeToken)],
    );
    if (!rows[0]) return null;
    return (await this.listResponses(scenario.organisationId, scenario.id, rows[0].id))[0] ?? null;
  }

  /** Replace a response's answers in place (same reference, same change link); the audit keeps the old ones. */
  async changeResponse(
    scenario: Scenario,
    link: ShareLink,
    before: StoredResponse,
    response: ProviderResponse,
  ): Promise<StoredResponse> {
    await this.db
      .transaction(async (tx) => {
        await this.refuseSecondResponse(tx, scenario.id, response.organisationName, before.id);
        await tx.query(
          `UPDATE scenario_responses
              SET organisation_name = $3, organisation_key = $4, contact_name = $5, contact_email = $6,
                  cqc_location_id = $7, position = $8, comments = $9::jsonb, cost_evidence = $10::jsonb,
                  updated_at = now()
            WHERE scenario_id = $1 AND id = $2`,
          [
            scenario.id,
            before.id,
            response.organisationName,
            organisationKey(response.organisationName),
            response.contactName,
            response.contactEmail,
            response.cqcLocationId ?? null,
            response.position,
            JSON.stringify(response.comments),
            JSON.stringify(response.costEvidence),
          ],
        );
        await this.audit.record(tx, providerActor(scenario, link), {
          action: 'scenario.response.change',
          entityType: 'scenario',
          entityId: scenario.id,
          before: {
            responseId: before.id,
            organisationName: before.organisationName,
            contactName: before.contactName,
            contactEmail: before.contactEmail,
            cqcLocationId: before.cqcLocationId,
            position: before.position,
            comments: before.comments,
            costEvidence: before.costEvidence,
          },
          after: {
            responseId: before.id,
            organisationName: response.organisationName,
            position: response.position,
          },
        });
      })
      .catch(alreadyResponded(response.organisationName));
    return (await this.listResponses(scenario.organisationId, scenario.id, before.id))[0]!;
  }

  private async refuseSecondResponse(
    tx: Queryable,
    scenarioId: string,
    organisationName: string,
    exceptId: string | null,
  ): Promise<void> {
    const { rows } = await tx.query<{ id: string }>(
      `SELECT id FROM scenario_responses
        WHERE scenario_id = $1 AND organisation_key = $2 AND replaced_at IS NULL AND ($3::text IS NULL OR id <> $3)`,
      [scenarioId, organisationKey(organisationName), exceptId],
    );
    if (rows[0]) throw alreadyRespondedError(organisationName);
  }

  /** A reference not yet used in this scenario (a clash is about one in 10^12; try again). */
  private async unusedReference(tx: Queryable, scenarioId: string): Promise<string> {
    for (;;) {
      const reference = newReference();
      const { rows } = await tx.query(
        'SELECT 1 FROM scenario_responses WHERE scenario_id = $1 AND reference = $2',
        [scenarioId, reference],
      );
      if (rows.length === 0) return reference;
    }
  }

  /** The responses that count: one per organisation, as last changed. */
  async listResponses(
    organisationId: string,
    scenarioId: string,
    onlyId?: string,
  ): Promise<StoredResponse[]> {
    const { rows } = await this.db.query<ResponseRow>(
      `SELECT r.id, r.reference, r.scenario_id, r.link_id, l.label AS link_label, r.organisation_name, r.contact_name,
              r.contact_email, r.cqc_location_id, r.position, r.comments, r.cost_evidence, r.submitted_at, r.updated_at
         FROM scenario_responses r
         JOIN scenarios s ON s.id = r.scenario_id
         JOIN scenario_links l ON l.id = r.link_id
        WHERE s.organisation_id = $1 AND r.scenario_id = $2 AND r.replaced_at IS NULL AND ($3::text IS NULL OR r.id = $3)
        ORDER BY r.submitted_at, r.id`,
      [organisationId, scenarioId, onlyId ?? null],
    );
    return rows.map(toResponse);
  }
}

/** One organisation however its name is typed: case and runs of spaces ignored (as migration 050 folds them). */
export function organisationKey(name: string): string {
  return name.trim().replace(/\s+/g, ' ').toLowerCase();
}

const providerActor = (scenario: Scenario, link: ShareLink): Actor => ({
  id: null,
  name: `provider via share link "${link.label}"`,
  organisationId: scenario.organisationId,
});

const alreadyRespondedError = (organisationName: string) =>
  conflict(
    `${organisationName.trim()} has already responded to this consultation. To change that response, use the private link on its confirmation page (or ask the council for help).`,
    ['organisationName'],
    'ALREADY_RESPONDED',
  );

/** Two sendings racing past the check meet the unique index: the loser gets the same answer. */
const alreadyResponded = (organisationName: string) => (e: unknown) => {
  if (sqlState(e) === '23505') throw alreadyRespondedError(organisationName);
  throw e;
};

function dropUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
