/** Build the AppContext over an open database: the one place the pieces are wired together. */
import type { Logger } from 'pino';
import type { Config } from './config';
import type { AppContext } from './context';
import type { Database } from './platform/db/database';
import { AuditLog } from './platform/audit/auditLog';
import { OrganisationRepository } from './platform/auth/organisations';
import { ApiTokenAuthenticator } from './platform/auth/authenticator';
import { RateCardRepository } from './rateCards/repository';
import { ProviderRepository } from './providers/repository';
import { EnrolmentRepository } from './providers/enrolment';
import { MonitoringRepository } from './providers/monitoring';
import { ProviderReports } from './providers/reports';
import { IndexService } from './indices/service';
import { ScenarioRepository } from './scenarios/repository';

export function createContext(config: Config, db: Database, logger: Logger): AppContext {
  const audit = new AuditLog(db);
  const orgs = new OrganisationRepository(db, audit);
  const cards = new RateCardRepository(db, audit);
  const providers = new ProviderRepository(db, audit);
  return {
    config,
    db,
    logger,
    audit,
    orgs,
    cards,
    providers,
    enrolment: new EnrolmentRepository(db, audit),
    monitoring: new MonitoringRepository(db, audit),
    reports: new ProviderReports(db, providers),
    indices: new IndexService(db, audit),
    scenarios: new ScenarioRepository(db, audit, cards),
    authenticators: [new ApiTokenAuthenticator(orgs)],
  };
}
