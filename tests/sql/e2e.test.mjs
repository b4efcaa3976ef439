// End to end: payload from the real database → the core's auto-schedule (native CLI) → apply_schedule →
// reload → the placed sessions are there and a second auto-schedule places nothing new. One scheduling run is
// exactly one read call and one write call, counted by the server (pg_stat_user_functions).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { freshDatabase, batch, apply } from './lib/db.mjs';
import { users, sessions, schools } from './lib/ids.mjs';
import { cliMissing, runCli, writeArtifact, contractErrors } from './lib/contract.mjs';

let db;
let client;

before(async () => {
  db = await freshDatabase('e2e');
  client = await db.connect();
});
after(async () => db?.drop());

function schedule(payload, name) {
  const file = writeArtifact(`${name}.json`, payload);
  const r = runCli(['schedule', file]);
  assert.equal(r.status, 0, `slotfit schedule ${file} exited ${r.status}:\n${r.stdout}${r.stderr}`);
  const result = JSON.parse(r.stdout);
  writeArtifact(`${name}.result.json`, result);
  for (const k of ['placements', 'unplaced', 'not_configured', 'errors', 'stats']) assert.ok(k in result, `no ${k} in the result`);
  return result;
}

async function functionCalls() {
  // This backend's pending counters reach shared memory when it next goes idle; force that, then read afresh.
  await client.query('select pg_stat_force_next_flush()');
  await client.query('select pg_stat_clear_snapshot()');
  const { rows } = await client.query(`select funcname, calls::int from pg_stat_user_functions
     where schemaname = 'public' and funcname in ('get_scheduling_data_batch', 'apply_schedule')`);
  return Object.fromEntries(['get_scheduling_data_batch', 'apply_schedule']
    .map((f) => [f, rows.find((r) => r.funcname === f)?.calls ?? 0]));
}

const key = (s) => `${s.student_id} ${s.day_of_week} ${s.start_time}-${s.end_time}`;
const overlaps = (a, b) => a.day_of_week === b.day_of_week && a.start_time < b.end_time && b.start_time < a.end_time;

async function run(uid, school, name) {
  const before = await functionCalls();
  const payload = await batch(client, uid, school.site, school.id);
  const result = schedule(payload, `${name}-payload`);
  const rows = result.placements.map((p) => (p.id ? p : { ...p, id: randomUUID() }));
  const answer = await apply(client, uid, rows, payload.data_version, randomUUID());
  const after = await functionCalls();
  return {
    payload, result, rows, answer,
    calls: { read: after.get_scheduling_data_batch - before.get_scheduling_data_batch,
      write: after.apply_schedule - before.apply_schedule },
  };
}

test('single-school provider: schedule, write, reload, reschedule places nothing new', { skip: cliMissing }, async () => {
  const { payload, result, rows, answer, calls } = await run(users.E, schools.aspen, 'e2e-aspen');
  assert.deepEqual(calls, { read: 1, write: 1 }, 'one read call and one write call per scheduling run');
  assert.deepEqual(result.errors, []);
  assert.ok(result.placements.length >= 8, `only ${result.placements.length} placements`);
  const filled = rows.filter((r) => r.id === sessions.e2Placeholder);
  assert.equal(filled.length, 1, 'the placeholder is filled, keeping its id');
  assert.deepEqual([answer.inserted, answer.updated], [rows.length - 1, 1]);
  assert.deepEqual(answer.ids, rows.map((r) => r.id));

  const reloaded = await batch(client, users.E, schools.aspen.site, schools.aspen.id);
  assert.equal(reloaded.data_version, answer.data_version);
  assert.deepEqual(contractErrors(reloaded), []);
  const byId = new Map(reloaded.sessions.map((s) => [s.id, s]));
  for (const r of rows) {
    const s = byId.get(r.id);
    assert.ok(s, `placement ${r.id} is not in the reloaded payload`);
    assert.equal(key(s), key(r));
    assert.deepEqual([s.service_type, s.delivered_by, s.status], [r.service_type, r.delivered_by, r.status]);
  }
  assert.equal(reloaded.sessions.length, payload.sessions.length + answer.inserted);
  assert.ok(!reloaded.sessions.some((s) => s.day_of_week === null), 'no placeholder left');

  const second = schedule(reloaded, 'e2e-aspen-reloaded');
  assert.deepEqual(second.placements, [], 'a second auto-schedule placed something new');
  assert.equal(second.unplaced.length, result.unplaced.length);
});

test("multi-school provider: placements keep to the work days and avoid busy and other providers' time", { skip: cliMissing }, async () => {
  const { payload, result, rows, answer, calls } = await run(users.A, schools.maple, 'e2e-maple');
  assert.deepEqual(calls, { read: 1, write: 1 });
  assert.deepEqual(result.errors, []);
  assert.ok(rows.length > 0);
  assert.equal(answer.ids.length, rows.length);
  for (const r of rows) {
    assert.ok(payload.work_days.includes(r.day_of_week), `${key(r)} is on an off day`);
    for (const b of payload.provider_busy_times) assert.ok(!overlaps(r, b), `${key(r)} overlaps busy time ${key(b)}`);
    for (const o of payload.other_provider_sessions.filter((x) => x.student_id === r.student_id)) {
      assert.ok(!overlaps(r, o), `${key(r)} overlaps another provider's session of the same child`);
    }
  }
  const reloaded = await batch(client, users.A, schools.maple.site, schools.maple.id);
  for (const r of rows) assert.ok(reloaded.sessions.some((s) => s.id === r.id && key(s) === key(r)));
  assert.deepEqual(schedule(reloaded, 'e2e-maple-reloaded').placements, []);
});
