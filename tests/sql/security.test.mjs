// Security: a provider reaches only their own caseload through the functions and through the tables; anon
// reaches nothing; a request without a JWT gets an error, never somebody's data.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { freshDatabase, asRole, asProvider, batch, apply, pgError } from './lib/db.mjs';
import { users, students, sessions, bells, busy, schools } from './lib/ids.mjs';

let db;
let client;

before(async () => {
  db = await freshDatabase('security');
  client = await db.connect();
});
after(async () => db?.drop());

const tables = ['profiles', 'schools', 'provider_schools', 'user_site_schedules', 'teachers', 'students',
  'schedule_sessions', 'bell_schedules', 'special_activities', 'school_hours', 'protected_times',
  'provider_busy_times', 'schedule_versions', 'schedule_write_requests', 'school_admins', 'provider_data_versions',
  'school_data_versions', 'child_data_versions', 'data_change_notices'];

async function versionOf(uid) {
  const { rows } = await client.query('select coalesce((select version from public.schedule_versions where provider_id = $1), 0)::text v', [uid]);
  return rows[0].v;
}

test('anon can call neither function', async () => {
  for (const call of [
    ["select public.get_scheduling_data_batch('Maple Grove Elementary')", []],
    ['select public.apply_schedule($1::jsonb, $2, $3)', ['[]', '0', randomUUID()]],
  ]) {
    const err = await pgError(asRole(client, { role: 'anon' }, (c) => c.query(...call)));
    assert.equal(err.code, '42501', err.message);
    assert.match(err.message, /permission denied for function/);
  }
});

test('anon can read no table, even with a provider\'s sub in its claims', async () => {
  for (const t of tables) {
    const err = await pgError(asRole(client, { role: 'anon', uid: users.A }, (c) => c.query(`select 1 from public.${t} limit 1`)));
    assert.equal(err.code, '42501', `${t}: ${err.message}`);
  }
});

test('no JWT: both functions refuse with 28000 instead of answering', async () => {
  const read = await pgError(asRole(client, {}, (c) => c.query("select public.get_scheduling_data_batch('Maple Grove Elementary')")));
  assert.equal(read.code, '28000');
  assert.match(read.message, /not authenticated/);
  const write = await pgError(asRole(client, {}, (c) =>
    c.query('select public.apply_schedule($1::jsonb, $2, $3)', ['[]', '0', randomUUID()])));
  assert.equal(write.code, '28000');
});

test('a JWT whose user has no profile is refused', async () => {
  const err = await pgError(batch(client, users.noProfile, schools.maple.site));
  assert.equal(err.code, '42501');
  assert.match(err.message, /no provider profile/);
});

test('a school the provider is not linked to is refused, not read', async () => {
  const err = await pgError(batch(client, users.D, schools.maple.site, schools.maple.id));
  assert.equal(err.code, '42501');
  assert.match(err.message, /not linked to school/);
  // Naming a linked school by id cannot open another one by name.
  const err2 = await pgError(batch(client, users.C, schools.maple.site));
  assert.equal(err2.code, '42501');
});

test("B's payload at the same school holds none of A's rows; A's time shows as day/time/role only", async () => {
  const p = await batch(client, users.B, schools.maple.site, schools.maple.id);
  const text = JSON.stringify(p);
  for (const secret of [students.a1, students.a2, sessions.a1Mon, busy.aMeeting, 'IEP meeting', 'grp-1', users.A]) {
    assert.ok(!text.includes(secret), `${secret} leaked into B's payload`);
  }
  assert.deepEqual(new Set(p.students.map((s) => s.id)), new Set([students.b1, students.b2]));
  assert.deepEqual(p.other_provider_sessions,
    [{ student_id: students.b1, day_of_week: 1, start_time: '09:00:00', end_time: '09:30:00', provider_role: 'speech' }]);
});

test('through the tables A sees only A\'s caseload, sessions, busy times and links', async () => {
  await asProvider(client, users.A, async (c) => {
    const owners = async (sql) => new Set((await c.query(sql)).rows.map((r) => r.owner));
    assert.deepEqual(await owners('select provider_id owner from public.students'), new Set([users.A]));
    assert.deepEqual(await owners('select provider_id owner from public.schedule_sessions'), new Set([users.A]));
    assert.deepEqual(await owners('select provider_id owner from public.provider_busy_times'), new Set([users.A]));
    assert.deepEqual(await owners('select provider_id owner from public.provider_schools'), new Set([users.A]));
    assert.deepEqual(await owners('select user_id owner from public.user_site_schedules'), new Set([users.A]));
    assert.deepEqual(await owners('select id owner from public.profiles'), new Set([users.A]));
    for (const t of ['schedule_versions', 'schedule_write_requests', 'provider_data_versions', 'school_data_versions',
      'child_data_versions']) {
      await c.query('savepoint s');
      const err = await pgError(c.query(`select 1 from public.${t}`));
      assert.equal(err.code, '42501', t);
      await c.query('rollback to savepoint s');
    }
  }, { rollback: true });
});

