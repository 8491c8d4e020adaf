/**
 * Per-user key-value storage for the add-in: the connection settings and the offline copy of
 * fetched rate cards. Kept for the user (OfficeRuntime.storage, else the page's localStorage),
 * never in the workbook: a token must not travel with a shared file.
 */

export interface KeyValueStore {
  getItem(key: string): Promise<string | null>;
  setItem(key: string, value: string): Promise<void>;
  removeItem(key: string): Promise<void>;
}

/** A store in memory only: tests, and a last resort when the page has no storage at all. */
export function memoryStore(
  initial: Record<string, string> = {},
): KeyValueStore & { data: Map<string, string> } {
  const data = new Map(Object.entries(initial));
  return {
    data,
    getItem: async (key) => data.get(key) ?? null,
    setItem: async (key, value) => {
      data.set(key, value);
    },
    removeItem: async (key) => {
      data.delete(key);
    },
  };
}

interface SyncStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** Wrap window.localStorage (synchronous) as a KeyValueStore. */
export function webStore(storage: SyncStorage): KeyValueStore {
  return {
    getItem: async (key) => storage.getItem(key),
    setItem: async (key, value) => storage.setItem(key, value),
    removeItem: async (key) => storage.removeItem(key),
  };
}

/**
 * OfficeRuntime.storage when the add-in runs in Office (shared with the custom functions and
 * persisted per user), otherwise localStorage (a plain browser), otherwise memory.
 */
export function defaultStore(): KeyValueStore {
  const g = globalThis as {
    OfficeRuntime?: { storage?: KeyValueStore };
    localStorage?: SyncStorage;
  };
  if (g.OfficeRuntime?.storage) return g.OfficeRuntime.storage;
  try {
    if (g.localStorage) return webStore(g.localStorage);
  } catch {
    // localStorage can throw (blocked third-party storage): fall through to memory.
  }
  return memoryStore();
}
