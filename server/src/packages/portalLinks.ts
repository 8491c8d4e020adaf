/**
 * Providers' personal links into the provider portal: like scenario share links, 256 random
 * bits shown once, only the SHA-256 kept, revocable. A link acts for one provider of one
 * organisation and sees only that provider's offers, agreements and receipts.
 */
import { randomUUID } from 'node:crypto';
import type { AuditLog } from '../platform/audit/auditLog';
import { actorOf } from '../platform/auth/organisations';
import type { Principal } from '../platform/auth/roles';
import type { Database } from '../platform/db/database';
import { conflict, notFoundError } from '../platform/http/errors';
import { hashShareToken, looksLikeShareToken, newShareToken } from '../scenarios/tokens';
import type { ProviderActor } from './repository';

export interface PortalLink {
  id: string;
  providerId: string;
  label: string;
  revokedAt: string | null;
  createdAt: string;
}

interface LinkRow {
  id: string;
  organisation_id: string;
  provider_id: string;
  label: string;
  revoked_at: Date | string | null;
  created_at: Date | string;
}

const toLink = (r: LinkRow): PortalLink => ({
  id: r.id,
  providerId: r.provider_id,
  label: r.label,
  revokedAt: r.revoked_at === null ? null : new Date(r.revoked_at).toISOString(),
  createdAt: new Date(r.created_at).toISOString(),
});

export class PortalLinkRepository {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditLog,
  ) {}

  async create(
    principal: Principal,
    input: { providerId: string; label: string },
    /** Only the demo passes its public, well-known token. */
    token = newShareToken(),
  ): Promise<{ link: PortalLink; token: string }> {
    return this.db.transaction(async (tx) => {
      const { rows } = await tx.query<LinkRow>(
        `INSERT INTO provider_portal_links (id, organisation_id, provider_id, label, token_hash, created_by)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`,
        [
          randomUUID(),
          principal.organisationId,
          input.providerId,
          input.label,
          hashShareToken(token),
          principal.userId,
        ],
      );
      const link = toLink(rows[0]!);
      await this.audit.record(tx, actorOf(principal), {
        action: 'portal-link.create',
        entityType: 'portal-link',
        entityId: link.id,
        after: link,
      });
      return { link, token };
    });
  }

  async list(organisationId: string): Promise<PortalLink[]> {
    const { rows } = await this.db.query<LinkRow>(
      'SELECT * FROM provider_portal_links WHERE organisation_id = $1 ORDER BY created_at',
      [organisationId],
    );
    return rows.map(toLink);
  }

  async revoke(principal: Principal, id: string): Promise<PortalLink> {
    return this.db.transaction(async (tx) => {
      const { rows } = await tx.query<LinkRow>(
        `UPDATE provider_portal_links SET revoked_at = now()
          WHERE organisation_id = $1 AND id = $2 AND revoked_at IS NULL RETURNING *`,
        [principal.organisationId, id],
      );
      if (!rows[0]) {
        const { rows: any } = await tx.query<LinkRow>(
          'SELECT * FROM provider_portal_links WHERE organisation_id = $1 AND id = $2',
          [principal.organisationId, id],
        );
        if (any[0]) throw conflict('the link is already revoked');
        throw notFoundError(`no portal link ${id}`, ['params', 'linkId']);
      }
      const link = toLink(rows[0]);
      await this.audit.record(tx, actorOf(principal), {
        action: 'portal-link.revoke',
        entityType: 'portal-link',
        entityId: id,
        after: link,
      });
      return link;
    });
  }

  /** The provider a live link acts for, or null (unknown, mistyped or revoked). */
  async resolve(token: string): Promise<ProviderActor | null> {
    if (!looksLikeShareToken(token)) return null;
    const { rows } = await this.db.query<LinkRow>(
      'SELECT * FROM provider_portal_links WHERE token_hash = $1 AND revoked_at IS NULL',
      [hashShareToken(token)],
    );
    const r = rows[0];
    return r
      ? { organisationId: r.organisation_id, providerId: r.provider_id, linkId: r.id }
      : null;
  }
}
