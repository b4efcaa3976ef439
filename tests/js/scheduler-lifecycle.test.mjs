// OptimizedScheduler beyond one read and one write: saveRows (undo, redo, inserts, {op: 'remove'}), the read-only
// payload, the typed no-profile error, dispose(), and auto-schedule in a worker while the page engine stays put.
// The fake Supabase client (tests/js/support/fake-supabase.mjs) counts calls and keeps the rows like apply_schedule.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { fakeSupabase, tablesFor } from './support/fake-supabase.mjs';
import { fixture, requireBuiltWasm } from './support/slotfit.mjs';

requireBuiltWasm();
const { EngineDisposedError, OptimizedScheduler, createEngine, createWorkerEngine } = await import('../../js/node.js');

const sample = fixture('sample-school.json');
const SITE = sample.school.school_site;
const PROVIDER = sample.provider.id;
const NOW = Date.parse('2026-11-28T15:00:00Z');

async function loaded(options = {}, fake = {}) {
  const supabase = fakeSupabase({ payload: sample, ...fake });
  const scheduler = new OptimizedScheduler(PROVIDER, 'speech', { supabase, now: () => NOW, ...options });
  await scheduler.initializeContext(SITE);
  return { supabase, scheduler };
}

// What a fresh engine makes of the database's rows now: the scheduler's engine must equal it after every write.
async function assertMatchesDatabase(scheduler, supabase) {
  const fresh = await createEngine();
  const { data } = await supabase.rpc('get_scheduling_data_batch', {});
  fresh.load(data);
  // rowsIndexed counts every row the engine ever indexed, removed ones too: not a measure of the current state.
  const strip = (s) => ({ ...s, loadMs: 0, checks: 0, candidatesEvaluated: 0, rowsIndexed: 0 });
  assert.deepEqual(strip(scheduler.engine.stats()), strip(fresh.stats()));
  const bySession = (rows) => Object.fromEntries(rows.map((r) => [r.id, [r.day_of_week, r.start_time?.slice(0, 5) ?? null]]));
  assert.deepEqual(bySession(scheduler.payload.sessions), bySession(data.sessions));
  fresh.dispose();
}

const placed = (id) => sample.sessions.find((s) => s.day_of_week !== null && (id === undefined || s.id === id));

describe('saveRows', () => {
  test('one apply_schedule call for an insert, a partial move and a removal; the engine and payload follow', async () => {
    const { supabase, scheduler } = await loaded();
    const [first, second] = sample.sessions.filter((s) => s.day_of_week !== null);
    const student = sample.students.find((s) => s.id === first.student_id);
    const rows = [
      { op: 'remove', id: first.id },
      { id: second.id, day_of_week: 5, start_time: '14:00:00', end_time: '14:30:00' },
      { student_id: student.id, day_of_week: 4, start_time: '13:00:00', end_time: '13:30:00', service_type: 'speech',
        delivered_by: 'provider', status: 'active' },
    ];
    const outcome = await scheduler.saveRows(rows);
    const calls = supabase.rpcCalls('apply_schedule');
    assert.equal(calls.length, 1);
    const sent = calls[0].args.p_rows;
    assert.deepEqual(sent[0], { op: 'remove', id: first.id }, 'a removal is sent as it is, nothing else');
    assert.equal(sent[1].student_id, second.student_id, 'a partial row is merged over the loaded row');
    assert.equal(sent[1].service_type, second.service_type);
    assert.match(sent[2].id, /^[0-9a-f-]{36}$/, 'an insert without an id gets a uuid');
    assert.deepEqual([outcome.inserted, outcome.updated, outcome.removed], [1, 1, 1]);
    assert.equal(scheduler.engine.hasSession(first.id), false);
    assert.equal(scheduler.engine.hasSession(sent[2].id), true);
    await assertMatchesDatabase(scheduler, supabase);

    const again = await scheduler.saveRows(rows);
    assert.equal(supabase.rpcCalls('apply_schedule')[1].args.p_request_id, calls[0].args.p_request_id, 'same array: a retry');
    assert.deepEqual(again.ids, outcome.ids);
  });

  test('undo an auto-schedule insert leaves nothing behind; saving the id again revives it', async () => {
    const { supabase, scheduler } = await loaded();
    const result = await scheduler.scheduleBatch();
    const placeholders = new Set(sample.sessions.map((s) => s.id));
    const inserted = result.ids.filter((id) => !placeholders.has(id));
    assert.ok(inserted.length > 0);
    const insertedRows = inserted.map((id) => scheduler.payload.sessions.find((s) => s.id === id));

    const undo = await scheduler.saveRows(inserted.map((id) => ({ op: 'remove', id })));
    assert.equal(undo.removed, inserted.length);
    assert.ok(inserted.every((id) => !scheduler.engine.hasSession(id)));
    assert.ok(inserted.every((id) => !supabase.db.sessions.has(id)), 'no placeholder or row left in the batch read');
    await assertMatchesDatabase(scheduler, supabase);

    const redo = await scheduler.saveRows(insertedRows);
    assert.equal(redo.updated, inserted.length, 'revived, not inserted anew');
    assert.ok(inserted.every((id) => scheduler.engine.hasSession(id)));
    await assertMatchesDatabase(scheduler, supabase);
  });

  test('a removal of a session that is not loaded is refused before anything is sent', async () => {
    const { supabase, scheduler } = await loaded();
    await assert.rejects(scheduler.saveRows([{ op: 'remove', id: 'nope' }]), RangeError);
    await assert.rejects(scheduler.saveRows([{ op: 'move', id: placed().id }]), TypeError);
    await assert.rejects(scheduler.saveRows('rows'), TypeError);
    await assert.rejects(scheduler.saveRows([{ student_id: 'nobody', day_of_week: null, start_time: null, end_time: null }]), RangeError);
    await assert.rejects(scheduler.saveRows([{ student_id: placed().student_id, day_of_week: 1 }]), /without start_time/);
    assert.equal(supabase.rpcCalls('apply_schedule').length, 0);
    assert.deepEqual(await scheduler.saveRows([]).then((o) => o.written), 0);
  });
});

