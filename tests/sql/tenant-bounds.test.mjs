// Tenant isolation, bounds and codes: the lost update of a table edit racing apply_schedule, 2,000-row caps
// (54000), text lengths, arguments cut in error messages, 22023 for nulls on update, and the school year from
// the school's own time zone. Each attack of the review next to the legitimate path.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { freshDatabase, asProvider, batch, apply, pgError } from './lib/db.mjs';
import { users, students, sessions, schools } from './lib/ids.mjs';

let db;
let client;

before(async () => {
  db = await freshDatabase('tenant_bounds');
  client = await db.connect();
});
after(async () => db?.drop());

const readA = () => batch(client, users.A, schools.maple.site, schools.maple.id);
const slot = (day, start, end) => ({ day_of_week: day, start_time: start, end_time: end });
const asA = (sql, params) => asProvider(client, users.A, (c) => c.query(sql, params));

test('a table edit not committed when apply_schedule reads the version: the RPC waits, gets PT409, the edit stays', async () => {
  const v = (await readA()).data_version;
  const editor = await db.connect();
  await editor.query('begin');
  await editor.query("select set_config('role', 'authenticated', true)");
  await editor.query('select set_config(\'request.jwt.claims\', $1, true)', [JSON.stringify({ sub: users.A })]);
  await editor.query("update public.schedule_sessions set start_time = '08:00', end_time = '08:30' where id = $1", [sessions.a1Mon]);
  const rpc = await db.connect();
  const call = apply(rpc, users.A, [{ id: sessions.a1Mon, student_id: students.a1, ...slot(1, '10:00', '10:30') }], v, randomUUID())
    .then((answer) => ({ answer }), (error) => ({ error }));
  let waited = false;
  for (let i = 0; i < 100 && !waited; i++) {
    const { rows } = await client.query("select count(*)::int n from pg_locks where locktype = 'transactionid' and not granted");
    waited = rows[0].n > 0;
    if (!waited) await sleep(20);
  }
  await editor.query('commit');
  const outcome = await call;
  assert.ok(waited, 'the RPC waited for the table edit');
  assert.equal(outcome.error?.code, 'PT409', outcome.error?.message ?? 'the RPC wrote over the table edit');
  const { rows } = await client.query('select start_time::text from public.schedule_sessions where id = $1', [sessions.a1Mon]);
  assert.equal(rows[0].start_time, '08:00:00', 'the table edit is kept');
  // Legitimate: with the version the edit produced, the same save goes through.
  const answer = await apply(client, users.A, [{ id: sessions.a1Mon, student_id: students.a1, ...slot(1, '10:00', '10:30') }],
    (await readA()).data_version, randomUUID());
  assert.equal(answer.updated, 1);
});

test('2,000 live rows per provider in each table that feeds other payloads: 54000 past it, in one statement or one more', async () => {
  // [table, an insert of $2 rows owned by $1]
  const tables = [
    ['students', "insert into public.students (provider_id, initials, school_id, school_site) select $1, 'CP', '069999000001', 'Maple Grove Elementary' from generate_series(1, $2) g"],
    ['schedule_sessions', "insert into public.schedule_sessions (provider_id, student_id, service_type) select $1, '20000000-0000-4000-8000-0000000000a3', 'speech' from generate_series(1, $2) g"],
    ['protected_times', "insert into public.protected_times (provider_id, student_id, day_of_week, start_time, end_time) select $1, '20000000-0000-4000-8000-0000000000a3', 1, '08:00', '08:30' from generate_series(1, $2) g"],
    ['bell_schedules', "insert into public.bell_schedules (created_by, school_id, school_site, school_year, day_of_week, start_time, end_time) select $1, '069999000001', 'Maple Grove Elementary', '2026-2027', 1, '08:00', '08:30' from generate_series(1, $2) g"],
    ['special_activities', "insert into public.special_activities (created_by, school_id, school_site, school_year, teacher_name, day_of_week, start_time, end_time) select $1, '069999000001', 'Maple Grove Elementary', '2026-2027', 'T', 1, '08:00', '08:30' from generate_series(1, $2) g"],
    ['school_hours', "insert into public.school_hours (created_by, school_id, school_site, grade_level, day_of_week, start_time, end_time) select $1, '069999000001', 'Maple Grove Elementary', 'g' || g || '-' || txid_current(), 1, '08:00', '08:30' from generate_series(1, $2) g"],
    ['teachers', "insert into public.teachers (created_by, last_name, school_id, school_site) select $1, 'T' || g, '069999000001', 'Maple Grove Elementary' from generate_series(1, $2) g"],
  ];
  for (const [table, sql] of tables) {
    const live = table === 'schedule_sessions' ? 'session_date is null and deleted_at is null'
      : ['protected_times', 'bell_schedules', 'special_activities'].includes(table) ? 'deleted_at is null' : 'true';
    const owner = ['students', 'schedule_sessions', 'protected_times'].includes(table) ? 'provider_id' : 'created_by';
    const have = (await client.query(`select count(*)::int n from public.${table} where ${owner} = $1 and ${live}`, [users.A])).rows[0].n;
    const over = await pgError(asA(sql, [users.A, 2001 - have]));
    assert.equal(over.code, '54000', `${table}: ${over.message}`);
    assert.match(over.message, new RegExp(`^${table}: ${users.A} would have 2001 live rows; at most 2000 per provider$`));
    await asA(sql, [users.A, 2000 - have]);  // up to the cap is fine
    const one = await pgError(asA(sql, [users.A, 1]));
    assert.equal(one.code, '54000', table);
  }
  // Another provider's count is their own.
  await asProvider(client, users.B, (c) => c.query(tables[0][1], [users.B, 1]));
});

