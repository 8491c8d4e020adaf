/**
 * One book-wide change at a time per organisation (an annual review, an import of placements):
 * each locks the organisation's package settings row first, inside its transaction, so two
 * cannot interleave their reads and writes.
 */
import type { Queryable } from '../platform/db/database';

export async function lockPackageBook(tx: Queryable, organisationId: string): Promise<void> {
  await tx.query(
    `INSERT INTO package_settings (organisation_id, award) VALUES ($1, '{"rule":"quality-price"}'::jsonb)
     ON CONFLICT (organisation_id) DO NOTHING`,
    [organisationId],
  );
  await tx.query('SELECT 1 FROM package_settings WHERE organisation_id = $1 FOR UPDATE', [
    organisationId,
  ]);
}
