// OptimizedScheduler against the real SQL: migrations/ in a throwaway PostgreSQL 15, called the way PostgREST
// calls it (a transaction, role authenticated, the JWT subject in request.jwt.claims; rpc arguments by name).
// This checks what a fake cannot: the argument names and types the functions accept, the rows apply_schedule
// takes, the answer's shape, the real stale-version error and request-id replay, and that the fallback's table
// reads under row-level security assemble what get_scheduling_data_batch answers.
//
// Needs a cluster: `bash -c 'source tests/sql/pg-cluster.sh && node --test tests/js/data-layer-pg.test.mjs'`
// (skipped when DATABASE_URL is not set).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { requireBuiltWasm, root } from './support/slotfit.mjs';

requireBuiltWasm();
const skip = process.env.DATABASE_URL ? false : 'DATABASE_URL not set (source tests/sql/pg-cluster.sh first)';
const { OptimizedScheduler, StaleVersionError, createEngine } = await import('../../js/node.js');

// The seed's provider A and its school (tests/sql/seed.sql, tests/sql/lib/ids.mjs).
const PROVIDER_A = '10000000-0000-4000-8000-00000000000a';
const MAPLE = { id: '069999000001', site: 'Maple Grove Elementary' };

// PostgREST's HTTP status for a SQLSTATE, as far as these tests need it.
function statusFor(code) {
  if (code === 'PT409') return 409;
  if (code === '42883') return 404;
  if (code === '42501') return 403;
  return 400;
}

/** A Supabase-shaped client over one pg connection, acting as `uid`. `loseNextAnswer` drops one RPC answer after commit. */
function pgSupabase(client, uid) {
  const calls = [];
  // One connection: the fallback's parallel reads take turns, each in its own transaction (PostgREST would use
  // a connection per request).
  let queue = Promise.resolve();
  function asUser(fn) {
    const turn = queue.then(() => transaction(fn));
    queue = turn.catch(() => {});
    return turn;
  }
  async function transaction(fn) {
    await client.query('begin');
    try {
      await client.query("select set_config('role', 'authenticated', true)");
      await client.query("select set_config('request.jwt.claims', $1, true)", [JSON.stringify({ sub: uid, role: 'authenticated' })]);
      const out = await fn();
      await client.query('commit');
      return { data: out, error: null, status: 200 };
    } catch (e) {
      await client.query('rollback').catch(() => {});
      return { data: null, error: { code: e.code, message: e.message, details: e.detail ?? null, hint: e.hint ?? null }, status: statusFor(e.code) };
    }
  }
  const supabase = {
    calls,
    loseNextAnswer: false,
    async rpc(fn, args) {
      calls.push({ fn, args });
      const names = Object.keys(args);
      const sql = `select public.${fn}(${names.map((n, i) => `${n} => $${i + 1}`).join(', ')}) as r`;
      const values = names.map((n) => (n === 'p_rows' ? JSON.stringify(args[n]) : args[n]));
      const answer = await asUser(async () => (await client.query(sql, values)).rows[0].r);
      if (supabase.loseNextAnswer) {
        supabase.loseNextAnswer = false;
        return { data: null, error: { code: '', message: 'TypeError: fetch failed' }, status: 0 };
      }
      return answer;
    },
    from(table) {
      calls.push({ table });
      const where = [];
      const values = [];
      let columns = '*';
      const builder = {
        select(c) { columns = c; return builder; },
        eq(column, value) { values.push(value); where.push(`"${column}" = $${values.length}`); return builder; },
        is(column) { where.push(`"${column}" is null`); return builder; },
        then(resolve, reject) {
          // time columns come out as PostgREST writes them ("HH:MM:SS"), not as pg's Date parsing would
          const cols = columns.split(',').map((c) => c.trim()).map((c) => `"${c}"${['start_time', 'end_time'].includes(c) ? '::text' : ''} as "${c}"`);
          const sql = `select ${cols.join(', ')} from public."${table}"${where.length ? ` where ${where.join(' and ')}` : ''}`;
          return asUser(async () => (await client.query(sql, values)).rows).then(resolve, reject);
        },
      };
      return builder;
    },
  };
  return supabase;
}

describe('against the migrations in PostgreSQL', { skip }, () => {
  let pg;
  let admin;
  let client;
  let dbName;

  before(async () => {
    pg = (await import('pg')).default;
    dbName = `sf_js_${randomBytes(3).toString('hex')}`;
    admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    await admin.query(`create database ${dbName}`);
    const url = new URL(process.env.DATABASE_URL);
    url.pathname = `/${dbName}`;
    const files = ['tests/sql/supabase-stub.sql',
      ...readdirSync(path.join(root, 'migrations')).filter((f) => f.endsWith('.sql')).sort().map((f) => `migrations/${f}`),
      'tests/sql/seed.sql'];
    for (const file of files) {
      execFileSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', url.toString(), '-f', path.join(root, file)],
        { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, PGOPTIONS: '-c client_min_messages=warning' } });
    }
    client = new pg.Client({ connectionString: url.toString() });
    await client.connect();
  });

  after(async () => {
    await client?.end();
    await admin?.query(`drop database if exists ${dbName} with (force)`);
    await admin?.end();
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
