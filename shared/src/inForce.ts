/**
 * Which version of a card family is in force on a date, decided in memory from the family's
 * effective ranges (a family has a handful of approved versions, so one query fetches them all
 * and any number of dates is resolved without another):
 *
 *   among approved and superseded versions with effectiveFrom <= D and (effectiveTo null or
 *   >= D), the one with the latest effectiveFrom, the highest version breaking a tie.
 *
 * The service (/in-force, the batch calculation) and the add-in's card cache (which fetches a
 * family's versions once and resolves every date itself) all use this one rule.
 */

/** One approved or superseded version's effective range (ISO dates compare as text). */
export interface VersionRange {
  id: string;
  version: number;
  effectiveFrom: string;
  effectiveTo: string | null;
}

/** A family's ranges, latest start first, ready for `versionOn`. */
export class InForceIndex {
  private readonly byFamily = new Map<string, VersionRange[]>();

  constructor(ranges: Iterable<VersionRange>) {
    for (const r of ranges) {
      let list = this.byFamily.get(r.id);
      if (!list) this.byFamily.set(r.id, (list = []));
      list.push(r);
    }
    for (const list of this.byFamily.values()) {
      list.sort((a, b) =>
        a.effectiveFrom === b.effectiveFrom
          ? b.version - a.version
          : a.effectiveFrom < b.effectiveFrom
            ? 1
            : -1,
      );
    }
  }

  /** The version of family `id` in force on `date`, or undefined when none is. */
  versionOn(id: string, date: string): number | undefined {
    const list = this.byFamily.get(id);
    if (!list) return undefined;
    // Latest start first: the first range that has started and not ended wins.
    for (const r of list) {
      if (r.effectiveFrom > date) continue;
      if (r.effectiveTo === null || r.effectiveTo >= date) return r.version;
    }
    return undefined;
  }
}
