/**
 * Categories of care by name, as the organisation's approved rate cards call them
 * ("older-residential" → "Older people residential"), for pages people read. The newest
 * approved version's name wins; a category on no approved card keeps its id.
 */
import type { Queryable } from '../platform/db/database';

export async function categoryNames(
  q: Queryable,
  organisationId: string,
): Promise<(id: string) => string> {
  const { rows } = await q.query<{ categories: unknown }>(
    `SELECT content->'categories' AS categories FROM rate_cards
      WHERE organisation_id = $1 AND status IN ('approved', 'superseded')
      ORDER BY effective_from, version`,
    [organisationId],
  );
  const names = new Map<string, string>();
  for (const r of rows) {
    const list = typeof r.categories === 'string' ? JSON.parse(r.categories) : r.categories;
    if (!Array.isArray(list)) continue;
    for (const c of list as Array<{ id?: unknown; name?: unknown }>)
      if (typeof c.id === 'string' && typeof c.name === 'string') names.set(c.id, c.name);
  }
  return (id) => names.get(id) ?? id;
}
