// Tenant isolation, schools: membership is granted (a school admin or service_role writes provider_schools), and
// shared school rows are written under the exact key of one of the writer's links. Each attack of the review
// (issue 10: self-granted links, school_hours squatting, a name-only link writing under any id) is refused next
// to the legitimate path (an admin links a provider, a real provider adds hours at their school).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { freshDatabase, asRole, asProvider, batch, pgError } from './lib/db.mjs';
import { users, links, schools } from './lib/ids.mjs';

let db;
let client;

before(async () => {
  db = await freshDatabase('tenant_schools');
  client = await db.connect();
});
after(async () => db?.drop());

const asService = (fn) => asRole(client, { role: 'service_role' }, fn);
const rlsRefusal = async (uid, sql, params) => {
  const err = await pgError(asProvider(client, uid, (c) => c.query(sql, params)));
  assert.equal(err.code, '42501', `${sql}: ${err.message}`);
  assert.match(err.message, /row-level security/);
};
const linkSql = 'insert into public.provider_schools (provider_id, school_id, school_site) values ($1, $2, $3)';
const hoursSql = `insert into public.school_hours (created_by, school_id, school_site, grade_level, day_of_week, start_time, end_time)
  values ($1, $2, $3, $4, $5, $6, $7)`;
const bellSql = `insert into public.bell_schedules (created_by, school_id, school_site, school_year, day_of_week, start_time, end_time, period_name)
  values ($1, $2, $3, '2026-2027', 1, '10:00', '10:30', 'x')`;

test('a new account cannot link itself to a school, and so reads nothing of it', async () => {
  await rlsRefusal(users.N, linkSql, [users.N, schools.maple.id, schools.maple.site]);
  await rlsRefusal(users.N, linkSql, [users.N, null, schools.maple.site]);
  // An existing provider cannot add a school, nor repoint or drop the links they were given.
  await rlsRefusal(users.A, linkSql, [users.A, null, schools.cedar.site]);
  const changed = await asProvider(client, users.A, async (c) => [
    (await c.query("update public.provider_schools set school_id = '069999000004', school_site = 'Aspen Valley Elementary' where id = $1", [links.aMaple])).rowCount,
    (await c.query('delete from public.provider_schools where id = $1', [links.aMaple])).rowCount,
  ]);
  assert.deepEqual(changed, [0, 0]);
  const err = await pgError(batch(client, users.N, schools.maple.site, schools.maple.id));
  assert.equal(err.code, '42501');
  const bells = await asProvider(client, users.N, async (c) => (await c.query('select count(*)::int n from public.bell_schedules')).rows[0].n,
    { rollback: true });
  assert.equal(bells, 0);
  // Nor does the directory list the schools' ids to it; a provider sees their own schools there.
  const directory = async (uid) => asProvider(client, uid, async (c) =>
    (await c.query('select school_id from public.schools order by school_id')).rows.map((r) => r.school_id), { rollback: true });
  assert.deepEqual(await directory(users.N), []);
  assert.deepEqual(await directory(users.A), [schools.maple.id, schools.birch.id]);
  assert.deepEqual(await directory(users.M), [schools.maple.id]);
});

test('school_hours cannot be squatted by an account not linked to the school', async () => {
  await rlsRefusal(users.N, hoursSql, [users.N, schools.maple.id, schools.maple.site, 'K-AM', 2, '08:00', '08:01']);
  // D is linked to Birch Hollow, not Maple Grove.
  await rlsRefusal(users.D, hoursSql, [users.D, schools.maple.id, schools.maple.site, 'TK', 1, '08:00', '08:01']);
});

test('legitimate: a provider adds hours at their school under its id, and fixes them; the payload uses them', async () => {
  await asProvider(client, users.A, (c) => c.query(hoursSql, [users.A, schools.maple.id, schools.maple.site, 'TK', 1, '08:30', '11:00']));
  await asProvider(client, users.A, (c) => c.query(
    "update public.school_hours set end_time = '11:30' where grade_level = 'TK' and school_id = $1", [schools.maple.id]));
  const p = await batch(client, users.B, schools.maple.site, schools.maple.id);
  assert.deepEqual(p.school_hours.filter((h) => h.grade_level === 'TK'),
    [{ grade_level: 'TK', day_of_week: 1, start_time: '08:30:00', end_time: '11:30:00' }]);
});

