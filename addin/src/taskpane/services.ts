/**
 * What the task pane needs from the outside world, as one small interface. The React tree
 * receives a `PaneServices` object, so component tests hand it fakes and the real pane hands
 * it the add-in core (settings store, API client, pinning) plus the Excel actions.
 *
 * Wire types come from the service's contract (shared/src/contract), never re-typed here.
 */
import type { z } from 'zod';
import type { IndexSeries, RateCard } from '../../../shared/src';
import type {
  EscalationStepRecord,
  InspectionReply,
  PlanReply,
  ProviderRecordSummary,
  StandingReply,
  StatementReply,
} from '../../../shared/src/contract/providers';
import type { expiringEvidenceReportSchema } from '../../../shared/src/contract/providersEnrolment';
import type {
  agreementReplySchema,
  requirementReplySchema,
} from '../../../shared/src/contract/packages';
import type {
  CardStatus,
  CardSummary,
  Me,
  NewScenario as ServiceNewScenario,
  Position,
  ResponseSummary as ServiceResponseSummary,
  Role,
  ScenarioSummary as ServiceScenarioSummary,
  shareLinkSchema,
  storedResponseSchema,
  upliftRequestSchema,
} from '../../../shared/src/contract';

export type { CardStatus, CardSummary, Me, Role };
export type { EscalationStepRecord, ProviderRecordSummary, StandingReply };

/** A provider as GET /api/v1/providers lists it: its record and its standing on asOf. */
export type ProviderListItem = ProviderRecordSummary & { standing: StandingReply };

/** A location's quality evidence (GET /api/v1/locations/:id/evidence). */
export interface LocationEvidence {
  inspections: InspectionReply[];
  statements: StatementReply[];
  plans: PlanReply[];
}

/** One item of GET /api/v1/reports/expiring-evidence. */
export type ExpiringEvidence = z.infer<typeof expiringEvidenceReportSchema>['items'][number];

/** What the pane reads of a service agreement (GET /api/v1/agreements items). */
export type AgreementSummary = Pick<
  z.infer<typeof agreementReplySchema>,
  | 'id'
  | 'requirementId'
  | 'providerId'
  | 'locationId'
  | 'personReference'
  | 'category'
  | 'funding'
  | 'startDate'
  | 'endDate'
  | 'weeklyPrice'
  | 'status'
>;

/** What the pane reads of a requirement: its needs say the band an agreement was for. */
export type RequirementSummary = Pick<z.infer<typeof requirementReplySchema>, 'id' | 'needs'>;

export interface FetchedCard {
  card: RateCard;
  meta: CardSummary;
}

/** The body of a price review: the engine's own request (shared/src/contract/rateCards.ts). */
export type UpliftRequest = z.input<typeof upliftRequestSchema>;

/** What the pane reads of a scenario (GET /api/v1/scenarios items; the service sends more). */
export type ScenarioSummary = Pick<ServiceScenarioSummary, 'id' | 'title'> &
  Partial<Pick<ServiceScenarioSummary, 'status' | 'opensAt' | 'closesAt'>> & {
    baseCard?: Pick<ServiceScenarioSummary['baseCard'], 'id' | 'version'>;
    proposed?: Pick<ServiceScenarioSummary['proposed'], 'id' | 'version'>;
  };

export type ConsultationPosition = Position;

/** POST /api/v1/scenarios: an approved base card against a draft version or a price review. */
export type NewScenario = ServiceNewScenario;

/** A share link as the service lists it (its token is shown only when made). */
export type ShareLinkInfo = z.output<typeof shareLinkSchema>;

/** One organisation's response, as last changed (GET /api/v1/scenarios/:id/responses items). */
export type ConsultationResponse = z.output<typeof storedResponseSchema>;

/** GET /api/v1/scenarios/:id/responses/summary → { summary }. */
export type ResponseSummary = ServiceResponseSummary;

/** Why a call to the service failed, in the terms the Connect view explains to the user. */
export type ServiceErrorKind =
  | 'offline' // no answer at all: network down, service not running, CORS refused
  | 'unauthorized' // 401: token expired, revoked or mistyped
  | 'forbidden' // 403: role too low
  | 'wrong-url' // something answered, but it is not a carefee service
  | 'not-found'
  | 'invalid'
  | 'conflict'
  | 'server';

export class ServiceError extends Error {
  constructor(
    readonly kind: ServiceErrorKind,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'ServiceError';
  }
}

export interface CarefeeApi {
  me(): Promise<Me>;
  listCards(): Promise<CardSummary[]>;
  getCard(id: string, version: number): Promise<FetchedCard>;
  /** Save an uplifted card as a new draft: the service runs the engine's uplift on its copy. */
  uplift(
    id: string,
    version: number,
    body: UpliftRequest,
  ): Promise<{ card: RateCard; meta?: CardSummary }>;
  /** A reference series (NLW, CPIH...) with the organisation's own values merged in. */
  indexSeries?(id: string): Promise<IndexSeries>;
  /** Optional: the scenarios endpoints, when the service has them. */
  listScenarios?(): Promise<ScenarioSummary[]>;
  scenarioSummary?(id: string): Promise<ResponseSummary>;
  createScenario?(input: NewScenario): Promise<ScenarioSummary>;
  listLinks?(scenarioId: string): Promise<ShareLinkInfo[]>;
  /** The link's URL is in this answer only. */
  createLink?(
    scenarioId: string,
    input: { label: string; expiresAt: string | null },
  ): Promise<{ link: ShareLinkInfo; url: string }>;
  revokeLink?(scenarioId: string, linkId: string): Promise<ShareLinkInfo>;
  listResponses?(scenarioId: string): Promise<ConsultationResponse[]>;
  /** The responses workbook the service builds (responses and summary sheets). */
  responsesXlsx?(scenarioId: string): Promise<Blob>;
  /** Optional: the provider record, when the service has it. */
  listProviders?(query: {
    q?: string;
    limit?: number;
    offset?: number;
    asOf?: string;
  }): Promise<{ items: ProviderListItem[]; total: number }>;
  standing?(ref: string, asOf: string): Promise<StandingReply>;
  locationEvidence?(locationId: string): Promise<LocationEvidence>;
  escalation?(providerId: string): Promise<EscalationStepRecord[]>;
  /** Enrolment evidence expiring within `within` days of asOf, or expired (all providers). */
  expiringEvidence?(query: { asOf: string; within: number }): Promise<ExpiringEvidence[]>;
  /** Optional: care packages, when the service has them. */
  listAgreements?(status?: string): Promise<AgreementSummary[]>;
  listRequirements?(): Promise<RequirementSummary[]>;
}

export interface Connection {
  serviceUrl: string;
  token: string;
}

/** Where the connection lives: per user (roaming settings / local storage), never the workbook. */
export interface SettingsStore {
  /** The saved connection; an empty token means not signed in (the URL is then a suggestion). */
  load(): Promise<Connection | null>;
  save(connection: Connection): Promise<void>;
  clear(): Promise<void>;
}

/** The version of each card family a workbook is pinned to, stored in the workbook. */
export interface Pinning {
  get(cardId: string): number | undefined;
  pin(cardId: string, version: number): Promise<void>;
}

export interface PaneServices {
  settings: SettingsStore;
  connect(connection: Connection): CarefeeApi;
  /** Null outside Excel (read-only preview mode). */
  excel: import('./excelActions').ExcelActions | null;
  pinning: Pinning | null;
}
