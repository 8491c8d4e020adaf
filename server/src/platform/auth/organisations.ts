/**
 * Organisations (a council, an ICB), their users and API clients, and API tokens. Used by the
 * token authenticator, the admin CLI, the admin routes and the demo seeder alike.
 */
import { randomUUID } from 'node:crypto';
import type { AuditLog, Actor } from '../audit/auditLog';
import { sqlState, type Database } from '../db/database';
import { HttpError } from '../http/errors';
import type { Principal, Role } from './roles';
import { generateToken, hashToken } from './tokens';
import { CoherentCache } from '../cache/coherentCache';

export interface Organisation {
  id: string;
  name: string;
}

export interface User {
  id: string;
  organisationId: string;
  name: string;
  role: Role;
}

export interface TokenInfo {
  id: string;
  userId: string;
  userName: string;
  label: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

const iso = (t: Date | string | null) => (t === null ? null : new Date(t).toISOString());

export class OrganisationRepository {
  /**
   * token hash → principal, sparing the hot GET path a query. Revoking here forgets them all
   * once the revocation commits; another instance's revocation is honoured within the cache's
   * TTL (CACHE_TTL_MS, 1 s).
   */
  private readonly principals = new CoherentCache<Principal>();

  constructor(
    private readonly db: Database,
    private readonly audit: AuditLog,
  ) {}

  async createOrganisation(actor: Actor, name: string): Promise<Organisation> {
    const org = { id: randomUUID(), name };
    try {
      await this.db.transaction(async (tx) => {
        await tx.query('INSERT INTO organisations (id, name) VALUES ($1, $2)', [org.id, org.name]);
        await this.audit.record(
          tx,
          { ...actor, organisationId: org.id },
          {
            action: 'organisation.create',
            entityType: 'organisation',
            entityId: org.id,
            after: org,
          },
        );
      });
    } catch (e) {
      if (sqlState(e) === '23505')
        throw new HttpError(409, 'CONFLICT', `an organisation called "${name}" already exists`);
      throw e;
    }
    return org;
  }

  async listOrganisations(): Promise<Organisation[]> {
    const { rows } = await this.db.query<Organisation>(
      'SELECT id, name FROM organisations ORDER BY name',
    );
    return rows;
  }

  async findOrganisation(idOrName: string): Promise<Organisation | null> {
    const { rows } = await this.db.query<Organisation>(
      'SELECT id, name FROM organisations WHERE id = $1 OR name = $1',
      [idOrName],
    );
    return rows[0] ?? null;
  }

  async createUser(actor: Actor, organisationId: string, name: string, role: Role): Promise<User> {
    const user: User = { id: randomUUID(), organisationId, name, role };
    try {
      await this.db.transaction(async (tx) => {
        await tx.query(
          'INSERT INTO users (id, organisation_id, name, role) VALUES ($1, $2, $3, $4)',
          [user.id, organisationId, name, role],
        );
        await this.audit.record(
          tx,
          { ...actor, organisationId },
          { action: 'user.create', entityType: 'user', entityId: user.id, after: user },
        );
      });
    } catch (e) {
      if (sqlState(e) === '23505')
        throw new HttpError(
          409,
          'CONFLICT',
          `a user called "${name}" already exists in this organisation`,
        );
      if (sqlState(e) === '23503')
        throw new HttpError(404, 'NOT_FOUND', `no organisation ${organisationId}`);
      throw e;
    }
    return user;
  }

  async listUsers(organisationId: string): Promise<User[]> {
    const { rows } = await this.db.query<{
      id: string;
      organisation_id: string;
      name: string;
      role: Role;
    }>(
      'SELECT id, organisation_id, name, role FROM users WHERE organisation_id = $1 ORDER BY name',
      [organisationId],
    );
    return rows.map((r) => ({
      id: r.id,
      organisationId: r.organisation_id,
      name: r.name,
      role: r.role,
    }));
  }

  async findUser(organisationId: string, idOrName: string): Promise<User | null> {
    const users = await this.listUsers(organisationId);
    return users.find((u) => u.id === idOrName || u.name === idOrName) ?? null;
  }

