// Write-back: apply_schedule fills, moves, unschedules and inserts in one transaction; refuses stale versions,
// foreign rows and broken rows with nothing written; serializes concurrent writers; answers retries once.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { freshDatabase, asProvider, batch, apply, pgError } from './lib/db.mjs';
import { users, students, sessions, schools } from './lib/ids.mjs';

let db;
let client;

before(async () => {
  db = await freshDatabase('write');
  client = await db.connect();
});
after(async () => db?.drop());

const readA = () => batch(client, users.A, schools.maple.site, schools.maple.id);
const versionA = async () => (await readA()).data_version;
const row = async (id) => (await client.query(
  `select id, provider_id, student_id, day_of_week, start_time::text, end_time::text, session_date, deleted_at, service_type,
          delivered_by, assigned_to_sea_id, status, has_conflict, conflict_reason
   from public.schedule_sessions where id = $1`, [id])).rows[0];
// Everything a refused call could have touched.
const snapshot = async () => (await client.query(
  `select (select json_agg(s order by s.id) from public.schedule_sessions s) sessions,
          (select json_agg(v order by v.provider_id) from public.schedule_versions v) versions,
          (select count(*) from public.schedule_write_requests) requests`)).rows[0];
const slot = (day, start, end) => ({ day_of_week: day, start_time: start, end_time: end });
// The template part of a data_version ("t<n>.p…"): the counter apply_schedule steps.
const templatePart = (version) => {
  const m = /^t(\d+)\./.exec(version);
  assert.ok(m, `not a data_version: ${version}`);
  return Number(m[1]);
};

test('fill: a placeholder keeps its id and gets a day and time', async () => {
  const before = await readA();
  const answer = await apply(client, users.A, [{
    id: sessions.a1Placeholder, student_id: students.a1, ...slot(2, '09:00:00', '09:30:00'), service_type: 'speech',
    delivered_by: 'provider', assigned_to_sea_id: null, status: 'active',
  }], before.data_version, randomUUID());
  assert.deepEqual(answer, { data_version: answer.data_version, ids: [sessions.a1Placeholder], inserted: 0, updated: 1, removed: 0 });
  assert.notEqual(answer.data_version, before.data_version);
  const after = await readA();
  assert.equal(after.data_version, answer.data_version, 'the answer carries the version the next read hands out');
  const s = after.sessions.find((x) => x.id === sessions.a1Placeholder);
  assert.deepEqual([s.day_of_week, s.start_time, s.end_time], [2, '09:00:00', '09:30:00']);
  assert.equal(after.sessions.length, before.sessions.length, 'filled, not added');
});

test('move: a template moves; an override carries status, has_conflict and the reason; a later move re-judges it', async () => {
  let v = await versionA();
  const a = await apply(client, users.A, [{ id: sessions.a1Mon, student_id: students.a1, ...slot(1, '11:30', '12:00'),
    status: 'needs_attention', has_conflict: true, conflict_reason: 'bell-schedule: Lunch' }], v, randomUUID());
  assert.equal(a.updated, 1);
  const o = await row(sessions.a1Mon);
  assert.deepEqual([o.day_of_week, o.start_time, o.end_time, o.status, o.has_conflict, o.conflict_reason],
    [1, '11:30:00', '12:00:00', 'needs_attention', true, 'bell-schedule: Lunch']);
  v = a.data_version;
  const b = await apply(client, users.A, [{ id: sessions.a1Mon, student_id: students.a1, ...slot(4, '10:00', '10:30') }],
    v, randomUUID());
  const r = await row(sessions.a1Mon);
  assert.deepEqual([r.day_of_week, r.start_time, r.status, r.has_conflict, r.conflict_reason],
    [4, '10:00:00', 'active', false, null]);
  assert.equal(r.service_type, 'speech', 'keys left out keep their stored values');
  assert.notEqual(b.data_version, v);
});

test('unschedule: the same id with null day and times becomes a placeholder', async () => {
  const v = await versionA();
  await apply(client, users.A, [{ id: sessions.a2Tue, student_id: students.a2, ...slot(null, null, null) }], v, randomUUID());
  const s = (await readA()).sessions.find((x) => x.id === sessions.a2Tue);
  assert.deepEqual([s.day_of_week, s.start_time, s.end_time, s.status], [null, null, null, 'active']);
});