test('a name-only link writes only name-only rows of its own school: not under any id, not another name', async () => {
  // C is linked to Cedar Ridge by name. The review's attack: a Tuesday K-AM row 08:00-08:01 under Maple's id.
  await rlsRefusal(users.C, hoursSql, [users.C, schools.maple.id, schools.cedar.site, 'K-AM', 2, '08:00', '08:01']);
  await rlsRefusal(users.C, hoursSql, [users.C, schools.maple.id, schools.maple.site, 'K-AM', 2, '08:00', '08:01']);
  await rlsRefusal(users.C, hoursSql, [users.C, '069999000777', schools.cedar.site, 'K-AM', 2, '08:00', '08:01']);
  await rlsRefusal(users.C, bellSql, [users.C, schools.maple.id, schools.cedar.site]);
  await rlsRefusal(users.C, "insert into public.teachers (created_by, last_name, school_id, school_site) values ($1, 'X', $2, $3)",
    [users.C, schools.maple.id, schools.cedar.site]);
  // An id link cannot write under its id with another school's name: a name-only reader of that name would
  // read it (rows are matched by name whatever their id when the reader's school has no id).
  await rlsRefusal(users.A, bellSql, [users.A, schools.maple.id, schools.cedar.site]);
  // Nor move a row of its own there.
  const { rows: [own] } = await client.query("select id from public.bell_schedules where created_by = $1 and school_id = $2 limit 1", [users.A, schools.maple.id]);
  await rlsRefusal(users.A, "update public.bell_schedules set school_site = 'Cedar Ridge Middle' where id = $1", [own.id]);
  const p = await batch(client, users.A, schools.maple.site, schools.maple.id);
  assert.ok(!p.school_hours.some((h) => h.end_time === '08:01:00'), "Maple Grove's payload is untouched");
});

test('legitimate: a name-only link writes name-only rows of its school; the payload uses them', async () => {
  await asProvider(client, users.C, (c) => c.query(hoursSql, [users.C, null, schools.cedar.site, 'default', 3, '08:00', '15:30']));
  await asProvider(client, users.C, (c) => c.query(bellSql, [users.C, null, schools.cedar.site]));
  const p = await batch(client, users.C, schools.cedar.site);
  assert.deepEqual(p.school_hours, [{ grade_level: 'default', day_of_week: 3, start_time: '08:00:00', end_time: '15:30:00' }]);
});

test("legitimate: the school's admin links a provider, who then reads the school; the admin's reach ends at the school", async () => {
  await asProvider(client, users.M, (c) => c.query(linkSql, [users.N, schools.maple.id, schools.maple.site]));
  const p = await batch(client, users.N, schools.maple.site, schools.maple.id);
  assert.ok(p.bell_schedules.length > 0 && p.school_hours.length > 0, 'the linked provider reads the school');
  await asProvider(client, users.N, (c) => c.query(hoursSql, [users.N, schools.maple.id, schools.maple.site, 'TK', 2, '08:30', '11:00']));
  // The admin sees and manages the links at that school only.
  const seen = await asProvider(client, users.M, async (c) =>
    new Set((await c.query('select school_id from public.provider_schools')).rows.map((r) => r.school_id)), { rollback: true });
  assert.deepEqual(seen, new Set([schools.maple.id]));
  for (const [id, site] of [[schools.birch.id, schools.birch.site], [null, schools.maple.site], ['069999000099', schools.maple.site]]) {
    await rlsRefusal(users.M, linkSql, [users.N, id, site]);
  }
  // K administers Cedar Ridge by name: name-only links there, nothing under an id.
  await asProvider(client, users.K, (c) => c.query(linkSql, [users.N, null, schools.cedar.site]));
  await rlsRefusal(users.K, linkSql, [users.N, '069999000777', schools.cedar.site]);
  // service_role grants links anywhere.
  await asService((c) => c.query(linkSql, [users.N, schools.aspen.id, schools.aspen.site]));
  await batch(client, users.N, schools.aspen.site, schools.aspen.id);
  // The admin fixes a shared row another provider entered (the squatting cure), and removes a link.
  const fixed = await asProvider(client, users.M, async (c) => [
    (await c.query("update public.school_hours set start_time = '08:45' where grade_level = 'TK' and day_of_week = 2 and school_id = $1", [schools.maple.id])).rowCount,
    (await c.query('delete from public.provider_schools where provider_id = $1 and school_id = $2', [users.N, schools.maple.id])).rowCount,
  ]);
  assert.deepEqual(fixed, [1, 1]);
  const err = await pgError(batch(client, users.N, schools.maple.site, schools.maple.id));
  assert.equal(err.code, '42501');
});

test('school_admins is written by service_role only; an admin reads only their own rows', async () => {
  // authenticated holds no write grant on school_admins at all, admins included.
  for (const uid of [users.N, users.M]) {
    const err = await pgError(asProvider(client, uid, (c) =>
      c.query('insert into public.school_admins (user_id, school_id, school_site) values ($1, $2, $3)', [uid, schools.birch.id, schools.birch.site])));
    assert.equal(err.code, '42501');
    assert.match(err.message, /permission denied for table school_admins/);
  }
  const own = await asProvider(client, users.M, async (c) => (await c.query('select user_id from public.school_admins')).rows, { rollback: true });
  assert.deepEqual(own, [{ user_id: users.M }]);
  const id = randomUUID();
  await asService((c) => c.query('insert into public.school_admins (id, user_id, school_id, school_site) values ($1, $2, $3, $4)',
    [id, users.N, schools.birch.id, schools.birch.site]));
  await asProvider(client, users.N, (c) => c.query(linkSql, [users.C, schools.birch.id, schools.birch.site]));
});
