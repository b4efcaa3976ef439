// The Supabase data layer: one RPC read per (cold or stale) load, one RPC write per save, and the engine kept
// current in between so that a warm cache answers without any query.
import { createEngine, toMinutes } from './engine.js';
import { readTablesFallback } from './fallback.js';
import { EngineDisposedError, SchedulerError, StaleVersionError } from './errors.js';
import { formatTime } from './time.js';
import { createWorkerEngine, WorkerEngine } from './worker-client.js';

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

// get_scheduling_data_batch's refusal when the caller has no profiles row (42501 is also "not linked").
function isNoProfile(error) {
  return error?.code === '42501' && /no provider profile/.test(error.message ?? '');
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
  #fetchErrors = [];
  #metrics = {
    queries: { total: 0, batch: 0, fallback: 0, write: 0 },
    cache: { hits: 0, misses: 0 },
    candidatesEvaluated: 0,
    timings: { fetchMs: 0, parseAndIndexMs: 0, scheduleMs: 0, saveMs: 0 },
  };

  constructor(providerId, providerRole, {
    supabase, cacheTtlMs = DEFAULT_TTL_MS, engine, engineOptions, worker = false, now,
  } = {}) {
    if (supabase == null || typeof supabase.rpc !== 'function') {
      throw new TypeError('slotfit: OptimizedScheduler needs {supabase}, a Supabase client');
    }
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
    if (this.#cache !== null && this.#cache.key !== key) this.#cache = null;
    this.#context = { schoolSite: schoolSite ?? null, schoolId: schoolId ?? null, key };
    await this.#ensureLoaded();
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

  async #load() {
    const engine = await this.#getEngine();
    const { schoolSite, schoolId, key } = this.#context;
    const t0 = performance.now();
    let payload;
    let source = 'rpc';
    let answer;
    try {
      this.#metrics.queries.total += 1;
      this.#metrics.queries.batch += 1;
      answer = await this.#supabase.rpc('get_scheduling_data_batch', { p_school_site: schoolSite, p_school_id: schoolId });
    } catch (error) {
      this.#recordFetchError('get_scheduling_data_batch', error);
      throw new SchedulerError('fetch-failed', `slotfit: get_scheduling_data_batch failed: ${error?.message ?? error}`,
        { cause: error });
    }
    const { data, error, status } = answer;
    if (error != null && isFunctionMissing(error, status)) {
      source = 'fallback';
      this.#recordFetchError('get_scheduling_data_batch', error);
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
    } else if (isNoProfile(error)) {
      this.#recordFetchError('get_scheduling_data_batch', error);
      throw new SchedulerError('no-profile', 'slotfit: the signed-in user has no provider profile (profiles row); '
        + 'nothing to schedule', { details: error });
    } else if (error != null) {
      this.#recordFetchError('get_scheduling_data_batch', error);
      throw new SchedulerError('fetch-failed',
        `slotfit: get_scheduling_data_batch failed: ${error.message ?? 'unknown error'}`, { details: error });
    } else if (data == null || typeof data !== 'object' || Array.isArray(data)) {
      // An empty answer would look like a school without constraints; refuse it instead.
      const problem = new SchedulerError('empty-payload',
        'slotfit: get_scheduling_data_batch answered no payload; refusing to treat that as "no constraints"');
      this.#recordFetchError('get_scheduling_data_batch', problem);
      throw problem;
    } else {
      payload = data;
    }
    const t1 = performance.now();
    engine.load(payload);  // a PayloadError leaves the previous state (and cache entry) as they were
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
      key, loadedAt: this.#now(), source, incomplete: [...(payload.incomplete ?? [])], stale: false,
    };
  }

  async scheduleBatch(students, { save = true, strategy = 'balanced', allowIncomplete = false, effort = 'default', timeLimitMs } = {}) {
    await this.#ensureLoaded();
    const studentIds = students == null ? undefined
      : Array.from(students, (s) => (typeof s === 'object' && s !== null ? s.id : s));
    const t0 = performance.now();
    const options = { strategy, studentIds, allowIncomplete, effort, timeLimitMs };
    // With a worker the page engine stays free for checks and conflict maps while this runs.
    const result = this.#workerOption === false
      ? this.#engine.autoSchedule(options) : await (await this.#syncedWorker()).autoSchedule(options);
    this.#metrics.timings.scheduleMs = performance.now() - t0;
    this.#metrics.candidatesEvaluated += result.stats.candidatesEvaluated;
    const refused = result.errors.find((e) => e.code === 'incomplete-payload');
    if (refused !== undefined) {
      throw new SchedulerError('incomplete-payload', `slotfit: ${refused.message}`, { details: result });
    }
    const outcome = { ...result, source: this.#cache.source, incomplete: [...this.#cache.incomplete] };
    if (!save) return { ...outcome, saved: false };
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
    for (let attempt = 1; ; attempt += 1) {
      this.#metrics.queries.total += 1;
      this.#metrics.queries.write += 1;
      try {
        answer = await this.#supabase.rpc('apply_schedule', args);
      } catch (error) {
        answer = { data: null, error: { message: String(error?.message ?? error), code: '' }, status: 0 };
      }
      if (!isTransient(answer.error, answer.status) || attempt >= 3) break;
    }
    this.#metrics.timings.saveMs = performance.now() - t0;
    const { data, error, status } = answer;
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
      source: c?.source ?? null,
      incomplete: c === null ? [] : [...c.incomplete],
      fetchErrors: this.#fetchErrors.map((e) => ({ ...e })),
    };
  }
}
