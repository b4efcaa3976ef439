// The Supabase data layer: one RPC read per (cold or stale) load, one RPC write per save, and the engine kept
// current in between so that a warm cache answers without any query. This file keeps the state and the order of
// things; what a read, a write, a proposal's rows and a pushed change are lives in scheduler/.
import { createEngine, toMinutes } from './engine.js';
import { readTablesFallback } from './fallback.js';
import { EngineDisposedError, SchedulerError, StaleVersionError } from './errors.js';
import { createWorkerEngine } from './worker-client.js';
import { PayloadStore, cacheKey } from './live/storage.js';
import { LiveSync } from './live/realtime.js';
import { Prefetcher } from './live/prefetch.js';
import { callApplySchedule } from './scheduler/apply-schedule.js';
import { BatchReader } from './scheduler/batch-read.js';
import { templateNumber, templatePart, withTemplate } from './scheduler/data-version.js';
import { FetchErrorLog, metricsReport, newMetrics } from './scheduler/metrics.js';
import { optionObject, schedulerOptions } from './scheduler/options.js';
import { payloadView } from './scheduler/payload-view.js';
import { prefetchQueries } from './scheduler/prefetch-queries.js';
import { proposalRows } from './scheduler/proposal.js';
import { concerns, planPushed } from './scheduler/pushed.js';
import {
  SessionRows, describeMove, insertDefaults, isRemoval, movesBetween, newRequestId, pickWriteKeys, placedRow, sessionOf,
} from './scheduler/rows.js';
import { rowsToSave } from './scheduler/save-rows.js';
import { takeWrittenRows } from './scheduler/write-back.js';

