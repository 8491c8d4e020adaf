/**
 * Rate cards and their lifecycle: draft (editable) -> submitted -> approved (by an approver
 * who neither wrote nor last edited it: four-eyes) -> superseded | withdrawn.
 *
 * Supersession: approving version N with effectiveFrom F marks every other approved version of
 * the family that starts on or before F as superseded by N. Nothing about an approved version
 * is ever rewritten (the database refuses it, migration 002), so "superseded" records history;
 * the card in force on a date is resolved by dates alone:
 *
 *   among approved and superseded versions with effectiveFrom <= D and (effectiveTo null or
 *   >= D), the one with the latest effectiveFrom, the highest version breaking a tie.
 *
 * So a superseded version still prices placements dated before its successor takes over, and
 * withdrawing a version hands its dates back to whichever version covered them before.
 *
 * Approved content never changes, so parsed cards are cached in memory by (organisation, id,
 * version); lifecycle fields (status, supersededBy) are always read from the database.
 */
import type { Actor, AuditLog } from '../platform/audit/auditLog';
import { sqlState, type Database, type Queryable } from '../platform/db/database';
import { conflict, forbidden, invalid, notFound } from '../../../shared/src/errors';
import { actorOf } from '../platform/auth/organisations';
import type { Principal } from '../platform/auth/roles';
import { parseRateCard, type RateCard } from '../../../shared/src/rateCard';
import { CARD_STATUSES, type CardMeta, type CardStatus } from '../../../shared/src/apiContract';
import { InForceIndex, type VersionRange } from '../../../shared/src/inForce';
import { LIST_PAGE_MAX } from '../../../shared/src/contract/rateCards';
import { CoherentCache } from '../platform/cache/coherentCache';
import { versionKey, type CardLookup, type CardVersionRef } from '../calculation/service';

export { CARD_STATUSES, type CardStatus, type CardMeta };

export interface StoredCard {
  card: RateCard;
  meta: CardMeta;
}

interface CardRow {
  card_id: string;
  version: number;
  title: string;
  commissioner: string;
  status: CardStatus;
  effective_from: string;
  effective_to: string | null;
  created_by: string;
  created_by_name: string;
  created_at: Date;
  updated_by: string;
  updated_by_name: string;
  updated_at: Date;
  submitted_by_name: string | null;
  submitted_at: Date | null;
  approved_by_name: string | null;
  approved_at: Date | null;
  superseded_by: number | null;
  superseded_at: Date | null;
  withdrawn_by_name: string | null;
  withdrawn_at: Date | null;
  withdrawn_reason: string | null;
  derived_from: number | null;
  content?: unknown;
}

const iso = (t: Date | string | null) => (t === null ? null : new Date(t).toISOString());

const META_COLUMNS = `
  c.card_id, c.version, c.title, c.commissioner, c.status, c.effective_from, c.effective_to,
  c.created_by, cu.name AS created_by_name, c.created_at,
  c.updated_by, uu.name AS updated_by_name, c.updated_at,
  su.name AS submitted_by_name, c.submitted_at,
  au.name AS approved_by_name, c.approved_at,
  c.superseded_by, c.superseded_at,
  wu.name AS withdrawn_by_name, c.withdrawn_at, c.withdrawn_reason, c.derived_from`;

const FROM_CARDS = `
  FROM rate_cards c
  JOIN users cu ON cu.id = c.created_by
  JOIN users uu ON uu.id = c.updated_by
  LEFT JOIN users su ON su.id = c.submitted_by
  LEFT JOIN users au ON au.id = c.approved_by
  LEFT JOIN users wu ON wu.id = c.withdrawn_by`;

function toMeta(r: CardRow): CardMeta {
  return {
    id: r.card_id,
    version: Number(r.version),
    title: r.title,
    commissioner: r.commissioner,
    status: r.status,
    effectiveFrom: r.effective_from,
    effectiveTo: r.effective_to,
    createdBy: r.created_by_name,
    createdAt: iso(r.created_at)!,
    updatedBy: r.updated_by_name,
    updatedAt: iso(r.updated_at)!,
    submittedBy: r.submitted_by_name,
    submittedAt: iso(r.submitted_at),
    approvedBy: r.approved_by_name,
    approvedAt: iso(r.approved_at),
    supersededBy: r.superseded_by === null ? null : Number(r.superseded_by),
    supersededAt: iso(r.superseded_at),
    withdrawnBy: r.withdrawn_by_name,
    withdrawnAt: iso(r.withdrawn_at),
    withdrawnReason: r.withdrawn_reason,
    derivedFrom: r.derived_from === null ? null : Number(r.derived_from),
  };
}

