// Where the last payload of each (provider, school) is kept between page loads: IndexedDB in browsers, a Map in
// memory elsewhere, or the app's own adapter {get(key), set(key, value), delete(key)} (each may return a promise).
// Every failure (quota, private mode, a blocked or deleted database, an adapter that throws) is handed to
// `onError` and turned into "nothing stored": the caller then reads from the database as it would have anyway.

const FORMAT = 1;
const DB_NAME = 'slotfit';
const STORE = 'payloads';

/** The storage key of one (provider, school); also names the provider, so sign-out can find its keys. */
export function cacheKey(providerId, schoolSite, schoolId) {
  return `slotfit:${FORMAT}:${providerId}:${JSON.stringify([schoolSite ?? null, schoolId ?? null])}`;
}

const providerPrefix = (providerId) => `slotfit:${FORMAT}:${providerId}:`;
// The list of keys written for a provider: adapters need not be able to enumerate, so the store keeps its own.
const indexKey = (providerId) => `slotfit:${FORMAT}:index:${providerId}`;

/** IndexedDB as a {get, set, delete} adapter, opened lazily; one object store, values stored as they are. */
export class IndexedDbStorage {
  #open = null;

  constructor(factory = globalThis.indexedDB, name = DB_NAME) {
    this.factory = factory;
    this.name = name;
  }

  #db() {
    this.#open ??= new Promise((resolve, reject) => {
      const request = this.factory.open(this.name, 1);
      request.onupgradeneeded = () => request.result.createObjectStore(STORE);
      request.onsuccess = () => {
        const db = request.result;
        // Another tab deleting or upgrading the database: let go, the next call opens it again.
        db.onversionchange = () => {
          db.close();
          this.#open = null;
        };
        resolve(db);
      };
      request.onerror = () => reject(request.error);
      request.onblocked = () => reject(new Error('slotfit: the IndexedDB database is blocked by another tab'));
    });
    this.#open.catch(() => {
      this.#open = null;
    });
    return this.#open;
  }

  async #run(mode, fn) {
    const db = await this.#db();
    return new Promise((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const request = fn(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(request.result);
      tx.onerror = () => reject(tx.error ?? request.error);
      tx.onabort = () => reject(tx.error ?? new Error('slotfit: IndexedDB transaction aborted'));
    });
  }

  get(key) {
    return this.#run('readonly', (store) => store.get(key));
  }

  set(key, value) {
    return this.#run('readwrite', (store) => store.put(value, key)).then(() => undefined);
  }

  delete(key) {
    return this.#run('readwrite', (store) => store.delete(key)).then(() => undefined);
  }

  keys() {
    return this.#run('readonly', (store) => store.getAllKeys());
  }
}

function isAdapter(value) {
  return value !== null && typeof value === 'object'
    && ['get', 'set', 'delete'].every((name) => typeof value[name] === 'function');
}

/**
 * The adapter for the `storage` option: `'auto'` (IndexedDB when the platform has it, else memory), `'memory'`,
 * `'indexeddb'`, `false` (nothing kept), or an adapter (a `Map` is one).
 */
export function resolveStorage(option = 'auto') {
  if (option === false || option === null) return { kind: 'none', adapter: null };
  if (isAdapter(option)) return { kind: option instanceof Map ? 'memory' : 'adapter', adapter: option };
  if (option === 'memory') return { kind: 'memory', adapter: new Map() };
  if (option === 'indexeddb' || (option === 'auto' && globalThis.indexedDB != null)) {
    if (globalThis.indexedDB == null) {
      throw new TypeError("slotfit: storage: 'indexeddb' needs a platform with indexedDB");
    }
    return { kind: 'indexeddb', adapter: new IndexedDbStorage() };
  }
  if (option === 'auto') return { kind: 'memory', adapter: new Map() };
  throw new TypeError("slotfit: the storage option is 'auto', 'memory', 'indexeddb', false, or {get, set, delete}");
}

/**
 * The payload cache over an adapter. Entries are `{format, dataVersion, savedAt, text}` (the payload as JSON
 * text: what engine.load reads fastest after bytes, and what any adapter can hold). Never throws.
 */
export class PayloadStore {
  #adapter;
  #onError;

  constructor(adapter, { onError = () => {} } = {}) {
    this.#adapter = adapter;
    this.#onError = onError;
  }

  get enabled() {
    return this.#adapter !== null;
  }

  async #attempt(operation, key, fn, fallback) {
    try {
      return await fn();
    } catch (error) {
      this.#onError({ operation, key, error });
      return fallback;
    }
  }

  /** The stored entry, or null (none, unreadable, or of another format: each of which means "read it"). */
  async read(key) {
    if (this.#adapter === null) return null;
    const entry = await this.#attempt('get', key, () => this.#adapter.get(key), null);
    if (entry == null) return null;
    if (typeof entry !== 'object' || entry.format !== FORMAT || typeof entry.text !== 'string'
        || typeof entry.dataVersion !== 'string') {
      this.#onError({ operation: 'get', key, error: new Error('slotfit: a stored payload of an unknown shape was ignored') });
      return null;
    }
    return entry;
  }

  /** Stores the payload text under its version; true when stored. */
  async write(providerId, key, dataVersion, text, savedAt = Date.now()) {
    if (this.#adapter === null) return false;
    const entry = { format: FORMAT, dataVersion: String(dataVersion), savedAt, text };
    const stored = await this.#attempt('set', key, async () => {
      await this.#adapter.set(key, entry);
      return true;
    }, false);
    if (stored) await this.#remember(providerId, key);
    return stored;
  }

  async #remember(providerId, key) {
    const at = indexKey(providerId);
    const keys = await this.#attempt('get', at, () => this.#adapter.get(at), null);
    const list = Array.isArray(keys) ? keys : [];
    if (list.includes(key)) return;
    await this.#attempt('set', at, () => this.#adapter.set(at, [...list, key]), undefined);
  }

  async forget(key) {
    if (this.#adapter === null) return;
    await this.#attempt('delete', key, () => this.#adapter.delete(key), undefined);
  }

  /** Deletes every payload stored for the provider (sign-out: student data must not stay at rest). */
  async forgetProvider(providerId) {
    if (this.#adapter === null) return 0;
    const at = indexKey(providerId);
    const keys = await this.#attempt('get', at, () => this.#adapter.get(at), null);
    // An adapter that can list its keys (a Map, IndexedDB) also loses entries whose index write failed.
    const listed = typeof this.#adapter.keys === 'function'
      ? await this.#attempt('keys', at, async () => [...(await this.#adapter.keys())], []) : [];
    const list = [...new Set([...(Array.isArray(keys) ? keys : []), ...listed])]
      .filter((k) => typeof k === 'string' && k.startsWith(providerPrefix(providerId)));
    for (const key of list) await this.forget(key);
    await this.forget(at);
    return list.length;
  }
}
