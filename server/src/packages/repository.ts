/**
 * The care-package chain over either database driver: requirements, offers, awards, service
 * agreements, variations and receipts. Every change is written with its audit entry in one
 * transaction; rows that a race could change (a requirement being offered on or awarded, an
 * agreement being receipted) are locked with FOR UPDATE first, so two awards of one
 * requirement cannot both win.
 */
import { randomUUID } from 'node:crypto';
import type { Actor, AuditLog } from '../platform/audit/auditLog';
import { actorOf } from '../platform/auth/organisations';
import type { Principal } from '../platform/auth/roles';
import { sqlState, type Database, type Queryable } from '../platform/db/database';
import { auditedWrite, oneInOrg } from '../platform/db/records';
import { HttpError, badRequest, conflict, notFoundError } from '../platform/http/errors';
import {
  awardPackage,
  DEFAULT_CAPABILITY_MAX,
  type AwardConfig,
} from '../../../shared/src/packageAward';
import { needsLedCost } from '../../../shared/src/needsLedCost';
import {
  costOfDays,
  receiptPeriods,
  type AgreementTerms,
  type PriceStep,
} from '../../../shared/src/serviceReceipts';
import { checkThirdPartyContribution, type TpcInput } from '../../../shared/src/tpc';
import { CareFeeError } from '../../../shared/src/errors';
import { fncRate } from '../../../shared/src/indices';
import { Decimal, formatPounds } from '../../../shared/src/money';
import type {
  Agreement,
  FundingSplit,
  Offer,
  PackageSettings,
  Receipt,
  ReceiptStatus,
  Requirement,
  Variation,
  VariationStatus,
} from './model';
import type { ProviderStandings } from './providerStanding';
import type {
  AwardInput,
  CreateRequirementInput,
  FundingSplitInput,
  FundingStream,
  OfferInput,
} from '../../../shared/src/contract/packages';

/** A provider acting through its portal link. */
export interface ProviderActor {
  organisationId: string;
  providerId: string;
  linkId: string;
}

const providerActor = (p: ProviderActor): Actor => ({
  id: null,
  name: `provider ${p.providerId} (portal link ${p.linkId})`,
  organisationId: p.organisationId,
});

export const DEFAULT_SETTINGS: PackageSettings = {
  award: { rule: 'quality-price' },
  fourWeeklyAnchor: '2024-03-31',
};

const iso = (t: Date | string | null): string | null =>
  t === null ? null : new Date(t).toISOString();
const unprocessable = (message: string, path: ReadonlyArray<string | number> = []) =>
  new HttpError(422, 'NOT_ALLOWED', message, path);
const money = (v: string | number) => new Decimal(v).toFixed(2);

const DATE = (c: string) => `to_char(${c}, 'YYYY-MM-DD') AS ${c}`;

const REQUIREMENT_COLUMNS = `id, person_reference, needs, shared_summary, category, area, ${DATE('start_date')},
  ${DATE('end_date')}, funding, closes_at, questions, indicative, invited, status, award, awarded_at, created_at`;
const OFFER_COLUMNS = `id, requirement_id, provider_id, revision, weekly_price::text AS weekly_price, breakdown,
  answers, status, offered_at`;
const AGREEMENT_COLUMNS = `id, requirement_id, offer_id, provider_id, location_id, person_reference, category,
  funding, ${DATE('start_date')}, ${DATE('end_date')}, weekly_price::text AS weekly_price, price_provenance,
  funding_split, receipt_frequency, status, responded_at, decline_reason, import_key, created_at`;
const VARIATION_COLUMNS = `id, agreement_id, ${DATE('effective_from')}, weekly_price::text AS weekly_price, reason,
  status, review_id, requested_at, approved_at, completed_at`;
const RECEIPT_COLUMNS = `id, agreement_id, provider_id, ${DATE('period_start')}, ${DATE('period_end')},
  amount::text AS amount, lines, status, raised_at, submitted_at, disputed_at, dispute_reason, approved_at,
  invoiced_at, invoice_reference, paid_at`;

type Row = Record<string, unknown>;
const s = (v: unknown) => v as string;
const sOrNull = (v: unknown) => (v === null || v === undefined ? null : String(v));

function toRequirement(r: Row): Requirement {
  return {
    id: s(r.id),
    personReference: s(r.person_reference),
    needs: r.needs,
    specialistNeeds: s((r.needs as { specialistNeeds?: string })?.specialistNeeds ?? ''),
    sharedSummary: s(r.shared_summary),
    category: s(r.category),
    area: s(r.area),
    startDate: s(r.start_date),
    endDate: sOrNull(r.end_date),
    funding: r.funding as FundingStream,
    closesAt: iso(r.closes_at as Date)!,
    questions: r.questions as Requirement['questions'],
    indicative: (r.indicative ?? null) as Requirement['indicative'],
    invitedProviders: (r.invited ?? null) as string[] | null,
    status: r.status as Requirement['status'],
    award: (r.award ?? null) as Requirement['award'],
    awardedAt: iso(r.awarded_at as Date | null),
    createdAt: iso(r.created_at as Date)!,
  };
}

function toOffer(r: Row): Offer {
  return {
    id: s(r.id),
    requirementId: s(r.requirement_id),
    providerId: s(r.provider_id),
    revision: Number(r.revision),
    weeklyPrice: money(s(r.weekly_price)),
    breakdown: (r.breakdown ?? null) as Offer['breakdown'],
    answers: r.answers as Offer['answers'],
    status: r.status as Offer['status'],
    offeredAt: iso(r.offered_at as Date)!,
  };
}

