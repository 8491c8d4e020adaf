/**
 * Providers' standings (rating, Bronze price, suspension, reasons) from the service, for
 * =CARE.RATING and =CARE.FEE given a provider or CQC location ID. One request per provider and
 * date however many cells ask at once; an answer is reused for a minute, so a recalculation
 * makes no requests but a change on the record shows soon after.
 */
import type { StandingReply } from '../../../shared/src/contract/providers';

const TTL_MS = 60_000;

interface Entry {
  at: number;
  value?: StandingReply;
  pending?: Promise<StandingReply>;
}

export class StandingCache {
  private readonly held = new Map<string, Entry>();

  constructor(
    private readonly source: (ref: string, date: string) => Promise<StandingReply>,
    private readonly now: () => number = Date.now,
  ) {}

  /** The standing if held and fresh: lets a warm sheet answer without a promise. */
  peek(ref: string, date: string): StandingReply | undefined {
    const entry = this.held.get(`${ref}\u0000${date}`);
    return entry?.value && this.now() - entry.at < TTL_MS ? entry.value : undefined;
  }

  get(ref: string, date: string): Promise<StandingReply> {
    const key = `${ref}\u0000${date}`;
    const held = this.peek(ref, date);
    if (held) return Promise.resolve(held);
    const entry = this.held.get(key);
    if (entry?.pending) return entry.pending;
    const pending = this.source(ref, date).then(
      (value) => {
        this.held.set(key, { at: this.now(), value });
        return value;
      },
      (e: unknown) => {
        this.held.delete(key);
        throw e;
      },
    );
    this.held.set(key, { at: this.now(), pending });
    return pending;
  }

  clear(): void {
    this.held.clear();
  }
}
