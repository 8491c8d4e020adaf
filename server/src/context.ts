/** Everything a route needs, built once in main.ts (or a test) and handed to createApp. */
import type { Logger } from 'pino';
import type { Config } from './config';
import type { Database } from './platform/db/database';
import type { AuditLog } from './platform/audit/auditLog';
import type { Authenticator } from './platform/auth/authenticator';
import type { OrganisationRepository } from './platform/auth/organisations';
import type { RateCardRepository } from './rateCards/repository';
import type { ProviderRepository } from './providers/repository';
import type { EnrolmentRepository } from './providers/enrolment';
import type { MonitoringRepository } from './providers/monitoring';
import type { ProviderReports } from './providers/reports';
import type { IndexService } from './indices/service';
import type { ScenarioRepository } from './scenarios/repository';

export interface AppContext {
  config: Config;
  db: Database;
  logger: Logger;
  audit: AuditLog;
  orgs: OrganisationRepository;
  cards: RateCardRepository;
  /** The provider record, and every provider's standing on a date (server/README.md, Providers). */
  providers: ProviderRepository;
  /** Providers' enrolment on frameworks: entry criteria, evidence, approvers' decisions. */
  enrolment: EnrolmentRepository;
  /** Quality monitoring: frameworks, R/A/G visits and action plans (Nottingham). */
  monitoring: MonitoringRepository;
  /** Market view, overdue visits, the public quality list. */
  reports: ProviderReports;
  /** Index series: the engine's reference series with the organisation's own values. */
  indices: IndexService;
  /** Market engagement scenarios, their share links and providers' responses. */
  scenarios: ScenarioRepository;
  /** Tried in order; the first to recognise the request wins (API tokens today, OIDC later). */
  authenticators: Authenticator[];
}