/** Statuses whose content can no longer change (the database enforces it). */
const FROZEN: ReadonlySet<CardStatus> = new Set(['approved', 'superseded', 'withdrawn']);

const describe = (id: string, version: number) => `rate card ${id} version ${version}`;

export class RateCardRepository {
  private readonly cache = new Map<string, RateCard>();
  /**
   * Frozen versions' status lines read outside a transaction: the hot GET path. A write here
   * forgets them once it commits; another instance's write (a withdrawal) is honoured within
   * the cache's TTL (CACHE_TTL_MS, 1 s). What is in force is never cached (versionRanges).
   */
  private readonly frozen = new CoherentCache<StoredCard>();

  constructor(
    private readonly db: Database,
    private readonly audit: AuditLog,
  ) {}

  /**
   * One page of the organisation's versions, by id then version, from just after `after`;
   * `next` is the last one's position when there may be more.
   */
  async list(
    organisationId: string,
    page: { limit: number; after?: CardVersionRef } = { limit: LIST_PAGE_MAX },
  ): Promise<{ items: CardMeta[]; next: CardVersionRef | null }> {
    const { rows } = await this.db.query<CardRow>(
      `SELECT ${META_COLUMNS} ${FROM_CARDS}
        WHERE c.organisation_id = $1 AND ($2::text IS NULL OR (c.card_id, c.version) > ($2, $3::int))
        ORDER BY c.card_id, c.version LIMIT $4`,
      [organisationId, page.after?.id ?? null, page.after?.version ?? 0, page.limit + 1],
    );
    const items = rows.slice(0, page.limit).map(toMeta);
    const last = items[items.length - 1];
    return {
      items,
      next: rows.length > page.limit && last ? { id: last.id, version: last.version } : null,
    };
  }

  async getVersion(organisationId: string, id: string, version: number): Promise<StoredCard> {
    const found = await this.fetch(this.db, organisationId, id, version);
    if (!found) throw notFound(`no ${describe(id, version)}`);
    return found;
  }

  /** The one approved (or superseded) version in force on date, or 404. */
  async inForce(organisationId: string, id: string, date: string): Promise<StoredCard> {
    const ranges = await this.versionRanges(organisationId, [id]);
    const version = new InForceIndex(ranges).versionOn(id, date);
    if (version === undefined) {
      const exists = await this.db.query(
        'SELECT 1 FROM rate_cards WHERE organisation_id = $1 AND card_id = $2 LIMIT 1',
        [organisationId, id],
      );
      throw notFound(
        exists.rows.length
          ? `no approved version of rate card ${id} is in force on ${date}`
          : `no rate card ${id}`,
        ['date'],
      );
    }
    return this.getVersion(organisationId, id, version);
  }

  /**
   * Every approved and superseded version of a family, oldest first, with its effective range:
   * what a client needs to decide for itself which version is in force on any date (the rule
   * in shared/src/inForce.ts). A family with no approved version yet has none; no family is 404.
   */
  async family(organisationId: string, id: string): Promise<StoredCard[]> {
    const ranges = await this.versionRanges(organisationId, [id]);
    if (ranges.length === 0) {
      const exists = await this.db.query(
        'SELECT 1 FROM rate_cards WHERE organisation_id = $1 AND card_id = $2 LIMIT 1',
        [organisationId, id],
      );
      if (!exists.rows.length) throw notFound(`no rate card ${id}`, ['id']);
      return [];
    }
    const versions = ranges.map((r) => r.version).sort((a, b) => a - b);
    return Promise.all(versions.map((v) => this.getVersion(organisationId, id, v)));
  }

  /**
   * The effective ranges of these families' approved and superseded versions: one query for
   * any number of families, read fresh every time (a withdrawal or approval on another
   * instance moves what is in force at once).
   */
  async versionRanges(organisationId: string, ids: readonly string[]): Promise<VersionRange[]> {
    const { rows } = await this.db.query<{
      card_id: string;
      version: number;
      effective_from: string;
      effective_to: string | null;
    }>(
      `SELECT card_id, version, effective_from, effective_to FROM rate_cards
        WHERE organisation_id = $1 AND card_id IN (SELECT json_array_elements_text($2::json))
          AND status IN ('approved', 'superseded')`,
      [organisationId, JSON.stringify(ids)],
    );
    return rows.map((r) => ({
      id: r.card_id,
      version: Number(r.version),
      effectiveFrom: r.effective_from,
      effectiveTo: r.effective_to,
    }));
  }