test('the cap holds against reviving removed rows and against apply_schedule inserts, with the row named', async () => {
  // A is at 2,000 live templates (previous test). A removed template cannot come back, a new one cannot be added.
  const v = (await readA()).data_version;
  const revive = await pgError(apply(client, users.A, [{ id: sessions.a2Deleted, student_id: students.a2, ...slot(3, '10:00', '10:45') }], v, randomUUID()));
  assert.equal(revive.code, '54000');
  assert.match(revive.message, /^apply_schedule: row 0 \(id [^)]+\): schedule_sessions: .* would have 2001 live rows/);
  const insert = await pgError(apply(client, users.A, [{ id: randomUUID(), student_id: students.a3, ...slot(3, '10:00', '10:45') }], v, randomUUID()));
  assert.equal(insert.code, '54000');
  const tableRevive = await pgError(asA('update public.schedule_sessions set deleted_at = null where id = $1', [sessions.a2Deleted]));
  assert.equal(tableRevive.code, '54000');
  // Dated instances are not templates: no cap on them.
  await asA(`insert into public.schedule_sessions (provider_id, student_id, day_of_week, start_time, end_time, session_date, service_type)
    select $1, $2, extract(isodow from d)::int, '09:00', '09:30', d, 'speech' from generate_series(current_date, current_date + 2100, interval '1 day') d`,
  [users.A, students.a3]);
  // Legitimate: a remove makes room for an insert.
  const placeholder = (await client.query("select id from public.schedule_sessions where provider_id = $1 and student_id = $2 and day_of_week is null and session_date is null and deleted_at is null limit 1", [users.A, students.a3])).rows[0].id;
  const answer = await apply(client, users.A, [{ op: 'remove', id: placeholder },
    { id: randomUUID(), student_id: students.a3, ...slot(3, '10:00', '10:45') }], v, randomUUID());
  assert.deepEqual([answer.inserted, answer.removed], [1, 1]);
});

test('free text that reaches other providers is bounded', async () => {
  const tooLong = [
    ['update public.profiles set role = $2 where id = $1', [users.A, 'x'.repeat(1 << 20)], 'profiles_role_length'],
    ['update public.profiles set role = $2 where id = $1', [users.A, 'x'.repeat(51)], 'profiles_role_length'],
    ['update public.schedule_sessions set service_type = $2 where id = $1', [sessions.a4Thu, 'x'.repeat(51)], 'schedule_sessions_service_type_length'],
    ['update public.schedule_sessions set group_ref = $2 where id = $1', [sessions.a4Thu, 'x'.repeat(65)], 'schedule_sessions_group_ref_length'],
    ['update public.schedule_sessions set conflict_reason = $2 where id = $1', [sessions.a4Thu, 'x'.repeat(501)], 'schedule_sessions_conflict_reason_length'],
    ["insert into public.protected_times (provider_id, student_id, day_of_week, start_time, end_time, label) values ($1, '20000000-0000-4000-8000-0000000000a1', 1, '08:00', '08:30', $2)", [users.A, 'x'.repeat(201)], 'protected_times_label_length'],
    ["update public.bell_schedules set period_name = $2 where created_by = $1 and school_id = '069999000001'", [users.A, 'x'.repeat(201)], 'bell_schedules_period_name_length'],
    ["update public.students set initials = $2 where id = '20000000-0000-4000-8000-0000000000a1' and provider_id = $1", [users.A, 'x'.repeat(201)], 'students_initials_length'],
  ];
  for (const [sql, params, constraint] of tooLong) {
    const err = await pgError(asA(sql, params));
    assert.equal(err.code, '23514', `${constraint}: ${err.message}`);
    assert.equal(err.constraint, constraint);
  }
  // Through apply_schedule the row is named.
  const v = (await readA()).data_version;
  for (const [key, n] of [['service_type', 51], ['group_ref', 65], ['conflict_reason', 501]]) {
    const err = await pgError(apply(client, users.A, [{ id: sessions.a4Thu, student_id: students.a4, ...slot(4, '13:00', '13:30'), [key]: 'y'.repeat(n) }], v, randomUUID()));
    assert.equal(err.code, '23514', key);
    assert.match(err.message, /^apply_schedule: row 0 \(id [^)]+\): too long/);
  }
  // Legitimate: at the bounds.
  await asA('update public.profiles set role = $2 where id = $1', [users.A, 'r'.repeat(50)]);
  await apply(client, users.A, [{ id: sessions.a4Thu, student_id: students.a4, ...slot(4, '13:00', '13:30'), service_type: 's'.repeat(50),
    group_ref: 'g'.repeat(64), conflict_reason: 'c'.repeat(500) }], v, randomUUID());
  await asA('update public.profiles set role = $2 where id = $1', [users.A, 'speech']);
});

