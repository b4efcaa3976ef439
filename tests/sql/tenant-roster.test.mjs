// Tenant isolation, the roster: who serves which child is not the provider's claim. Each attack of the review
// (issue 10: a claimed child_id, injected protected times, an unchecked teacher_id) is refused or sees nothing,
// next to the legitimate path that still works (the school admin or service_role links a student to a child).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { freshDatabase, asRole, asProvider, batch, pgError } from './lib/db.mjs';
import { users, students, sessions, protectedTimes, teachers, schools } from './lib/ids.mjs';

let db;
let client;

before(async () => {
  db = await freshDatabase('tenant_roster');
  client = await db.connect();
});
after(async () => db?.drop());

const asService = (fn) => asRole(client, { role: 'service_role' }, fn);
const childOf = async (id) => (await client.query('select child_id from public.students where id = $1', [id])).rows[0].child_id;
// B's child C-2002 (student b2): A serves no such child.
const victimChild = 'C-2002';

test('a provider cannot give a student row a child_id, on insert or update, one row or many', async () => {
  const attempts = [
    ["insert into public.students (provider_id, initials, school_id, school_site, child_id) values ($1, 'ZZ', '069999000001', 'Maple Grove Elementary', $2)", [users.A, victimChild]],
    ['update public.students set child_id = $2 where id = $1', [students.a3, victimChild]],
    // changing a child_id the admin set, or clearing it, is the admin's too
    ['update public.students set child_id = $2 where id = $1', [students.a1, victimChild]],
    ['update public.students set child_id = null where id = $1', [students.a1]],
    // 3,000 guessed ids in one statement
    [`insert into public.students (provider_id, initials, school_id, school_site, child_id)
      select $1, 'ZZ', '069999000001', 'Maple Grove Elementary', 'C-' || g from generate_series(1, 3000) g`, [users.A]],
  ];
  for (const [sql, params] of attempts) {
    const err = await pgError(asProvider(client, users.A, (c) => c.query(sql, params)));
    assert.equal(err.code, '42501', `${sql}: ${err.message}`);
    assert.match(err.message, /roster link/);
  }
  assert.equal(await childOf(students.a3), null);
  assert.equal(await childOf(students.a1), 'C-1001');
  const p = await batch(client, users.A, schools.maple.site, schools.maple.id);
  assert.ok(!JSON.stringify(p).includes(sessions.b2Tue) && !p.other_provider_sessions.some((o) => o.start_time === '12:00:00'),
    "B's sessions of C-2002 stay out of A's payload");
  const seen = await asProvider(client, users.A, async (c) =>
    (await c.query('select id from public.protected_times where id = $1', [protectedTimes.otherChild])).rowCount, { rollback: true });
  assert.equal(seen, 0, "B's protected time of C-2002 stays hidden from A");
});

test('legitimate: a provider still adds and edits students without a child_id', async () => {
  const id = randomUUID();
  await asProvider(client, users.A, async (c) => {
    await c.query("insert into public.students (id, provider_id, initials, grade_level, school_id, school_site) values ($1, $2, 'NW', '3', '069999000001', 'Maple Grove Elementary')", [id, users.A]);
    await c.query("update public.students set initials = 'NX', child_id = child_id where id = $1", [id]);
    // Editing other columns of a linked student keeps its link.
    await c.query("update public.students set grade_level = '1' where id = $1", [students.a1]);
  });
  assert.equal((await client.query('select initials from public.students where id = $1', [id])).rows[0].initials, 'NX');
  assert.equal(await childOf(students.a1), 'C-1001');
});

test("legitimate: the school's admin links a student row to a child; the batch then joins on it", async () => {
  const before = await batch(client, users.A, schools.maple.site, schools.maple.id);
  assert.ok(!before.other_provider_sessions.some((o) => o.student_id === students.a3));
  // M is admin of Maple Grove: a3 (Maple, under its id) is theirs to link; B's b2 is the same child.
  const n = await asProvider(client, users.M, async (c) =>
    (await c.query('update public.students set child_id = $2 where id = $1', [students.a3, victimChild])).rowCount);
  assert.equal(n, 1);
  const after = await batch(client, users.A, schools.maple.site, schools.maple.id);
  assert.deepEqual(after.other_provider_sessions.filter((o) => o.student_id === students.a3),
    [{ student_id: students.a3, day_of_week: 2, start_time: '12:00:00', end_time: '12:30:00', provider_role: 'ot' }]);
  // The admin of Maple Grove cannot link a student at Birch Hollow (A's a5), nor one at another school
  // that shares the name (a6, under another id).
  for (const id of [students.a5, students.a6]) {
    const touched = await asProvider(client, users.M, async (c) =>
      (await c.query("update public.students set child_id = 'C-9' where id = $1", [id])).rowCount);
    assert.equal(touched, 0, `${id} is not at the admin's school`);
  }
  // K administers Cedar Ridge, not Maple Grove.
  const err = await pgError(asProvider(client, users.K, (c) =>
    c.query("insert into public.students (provider_id, initials, school_site, child_id) values ($1, 'QQ', 'Maple Grove Elementary', 'C-1')", [users.K])));
  assert.equal(err.code, '42501');
  // Undo, for the tests below.
  await asService((c) => c.query('update public.students set child_id = null where id = $1', [students.a3]));
  assert.equal(await childOf(students.a3), null, 'service_role writes the roster link too');
});

