/**
 * The add-in's shared core: one connection, one card cache and one set of workbook pins per
 * page. In Excel's shared runtime the task pane and the custom functions run on the same page
 * but are separate bundles, so the instance lives on globalThis: whichever bundle asks first
 * creates it and both use the same one.
 *
 * For the pane:
 *   const carefee = getCarefee();
 *   await carefee.settings.load();            // { serviceUrl, token }
 *   await carefee.settings.save({ serviceUrl, token });  // the cache re-checks in-force cards
 *   await carefee.client.me();                // connection test; throws ApiError (kind + message)
 *   await carefee.client.listCards();
 *   await carefee.cache.get(parseCardRef('bham-care-homes'), '2026-04-01');
 *   await carefee.pins.pin('bham-care-homes', 3);  // then recalculate the workbook
 */
import { ApiClient, type FetchLike } from './apiClient';
import { CardCache } from './cardCache';
import { MemoryPins, WorkbookPins, officeDocumentSettings, type PinStore } from './pins';
import { SettingsStore } from './settings';
import { StandingCache } from './standings';
import { IndexCatalogue } from './indices';
import type { IndexSeriesOut } from '../../../shared/src/contract/indices';
import { defaultStore, type KeyValueStore } from './storage';

export * from './apiClient';
export * from './cardCache';
export * from './config';
export * from './pins';
export * from './settings';
export * from './storage';
export * from './standings';
export * from './indices';

export interface Carefee {
  settings: SettingsStore;
  client: ApiClient;
  cache: CardCache;
  pins: PinStore;
  /** Providers' standings for CARE.RATING and CARE.FEE with a provider. */
  standings: StandingCache;
  /** Index series: the organisation's own values over the bundled ones (CARE.INDEX…). */
  indices: IndexCatalogue;
  /** Resolves once the stored settings and cards have been read. */
  ready: Promise<void>;
}

export interface CarefeeOptions {
  store?: KeyValueStore;
  fetch?: FetchLike;
  pins?: PinStore;
  today?: () => string;
  timeoutMs?: number;
}

const KEY = '__carefee_core__';

/** Build a core; tests and the benchmark pass fakes, the add-in uses the defaults. */
export function createCarefee(options: CarefeeOptions = {}): Carefee {
  const store = options.store ?? defaultStore();
  const settings = new SettingsStore(store);
  const client = new ApiClient(() => settings.current, {
    fetch: options.fetch,
    timeoutMs: options.timeoutMs,
  });
  const pins =
    options.pins ??
    (officeDocumentSettings() || hasOffice()
      ? new WorkbookPins(officeDocumentSettings)
      : new MemoryPins());
  // Requests wait for the stored address and token (the first cell may calculate before).
  const source = {
    getCardVersion: async (id: string, version: number) => (
      await settings.load(),
      client.getCardVersion(id, version)
    ),
    getCardFamily: async (id: string) => (await settings.load(), client.getCardFamily(id)),
  };
  const cache = new CardCache({ source, store, pins, today: options.today });
  // A new token may see different approvals: look up in-force versions again. Another service
  // is another organisation, whose "bham-care-homes@3" need not be this one's: forget them all.
  let serviceUrl = settings.current.serviceUrl;
  void settings.load().then((s) => (serviceUrl = s.serviceUrl));
  settings.onChange((s) => {
    if (s.serviceUrl !== serviceUrl) void cache.clear();
    else cache.refresh();
    serviceUrl = s.serviceUrl;
  });
  const standings = new StandingCache(
    async (ref, date) => (await settings.load(), client.getStanding(ref, date)),
  );
  settings.onChange(() => standings.clear());
  const indices = new IndexCatalogue(async () => {
    const s = await settings.load();
    if (!s.token) return null;
    return (await client.request<{ items: IndexSeriesOut[] }>('GET', '/api/v1/indices')).items;
  });
  settings.onChange(() => indices.clear());
  const ready = Promise.all([settings.load(), cache.load()]).then(() => undefined);
  return { settings, client, cache, pins, standings, indices, ready };
}

function hasOffice(): boolean {
  return typeof (globalThis as { Office?: unknown }).Office !== 'undefined';
}

/** The page's core, created on first use. */
export function getCarefee(): Carefee {
  const g = globalThis as Record<string, unknown>;
  return (g[KEY] ??= createCarefee()) as Carefee;
}

/** Replace the page's core (tests, benchmark). */
export function setCarefee(core: Carefee | undefined): void {
  (globalThis as Record<string, unknown>)[KEY] = core;
}
