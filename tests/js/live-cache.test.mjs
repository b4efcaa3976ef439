// The persistent payload cache of OptimizedScheduler (memory, an app's adapter) and its revalidation with
// p_known_version, against the recording fake client; and the data-layer faults: a read that fails, times out or
// answers a partial payload, a refused write, a connection that drops mid-save.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { fakeSupabase } from './support/fake-supabase.mjs';
import { freeMove } from './support/free-move.mjs';
import { fixture, requireBuiltWasm } from './support/slotfit.mjs';

requireBuiltWasm();
const { OptimizedScheduler, PayloadError, SchedulerError } = await import('../../js/node.js');

const sample = fixture('sample-school.json');
const SITE = sample.school.school_site;
const SCHOOL_ID = sample.school.school_id;
const PROVIDER = sample.provider.id;
const NOW = Date.parse('2026-11-28T15:00:00Z');

function open(supabase, options = {}) {
  return new OptimizedScheduler(PROVIDER, 'speech', { supabase, now: () => NOW, ...options });
}

const strip = (stats) => ({ ...stats, loadMs: 0, checks: 0, candidatesEvaluated: 0 });

// Polls until `predicate()` holds: what the tests wait for is a state, never a time (the idle work below runs on
// timers, which a loaded machine delays).
async function waitFor(what, predicate, ms = 5000) {
  const t0 = Date.now();
  while (!(await predicate())) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('the payload cache', () => {
  test('a second scheduler on the same storage: one revalidation answered not_modified, no full read', async () => {
    const storage = new Map();
    const supabase = fakeSupabase({ payload: sample });
    const first = open(supabase, { storage });
    await first.initializeContext(SITE, { schoolId: SCHOOL_ID });
    let m = first.getPerformanceMetrics();
    assert.deepEqual([m.fullReads, m.revalidations, m.notModified], [1, 0, 0]);
    assert.equal(m.bytesRead, Buffer.byteLength(JSON.stringify(supabase.rpcCalls().length && (await supabase.rpc('get_scheduling_data_batch', {})).data)));
    assert.equal(m.persisted.storage, 'memory');
    assert.equal(m.persisted.writes, 1);

    const second = open(supabase, { storage });
    await second.initializeContext(SITE, { schoolId: SCHOOL_ID });
    const reads = supabase.rpcCalls('get_scheduling_data_batch');
    assert.equal(reads.at(-1).args.p_known_version, sample.data_version);
    m = second.getPerformanceMetrics();
    assert.deepEqual([m.fullReads, m.revalidations, m.notModified, m.persisted.restores], [0, 1, 1, 1]);
    assert.ok(m.bytesRead > 0 && m.bytesRead < 200, `not_modified costs ${m.bytesRead} bytes`);
    assert.deepEqual(strip(second.engine.stats()), strip(first.engine.stats()));
    assert.deepEqual(second.payload, first.payload);
    await first.dispose();
    await second.dispose();
  });

  test('after a save the cache holds the saved row and the new version; the next start needs no full read', async () => {
    const storage = new Map();
    const supabase = fakeSupabase({ payload: sample });
    const first = open(supabase, { storage });
    await first.initializeContext(SITE, { schoolId: SCHOOL_ID });
    const { session, to } = freeMove(first);
    const saved = await first.moveSession(session.id, to);
    const [entry] = [...storage.entries()].filter(([key]) => !key.includes(':index:')).map(([, value]) => value);
    assert.equal(entry.dataVersion, saved.dataVersion);
    assert.equal(JSON.parse(entry.text).sessions.find((s) => s.id === session.id).day_of_week, to.day);

    const second = open(supabase, { storage });
    await second.initializeContext(SITE, { schoolId: SCHOOL_ID });
    assert.equal(second.getPerformanceMetrics().fullReads, 0);
    assert.equal(second.payload.sessions.find((s) => s.id === session.id).day_of_week, to.day);
    assert.equal(second.engine.stats().dataVersion, saved.dataVersion);
  });

  test('a version moved by someone else: the revalidation answers the whole payload, which replaces the copy', async () => {
    const storage = new Map();
    const supabase = fakeSupabase({ payload: sample });
    await open(supabase, { storage }).initializeContext(SITE, { schoolId: SCHOOL_ID });
    const victim = [...supabase.db.sessions.values()].find((s) => s.day_of_week !== null);
    supabase.db.sessions.delete(victim.id);
    supabase.bumpVersion();
    const next = open(supabase, { storage });
    await next.initializeContext(SITE, { schoolId: SCHOOL_ID });
    const m = next.getPerformanceMetrics();
    assert.deepEqual([m.fullReads, m.revalidations, m.notModified, m.persisted.restores], [1, 1, 0, 0]);
    assert.equal(next.engine.hasSession(victim.id), false);
    assert.equal(JSON.parse([...storage.values()].find((v) => v.text).text).data_version, supabase.db.version);
  });

  test('the TTL expiring on a loaded engine costs one not_modified call, not a full read', async () => {
    const supabase = fakeSupabase({ payload: sample });
    let now = NOW;
    const scheduler = open(supabase, { storage: false, now: () => now, cacheTtlMs: 1000 });
    await scheduler.initializeContext(SITE, { schoolId: SCHOOL_ID });
    now += 5000;
    await scheduler.scheduleBatch(null, { save: false, effort: 'fast' });
    const m = scheduler.getPerformanceMetrics();
    assert.deepEqual([m.fullReads, m.notModified, m.persisted.storage], [1, 1, 'none']);
    assert.equal(supabase.rpcCalls('get_scheduling_data_batch').length, 2);
  });

  test('an adapter that fails (sync throw, async rejection) is reported, never thrown: a normal read instead', async () => {
    for (const failing of [
      { get() { throw new Error('SecurityError: private mode'); }, set() { throw new Error('QuotaExceededError'); }, delete() {} },
      { get: async () => { throw new Error('blocked'); }, set: async () => { throw new Error('QuotaExceededError'); }, delete: async () => {} },
    ]) {
      const supabase = fakeSupabase({ payload: sample });
      const scheduler = open(supabase, { storage: failing });
      const errors = [];
      scheduler.on('error', (e) => errors.push(e));
      const summary = await scheduler.initializeContext(SITE, { schoolId: SCHOOL_ID });
      assert.equal(summary.students, sample.students.length);
      const m = scheduler.getPerformanceMetrics();
      assert.equal(m.fullReads, 1);
      assert.equal(m.persisted.storage, 'adapter');
      assert.ok(m.persisted.errors >= 2, `errors: ${m.persisted.errors}`);
      assert.deepEqual(errors.map((e) => [e.source, e.operation]).slice(0, 2), [['storage', 'get'], ['storage', 'set']]);
      assert.ok(m.fetchErrors.some((e) => e.where === 'storage.set' && /Quota/.test(e.message)));
      const { session, to } = freeMove(scheduler);
      assert.equal((await scheduler.moveSession(session.id, to)).saved, true, 'saves still work');
    }
  });

  test('a stored copy the engine refuses is forgotten and read again in full', async () => {
    const storage = new Map();
    const supabase = fakeSupabase({ payload: sample });
    await open(supabase, { storage }).initializeContext(SITE, { schoolId: SCHOOL_ID });
    const [key, entry] = [...storage.entries()].find(([, v]) => v.text);
    storage.set(key, { ...entry, text: '{"schema_version": 1, "sessions": [' });
    const next = open(supabase, { storage });
    const errors = [];
    next.on('error', (e) => errors.push(e));
    await next.initializeContext(SITE, { schoolId: SCHOOL_ID });
    const m = next.getPerformanceMetrics();
    assert.deepEqual([m.fullReads, m.notModified], [1, 1]);
    assert.equal(errors[0]?.operation, 'load');
    assert.equal(next.payload.students.length, sample.students.length);
    assert.equal(JSON.parse(storage.get(key).text).students.length, sample.students.length, 'the copy was replaced');
  });

  test('clearCache, and SIGNED_OUT from supabase.auth, delete every stored payload of the provider', async () => {
    const storage = new Map([['someone-else', 1]]);
    const supabase = fakeSupabase({ payload: sample });
    let authListener = null;
    supabase.auth = { onAuthStateChange(fn) { authListener = fn; return { data: { subscription: { unsubscribe() { authListener = null; } } } }; } };
    const scheduler = open(supabase, { storage });
    await scheduler.initializeContext(SITE, { schoolId: SCHOOL_ID });
    await scheduler.initializeContext(SITE, { schoolId: null });
    assert.equal([...storage.keys()].filter((k) => k.includes(PROVIDER)).length, 3, 'two payloads and the index');
    authListener('SIGNED_OUT', null);
    await waitFor('the stored payloads deleted', () => storage.size === 1);
    assert.deepEqual([...storage.keys()], ['someone-else']);
    await scheduler.dispose();
    assert.equal(authListener, null, 'dispose stops listening');
  });

  test('storage option: bad values are a TypeError', () => {
    const supabase = fakeSupabase({ payload: sample });
    assert.throws(() => open(supabase, { storage: 'disk' }), TypeError);
    assert.throws(() => open(supabase, { storage: 'indexeddb' }), /indexedDB/);
    assert.throws(() => open(supabase, { timeoutMs: -1 }), TypeError);
  });
});

describe('data-layer faults', () => {
  test('a read that never answers: SchedulerError timeout after timeoutMs, the request aborted', async () => {
    const supabase = fakeSupabase({ payload: sample });
    let aborted = null;
    supabase.rpc = (fn, args) => ({
      abortSignal(signal) {
        signal.addEventListener('abort', () => { aborted = fn; });
        return this;
      },
      then() {},  // never settles
    });
    const scheduler = open(supabase, { timeoutMs: 50 });
    const t0 = Date.now();
    const error = await scheduler.initializeContext(SITE, { schoolId: SCHOOL_ID }).catch((e) => e);
    assert.ok(error instanceof SchedulerError, String(error));
    assert.equal(error.code, 'timeout');
    assert.ok(Date.now() - t0 < 2000);
    assert.equal(aborted, 'get_scheduling_data_batch');
    assert.equal(scheduler.payload, null);
  });

  test('a failed read after a good one leaves the loaded state; so does a partial payload, which is not stored', async () => {
    const storage = new Map();
    const supabase = fakeSupabase({ payload: sample });
    let now = NOW;
    const scheduler = open(supabase, { storage, now: () => now, cacheTtlMs: 1000 });
    await scheduler.initializeContext(SITE, { schoolId: SCHOOL_ID });
    const before = strip(scheduler.engine.stats());
    const stored = structuredClone([...storage.entries()]);

    supabase.bumpVersion();
    now += 5000;
    supabase.rpc = async () => ({ data: null, status: 503, error: { code: 'PGRST000', message: 'connection refused' } });
    await assert.rejects(scheduler.scheduleBatch(null, { save: false }), (e) => e instanceof SchedulerError && e.code === 'fetch-failed');
    assert.deepEqual(strip(scheduler.engine.stats()), before);

    const { students: _dropped, ...partial } = structuredClone(sample);
    supabase.rpc = async () => ({ data: { ...partial, data_version: 'x9' }, error: null, status: 200 });
    await assert.rejects(scheduler.scheduleBatch(null, { save: false }), (e) => e instanceof PayloadError && e.code === 'missing-key');
    assert.deepEqual(strip(scheduler.engine.stats()), before);
    assert.deepEqual([...storage.entries()], stored, 'the partial payload was not stored');
  });

  test('a write the database refuses: save-failed, nothing applied, the stored copy unchanged', async () => {
    const storage = new Map();
    const supabase = fakeSupabase({
      payload: sample,
      script: { apply_schedule: [{ data: null, status: 403, error: { code: '42501', message: 'not linked' } }] },
    });
    const scheduler = open(supabase, { storage });
    await scheduler.initializeContext(SITE, { schoolId: SCHOOL_ID });
    const before = { stats: strip(scheduler.engine.stats()), payload: scheduler.payload, stored: structuredClone([...storage]) };
    const { session, to } = freeMove(scheduler);
    const error = await scheduler.moveSession(session.id, to).catch((e) => e);
    assert.equal(error.code, 'save-failed');
    assert.deepEqual(strip(scheduler.engine.stats()), before.stats);
    assert.equal(scheduler.payload, before.payload);
    assert.deepEqual([...storage], before.stored);
  });

  test('the connection drops mid-save (the write commits, the answer times out): retried with the same request id, written once', async () => {
    const supabase = fakeSupabase({ payload: sample });
    const rpc = supabase.rpc.bind(supabase);
    let stalls = 1;
    supabase.rpc = (fn, args) => {
      if (fn === 'apply_schedule' && stalls > 0) {
        stalls -= 1;
        rpc(fn, args);  // the database takes the write ...
        return new Promise(() => {});  // ... and the answer never arrives
      }
      return rpc(fn, args);
    };
    const scheduler = open(supabase, { timeoutMs: 100 });
    await scheduler.initializeContext(SITE, { schoolId: SCHOOL_ID });
    const { session, to } = freeMove(scheduler);
    const saved = await scheduler.moveSession(session.id, to);
    const writes = supabase.rpcCalls('apply_schedule');
    assert.equal(writes.length, 2);
    assert.equal(writes[0].args.p_request_id, writes[1].args.p_request_id);
    assert.equal(supabase.db.writes, 1, 'written once');
    assert.equal(scheduler.engine.stats().dataVersion, saved.dataVersion);
    assert.equal(scheduler.payload.sessions.find((s) => s.id === session.id).day_of_week, to.day);
  });

  test('three timeouts of a write: SchedulerError timeout, the engine unchanged; saving the same rows again writes once', async () => {
    const supabase = fakeSupabase({ payload: sample });
    const rpc = supabase.rpc.bind(supabase);
    let stalls = 3;
    supabase.rpc = (fn, args) => {
      if (fn === 'apply_schedule' && stalls > 0) {
        stalls -= 1;
        rpc(fn, args);
        return new Promise(() => {});
      }
      return rpc(fn, args);
    };
    const scheduler = open(supabase, { timeoutMs: 50 });
    await scheduler.initializeContext(SITE, { schoolId: SCHOOL_ID });
    const before = strip(scheduler.engine.stats());
    const { session, to } = freeMove(scheduler);
    const rows = [{ id: session.id, day_of_week: to.day, start_time: '09:00:00', end_time: '09:30:00' }];
    const error = await scheduler.saveRows(rows).catch((e) => e);
    assert.equal(error.code, 'timeout');
    assert.deepEqual(strip(scheduler.engine.stats()), before);
    const again = await scheduler.saveRows(rows);
    assert.equal(supabase.db.writes, 1, 'the replayed request id wrote nothing more');
    assert.equal(again.updated, 1);
    assert.equal(scheduler.payload.sessions.find((s) => s.id === session.id).start_time, '09:00:00');
  });

  test('an apply_schedule answer without data_version: save-failed, marked stale', async () => {
    const supabase = fakeSupabase({ payload: sample, script: { apply_schedule: [{ data: {}, error: null, status: 200 }] } });
    const scheduler = open(supabase);
    await scheduler.initializeContext(SITE, { schoolId: SCHOOL_ID });
    const { session, to } = freeMove(scheduler);
    await assert.rejects(scheduler.moveSession(session.id, to), (e) => e.code === 'save-failed');
    assert.equal(scheduler.getPerformanceMetrics().staleness.stale, true);
  });

  test('not_modified for a version that was not sent is refused as fetch-failed', async () => {
    const supabase = fakeSupabase({
      payload: sample, script: { get_scheduling_data_batch: [{ data: { schema_version: 1, data_version: 'zz', not_modified: true }, error: null, status: 200 }] },
    });
    const error = await open(supabase).initializeContext(SITE, { schoolId: SCHOOL_ID }).catch((e) => e);
    assert.equal(error.code, 'fetch-failed');
  });
});

describe('prefetch', () => {
  const OTHER = [{ schoolSite: 'Lakeside Middle', schoolId: 'lake-1' }, { schoolSite: 'Hill Primary', schoolId: 'hill-1' },
    { schoolSite: 'River Elementary', schoolId: 'river-1' }];
  const prefetched = (scheduler) => scheduler.getPerformanceMetrics().prefetch;

  test('when idle, the other schools are stored; switching to one then costs a not_modified revalidation', async () => {
    const storage = new Map();
    const supabase = fakeSupabase({ payload: sample });
    const scheduler = open(supabase, { storage, prefetch: { schools: OTHER, maxSchools: 2, idleDelayMs: 10 } });
    await scheduler.initializeContext(SITE, { schoolId: SCHOOL_ID });
    // The second store ends the run: maxSchools is reached, so nothing more is read.
    await waitFor('two schools stored', () => prefetched(scheduler).stored === 2);
    const m = scheduler.getPerformanceMetrics();
    assert.deepEqual([m.prefetch.reads, m.prefetch.stored], [2, 2], JSON.stringify(m.prefetch));
    assert.equal(m.fullReads, 1, 'prefetches are not counted as the page\'s reads');
    const reads = supabase.rpcCalls('get_scheduling_data_batch');
    assert.deepEqual(reads.slice(1).map((c) => c.args.p_school_id), ['lake-1', 'hill-1'], 'bounded by maxSchools');
    await scheduler.initializeContext(OTHER[0].schoolSite, { schoolId: OTHER[0].schoolId });
    const after = scheduler.getPerformanceMetrics();
    assert.deepEqual([after.fullReads, after.notModified, after.persisted.restores], [1, 1, 1]);
    await scheduler.dispose();
  });

  test('bounded in bytes: a payload past maxBytes is not stored, and nothing more is read', async () => {
    const storage = new Map();
    const supabase = fakeSupabase({ payload: sample });
    const scheduler = open(supabase, { storage, prefetch: { schools: OTHER, maxBytes: 1000, idleDelayMs: 10 } });
    await scheduler.initializeContext(SITE, { schoolId: SCHOOL_ID });
    // Counting the first answer's bytes ends the run: past maxBytes, it is not stored and nothing more is read.
    await waitFor('the first answer counted', () => prefetched(scheduler).bytes > 0);
    const m = scheduler.getPerformanceMetrics().prefetch;
    assert.deepEqual([m.reads, m.stored], [1, 0]);
    assert.equal([...storage.keys()].filter((k) => k.includes('lake-1')).length, 0);
    await scheduler.dispose();
  });

  test('real work cancels the prefetch in flight (aborted, its answer dropped); it resumes at the next idle time', async () => {
    const storage = new Map();
    const supabase = fakeSupabase({ payload: sample });
    const rpc = supabase.rpc.bind(supabase);
    const aborted = [];
    let hold = true;
    supabase.rpc = (fn, args) => {
      if (fn === 'get_scheduling_data_batch' && args.p_school_id === 'lake-1' && hold) {
        hold = false;
        return { abortSignal(signal) { signal.addEventListener('abort', () => aborted.push(args.p_school_id)); return this; }, then() {} };
      }
      return rpc(fn, args);
    };
    const scheduler = open(supabase, { storage, prefetch: { schools: OTHER.slice(0, 1), idleDelayMs: 10 } });
    await scheduler.initializeContext(SITE, { schoolId: SCHOOL_ID });
    await waitFor('the prefetch in flight', () => prefetched(scheduler).reads === 1);
    const { session, to } = freeMove(scheduler);
    await scheduler.moveSession(session.id, to);
    assert.deepEqual(aborted, ['lake-1']);
    await waitFor('the prefetch done again', () => prefetched(scheduler).stored === 1);
    const m = scheduler.getPerformanceMetrics().prefetch;
    assert.deepEqual([m.cancelled, m.reads, m.stored], [1, 2, 1]);
    await scheduler.dispose();
  });

  test('skipped on a save-data or metered connection', async () => {
    const had = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
    for (const connection of [{ saveData: true }, { metered: true }, { type: 'cellular' }]) {
      Object.defineProperty(globalThis, 'navigator', { value: { connection }, configurable: true });
      try {
        const supabase = fakeSupabase({ payload: sample });
        const scheduler = open(supabase, { storage: new Map(), prefetch: { schools: OTHER, idleDelayMs: 10 } });
        await scheduler.initializeContext(SITE, { schoolId: SCHOOL_ID });
        // Decided when the prefetch is scheduled, before initializeContext answers. The wait only gives a prefetch
        // started anyway (idleDelayMs 10) the time to read; nothing that should happen is waited for.
        await new Promise((r) => setTimeout(r, 60));
        assert.equal(scheduler.getPerformanceMetrics().prefetch.skipped, 'costly-connection');
        assert.equal(supabase.rpcCalls().length, 1, JSON.stringify(connection));
        await scheduler.dispose();
      } finally {
        if (had) Object.defineProperty(globalThis, 'navigator', had);
        else delete globalThis.navigator;
      }
    }
  });
});
