/**
 * What the commissioners read after a consultation: how many providers took each position,
 * overall and for each category and band they commented on, with the comments themselves.
 */
import type { StoredResponse } from './model';
import {
  POSITIONS,
  type Position,
  type ScenarioRow,
} from '../../../shared/src/contract/scenarioView';

export type PositionCounts = Record<Position, number>;

export interface SummaryComment {
  responseId: string;
  organisationName: string;
  position: Position;
  text: string;
}

export interface RowSummary {
  /** "category", "category/band", or "general" for comments naming no row. */
  key: string;
  category: string | null;
  categoryName: string | null;
  band: string | null;
  bandName: string | null;
  /** Positions of the responses that commented on this row (one per response). */
  positions: PositionCounts;
  comments: SummaryComment[];
}

export interface ResponseSummary {
  responses: number;
  positions: PositionCounts;
  rows: RowSummary[];
}

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
