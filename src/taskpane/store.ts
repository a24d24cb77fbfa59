/**
 * Where the pane remembers small things (the hand-made header mapping per sheet): document
 * settings inside Excel (src/workbook/office-settings.ts), localStorage on the standalone page,
 * memory in tests.
 */
export interface KeyValueStore {
  get(key: string): string | null;
  set(key: string, value: string): Promise<void>;
}

export class MemoryStore implements KeyValueStore {
  readonly values = new Map<string, string>();
  get(key: string): string | null {
    return this.values.get(key) ?? null;
  }
  async set(key: string, value: string): Promise<void> {
    this.values.set(key, value);
  }
}

/** localStorage, tolerating browsers that refuse it (private mode, file://): then memory only. */
export class LocalStorageStore implements KeyValueStore {
  private readonly fallback = new MemoryStore();
  get(key: string): string | null {
    try {
      return globalThis.localStorage?.getItem(key) ?? this.fallback.get(key);
    } catch {
      return this.fallback.get(key);
    }
  }
  async set(key: string, value: string): Promise<void> {
    try {
      globalThis.localStorage.setItem(key, value);
    } catch {
      await this.fallback.set(key, value);
    }
  }
}
