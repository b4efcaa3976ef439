// OptimizedScheduler against a recording fake Supabase client (tests/js/support/fake-supabase.mjs): how many
// queries each operation makes, their exact argument names, the fallback, stale-version, retry and error paths.
// The last suite drives the real @supabase/supabase-js client over a fake fetch, to pin the HTTP shapes.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';

import { fakeSupabase, tablesFor } from './support/fake-supabase.mjs';
import { fixture, requireBuiltWasm, root } from './support/slotfit.mjs';

requireBuiltWasm();
const {
  OptimizedScheduler, PayloadError, SchedulerError, StaleVersionError, createEngine, formatTime, toMinutes,
} = await import('../../js/node.js');

const sample = fixture('sample-school.json');
const SITE = sample.school.school_site;
const SCHOOL_ID = sample.school.school_id;
const PROVIDER = sample.provider.id;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const NOW = Date.parse('2026-11-28T15:00:00Z');  // inside the sample's school year 2026-2027

function setup({ payload = sample, ...fake } = {}, options = {}) {
  const supabase = fakeSupabase({ payload, ...fake });
  let now = NOW;
  const clock = { advance: (ms) => { now += ms; } };
  const scheduler = new OptimizedScheduler(PROVIDER, 'speech', { supabase, now: () => now, ...options });
  return { supabase, scheduler, clock };
}

// The argument names of the SQL functions, from the last migration that (re)defines each, so that a rename there
// fails here.
function sqlParameters(fn) {
  const dir = path.join(root, 'migrations');
  const sources = readdirSync(dir).filter((name) => name.endsWith('.sql')).sort()
    .map((name) => readFileSync(path.join(dir, name), 'utf8')).join('\n');
  const all = [...sources.matchAll(new RegExp(`create or replace function public\\.${fn}\\(([^)]*)\\)`, 'g'))];
  assert.ok(all.length > 0, `${fn} not found in the migrations`);
  return all.at(-1)[1].split(',').map((p) => p.trim().split(/\s+/)[0]).sort();
}