test('protected times: none for a child the provider does not serve, none through a student row of theirs', async () => {
  const attempts = [
    // by child only: lands in B's payload as a hard constraint
    ["insert into public.protected_times (provider_id, student_id, child_id, day_of_week, start_time, end_time, label) values ($1, null, $2, 1, '08:00', '15:00', 'x')", [users.A, victimChild]],
    // through A's own student, carrying B's child
    ["insert into public.protected_times (provider_id, student_id, child_id, day_of_week, start_time, end_time, label) values ($1, $3, $2, 1, '08:00', '15:00', 'x')", [users.A, victimChild, students.a1]],
    // under B's student row
    ["insert into public.protected_times (provider_id, student_id, day_of_week, start_time, end_time) values ($1, $2, 1, '08:00', '15:00')", [users.A, students.b2]],
    // turning A's own row into one for B's child
    ['update public.protected_times set child_id = $1 where id = $2', [victimChild, protectedTimes.a1Direct]],
    // 50k rows by child in one statement
    [`insert into public.protected_times (provider_id, child_id, day_of_week, start_time, end_time)
      select $1, $2, 1 + g % 5, '08:00', '08:30' from generate_series(1, 50000) g`, [users.A, victimChild]],
  ];
  for (const [sql, params] of attempts) {
    const err = await pgError(asProvider(client, users.A, (c) => c.query(sql, params)));
    assert.equal(err.code, '42501', `${sql}: ${err.message}`);
    assert.match(err.message, /row-level security/);
  }
  const b = await batch(client, users.B, schools.maple.site, schools.maple.id);
  assert.deepEqual(b.protected_times.filter((p) => p.student_id === students.b2).map((p) => p.id), [protectedTimes.otherChild],
    "B's payload holds only B's own protected time for C-2002");
});

test('legitimate: a provider who serves the child enters a protected time by child; the other provider gets it', async () => {
  // A serves C-1001 (a1), as B does (b1).
  const id = randomUUID();
  await asProvider(client, users.A, (c) => c.query(
    "insert into public.protected_times (id, provider_id, child_id, day_of_week, start_time, end_time, label) values ($1, $2, 'C-1001', 5, '09:00', '09:30', 'Assembly')",
    [id, users.A]));
  const b = await batch(client, users.B, schools.maple.site, schools.maple.id);
  const got = b.protected_times.find((p) => p.id === id);
  assert.deepEqual(got && [got.student_id, got.child_id, got.label], [students.b1, 'C-1001', 'Assembly']);
});

test("legitimate: the school's admin enters a protected time for a child at that school, not elsewhere", async () => {
  // The admin enters it under their own profile (provider_id: who entered it).
  await client.query("insert into public.profiles (id, role) values ($1, 'admin') on conflict do nothing", [users.M]);
  const id = randomUUID();
  await asProvider(client, users.M, (c) => c.query(
    "insert into public.protected_times (id, provider_id, child_id, day_of_week, start_time, end_time, label) values ($1, $2, 'C-2002', 2, '13:30', '14:00', 'Counseling group')",
    [id, users.M]));
  const b = await batch(client, users.B, schools.maple.site, schools.maple.id);
  assert.equal(b.protected_times.find((p) => p.id === id)?.student_id, students.b2);
  // A child known only at Birch Hollow (D's d1, linked to C-5005 here) is not the Maple Grove admin's.
  await client.query("update public.students set child_id = 'C-5005' where id = $1", [students.d1]);
  const err = await pgError(asProvider(client, users.M, (c) => c.query(
    "insert into public.protected_times (provider_id, child_id, day_of_week, start_time, end_time) values ($1, 'C-5005', 2, '13:30', '14:00')", [users.M])));
  assert.equal(err.code, '42501');
  await client.query("update public.students set child_id = 'C-1002' where id = $1", [students.d1]);
});

test('teacher_id names a teacher at one of the provider\'s schools; elsewhere and nonexistent read the same', async () => {
  const aspenTeacher = randomUUID();
  await client.query("insert into public.teachers (id, first_name, last_name, school_id, school_site) values ($1, 'Quinn', 'Aspen', '069999000004', 'Aspen Valley Elementary')", [aspenTeacher]);
  const refusal = async (teacherId, sql) => {
    const err = await pgError(asProvider(client, users.A, (c) => c.query(sql, [students.a4, teacherId])));
    return [err.code, err.message.replace(teacherId, '<id>')];
  };
  const update = 'update public.students set teacher_id = $2 where id = $1';
  const insert = "insert into public.students (provider_id, initials, school_site, teacher_id) select provider_id, 'TT', school_site, $2 from public.students where id = $1";
  for (const sql of [update, insert]) {
    const elsewhere = await refusal(aspenTeacher, sql);
    const missing = await refusal(randomUUID(), sql);
    assert.equal(elsewhere[0], '23503');
    assert.deepEqual(missing, elsewhere, 'the refusal does not tell whether the uuid exists');
  }
  // Legitimate: a teacher at A's school (Maple Grove), and one at A's other school (Birch Hollow).
  for (const t of [teachers.haddad, teachers.ito]) {
    await asProvider(client, users.A, (c) => c.query(update, [students.a4, t]));
  }
  // A row from before the check that names a teacher elsewhere: the batch does not show that teacher's name.
  await client.query('begin');
  await client.query("set local session_replication_role = replica");
  await client.query('update public.students set teacher_id = $2 where id = $1', [students.a4, aspenTeacher]);
  await client.query('commit');
  const p = await batch(client, users.A, schools.maple.site, schools.maple.id);
  assert.equal(p.students.find((s) => s.id === students.a4).teacher_name, null);
  assert.ok(!JSON.stringify(p).includes('Quinn'));
});
