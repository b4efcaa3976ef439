// OptimizedScheduler against the real SQL: migrations/ in a throwaway PostgreSQL 15, called the way PostgREST
// calls it (a transaction, role authenticated, the JWT subject in request.jwt.claims; rpc arguments by name).
// This checks what a fake cannot: the argument names and types the functions accept, the rows apply_schedule
// takes, the answer's shape, the real stale-version error and request-id replay, and that the fallback's table
// reads under row-level security assemble what get_scheduling_data_batch answers.
//
// Needs a cluster: `bash -c 'source tests/sql/pg-cluster.sh && node --test tests/js/data-layer-pg.test.mjs'`
// (skipped when DATABASE_URL is not set).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { pgSupabase, seededDatabase } from './support/pg-supabase.mjs';
import { requireBuiltWasm } from './support/slotfit.mjs';

requireBuiltWasm();
const skip = process.env.DATABASE_URL ? false : 'DATABASE_URL not set (source tests/sql/pg-cluster.sh first)';
const { OptimizedScheduler, StaleVersionError, createEngine } = await import('../../js/node.js');

// The seed's provider A and its school (tests/sql/seed.sql, tests/sql/lib/ids.mjs).
const PROVIDER_A = '10000000-0000-4000-8000-00000000000a';
const MAPLE = { id: '069999000001', site: 'Maple Grove Elementary' };
const BIRCH = { id: '069999000003', site: 'Birch Hollow Elementary' };