  /**
   * The content of many versions (any status), by `versionKey`, in one query; approved
   * content, which never changes, comes from memory.
   */
  async contents(
    organisationId: string,
    refs: readonly CardVersionRef[],
  ): Promise<Map<string, RateCard>> {
    const found = new Map<string, RateCard>();
    const missing: CardVersionRef[] = [];
    for (const r of refs) {
      const cached = this.cache.get(cacheKey(organisationId, r.id, r.version));
      if (cached) found.set(versionKey(r.id, r.version), cached);
      else missing.push(r);
    }
    if (missing.length === 0) return found;
    const { rows } = await this.db.query<{
      card_id: string;
      version: number;
      status: CardStatus;
      content: unknown;
    }>(
      `SELECT c.card_id, c.version, c.status, c.content
         FROM rate_cards c JOIN json_to_recordset($2::json) AS w(id text, version int)
           ON c.card_id = w.id AND c.version = w.version
        WHERE c.organisation_id = $1`,
      [organisationId, JSON.stringify(missing)],
    );
    for (const r of rows) {
      const version = Number(r.version);
      const card = parseRateCard(r.content);
      if (FROZEN.has(r.status)) this.cache.set(cacheKey(organisationId, r.card_id, version), card);
      found.set(versionKey(r.card_id, version), card);
    }
    return found;
  }

  /** One organisation's cards as the calculation service looks them up. */
  lookup(organisationId: string): CardLookup {
    return {
      versions: (refs) => this.contents(organisationId, refs),
      ranges: (ids) => this.versionRanges(organisationId, ids),
    };
  }

