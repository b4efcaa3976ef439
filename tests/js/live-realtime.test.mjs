// Changes pushed in real time, end to end: the real supabase-js client (its Realtime part) against the Realtime
// stand-in (tests/js/support/realtime-standin.mjs), fed by the real PostgreSQL with migrations/ and the seed;
// RPCs go through the pg shim of the data-layer tests (no PostgREST here).
//
// Needs a cluster: `bash -c 'source tests/sql/pg-cluster.sh && node --test tests/js/live-realtime.test.mjs'`
// (skipped when DATABASE_URL is not set).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { createClient } from '@supabase/supabase-js';
import WebSocket from 'ws';

import { freeMove } from './support/free-move.mjs';
import { pgSupabase, seededDatabase } from './support/pg-supabase.mjs';
import { startRealtimeStandin } from './support/realtime-standin.mjs';
import { requireBuiltWasm } from './support/slotfit.mjs';

requireBuiltWasm();
const skip = process.env.DATABASE_URL ? false : 'DATABASE_URL not set (source tests/sql/pg-cluster.sh first)';
const { OptimizedScheduler } = await import('../../js/node.js');

const u = (prefix, suffix) => `${prefix}0000000-0000-4000-8000-${suffix.padStart(12, '0')}`;
const A = u('1', 'a');
const B = u('1', 'b');
const MAPLE = { id: '069999000001', site: 'Maple Grove Elementary' };
const BELL_LUNCH = u('4', '1');
const B1_MONDAY = u('3', 'b1001');  // provider B's session of a child A also serves

const b64 = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
const jwtFor = (uid) => `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub: uid, role: 'authenticated', exp: 4102444800 })}.test`;

