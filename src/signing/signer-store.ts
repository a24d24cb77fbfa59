/**
 * Where the pane and the page keep the signer: the private key as a NON-extractable CryptoKey
 * (structured-cloned into IndexedDB: the browser keeps it, no script can read its bytes) with the
 * certificate DER. Memory store for tests and browsers without IndexedDB.
 */
export interface StoredSigner {
  key: CryptoKey;
  certDer: Uint8Array;
  /** How it came: generated here or imported from a .p12. */
  source: 'generated' | 'pkcs12';
  savedAt: string;
}

export interface SignerStore {
  load(): Promise<StoredSigner | null>;
  save(signer: StoredSigner): Promise<void>;
  clear(): Promise<void>;
}

export class MemorySignerStore implements SignerStore {
  private value: StoredSigner | null = null;
  async load(): Promise<StoredSigner | null> {
    return this.value;
  }
  async save(signer: StoredSigner): Promise<void> {
    this.value = signer;
  }
  async clear(): Promise<void> {
    this.value = null;
  }
}

const DB = 'wzpolicy-signing';
const STORE = 'signer';
const KEY = 'current';

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB 出错'));
  });
}

export class IndexedDbSignerStore implements SignerStore {
  private db: Promise<IDBDatabase> | null = null;

  private open(): Promise<IDBDatabase> {
    this.db ??= new Promise((resolve, reject) => {
      const req = indexedDB.open(DB, 1);
      req.onupgradeneeded = () => req.result.createObjectStore(STORE);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error ?? new Error('无法打开 IndexedDB'));
    });
    return this.db;
  }

  private async tx(mode: IDBTransactionMode): Promise<IDBObjectStore> {
    return (await this.open()).transaction(STORE, mode).objectStore(STORE);
  }

  async load(): Promise<StoredSigner | null> {
    const v = (await request((await this.tx('readonly')).get(KEY))) as StoredSigner | undefined;
    return v ?? null;
  }

  async save(signer: StoredSigner): Promise<void> {
    await request((await this.tx('readwrite')).put(signer, KEY));
  }

  async clear(): Promise<void> {
    await request((await this.tx('readwrite')).delete(KEY));
  }
}

/** IndexedDB where the browser has it, else memory (the key is then lost on reload). */
export function defaultSignerStore(): SignerStore {
  return typeof indexedDB !== 'undefined' ? new IndexedDbSignerStore() : new MemorySignerStore();
}
