/** Everything a route needs, built once in main.ts (or a test) and handed to createApp. */
import type { Logger } from 'pino';
import type { Config } from './config';
import type { Database } from './platform/db/database';
import type { AuditLog } from './platform/audit/auditLog';
import type { Authenticator } from './platform/auth/authenticator';
import type { OrganisationRepository } from './platform/auth/organisations';
import type { ProviderStandings } from './packages/providerStanding';
import type { RateCardRepository } from './rateCards/repository';

export interface AppContext {
  config: Config;
  db: Database;
  logger: Logger;
  audit: AuditLog;
  orgs: OrganisationRepository;
  cards: RateCardRepository;
  /** A provider's standing on a date, for offers and awards (the providers feature's record). */
  packageStandings: ProviderStandings;
  /** Tried in order; the first to recognise the request wins (API tokens today, OIDC later). */
  authenticators: Authenticator[];
}