export { isFunctionMissing } from './scheduler/postgrest.js';

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
  #cache = null;  // {key, loadedAt, source, incomplete, stale}
  #rows = new SessionRows();
  #appliedRequests = new Set();  // request ids whose rows the engine has taken: a retry's replayed answer changes nothing
  #minutesByStudent = new Map();
  #pendingSaves = new WeakMap();  // result -> {rows, requestId}: a repeated save() of one result is a retry
  #computedOn = new WeakMap();  // scheduleBatch result -> the data_version it was computed on
  #fetchErrors = new FetchErrorLog();
  #metrics = newMetrics();
  #reader;
  #storageKind;
  #store;
  #timeoutMs;
  #listeners = new Map();  // event -> Set of listeners
  #liveSync = null;  // LiveSync while subscribed
  #liveOption;
  #prefetchOption;
  #prefetcher = null;
  #unsubscribeAuth = null;
  #busy = 0;  // reads and writes in flight: prefetching waits for none

  constructor(providerId, providerRole, options) {
    const o = schedulerOptions(options);
    this.#providerId = providerId;
    this.#providerRole = providerRole;
    this.#supabase = o.supabase;
    this.#ttlMs = o.ttlMs;
    this.#now = o.now;
    this.#engineOptions = o.engineOptions;
    if (o.engine !== undefined) {
      this.#engine = o.engine;
      this.#ownsEngine = false;
    }
    this.#workerOption = o.worker;
    this.#timeoutMs = o.timeoutMs;
    this.#storageKind = o.storageKind;
    this.#store = new PayloadStore(o.storageAdapter, { onError: (report) => this.#storageFailed(report) });
    this.#liveOption = o.realtime;
    this.#prefetchOption = o.prefetch;
    this.#reader = new BatchReader({
      supabase: o.supabase, timeoutMs: o.timeoutMs, metrics: this.#metrics,
      recordFetchError: (where, error) => this.#recordFetchError(where, error),
    });
    // Sign-out clears what is stored for this provider: student data must not stay at rest.
    const listener = o.supabase.auth?.onAuthStateChange?.((event) => {
      if (event === 'SIGNED_OUT') this.clearCache().catch(() => {});
    });
    const subscription = listener?.data?.subscription;
    if (typeof subscription?.unsubscribe === 'function') this.#unsubscribeAuth = () => subscription.unsubscribe();
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
    this.#payloadView ??= payloadView(this.#loadedPayload, this.#rows.loaded.values(), this.#engine.stats().dataVersion);
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
    this.#rows = new SessionRows();
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
    this.#fetchErrors.record(this.#now(), where, error);
  }

  // A read or write in flight: prefetching waits until none is.
  async #exclusive(fn) {
    this.#busy += 1;
    this.#prefetcher?.cancel();
    try {
      return await fn();
    } finally {
      this.#busy -= 1;
      this.#prefetcher?.schedule();
    }
  }

  async #load() {
    const engine = await this.#getEngine();
    const { schoolSite, schoolId, key, storeKey } = this.#context;
    const t0 = performance.now();
    // The engine already holds this school: ask whether its version is still current. Otherwise the stored copy's.
    const holding = this.#cache !== null && this.#cache.key === key && this.#cache.source === 'rpc';
    const stored = holding ? null : await this.#store.read(storeKey);
    const known = holding ? engine.stats().dataVersion : stored?.dataVersion ?? null;
    const read = await this.#exclusive(() => this.#reader.read(schoolSite, schoolId, known));
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
    this.#rows = new SessionRows(payload.sessions);
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
    const options = optionObject(this.#prefetchOption);
    this.#prefetcher ??= new Prefetcher({
      providerId: this.#providerId,
      store: this.#store,
      current: () => this.#context?.storeKey ?? null,
      busy: () => this.#busy > 0 || this.#disposed,
      ...prefetchQueries(this.#supabase, this.#providerId, {
        schools: options.schools,
        counted: () => {
          this.#metrics.queries.total += 1;
        },
      }),
      report: (error) => {
        this.#recordFetchError('prefetch', error);
        this.#emit('error', { source: 'prefetch', error });
      },
    }, options);
    this.#prefetcher.schedule();
  }

  // ---- pushed changes (live/realtime.js calls these) ----

  #startLive() {
    const options = optionObject(this.#liveOption);
    const { schoolSite, schoolId } = this.#context;
    const school = String(schoolId ?? schoolSite).replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 80);
    this.#liveSync = new LiveSync({
      applyPushed: (changes, templateVersion) => this.#applyPushed(changes, templateVersion),
      revalidate: (reasons) => this.#revalidatePushed(reasons),
      adopt: (message) => this.#adopt(message),
      concerns: (notice) => concerns(notice, this.#context),
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
    const { engineChanges, applied, elsewhere } = planPushed(changes, {
      sessions: this.#rows, hasStudent: (id) => this.#engine.hasStudent(id), defaults: this.#insertDefaults(),
    });
    if (engineChanges.length > 0) {
      this.#engine.applyChanges(engineChanges);  // all or nothing: on a refusal nothing below runs
      for (const { change } of applied) {
        if (change.op === 'remove') this.#rows.remove(change.id);
        else this.#rows.put(change.row);
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

  // A pushed row's template_version is the new T of data_version (scheduler/data-version.js).
  #adoptTemplateVersion(templateVersion) {
    const version = withTemplate(this.#engine.stats().dataVersion, templateVersion);
    if (version === null) return false;
    this.#engine.setDataVersion(version);
    return true;
  }

  // Stores after pushed changes without making the pusher wait; writes are chained so the last one wins.
  #persistChain = Promise.resolve();
  #persistSoon() {
    this.#persistChain = this.#persistChain.then(() => this.#persist()).catch(() => {});
  }

  /** One revalidation for pushed "something changed" notices; answers the version now loaded. */
  async #revalidatePushed(reasons) {
    if (this.#disposed || this.#context === null || this.#cache === null) return null;
    const before = this.#rows.loaded;
    const version = this.#engine.stats().dataVersion;
    this.#cache.stale = true;
    await this.#ensureLoaded();
    const now = this.#engine.stats().dataVersion;
    if (now !== version) this.#emitReloaded(before, reasons, 'revalidation');
    return now;
  }

  #emitReloaded(before, reasons, source) {
    const sessions = movesBetween(before, this.#rows.loaded);
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
      const t = templateNumber(message.dataVersion);
      if (t !== null) this.#adoptTemplateVersion(t);
      else this.#engine.setDataVersion(String(message.dataVersion));
      this.#payloadView = null;
      this.#persistSoon();
      return;
    }
    if (message.dataVersion === this.#engine.stats().dataVersion) return;
    const stored = await this.#store.read(this.#context.storeKey);
    if (stored !== null && stored.dataVersion === message.dataVersion) {
      const before = this.#rows.loaded;
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
      pending = { rows: proposalRows(result, this.#rows.loaded), requestId: newRequestId() };
      this.#pendingSaves.set(result, pending);
    }
    if (pending.rows.length === 0) return this.#nothingWritten();
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
      const out = rowsToSave(rows, {
        sessions: this.#rows, defaults: this.#insertDefaults(), hasStudent: (id) => this.#engine?.hasStudent(id),
      });
      pending = { rows: out, requestId: newRequestId() };
      this.#pendingSaves.set(rows, pending);
    }
    if (pending.rows.length === 0) return this.#nothingWritten();
    return this.#write(pending.rows, pending.requestId);
  }

  #nothingWritten() {
    return { written: 0, ids: [], inserted: 0, updated: 0, removed: 0,
      dataVersion: this.#engine?.stats().dataVersion ?? null, requestId: null };
  }

  #insertDefaults() {
    return insertDefaults(this.#providerRole);
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
    const moved = placedRow(row, { day, start: startMin, end: startMin + length }, conflicts);
    const written = await this.#write([pickWriteKeys(moved)], newRequestId());
    return { saved: true, conflicts, row: moved, ...written };
  }

  async unscheduleSession(sessionId) {
    await this.#ensureLoaded();
    const row = this.#rowOf(sessionId);
    const cleared = placedRow(row, null);
    const written = await this.#write([pickWriteKeys(cleared)], newRequestId());
    return { saved: true, row: cleared, ...written };
  }

  #rowOf(sessionId) {
    const row = this.#rows.loaded.get(sessionId);
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
    const t0 = performance.now();
    this.#liveSync?.expect(requestId);
    let data;
    try {
      data = await this.#exclusive(() => callApplySchedule(this.#supabase, {
        rows, dataVersion, requestId, timeoutMs: this.#timeoutMs,
        onAttempt: () => {
          this.#metrics.queries.total += 1;
          this.#metrics.queries.write += 1;
        },
        onUnknownState: () => this.invalidateCache(),
      }));
    } finally {
      this.#metrics.timings.saveMs = performance.now() - t0;
    }
    const outcome = {
      written: rows.length, ids: data.ids, inserted: data.inserted, updated: data.updated, removed: data.removed ?? 0,
      dataVersion: String(data.data_version), requestId,
    };
    if (this.#appliedRequests.has(requestId)) return outcome;
    this.#appliedRequests.add(requestId);
    takeWrittenRows(engine, this.#rows, rows, outcome.dataVersion, this.#insertDefaults());
    this.#payloadView = null;
    this.#generation += 1;
    this.#liveSync?.announceSave(requestId, rows, outcome.dataVersion);
    await this.#persist();
    return outcome;
  }

  getPerformanceMetrics() {
    return metricsReport(this.#metrics, {
      cache: this.#cache, now: this.#now(), ttlMs: this.#ttlMs, fresh: this.#isFresh(),
      dataVersion: this.#engine?.loaded ? this.#engine.stats().dataVersion : null,
      storage: this.#storageKind,
      prefetch: this.#prefetcher === null ? null : { ...this.#prefetcher.counts },
      realtime: this.#liveSync?.status() ?? null,
      fetchErrors: this.#fetchErrors.list(),
    });
  }
}
