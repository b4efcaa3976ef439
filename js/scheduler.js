// The Supabase data layer: one RPC read per (cold or stale) load, one RPC write per save, and the engine kept
// current in between so that a warm cache answers without any query.
import { createEngine, toMinutes } from './engine.js';
import { readTablesFallback } from './fallback.js';
import { EngineDisposedError, SchedulerError, StaleVersionError } from './errors.js';
import { formatTime } from './time.js';
import { createWorkerEngine, WorkerEngine } from './worker-client.js';
import { PayloadStore, cacheKey, resolveStorage } from './live/storage.js';
import { LiveSync } from './live/realtime.js';
import { Prefetcher } from './live/prefetch.js';
import { checkTimeoutOption, rpcWithTimeout } from './live/timeout.js';

const DEFAULT_TTL_MS = 15 * 60 * 1000;
const MAX_FETCH_ERRORS = 20;

// The keys apply_schedule accepts in a row (migrations: apply_schedule.sql, c_keys); anything else is refused.
const WRITE_KEYS = ['id', 'student_id', 'day_of_week', 'start_time', 'end_time', 'service_type', 'delivered_by',
  'assigned_to_sea_id', 'assigned_to_specialist_id', 'status', 'has_conflict', 'conflict_reason', 'group_ref'];

/** PostgREST's answer when the function is not in its schema cache (not installed, or another signature). */
export function isFunctionMissing(error, status) {
  if (error == null) return false;
  return error.code === 'PGRST202' || (status === 404 && (error.code == null || error.code === ''));
}

// A request that may never have reached the database: safe to send again with the same p_request_id.
function isTransient(error, status) {
  if (error == null) return false;
  return status === 0 || status === 502 || status === 503 || status === 504
    || ['PGRST000', 'PGRST001', 'PGRST002', 'PGRST003'].includes(error.code);
}

// A row of saveRows(): a removal, or a session row (new, or merged over the loaded row of its id).
function isRemoval(row) {
  return row.op === 'remove';
}

function pickWriteKeys(row) {
  const out = {};
  for (const key of WRITE_KEYS) if (row[key] !== undefined) out[key] = row[key];
  return out;
}

// The session row the engine and the move path keep; the override columns are the database's business.
function sessionOf(row) {
  const { has_conflict: _conflict, conflict_reason: _reason, ...session } = row;
  return session;
}

function versionsFrom(message) {
  const m = /stale data_version (\S+) \(the schedule is now at (\S+)\)/.exec(message ?? '');
  return m === null ? {} : { sentVersion: m[1], currentVersion: m[2] };
}

const newRequestId = () => globalThis.crypto.randomUUID();

// The part of data_version apply_schedule compares (README "Live data": `t<T>.p….`); a version of another shape whole.
const templatePart = (version) => /^(t\d+)\./.exec(version)?.[1] ?? version;

const utf8 = new TextEncoder();
const byteLength = (text) => utf8.encode(text).length;

// get_scheduling_data_batch's refusal when the caller has no profiles row (42501 is also "not linked").
function isNoProfile(error) {
  return error?.code === '42501' && /no provider profile/.test(error.message ?? '');
}

const SESSION_COMPARED = ['student_id', 'day_of_week', 'start_time', 'end_time', 'service_type', 'delivered_by',
  'assigned_to_sea_id', 'assigned_to_specialist_id', 'status', 'group_ref'];
const sameSession = (a, b) => SESSION_COMPARED.every((k) => (a[k] ?? null) === (b[k] ?? null));

const placeOf = (row) => (row == null || row.day_of_week == null ? null
  : { day: row.day_of_week, start: String(row.start_time).slice(0, 5), end: String(row.end_time).slice(0, 5) });

// A moved, added or removed session as 'change' listeners get it: enough for a notice naming what moved.
function describeMove(id, old, row, by) {
  return {
    id, studentId: (row ?? old)?.student_id ?? null, by,
    op: row === null ? 'removed' : old === undefined ? 'added' : 'changed',
    from: placeOf(old), to: placeOf(row),
  };
}

function frozenRow(row) {
  return Object.freeze({ ...row });
}

const frozenValue = (value) => (value !== null && typeof value === 'object' ? frozenRow(value) : value);