  /**
   * Make a token for a user and return it: the only time it is ever visible. `fixedToken` is
   * for the demo seeder's well-known demo tokens only.
   */
  async createToken(
    actor: Actor,
    userId: string,
    label = '',
    fixedToken?: string,
  ): Promise<{ id: string; token: string }> {
    const token = fixedToken ?? generateToken();
    const id = randomUUID();
    await this.db.transaction(async (tx) => {
      const { rows } = await tx.query<{ organisation_id: string }>(
        'SELECT organisation_id FROM users WHERE id = $1',
        [userId],
      );
      const owner = rows[0];
      if (!owner) throw new HttpError(404, 'NOT_FOUND', `no user ${userId}`);
      if (actor.organisationId && actor.organisationId !== owner.organisation_id) {
        throw new HttpError(404, 'NOT_FOUND', `no user ${userId}`);
      }
      await tx.query(
        'INSERT INTO api_tokens (id, user_id, label, token_hash) VALUES ($1, $2, $3, $4)',
        [id, userId, label, hashToken(token)],
      );
      await this.audit.record(
        tx,
        { ...actor, organisationId: owner.organisation_id },
        {
          action: 'token.create',
          entityType: 'api_token',
          entityId: id,
          after: { id, userId, label },
        },
      );
    });
    return { id, token };
  }

  /** Revoke a token; organisationId limits it to one organisation's tokens (the admin API). */
  async revokeToken(actor: Actor, tokenId: string, organisationId?: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const { rows } = await tx.query<{ organisation_id: string; revoked_at: Date | null }>(
        `SELECT u.organisation_id, t.revoked_at FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.id = $1`,
        [tokenId],
      );
      const row = rows[0];
      if (!row || (organisationId && row.organisation_id !== organisationId)) {
        throw new HttpError(404, 'NOT_FOUND', `no token ${tokenId}`);
      }
      if (row.revoked_at) return;
      await tx.query('UPDATE api_tokens SET revoked_at = now() WHERE id = $1', [tokenId]);
      await this.audit.record(
        tx,
        { ...actor, organisationId: row.organisation_id },
        {
          action: 'token.revoke',
          entityType: 'api_token',
          entityId: tokenId,
        },
      );
    });
    // After the commit: a request reading the token meanwhile cannot cache it again (stamp).
    this.principals.invalidate();
  }

  async listTokens(organisationId?: string): Promise<TokenInfo[]> {
    const { rows } = await this.db.query<{
      id: string;
      user_id: string;
      user_name: string;
      label: string;
      created_at: Date;
      last_used_at: Date | null;
      revoked_at: Date | null;
    }>(
      `SELECT t.id, t.user_id, u.name AS user_name, t.label, t.created_at, t.last_used_at, t.revoked_at
         FROM api_tokens t JOIN users u ON u.id = t.user_id
        WHERE ($1::text IS NULL OR u.organisation_id = $1)
        ORDER BY t.created_at, t.id`,
      [organisationId ?? null],
    );
    return rows.map((r) => ({
      id: r.id,
      userId: r.user_id,
      userName: r.user_name,
      label: r.label,
      createdAt: iso(r.created_at)!,
      lastUsedAt: iso(r.last_used_at),
      revokedAt: iso(r.revoked_at),
    }));
  }

  /** The principal behind a live token, or null; notes the use (at most once a minute per token). */
  async principalForToken(token: string): Promise<Principal | null> {
    const hash = hashToken(token);
    const hit = this.principals.get(hash);
    if (hit) return hit;
    const stamp = this.principals.stamp();
    const { rows } = await this.db.query<{
      token_id: string;
      user_id: string;
      user_name: string;
      role: Role;
      organisation_id: string;
      organisation_name: string;
      stale: boolean;
    }>(
      `SELECT t.id AS token_id, u.id AS user_id, u.name AS user_name, u.role, o.id AS organisation_id, o.name AS organisation_name,
              (t.last_used_at IS NULL OR t.last_used_at < now() - interval '60 seconds') AS stale
         FROM api_tokens t JOIN users u ON u.id = t.user_id JOIN organisations o ON o.id = u.organisation_id
        WHERE t.token_hash = $1 AND t.revoked_at IS NULL`,
      [hash],
    );
    const row = rows[0];
    if (!row) return null;
    if (row.stale)
      await this.db.query('UPDATE api_tokens SET last_used_at = now() WHERE id = $1', [
        row.token_id,
      ]);
    const principal: Principal = {
      userId: row.user_id,
      name: row.user_name,
      role: row.role,
      organisationId: row.organisation_id,
      organisationName: row.organisation_name,
      tokenId: row.token_id,
    };
    this.principals.set(hash, principal, stamp);
    return principal;
  }
}

/** The actor for audit rows written on behalf of a principal. */
export const actorOf = (p: Principal): Actor => ({
  id: p.userId,
  name: p.name,
  organisationId: p.organisationId,
});