describe('against the migrations in PostgreSQL', { skip }, () => {
  let db;
  let client;

  before(async () => {
    db = await seededDatabase('js');
    client = await db.connect();
  });

  after(async () => {
    await db?.drop();
  });

  async function templates() {
    const { rows } = await client.query(`select id::text, day_of_week, start_time::text, end_time::text, status, has_conflict,
      conflict_reason from public.schedule_sessions where provider_id = $1 and session_date is null and deleted_at is null
      order by id`, [PROVIDER_A]);
    return rows;
  }

  test('load, auto-schedule and save: one call each way; the saved rows are what a reload answers', async () => {
    const supabase = pgSupabase(client, PROVIDER_A);
    const scheduler = new OptimizedScheduler(PROVIDER_A, 'speech', { supabase });
    const summary = await scheduler.initializeContext(MAPLE.site, { schoolId: MAPLE.id });
    assert.equal(summary.source, 'rpc');
    assert.ok(summary.students > 0);
    const result = await scheduler.scheduleBatch();
    assert.deepEqual(supabase.calls.map((c) => c.fn), ['get_scheduling_data_batch', 'apply_schedule']);
    assert.ok(result.placements.length > 0, 'the seed leaves sessions to place');
    assert.equal(result.inserted + result.updated, result.placements.length);
    assert.deepEqual(result.ids, supabase.calls[1].args.p_rows.map((r) => r.id));

    // A fresh load of the database equals the engine the scheduler kept current.
    const fresh = await createEngine();
    const reloaded = await supabase.rpc('get_scheduling_data_batch', { p_school_site: MAPLE.site, p_school_id: MAPLE.id });
    fresh.load(reloaded.data);
    const strip = (s) => ({ ...s, loadMs: 0, checks: 0, candidatesEvaluated: 0 });
    assert.deepEqual(strip(fresh.stats()), strip(scheduler.engine.stats()));
    assert.equal(reloaded.data.data_version, result.dataVersion);
    assert.deepEqual(fresh.autoSchedule().placements, []);
    assert.deepEqual(scheduler.engine.autoSchedule().placements, []);
    fresh.dispose();
  });

  test('a write by someone else makes the save stale: StaleVersionError from PT409, nothing written, then a reload', async () => {
    const supabase = pgSupabase(client, PROVIDER_A);
    const scheduler = new OptimizedScheduler(PROVIDER_A, 'speech', { supabase });
    await scheduler.initializeContext(MAPLE.site, { schoolId: MAPLE.id });
    const [victim] = (await templates()).filter((t) => t.day_of_week !== null);
    // "someone else": the provider in another tab, moving a session through the table
    await client.query('update public.schedule_sessions set start_time = start_time where id = $1', [victim.id]);
    const moveTo = { day: victim.day_of_week, start: victim.start_time.slice(0, 5) };
    const before = await templates();
    const error = await scheduler.moveSession(victim.id, moveTo).then(() => null, (e) => e);
    assert.ok(error instanceof StaleVersionError, String(error));
    assert.match(error.currentVersion ?? '', /^t\d+\.p\d+\.s\d+\.c\d+\.y\d+$/);
    assert.deepEqual(await templates(), before);
    const retried = await scheduler.moveSession(victim.id, moveTo);
    assert.equal(retried.saved, true);
    assert.equal(supabase.calls.filter((c) => c.fn === 'get_scheduling_data_batch').length, 2);
  });

  test('saveRows: undo an insert with {op: \'remove\'} (soft delete, nothing left behind), then redo it (revive)', async () => {
    const supabase = pgSupabase(client, PROVIDER_A);
    const scheduler = new OptimizedScheduler(PROVIDER_A, 'speech', { supabase });
    await scheduler.initializeContext(MAPLE.site, { schoolId: MAPLE.id });
    const [template] = (await templates()).filter((t) => t.day_of_week !== null);
    const source = scheduler.payload.sessions.find((row) => row.id === template.id);
    const insert = { student_id: source.student_id, day_of_week: 5, start_time: '14:00:00', end_time: '14:30:00' };
    const inserted = await scheduler.saveRows([insert]);
    assert.equal(inserted.inserted, 1);
    const [id] = inserted.ids;
    const row = scheduler.payload.sessions.find((r) => r.id === id);

    const undo = await scheduler.saveRows([{ op: 'remove', id }]);
    assert.equal(undo.removed, 1);
    assert.equal((await templates()).some((t) => t.id === id), false, 'no live template left, placeholder or not');
    const { rows: [deleted] } = await client.query('select deleted_at is not null as gone from public.schedule_sessions where id = $1', [id]);
    assert.equal(deleted.gone, true, 'soft-deleted');
    assert.equal(scheduler.engine.hasSession(id), false);

    const redo = await scheduler.saveRows([row]);
    assert.deepEqual([redo.inserted, redo.updated], [0, 1], 'revived, not inserted anew');
    assert.equal((await templates()).find((t) => t.id === id)?.day_of_week, 5);
    assert.equal(scheduler.engine.hasSession(id), true);
    const reloaded = await supabase.rpc('get_scheduling_data_batch', { p_school_site: MAPLE.site, p_school_id: MAPLE.id });
    assert.equal(reloaded.data.data_version, redo.dataVersion);
    assert.deepEqual(scheduler.payload.sessions.map((r) => r.id).sort(), reloaded.data.sessions.map((r) => r.id).sort());
    assert.equal(supabase.calls.filter((c) => c.fn === 'apply_schedule').length, 3, 'one call per saveRows');
  });

  test('a lost answer is retried with the same request id and answered from the first write', async () => {
    const supabase = pgSupabase(client, PROVIDER_A);
    const scheduler = new OptimizedScheduler(PROVIDER_A, 'speech', { supabase });
    await scheduler.initializeContext(MAPLE.site, { schoolId: MAPLE.id });
    const [session] = (await templates()).filter((t) => t.day_of_week !== null);
    const map = scheduler.engine.conflictMap({ sessionId: session.id });
    const busy = map.kinds.findIndex((k) => k !== 0 && (k & 1) === 0);
    const at = { day: map.days[Math.floor(busy / map.starts.length)], start: map.starts[busy % map.starts.length] };
    supabase.loseNextAnswer = true;
    const moved = await scheduler.moveSession(session.id, at);
    const writes = supabase.calls.filter((c) => c.fn === 'apply_schedule');
    assert.equal(writes.length, 2);
    assert.equal(writes[0].args.p_request_id, writes[1].args.p_request_id);
    const row = (await templates()).find((t) => t.id === session.id);
    assert.equal(row.status, 'needs_attention');
    assert.equal(row.has_conflict, true);
    assert.ok(moved.conflicts.length > 0);
    for (const c of moved.conflicts) assert.ok(row.conflict_reason.includes(c.message), row.conflict_reason);
    assert.equal(scheduler.engine.stats().dataVersion, moved.dataVersion);
  });

  test('the stored copy: a second start is one not_modified call; a colleague\'s bell edit makes the next one a full read', async () => {
    const storage = new Map();
    const supabase = pgSupabase(client, PROVIDER_A);
    const first = new OptimizedScheduler(PROVIDER_A, 'speech', { supabase, storage });
    await first.initializeContext(MAPLE.site, { schoolId: MAPLE.id });
    const second = new OptimizedScheduler(PROVIDER_A, 'speech', { supabase, storage });
    await second.initializeContext(MAPLE.site, { schoolId: MAPLE.id });
    let m = second.getPerformanceMetrics();
    assert.deepEqual([m.fullReads, m.notModified, m.persisted.restores], [0, 1, 1]);
    assert.ok(m.bytesRead < 200, `${m.bytesRead} bytes`);
    assert.deepEqual(second.payload, first.payload);
    await client.query("update public.bell_schedules set end_time = end_time + interval '5 minutes' where school_id = $1", [MAPLE.id]);
    const third = new OptimizedScheduler(PROVIDER_A, 'speech', { supabase, storage });
    await third.initializeContext(MAPLE.site, { schoolId: MAPLE.id });
    m = third.getPerformanceMetrics();
    assert.deepEqual([m.fullReads, m.revalidations, m.notModified], [1, 1, 0]);
    assert.notDeepEqual(third.payload.bell_schedules, first.payload.bell_schedules);
    // A save against the version from before the bell edit is not refused: only the template part is compared.
    const moved = third.payload.sessions.find((row) => row.day_of_week !== null);
    assert.equal((await first.saveRows([{ id: moved.id, start_time: moved.start_time, end_time: moved.end_time }])).updated, 1);
  });

  test('prefetch: the provider\'s other linked school is read into the storage; switching to it costs a not_modified call', async () => {
    const storage = new Map();
    const supabase = pgSupabase(client, PROVIDER_A);
    const scheduler = new OptimizedScheduler(PROVIDER_A, 'speech', { supabase, storage, prefetch: { idleDelayMs: 10 } });
    await scheduler.initializeContext(MAPLE.site, { schoolId: MAPLE.id });
    const deadline = Date.now() + 5000;
    while ((scheduler.getPerformanceMetrics().prefetch?.stored ?? 0) < 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    assert.ok(supabase.calls.some((c) => c.table === 'provider_schools'), 'the links were listed');
    const prefetched = supabase.calls.filter((c) => c.fn === 'get_scheduling_data_batch').slice(1).map((c) => c.args.p_school_id);
    assert.deepEqual(prefetched, [BIRCH.id]);
    await scheduler.initializeContext(BIRCH.site, { schoolId: BIRCH.id });
    const m = scheduler.getPerformanceMetrics();
    assert.deepEqual([m.fullReads, m.notModified, m.persisted.restores], [1, 1, 1]);
    assert.equal(scheduler.payload.school.school_id, BIRCH.id);
    await scheduler.dispose();
  });

  test('the fallback\'s reads under row-level security give what the batch function gives, minus what RLS hides', async () => {
    const supabase = pgSupabase(client, PROVIDER_A);
    const { data: viaRpc } = await supabase.rpc('get_scheduling_data_batch', { p_school_site: MAPLE.site, p_school_id: MAPLE.id });
    const { readTablesFallback } = await import('../../js/fallback.js');
    const viaTables = await readTablesFallback(supabase, {
      providerId: PROVIDER_A, providerRole: 'speech', schoolSite: MAPLE.site, schoolId: MAPLE.id, today: new Date(), onQuery: () => {},
    });
    for (const key of ['provider', 'school', 'work_days', 'school_hours', 'bell_schedules', 'special_activities', 'students', 'sessions']) {
      assert.deepEqual(viaTables[key], viaRpc[key], key);
    }
    const byWhen = (rows) => [...rows].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
    assert.deepEqual(byWhen(viaTables.provider_busy_times), byWhen(viaRpc.provider_busy_times), 'provider_busy_times');
    const visible = new Set(viaTables.protected_times.map((p) => p.id));
    assert.deepEqual(viaTables.protected_times, viaRpc.protected_times.filter((p) => visible.has(p.id)), 'protected_times');
    assert.deepEqual(viaTables.other_provider_sessions, []);
    assert.deepEqual(viaTables.incomplete, ['other_provider_sessions', 'protected_times', 'data_version']);

    const scheduler = new OptimizedScheduler(PROVIDER_A, 'speech', {
      supabase: { ...supabase, rpc: async () => ({ data: null, status: 404, error: { code: 'PGRST202', message: 'Could not find the function' } }) },
    });
    const summary = await scheduler.initializeContext(MAPLE.site, { schoolId: MAPLE.id });
    assert.equal(summary.source, 'fallback');
  });
});