describe('reads', () => {
  test('cold: one get_scheduling_data_batch with exactly the SQL argument names; warm: none', async () => {
    const { supabase, scheduler } = setup();
    const summary = await scheduler.initializeContext(SITE, { schoolId: SCHOOL_ID });
    assert.deepEqual(summary, {
      source: 'rpc', incomplete: [], students: sample.students.length,
      sessions: sample.sessions.filter((s) => s.day_of_week !== null).length,
      placeholders: sample.sessions.filter((s) => s.day_of_week === null).length, dataVersion: sample.data_version,
    });
    const reads = supabase.rpcCalls('get_scheduling_data_batch');
    assert.equal(reads.length, 1);
    assert.deepEqual(Object.keys(reads[0].args).sort(), sqlParameters('get_scheduling_data_batch'));
    assert.deepEqual(reads[0].args, { p_school_site: SITE, p_school_id: SCHOOL_ID, p_known_version: null });
    assert.equal(supabase.tableReads().length, 0);

    await scheduler.initializeContext(SITE, { schoolId: SCHOOL_ID });
    await scheduler.scheduleBatch(null, { save: false });
    assert.equal(supabase.rpcCalls('get_scheduling_data_batch').length, 1, 'warm cache: no further read');
    const m = scheduler.getPerformanceMetrics();
    assert.deepEqual(m.cache, { hits: 2, misses: 1, hitRate: 2 / 3 });
    assert.deepEqual(m.queries, { total: 1, batch: 1, fallback: 0, write: 0 });
  });

  test('scheduleBatch passes effort and timeLimitMs to the engine; an unknown effort is a TypeError', async () => {
    const { scheduler } = setup();
    await scheduler.initializeContext(SITE, { schoolId: SCHOOL_ID });
    const fast = await scheduler.scheduleBatch(null, { save: false, effort: 'fast' });
    assert.equal(fast.stats.searchWork, 0);
    assert.equal(typeof fast.stats.upperBound, 'number');
    assert.equal(fast.stats.optimal, fast.stats.sessionsPlaced === fast.stats.upperBound);
    const standard = await scheduler.scheduleBatch(null, { save: false, timeLimitMs: 60_000 });
    assert.ok(standard.stats.sessionsPlaced >= fast.stats.sessionsPlaced);
    await assert.rejects(scheduler.scheduleBatch(null, { save: false, effort: 'fastest' }), TypeError);
  });

  test('a school without an id sends p_school_id null', async () => {
    const { supabase, scheduler } = setup();
    await scheduler.initializeContext(SITE);
    assert.deepEqual(supabase.rpcCalls()[0].args, { p_school_site: SITE, p_school_id: null, p_known_version: null });
  });

  test('TTL: a stale cache reloads once, then is warm again; another school reloads', async () => {
    const { supabase, scheduler, clock } = setup({}, { cacheTtlMs: 60_000 });
    await scheduler.initializeContext(SITE, { schoolId: SCHOOL_ID });
    clock.advance(59_000);
    await scheduler.scheduleBatch(null, { save: false });
    assert.equal(supabase.rpcCalls('get_scheduling_data_batch').length, 1);
    assert.equal(scheduler.getPerformanceMetrics().staleness.stale, false);
    clock.advance(2_000);
    assert.equal(scheduler.getPerformanceMetrics().staleness.stale, true);
    await scheduler.scheduleBatch(null, { save: false });
    assert.equal(supabase.rpcCalls('get_scheduling_data_batch').length, 2);
    await scheduler.scheduleBatch(null, { save: false });
    assert.equal(supabase.rpcCalls('get_scheduling_data_batch').length, 2);
    await scheduler.initializeContext('Lakeside Middle');
    assert.equal(supabase.rpcCalls('get_scheduling_data_batch').length, 3);
    const m = scheduler.getPerformanceMetrics();
    assert.equal(m.staleness.ttlMs, 60_000);
    assert.equal(m.staleness.ageMs, 0);
  });

  test('the default TTL is 15 minutes', async () => {
    const { supabase, scheduler, clock } = setup();
    await scheduler.initializeContext(SITE);
    clock.advance(15 * 60_000 - 1);
    await scheduler.scheduleBatch(null, { save: false });
    assert.equal(supabase.rpcCalls().length, 1);
    clock.advance(1);
    await scheduler.scheduleBatch(null, { save: false });
    assert.equal(supabase.rpcCalls().length, 2);
  });

  test('errors surface: a PostgREST error, a thrown fetch, an empty answer, a bad payload', async () => {
    const denied = { data: null, status: 403, error: { code: '42501', message: 'get_scheduling_data_batch: the caller is not linked to school' } };
    let { scheduler } = setup({ script: { get_scheduling_data_batch: [denied] } });
    let error = await scheduler.initializeContext(SITE).then(() => null, (e) => e);
    assert.ok(error instanceof SchedulerError && error.code === 'fetch-failed', String(error));
    assert.equal(error.details.code, '42501');
    assert.equal(scheduler.getPerformanceMetrics().fetchErrors[0].code, '42501');
    assert.equal(scheduler.getPerformanceMetrics().queries.fallback, 0, 'only a missing function falls back');

    ({ scheduler } = setup({ script: { get_scheduling_data_batch: ['throw'] } }));
    error = await scheduler.initializeContext(SITE).then(() => null, (e) => e);
    assert.equal(error?.code, 'fetch-failed');

    for (const data of [null, [], 'text']) {
      ({ scheduler } = setup({ script: { get_scheduling_data_batch: [{ data, error: null, status: 200 }] } }));
      error = await scheduler.initializeContext(SITE).then(() => null, (e) => e);
      assert.equal(error?.code, 'empty-payload', JSON.stringify(data));
      assert.equal(scheduler.getPerformanceMetrics().fetchErrors.length, 1);
    }

    const broken = { ...structuredClone(sample), work_days: [0] };
    ({ scheduler } = setup({ script: { get_scheduling_data_batch: [{ data: broken, error: null, status: 200 }] } }));
    error = await scheduler.initializeContext(SITE).then(() => null, (e) => e);
    assert.ok(error instanceof PayloadError);
    assert.equal(error.path, '/work_days/0');
  });

  test('a failed first load leaves nothing loaded; the next call tries again', async () => {
    const failure = { data: null, status: 500, error: { code: 'XX000', message: 'boom' } };
    const { supabase, scheduler } = setup({ script: { get_scheduling_data_batch: [failure] } });
    const error = await scheduler.initializeContext(SITE).then(() => null, (e) => e);
    assert.equal(error?.code, 'fetch-failed');
    assert.equal(scheduler.getPerformanceMetrics().staleness.stale, true);
    await scheduler.initializeContext(SITE);
    assert.equal(scheduler.getPerformanceMetrics().source, 'rpc');
    assert.equal(supabase.rpcCalls('get_scheduling_data_batch').length, 2);
    assert.equal(scheduler.getPerformanceMetrics().fetchErrors.length, 1, 'the failure stays in the metadata');
  });
});

