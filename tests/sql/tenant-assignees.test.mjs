// Tenant isolation, SEAs and specialists: an assignee serves at the student's school, reads what is assigned to
// them and only that, and is never given two overlapping weekly sessions, whoever's they are (SQLSTATE 23P01).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { freshDatabase, asProvider, batch, apply, pgError } from './lib/db.mjs';
import { users, students, sessions, schools } from './lib/ids.mjs';

let db;
let client;

before(async () => {
  db = await freshDatabase('tenant_assignees');
  client = await db.connect();
});
after(async () => db?.drop());

const versionOf = async (uid, school = schools.maple) => (await batch(client, uid, school.site, school.id)).data_version;
const save = async (uid, rows) => apply(client, uid, rows, await versionOf(uid), randomUUID());
const slot = (day, start, end) => ({ day_of_week: day, start_time: start, end_time: end });
const visibleTo = async (uid) => asProvider(client, uid, async (c) =>
  (await c.query('select id from public.schedule_sessions order by id')).rows.map((r) => r.id), { rollback: true });

test('an assignee sees nothing until assigned, then exactly the sessions assigned to them', async () => {
  assert.deepEqual(await visibleTo(users.S), []);
  await save(users.A, [{ id: sessions.a1Mon, student_id: students.a1, ...slot(1, '09:00', '09:30'), delivered_by: 'sea',
    assigned_to_sea_id: users.S }]);
  assert.deepEqual(await visibleTo(users.S), [sessions.a1Mon]);
  await save(users.A, [{ id: sessions.a2Tue, student_id: students.a2, ...slot(2, '10:00', '10:45'),
    assigned_to_specialist_id: users.T }]);
  assert.deepEqual(await visibleTo(users.T), [sessions.a2Tue]);
  assert.deepEqual(await visibleTo(users.S), [sessions.a1Mon], 'one assignee does not see the other\'s');
  // Nothing else of A's opens to them: students, protected times, busy times.
  const other = await asProvider(client, users.S, async (c) => {
    const counts = [];
    for (const t of ['students', 'protected_times', 'provider_busy_times']) {
      counts.push((await c.query(`select count(*)::int n from public.${t}`)).rows[0].n);
    }
    return counts;
  }, { rollback: true });
  assert.deepEqual(other, [0, 0, 0]);
});

test('a provider cannot assign someone who does not serve at the student\'s school; a stranger and a nonexistent uuid read the same', async () => {
  // D serves at Birch Hollow only; a1 is at Maple Grove.
  const refusal = async (who, column) => {
    const err = await pgError(save(users.A, [{ id: randomUUID(), student_id: students.a1, ...slot(3, '13:00', '13:30'), [column]: who }]));
    return [err.code, err.message.replace(/row 0 \(id [^)]+\)/, 'row 0').replace(who, '<id>')];
  };
  for (const column of ['assigned_to_sea_id', 'assigned_to_specialist_id']) {
    const stranger = await refusal(users.D, column);
    assert.equal(stranger[0], '23503');
    assert.match(stranger[1], new RegExp(`row 0: schedule_sessions.${column}: <id> does not serve at the student's school`));
    assert.deepEqual(await refusal(randomUUID(), column), stranger);
  }
  // Through the table as well.
  const err = await pgError(asProvider(client, users.A, (c) =>
    c.query('update public.schedule_sessions set assigned_to_sea_id = $2 where id = $1', [sessions.a4Thu, users.D])));
  assert.equal(err.code, '23503');
  // D is fine for A's student at Birch Hollow, where D serves.
  await save(users.A, [{ id: sessions.a5Wed, student_id: students.a5, ...slot(3, '09:00', '09:30'), assigned_to_specialist_id: users.D }]);
});

test('an assignee is never double-booked, whoever\'s the sessions are: 23P01; back-to-back is fine', async () => {
  // S has A's Monday 09:00-09:30 (first test). B now wants S on Monday 09:15-09:45.
  const clash = { id: sessions.b1Mon, student_id: students.b1, ...slot(1, '09:15', '09:45'), assigned_to_sea_id: users.S };
  const err = await pgError(save(users.B, [clash]));
  assert.equal(err.code, '23P01', err.message);
  assert.match(err.message, /row 0 \(id [^)]+\): schedule_sessions.assigned_to_sea_id: .* already has a session on day 1 09:00-09:30, which overlaps 09:15-09:45/);
  // The same person in the other column counts too, and so does a table write.
  const err2 = await pgError(save(users.B, [{ ...clash, assigned_to_sea_id: null, assigned_to_specialist_id: users.S }]));
  assert.equal(err2.code, '23P01');
  const err3 = await pgError(asProvider(client, users.B, (c) => c.query(
    "update public.schedule_sessions set day_of_week = 1, start_time = '09:20', end_time = '09:40', assigned_to_sea_id = $2 where id = $1",
    [sessions.b1Mon, users.S])));
  assert.equal(err3.code, '23P01');
  const b1 = (await client.query('select day_of_week, start_time::text, assigned_to_sea_id from public.schedule_sessions where id = $1', [sessions.b1Mon])).rows[0];
  assert.deepEqual(b1, { day_of_week: 1, start_time: '11:00:00', assigned_to_sea_id: null }, 'nothing written');
  // Two rows of one call that overlap each other.
  const err4 = await pgError(save(users.A, [
    { id: randomUUID(), student_id: students.a3, ...slot(4, '10:00', '10:30'), assigned_to_sea_id: users.S },
    { id: randomUUID(), student_id: students.a3, ...slot(4, '10:15', '10:45'), assigned_to_sea_id: users.S },
  ]));
  assert.equal(err4.code, '23P01');
  assert.match(err4.message, /row 1/);
  // Legitimate: back to back, another day, or a placeholder.
  await save(users.B, [{ ...clash, ...slot(1, '09:30', '10:00') }]);
  await save(users.A, [{ id: randomUUID(), student_id: students.a3, ...slot(1, '09:00', '09:30'), assigned_to_sea_id: users.T }]);
  await save(users.A, [{ id: randomUUID(), student_id: students.a3, ...slot(null, null, null), assigned_to_sea_id: users.S }]);
  assert.deepEqual(new Set(await visibleTo(users.S)).has(sessions.b1Mon), true);
  // Moving A's session off the slot frees it; a removed session frees it too.
  await save(users.A, [{ op: 'remove', id: sessions.a1Mon }]);
  await save(users.B, [{ ...clash, ...slot(1, '09:00', '09:30') }]);
});