function toAgreement(r: Row): Agreement {
  return {
    id: s(r.id),
    requirementId: sOrNull(r.requirement_id),
    offerId: sOrNull(r.offer_id),
    providerId: s(r.provider_id),
    locationId: sOrNull(r.location_id),
    personReference: s(r.person_reference),
    category: s(r.category),
    funding: r.funding as FundingStream,
    startDate: s(r.start_date),
    endDate: sOrNull(r.end_date),
    weeklyPrice: money(s(r.weekly_price)),
    priceProvenance: r.price_provenance,
    fundingSplit: r.funding_split as FundingSplit,
    receiptFrequency: r.receipt_frequency as Agreement['receiptFrequency'],
    status: r.status as Agreement['status'],
    respondedAt: iso(r.responded_at as Date | null),
    declineReason: sOrNull(r.decline_reason),
    importKey: sOrNull(r.import_key),
    createdAt: iso(r.created_at as Date)!,
  };
}

function toVariation(r: Row): Variation {
  return {
    id: s(r.id),
    agreementId: s(r.agreement_id),
    effectiveFrom: s(r.effective_from),
    weeklyPrice: money(s(r.weekly_price)),
    reason: s(r.reason),
    status: r.status as VariationStatus,
    reviewId: sOrNull(r.review_id),
    requestedAt: iso(r.requested_at as Date)!,
    approvedAt: iso(r.approved_at as Date | null),
    completedAt: iso(r.completed_at as Date | null),
  };
}

function toReceipt(r: Row): Receipt {
  return {
    id: s(r.id),
    agreementId: s(r.agreement_id),
    providerId: s(r.provider_id),
    periodStart: s(r.period_start),
    periodEnd: s(r.period_end),
    amount: money(s(r.amount)),
    lines: r.lines as Receipt['lines'],
    status: r.status as ReceiptStatus,
    raisedAt: iso(r.raised_at as Date)!,
    submittedAt: iso(r.submitted_at as Date | null),
    disputedAt: iso(r.disputed_at as Date | null),
    disputeReason: sOrNull(r.dispute_reason),
    approvedAt: iso(r.approved_at as Date | null),
    invoicedAt: iso(r.invoiced_at as Date | null),
    invoiceReference: sOrNull(r.invoice_reference),
    paidAt: iso(r.paid_at as Date | null),
  };
}

/**
 * An agreement's prices: the agreed price from the start, then each completed variation's from
 * its date (a later variation on the same date replaces an earlier one).
 */
export function agreementTerms(
  a: Pick<Agreement, 'startDate' | 'endDate' | 'weeklyPrice'>,
  completed: ReadonlyArray<Pick<Variation, 'effectiveFrom' | 'weeklyPrice'>>,
): AgreementTerms {
  const byDate = new Map<string, string>([[a.startDate, a.weeklyPrice]]);
  for (const v of completed) byDate.set(v.effectiveFrom, v.weeklyPrice);
  const prices: PriceStep[] = [...byDate]
    .map(([from, weekly]) => ({ from, weekly }))
    .sort((x, y) => (x.from < y.from ? -1 : 1));
  return { start: a.startDate, end: a.endDate, prices };
}

/** The weekly shares of the price, checked: they must add up to it, and any top-up be allowed. */
export function buildFundingSplit(
  funding: FundingStream,
  weekly: string,
  startDate: string,
  input: FundingSplitInput | undefined,
): FundingSplit {
  const given = input ?? {
    councilNet: funding === 'council' ? weekly : '0.00',
    clientContribution: '0.00',
    chcShare: funding === 'chc' ? weekly : '0.00',
    jointNhsShare: '0.00',
    fnc: false,
  };
  if (!input && funding === 'joint')
    throw badRequest('a jointly funded agreement needs its fundingSplit (each share a week)', [
      'fundingSplit',
    ]);
  const sum = [given.councilNet, given.clientContribution, given.chcShare, given.jointNhsShare]
    .map((v) => new Decimal(v))
    .reduce((a, b) => a.plus(b));
  if (!sum.eq(weekly)) {
    throw badRequest(
      `the shares (council net + client contribution + CHC + joint NHS) add up to ${formatPounds(sum)}, not the weekly price ${money(weekly)}`,
      ['fundingSplit'],
    );
  }
  let thirdParty: FundingSplit['thirdParty'] = null;
  if (input?.thirdParty) {
    const at = ['fundingSplit', 'thirdParty', 'conditions'];
    let check: ReturnType<typeof checkThirdPartyContribution>;
    try {
      check = checkThirdPartyContribution({
        ...(input.thirdParty.conditions as Omit<TpcInput, 'chcFunded'>),
        chcFunded: funding === 'chc',
      });
    } catch (e) {
      if (e instanceof CareFeeError) throw badRequest(e.message, [...at, ...e.path]);
      throw e;
    }
    if (!check.allowed) {
      throw unprocessable(
        `the third-party top-up is not allowed: ${check.failed.map((f) => f.message).join('; ')}`,
        at,
      );
    }
    thirdParty = {
      weekly: money(input.thirdParty.weekly),
      writtenAgreementReference: input.thirdParty.writtenAgreementReference,
      conditions: input.thirdParty.conditions,
    };
  }
  const fnc = given.fnc ? fncRate(startDate) : null;
  return {
    councilNet: money(given.councilNet),
    clientContribution: money(given.clientContribution),
    chcShare: money(given.chcShare),
    jointNhsShare: money(given.jointNhsShare),
    fnc: fnc ? { weekly: money(fnc.value), rateFrom: fnc.date } : null,
    thirdParty,
  };
}