describe('payload', () => {
  test('null before a load; then frozen, with saves applied and the current data_version', async () => {
    const supabase = fakeSupabase({ payload: sample });
    const scheduler = new OptimizedScheduler(PROVIDER, 'speech', { supabase, now: () => NOW });
    assert.equal(scheduler.payload, null);
    await scheduler.initializeContext(SITE);
    const before = scheduler.payload;
    assert.equal(before.data_version, sample.data_version);
    assert.equal(before.sessions.length, sample.sessions.length);
    assert.ok(Object.isFrozen(before) && Object.isFrozen(before.sessions) && Object.isFrozen(before.sessions[0]));
    assert.ok(Object.isFrozen(before.students[0]));
    assert.throws(() => { before.sessions[0].day_of_week = 3; }, TypeError);
    assert.equal(scheduler.payload, before, 'the same object until something changes');

    const session = placed();
    const moved = await scheduler.moveSession(session.id, { day: 5, start: '14:00' });
    const after = scheduler.payload;
    assert.notEqual(after, before);
    assert.equal(after.data_version, moved.dataVersion);
    assert.deepEqual([after.sessions.find((s) => s.id === session.id).day_of_week], [5]);
    assert.equal(before.sessions.find((s) => s.id === session.id).day_of_week, session.day_of_week, 'the old view is untouched');
    assert.equal(sample.sessions.find((s) => s.id === session.id).day_of_week, session.day_of_week, 'the input is untouched');
    // It is a payload: a fresh engine loads it and holds what the scheduler's engine holds.
    assert.ok(Array.isArray(after.sessions) && Array.isArray(after.students) && Array.isArray(after.work_days));
    const fresh = await createEngine();
    fresh.load(after);
    assert.deepEqual(fresh.conflictMap({ sessionId: session.id }), scheduler.engine.conflictMap({ sessionId: session.id }));
    fresh.dispose();
  });
});

