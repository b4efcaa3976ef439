// Contract: what get_scheduling_data_batch returns from the real database is payload v1 for the project's
// JSON Schema, key for key, and the core loads it with zero errors.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { freshDatabase, batch, asProvider } from './lib/db.mjs';
import { users, schools } from './lib/ids.mjs';
import { contractErrors, keySetErrors, schemaErrors, cliMissing, runCli, writeArtifact, schema } from './lib/contract.mjs';

let db;
let client;
const payloads = {};

before(async () => {
  db = await freshDatabase('contract');
  client = await db.connect();
  payloads.aMaple = await batch(client, users.A, schools.maple.site, schools.maple.id);
  payloads.aBirch = await batch(client, users.A, schools.birch.site, schools.birch.id);
  payloads.bMaple = await batch(client, users.B, schools.maple.site);
  payloads.cCedar = await batch(client, users.C, schools.cedar.site);
  payloads.eAspen = await batch(client, users.E, schools.aspen.site, schools.aspen.id);
});
after(async () => db?.drop());

for (const name of ['aMaple', 'aBirch', 'bMaple', 'cCedar', 'eAspen']) {
  test(`payload ${name} validates against payload-v1.schema.json with the exact key sets`, () => {
    const p = payloads[name];
    assert.deepEqual(contractErrors(p), [], JSON.stringify(p, null, 1));
  });
}

test('every table of the seeded payload is non-empty, so the key-set check saw a row of each', () => {
  const p = payloads.aMaple;
  for (const k of ['work_days', 'school_hours', 'bell_schedules', 'special_activities', 'students', 'sessions',
    'protected_times', 'other_provider_sessions', 'provider_busy_times']) {
    assert.ok(p[k].length > 0, `${k} is empty`);
  }
  assert.ok(p.sessions.some((s) => s.day_of_week === null), 'a placeholder row is included');
  assert.ok(p.provider_busy_times.some((b) => b.id === null), 'a null-id busy row is included');
});

test('types: ids are strings, times "HH:MM:SS", generated_at ISO 8601, data_version a string', () => {
  const p = payloads.aMaple;
  assert.equal(p.schema_version, 1);
  assert.match(p.generated_at, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?[+-]\d{2}:\d{2}$/);
  assert.equal(typeof p.data_version, 'string');
  for (const s of p.sessions.filter((x) => x.day_of_week !== null)) {
    assert.match(s.start_time, /^\d{2}:\d{2}:\d{2}$/);
    assert.match(s.end_time, /^\d{2}:\d{2}:\d{2}$/);
  }
  assert.equal(typeof p.students[0].id, 'string');
  assert.equal(typeof p.students.find((s) => s.sessions_per_week !== null).sessions_per_week, 'number');
});

test('the checks themselves catch drift: an extra key, a missing key, a wrong type, a bad time', () => {
  const p = structuredClone(payloads.aMaple);
  p.sessions[0].session_date = null;
  delete p.students[0].child_id;
  p.bell_schedules[0].day_of_week = '1';
  p.school_hours[0].start_time = '8:00';
  const errors = contractErrors(p);
  assert.ok(errors.some((e) => e.includes('/sessions/0/session_date: not in the schema')), errors.join('\n'));
  assert.ok(errors.some((e) => e.includes('/students/0/child_id: missing')), errors.join('\n'));
  assert.ok(schemaErrors(p).some((e) => e.startsWith('/bell_schedules/0/day_of_week')));
  assert.ok(schemaErrors(p).some((e) => e.startsWith('/school_hours/0/start_time')));
  assert.deepEqual(keySetErrors({ ...payloads.aMaple, extra: 1 }), ['/extra: not in the schema']);
});

test('the output is deterministic: two calls give the same payload but for generated_at', async () => {
  const again = await batch(client, users.A, schools.maple.site, schools.maple.id);
  assert.deepEqual({ ...again, generated_at: null }, { ...payloads.aMaple, generated_at: null });
});

for (const name of ['aMaple', 'cCedar', 'eAspen']) {
  test(`the core loads payload ${name} with zero errors (slotfit validate)`, { skip: cliMissing }, () => {
    const file = writeArtifact(`payload-${name}.json`, payloads[name]);
    const r = runCli(['validate', file]);
    assert.equal(r.status, 0, `slotfit validate ${file} exited ${r.status}:\n${r.stdout}${r.stderr}`);
  });
}

test('the core rejects a payload the RPC must never produce (the CLI check is live)', { skip: cliMissing }, () => {
  const p = structuredClone(payloads.aMaple);
  p.sessions[0].student_id = '20000000-0000-4000-8000-00000000dead';
  const file = writeArtifact('payload-broken.json', p);
  const r = runCli(['validate', file]);
  assert.notEqual(r.status, 0, 'slotfit validate accepted a session of an unknown student');
});

test("the revalidation answer is the schema's not_modified shape, and the core refuses it as a payload with one error",
  { skip: cliMissing }, async () => {
    const answer = await asProvider(client, users.A, async (c) => (await c.query('select public.get_scheduling_data_batch($1, $2, $3) p',
      [schools.maple.site, schools.maple.id, payloads.aMaple.data_version])).rows[0].p);
    assert.equal(answer.not_modified, true);
    assert.deepEqual(keySetErrors(answer, schema.definitions.not_modified), []);
    assert.ok(schemaErrors(answer).length > 0, 'the top-level schema is the payload: it refuses the answer');
    const r = runCli(['validate', writeArtifact('payload-not-modified.json', answer)]);
    assert.equal(r.status, 1, r.stdout + r.stderr);
    const errors = JSON.parse(r.stdout);
    assert.equal(errors.length, 1, r.stdout);
    assert.match(errors[0].message, /not_modified answer of get_scheduling_data_batch/);
  });
