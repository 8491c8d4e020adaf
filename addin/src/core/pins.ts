/**
 * Workbook pinning: a workbook can pin a card family to one version, so its results never
 * change when a newer version comes into force. Pins are part of the workbook (they travel
 * with the file, unlike the connection settings): Office.context.document.settings, key
 * "carefee.pins" = { cardId: version }. Outside Office they live in memory.
 */

export const PINS_SETTING = 'carefee.pins';

export type Pins = Readonly<Record<string, number>>;

export interface PinStore {
  /** The pinned version of a card family, if any. Synchronous: read on every cell. */
  get(cardId: string): number | undefined;
  all(): Pins;
  pin(cardId: string, version: number): Promise<void>;
  unpin(cardId: string): Promise<void>;
  onChange(listener: (pins: Pins) => void): () => void;
}

/** Only well-formed entries: a workbook may have been edited by anything. */
export function cleanPins(raw: unknown): Record<string, number> {
  const out: Record<string, number> = {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return out;
  for (const [id, version] of Object.entries(raw as Record<string, unknown>)) {
    if (typeof version === 'number' && Number.isInteger(version) && version >= 1) out[id] = version;
  }
  return out;
}

function checkPin(cardId: string, version: number) {
  if (!/^[a-z0-9][a-z0-9-]{0,63}$/.test(cardId))
    throw new Error(`"${cardId}" is not a rate card id`);
  if (!Number.isInteger(version) || version < 1)
    throw new Error(`version must be a whole number from 1, got ${version}`);
}

abstract class BasePins implements PinStore {
  private readonly listeners = new Set<(pins: Pins) => void>();
  protected abstract read(): Record<string, number>;
  protected abstract write(pins: Record<string, number>): Promise<void>;

  get(cardId: string): number | undefined {
    return this.read()[cardId];
  }
  all(): Pins {
    return { ...this.read() };
  }
  async pin(cardId: string, version: number): Promise<void> {
    checkPin(cardId, version);
    await this.write({ ...this.read(), [cardId]: version });
    this.emit();
  }
  async unpin(cardId: string): Promise<void> {
    const next = { ...this.read() };
    delete next[cardId];
    await this.write(next);
    this.emit();
  }
  onChange(listener: (pins: Pins) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  protected emit() {
    const pins = this.all();
    this.listeners.forEach((l) => l(pins));
  }
}

export class MemoryPins extends BasePins {
  constructor(private pins: Record<string, number> = {}) {
    super();
  }
  protected read() {
    return this.pins;
  }
  protected async write(pins: Record<string, number>) {
    this.pins = pins;
  }
}

/** The subset of Office.Settings used here (so tests can pass a mock). */
export interface SettingsLike {
  get(name: string): unknown;
  set(name: string, value: unknown): void;
  saveAsync(callback?: (result: { status: string; error?: { message: string } }) => void): void;
}

/**
 * Pins in the workbook's settings. `settings` is looked up lazily (Office may not be ready
 * when the first cell calculates); until it is, pins made in this session are kept in memory
 * and written through once it appears.
 */
export class WorkbookPins extends BasePins {
  private cache: Record<string, number> | undefined;
  private pending: Record<string, number> | undefined;

  constructor(private readonly settings: () => SettingsLike | undefined) {
    super();
  }

  /** Re-read the workbook's settings (e.g. after another window changed them). */
  reload(): void {
    this.cache = undefined;
    this.emit();
  }

  protected read(): Record<string, number> {
    if (this.cache) return this.cache;
    const settings = this.settings();
    if (!settings) return this.pending ?? {};
    this.cache = { ...cleanPins(settings.get(PINS_SETTING)), ...this.pending };
    return this.cache;
  }

  protected write(pins: Record<string, number>): Promise<void> {
    const settings = this.settings();
    if (!settings) {
      this.pending = pins;
      return Promise.resolve();
    }
    this.cache = pins;
    settings.set(PINS_SETTING, pins);
    return new Promise((resolve, reject) =>
      settings.saveAsync((result) =>
        result.status === 'failed'
          ? reject(
              new Error(
                `could not save the pin in the workbook: ${result.error?.message ?? 'unknown error'}`,
              ),
            )
          : resolve(),
      ),
    );
  }
}

/** Office.context.document.settings when running in Office, else undefined. */
export function officeDocumentSettings(): SettingsLike | undefined {
  const office = (
    globalThis as { Office?: { context?: { document?: { settings?: SettingsLike } } } }
  ).Office;
  try {
    return office?.context?.document?.settings ?? undefined;
  } catch {
    return undefined;
  }
}
