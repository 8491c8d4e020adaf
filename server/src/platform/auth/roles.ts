/** Roles, each including everything below it: viewer < editor < approver < admin. */
import { ROLES, roleSchema, type Role } from '../../../../shared/src/contract/common';

export { ROLES, roleSchema, type Role };

export const hasRole = (role: Role, minRole: Role) => ROLES.indexOf(role) >= ROLES.indexOf(minRole);

/** Who is calling, as every route sees it. */
export interface Principal {
  userId: string;
  name: string;
  role: Role;
  organisationId: string;
  organisationName: string;
  /** The API token used, if any (an OIDC principal has none). */
  tokenId?: string;
}

declare module 'express-serve-static-core' {
  interface Request {
    principal?: Principal;
    /** Set when credentials were offered but not accepted (counts toward the failure limit). */
    authFailed?: boolean;
  }
}