  /** A new draft: the next version of the family named by the card's id (version 1 for a new family). */
  async createDraft(
    principal: Principal,
    input: unknown,
    derivedFrom: number | null = null,
  ): Promise<StoredCard> {
    // Checked before the transaction: a bad card never takes a lock.
    const draft = parseRateCard({ ...withoutVersion(input), version: 1 });
    return this.write(async (tx) => {
      const id = draft.id;
      // One new version of a family at a time, on every instance: the family's advisory lock
      // (held to commit) makes a second writer wait, and its next statement sees the first's
      // number, so concurrent drafts are numbered in turn instead of refused.
      await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
        `rate_card/${principal.organisationId}/${id}`,
      ]);
      const { rows } = await tx.query<{ version: number | null }>(
        'SELECT max(version) AS version FROM rate_cards WHERE organisation_id = $1 AND card_id = $2',
        [principal.organisationId, id],
      );
      const version = Number(rows[0]?.version ?? 0) + 1;
      const card: RateCard = { ...draft, version };
      await tx.query(
        `INSERT INTO rate_cards (organisation_id, card_id, version, title, commissioner, effective_from, effective_to,
                                 content, status, created_by, updated_by, derived_from)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, 'draft', $9, $9, $10)`,
        [
          principal.organisationId,
          card.id,
          card.version,
          card.title,
          card.commissioner,
          card.effectiveFrom,
          card.effectiveTo ?? null,
          JSON.stringify(card),
          principal.userId,
          derivedFrom,
        ],
      );
      await this.audit.record(tx, actorOf(principal), {
        action: derivedFrom === null ? 'rate_card.create' : 'rate_card.uplift',
        entityType: 'rate_card',
        entityId: `${card.id}/${card.version}`,
        after: card,
      });
      return this.mustFetch(tx, principal.organisationId, card.id, card.version);
    });
  }

  /** Replace a draft's content. Only drafts are editable. */
  async updateDraft(
    principal: Principal,
    id: string,
    version: number,
    input: unknown,
  ): Promise<StoredCard> {
    const body = (
      typeof input === 'object' && input !== null && !Array.isArray(input) ? input : {}
    ) as Record<string, unknown>;
    if (body.id !== undefined && body.id !== id) {
      throw invalid(`id: the body's id "${String(body.id)}" is not the card in the URL (${id})`, [
        'id',
      ]);
    }
    if (body.version !== undefined && body.version !== version) {
      throw invalid(`version: the body's version is not the version in the URL (${version})`, [
        'version',
      ]);
    }
    const card = parseRateCard({ ...body, id, version });
    return this.write(async (tx) => {
      const before = await this.lockRow(tx, principal.organisationId, id, version);
      if (before.status !== 'draft')
        throw conflict(`${describe(id, version)} is ${before.status}; only a draft can be edited`);
      await tx.query(
        `UPDATE rate_cards SET title = $4, commissioner = $5, effective_from = $6, effective_to = $7, content = $8::jsonb,
                updated_by = $9, updated_at = clock_timestamp()
          WHERE organisation_id = $1 AND card_id = $2 AND version = $3 AND status = 'draft'`,
        [
          principal.organisationId,
          id,
          version,
          card.title,
          card.commissioner,
          card.effectiveFrom,
          card.effectiveTo ?? null,
          JSON.stringify(card),
          principal.userId,
        ],
      );
      await this.audit.record(tx, actorOf(principal), {
        action: 'rate_card.update',
        entityType: 'rate_card',
        entityId: `${id}/${version}`,
        before: before.content,
        after: card,
      });
      return this.mustFetch(tx, principal.organisationId, id, version);
    });
  }

  async submit(principal: Principal, id: string, version: number): Promise<StoredCard> {
    return this.write(async (tx) => {
      const before = await this.lockRow(tx, principal.organisationId, id, version);
      if (before.status !== 'draft')
        throw conflict(
          `${describe(id, version)} is ${before.status}; only a draft can be submitted`,
        );
      await tx.query(
        `UPDATE rate_cards SET status = 'submitted', submitted_by = $4, submitted_at = clock_timestamp()
          WHERE organisation_id = $1 AND card_id = $2 AND version = $3 AND status = 'draft'`,
        [principal.organisationId, id, version, principal.userId],
      );
      await this.audit.record(tx, actorOf(principal), {
        action: 'rate_card.submit',
        entityType: 'rate_card',
        entityId: `${id}/${version}`,
        before: { status: 'draft' },
        after: { status: 'submitted' },
      });
      return this.mustFetch(tx, principal.organisationId, id, version);
    });
  }

  /**
   * submitted -> approved, by someone other than its author and last editor. Of concurrent
   * approvals exactly one succeeds: the update is conditional on the status still being
   * 'submitted', and the family's rows are locked for the supersession that follows.
   */
  async approve(principal: Principal, id: string, version: number): Promise<StoredCard> {
    return this.write(async (tx) => {
      await tx.query(
        'SELECT version FROM rate_cards WHERE organisation_id = $1 AND card_id = $2 FOR UPDATE',
        [principal.organisationId, id],
      );
      const before = await this.lockRow(tx, principal.organisationId, id, version);
      if (before.created_by === principal.userId || before.updated_by === principal.userId) {
        throw forbidden(
          `you wrote or last edited ${describe(id, version)}; someone else must approve it`,
          'FOUR_EYES',
        );
      }
      const { rows } = await tx.query<{ effective_from: string }>(
        `UPDATE rate_cards SET status = 'approved', approved_by = $4, approved_at = clock_timestamp()
          WHERE organisation_id = $1 AND card_id = $2 AND version = $3 AND status = 'submitted'
          RETURNING effective_from`,
        [principal.organisationId, id, version, principal.userId],
      );
      const approved = rows[0];
      if (!approved)
        throw conflict(
          `${describe(id, version)} is ${before.status}; only a submitted card can be approved`,
        );
      const superseded = await tx.query<{ version: number }>(
        `UPDATE rate_cards SET status = 'superseded', superseded_by = $3, superseded_at = clock_timestamp()
          WHERE organisation_id = $1 AND card_id = $2 AND status = 'approved' AND version <> $3 AND effective_from <= $4
          RETURNING version`,
        [principal.organisationId, id, version, approved.effective_from],
      );
      const actor = actorOf(principal);
      await this.audit.record(tx, actor, {
        action: 'rate_card.approve',
        entityType: 'rate_card',
        entityId: `${id}/${version}`,
        before: { status: 'submitted' },
        after: { status: 'approved' },
      });
      for (const s of superseded.rows) {
        await this.audit.record(tx, actor, {
          action: 'rate_card.supersede',
          entityType: 'rate_card',
          entityId: `${id}/${Number(s.version)}`,
          before: { status: 'approved' },
          after: { status: 'superseded', supersededBy: version },
        });
      }
      return this.mustFetch(tx, principal.organisationId, id, version);
    });
  }

  /** Any version not already withdrawn -> withdrawn. A withdrawn version is never in force. */
  async withdraw(
    principal: Principal,
    id: string,
    version: number,
    reason: string | null,
  ): Promise<StoredCard> {
    return this.write(async (tx) => {
      const before = await this.lockRow(tx, principal.organisationId, id, version);
      if (before.status === 'withdrawn')
        throw conflict(`${describe(id, version)} is already withdrawn`);
      await tx.query(
        `UPDATE rate_cards SET status = 'withdrawn', withdrawn_by = $4, withdrawn_at = clock_timestamp(), withdrawn_reason = $5
          WHERE organisation_id = $1 AND card_id = $2 AND version = $3 AND status <> 'withdrawn'`,
        [principal.organisationId, id, version, principal.userId, reason],
      );
      await this.audit.record(tx, actorOf(principal), {
        action: 'rate_card.withdraw',
        entityType: 'rate_card',
        entityId: `${id}/${version}`,
        before: { status: before.status },
        after: { status: 'withdrawn', reason },
      });
      return this.mustFetch(tx, principal.organisationId, id, version);
    });
  }

  /** Forget cached cards (tests that reopen a database). */
  clearCache(): void {
    this.cache.clear();
    this.frozen.invalidate();
  }

  private async write<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    try {
      return await this.db.transaction(fn);
    } catch (e) {
      // Two drafts of one new family created at the same moment: the loser retries cleanly.
      if (sqlState(e) === '23505')
        throw conflict('another change to this rate card happened at the same time; try again');
      throw e;
    } finally {
      // After the commit (or rollback): a status moved (approved → superseded, withdrawn), so no
      // read may see the old line; a read racing this one cannot store it again (stamp).
      this.frozen.invalidate();
    }
  }

  private async lockRow(tx: Queryable, organisationId: string, id: string, version: number) {
    const { rows } = await tx.query<{
      status: CardStatus;
      created_by: string;
      updated_by: string;
      content: unknown;
    }>(
      `SELECT status, created_by, updated_by, content FROM rate_cards
        WHERE organisation_id = $1 AND card_id = $2 AND version = $3 FOR UPDATE`,
      [organisationId, id, version],
    );
    const row = rows[0];
    if (!row) throw notFound(`no ${describe(id, version)}`);
    return row;
  }

  private async mustFetch(
    q: Queryable,
    organisationId: string,
    id: string,
    version: number,
  ): Promise<StoredCard> {
    const found = await this.fetch(q, organisationId, id, version);
    if (!found) throw new Error(`${describe(id, version)} vanished inside its own transaction`);
    return found;
  }

  private async fetch(
    q: Queryable,
    organisationId: string,
    id: string,
    version: number,
  ): Promise<StoredCard | null> {
    const key = cacheKey(organisationId, id, version);
    const outsideTransaction = q === this.db;
    if (outsideTransaction) {
      const hit = this.frozen.get(key);
      if (hit) return hit;
    }
    const stamp = this.frozen.stamp();
    const cached = this.cache.get(key);
    const { rows } = await q.query<CardRow>(
      `SELECT ${META_COLUMNS}${cached ? '' : ', c.content'} ${FROM_CARDS}
        WHERE c.organisation_id = $1 AND c.card_id = $2 AND c.version = $3`,
      [organisationId, id, version],
    );
    const row = rows[0];
    if (!row) return null;
    const meta = toMeta(row);
    const card = cached ?? parseRateCard(row.content);
    const stored = { card, meta };
    if (FROZEN.has(meta.status) && meta.approvedAt) {
      this.cache.set(key, card);
      if (outsideTransaction) this.frozen.set(key, stored, stamp);
    }
    return stored;
  }
}

const cacheKey = (organisationId: string, id: string, version: number) =>
  `${organisationId}\u0000${id}\u0000${version}`;

function withoutVersion(input: unknown): Record<string, unknown> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw invalid('the body must be a rate card object');
  }
  // The service numbers versions; a version sent with a new draft is ignored.
  const rest = { ...(input as Record<string, unknown>) };
  delete rest.version;
  return rest;
}

export const systemActor: Actor = { id: null, name: 'system', organisationId: null };
export { FROZEN as FROZEN_STATUSES };