test('an argument in an error message is cut at 100 characters, then "…"', async () => {
  const huge = 'Z'.repeat(1 << 20);
  const cut = `${'Z'.repeat(100)}…`;
  const read = await pgError(batch(client, users.A, huge));
  assert.equal(read.code, '42501');
  assert.ok(read.message.includes(`"${cut}"`) && read.message.length < 300, read.message.slice(0, 300));
  const stale = await pgError(apply(client, users.A, [], huge, randomUUID()));
  assert.equal(stale.code, 'PT409');
  assert.ok(stale.message.includes(`stale data_version ${cut} (`) && stale.message.length < 300, stale.message.slice(0, 300));
  const v = (await readA()).data_version;
  const key = await pgError(apply(client, users.A, [{ id: randomUUID(), [huge]: 1 }], v, randomUUID()));
  assert.equal(key.code, '22023');
  assert.ok(key.message.includes(`unknown key "${cut}"`) && key.message.length < 300, key.message.slice(0, 300));
  // Short arguments are quoted whole.
  const short = await pgError(batch(client, users.A, 'Nowhere Elementary'));
  assert.match(short.message, /not linked to school "Nowhere Elementary"$/);
});

test('a null service_type or delivered_by on an existing row is 22023 naming the column; left out keeps the value', async () => {
  const v = (await readA()).data_version;
  for (const column of ['service_type', 'delivered_by']) {
    const err = await pgError(apply(client, users.A, [{ id: sessions.a4Thu, student_id: students.a4, ...slot(4, '13:00', '13:30'), [column]: null }], v, randomUUID()));
    assert.equal(err.code, '22023', err.message);
    assert.match(err.message, new RegExp(`^apply_schedule: row 0 \\(id ${sessions.a4Thu}\\): ${column} cannot be null`));
  }
  const kept = await apply(client, users.A, [{ id: sessions.a4Thu, student_id: students.a4, ...slot(4, '13:00', '13:30') }], v, randomUUID());
  assert.equal(kept.updated, 1);
  const { rows } = await client.query('select service_type, delivered_by from public.schedule_sessions where id = $1', [sessions.a4Thu]);
  assert.deepEqual(rows[0], { service_type: 's'.repeat(50), delivered_by: 'provider' });
});

test("the school year is the one at the school's clock, whatever the session's TimeZone", async () => {
  const { rows: [y] } = await client.query(`select
      public.sf_school_year_at('2026-08-01 03:00+00', 'America/Los_Angeles') la,
      public.sf_school_year_at('2026-08-01 03:00+00', 'UTC') utc,
      public.sf_school_year_at('2026-07-31 23:30-07', 'Pacific/Kiritimati') kiritimati,
      public.sf_school_time_zone('069999000001') maple, public.sf_school_time_zone(null) name_only,
      public.sf_school_time_zone('069999000777') no_directory_row`);
  assert.deepEqual(y, { la: '2025-2026', utc: '2026-2027', kiritimati: '2026-2027', maple: 'America/Los_Angeles',
    name_only: 'America/Los_Angeles', no_directory_row: 'America/Los_Angeles' });
  await client.query("update public.schools set time_zone = 'Pacific/Pago_Pago' where school_id = $1", [schools.maple.id]);
  const read = async () => asProvider(client, users.A, async (c) => {
    await c.query("set local timezone = 'Pacific/Kiritimati'");
    return (await c.query('select public.get_scheduling_data_batch($1, $2) p, public.sf_school_year_at(now(), $3) expected',
      [schools.maple.site, schools.maple.id, 'Pacific/Pago_Pago'])).rows[0];
  });
  const { p, expected } = await read();
  assert.equal(p.school.school_year, expected);
  const err = await pgError(client.query("update public.schools set time_zone = 'Mars/Olympus_Mons' where school_id = $1", [schools.maple.id]));
  assert.equal(err.code, '22023');
  assert.match(err.message, /schools.time_zone: "Mars\/Olympus_Mons" is not a time zone name/);
});