/**
 * Each live offer's capability share under the quality-price rule: the commissioner's scores of
 * its answers to the requirement's scored questions over the most they could be. Every offer
 * needs a score for every scored question (400 at capabilityScores naming the first missing);
 * none when the requirement has no scored questions or the rule is another.
 */
export function capabilityShares(
  r: Requirement,
  offers: readonly Offer[],
  settings: PackageSettings,
  input: AwardInput,
): Map<string, string> | null {
  const scored = r.questions.filter((q) => q.kind === 'scored');
  if (settings.award.rule !== 'quality-price' || scored.length === 0) {
    if (input.capabilityScores.length)
      throw badRequest(
        settings.award.rule === 'quality-price'
          ? 'this requirement has no scored capability questions'
          : `the ${settings.award.rule} rule does not score capability questions`,
        ['capabilityScores'],
      );
    return null;
  }
  const max = settings.award.capabilityMax ?? DEFAULT_CAPABILITY_MAX;
  const given = new Map<string, number>();
  input.capabilityScores.forEach((c, i) => {
    const at = ['capabilityScores', i];
    if (!offers.some((o) => o.id === c.offerId))
      throw badRequest(`offer ${c.offerId} is not a live offer on this requirement`, [
        ...at,
        'offerId',
      ]);
    if (!scored.some((q) => q.id === c.questionId))
      throw badRequest(`"${c.questionId}" is not a scored question of this requirement`, [
        ...at,
        'questionId',
      ]);
    if (c.score > max)
      throw badRequest(`a score is from 0 to ${max}, got ${c.score}`, [...at, 'score']);
    const key = `${c.offerId} ${c.questionId}`;
    if (given.has(key))
      throw badRequest(`offer ${c.offerId} is scored twice on "${c.questionId}"`, at);
    given.set(key, c.score);
  });
  const shares = new Map<string, string>();
  for (const o of offers) {
    let sum = 0;
    for (const q of scored) {
      const score = given.get(`${o.id} ${q.id}`);
      if (score === undefined)
        throw badRequest(
          `score offer ${o.id} on the capability question "${q.id}" (0 to ${max}) before awarding`,
          ['capabilityScores'],
        );
      sum += score;
    }
    shares.set(o.id, new Decimal(sum).div(scored.length * max).toString());
  }
  return shares;
}