test('school-level rows are readable only at linked schools', async () => {
  const bellIds = async (uid) => asProvider(client, uid, async (c) =>
    new Set((await c.query('select id from public.bell_schedules')).rows.map((r) => r.id)), { rollback: true });
  const a = await bellIds(users.A);
  assert.ok(a.has(bells.lunchById) && a.has(bells.recessByName) && a.has(bells.otherSchool));
  assert.ok(!a.has(bells.cedarByName), "A is not at Cedar Ridge");
  const d = await bellIds(users.D);
  assert.ok(d.has(bells.otherSchool));
  assert.ok(!d.has(bells.lunchById) && !d.has(bells.recessByName), 'D is not at Maple Grove');
});

test("A cannot write B's rows through the tables", async () => {
  const before = await versionOf(users.B);
  await asProvider(client, users.A, async (c) => {
    const upd = await c.query("update public.schedule_sessions set start_time = '08:00', end_time = '08:30' where id = $1", [sessions.b1Mon]);
    assert.equal(upd.rowCount, 0, 'update of B\'s session touched a row');
    const del = await c.query('delete from public.schedule_sessions where id = $1', [sessions.b1Mon]);
    assert.equal(del.rowCount, 0);
    const stu = await c.query("update public.students set initials = 'XX' where id = $1", [students.b1]);
    assert.equal(stu.rowCount, 0);
    const busyDel = await c.query('delete from public.provider_busy_times where id = $1', [busy.bDuty]);
    assert.equal(busyDel.rowCount, 0);
  });
  for (const [sql, params] of [
    // a session for B's student, as A
    ["insert into public.schedule_sessions (provider_id, student_id, service_type) values ($1, $2, 'speech')", [users.A, students.b1]],
    // a session in B's name
    ["insert into public.schedule_sessions (provider_id, student_id, service_type) values ($1, $2, 'ot')", [users.B, students.b1]],
    // moving one's own session onto B's student
    ['update public.schedule_sessions set student_id = $2 where id = $1', [sessions.a1Mon, students.b1]],
    // a student in B's caseload
    ["insert into public.students (provider_id, initials, school_site) values ($1, 'ZZ', 'Maple Grove Elementary')", [users.B]],
    // a bell row at a school A is not linked to
    ["insert into public.bell_schedules (created_by, school_site, school_year, day_of_week, start_time, end_time) values ($1, 'Cedar Ridge Middle', '2026-2027', 1, '10:00', '10:30')", [users.A]],
  ]) {
    const err = await pgError(asProvider(client, users.A, (c) => c.query(sql, params)));
    assert.equal(err.code, '42501', `${sql}: ${err.message}`);
    assert.match(err.message, /row-level security/);
  }
  assert.equal(await versionOf(users.B), before, "B's schedule did not change");
});