describe('writes', () => {
  test('scheduleBatch: one read (cold) and one apply_schedule with exactly the SQL argument names', async () => {
    const { supabase, scheduler } = setup();
    await scheduler.initializeContext(SITE, { schoolId: SCHOOL_ID });
    const result = await scheduler.scheduleBatch();
    assert.equal(supabase.rpcCalls('get_scheduling_data_batch').length, 1);
    const writes = supabase.rpcCalls('apply_schedule');
    assert.equal(writes.length, 1);
    const { args } = writes[0];
    assert.deepEqual(Object.keys(args).sort(), sqlParameters('apply_schedule'));
    assert.equal(args.p_data_version, sample.data_version);
    assert.match(args.p_request_id, UUID);
    // The placements, then the loaded members of the groups they join, with the group's label.
    const loaded = new Map(sample.sessions.map((r) => [r.id, r]));
    const relabel = result.groups.flatMap((g) => g.sessionIds.filter((id) => loaded.get(id).group_ref !== g.groupRef)
      .map((id) => ({ id, groupRef: g.groupRef })));
    assert.ok(relabel.length > 0, 'the proposal joins an unlabelled group');
    assert.equal(args.p_rows.length, result.placements.length + relabel.length);
    assert.deepEqual(args.p_rows.slice(result.placements.length).map((r) => ({ id: r.id, groupRef: r.group_ref })), relabel);
    for (const r of args.p_rows.slice(result.placements.length)) {
      const { group_ref: _label, ...rest } = r;
      const { group_ref: _was, ...before } = loaded.get(r.id);
      assert.deepEqual(rest, before, 'a relabelled member keeps its row');
    }
    assert.ok(result.placements.every((p, i) => args.p_rows[i].group_ref === p.group_ref));
    const placeholders = new Set(sample.sessions.filter((s) => s.day_of_week === null).map((s) => s.id));
    assert.ok(args.p_rows.every((r) => UUID.test(r.id)), 'every row carries a uuid');
    assert.ok(args.p_rows.some((r) => placeholders.has(r.id)), 'filled placeholders keep their ids');
    assert.ok(args.p_rows.some((r) => !placeholders.has(r.id)), 'new rows get new uuids');
    const allowed = ['id', 'student_id', 'day_of_week', 'start_time', 'end_time', 'service_type', 'delivered_by',
      'assigned_to_sea_id', 'assigned_to_specialist_id', 'status', 'has_conflict', 'conflict_reason', 'group_ref'];
    assert.ok(args.p_rows.every((r) => Object.keys(r).every((k) => allowed.includes(k))));

    assert.equal(result.saved, true);
    assert.deepEqual(result.ids, args.p_rows.map((r) => r.id));
    assert.equal(result.dataVersion, supabase.db.version);
    assert.equal(result.requestId, args.p_request_id);
    assert.equal(result.written, args.p_rows.length);
    assert.deepEqual(scheduler.getPerformanceMetrics().queries, { total: 2, batch: 1, fallback: 0, write: 1 });
  });

  test('after a save the engine is current: new version, new sessions, nothing left to place; no reload', async () => {
    const { supabase, scheduler } = setup();
    await scheduler.initializeContext(SITE);
    const first = await scheduler.scheduleBatch();
    const engine = scheduler.engine;
    assert.equal(engine.stats().dataVersion, first.dataVersion);
    assert.ok(first.ids.every((id) => engine.hasSession(id)));
    const second = await scheduler.scheduleBatch();
    assert.equal(second.placements.length, 0, 'everything needed was placed and is now loaded');
    assert.equal(second.written, 0);
    assert.equal(supabase.rpcCalls('apply_schedule').length, 1, 'nothing to write: no call');
    assert.equal(supabase.rpcCalls('get_scheduling_data_batch').length, 1);
    // The engine matches a fresh load of what the database now holds.
    const fresh = await createEngine();
    fresh.load((await supabase.rpc('get_scheduling_data_batch', {})).data);
    assert.deepEqual({ ...fresh.stats(), loadMs: 0, checks: 0, candidatesEvaluated: 0 },
      { ...engine.stats(), loadMs: 0, checks: 0, candidatesEvaluated: 0 });
    fresh.dispose();
  });

  test('save: false returns the proposal; save(result) writes it; saving it again is a retry', async () => {
    const { supabase, scheduler } = setup();
    await scheduler.initializeContext(SITE);
    const proposal = await scheduler.scheduleBatch(null, { save: false });
    assert.equal(proposal.saved, false);
    assert.ok(proposal.placements.some((p) => p.id === undefined), 'the proposal itself is untouched');
    assert.equal(supabase.rpcCalls('apply_schedule').length, 0);
    const outcome = await scheduler.save(proposal);
    const again = await scheduler.save(proposal);
    const writes = supabase.rpcCalls('apply_schedule');
    assert.equal(writes.length, 2);
    assert.equal(writes[1].args.p_request_id, writes[0].args.p_request_id);
    assert.deepEqual(writes[1].args.p_rows, writes[0].args.p_rows);
    assert.deepEqual(again.ids, outcome.ids);
    assert.equal(supabase.db.writes, 1, 'written once');
  });

  test('retry: a lost answer is re-sent with the same request id and written once', async () => {
    const { supabase, scheduler } = setup({ script: { apply_schedule: ['lost-answer'] } });
    await scheduler.initializeContext(SITE);
    const result = await scheduler.scheduleBatch();
    const writes = supabase.rpcCalls('apply_schedule');
    assert.equal(writes.length, 2);
    assert.equal(writes[1].args.p_request_id, writes[0].args.p_request_id);
    assert.equal(supabase.db.writes, 1);
    assert.equal(result.dataVersion, supabase.db.version);
    assert.equal(scheduler.getPerformanceMetrics().queries.write, 2);
  });

  test('retry: a request that never arrived is sent again; three failures surface', async () => {
    let { supabase, scheduler } = setup({ script: { apply_schedule: ['network', 'throw'] } });
    await scheduler.initializeContext(SITE);
    const ok = await scheduler.scheduleBatch();
    assert.equal(ok.saved, true);
    assert.equal(supabase.rpcCalls('apply_schedule').length, 3);
    ({ supabase, scheduler } = setup({ script: { apply_schedule: ['network', 'network', 'network', 'network'] } }));
    await scheduler.initializeContext(SITE);
    const error = await scheduler.scheduleBatch().then(() => null, (e) => e);
    assert.equal(error?.code, 'save-failed');
    assert.equal(supabase.rpcCalls('apply_schedule').length, 3);
    assert.equal(supabase.db.writes, 0);
  });

  test('stale version: StaleVersionError, nothing written, the next call reloads', async () => {
    const { supabase, scheduler } = setup();
    await scheduler.initializeContext(SITE);
    const before = structuredClone([...supabase.db.sessions.values()]);
    supabase.bumpVersion();
    const error = await scheduler.scheduleBatch().then(() => null, (e) => e);
    assert.ok(error instanceof StaleVersionError, String(error));
    assert.equal(error.code, 'stale-version');
    assert.equal(error.sentVersion, sample.data_version);
    assert.equal(error.currentVersion, supabase.db.version);
    assert.deepEqual([...supabase.db.sessions.values()], before);
    assert.equal(supabase.db.writes, 0);
    assert.equal(scheduler.getPerformanceMetrics().staleness.stale, true);
    const retried = await scheduler.scheduleBatch();
    assert.equal(retried.saved, true);
    assert.equal(supabase.rpcCalls('get_scheduling_data_batch').length, 2);
    assert.equal(supabase.rpcCalls('apply_schedule').at(-1).args.p_data_version, 'x1');
  });

  test('apply_schedule missing: a clear error, and never a write through the tables', async () => {
    const { supabase, scheduler } = setup({ missing: ['apply_schedule'] });
    await scheduler.initializeContext(SITE);
    const error = await scheduler.scheduleBatch().then(() => null, (e) => e);
    assert.ok(error instanceof SchedulerError);
    assert.equal(error.code, 'write-rpc-missing');
    assert.match(error.message, /nothing was written/);
    assert.equal(supabase.tableReads().length, 0);
    assert.equal(supabase.rpcCalls('apply_schedule').length, 1);
  });

  test('other write errors surface with their details', async () => {
    const refused = { data: null, status: 403, error: { code: '42501', message: 'apply_schedule: row 0: student is not in the caller\'s caseload' } };
    const { scheduler } = setup({ script: { apply_schedule: [refused] } });
    await scheduler.initializeContext(SITE);
    const error = await scheduler.scheduleBatch().then(() => null, (e) => e);
    assert.equal(error?.code, 'save-failed');
    assert.equal(error.details.code, '42501');
  });

  test('moveSession: a free drop is active; a conflicting one is an override; allowConflict: false writes nothing', async () => {
    const { supabase, scheduler } = setup();
    await scheduler.initializeContext(SITE);
    const session = sample.sessions.find((s) => s.day_of_week !== null);
    const minutes = toMinutes(session.end_time.slice(0, 5)) - toMinutes(session.start_time.slice(0, 5));
    const map = scheduler.engine.conflictMap({ sessionId: session.id });
    const freeCell = map.kinds.findIndex((k) => k === 0);
    const busyCell = map.kinds.findIndex((k) => k !== 0 && !(k & 1));
    const cellAt = (i) => ({ day: map.days[Math.floor(i / map.starts.length)], start: map.starts[i % map.starts.length] });

    const refused = await scheduler.moveSession(session.id, cellAt(busyCell), { allowConflict: false });
    assert.equal(refused.saved, false);
    assert.ok(refused.conflicts.length > 0);
    assert.equal(supabase.rpcCalls('apply_schedule').length, 0);

    const free = cellAt(freeCell);
    const moved = await scheduler.moveSession(session.id, free);
    assert.equal(moved.saved, true);
    assert.deepEqual([...moved.conflicts], []);
    let write = supabase.rpcCalls('apply_schedule').at(-1).args;
    assert.equal(write.p_rows.length, 1);
    assert.deepEqual(
      { ...write.p_rows[0] },
      {
        ...Object.fromEntries(Object.entries(session).filter(([k]) => k !== 'status')),
        day_of_week: free.day, start_time: formatTime(free.start, { seconds: true }),
        end_time: formatTime(free.start + minutes, { seconds: true }),
        status: 'active', has_conflict: false, conflict_reason: null,
      },
    );
    assert.equal(scheduler.engine.stats().dataVersion, supabase.db.version);
    assert.ok(scheduler.engine.check({ studentId: session.student_id, day: free.day, start: free.start, minutes })
      .some((c) => c.refId === session.id), 'the engine has the session at its new place');

    const busy = cellAt(busyCell);
    const override = await scheduler.moveSession(session.id, busy);
    assert.equal(override.saved, true);
    write = supabase.rpcCalls('apply_schedule').at(-1).args;
    assert.equal(write.p_rows[0].status, 'needs_attention');
    assert.equal(write.p_rows[0].has_conflict, true);
    assert.ok(override.conflicts.length > 0);
    for (const c of override.conflicts) assert.ok(write.p_rows[0].conflict_reason.includes(c.message));
    assert.equal(write.p_data_version, moved.dataVersion, 'each write carries the version of the one before');
  });

  test('unscheduleSession writes a placeholder and the engine counts it as one', async () => {
    const { supabase, scheduler } = setup();
    await scheduler.initializeContext(SITE);
    const session = sample.sessions.find((s) => s.day_of_week !== null);
    const before = scheduler.engine.stats();
    const out = await scheduler.unscheduleSession(session.id);
    const row = supabase.rpcCalls('apply_schedule')[0].args.p_rows[0];
    assert.deepEqual([row.id, row.day_of_week, row.start_time, row.end_time], [session.id, null, null, null]);
    assert.equal(out.row.day_of_week, null);
    const after = scheduler.engine.stats();
    assert.equal(after.sessions, before.sessions - 1);
    assert.equal(after.placeholders, before.placeholders + 1);
    await assert.rejects(scheduler.moveSession('no-such-session', { day: 1, start: 540 }), RangeError);
  });

  test('metrics: candidates, timings, source', async () => {
    const { scheduler } = setup();
    await scheduler.initializeContext(SITE);
    await scheduler.scheduleBatch();
    const m = scheduler.getPerformanceMetrics();
    assert.ok(m.candidatesEvaluated > 1000);
    for (const key of ['fetchMs', 'parseAndIndexMs', 'scheduleMs', 'saveMs']) assert.ok(m.timings[key] >= 0, key);
    assert.equal(m.source, 'rpc');
    assert.deepEqual(m.incomplete, []);
    assert.deepEqual(m.fetchErrors, []);
    assert.equal(m.staleness.dataVersion, scheduler.engine.stats().dataVersion);
  });

  test('calls before initializeContext are refused', async () => {
    const { scheduler } = setup();
    const error = await scheduler.scheduleBatch().then(() => null, (e) => e);
    assert.equal(error?.code, 'not-initialized');
    assert.throws(() => new OptimizedScheduler(PROVIDER, 'speech', {}), TypeError);
  });
});