async function waitFor(what, predicate, ms = 5000) {
  const t0 = Date.now();
  while (!(await predicate())) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('Realtime: pushed changes into OptimizedScheduler', { skip }, () => {
  let db;
  let standin;
  let admin;
  const clients = [];

  before(async () => {
    db = await seededDatabase('live');
    standin = await startRealtimeStandin({ databaseUrl: db.url });
    admin = await db.connect();
  });

  after(async () => {
    for (const c of clients) await c.realtime.removeAllChannels().catch(() => {});
    await standin?.close();
    await db?.drop();
  });

  /** A client for `uid`: RPCs and table reads over pg, Realtime through the real supabase-js. */
  async function clientFor(uid) {
    const rest = pgSupabase(await db.connect(), uid);
    const realtime = createClient(standin.url, 'anon-key', {
      auth: { persistSession: false, autoRefreshToken: false },
      realtime: { transport: WebSocket, reconnectAfterMs: () => 100, heartbeatIntervalMs: 500 },
    });
    await realtime.realtime.setAuth(jwtFor(uid));
    const client = {
      calls: rest.calls,
      rpc: (...args) => rest.rpc(...args),
      from: (...args) => rest.from(...args),
      channel: (...args) => realtime.channel(...args),
      removeChannel: (channel) => realtime.removeChannel(channel),
      realtime,
    };
    clients.push(client);
    return client;
  }

  async function liveScheduler(uid = A, options = {}) {
    // What an earlier test wrote is sent before this subscription starts, so it cannot arrive here.
    await standin.settled();
    const supabase = await clientFor(uid);
    const scheduler = new OptimizedScheduler(uid, 'speech', { supabase, storage: false, realtime: true, ...options });
    const changes = [];
    scheduler.on('change', (change) => changes.push(change));
    await scheduler.initializeContext(MAPLE.site, { schoolId: MAPLE.id });
    await waitFor('the subscription', () => scheduler.getPerformanceMetrics().realtime?.state === 'subscribed');
    return {
      scheduler, supabase, changes,
      reads: () => supabase.calls.filter((c) => c.fn === 'get_scheduling_data_batch').length,
      live: () => scheduler.getPerformanceMetrics().realtime,
    };
  }

  test('a save in another tab arrives as a delta: applied without a read, named "another-tab", and the next save is not stale', async () => {
    const here = await liveScheduler();
    const there = await liveScheduler();
    const { session, to } = freeMove(there.scheduler);
    const saved = await there.scheduler.moveSession(session.id, to);
    await waitFor('the pushed delta', () => here.changes.length > 0);
    const [change] = here.changes;
    assert.equal(change.source, 'push');
    assert.equal(change.by, 'another-tab');
    assert.deepEqual(change.sessions.map((s) => [s.id, s.op, s.to?.day]), [[session.id, 'changed', to.day]]);
    assert.equal(here.scheduler.payload.sessions.find((s) => s.id === session.id).day_of_week, to.day);
    assert.equal(here.reads(), 1, 'no second read');
    const m = here.scheduler.getPerformanceMetrics();
    assert.equal(m.deltasApplied, 1);
    assert.equal(here.scheduler.engine.stats().dataVersion, saved.dataVersion, 'the t part came with the row');
    // The saving tab heard its own echo and changed nothing.
    await waitFor('the echo in the saving tab', () => there.live().bursts >= 1);
    assert.deepEqual(there.changes, []);
    assert.equal(there.scheduler.getPerformanceMetrics().deltasApplied, 0);
    // Up to date, so this save is accepted.
    const next = freeMove(here.scheduler, [session.id]);
    assert.equal((await here.scheduler.moveSession(next.session.id, next.to)).saved, true);
    await here.scheduler.dispose();
    await there.scheduler.dispose();
  });

  test('this tab\'s own save echoed before its answer arrives: no change event, no delta, applied once from the answer', async () => {
    const here = await liveScheduler();
    const rpc = here.supabase.rpc;
    here.supabase.rpc = async (fn, args) => {
      const answer = await rpc(fn, args);
      // The echo overtakes the answer: it has arrived, and been coalesced and judged, before the answer does.
      if (fn === 'apply_schedule') await waitFor('the echo', () => here.live().bursts >= 1);
      return answer;
    };
    const { session, to } = freeMove(here.scheduler);
    const saved = await here.scheduler.moveSession(session.id, to);
    assert.deepEqual(here.changes, []);
    assert.equal(here.scheduler.getPerformanceMetrics().deltasApplied, 0);
    assert.ok(here.live().deltas >= 1, 'the echo did arrive');
    assert.equal(here.scheduler.engine.stats().dataVersion, saved.dataVersion);
    await here.scheduler.dispose();
  });

  test('a proposal computed before a pushed change is refused at save (StaleVersionError, nothing sent), as the database would', async () => {
    const here = await liveScheduler();
    const there = await liveScheduler();
    const proposal = await here.scheduler.scheduleBatch(null, { save: false, effort: 'fast' });
    assert.ok(proposal.placements.length > 0, 'the seed leaves sessions to place');
    const { session, to } = freeMove(there.scheduler);
    await there.scheduler.moveSession(session.id, to);
    await waitFor('the pushed delta', () => here.changes.length > 0);
    const writes = here.supabase.calls.filter((c) => c.fn === 'apply_schedule').length;
    const error = await here.scheduler.save(proposal).catch((e) => e);
    assert.equal(error?.code, 'stale-version', String(error));
    assert.equal(here.supabase.calls.filter((c) => c.fn === 'apply_schedule').length, writes, 'nothing sent');
    const again = await here.scheduler.scheduleBatch(null, { effort: 'fast' });
    assert.equal(again.saved, true);
    await here.scheduler.dispose();
    await there.scheduler.dispose();
  });

  test('a burst (one statement moving several sessions, by someone else) is one applyChanges and one change event', async () => {
    const here = await liveScheduler();
    const placed = here.scheduler.payload.sessions.filter((s) => s.day_of_week !== null).map((s) => s.id);
    assert.ok(placed.length >= 2);
    await admin.query(`update public.schedule_sessions set start_time = start_time + interval '5 minutes',
      end_time = end_time + interval '5 minutes' where id = any($1::uuid[])`, [placed]);
    await waitFor('every row of the burst applied', () => here.scheduler.getPerformanceMetrics().deltasApplied === placed.length);
    assert.equal(here.changes.length, 1, JSON.stringify(here.changes));
    assert.equal(here.changes[0].by, 'someone-else');
    assert.equal(here.changes[0].sessions.length, placed.length);
    const live = here.scheduler.getPerformanceMetrics().realtime;
    assert.equal(live.bursts, 1);
    assert.equal(here.scheduler.getPerformanceMetrics().deltasApplied, placed.length);
    assert.equal(here.reads(), 1);
    await here.scheduler.dispose();
  });

  test('constraint changes (a bell edit, another provider\'s session of a shared child) make one revalidation', async () => {
    const here = await liveScheduler();
    const before = here.scheduler.engine.stats().dataVersion;
    // Two statements of one transaction: two notices, sent together at its commit.
    await admin.query('begin');
    await admin.query("update public.bell_schedules set end_time = end_time + interval '5 minutes' where id = $1", [BELL_LUNCH]);
    await admin.query("update public.bell_schedules set end_time = end_time + interval '5 minutes' where id = $1", [BELL_LUNCH]);
    await admin.query('commit');
    await waitFor('the revalidation', () => here.changes.some((c) => c.source === 'revalidation'));
    await standin.settled();
    assert.equal(here.live().revalidations, 1, 'two notices, one revalidation');
    assert.equal(here.reads(), 2, 'two notices, one read');
    assert.notEqual(here.scheduler.engine.stats().dataVersion, before);
    assert.equal(here.changes.filter((c) => c.source === 'revalidation').length, 1);

    const other = here.scheduler.payload.other_provider_sessions.length;
    await admin.query("update public.schedule_sessions set day_of_week = 5, start_time = '13:00', end_time = '13:30' where id = $1", [B1_MONDAY]);
    await waitFor('the second revalidation', () => here.reads() === 3);
    await waitFor('the change', () => here.changes.filter((c) => c.source === 'revalidation').length === 2);
    const last = here.changes.at(-1);
    assert.deepEqual(last.reasons, ['children']);
    assert.equal(here.scheduler.payload.other_provider_sessions.length, other);
    assert.ok(here.scheduler.payload.other_provider_sessions.some((s) => s.day_of_week === 5 && s.start_time.startsWith('13:00')));
    await here.scheduler.dispose();
  });

  test('a dropped connection comes back with one revalidation, and a change made meanwhile is not lost', async () => {
    const here = await liveScheduler();
    const reads = here.reads();
    // The client rejoins by itself after 100 ms: its join waits until the change below has been made and sent
    // to nobody, so the change is only found by the rejoin's revalidation (else, made after the rejoin, its notice
    // would make a second one).
    standin.holdJoins();
    standin.dropConnections();
    await waitFor('the drop', () => here.live().state !== 'subscribed');
    await admin.query("update public.bell_schedules set start_time = start_time - interval '5 minutes' where id = $1", [BELL_LUNCH]);
    await standin.settled();
    const lunch = here.scheduler.payload.bell_schedules.find((b) => b.id === BELL_LUNCH)?.start_time;
    standin.releaseJoins();
    await waitFor('the rejoin', () => here.live().reconnects === 1);
    await waitFor('the change', () => here.changes.some((c) => c.reasons?.includes('reconnected')));
    const now = here.scheduler.payload.bell_schedules.find((b) => b.id === BELL_LUNCH)?.start_time;
    assert.notEqual(now, lunch);
    assert.equal(here.live().revalidations, 1);
    assert.equal(here.reads(), reads + 1, 'exactly one');
    await here.scheduler.dispose();
  });

  test('dispose leaves the channel', async () => {
    const here = await liveScheduler();
    assert.equal(here.supabase.realtime.getChannels().length, 1);
    await here.scheduler.dispose();
    assert.equal(here.supabase.realtime.getChannels().length, 0);
  });
});