test("A cannot write B's rows through apply_schedule", async () => {
  const { data_version: v } = await batch(client, users.A, schools.maple.site);
  const bBefore = await versionOf(users.B);
  const moveB = { id: sessions.b1Mon, student_id: students.b1, day_of_week: 2, start_time: '08:00:00', end_time: '08:30:00' };
  const e1 = await pgError(apply(client, users.A, [moveB], v, randomUUID()));
  assert.equal(e1.code, '42501', e1.message);
  const insertForB = { id: randomUUID(), student_id: students.b1, day_of_week: 2, start_time: '08:00', end_time: '08:30' };
  const e2 = await pgError(apply(client, users.A, [insertForB], v, randomUUID()));
  assert.equal(e2.code, '42501', e2.message);
  assert.match(e2.message, /not in the caller's caseload/);
  // B's session id under A's own student: still B's session.
  const hijack = { id: sessions.b1Mon, student_id: students.a1, day_of_week: 2, start_time: '08:00', end_time: '08:30' };
  const e3 = await pgError(apply(client, users.A, [hijack], v, randomUUID()));
  assert.equal(e3.code, '42501', e3.message);
  const { rows } = await client.query('select day_of_week, start_time::text, provider_id from public.schedule_sessions where id = $1', [sessions.b1Mon]);
  assert.deepEqual(rows[0], { day_of_week: 1, start_time: '11:00:00', provider_id: users.B });
  assert.equal(await versionOf(users.B), bBefore);
  assert.equal((await client.query('select count(*)::int n from public.schedule_sessions where id = $1', [insertForB.id])).rows[0].n, 0);
});

test('catalog: RLS on every table, nothing granted to anon, functions executable by authenticated only', async () => {
  const { rows: noRls } = await client.query(`select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public' and c.relkind = 'r' and not c.relrowsecurity`);
  assert.deepEqual(noRls, []);
  const { rows: anonGrants } = await client.query(`select table_name, privilege_type from information_schema.role_table_grants
     where table_schema = 'public' and grantee in ('anon', 'PUBLIC')`);
  assert.deepEqual(anonGrants, []);
  const { rows: overloads } = await client.query(`select p.oid::regprocedure::text sig from pg_proc p
     where p.proname = 'get_scheduling_data_batch'`);
  assert.deepEqual(overloads.map((r) => r.sig), ['get_scheduling_data_batch(text,text,text)'],
    'one batch function: PostgREST cannot choose between overloads');
  for (const fn of ['public.get_scheduling_data_batch(text, text, text)', 'public.apply_schedule(jsonb, text, uuid)']) {
    const { rows } = await client.query(`select has_function_privilege('anon', $1, 'execute') anon,
        has_function_privilege('authenticated', $1, 'execute') authd,
        exists (select 1 from pg_proc p, aclexplode(p.proacl) a where p.oid = $1::regprocedure and a.grantee = 0) pub`, [fn]);
    assert.deepEqual(rows[0], { anon: false, authd: true, pub: false }, fn);
  }
  const { rows: definers } = await client.query(`select p.proname, p.proconfig from pg_proc p join pg_namespace n on n.oid = p.pronamespace
     where n.nspname = 'public' and p.prosecdef`);
  assert.ok(definers.length >= 4);
  for (const d of definers) {
    assert.ok((d.proconfig || []).some((c) => c.startsWith('search_path=')), `${d.proname} has no fixed search_path`);
  }
});

// Revalidation and data_version across providers: a version is compared with the caller's own, after the caller's
// own checks; its parts count nothing of anyone else.
const revalidate = (uid, school, known) => asProvider(client, uid, async (c) =>
  (await c.query('select public.get_scheduling_data_batch($1, $2, $3) p', [school.site, school.id, known])).rows[0].p);
const withoutClock = (p) => ({ ...p, generated_at: null });

test("a provider handing in another provider's version learns nothing: their own full payload, as with no version", async () => {
  const aVersions = [(await batch(client, users.A, schools.maple.site, schools.maple.id)).data_version,
    (await batch(client, users.A, schools.birch.site, schools.birch.id)).data_version];
  const bOwn = await batch(client, users.B, schools.maple.site, schools.maple.id);
  assert.ok(!aVersions.includes(bOwn.data_version), 'the premise: A and B are at different versions');
  for (const v of aVersions) {
    assert.deepEqual(withoutClock(await revalidate(users.B, schools.maple, v)), withoutClock(bOwn), v);
  }
  assert.equal((await revalidate(users.B, schools.maple, bOwn.data_version)).not_modified, true, 'B\'s own version stands');
  // The checks come first: a version never opens a school, nor answers without a JWT.
  const notLinked = await pgError(revalidate(users.D, schools.maple, aVersions[0]));
  assert.equal(notLinked.code, '42501');
  assert.match(notLinked.message, /not linked to school/);
  const nowhere = await pgError(revalidate(users.N, schools.maple, aVersions[0]));
  assert.equal(nowhere.code, '42501');
  const noJwt = await pgError(asRole(client, {}, (c) => c.query('select public.get_scheduling_data_batch($1, $2, $3)',
    [schools.maple.site, schools.maple.id, aVersions[0]])));
  assert.equal(noJwt.code, '28000');
});

test("another provider's own work moves nothing in A's version and sends A no notice", async () => {
  const vA = (await batch(client, users.A, schools.maple.site, schools.maple.id)).data_version;
  const mark = (await client.query('select coalesce(max(id), 0) n from public.data_change_notices')).rows[0].n;
  await asProvider(client, users.B, async (c) => {
    await c.query("update public.schedule_sessions set start_time = '12:05', end_time = '12:35' where id = $1", [sessions.b2Tue]);
    await c.query("update public.schedule_sessions set group_ref = 'b-other', service_type = 'ot-x' where id = $1", [sessions.b1Mon]);
    await c.query("update public.students set initials = 'MM' where id = $1", [students.b2]);
    await c.query("update public.provider_busy_times set label = 'B duty 2' where id = $1", [busy.bDuty]);
    await c.query("insert into public.protected_times (provider_id, student_id, day_of_week, start_time, end_time) values ($1, $2, 1, '08:00', '08:30')", [users.B, students.b2]);
  });
  const { data_version: vB } = await batch(client, users.B, schools.maple.site, schools.maple.id);
  assert.equal((await revalidate(users.A, schools.maple, vA)).not_modified, true, `A's version moved: ${vA}`);
  assert.ok(vB.length > 0);
  const { rows } = await client.query('select count(*)::int n from public.data_change_notices where id > $1 and provider_id = $2', [mark, users.A]);
  assert.equal(rows[0].n, 0);
});

test('the version counters and their functions are out of clients\' reach', async () => {
  for (const fn of ['public.sf_data_version(uuid, text, text, text)', 'public.sf_bump_providers(uuid[])',
    'public.sf_bump_schools(text[])', 'public.sf_bump_children(text[], uuid[])', 'public.sf_prune_notices()',
    'public.sf_apply_group_labels(uuid, jsonb, public.schedule_sessions[])']) {
    const { rows } = await client.query(`select has_function_privilege('authenticated', $1, 'execute') authd,
      has_function_privilege('anon', $1, 'execute') anon`, [fn]);
    assert.deepEqual(rows[0], { authd: false, anon: false }, fn);
  }
  const err = await pgError(asProvider(client, users.B, (c) => c.query('select public.sf_data_version($1, $2, $3, $4)',
    [users.A, schools.maple.id, schools.maple.site, '2026-2027'])));
  assert.equal(err.code, '42501');
});