describe('fallback (get_scheduling_data_batch missing)', () => {
  const tables = tablesFor(sample);

  test('parallel table reads, marked incomplete, in the metrics; the payload matches what RLS shows', async () => {
    const { supabase, scheduler } = setup({ missing: ['get_scheduling_data_batch'], tables });
    const summary = await scheduler.initializeContext(SITE, { schoolId: SCHOOL_ID });
    assert.equal(summary.source, 'fallback');
    assert.deepEqual(summary.incomplete, ['other_provider_sessions', 'protected_times', 'data_version']);
    assert.equal(summary.dataVersion, null);
    const reads = supabase.tableReads();
    assert.deepEqual(reads.map((r) => r.table).sort(), ['bell_schedules', 'profiles', 'protected_times',
      'provider_busy_times', 'provider_schools', 'schedule_sessions', 'school_hours', 'special_activities', 'students',
      'teachers', 'user_site_schedules']);
    const m = scheduler.getPerformanceMetrics();
    assert.deepEqual(m.queries, { total: 12, batch: 1, fallback: 11, write: 0 });
    assert.equal(m.source, 'fallback');
    assert.deepEqual(m.incomplete, summary.incomplete);
    assert.equal(m.fetchErrors[0].code, 'PGRST202', 'the reason for the fallback is kept');
    const sessions = reads.find((r) => r.table === 'schedule_sessions');
    assert.deepEqual(sessions.filters, [['eq', 'provider_id', PROVIDER], ['is', 'session_date', null], ['is', 'deleted_at', null]]);

    // What the engine got: the same rows as the RPC's payload, for everything RLS lets the provider see.
    const engine = scheduler.engine;
    assert.equal(engine.stats().students, sample.students.length);
    assert.ok(sample.sessions.every((s) => engine.hasSession(s.id)));
    for (const id of ['dated-instance', 'deleted-template', 'session-elsewhere']) assert.equal(engine.hasSession(id), false, id);
  });

  test('the assembled payload equals the RPC payload table by table (ignoring what the fallback cannot see)', async () => {
    const { readTablesFallback } = await import('../../js/fallback.js');
    const supabase = fakeSupabase({ tables });
    const payload = await readTablesFallback(supabase, {
      providerId: PROVIDER, providerRole: 'speech', schoolSite: SITE, schoolId: SCHOOL_ID, today: new Date(NOW), onQuery: () => {},
    });
    const byId = (rows) => [...rows].sort((a, b) => (a.id < b.id ? -1 : 1));
    const byWhen = (rows) => [...rows].sort((a, b) => JSON.stringify(a) < JSON.stringify(b) ? -1 : 1);
    assert.deepEqual(payload.provider, sample.provider);
    assert.deepEqual(payload.school, sample.school);
    assert.deepEqual(payload.work_days, sample.work_days);
    assert.deepEqual(byWhen(payload.school_hours), byWhen(sample.school_hours));
    for (const table of ['bell_schedules', 'special_activities', 'students', 'sessions']) {
      assert.deepEqual(byId(payload[table]), byId(sample[table]), table);
    }
    const ours = new Set(sample.students.map((s) => s.id));
    const direct = sample.protected_times.filter((p) => ours.has(p.student_id));
    assert.deepEqual(byId(payload.protected_times.filter((p) => direct.some((d) => d.id === p.id))), byId(direct));
    const children = new Map(sample.students.filter((s) => s.child_id).map((s) => [s.child_id, s.id]));
    for (const p of sample.protected_times.filter((x) => !ours.has(x.student_id) && children.has(x.child_id))) {
      const got = payload.protected_times.find((x) => x.id === p.id);
      assert.equal(got?.student_id, children.get(p.child_id), `protected time ${p.id} keyed by its child`);
    }
    const strip = ({ id: _id, ...rest }) => rest;
    assert.deepEqual(byWhen(payload.provider_busy_times.filter((b) => b.id !== null || b.label !== null).map(strip)),
      byWhen(sample.provider_busy_times.map(strip)));
    assert.deepEqual(payload.provider_busy_times.filter((b) => b.id === null && b.label === null),
      [{ id: null, day_of_week: 3, start_time: '13:00:00', end_time: '13:30:00', label: null, school_site: 'Lakeside Middle' }],
      'this provider\'s sessions at another school block the time here');
    assert.deepEqual(payload.other_provider_sessions, []);
    assert.equal(payload.data_version, null);
  });

  test('auto-schedule refuses an incomplete payload unless allowIncomplete; saving needs a data version', async () => {
    const { supabase, scheduler } = setup({ missing: ['get_scheduling_data_batch'], tables });
    await scheduler.initializeContext(SITE);
    const refused = await scheduler.scheduleBatch().then(() => null, (e) => e);
    assert.ok(refused instanceof SchedulerError);
    assert.equal(refused.code, 'incomplete-payload');
    assert.match(refused.message, /other_provider_sessions/);
    const proposal = await scheduler.scheduleBatch(null, { save: false, allowIncomplete: true });
    assert.ok(proposal.placements.length > 0);
    assert.deepEqual(proposal.incomplete, ['other_provider_sessions', 'protected_times', 'data_version']);
    const error = await scheduler.save(proposal).then(() => null, (e) => e);
    assert.equal(error?.code, 'data-version-unknown');
    assert.equal(supabase.rpcCalls('apply_schedule').length, 0);
  });

  test('a failing table read surfaces; it is never read as an empty table', async () => {
    const broken = { ...tables, bell_schedules: { error: { code: '42501', message: 'permission denied for table bell_schedules' } } };
    const { scheduler } = setup({ missing: ['get_scheduling_data_batch'], tables: broken });
    const error = await scheduler.initializeContext(SITE).then(() => null, (e) => e);
    assert.equal(error?.code, 'fetch-failed');
    assert.match(error.message, /bell_schedules/);
    assert.equal(scheduler.engine.loaded, false);
    assert.ok(scheduler.getPerformanceMetrics().fetchErrors.some((e) => e.where === 'fallback'));
  });

  test('a school the provider is not linked to is refused', async () => {
    const { scheduler } = setup({ missing: ['get_scheduling_data_batch'], tables });
    const error = await scheduler.initializeContext('Nowhere Elementary').then(() => null, (e) => e);
    assert.equal(error?.code, 'not-linked');
  });
});

