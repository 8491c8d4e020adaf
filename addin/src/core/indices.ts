/**
 * Index series for =CARE.INDEX, =CARE.CHANGE and =CARE.FNC: the organisation's own values from
 * the carefee service (GET /api/v1/indices) laid over the bundled reference series, or the
 * bundled series alone when there is no connection, and always which of the two a value came
 * from. One request however many cells ask; the answer is reused for five minutes (a failed or
 * unconnected answer for thirty seconds, so a new connection is soon noticed).
 */
import type { ExtraSeries } from '../../../shared/src';
import type { IndexSeriesOut } from '../../../shared/src/contract/indices';

const TTL_MS = 5 * 60_000;
const UNCONNECTED_TTL_MS = 30_000;

export interface IndexSources {
  /** The organisation's own values, as the engine's `extra` series (empty when none or offline). */
  extra: ExtraSeries[];
  /** Series id → the dates from which the organisation gave its own value. */
  own: ReadonlyMap<string, ReadonlySet<string>>;
  /** Whether the catalogue came from the service; when not, why ("not connected …"). */
  connected: boolean;
  reason?: string;
}

/** The organisation's points of each series (origin "organisation") as `extra` series. */
export function ownValues(items: readonly IndexSeriesOut[]): IndexSources {
  const extra: ExtraSeries[] = [];
  const own = new Map<string, Set<string>>();
  for (const series of items) {
    const points = series.points.filter((p) => p.origin === 'organisation');
    if (points.length === 0) continue;
    own.set(series.id, new Set(points.map((p) => p.from)));
    extra.push({
      id: series.id,
      name: series.name,
      unit: series.unit,
      source: series.source,
      points: points.map(({ from, value, note }) => ({ from, value, ...(note ? { note } : {}) })),
    });
  }
  return { extra, own, connected: true };
}

interface Entry {
  at: number;
  value?: IndexSources;
  pending?: Promise<IndexSources>;
}

export class IndexCatalogue {
  private entry: Entry | undefined;

  /**
   * `source` answers the service's series, or null when there is no connection to ask; an
   * error (offline, refused) falls back to the bundled series and says so.
   */
  constructor(
    private readonly source: () => Promise<IndexSeriesOut[] | null>,
    private readonly now: () => number = Date.now,
  ) {}

  private fresh(): IndexSources | undefined {
    const e = this.entry;
    if (!e?.value) return undefined;
    const ttl = e.value.connected ? TTL_MS : UNCONNECTED_TTL_MS;
    return this.now() - e.at < ttl ? e.value : undefined;
  }

  /** The catalogue if held and fresh: a warm sheet answers without a promise. */
  peek(): IndexSources | undefined {
    return this.fresh();
  }

  get(): Promise<IndexSources> {
    const held = this.fresh();
    if (held) return Promise.resolve(held);
    if (this.entry?.pending) return this.entry.pending;
    const pending = this.source().then(
      (items): IndexSources =>
        items === null
          ? { extra: [], own: new Map(), connected: false, reason: 'not connected to carefee' }
          : ownValues(items),
      (e: unknown): IndexSources => ({
        extra: [],
        own: new Map(),
        connected: false,
        reason: `the carefee service did not answer (${(e as Error).message})`,
      }),
    );
    this.entry = { at: this.now(), pending };
    void pending.then((value) => (this.entry = { at: this.now(), value }));
    return pending;
  }

  clear(): void {
    this.entry = undefined;
  }
}