describe('no-profile', () => {
  test('the batch read\'s "no provider profile" and the fallback\'s empty profiles read are SchedulerError no-profile', async () => {
    // Both refusals are 42501 (the SQL's errcode); only the message tells "no profile" from "not linked".
    const refusal = (message) => ({ data: null, status: 403, error: { code: '42501', message } });
    const readFailing = (message) => new OptimizedScheduler(PROVIDER, 'speech', {
      supabase: fakeSupabase({ payload: sample, script: { get_scheduling_data_batch: [refusal(message)] } }),
    });
    const error = await readFailing('get_scheduling_data_batch: the caller has no provider profile')
      .initializeContext(SITE).then(() => null, (e) => e);
    assert.equal(error?.code, 'no-profile');
    assert.equal(error.name, 'SchedulerError');
    const other = await readFailing('get_scheduling_data_batch: the caller is not linked to school x')
      .initializeContext(SITE).then(() => null, (e) => e);
    assert.equal(other?.code, 'fetch-failed');

    const tables = { ...tablesFor(sample), profiles: [] };
    const fallback = new OptimizedScheduler(PROVIDER, 'speech', {
      supabase: fakeSupabase({ missing: ['get_scheduling_data_batch'], tables }), now: () => NOW,
    });
    assert.equal((await fallback.initializeContext(SITE).then(() => null, (e) => e))?.code, 'no-profile');
  });
});

describe('dispose', () => {
  test('frees the engine it made; later calls throw EngineDisposedError; idempotent', async () => {
    const { supabase, scheduler } = await loaded();
    const engine = scheduler.engine;
    await scheduler.dispose();
    await scheduler.dispose();
    assert.equal(scheduler.disposed, true);
    assert.equal(engine.disposed, true);
    assert.equal(scheduler.engine, null);
    assert.equal(scheduler.payload, null);
    for (const call of [() => scheduler.scheduleBatch(), () => scheduler.initializeContext(SITE),
      () => scheduler.moveSession(placed().id, { day: 1, start: 540 }), () => scheduler.saveRows([]),
      () => scheduler.save({ placements: [] })]) {
      await assert.rejects(call(), EngineDisposedError);
    }
    assert.equal(supabase.rpcCalls().length, 1, 'nothing was sent after dispose');
  });

  test('an engine passed in stays the caller\'s', async () => {
    const engine = await createEngine();
    const { scheduler } = await loaded({ engine });
    await scheduler.dispose();
    assert.equal(engine.disposed, false);
    engine.dispose();
  });
});

describe('auto-schedule in a worker', () => {
  test('worker: true schedules in the worker; the page engine does none of it and stays current', async () => {
    const { supabase, scheduler } = await loaded({ worker: true });
    const page = scheduler.engine;
    const reference = await createEngine();
    reference.load(sample);
    const expected = reference.autoSchedule({ strategy: 'balanced' });
    reference.dispose();

    const before = page.stats().candidatesEvaluated;
    const pending = scheduler.scheduleBatch(null, { save: false });
    // While the worker works, the page engine answers at once.
    const session = placed();
    const student = sample.students.find((s) => s.id === session.student_id);
    assert.ok(Array.isArray(page.check({ studentId: student.id, day: 1, start: '08:00', minutes: 30 })));
    const proposal = await pending;
    assert.equal(page.stats().candidatesEvaluated, before, 'the page engine evaluated no auto-schedule candidate');
    assert.deepEqual(proposal.placements, expected.placements);
    assert.ok(proposal.stats.candidatesEvaluated > 0);

    await scheduler.save(proposal);
    const second = await scheduler.scheduleBatch(null, { save: false });
    assert.equal(second.placements.length, 0, 'the worker was brought up to the saved state');
    await scheduler.saveRows([{ op: 'remove', id: session.id }]);
    const third = await scheduler.scheduleBatch(null, { save: false });
    assert.ok(third.placements.some((p) => p.student_id === session.student_id), 'and after a removal');
    assert.equal(supabase.rpcCalls('get_scheduling_data_batch').length, 1);
    await scheduler.dispose();
  });

  test('a WorkerEngine passed in is used and stays the caller\'s; anything else is refused', async () => {
    const worker = await createWorkerEngine();
    const { scheduler } = await loaded({ worker });
    const proposal = await scheduler.scheduleBatch(null, { save: false });
    assert.ok(proposal.placements.length > 0);
    assert.equal((await worker.stats()).students, sample.students.length, 'the given worker holds the payload');
    await scheduler.dispose();
    assert.equal(worker.disposed, false);
    await worker.dispose();
    assert.throws(() => new OptimizedScheduler(PROVIDER, 'speech', { supabase: fakeSupabase({}), worker: {} }), TypeError);
  });
});
