/**
 * The two steps every organisation-scoped repository repeats, once:
 *
 * - `oneInOrg`: select one row of an organisation's table by id (optionally `FOR UPDATE`, to
 *   decide on it inside a transaction), or throw 404 naming the request field it came from.
 *   A row of another organisation is "not found", never "forbidden": ids do not leak.
 * - `auditedWrite`: run a change, read the record back as the API shows it, and write the audit
 *   entry with its before and after, all on the caller's transaction so none exists without
 *   the others.
 *
 * - `sameVersion`: a versioned record's update names the version it read; 409 if it moved on
 *   (no silent edits).
 * - `uniqueOr`: run a write, and turn a unique-constraint violation (SQLSTATE 23505) into the
 *   caller's error (a 409 naming the field), leaving every other error as it was.
 *
 * Usage (inside `db.transaction(async (tx) => …)`):
 *
 *   const before = toThing(await oneInOrg<ThingRow>(tx, { table: 'things', orgId, id, what: 'thing', path: ['thingId'], lock: true }));
 *   return auditedWrite(tx, audit, actorOf(principal), {
 *     action: 'thing.update', entityType: 'thing', entityId: id, before,
 *     write: () => tx.query('UPDATE things SET … WHERE id = $1', [id]),
 *     read: () => readThing(tx, orgId, id),
 *   });
 */
import type { Actor, AuditLog } from '../audit/auditLog';
import { conflict, notFound } from '../../../../shared/src/errors';
import { sqlState, type Queryable } from './database';

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

export interface OneInOrg {
  /** Table name (a plain identifier; never user input). */
  table: string;
  orgId: string;
  id: string;
  /** Columns to select (default *); may use the alias `t` for the table. */
  columns?: string;
  /** Lock the row until the transaction ends (SELECT … FOR UPDATE). */
  lock?: boolean;
  /** What the 404 calls it ("provider", "escalation step"). */
  what: string;
  /** The request field the id came from, for the error's path (['providerId']). */
  path: Array<string | number>;
}

/** One row of an organisation's table by id, or 404 `${what} ${id} not found` at `path`. */
export async function oneInOrg<Row>(q: Queryable, spec: OneInOrg): Promise<Row> {
  if (!IDENTIFIER.test(spec.table)) throw new Error(`not a table name: ${spec.table}`);
  const { rows } = await q.query<Row>(
    `SELECT ${spec.columns ?? '*'} FROM ${spec.table} t WHERE t.organisation_id = $1 AND t.id = $2${
      spec.lock ? ' FOR UPDATE' : ''
    }`,
    [spec.orgId, spec.id],
  );
  if (!rows[0]) throw notFound(`${spec.what} ${spec.id} not found`, spec.path);
  return rows[0];
}

export interface AuditedWrite<T> {
  action: string;
  entityType: string;
  entityId: string;
  /** The record before the change (omit for a creation). */
  before?: unknown;
  /** The change: an INSERT or UPDATE on the same transaction. */
  write: () => Promise<unknown>;
  /** The record after it, as the API answers it (also the audit's `after`). */
  read: () => Promise<T>;
}

/** Write, read back, audit; returns what `read` gave. Call it on a transaction. */
export async function auditedWrite<T>(
  tx: Queryable,
  audit: AuditLog,
  actor: Actor,
  step: AuditedWrite<T>,
): Promise<T> {
  await step.write();
  const after = await step.read();
  await audit.record(tx, actor, {
    action: step.action,
    entityType: step.entityType,
    entityId: step.entityId,
    ...(step.before === undefined ? {} : { before: step.before }),
    after,
  });
  return after;
}

/** Run fn; a unique violation (23505) becomes `error()` (e.g. a 409 naming the field). */
export async function uniqueOr<T>(fn: () => Promise<T>, error: () => Error): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (sqlState(e) === '23505') throw error();
    throw e;
  }
}

/** 409 at ['version'] unless the record is still at the version the caller read. */
export function sameVersion(what: string, id: string, current: number, expected: number): void {
  if (current !== expected)
    throw conflict(
      `${what} ${id} is at version ${current}, not ${expected}: reload and try again`,
      ['version'],
    );
}