describe('with the real supabase-js client (fake fetch)', async () => {
  const { createClient } = await import('@supabase/supabase-js');
  const { default: WebSocket } = await import('ws');

  function client(handler) {
    const requests = [];
    const fetch = async (input, init = {}) => {
      const url = new URL(typeof input === 'string' ? input : input.url);
      const body = init.body === undefined ? null : JSON.parse(init.body);
      requests.push({ method: init.method ?? 'GET', path: url.pathname, search: url.search, body });
      const [status, answer] = handler({ url, body, method: init.method ?? 'GET' });
      return new Response(JSON.stringify(answer), { status, headers: { 'content-type': 'application/json' } });
    };
    const supabase = createClient('http://supabase.test', 'anon-key', {
      global: { fetch }, realtime: { transport: WebSocket }, auth: { persistSession: false, autoRefreshToken: false },
    });
    return { supabase, requests };
  }

  test('the RPC read and write are POSTs to /rest/v1/rpc/<name> with exactly the SQL argument names', async () => {
    let version = sample.data_version;
    const { supabase, requests } = client(({ url, body }) => {
      if (url.pathname.endsWith('/get_scheduling_data_batch')) return [200, { ...sample, data_version: version }];
      version = 'w1';
      return [200, { data_version: version, ids: body.p_rows.map((r) => r.id), inserted: body.p_rows.length, updated: 0 }];
    });
    const scheduler = new OptimizedScheduler(PROVIDER, 'speech', { supabase, now: () => NOW });
    await scheduler.initializeContext(SITE, { schoolId: SCHOOL_ID });
    const result = await scheduler.scheduleBatch();
    assert.deepEqual(requests.map((r) => `${r.method} ${r.path}`),
      ['POST /rest/v1/rpc/get_scheduling_data_batch', 'POST /rest/v1/rpc/apply_schedule']);
    assert.deepEqual(Object.keys(requests[0].body).sort(), sqlParameters('get_scheduling_data_batch'));
    assert.deepEqual(Object.keys(requests[1].body).sort(), sqlParameters('apply_schedule'));
    assert.equal(result.dataVersion, 'w1');
  });

  test('PostgREST\'s 404 PGRST202 answer is recognised and the fallback reads are GETs with RLS-side filters', async () => {
    const tables = tablesFor(sample);
    const { supabase, requests } = client(({ url }) => {
      if (url.pathname.startsWith('/rest/v1/rpc/')) {
        return [404, { code: 'PGRST202', details: 'Searched for the function …', hint: null,
          message: 'Could not find the function public.get_scheduling_data_batch(p_school_id, p_school_site) in the schema cache' }];
      }
      const table = url.pathname.split('/').at(-1);
      let rows = tables[table];
      for (const [column, condition] of url.searchParams) {
        if (column === 'select') continue;
        const [op, value] = condition.split(/\.(.*)/s);
        rows = rows.filter((r) => (op === 'is' ? (r[column] ?? null) === null : String(r[column]) === value));
      }
      return [200, rows];
    });
    const scheduler = new OptimizedScheduler(PROVIDER, 'speech', { supabase, now: () => NOW });
    const summary = await scheduler.initializeContext(SITE, { schoolId: SCHOOL_ID });
    assert.equal(summary.source, 'fallback');
    assert.equal(summary.students, sample.students.length);
    const sessions = requests.find((r) => r.path === '/rest/v1/schedule_sessions');
    assert.equal(sessions.method, 'GET');
    assert.match(sessions.search, /provider_id=eq\./);
    assert.match(sessions.search, /session_date=is\.null/);
    assert.match(sessions.search, /deleted_at=is\.null/);
    assert.equal(requests.length, 12);
  });

  test('a 409 PT409 answer becomes StaleVersionError; a network failure is retried with the same request id', async () => {
    let writes = 0;
    const { supabase, requests } = client(({ url, body }) => {
      if (url.pathname.endsWith('/get_scheduling_data_batch')) return [200, sample];
      writes += 1;
      if (writes === 1) throw new TypeError('fetch failed');
      return [409, { code: 'PT409', details: null, hint: 'Reload with get_scheduling_data_batch and schedule again.',
        message: `apply_schedule: stale data_version ${body.p_data_version} (the schedule is now at 9); nothing was written` }];
    });
    const scheduler = new OptimizedScheduler(PROVIDER, 'speech', { supabase, now: () => NOW });
    await scheduler.initializeContext(SITE);
    const error = await scheduler.scheduleBatch().then(() => null, (e) => e);
    assert.ok(error instanceof StaleVersionError, String(error));
    assert.equal(error.currentVersion, '9');
    const posts = requests.filter((r) => r.path.endsWith('/apply_schedule'));
    assert.equal(posts.length, 2);
    assert.equal(posts[0].body.p_request_id, posts[1].body.p_request_id);
  });
});
