/**
 * The connection to a carefee service: its address and the user's token. Stored for the user
 * (see storage.ts), not in the workbook. The pane edits it; the custom functions read it.
 */
import { DEFAULT_SERVICE_URL, normaliseServiceUrl } from './config';
import type { KeyValueStore } from './storage';

export interface ConnectionSettings {
  /** e.g. "https://carefee.example.org" (no trailing slash). */
  serviceUrl: string;
  /** Bearer token; empty when not signed in. */
  token: string;
}

const URL_KEY = 'carefee.serviceUrl';
const TOKEN_KEY = 'carefee.token';

type Listener = (settings: ConnectionSettings) => void;

export class SettingsStore {
  private value: ConnectionSettings;
  private loaded: Promise<ConnectionSettings> | undefined;
  private readonly listeners = new Set<Listener>();

  constructor(
    private readonly store: KeyValueStore,
    private readonly defaults: ConnectionSettings = { serviceUrl: DEFAULT_SERVICE_URL, token: '' },
  ) {
    this.value = { ...defaults };
  }

  /** The settings as last loaded or saved (the defaults before the first load). */
  get current(): ConnectionSettings {
    return this.value;
  }

  /** Read from storage once; later calls return the same result. */
  load(): Promise<ConnectionSettings> {
    this.loaded ??= (async () => {
      const [serviceUrl, token] = await Promise.all([
        this.store.getItem(URL_KEY),
        this.store.getItem(TOKEN_KEY),
      ]);
      this.value = { serviceUrl: serviceUrl || this.defaults.serviceUrl, token: token ?? '' };
      return this.value;
    })();
    return this.loaded;
  }

  /** Save a new address and/or token; listeners (the card cache, the pane) hear of it. */
  async save(change: Partial<ConnectionSettings>): Promise<ConnectionSettings> {
    await this.load();
    const next: ConnectionSettings = {
      serviceUrl:
        change.serviceUrl !== undefined
          ? normaliseServiceUrl(change.serviceUrl)
          : this.value.serviceUrl,
      token: change.token !== undefined ? change.token.trim() : this.value.token,
    };
    await Promise.all([
      this.store.setItem(URL_KEY, next.serviceUrl),
      this.store.setItem(TOKEN_KEY, next.token),
    ]);
    this.value = next;
    this.listeners.forEach((l) => l(next));
    return next;
  }

  /** Sign out: forget the token, keep the address. */
  signOut(): Promise<ConnectionSettings> {
    return this.save({ token: '' });
  }

  onChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