test('insert: a new client-made uuid inserts a template of the caller', async () => {
  const v = await versionA();
  const id = randomUUID();
  const sea = users.S;
  const answer = await apply(client, users.A, [{ id, student_id: students.a3, ...slot(5, '08:00', '08:30'),
    delivered_by: 'sea', assigned_to_sea_id: sea }], v, randomUUID());
  assert.deepEqual([answer.inserted, answer.updated, answer.ids], [1, 0, [id]]);
  const r = await row(id);
  assert.deepEqual([r.provider_id, r.student_id, r.session_date, r.service_type, r.delivered_by, r.assigned_to_sea_id, r.status],
    [users.A, students.a3, null, 'speech', 'sea', sea, 'active']);
  assert.ok((await readA()).sessions.some((s) => s.id === id));
});

test('one call mixes kinds: ids in input order, counts per kind, all in one version step', async () => {
  const v = await versionA();
  const n1 = randomUUID();
  const n2 = randomUUID();
  const answer = await apply(client, users.A, [
    { id: n1, student_id: students.a4, ...slot(1, '08:00', '08:30') },
    { id: sessions.a4Thu, student_id: students.a4, ...slot(4, '13:30', '14:00') },
    { id: n2, student_id: students.a4, ...slot(null, null, null) },
  ], v, randomUUID());
  assert.deepEqual({ ...answer, data_version: null }, { data_version: null, ids: [n1, sessions.a4Thu, n2], inserted: 2, updated: 1, removed: 0 });
  assert.equal(typeof answer.data_version, 'string');
  assert.equal(templatePart(answer.data_version), templatePart(v) + 1, 'three rows, one version step');
  assert.equal(answer.data_version.replace(/^t\d+/, ''), v.replace(/^t\d+/, ''), 'the other parts are the ones sent');
  // The step is the call's, not a setting left behind: a table edit after the call, in the same transaction,
  // still moves the version.
  await asProvider(client, users.A, async (c) => {
    await c.query('select public.apply_schedule($1::jsonb, $2, $3)', [JSON.stringify([{ id: n2, student_id: students.a4, ...slot(2, '08:00', '08:30') }]),
      answer.data_version, randomUUID()]);
    await c.query("update public.schedule_sessions set start_time = '13:35', end_time = '14:05' where id = $1", [sessions.a4Thu]);
  });
  assert.equal(templatePart(await versionA()), templatePart(v) + 3);
});

test('stale data_version: refused with PT409 and nothing written', async () => {
  const stale = await versionA();
  await apply(client, users.A, [{ id: randomUUID(), student_id: students.a3, ...slot(1, '14:00', '14:30') }], stale, randomUUID());
  const before = await snapshot();
  const err = await pgError(apply(client, users.A, [
    { id: randomUUID(), student_id: students.a3, ...slot(2, '14:00', '14:30') },
    { id: sessions.a4Thu, student_id: students.a4, ...slot(5, '08:00', '08:30') },
  ], stale, randomUUID()));
  assert.equal(err.code, 'PT409');
  assert.match(err.message, /stale data_version/);
  assert.match(err.hint, /Reload/);
  assert.deepEqual(await snapshot(), before);
});

test('data_version moves with every template change made through the tables, not with dated instances', async () => {
  const change = async (sql, params) => {
    const v0 = await versionA();
    await asProvider(client, users.A, (c) => c.query(sql, params));
    return [v0, await versionA()];
  };
  const id = randomUUID();
  const steps = {
    insert: await change("insert into public.schedule_sessions (id, provider_id, student_id, day_of_week, start_time, end_time, service_type) values ($1, $2, $3, 3, '09:00', '09:30', 'speech')", [id, users.A, students.a3]),
    update: await change("update public.schedule_sessions set start_time = '09:05', end_time = '09:35' where id = $1", [id]),
    softDelete: await change('update public.schedule_sessions set deleted_at = now() where id = $1', [id]),
    hardDelete: await change('delete from public.schedule_sessions where id = $1', [id]),
  };
  for (const [kind, [v0, v1]] of Object.entries(steps)) assert.notEqual(v1, v0, `${kind} did not change data_version`);
  const [d0, d1] = await change(`insert into public.schedule_sessions (provider_id, student_id, day_of_week, start_time, end_time, session_date, service_type)
     values ($1, $2, extract(isodow from current_date + 7)::int, '09:00', '09:30', current_date + 7, 'speech')`, [users.A, students.a3]);
  assert.equal(d1, d0, 'a dated instance is not a template change');
  const err = await pgError(apply(client, users.A, [], steps.insert[0], randomUUID()));
  assert.equal(err.code, 'PT409', 'a version from before a table edit is refused');
});