/** See index.d.ts for the contract. */
export class OptimizedScheduler {
  #providerId;
  #providerRole;
  #supabase;
  #ttlMs;
  #now;
  #engineOptions;
  #enginePromise = null;
  #engine = null;
  #ownsEngine = true;
  #workerOption;
  #workerPromise = null;
  #workerSyncedTo = -1;  // the #generation the worker engine holds
  #generation = 0;  // counts loads and writes: what the page engine holds
  #disposed = false;
  #loadedPayload = null;
  #payloadView = null;
  #context = null;
  #cache = null;  // {key, loadedAt, source, incomplete, stale, fetchErrors}
  #rows = new Map();  // session id -> the session row as last loaded or written (moves need the whole row)
  #removedRows = new Map();  // removed by saveRows: a later save of the id revives it over this row
  #appliedRequests = new Set();  // request ids whose rows the engine has taken: a retry's replayed answer changes nothing
  #minutesByStudent = new Map();
  #pendingSaves = new WeakMap();  // result -> {rows, requestId}: a repeated save() of one result is a retry
  #computedOn = new WeakMap();  // scheduleBatch result -> the data_version it was computed on
  #fetchErrors = [];
  #metrics = {
    queries: { total: 0, batch: 0, fallback: 0, write: 0 },
    cache: { hits: 0, misses: 0 },
    candidatesEvaluated: 0,
    timings: { fetchMs: 0, parseAndIndexMs: 0, scheduleMs: 0, saveMs: 0 },
    fullReads: 0,
    revalidations: 0,
    notModified: 0,
    deltasApplied: 0,
    bytesRead: 0,
    persisted: { restores: 0, writes: 0, errors: 0 },
  };
  #storageKind;
  #store;
  #timeoutMs;
  #listeners = new Map();  // event -> Set of listeners
  #revalidateSupported = true;  // false once the database answered PGRST202 to the three-argument read
  #liveSync = null;  // LiveSync while subscribed
  #liveOption;
  #prefetchOption;
  #prefetcher = null;
  #unsubscribeAuth = null;
  #busy = 0;  // reads and writes in flight: prefetching waits for none

  constructor(providerId, providerRole, {
    supabase, cacheTtlMs = DEFAULT_TTL_MS, engine, engineOptions, worker = false, now, storage = 'auto', timeoutMs,
    realtime = false, prefetch = false,
  } = {}) {
    if (supabase == null || typeof supabase.rpc !== 'function') {
      throw new TypeError('slotfit: OptimizedScheduler needs {supabase}, a Supabase client');
    }
    checkTimeoutOption(timeoutMs);
    this.#timeoutMs = timeoutMs ?? null;
    const { kind, adapter } = resolveStorage(storage);
    this.#storageKind = kind;
    this.#store = new PayloadStore(adapter, { onError: (report) => this.#storageFailed(report) });
    this.#liveOption = realtime;
    this.#prefetchOption = prefetch;
    // Sign-out clears what is stored for this provider: student data must not stay at rest.
    const listener = supabase.auth?.onAuthStateChange?.((event) => {
      if (event === 'SIGNED_OUT') this.clearCache().catch(() => {});
    });
    const subscription = listener?.data?.subscription;
    if (typeof subscription?.unsubscribe === 'function') this.#unsubscribeAuth = () => subscription.unsubscribe();
    this.#providerId = providerId;
    this.#providerRole = providerRole;
    this.#supabase = supabase;
    this.#ttlMs = cacheTtlMs;
    this.#now = now ?? (() => Date.now());
    this.#engineOptions = engineOptions ?? {};
    if (engine !== undefined) {
      this.#engine = engine;
      this.#ownsEngine = false;
    }
    if (worker !== false && worker !== true && !(worker instanceof WorkerEngine)) {
      throw new TypeError('slotfit: the worker option is true, false or a WorkerEngine from createWorkerEngine()');
    }
    this.#workerOption = worker;
  }

  get providerId() {
    return this.#providerId;
  }

  get providerRole() {
    return this.#providerRole;
  }

  /** The engine, loaded with the current context's payload (for checks and conflict maps while dragging). */
  get engine() {
    return this.#engine;
  }

  /**
   * The loaded payload with every save since applied (sessions in load order, new ones last) and the current
   * data_version; frozen, rebuilt after each load or save. null before the first load.
   */
  get payload() {
    if (this.#loadedPayload === null) return null;
    if (this.#payloadView === null) {
      const view = {
        ...this.#loadedPayload,
        data_version: this.#engine.stats().dataVersion,
        sessions: Object.freeze([...this.#rows.values()].map(frozenRow)),
      };
      // One level of copies is enough: every table is an array of flat rows (the JSON Schema's payload).
      for (const [key, value] of Object.entries(view)) {
        if (key === 'sessions') continue;
        view[key] = Array.isArray(value) ? Object.freeze(value.map(frozenValue)) : frozenValue(value);
      }
      this.#payloadView = Object.freeze(view);
    }
    return this.#payloadView;
  }

  get disposed() {
    return this.#disposed;
  }

  /**
   * Listens to 'change' (what a pushed change or a revalidation changed, and by whom) or 'error' (storage and
   * realtime failures, reported instead of thrown). Returns the function that stops listening.
   */
  on(event, listener) {
    if (event !== 'change' && event !== 'error') throw new TypeError(`slotfit: no event ${JSON.stringify(event)}; use 'change' or 'error'`);
    if (typeof listener !== 'function') throw new TypeError('slotfit: on() takes a listener function');
    if (!this.#listeners.has(event)) this.#listeners.set(event, new Set());
    this.#listeners.get(event).add(listener);
    return () => this.#listeners.get(event)?.delete(listener);
  }

  #emit(event, detail) {
    for (const listener of [...(this.#listeners.get(event) ?? [])]) {
      try {
        listener(detail);
      } catch (error) {
        // A throwing listener must not break the data layer; it still shows up on the console.
        queueMicrotask(() => { throw error; });
      }
    }
  }

  #storageFailed({ operation, key, error }) {
    this.#metrics.persisted.errors += 1;
    this.#recordFetchError(`storage.${operation}`, error);
    this.#emit('error', { source: 'storage', operation, key, error });
  }

  /** Deletes every payload stored for this provider (done on sign-out); the loaded engine stays. */
  async clearCache() {
    await this.#store.forgetProvider(this.#providerId);
  }

  #live() {
    if (this.#disposed) throw new EngineDisposedError('scheduler');
  }

  async #getEngine() {
    this.#live();
    if (this.#engine !== null) return this.#engine;
    this.#enginePromise ??= createEngine(this.#engineOptions);
    const engine = await this.#enginePromise;
    if (this.#disposed) {
      engine.dispose();
      throw new EngineDisposedError('scheduler');
    }
    this.#engine = engine;
    return engine;
  }

  // The worker engine of scheduleBatch, loaded with what the page engine holds (its payload view) when behind.
  async #syncedWorker() {
    this.#workerPromise ??= this.#workerOption === true
      ? createWorkerEngine(this.#engineOptions) : Promise.resolve(this.#workerOption);
    const worker = await this.#workerPromise;
    this.#live();
    const generation = this.#generation;
    if (this.#workerSyncedTo !== generation) {
      await worker.load(this.payload);
      this.#workerSyncedTo = generation;
    }
    return worker;
  }

  /**
   * Frees the engine and ends the worker this scheduler made (an engine or worker passed in stays the caller's).
   * Idempotent; every later call throws EngineDisposedError.
   */
  async dispose() {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#unsubscribeAuth?.();
    this.#prefetcher?.stop();
    await this.#liveSync?.stop();
    this.#liveSync = null;
    if (this.#ownsEngine) this.#engine?.dispose();
    this.#engine = null;
    this.#loadedPayload = null;
    this.#payloadView = null;
    this.#rows = new Map();
    if (this.#workerOption === true && this.#workerPromise !== null) {
      const worker = await this.#workerPromise.catch(() => null);
      await worker?.dispose();
    }
  }

  [Symbol.asyncDispose ?? Symbol.for('Symbol.asyncDispose')]() {
    return this.dispose();
  }

  async initializeContext(schoolSite, { schoolId = null } = {}) {
    if (schoolSite == null && schoolId == null) {
      throw new TypeError('slotfit: initializeContext needs the school site and/or {schoolId}');
    }
    const key = JSON.stringify([schoolSite ?? null, schoolId ?? null]);
    if (this.#cache !== null && this.#cache.key !== key) {
      this.#cache = null;
      await this.#liveSync?.stop();
      this.#liveSync = null;
    }
    this.#context = { schoolSite: schoolSite ?? null, schoolId: schoolId ?? null, key,
      storeKey: cacheKey(this.#providerId, schoolSite, schoolId) };
    await this.#ensureLoaded();
    if (this.#liveOption !== false && this.#liveSync === null && this.#cache.source === 'rpc') this.#startLive();
    if (this.#prefetchOption !== false) this.#schedulePrefetch();
    return this.#summary();
  }

  #summary() {
    const stats = this.#engine.stats();
    return {
      source: this.#cache.source,
      incomplete: [...this.#cache.incomplete],
      students: stats.students,
      sessions: stats.sessions,
      placeholders: stats.placeholders,
      dataVersion: stats.dataVersion,
    };
  }

  #isFresh() {
    const c = this.#cache;
    return c !== null && !c.stale && this.#now() - c.loadedAt < this.#ttlMs;
  }

  invalidateCache() {
    if (this.#cache !== null) this.#cache.stale = true;
  }

  async #ensureLoaded() {
    this.#live();
    if (this.#context === null) {
      throw new SchedulerError('not-initialized', 'slotfit: call initializeContext(schoolSite) first');
    }
    if (this.#isFresh()) {
      this.#metrics.cache.hits += 1;
      return;
    }
    this.#metrics.cache.misses += 1;
    await this.#load();
  }

  #recordFetchError(where, error) {
    this.#fetchErrors.push({
      at: new Date(this.#now()).toISOString(), where, code: error?.code ?? null, message: error?.message ?? String(error),
    });
    if (this.#fetchErrors.length > MAX_FETCH_ERRORS) this.#fetchErrors.shift();
  }

  /**
   * One get_scheduling_data_batch call with the version the caller holds (null: none). Answers
   * {notModified: true, dataVersion} or {payload, text, bytes}; throws the typed errors of a failed read.
   * A database whose function still takes two arguments (PGRST202 naming it in the hint) is asked again without
   * the version.
   */
  async #readBatch(schoolSite, schoolId, known) {
    const args = { p_school_site: schoolSite, p_school_id: schoolId };
    if (this.#revalidateSupported) args.p_known_version = known;
    let answer;
    this.#busy += 1;
    this.#prefetcher?.cancel();
    try {
      this.#metrics.queries.total += 1;
      this.#metrics.queries.batch += 1;
      answer = await rpcWithTimeout(this.#supabase, 'get_scheduling_data_batch', args, this.#timeoutMs);
      // PostgREST names a near match in its hint ("Perhaps you meant to call … (p_school_id, p_school_site)"):
      // the database has the older two-argument function, which answers the full payload every time.
      if (answer?.error != null && 'p_known_version' in args && isFunctionMissing(answer.error, answer.status)
          && /get_scheduling_data_batch\(/.test(answer.error.hint ?? '')) {
        this.#revalidateSupported = false;
        this.#recordFetchError('get_scheduling_data_batch', answer.error);
        this.#metrics.queries.total += 1;
        this.#metrics.queries.batch += 1;
        answer = await rpcWithTimeout(this.#supabase, 'get_scheduling_data_batch',
          { p_school_site: schoolSite, p_school_id: schoolId }, this.#timeoutMs);
      }
    } catch (error) {
      this.#recordFetchError('get_scheduling_data_batch', error);
      if (error instanceof SchedulerError) throw error;
      throw new SchedulerError('fetch-failed', `slotfit: get_scheduling_data_batch failed: ${error?.message ?? error}`,
        { cause: error });
    } finally {
      this.#busy -= 1;
      this.#prefetcher?.schedule();
    }
    const { data, error, status } = answer ?? {};
    if (error != null && isFunctionMissing(error, status)) {
      this.#recordFetchError('get_scheduling_data_batch', error);
      return { missing: true };
    }
    if (isNoProfile(error)) {
      this.#recordFetchError('get_scheduling_data_batch', error);
      throw new SchedulerError('no-profile', 'slotfit: the signed-in user has no provider profile (profiles row); '
        + 'nothing to schedule', { details: error });
    }
    if (error != null) {
      this.#recordFetchError('get_scheduling_data_batch', error);
      throw new SchedulerError('fetch-failed',
        `slotfit: get_scheduling_data_batch failed: ${error.message ?? 'unknown error'}`, { details: error });
    }
    if (data == null || typeof data !== 'object' || Array.isArray(data)) {
      // An empty answer would look like a school without constraints; refuse it instead.
      const problem = new SchedulerError('empty-payload',
        'slotfit: get_scheduling_data_batch answered no payload; refusing to treat that as "no constraints"');
      this.#recordFetchError('get_scheduling_data_batch', problem);
      throw problem;
    }
    if (data.not_modified === true) {
      if (known == null || String(data.data_version) !== known) {
        const problem = new SchedulerError('fetch-failed', `slotfit: get_scheduling_data_batch answered not_modified `
          + `for version ${JSON.stringify(data.data_version)}, but ${JSON.stringify(known)} was sent`, { details: data });
        this.#recordFetchError('get_scheduling_data_batch', problem);
        throw problem;
      }
      this.#metrics.revalidations += 1;
      this.#metrics.notModified += 1;
      this.#metrics.bytesRead += byteLength(JSON.stringify(data));
      return { notModified: true, dataVersion: known };
    }
    if (known != null) this.#metrics.revalidations += 1;
    this.#metrics.fullReads += 1;
    const text = JSON.stringify(data);
    this.#metrics.bytesRead += byteLength(text);
    return { payload: data, text };
  }

  async #load() {
    const engine = await this.#getEngine();
    const { schoolSite, schoolId, key, storeKey } = this.#context;
    const t0 = performance.now();
    // The engine already holds this school: ask whether its version is still current. Otherwise the stored copy's.
    const holding = this.#cache !== null && this.#cache.key === key && this.#cache.source === 'rpc';
    const stored = holding ? null : await this.#store.read(storeKey);
    const known = holding ? engine.stats().dataVersion : stored?.dataVersion ?? null;
    const read = await this.#readBatch(schoolSite, schoolId, known);
    let payload;
    let source = 'rpc';
    if (read.notModified && holding) {
      this.#metrics.timings.fetchMs = performance.now() - t0;
      this.#cache = { ...this.#cache, loadedAt: this.#now(), stale: false };
      return;
    }
    if (read.notModified) {
      try {
        payload = JSON.parse(stored.text);
        this.#takePayload(engine, payload, stored.text, 'rpc', t0);
        this.#metrics.persisted.restores += 1;
        return;
      } catch (error) {
        // A stored copy the engine refuses: forget it and read the whole payload, as without a cache.
        this.#storageFailed({ operation: 'load', key: storeKey, error });
        await this.#store.forget(storeKey);
        return this.#load();
      }
    }
    if (read.missing) {
      source = 'fallback';
      try {
        payload = await readTablesFallback(this.#supabase, {
          providerId: this.#providerId,
          providerRole: this.#providerRole,
          schoolSite,
          schoolId,
          today: new Date(this.#now()),
          onQuery: () => {
            this.#metrics.queries.total += 1;
            this.#metrics.queries.fallback += 1;
          },
        });
      } catch (fallbackError) {
        this.#recordFetchError('fallback', fallbackError);
        throw fallbackError;
      }
      this.#takePayload(engine, payload, payload, source, t0);
      return;
    }
    try {
      this.#takePayload(engine, read.payload, read.text, source, t0);
    } catch (error) {
      // A partial or malformed payload: the engine kept its previous state, and nothing is stored.
      this.#recordFetchError('get_scheduling_data_batch', error);
      throw error;
    }
    await this.#persist();
  }

  // Loads the payload (its text when there is one: the faster path) and makes it the scheduler's state.
  #takePayload(engine, payload, loadable, source, t0) {
    const t1 = performance.now();
    engine.load(loadable);  // a PayloadError leaves the previous state (and cache entry) as they were
    const t2 = performance.now();
    this.#metrics.timings.fetchMs = t1 - t0;
    this.#metrics.timings.parseAndIndexMs = t2 - t1;
    this.#rows = new Map(payload.sessions.map((row) => [row.id, row]));
    this.#removedRows = new Map();
    this.#loadedPayload = payload;
    this.#payloadView = null;
    this.#generation += 1;
    this.#minutesByStudent = new Map(payload.students.map((s) => [s.id, s.minutes_per_session]));
    this.#cache = {
      key: this.#context.key, loadedAt: this.#now(), source, incomplete: [...(payload.incomplete ?? [])], stale: false,
    };
  }

  // Stores the current payload (with every save and delta since applied) for the next page load.
  async #persist() {
    if (!this.#store.enabled || this.#cache?.source !== 'rpc' || this.#loadedPayload === null) return;
    const view = this.payload;
    if (view.data_version == null) return;
    if (await this.#store.write(this.#providerId, this.#context.storeKey, view.data_version, JSON.stringify(view), this.#now())) {
      this.#metrics.persisted.writes += 1;
    }
  }

  // ---- prefetch (live/prefetch.js) ----

  #schedulePrefetch() {
    if (!this.#store.enabled || this.#cache?.source !== 'rpc') return;
    const options = typeof this.#prefetchOption === 'object' && this.#prefetchOption !== null ? this.#prefetchOption : {};
    this.#prefetcher ??= new Prefetcher({
      providerId: this.#providerId,
      store: this.#store,
      current: () => this.#context?.storeKey ?? null,
      busy: () => this.#busy > 0 || this.#disposed,
      linkedSchools: async () => {
        if (Array.isArray(options.schools)) return options.schools;
        this.#metrics.queries.total += 1;
        const { data, error } = await this.#supabase.from('provider_schools').select('school_id, school_site')
          .eq('provider_id', this.#providerId);
        if (error != null) throw new SchedulerError('fetch-failed', `slotfit: prefetch could not list the linked schools: ${error.message}`, { details: error });
        return (data ?? []).map((row) => ({ schoolSite: row.school_site ?? null, schoolId: row.school_id ?? null }));
      },
      rpc: (fn, args, signal) => {
        this.#metrics.queries.total += 1;
        let call = this.#supabase.rpc(fn, args);
        if (typeof call?.abortSignal === 'function') call = call.abortSignal(signal);
        // A client without abortSignal is only abandoned: its answer is dropped when it comes.
        return Promise.race([Promise.resolve(call), new Promise((_, reject) => {
          signal.addEventListener('abort', () => reject(signal.reason), { once: true });
        })]);
      },
      report: (error) => {
        this.#recordFetchError('prefetch', error);
        this.#emit('error', { source: 'prefetch', error });
      },
    }, options);
    this.#prefetcher.schedule();
  }

  // ---- pushed changes (live/realtime.js calls these) ----

  #startLive() {
    const options = typeof this.#liveOption === 'object' && this.#liveOption !== null ? this.#liveOption : {};
    const { schoolSite, schoolId } = this.#context;
    const school = String(schoolId ?? schoolSite).replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 80);
    this.#liveSync = new LiveSync({
      applyPushed: (changes, templateVersion) => this.#applyPushed(changes, templateVersion),
      revalidate: (reasons) => this.#revalidatePushed(reasons),
      adopt: (message) => this.#adopt(message),
      concerns: (notice) => this.#concerns(notice),
      report: (error) => {
        this.#recordFetchError('realtime', error);
        this.#emit('error', { source: 'realtime', error });
      },
    }, { supabase: this.#supabase, providerId: this.#providerId, topic: `slotfit-${this.#providerId}-${school}`, ...options });
    this.#liveSync.start();
  }

  /**
   * Applies pushed session changes ({op, row | id, by}) to the engine and moves the `t` part of data_version to
   * `templateVersion`; emits one 'change' per writer. Answers {revalidate: true} when a row belongs elsewhere.
   * Throws PayloadError (nothing applied) when the engine refuses a row.
   */
  #applyPushed(changes, templateVersion = null) {
    if (this.#disposed || this.#engine === null || this.#cache === null) return null;
    const applied = [];
    const engineChanges = [];
    let elsewhere = false;
    for (const change of changes) {
      if (change.op === 'remove') {
        const old = this.#rows.get(change.id);
        if (old === undefined) {
          // not loaded: removed already, or a session at another school (busy time here)
          elsewhere ||= change.by !== 'another-tab' && !this.#removedRows.has(change.id);
          continue;
        }
        engineChanges.push({ op: 'remove', id: change.id });
        applied.push({ change, old });
      } else if (!this.#engine.hasStudent(change.row.student_id)) {
        elsewhere = true;
      } else {
        const old = this.#rows.get(change.row.id);
        const row = { ...(old ?? this.#removedRows.get(change.row.id) ?? this.#insertDefaults()), ...change.row };
        if (old !== undefined && sameSession(old, row)) continue;  // an echo of what the engine holds
        engineChanges.push({ op: 'upsert', ...row });
        applied.push({ change: { ...change, row }, old });
      }
    }
    if (engineChanges.length > 0) {
      this.#engine.applyChanges(engineChanges);  // all or nothing: on a refusal nothing below runs
      for (const { change, old } of applied) {
        if (change.op === 'remove') {
          this.#removedRows.set(change.id, old);
          this.#rows.delete(change.id);
        } else {
          this.#removedRows.delete(change.row.id);
          this.#rows.set(change.row.id, change.row);
        }
      }
      this.#metrics.deltasApplied += engineChanges.length;
    }
    const versionMoved = this.#adoptTemplateVersion(templateVersion);
    if (engineChanges.length === 0 && !versionMoved) return { revalidate: elsewhere };
    this.#payloadView = null;
    this.#generation += 1;
    this.#persistSoon();
    const sessions = applied.map(({ change, old }) => describeMove(change.op === 'remove' ? change.id : change.row.id,
      old, change.op === 'remove' ? null : change.row, change.by));
    for (const by of new Set(sessions.map((m) => m.by))) {
      this.#emit('change', { source: 'push', by, tables: ['schedule_sessions'], sessions: sessions.filter((m) => m.by === by),
        dataVersion: this.#engine.stats().dataVersion });
    }
    return { revalidate: elsewhere, sessions };
  }

  // data_version is `t<T>.p<P>.s<S>.c<C>.y<Y>` (README "Live data"): a pushed row's template_version is the new T.
  // Never backwards (a late echo), and a version of another shape is left alone (the next save may then be stale).
  #adoptTemplateVersion(templateVersion) {
    if (!Number.isInteger(templateVersion)) return false;
    const version = this.#engine.stats().dataVersion;
    const m = /^t(\d+)(\..*)$/.exec(version ?? '');
    if (m === null || Number(m[1]) >= templateVersion) return false;
    this.#engine.setDataVersion(`t${templateVersion}${m[2]}`);
    return true;
  }

  // Is a data_change_notice about the loaded school? (both keys null: every school of the provider)
  #concerns(notice) {
    if (this.#context === null) return false;
    if (notice.school_id == null && notice.school_site == null) return true;
    if (notice.school_id != null && this.#context.schoolId != null) return notice.school_id === this.#context.schoolId;
    return notice.school_site != null && notice.school_site === this.#context.schoolSite;
  }

  // Stores after pushed changes without making the pusher wait; writes are chained so the last one wins.
  #persistChain = Promise.resolve();
  #persistSoon() {
    this.#persistChain = this.#persistChain.then(() => this.#persist()).catch(() => {});
  }

  /** One revalidation for pushed "something changed" notices; answers the version now loaded. */
  async #revalidatePushed(reasons) {
    if (this.#disposed || this.#context === null || this.#cache === null) return null;
    const before = this.#rows;
    const version = this.#engine.stats().dataVersion;
    this.#cache.stale = true;
    await this.#ensureLoaded();
    const now = this.#engine.stats().dataVersion;
    if (now !== version) this.#emitReloaded(before, reasons, 'revalidation');
    return now;
  }

  #emitReloaded(before, reasons, source) {
    const sessions = [];
    for (const [id, row] of this.#rows) {
      const old = before.get(id);
      if (old === undefined || !sameSession(old, row)) sessions.push(describeMove(id, old, row, 'someone-else'));
    }
    for (const [id, old] of before) if (!this.#rows.has(id)) sessions.push(describeMove(id, old, null, 'someone-else'));
    this.#emit('change', { source, by: 'someone-else', tables: reasons.filter((r) => r !== 'reconnected'), reasons, sessions,
      dataVersion: this.#engine.stats().dataVersion });
  }

  /** What another tab of this browser did: its save (rows and version), or a revalidation it stored. */
  async #adopt(message) {
    if (this.#disposed || this.#engine === null || this.#cache === null) return;
    if (message.kind === 'saved') {
      const changes = message.rows.map((row) => (isRemoval(row) ? { op: 'remove', id: row.id, by: 'another-tab' }
        : { op: 'upsert', row: sessionOf(pickWriteKeys(row)), by: 'another-tab' }));
      try {
        this.#applyPushed(changes);
      } catch (error) {
        this.#emit('error', { source: 'realtime', error });
        this.#cache.stale = true;
        return;
      }
      // Only the template part: this tab's other parts may be newer than the saving tab's.
      const t = /^t(\d+)\./.exec(String(message.dataVersion));
      if (t !== null) this.#adoptTemplateVersion(Number(t[1]));
      else this.#engine.setDataVersion(String(message.dataVersion));
      this.#payloadView = null;
      this.#persistSoon();
      return;
    }
    if (message.dataVersion === this.#engine.stats().dataVersion) return;
    const stored = await this.#store.read(this.#context.storeKey);
    if (stored !== null && stored.dataVersion === message.dataVersion) {
      const before = this.#rows;
      try {
        this.#takePayload(this.#engine, JSON.parse(stored.text), stored.text, 'rpc', performance.now());
        this.#metrics.persisted.restores += 1;
        this.#emitReloaded(before, message.reasons ?? [], 'tab');
        return;
      } catch (error) {
        this.#storageFailed({ operation: 'load', key: this.#context.storeKey, error });
      }
    }
    await this.#revalidatePushed(message.reasons ?? []);
  }

  async scheduleBatch(students, { save = true, strategy = 'balanced', allowIncomplete = false, effort = 'default', timeLimitMs } = {}) {
    await this.#ensureLoaded();
    const studentIds = students == null ? undefined
      : Array.from(students, (s) => (typeof s === 'object' && s !== null ? s.id : s));
    const t0 = performance.now();
    const options = { strategy, studentIds, allowIncomplete, effort, timeLimitMs };
    // With a worker the page engine stays free for checks and conflict maps while this runs.
    const worker = this.#workerOption === false ? null : await this.#syncedWorker();
    const basis = this.#engine.stats().dataVersion;  // what the proposal is computed on (the worker holds the same)
    const result = worker === null ? this.#engine.autoSchedule(options) : await worker.autoSchedule(options);
    this.#computedOn.set(result, basis);
    this.#metrics.timings.scheduleMs = performance.now() - t0;
    this.#metrics.candidatesEvaluated += result.stats.candidatesEvaluated;
    const refused = result.errors.find((e) => e.code === 'incomplete-payload');
    if (refused !== undefined) {
      throw new SchedulerError('incomplete-payload', `slotfit: ${refused.message}`, { details: result });
    }
    const outcome = { ...result, source: this.#cache.source, incomplete: [...this.#cache.incomplete] };
    if (!save) {
      const proposal = { ...outcome, saved: false };
      this.#computedOn.set(proposal, basis);
      return proposal;
    }
    return { ...outcome, saved: true, ...(await this.save(result)) };
  }

  async save(result) {
    this.#live();
    if (result == null || !Array.isArray(result.placements)) {
      throw new TypeError('slotfit: save() takes the result of scheduleBatch(…, {save: false})');
    }
    let pending = this.#pendingSaves.get(result);
    if (pending === undefined) {
      // uuids and the request id are made once per result, so that saving it again is a retry, not a second write
      const rows = result.placements.map((p) => pickWriteKeys(p.id == null ? { ...p, id: newRequestId() } : p));
      // A group the proposal joins takes its label on every member: the loaded ones are written with it too.
      for (const group of result.groups ?? []) {
        for (const id of group.sessionIds) {
          const known = this.#rows.get(id);
          if (known !== undefined && known.group_ref !== group.groupRef) {
            rows.push(pickWriteKeys({ ...known, group_ref: group.groupRef }));
          }
        }
      }
      pending = { rows, requestId: newRequestId() };
      this.#pendingSaves.set(result, pending);
    }
    if (pending.rows.length === 0) {
      return { written: 0, ids: [], inserted: 0, updated: 0, removed: 0,
        dataVersion: this.#engine?.stats().dataVersion ?? null, requestId: null };
    }
    // A change pushed since the proposal was computed (which moves the version's template part, as the database
    // compares it) makes the proposal stale, as a save against the old version would be: refused before sending.
    const basis = this.#computedOn.get(result);
    const current = this.#engine?.stats().dataVersion ?? null;
    if (basis !== undefined && basis !== null && current !== null && templatePart(basis) !== templatePart(current)
        && !this.#appliedRequests.has(pending.requestId)) {
      this.invalidateCache();
      throw new StaleVersionError(`slotfit: the schedule changed since this proposal was computed (${basis}, now `
        + `${current}); nothing was written: schedule again`, { sentVersion: basis, currentVersion: current });
    }
    return this.#write(pending.rows, pending.requestId);
  }

  /**
   * Writes rows with one apply_schedule call: session rows (a new id inserts; a loaded id is merged over its loaded
   * row, so a partial row moves it) and {op: 'remove', id} removals. Saving the same array again is a retry.
   */
  async saveRows(rows) {
    this.#live();
    if (!Array.isArray(rows)) throw new TypeError('slotfit: saveRows takes an array of rows');
    let pending = this.#pendingSaves.get(rows);
    if (pending === undefined) {
      const out = rows.map((row, i) => {
        if (row === null || typeof row !== 'object') throw new TypeError(`slotfit: saveRows: row ${i} is not an object`);
        if (isRemoval(row)) {
          if (typeof row.id !== 'string' || !this.#rows.has(row.id)) {
            throw new RangeError(`slotfit: saveRows: row ${i} removes ${JSON.stringify(row.id)}, which is not a loaded session`);
          }
          return { op: 'remove', id: row.id };
        }
        if (row.op !== undefined && row.op !== 'upsert') {
          throw new TypeError(`slotfit: saveRows: row ${i} has op ${JSON.stringify(row.op)}; use 'remove' or leave op out`);
        }
        const known = row.id == null ? undefined : this.#rows.get(row.id) ?? this.#removedRows.get(row.id);
        if (known === undefined) this.#checkInsert(row, i);
        return pickWriteKeys({ ...(known ?? this.#insertDefaults()), ...row, id: row.id ?? newRequestId() });
      });
      pending = { rows: out, requestId: newRequestId() };
      this.#pendingSaves.set(rows, pending);
    }
    if (pending.rows.length === 0) {
      return { written: 0, ids: [], inserted: 0, updated: 0, removed: 0,
        dataVersion: this.#engine?.stats().dataVersion ?? null, requestId: null };
    }
    return this.#write(pending.rows, pending.requestId);
  }

  // The columns an insert leaves out, as apply_schedule fills them: sent explicitly, so the engine takes the same row.
  #insertDefaults() {
    return {
      service_type: this.#providerRole, delivered_by: 'provider', assigned_to_sea_id: null,
      assigned_to_specialist_id: null, status: 'active', group_ref: null,
    };
  }

  // Refused here rather than by the engine after the database took it.
  #checkInsert(row, i) {
    if (typeof row.student_id !== 'string' || this.#engine?.hasStudent(row.student_id) !== true) {
      throw new RangeError(`slotfit: saveRows: row ${i} inserts a session for ${JSON.stringify(row.student_id)}, `
        + 'which is not a loaded student');
    }
    for (const key of ['day_of_week', 'start_time', 'end_time']) {
      if (!(key in row)) throw new TypeError(`slotfit: saveRows: row ${i} inserts a session without ${key} (null for a placeholder)`);
    }
  }

  async moveSession(sessionId, { day, start, minutes } = {}, { allowConflict = true } = {}) {
    await this.#ensureLoaded();
    const row = this.#rowOf(sessionId);
    const startMin = toMinutes(start);
    const length = minutes ?? (row.day_of_week == null
      ? this.#minutesByStudent.get(row.student_id)
      : toMinutes(row.end_time, 'end_time') - toMinutes(row.start_time));
    if (!Number.isInteger(length) || length <= 0) {
      throw new RangeError(`slotfit: session ${sessionId} has no length; pass {minutes}`);
    }
    const conflicts = this.#engine.check({
      studentId: row.student_id, day, start: startMin, minutes: length, ignoreSessionId: sessionId,
    });
    if (conflicts.length > 0 && !allowConflict) return { saved: false, conflicts };
    const moved = {
      ...row,
      day_of_week: day,
      start_time: formatTime(startMin, { seconds: true }),
      end_time: formatTime(startMin + length, { seconds: true }),
      status: conflicts.length > 0 ? 'needs_attention' : 'active',
      has_conflict: conflicts.length > 0,
      conflict_reason: conflicts.length > 0 ? conflicts.map((c) => `${c.kind}: ${c.message}`).join('; ') : null,
    };
    const written = await this.#write([pickWriteKeys(moved)], newRequestId());
    return { saved: true, conflicts, row: moved, ...written };
  }

  async unscheduleSession(sessionId) {
    await this.#ensureLoaded();
    const row = this.#rowOf(sessionId);
    const cleared = {
      ...row, day_of_week: null, start_time: null, end_time: null, status: 'active', has_conflict: false,
      conflict_reason: null,
    };
    const written = await this.#write([pickWriteKeys(cleared)], newRequestId());
    return { saved: true, row: cleared, ...written };
  }

  #rowOf(sessionId) {
    const row = this.#rows.get(sessionId);
    if (row === undefined) throw new RangeError(`slotfit: no loaded session has id ${JSON.stringify(sessionId)}`);
    return row;
  }

  async #write(rows, requestId) {
    this.#live();
    const engine = this.#engine;
    if (engine === null || this.#cache === null) {
      throw new SchedulerError('not-initialized', 'slotfit: nothing is loaded; call initializeContext first');
    }
    const dataVersion = engine.stats().dataVersion;
    if (dataVersion == null) {
      throw new SchedulerError('data-version-unknown', 'slotfit: the loaded payload has no data_version (the '
        + 'fallback read cannot see it), so a save could overwrite newer changes; install get_scheduling_data_batch');
    }
    const args = { p_rows: rows, p_data_version: dataVersion, p_request_id: requestId };
    const t0 = performance.now();
    let answer;
    let timedOut = false;
    this.#liveSync?.expect(requestId);
    this.#busy += 1;
    this.#prefetcher?.cancel();
    try {
      for (let attempt = 1; ; attempt += 1) {
        this.#metrics.queries.total += 1;
        this.#metrics.queries.write += 1;
        timedOut = false;
        try {
          answer = await rpcWithTimeout(this.#supabase, 'apply_schedule', args, this.#timeoutMs);
        } catch (error) {
          // A timeout or a dropped connection: the write may or may not have committed. The same request id makes
          // the retry safe: the database answers a repeated id with its first answer.
          timedOut = error instanceof SchedulerError && error.code === 'timeout';
          answer = { data: null, error: { message: String(error?.message ?? error), code: '' }, status: 0 };
        }
        if (!isTransient(answer.error, answer.status) || attempt >= 3) break;
      }
    } finally {
      this.#busy -= 1;
      this.#prefetcher?.schedule();
    }
    this.#metrics.timings.saveMs = performance.now() - t0;
    const { data, error, status } = answer;
    if (error != null && timedOut) {
      throw new SchedulerError('timeout', `slotfit: apply_schedule did not answer within ${this.#timeoutMs} ms, three `
        + 'times; the write may have been made: save the same rows again (same request id) or reload', { details: error });
    }
    if (error != null) {
      if (error.code === 'PT409') {
        this.invalidateCache();
        throw new StaleVersionError(error.message ?? 'slotfit: stale data_version; nothing was written',
          { ...versionsFrom(error.message), cause: error });
      }
      if (isFunctionMissing(error, status)) {
        throw new SchedulerError('write-rpc-missing', 'slotfit: apply_schedule is not installed in this database; '
          + 'nothing was written (the package never falls back to row-by-row table writes)', { details: error });
      }
      throw new SchedulerError('save-failed', `slotfit: apply_schedule failed: ${error.message ?? 'unknown error'}`,
        { details: error });
    }
    if (data == null || typeof data !== 'object' || data.data_version == null || !Array.isArray(data.ids)) {
      this.invalidateCache();
      throw new SchedulerError('save-failed', 'slotfit: apply_schedule answered without data_version and ids; '
        + 'whether it wrote is unknown, so the next call reloads', { details: answer });
    }
    const outcome = {
      written: rows.length, ids: data.ids, inserted: data.inserted, updated: data.updated, removed: data.removed ?? 0,
      dataVersion: String(data.data_version), requestId,
    };
    if (this.#appliedRequests.has(requestId)) return outcome;
    this.#appliedRequests.add(requestId);
    // The database has the rows: the engine takes them and the new version, so it stays current without a reload.
    const { relabelled } = engine.applyChanges(rows.map((row) => (isRemoval(row) ? row : { op: 'upsert', ...sessionOf(row) })));
    engine.setDataVersion(String(data.data_version));
    for (const row of rows) {
      if (isRemoval(row)) {
        this.#removedRows.set(row.id, this.#rows.get(row.id));
        this.#rows.delete(row.id);
      } else {
        // A new row takes the columns it leaves out from the table's defaults, as apply_schedule's insert does.
        const base = this.#rows.get(row.id) ?? this.#removedRows.get(row.id) ?? this.#insertDefaults();
        this.#removedRows.delete(row.id);
        this.#rows.set(row.id, { ...base, ...sessionOf(row) });
      }
    }
    // The group label rule (the same in apply_schedule) may have set labels the rows did not say: keep the copies
    // equal, so that a later move sends the label the session has, not one it had.
    for (const { sessionId, groupRef } of relabelled) {
      const row = this.#rows.get(sessionId);
      if (row !== undefined) this.#rows.set(sessionId, { ...row, group_ref: groupRef });
    }
    this.#payloadView = null;
    this.#generation += 1;
    this.#liveSync?.announceSave(requestId, rows, outcome.dataVersion);
    await this.#persist();
    return outcome;
  }

  getPerformanceMetrics() {
    const m = this.#metrics;
    const c = this.#cache;
    const lookups = m.cache.hits + m.cache.misses;
    return {
      queries: { ...m.queries },
      cache: { hits: m.cache.hits, misses: m.cache.misses, hitRate: lookups === 0 ? 0 : m.cache.hits / lookups },
      candidatesEvaluated: m.candidatesEvaluated,
      timings: { ...m.timings },
      staleness: {
        loadedAt: c === null ? null : new Date(c.loadedAt).toISOString(),
        ageMs: c === null ? null : this.#now() - c.loadedAt,
        ttlMs: this.#ttlMs,
        stale: c === null ? true : !this.#isFresh(),
        dataVersion: this.#engine?.loaded ? this.#engine.stats().dataVersion : null,
      },
      fullReads: m.fullReads,
      revalidations: m.revalidations,
      notModified: m.notModified,
      deltasApplied: m.deltasApplied,
      bytesRead: m.bytesRead,
      persisted: { storage: this.#storageKind, ...m.persisted },
      prefetch: this.#prefetcher === null ? null : { ...this.#prefetcher.counts },
      realtime: this.#liveSync?.status() ?? null,
      source: c?.source ?? null,
      incomplete: c === null ? [] : [...c.incomplete],
      fetchErrors: this.#fetchErrors.map((e) => ({ ...e })),
    };
  }
}
