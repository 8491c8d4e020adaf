/**
 * How a request proves who it is. API tokens today; an OIDC / Entra ID authenticator can be
 * added to AppContext.authenticators later without touching any route.
 */
import type { Request } from 'express';
import type { OrganisationRepository } from './organisations';
import type { Principal } from './roles';

export interface Authenticator {
  /**
   * The principal, or null when this authenticator does not recognise the credentials.
   * `offered` says whether the request carried credentials of this kind at all.
   */
  authenticate(req: Request): Promise<{ offered: boolean; principal: Principal | null }>;
}

export class ApiTokenAuthenticator implements Authenticator {
  constructor(private readonly orgs: OrganisationRepository) {}

  async authenticate(req: Request) {
    const header = req.get('authorization');
    if (!header) return { offered: false, principal: null };
    const match = /^Bearer\s+(\S{1,512})\s*$/i.exec(header);
    if (!match) return { offered: true, principal: null };
    return { offered: true, principal: await this.orgs.principalForToken(match[1]!) };
  }
}