test('a retried request returns the first answer and writes nothing again', async () => {
  const v = await versionA();
  const requestId = randomUUID();
  const rows = [{ id: randomUUID(), student_id: students.a3, ...slot(2, '08:00', '08:30') }];
  const first = await apply(client, users.A, rows, v, requestId);
  const before = await snapshot();
  const again = await apply(client, users.A, rows, v, requestId);
  assert.deepEqual(again, first);
  assert.deepEqual(await snapshot(), before);
  const count = (await client.query('select count(*)::int n from public.schedule_sessions where id = $1', [rows[0].id])).rows[0].n;
  assert.equal(count, 1);
  const reused = await pgError(apply(client, users.A, [{ ...rows[0], start_time: '08:05', end_time: '08:35' }], v, requestId));
  assert.equal(reused.code, '22023');
  assert.match(reused.message, /already used for different rows/);
  // Request ids are per provider: B's request with the same id is B's own.
  const vb = (await batch(client, users.B, schools.maple.site)).data_version;
  const b = await apply(client, users.B, [], vb, requestId);
  assert.deepEqual(b, { data_version: vb, ids: [], inserted: 0, updated: 0, removed: 0 });
});

test('rows that break the contract or the schema are refused, and the whole call writes nothing', async () => {
  const v = await versionA();
  const ok = { id: randomUUID(), student_id: students.a3, ...slot(3, '13:00', '13:30') };
  const cases = [
    ['day without times', { id: randomUUID(), student_id: students.a3, day_of_week: 3, start_time: null, end_time: null }, '23514', /all set or all null/],
    ['times without a day', { id: randomUUID(), student_id: students.a3, ...slot(null, '09:00', '09:30') }, '23514', /all set or all null/],
    ['end before start', { id: randomUUID(), student_id: students.a3, ...slot(3, '10:00', '09:30') }, '23514', /not after/],
    ['end equal to start', { id: randomUUID(), student_id: students.a3, ...slot(3, '10:00', '10:00') }, '23514', /not after/],
    ['day 0', { id: randomUUID(), student_id: students.a3, ...slot(0, '10:00', '10:30') }, '23514', /ISO day/],
    ['day 8', { id: randomUUID(), student_id: students.a3, ...slot(8, '10:00', '10:30') }, '23514', /ISO day/],
    ['day as text', { id: randomUUID(), student_id: students.a3, ...slot('3', '10:00', '10:30') }, '22023', /integer/],
    ['time without leading zero', { id: randomUUID(), student_id: students.a3, ...slot(3, '9:00', '09:30') }, '22023', /start_time/],
    ['time with seconds', { id: randomUUID(), student_id: students.a3, ...slot(3, '09:00:30', '09:30') }, '22023', /whole minutes/],
    ['start at 24:00', { id: randomUUID(), student_id: students.a3, ...slot(3, '24:00', '24:00') }, '22023', /start_time/],
    ['unknown key', { ...ok, id: randomUUID(), session_date: '2026-12-01' }, '22023', /unknown key "session_date"/],
    ['no id', { student_id: students.a3, ...slot(3, '10:00', '10:30') }, '22023', /id must be a uuid/],
    // The lock steps before the row loop read ids and assignees too: a malformed one still gets its row's error.
    ['an id that is not a uuid', { id: 'a1Mon', student_id: students.a3, ...slot(3, '10:00', '10:30') }, '22023', /row 1: id must be a uuid/],
    ['an assignee that is not a uuid', { ...ok, id: randomUUID(), assigned_to_sea_id: 'sea-s' }, '22023', /assigned_to_sea_id must be a uuid/],
    ['an assignee that is a number', { ...ok, id: randomUUID(), assigned_to_specialist_id: 7 }, '22023', /assigned_to_specialist_id must be a uuid/],
    ['no day key', { id: randomUUID(), student_id: students.a3, start_time: '10:00', end_time: '10:30' }, '22023', /required/],
    ['status outside the list', { ...ok, id: randomUUID(), status: 'bogus' }, '23514', /schedule_sessions_status/],
    ['delivered_by outside the list', { ...ok, id: randomUUID(), delivered_by: 'nobody' }, '23514', /schedule_sessions_delivered_by/],
    ['has_conflict as text', { ...ok, id: randomUUID(), has_conflict: 'yes' }, '22023', /has_conflict/],
    ['a dated instance id', { id: sessions.a2Dated, student_id: students.a2, ...slot(2, '10:00', '10:45') }, '22023', /dated instance/],
    ['another student for an existing id', { id: sessions.a4Thu, student_id: students.a3, ...slot(4, '13:00', '13:30') }, '22023', /belongs to student/],
    ['an unknown student', { id: randomUUID(), student_id: randomUUID(), ...slot(3, '10:00', '10:30') }, '42501', /not in the caller's caseload/],
  ];
  const before = await snapshot();
  for (const [name, bad, code, message] of cases) {
    const err = await pgError(apply(client, users.A, [ok, bad], v, randomUUID()));
    assert.equal(err.code, code, `${name}: ${err.code} ${err.message}`);
    assert.match(err.message, message, name);
  }
  const dup = await pgError(apply(client, users.A, [ok, { ...ok }], v, randomUUID()));
  assert.equal(dup.code, '22023');
  assert.match(dup.message, /appears twice/);
  for (const [rows, version, requestId] of [['{"id":1}', v, randomUUID()], [[ok], null, randomUUID()], [[ok], v, null]]) {
    const err = await pgError(asProvider(client, users.A, (c) => c.query('select public.apply_schedule($1::jsonb, $2, $3)',
      [typeof rows === 'string' ? rows : JSON.stringify(rows), version, requestId])));
    assert.equal(err.code, '22023', err.message);
  }
  assert.deepEqual(await snapshot(), before, 'a refused call left a trace');
});

// Opens a PostgREST-like transaction on its own connection and leaves it open until finish() is called.
async function openWriter(rows, version, requestId) {
  const c = await db.connect();
  await c.query('begin');
  await c.query("select set_config('role', 'authenticated', true)");
  await c.query(`select set_config('request.jwt.claims', $1, true)`, [JSON.stringify({ sub: users.A })]);
  let done = false;
  const call = c.query('select public.apply_schedule($1::jsonb, $2, $3) a', [JSON.stringify(rows), version, requestId])
    .then((r) => ({ answer: r.rows[0].a }), (error) => ({ error }));
  return {
    call,
    finish: async () => {
      const outcome = await call;
      if (!done) {
        done = true;
        await c.query(outcome.error ? 'rollback' : 'commit');
      }
      return outcome;
    },
  };
}

async function waitsOnAdvisoryLock() {
  for (let i = 0; i < 50; i++) {
    const { rows } = await client.query(`select count(*)::int n from pg_locks where locktype = 'advisory' and not granted`);
    if (rows[0].n > 0) return true;
    await sleep(20);
  }
  return false;
}

test('two concurrent writers: the second waits for the first, then is refused as stale; no duplicates', async () => {
  const v = await versionA();
  const first = { id: randomUUID(), student_id: students.a3, ...slot(1, '10:00', '10:30') };
  const second = { id: randomUUID(), student_id: students.a3, ...slot(1, '10:00', '10:30') };
  const w1 = await openWriter([first], v, randomUUID());
  let w2;
  let waited;
  try {
    assert.ok(!(await w1.call).error, 'the first writer went through');
    w2 = await openWriter([second], v, randomUUID());
    waited = await waitsOnAdvisoryLock();
  } finally {
    await w1.finish();
  }
  const o1 = await w1.finish();
  const o2 = await w2.finish();
  assert.ok(waited, 'the second writer waited on the provider lock');
  assert.equal(o1.answer.inserted, 1);
  assert.equal(o2.error?.code, 'PT409', o2.error?.message);
  const { rows } = await client.query('select id from public.schedule_sessions where id = any($1::uuid[])', [[first.id, second.id]]);
  assert.deepEqual(rows.map((r) => r.id), [first.id]);
});

test('two writers racing with the same new row: exactly one wins, one row exists', async () => {
  const v = await versionA();
  const rows = [{ id: randomUUID(), student_id: students.a3, ...slot(2, '13:00', '13:30') },
    { id: sessions.a4Thu, student_id: students.a4, ...slot(2, '13:30', '14:00') }];
  const [c1, c2] = [await db.connect(), await db.connect()];
  const outcomes = await Promise.allSettled([c1, c2].map((c) => apply(c, users.A, rows, v, randomUUID())));
  assert.deepEqual(outcomes.map((o) => o.status).sort(), ['fulfilled', 'rejected']);
  assert.equal(outcomes.find((o) => o.status === 'rejected').reason.code, 'PT409');
  const n = (await client.query('select count(*)::int n from public.schedule_sessions where id = $1', [rows[0].id])).rows[0].n;
  assert.equal(n, 1);
});

test('a retry sent while the first call is still running waits and gets the first answer', async () => {
  const v = await versionA();
  const requestId = randomUUID();
  const rows = [{ id: randomUUID(), student_id: students.a3, ...slot(3, '14:00', '14:30') }];
  const w1 = await openWriter(rows, v, requestId);
  let w2;
  let waited;
  try {
    await w1.call;
    w2 = await openWriter(rows, v, requestId);
    waited = await waitsOnAdvisoryLock();
  } finally {
    await w1.finish();
  }
  const o1 = await w1.finish();
  const o2 = await w2.finish();
  assert.ok(waited, 'the retry waited on the provider lock');
  assert.deepEqual(o2.answer, o1.answer);
  const n = (await client.query('select count(*)::int n from public.schedule_sessions where id = $1', [rows[0].id])).rows[0].n;
  assert.equal(n, 1);
});