export class PackageRepository {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditLog,
    private readonly standings: ProviderStandings,
  ) {}

  // ----- settings ------------------------------------------------------------------------------

  async settings(organisationId: string, q: Queryable = this.db): Promise<PackageSettings> {
    const { rows } = await q.query<Row>(
      `SELECT award, ${DATE('four_weekly_anchor')} FROM package_settings WHERE organisation_id = $1`,
      [organisationId],
    );
    const r = rows[0];
    return r
      ? { award: r.award as AwardConfig, fourWeeklyAnchor: s(r.four_weekly_anchor) }
      : DEFAULT_SETTINGS;
  }

  async saveSettings(
    principal: Principal,
    input: { award: AwardConfig; fourWeeklyAnchor?: string | undefined },
  ): Promise<PackageSettings> {
    const anchor = input.fourWeeklyAnchor ?? DEFAULT_SETTINGS.fourWeeklyAnchor;
    receiptPeriods({ start: anchor, end: anchor }, 'four-weekly', anchor, anchor);
    return this.db.transaction(async (tx) => {
      return auditedWrite(tx, this.audit, actorOf(principal), {
        action: 'package-settings.save',
        entityType: 'package-settings',
        entityId: principal.organisationId,
        before: await this.settings(principal.organisationId, tx),
        write: () =>
          tx.query(
            `INSERT INTO package_settings (organisation_id, award, four_weekly_anchor) VALUES ($1, $2::jsonb, $3)
             ON CONFLICT (organisation_id) DO UPDATE SET award = EXCLUDED.award, four_weekly_anchor = EXCLUDED.four_weekly_anchor`,
            [principal.organisationId, JSON.stringify(input.award), anchor],
          ),
        read: () => this.settings(principal.organisationId, tx),
      });
    });
  }

  // ----- requirements --------------------------------------------------------------------------

  async createRequirement(
    principal: Principal,
    input: CreateRequirementInput,
  ): Promise<Requirement> {
    const indicative = input.indicativeCost
      ? { input: input.indicativeCost, cost: needsLedCost(input.indicativeCost) }
      : null;
    const id = randomUUID();
    return this.db.transaction(async (tx) => {
      const write = () =>
        tx.query(
          `INSERT INTO package_requirements (id, organisation_id, person_reference, needs, shared_summary, category, area,
           start_date, end_date, funding, closes_at, questions, indicative, invited, created_by)
         VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7, $8, $9, $10, $11, $12::jsonb, $13::jsonb, $14::jsonb, $15)`,
          [
            id,
            principal.organisationId,
            input.personReference,
            JSON.stringify({ ...input.needs, specialistNeeds: input.specialistNeeds }),
            input.sharedSummary,
            input.category,
            input.area,
            input.startDate,
            input.endDate,
            input.funding,
            input.closesAt,
            JSON.stringify(input.questions),
            indicative ? JSON.stringify(indicative) : null,
            input.invitedProviders ? JSON.stringify(input.invitedProviders) : null,
            principal.userId,
          ],
        );
      return auditedWrite(tx, this.audit, actorOf(principal), {
        action: 'requirement.create',
        entityType: 'requirement',
        entityId: id,
        write,
        read: () => this.getRequirement(principal.organisationId, id, tx),
      });
    });
  }

  async listRequirements(organisationId: string, status?: string): Promise<Requirement[]> {
    const { rows } = await this.db.query<Row>(
      `SELECT ${REQUIREMENT_COLUMNS} FROM package_requirements
        WHERE organisation_id = $1 AND ($2::text IS NULL OR status = $2) ORDER BY created_at DESC`,
      [organisationId, status ?? null],
    );
    return rows.map(toRequirement);
  }

  async getRequirement(
    organisationId: string,
    id: string,
    q: Queryable = this.db,
    lock = false,
  ): Promise<Requirement> {
    return toRequirement(
      await oneInOrg<Row>(q, {
        table: 'package_requirements',
        orgId: organisationId,
        id,
        columns: REQUIREMENT_COLUMNS,
        lock,
        what: 'requirement',
        path: ['params', 'id'],
      }),
    );
  }

  /** Close a requirement to offers now (before its closing time), so it can be awarded. */
  async closeRequirement(principal: Principal, id: string, now = new Date()): Promise<Requirement> {
    return this.db.transaction(async (tx) => {
      const before = await this.getRequirement(principal.organisationId, id, tx, true);
      if (before.status !== 'open') throw conflict(`requirement ${id} is ${before.status}`);
      if (Date.parse(before.closesAt) <= now.getTime()) return before;
      const { rows } = await tx.query<Row>(
        `UPDATE package_requirements SET closes_at = $2 WHERE id = $1 RETURNING ${REQUIREMENT_COLUMNS}`,
        [id, now.toISOString()],
      );
      const after = toRequirement(rows[0]!);
      await this.audit.record(tx, actorOf(principal), {
        action: 'requirement.close',
        entityType: 'requirement',
        entityId: id,
        before: { closesAt: before.closesAt },
        after: { closesAt: after.closesAt },
      });
      return after;
    });
  }

  async offers(organisationId: string, requirementId: string, onlyLive = false): Promise<Offer[]> {
    const { rows } = await this.db.query<Row>(
      `SELECT ${OFFER_COLUMNS} FROM package_offers WHERE organisation_id = $1 AND requirement_id = $2
        ${onlyLive ? "AND status = 'live'" : ''} ORDER BY offered_at, id`,
      [organisationId, requirementId],
    );
    return rows.map(toOffer);
  }

  // ----- provider side -------------------------------------------------------------------------

  /** Open requirements this provider may offer on (invited, or open to all). */
  async openForProvider(p: ProviderActor, now = new Date()): Promise<Requirement[]> {
    const { rows } = await this.db.query<Row>(
      `SELECT ${REQUIREMENT_COLUMNS} FROM package_requirements
        WHERE organisation_id = $1 AND status = 'open' AND closes_at > $2
          AND (invited IS NULL OR invited ? $3) ORDER BY closes_at`,
      [p.organisationId, now.toISOString(), p.providerId],
    );
    return rows.map(toRequirement);
  }

  async offersOfProvider(p: ProviderActor): Promise<Offer[]> {
    const { rows } = await this.db.query<Row>(
      `SELECT ${OFFER_COLUMNS} FROM package_offers WHERE organisation_id = $1 AND provider_id = $2
        ORDER BY offered_at DESC`,
      [p.organisationId, p.providerId],
    );
    return rows.map(toOffer);
  }

  /** Make or revise the provider's offer (a revision supersedes its live offer). */
  async submitOffer(
    p: ProviderActor,
    requirementId: string,
    input: OfferInput,
    now = new Date(),
  ): Promise<Offer> {
    try {
      return await this.db.transaction(async (tx) => {
        const r = await this.getRequirement(p.organisationId, requirementId, tx, true);
        if (r.invitedProviders && !r.invitedProviders.includes(p.providerId))
          throw notFoundError(`no requirement ${requirementId}`, ['params', 'id']);
        if (r.status !== 'open')
          throw unprocessable(`the requirement is ${r.status}`, ['params', 'id']);
        if (Date.parse(r.closesAt) <= now.getTime())
          throw unprocessable(`offers closed at ${r.closesAt}`, ['closesAt']);
        const standing = await this.standings.standingAsOf(
          p.organisationId,
          p.providerId,
          r.startDate,
          tx,
        );
        if (standing.suspended || standing.rating === 'Inadequate') {
          throw unprocessable(
            `provider ${p.providerId} is suspended from bidding${standing.reasons.length ? `: ${standing.reasons.join('; ')}` : ''}`,
            ['providerId'],
          );
        }
        r.questions.forEach((q) => {
          const i = input.answers.findIndex((a) => a.questionId === q.id);
          if (q.kind === 'mandatory' && (i < 0 || input.answers[i]!.answer !== true))
            throw badRequest(
              `question "${q.id}" is mandatory: the offer must meet it (answer true)`,
              ['answers', i < 0 ? input.answers.length : i, 'answer'],
            );
        });
        input.answers.forEach((a, i) => {
          if (!r.questions.some((q) => q.id === a.questionId))
            throw badRequest(`the requirement has no question "${a.questionId}"`, [
              'answers',
              i,
              'questionId',
            ]);
        });
        const { rows: live } = await tx.query<Row>(
          `UPDATE package_offers SET status = 'superseded'
            WHERE requirement_id = $1 AND provider_id = $2 AND status = 'live' RETURNING ${OFFER_COLUMNS}`,
          [requirementId, p.providerId],
        );
        const { rows: last } = await tx.query<{ n: number | null }>(
          'SELECT max(revision) AS n FROM package_offers WHERE requirement_id = $1 AND provider_id = $2',
          [requirementId, p.providerId],
        );
        const { rows } = await tx.query<Row>(
          `INSERT INTO package_offers (id, organisation_id, requirement_id, provider_id, revision, confirms_needs,
             weekly_price, breakdown, answers, offered_at)
           VALUES ($1, $2, $3, $4, $5, true, $6, $7::jsonb, $8::jsonb, $9) RETURNING ${OFFER_COLUMNS}`,
          [
            randomUUID(),
            p.organisationId,
            requirementId,
            p.providerId,
            Number(last[0]?.n ?? 0) + 1,
            input.weeklyPrice,
            input.breakdown ? JSON.stringify(input.breakdown) : null,
            JSON.stringify(input.answers),
            now.toISOString(),
          ],
        );
        const offer = toOffer(rows[0]!);
        await this.audit.record(tx, providerActor(p), {
          action: live[0] ? 'offer.revise' : 'offer.submit',
          entityType: 'offer',
          entityId: offer.id,
          before: live[0] ? toOffer(live[0]) : undefined,
          after: offer,
        });
        return offer;
      });
    } catch (e) {
      if (sqlState(e) === '23505')
        throw conflict('another offer from this provider arrived at the same time; try again');
      throw e;
    }
  }

  // ----- award ---------------------------------------------------------------------------------

  /**
   * Award a closed requirement by the organisation's rule and create the service agreement,
   * pending the provider's acceptance. The requirement row is locked and must still be open:
   * of two awards at once, the second finds it awarded and gets a 409.
   */
  async award(
    principal: Principal,
    requirementId: string,
    input: AwardInput,
    now = new Date(),
  ): Promise<{ requirement: Requirement; agreement: Agreement }> {
    const org = principal.organisationId;
    const settings = await this.settings(org);
    try {
      return await this.db.transaction(async (tx) => {
        const r = await this.getRequirement(org, requirementId, tx, true);
        if (r.status !== 'open')
          throw conflict(`requirement ${requirementId} is already ${r.status}`);
        if (Date.parse(r.closesAt) > now.getTime())
          throw unprocessable(
            `offers are open until ${r.closesAt}: close the requirement before awarding`,
            ['closesAt'],
          );
        const { rows: offerRows } = await tx.query<Row>(
          `SELECT ${OFFER_COLUMNS} FROM package_offers WHERE requirement_id = $1 AND status = 'live'
            ORDER BY offered_at, id`,
          [requirementId],
        );
        const offers = offerRows.map(toOffer);
        const standings = await Promise.all(
          offers.map((o) => this.standings.standingAsOf(org, o.providerId, r.startDate, tx)),
        );
        const capability = capabilityShares(r, offers, settings, input);
        const result = awardPackage(
          offers.map((o, i) => ({
            id: o.id,
            weeklyPrice: o.weeklyPrice,
            rating: standings[i]!.rating,
            suspended: standings[i]!.suspended,
            offeredAt: o.offeredAt,
            ...(capability ? { capability: capability.get(o.id)! } : {}),
          })),
          settings.award,
          input.citizenChoice ?? null,
        );
        const winner = offers.find((o) => o.id === result.winner)!;
        const standing = standings[offers.indexOf(winner)]!;
        const weekly = input.individualPrice?.weekly ?? winner.weeklyPrice;
        const provenance = {
          source: input.individualPrice ? 'individual' : 'offer',
          offerId: winner.id,
          offerRevision: winner.revision,
          offeredWeekly: winner.weeklyPrice,
          ratingAtAward: standing.rating,
          bronzeDeductionApplies: standing.bronzeDeductionApplies,
          indicativeWeekly: r.indicative?.cost.weekly ?? null,
          ...(input.individualPrice ? { reason: input.individualPrice.reason } : {}),
        };
        const split = buildFundingSplit(r.funding, weekly, r.startDate, input.fundingSplit);
        const agreementId = randomUUID();
        const { rows } = await tx.query<Row>(
          `INSERT INTO service_agreements (id, organisation_id, requirement_id, offer_id, provider_id, location_id,
             person_reference, category, funding, start_date, end_date, weekly_price, price_provenance, funding_split,
             receipt_frequency, status, created_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13::jsonb, $14::jsonb, $15, 'pending-acceptance', $16)
           RETURNING ${AGREEMENT_COLUMNS}`,
          [
            agreementId,
            org,
            requirementId,
            winner.id,
            winner.providerId,
            input.locationId ?? null,
            r.personReference,
            r.category,
            r.funding,
            r.startDate,
            r.endDate,
            weekly,
            JSON.stringify(provenance),
            JSON.stringify(split),
            input.receiptFrequency,
            principal.userId,
          ],
        );
        const agreement = toAgreement(rows[0]!);
        const award = { ...result, agreementId };
        const { rows: updated } = await tx.query<Row>(
          `UPDATE package_requirements SET status = 'awarded', award = $2::jsonb, awarded_at = $3
            WHERE id = $1 AND status = 'open' RETURNING ${REQUIREMENT_COLUMNS}`,
          [requirementId, JSON.stringify(award), now.toISOString()],
        );
        if (!updated[0]) throw conflict(`requirement ${requirementId} was awarded meanwhile`);
        const actor = actorOf(principal);
        await this.audit.record(tx, actor, {
          action: 'requirement.award',
          entityType: 'requirement',
          entityId: requirementId,
          after: award,
        });
        await this.audit.record(tx, actor, {
          action: 'agreement.create',
          entityType: 'agreement',
          entityId: agreementId,
          after: agreement,
        });
        return { requirement: toRequirement(updated[0]), agreement };
      });
    } catch (e) {
      if (sqlState(e) === '23505' || sqlState(e) === '40001')
        throw conflict(`requirement ${requirementId} was awarded meanwhile`);
      throw e;
    }
  }

  // ----- agreements ----------------------------------------------------------------------------

  async listAgreements(
    organisationId: string,
    filter: { providerId?: string; status?: string } = {},
  ): Promise<Agreement[]> {
    const { rows } = await this.db.query<Row>(
      `SELECT ${AGREEMENT_COLUMNS} FROM service_agreements
        WHERE organisation_id = $1 AND ($2::text IS NULL OR provider_id = $2) AND ($3::text IS NULL OR status = $3)
        ORDER BY created_at, id`,
      [organisationId, filter.providerId ?? null, filter.status ?? null],
    );
    return rows.map(toAgreement);
  }

  async getAgreement(
    organisationId: string,
    id: string,
    q: Queryable = this.db,
    lock = false,
  ): Promise<Agreement> {
    return toAgreement(
      await oneInOrg<Row>(q, {
        table: 'service_agreements',
        orgId: organisationId,
        id,
        columns: AGREEMENT_COLUMNS,
        lock,
        what: 'service agreement',
        path: ['params', 'id'],
      }),
    );
  }

  async variations(organisationId: string, agreementId: string, q: Queryable = this.db) {
    const { rows } = await q.query<Row>(
      `SELECT ${VARIATION_COLUMNS} FROM agreement_variations WHERE organisation_id = $1 AND agreement_id = $2
        ORDER BY effective_from, completed_at NULLS LAST, requested_at`,
      [organisationId, agreementId],
    );
    return rows.map(toVariation);
  }

  async terms(organisationId: string, agreement: Agreement, q: Queryable = this.db) {
    const vs = await this.variations(organisationId, agreement.id, q);
    return agreementTerms(
      agreement,
      vs.filter((v) => v.status === 'completed'),
    );
  }

  /** The provider accepts or declines an agreement pending its acceptance. */
  async respond(
    p: ProviderActor,
    agreementId: string,
    response: { accept: true } | { accept: false; reason: string },
    now = new Date(),
  ): Promise<Agreement> {
    return this.db.transaction(async (tx) => {
      const before = await this.getAgreement(p.organisationId, agreementId, tx, true);
      if (before.providerId !== p.providerId)
        throw notFoundError(`no service agreement ${agreementId}`, ['params', 'id']);
      if (before.status !== 'pending-acceptance')
        throw conflict(`the agreement is ${before.status}, not pending acceptance`);
      const { rows } = await tx.query<Row>(
        `UPDATE service_agreements SET status = $2, responded_at = $3, decline_reason = $4 WHERE id = $1
         RETURNING ${AGREEMENT_COLUMNS}`,
        [
          agreementId,
          response.accept ? 'active' : 'declined',
          now.toISOString(),
          response.accept ? null : response.reason,
        ],
      );
      const after = toAgreement(rows[0]!);
      await this.audit.record(tx, providerActor(p), {
        action: response.accept ? 'agreement.accept' : 'agreement.decline',
        entityType: 'agreement',
        entityId: agreementId,
        before: { status: before.status },
        after: { status: after.status, declineReason: after.declineReason },
      });
      return after;
    });
  }

  // ----- variations ----------------------------------------------------------------------------

  async requestVariation(
    principal: Principal,
    agreementId: string,
    input: { effectiveFrom: string; weeklyPrice: string; reason: string },
  ): Promise<Variation> {
    return this.db.transaction(async (tx) => {
      const a = await this.getAgreement(principal.organisationId, agreementId, tx, true);
      if (a.status === 'declined') throw conflict('the agreement was declined: it cannot vary');
      if (input.effectiveFrom < a.startDate)
        throw badRequest(`a variation cannot take effect before the start date ${a.startDate}`, [
          'effectiveFrom',
        ]);
      if (a.endDate && input.effectiveFrom > a.endDate)
        throw badRequest(`a variation cannot take effect after the end date ${a.endDate}`, [
          'effectiveFrom',
        ]);
      const { rows } = await tx.query<Row>(
        `INSERT INTO agreement_variations (id, organisation_id, agreement_id, effective_from, weekly_price, reason,
           status, requested_by) VALUES ($1, $2, $3, $4, $5, $6, 'pending-approval', $7) RETURNING ${VARIATION_COLUMNS}`,
        [
          randomUUID(),
          principal.organisationId,
          agreementId,
          input.effectiveFrom,
          input.weeklyPrice,
          input.reason,
          principal.userId,
        ],
      );
      const v = toVariation(rows[0]!);
      await this.audit.record(tx, actorOf(principal), {
        action: 'variation.request',
        entityType: 'variation',
        entityId: v.id,
        after: v,
      });
      return v;
    });
  }

  /** approve: pending approval → pending implementation; complete: → completed (in force); reject. */
  async moveVariation(
    principal: Principal,
    variationId: string,
    step: 'approve' | 'complete' | 'reject',
    now = new Date(),
  ): Promise<Variation> {
    const from: Record<typeof step, VariationStatus> = {
      approve: 'pending-approval',
      complete: 'pending-implementation',
      reject: 'pending-approval',
    };
    const to: Record<typeof step, VariationStatus> = {
      approve: 'pending-implementation',
      complete: 'completed',
      reject: 'rejected',
    };
    return this.db.transaction(async (tx) => {
      const before = toVariation(
        await oneInOrg<Row>(tx, {
          table: 'agreement_variations',
          orgId: principal.organisationId,
          id: variationId,
          columns: VARIATION_COLUMNS,
          lock: true,
          what: 'variation',
          path: ['params', 'id'],
        }),
      );
      if (before.status !== from[step])
        throw conflict(`the variation is ${before.status}: it cannot ${step} now`);
      const { rows } = await tx.query<Row>(
        `UPDATE agreement_variations SET status = $2,
           approved_by = CASE WHEN $3 = 'approve' THEN $4 ELSE approved_by END,
           approved_at = CASE WHEN $3 = 'approve' THEN $5::timestamptz ELSE approved_at END,
           completed_at = CASE WHEN $3 = 'complete' THEN $5::timestamptz ELSE completed_at END
         WHERE id = $1 RETURNING ${VARIATION_COLUMNS}`,
        [variationId, to[step], step, principal.userId, now.toISOString()],
      );
      const after = toVariation(rows[0]!);
      await this.audit.record(tx, actorOf(principal), {
        action: `variation.${step}`,
        entityType: 'variation',
        entityId: variationId,
        before: { status: before.status },
        after: { status: after.status },
      });
      return after;
    });
  }

  // ----- receipts ------------------------------------------------------------------------------

  async receipts(
    organisationId: string,
    filter: { agreementId?: string; providerId?: string; status?: string } = {},
  ): Promise<Receipt[]> {
    const { rows } = await this.db.query<Row>(
      `SELECT ${RECEIPT_COLUMNS} FROM service_receipts WHERE organisation_id = $1
         AND ($2::text IS NULL OR agreement_id = $2) AND ($3::text IS NULL OR provider_id = $3)
         AND ($4::text IS NULL OR status = $4)
       ORDER BY period_start, agreement_id`,
      [
        organisationId,
        filter.agreementId ?? null,
        filter.providerId ?? null,
        filter.status ?? null,
      ],
    );
    return rows.map(toReceipt);
  }

  /**
   * Raise receipts for an active agreement: every receipt period ending on or before `until`
   * (the last cut at `until`) that has none yet, priced from the agreement and its completed
   * variations. A period overlapping an existing receipt without matching it is refused.
   */
  async raiseReceipts(
    principal: Principal,
    agreementId: string,
    until: string,
  ): Promise<Receipt[]> {
    const org = principal.organisationId;
    const settings = await this.settings(org);
    return this.db.transaction(async (tx) => {
      const a = await this.getAgreement(org, agreementId, tx, true);
      if (a.status !== 'active')
        throw unprocessable(`the agreement is ${a.status}: receipts need an active agreement`, [
          'params',
          'id',
        ]);
      const terms = await this.terms(org, a, tx);
      const periods = receiptPeriods(
        { start: a.startDate, end: a.endDate },
        a.receiptFrequency,
        until,
        settings.fourWeeklyAnchor,
      );
      const { rows: existingRows } = await tx.query<Row>(
        `SELECT ${RECEIPT_COLUMNS} FROM service_receipts WHERE agreement_id = $1 AND status <> 'void'`,
        [agreementId],
      );
      const existing = existingRows.map(toReceipt);
      const made: Receipt[] = [];
      for (const period of periods) {
        const same = existing.find(
          (r) => r.periodStart === period.start && r.periodEnd === period.end,
        );
        if (same) continue;
        const clash = existing.find(
          (r) => r.periodStart <= period.end && r.periodEnd >= period.start,
        );
        if (clash) {
          throw conflict(
            `the period ${period.start} to ${period.end} overlaps ${clash.status} receipt ${clash.id} (${clash.periodStart} to ${clash.periodEnd})`,
            ['until'],
          );
        }
        made.push(await this.insertReceipt(tx, principal, a, terms, period.start, period.end));
      }
      return made;
    });
  }

  /** One receipt for a period the commissioner names (a correction, a part week). */
  async raiseReceipt(
    principal: Principal,
    agreementId: string,
    periodStart: string,
    periodEnd: string,
  ): Promise<Receipt> {
    const org = principal.organisationId;
    return this.db.transaction(async (tx) => {
      const a = await this.getAgreement(org, agreementId, tx, true);
      if (a.status !== 'active')
        throw unprocessable(`the agreement is ${a.status}: receipts need an active agreement`, [
          'params',
          'id',
        ]);
      if (periodEnd < periodStart)
        throw badRequest('periodEnd must not be before periodStart', ['periodEnd']);
      if (periodStart < a.startDate || (a.endDate !== null && periodEnd > a.endDate))
        throw badRequest(
          `the period must fall within the agreement (${a.startDate} to ${a.endDate ?? 'open-ended'})`,
          ['periodStart'],
        );
      const { rows } = await tx.query<Row>(
        `SELECT ${RECEIPT_COLUMNS} FROM service_receipts WHERE agreement_id = $1 AND status <> 'void'
           AND period_start <= $3 AND period_end >= $2 ORDER BY (status = 'paid') DESC LIMIT 1`,
        [agreementId, periodStart, periodEnd],
      );
      if (rows[0]) {
        const clash = toReceipt(rows[0]);
        throw conflict(
          `the period overlaps ${clash.status} receipt ${clash.id} (${clash.periodStart} to ${clash.periodEnd})`,
          ['periodStart'],
        );
      }
      const terms = await this.terms(org, a, tx);
      return this.insertReceipt(tx, principal, a, terms, periodStart, periodEnd);
    });
  }

  private async insertReceipt(
    tx: Queryable,
    principal: Principal,
    a: Agreement,
    terms: AgreementTerms,
    start: string,
    end: string,
  ): Promise<Receipt> {
    const cost = costOfDays(terms, start, end);
    const { rows } = await tx.query<Row>(
      `INSERT INTO service_receipts (id, organisation_id, agreement_id, provider_id, period_start, period_end, amount,
         lines, status) VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, 'raised') RETURNING ${RECEIPT_COLUMNS}`,
      [
        randomUUID(),
        principal.organisationId,
        a.id,
        a.providerId,
        start,
        end,
        cost.total,
        JSON.stringify(cost.lines),
      ],
    );
    const receipt = toReceipt(rows[0]!);
    await this.audit.record(tx, actorOf(principal), {
      action: 'receipt.raise',
      entityType: 'receipt',
      entityId: receipt.id,
      after: receipt,
    });
    return receipt;
  }

  /**
   * Move a receipt along its lifecycle. The provider submits (raised → pending approval) or
   * disputes (raised or pending approval → disputed); the commissioner approves (pending
   * approval or disputed → approved), invoices, pays, or voids one not yet invoiced.
   */
  async moveReceipt(
    who: { principal: Principal } | { provider: ProviderActor },
    receiptId: string,
    step: 'submit' | 'dispute' | 'approve' | 'invoice' | 'pay' | 'void',
    detail: { reason?: string; invoiceReference?: string } = {},
    now = new Date(),
  ): Promise<Receipt> {
    const moves: Record<
      typeof step,
      { from: ReceiptStatus[]; to: ReceiptStatus; by: 'provider' | 'org' }
    > = {
      submit: { from: ['raised'], to: 'pending-approval', by: 'provider' },
      dispute: { from: ['raised', 'pending-approval'], to: 'disputed', by: 'provider' },
      approve: { from: ['pending-approval', 'disputed'], to: 'approved', by: 'org' },
      invoice: { from: ['approved'], to: 'invoiced', by: 'org' },
      pay: { from: ['invoiced'], to: 'paid', by: 'org' },
      void: { from: ['raised', 'pending-approval', 'disputed', 'approved'], to: 'void', by: 'org' },
    };
    const move = moves[step];
    const org = 'principal' in who ? who.principal.organisationId : who.provider.organisationId;
    if ((move.by === 'provider') !== 'provider' in who)
      throw new HttpError(
        403,
        'FORBIDDEN',
        `only the ${move.by === 'provider' ? 'provider' : 'commissioner'} can ${step} a receipt`,
      );
    return this.db.transaction(async (tx) => {
      const before = toReceipt(
        await oneInOrg<Row>(tx, {
          table: 'service_receipts',
          orgId: org,
          id: receiptId,
          columns: RECEIPT_COLUMNS,
          lock: true,
          what: 'receipt',
          path: ['params', 'id'],
        }),
      );
      // Another provider's receipt is "not found" too, as for another organisation's.
      if ('provider' in who && before.providerId !== who.provider.providerId)
        throw notFoundError(`receipt ${receiptId} not found`, ['params', 'id']);
      if (!move.from.includes(before.status))
        throw conflict(
          `the receipt is ${before.status}: the ${step} step needs it ${move.from.join(' or ')}`,
        );
      const at = now.toISOString();
      // When each step happened.
      const column: Record<typeof step, string> = {
        submit: 'submitted_at',
        dispute: 'disputed_at',
        approve: 'approved_at',
        invoice: 'invoiced_at',
        pay: 'paid_at',
        void: 'voided_at',
      };
      const set = `, ${column[step]} = $3`;
      const { rows } = await tx.query<Row>(
        `UPDATE service_receipts SET status = $2${set},
           dispute_reason = COALESCE($4, dispute_reason), invoice_reference = COALESCE($5, invoice_reference),
           approved_by = CASE WHEN $2 = 'approved' THEN $6 ELSE approved_by END
         WHERE id = $1 RETURNING ${RECEIPT_COLUMNS}`,
        [
          receiptId,
          move.to,
          at,
          step === 'dispute' ? (detail.reason ?? null) : null,
          step === 'invoice' ? (detail.invoiceReference ?? null) : null,
          'principal' in who ? who.principal.userId : null,
        ],
      );
      const after = toReceipt(rows[0]!);
      await this.audit.record(
        tx,
        'principal' in who ? actorOf(who.principal) : providerActor(who.provider),
        {
          action: `receipt.${step}`,
          entityType: 'receipt',
          entityId: receiptId,
          before: { status: before.status },
          after: { status: after.status, ...detail },
        },
      );
      return after;
    });
  }
}
