/**
 * What the commissioners read after a consultation: how many providers took each position,
 * overall and for each category and band they commented on, with the comments themselves.
 */
import type { StoredResponse } from './model';
import type { ResponseSummary } from '../../../shared/src/contract/scenarios';
import {
  POSITIONS,
  type Position,
  type ScenarioRow,
} from '../../../shared/src/contract/scenarioView';

/** The answer's shape is the contract's (shared/src/contract/scenarios.ts, responseSummarySchema). */
export type { ResponseSummary };
type RowSummary = ResponseSummary['rows'][number];
type PositionCounts = Record<Position, number>;

const zero = (): PositionCounts =>
  Object.fromEntries(POSITIONS.map((p) => [p, 0])) as PositionCounts;

export function summariseResponses(
  rows: ReadonlyArray<ScenarioRow>,
  responses: ReadonlyArray<StoredResponse>,
): ResponseSummary {
  const byKey = new Map<string, RowSummary>();
  const general: RowSummary = {
    key: 'general',
    category: null,
    categoryName: null,
    band: null,
    bandName: null,
    positions: zero(),
    comments: [],
  };
  const names = new Map(rows.map((r) => [r.category, r.categoryName]));
  // A comment on a whole banded category has its own line; so does each band.
  for (const row of rows) {
    if (row.band !== null && !byKey.has(row.category)) {
      byKey.set(row.category, {
        key: row.category,
        category: row.category,
        categoryName: row.categoryName,
        band: null,
        bandName: null,
        positions: zero(),
        comments: [],
      });
    }
    byKey.set(row.key, {
      key: row.key,
      category: row.category,
      categoryName: row.categoryName,
      band: row.band,
      bandName: row.bandName,
      positions: zero(),
      comments: [],
    });
  }
  const positions = zero();
  for (const response of responses) {
    positions[response.position] += 1;
    const counted = new Set<string>();
    for (const comment of response.comments) {
      const key =
        comment.category === null
          ? 'general'
          : comment.band === null
            ? comment.category
            : `${comment.category}/${comment.band}`;
      let line = key === 'general' ? general : byKey.get(key);
      if (!line) {
        // A row that has since left the card view: keep the comment rather than drop it.
        line = {
          key,
          category: comment.category,
          categoryName: names.get(comment.category ?? '') ?? null,
          band: comment.band,
          bandName: null,
          positions: zero(),
          comments: [],
        };
        byKey.set(key, line);
      }
      if (!counted.has(key)) {
        line.positions[response.position] += 1;
        counted.add(key);
      }
      line.comments.push({
        responseId: response.id,
        organisationName: response.organisationName,
        position: response.position,
        text: comment.text,
      });
    }
  }
  return { responses: responses.length, positions, rows: [...byKey.values(), general] };
}
