/**
 * The append-only audit log: who did what to which thing, with the before and after state.
 * Written inside the same transaction as the change it records, so neither exists without
 * the other; the database refuses to update or delete a row (migration 001).
 */
import type { Database, Queryable } from '../db/database';

export interface Actor {
  /** A user id, or null for the command line and the demo seeder. */
  id: string | null;
  name: string;
  organisationId: string | null;
}

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
}

export interface AuditRecord extends AuditEntry {
  id: number;
  at: string;
  organisationId: string | null;
  actorId: string | null;
  actorName: string;
}

interface AuditRow {
  id: string | number;
  at: Date | string;
  organisation_id: string | null;
  actor_id: string | null;
  actor_name: string;
  action: string;
  entity_type: string;
  entity_id: string;
  before: unknown;
  after: unknown;
}

const toIso = (t: Date | string) =>
  t instanceof Date ? t.toISOString() : new Date(t).toISOString();

export class AuditLog {
  constructor(private readonly db: Database) {}

  async record(tx: Queryable, actor: Actor, entry: AuditEntry): Promise<void> {
    await tx.query(
      `INSERT INTO audit_log (organisation_id, actor_id, actor_name, action, entity_type, entity_id, before, after)
       VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb)`,
      [
        actor.organisationId,
        actor.id,
        actor.name,
        entry.action,
        entry.entityType,
        entry.entityId,
        entry.before === undefined ? null : JSON.stringify(entry.before),
        entry.after === undefined ? null : JSON.stringify(entry.after),
      ],
    );
  }

  /** Newest first. */
  async list(
    organisationId: string,
    filter: { entityType?: string; entityId?: string; limit?: number; beforeId?: number } = {},
  ): Promise<AuditRecord[]> {
    const where = ['organisation_id = $1'];
    const params: Array<string | number> = [organisationId];
    if (filter.entityType) {
      params.push(filter.entityType);
      where.push(`entity_type = $${params.length}`);
    }
    if (filter.entityId) {
      params.push(filter.entityId);
      where.push(`entity_id = $${params.length}`);
    }
    if (filter.beforeId) {
      params.push(filter.beforeId);
      where.push(`id < $${params.length}`);
    }
    params.push(Math.min(filter.limit ?? 100, 1000));
    const { rows } = await this.db.query<AuditRow>(
      `SELECT * FROM audit_log WHERE ${where.join(' AND ')} ORDER BY id DESC LIMIT $${params.length}`,
      params,
    );
    return rows.map((r) => ({
      id: Number(r.id),
      at: toIso(r.at),
      organisationId: r.organisation_id,
      actorId: r.actor_id,
      actorName: r.actor_name,
      action: r.action,
      entityType: r.entity_type,
      entityId: r.entity_id,
      before: r.before ?? undefined,
      after: r.after ?? undefined,
    }));
  }
}
