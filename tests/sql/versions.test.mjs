// Live data, database side: data_version follows every row the payload is built from (and nothing else),
// revalidation answers not_modified without rows, apply_schedule checks the template part only, session rows say
// who changed them, and every other change leaves a notice for the providers whose payload it concerns.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import Ajv from 'ajv';
import { freshDatabase, asProvider, batch, apply, pgError } from './lib/db.mjs';
import { users, students, sessions, bells, activities, protectedTimes, busy, teachers, links, schools } from './lib/ids.mjs';
import { schema, keySetErrors } from './lib/contract.mjs';

let db;
let client;

before(async () => {
  db = await freshDatabase('versions');
  client = await db.connect();
});
after(async () => db?.drop());

const PARTS = ['t', 'p', 's', 'c', 'y'];
function parts(version) {
  const m = /^t(\d+)\.p(\d+)\.s(\d+)\.c(\d+)\.y(\d{4})$/.exec(version);
  assert.ok(m, `not a data_version: ${version}`);
  return Object.fromEntries(PARTS.map((k, i) => [k, Number(m[i + 1])]));
}
// Which parts differ between two versions.
const moved = (v0, v1) => PARTS.filter((k) => parts(v0)[k] !== parts(v1)[k]);

const readA = (school = schools.maple) => batch(client, users.A, school.site, school.id);
const versionA = async (school) => (await readA(school)).data_version;
async function revalidate(uid, school, known) {
  return asProvider(client, uid, async (c) =>
    (await c.query('select public.get_scheduling_data_batch($1, $2, $3) as p', [school.site, school.id, known])).rows[0].p);
}
// As the back office (the test's superuser connection: no JWT).
const asService = (sql, params = []) => client.query(sql, params);
const slot = (day, start, end) => ({ day_of_week: day, start_time: start, end_time: end });

const noticesOf = async (uid) => asProvider(client, uid, async (c) => (await c.query(
  'select provider_id, school_id, school_site, part from public.data_change_notices order by id')).rows, { rollback: true });
const latestNotice = async () => (await client.query('select coalesce(max(id), 0)::int n from public.data_change_notices')).rows[0].n;
const noticesSince = async (id) => (await client.query(
  'select provider_id, school_id, school_site, part from public.data_change_notices where id > $1 order by provider_id, part, school_id', [id])).rows;

const notModifiedSchema = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true })
  .addSchema(schema).getSchema(`${schema.$id}#/definitions/not_modified`);

test('format: t.p.s.c.y, y the first year of the payload\'s school year; no whitespace', async () => {
  const p = await readA();
  const v = parts(p.data_version);
  assert.equal(String(v.y), p.school.school_year.slice(0, 4));
  // The year part is what moves at the rollover (the clock cannot be moved here: the function is asked directly).
  const { rows } = await client.query(`select public.sf_data_version($1, $2, $3, '2026-2027') a,
    public.sf_data_version($1, $2, $3, '2027-2028') b`, [users.A, schools.maple.id, schools.maple.site]);
  assert.deepEqual(moved(rows[0].a, rows[0].b), ['y']);
});

test('revalidation: the current version gets exactly {schema_version, data_version, not_modified: true}', async () => {
  const full = await readA();
  const answer = await revalidate(users.A, schools.maple, full.data_version);
  assert.deepEqual(answer, { schema_version: 1, data_version: full.data_version, not_modified: true });
  assert.ok(notModifiedSchema(answer), JSON.stringify(notModifiedSchema.errors));
  assert.deepEqual(keySetErrors(answer, schema.definitions.not_modified), []);
  assert.deepEqual(keySetErrors({ ...answer, students: [] }, schema.definitions.not_modified), ['/students: not in the schema']);
  for (const known of [null, '', 'garbage', full.data_version.replace(/^t\d+/, 't999'), `${full.data_version} `]) {
    const again = await revalidate(users.A, schools.maple, known);
    assert.equal(again.not_modified, undefined, `known ${JSON.stringify(known)}`);
    assert.deepEqual({ ...again, generated_at: null }, { ...full, generated_at: null });
  }
  // Each school of the provider has its own version.
  const birch = await versionA(schools.birch);
  assert.notEqual(birch, full.data_version);
  assert.equal((await revalidate(users.A, schools.birch, full.data_version)).not_modified, undefined);
});

// Each change: what it does, which parts of A's Maple Grove version it must move (none: invisible to A there).
const changes = [
  ['A moves a template through the table', ['t'],
    () => asProvider(client, users.A, (c) => c.query("update public.schedule_sessions set start_time = '09:05', end_time = '09:35' where id = $1", [sessions.a1Mon]))],
  ["A's role", ['p'], () => asService("update public.profiles set role = 'slp' where id = $1", [users.A])],
  ['a new link of A', ['p'], () => asService("insert into public.provider_schools (provider_id, school_id, school_site) values ($1, '069999000004', 'Aspen Valley Elementary')", [users.A])],
  ["A's work day", ['p'], () => asProvider(client, users.A, (c) => c.query('insert into public.user_site_schedules (user_id, site_assignment_id, day_of_week) values ($1, $2, 5)', [users.A, links.aMaple]))],
  ["A's busy time", ['p'], () => asProvider(client, users.A, (c) => c.query("update public.provider_busy_times set label = 'IEP' where id = $1", [busy.aMeeting]))],
  ["A's student", ['p'], () => asProvider(client, users.A, (c) => c.query("update public.students set grade_level = '5' where id = $1", [students.a3]))],
  ["A's student moves here from another school", ['p'], () => asProvider(client, users.A, (c) => c.query("update public.students set school_site = 'Maple Grove Elementary', school_id = '069999000001' where id = $1", [students.a5]))],
  ["the name of a teacher A's student names by id only", ['p'], () => asService("update public.teachers set last_name = 'Okafor-Lee' where id = $1", [teachers.okafor])],
  ['a protected time A entered', ['p'], () => asProvider(client, users.A, (c) => c.query("update public.protected_times set label = 'Mainstream' where id = $1", [protectedTimes.a1Direct]))],
  ["a protected time B entered under B's row of A's child", ['c'], () => asProvider(client, users.B, (c) => c.query("update public.protected_times set end_time = '09:45' where id = $1", [protectedTimes.b1SameChild]))],
  ["a protected time D entered for A's child by child id", ['c'], () => asProvider(client, users.D, (c) => c.query("update public.protected_times set start_time = '10:05' where id = $1", [protectedTimes.childOnly]))],
  ["B moves B's session of A's child", ['c'], () => asProvider(client, users.B, (c) => c.query("update public.schedule_sessions set day_of_week = 2 where id = $1", [sessions.b1Mon]))],
  ["D's session of A's child, at another school", ['c'], () => asProvider(client, users.D, (c) => c.query("update public.schedule_sessions set start_time = '10:05', end_time = '10:35' where id = $1", [sessions.d1Fri]))],
  ["B's role (shown beside B's sessions of A's child)", ['c'], () => asService("update public.profiles set role = 'ot2' where id = $1", [users.B])],
  ["an admin links B's student with a session to A's other child", ['c'], () => asService("update public.students set child_id = 'C-1002' where id = $1", [students.b2])],
  ['a bell row under the school id', ['s'], () => asService("update public.bell_schedules set end_time = '12:05' where id = $1", [bells.lunchById])],
  ['a bell row under the name only', ['s'], () => asService('update public.bell_schedules set deleted_at = now() where id = $1', [bells.recessByName])],
  ['a special activity', ['s'], () => asService("update public.special_activities set activity_name = 'Gym' where id = $1", [activities.peById])],
  ['school hours', ['s'], () => asService("update public.school_hours set end_time = '14:45' where school_id = '069999000001' and day_of_week = 2")],
  ["the school's time zone", ['s'], () => asService("update public.schools set time_zone = 'America/Denver' where school_id = '069999000001'")],
  // Invisible to A at Maple Grove: nothing may move, or A would learn that it happened.
  ["B's group label on B's session of A's child", [], () => asProvider(client, users.B, (c) => c.query("update public.schedule_sessions set group_ref = 'b-new' where id = $1", [sessions.b1Mon]))],
  ["B's service type on that session", [], () => asProvider(client, users.B, (c) => c.query("update public.schedule_sessions set service_type = 'ot-fine' where id = $1", [sessions.b1Mon]))],
  ["B's placeholder for A's child", [], () => asProvider(client, users.B, (c) => c.query("insert into public.schedule_sessions (provider_id, student_id, service_type) values ($1, $2, 'ot')", [users.B, students.b1]))],
  ["B's dated instance for A's child", [], () => asProvider(client, users.B, (c) => c.query(`insert into public.schedule_sessions (provider_id, student_id, day_of_week, start_time, end_time, session_date, service_type)
     values ($1, $2, extract(isodow from current_date + 7)::int, '08:00', '08:30', current_date + 7, 'ot')`, [users.B, students.b1]))],
  ["B's busy time", [], () => asProvider(client, users.B, (c) => c.query("update public.provider_busy_times set label = 'B lunch' where id = $1", [busy.bDuty]))],
  ["B's student without a shared child", [], () => asProvider(client, users.B, (c) => c.query("insert into public.students (provider_id, initials, school_id, school_site) values ($1, 'QQ', '069999000001', 'Maple Grove Elementary')", [users.B]))],
  ['a bell row at Birch Hollow', [], () => asService("update public.bell_schedules set period_name = 'Birch lunch 2' where id = $1", [bells.otherSchool])],
  ['a bell row of the other school named Maple Grove Elementary', [], () => asService("update public.bell_schedules set period_name = 'x' where id = $1", [bells.sameNameOtherId])],
  ["C's session at Cedar Ridge", [], () => asProvider(client, users.C, (c) => c.query("update public.schedule_sessions set start_time = '09:15', end_time = '10:00' where id = $1", [sessions.c1Tue]))],
];

test('every source of the payload moves its own part of data_version, and only that; invisible changes move nothing', async () => {
  for (const [what, expected, change] of changes) {
    const before = await readA();
    await change();
    const afterRead = await readA();
    assert.deepEqual(moved(before.data_version, afterRead.data_version), expected, what);
    const answer = await revalidate(users.A, schools.maple, before.data_version);
    if (expected.length === 0) {
      assert.equal(answer.not_modified, true, `${what}: revalidation should stand`);
      assert.deepEqual({ ...afterRead, generated_at: null }, { ...before, generated_at: null }, `${what} changed the payload`);
    } else {
      assert.equal(answer.not_modified, undefined, `${what}: revalidation should hand out the payload`);
      assert.equal(answer.data_version, afterRead.data_version);
    }
  }
});

test("A's own save moves t only (its children part ignores A's own changes), and the answer is the next read's version", async () => {
  const v = await versionA();
  const vb0 = (await batch(client, users.B, schools.maple.site, schools.maple.id)).data_version;
  const mark = await latestNotice();
  const answer = await apply(client, users.A, [{ id: sessions.a1Mon, student_id: students.a1, ...slot(4, '10:00', '10:30') }],
    v, randomUUID());
  assert.deepEqual(moved(v, answer.data_version), ['t']);
  assert.equal(answer.data_version, await versionA());
  // B serves the same child: B's version moved, in its children part, and B was told.
  const vb = await batch(client, users.B, schools.maple.site, schools.maple.id);
  assert.equal(vb.other_provider_sessions.find((o) => o.student_id === students.b1 && o.day_of_week === 4)?.start_time, '10:00:00');
  assert.deepEqual(moved(vb0, vb.data_version), ['c']);
  assert.deepEqual(await noticesSince(mark), [{ provider_id: users.B, school_id: schools.maple.id, school_site: schools.maple.site, part: 'c' }]);
  // A save that changes nothing B's payload shows (a label, a status) moves nothing of B's and tells B nothing.
  const mark2 = await latestNotice();
  await apply(client, users.A, [{ id: sessions.a1Mon, student_id: students.a1, ...slot(4, '10:00', '10:30'), group_ref: 'solo-a1',
    has_conflict: true, conflict_reason: 'x' }], answer.data_version, randomUUID());
  assert.equal((await batch(client, users.B, schools.maple.site, schools.maple.id)).data_version, vb.data_version);
  assert.deepEqual(await noticesSince(mark2), []);
  // A removal is a change B sees.
  const v3 = await versionA();
  await apply(client, users.A, [{ op: 'remove', id: sessions.a1Mon }], v3, randomUUID());
  assert.deepEqual(moved(vb.data_version, (await batch(client, users.B, schools.maple.site, schools.maple.id)).data_version), ['c']);
});

test("a colleague's bell edit does not refuse a save; the answer keeps the version's other parts, so revalidation still reads", async () => {
  const read = await readA();
  await asService("update public.bell_schedules set start_time = '11:35' where id = $1", [bells.lunchById]);
  const answer = await apply(client, users.A, [{ id: sessions.a4Thu, student_id: students.a4, ...slot(4, '13:30', '14:00') }],
    read.data_version, randomUUID());
  assert.deepEqual(moved(read.data_version, answer.data_version), ['t'], 'the answer is the sent version with t replaced');
  const now = await readA();
  assert.deepEqual(moved(answer.data_version, now.data_version), ['s'], 'the bell edit is still to be read');
  const again = await revalidate(users.A, schools.maple, answer.data_version);
  assert.equal(again.not_modified, undefined);
  assert.equal(again.bell_schedules.find((b) => b.id === bells.lunchById).start_time, '11:35:00');
  // A stale template part is still refused, and the message names the version with the current t.
  const err = await pgError(apply(client, users.A, [], read.data_version, randomUUID()));
  assert.equal(err.code, 'PT409');
  const m = /stale data_version (\S+) \(the schedule is now at (\S+)\)/.exec(err.message);
  assert.ok(m, err.message);
  assert.deepEqual([m[1], parts(m[2]).t], [read.data_version, parts(answer.data_version).t]);
  for (const bad of ['', 'garbage', '7', 't', `x${answer.data_version}`]) {
    const e = await pgError(apply(client, users.A, [], bad, randomUUID()));
    assert.equal(e.code, 'PT409', bad);
  }
});

const stamps = async (id) => (await client.query(
  'select updated_by, last_request_id, template_version::int from public.schedule_sessions where id = $1', [id])).rows[0];

test('session rows say who wrote them, in which request, and at which template version', async () => {
  const v = await versionA();
  const requestId = randomUUID();
  const newId = randomUUID();
  const answer = await apply(client, users.A, [
    { id: sessions.a2Tue, student_id: students.a2, ...slot(2, '10:15', '11:00') },
    { id: newId, student_id: students.a3, ...slot(3, '13:00', '13:30') },
  ], v, requestId);
  const t = parts(answer.data_version).t;
  for (const id of [sessions.a2Tue, newId]) {
    assert.deepEqual(await stamps(id), { updated_by: users.A, last_request_id: requestId, template_version: t }, id);
  }
  // A direct write: no request; what the client sends in these columns is overwritten.
  await asProvider(client, users.A, (c) => c.query(`update public.schedule_sessions set start_time = '13:05', end_time = '13:35',
    updated_by = $2, last_request_id = $3, template_version = 1 where id = $1`, [newId, users.B, requestId]));
  assert.deepEqual(await stamps(newId), { updated_by: users.A, last_request_id: null, template_version: parts(await versionA()).t });
  // The back office (no JWT) is nobody.
  await asService("update public.schedule_sessions set start_time = '13:10', end_time = '13:40' where id = $1", [newId]);
  assert.deepEqual(await stamps(newId), { updated_by: null, last_request_id: null, template_version: parts(await versionA()).t });
  // A table edit after apply_schedule in the same transaction is not that request's.
  const v2 = await versionA();
  await asProvider(client, users.A, async (c) => {
    await c.query('select public.apply_schedule($1::jsonb, $2, $3)', [JSON.stringify([{ id: newId, student_id: students.a3,
      ...slot(3, '14:00', '14:30') }]), v2, randomUUID()]);
    await c.query("update public.schedule_sessions set start_time = '11:00', end_time = '11:45' where id = $1", [sessions.a2Tue]);
  });
  assert.equal((await stamps(sessions.a2Tue)).last_request_id, null);
  assert.equal((await stamps(newId)).updated_by, users.A);
});


test('notices: each change leaves one for every provider whose payload it concerns, and for no one else', async () => {
  let mark = await latestNotice();
  await asService("update public.bell_schedules set end_time = '12:10' where id = $1", [bells.lunchById]);
  const maple = { school_id: schools.maple.id, school_site: schools.maple.site, part: 's' };
  assert.deepEqual(await noticesSince(mark), [users.A, users.B, users.T, users.S].sort()
    .map((provider_id) => ({ provider_id, ...maple })), 'the Maple Grove links, by id');

  mark = await latestNotice();
  await asProvider(client, users.B, (c) => c.query("update public.schedule_sessions set start_time = '11:05', end_time = '11:35' where id = $1", [sessions.b1Mon]));
  assert.deepEqual(await noticesSince(mark), [{ provider_id: users.A, ...maple, part: 'c' }],
    "A, at the school of A's row for the child; not B itself");

  mark = await latestNotice();
  await asProvider(client, users.A, (c) => c.query("update public.provider_busy_times set label = 'IEP 2' where id = $1", [busy.aMeeting]));
  assert.deepEqual(await noticesSince(mark), [{ provider_id: users.A, school_id: null, school_site: null, part: 'p' }]);

  mark = await latestNotice();
  await asService("update public.bell_schedules set end_time = '12:45' where id = $1", [bells.cedarByName]);
  assert.deepEqual(await noticesSince(mark), [{ provider_id: users.C, school_id: null, school_site: schools.cedar.site, part: 's' }],
    'a name-only school');

  mark = await latestNotice();
  await asProvider(client, users.B, (c) => c.query("update public.schedule_sessions set group_ref = 'quiet' where id = $1", [sessions.b1Mon]));
  assert.deepEqual(await noticesSince(mark), [], 'an invisible change tells nobody');

  // Each provider reads their own notices, and only those; nobody writes them.
  for (const uid of [users.A, users.B, users.C]) {
    const rows = await noticesOf(uid);
    assert.ok(rows.length > 0);
    assert.deepEqual([...new Set(rows.map((r) => r.provider_id))], [uid]);
  }
  const err = await pgError(asProvider(client, users.A, (c) => c.query("insert into public.data_change_notices (provider_id, part) values ($1, 'p')", [users.B])));
  assert.equal(err.code, '42501');
});

test('notices older than an hour are pruned as new ones come', async () => {
  await asService("update public.data_change_notices set created_at = now() - interval '2 hours'");
  const old = (await client.query('select count(*)::int n from public.data_change_notices')).rows[0].n;
  assert.ok(old > 0);
  await asProvider(client, users.A, (c) => c.query("update public.provider_busy_times set label = 'IEP 3' where id = $1", [busy.aMeeting]));
  const { rows } = await client.query(`select count(*) filter (where created_at < now() - interval '1 hour')::int stale,
    count(*)::int total from public.data_change_notices`);
  assert.equal(rows[0].stale, Math.max(0, old - 200), 'pruned in batches of 200');
  assert.ok(rows[0].total >= 1);
});

test('the supabase_realtime publication holds schedule_sessions and data_change_notices', async () => {
  const { rows } = await client.query(`select tablename from pg_publication_tables
     where pubname = 'supabase_realtime' and schemaname = 'public' order by tablename`);
  assert.deepEqual(rows.map((r) => r.tablename), ['data_change_notices', 'schedule_sessions']);
  // Realtime's `new` record is the published row: every column, the stamps included.
  const { rows: cols } = await client.query(`select attnames from pg_publication_tables
     where pubname = 'supabase_realtime' and tablename = 'schedule_sessions'`);
  for (const c of ['id', 'provider_id', 'student_id', 'day_of_week', 'start_time', 'end_time', 'session_date', 'deleted_at',
    'group_ref', 'updated_by', 'last_request_id', 'template_version']) {
    assert.ok(cols[0].attnames.includes(c), `${c} is not published`);
  }
  const { rows: pub } = await client.query(`select pubinsert, pubupdate, pubdelete from pg_publication where pubname = 'supabase_realtime'`);
  assert.deepEqual(pub[0], { pubinsert: true, pubupdate: true, pubdelete: true });
});

test('two providers saving sessions of the same child at once do not wait on each other', async () => {
  const vA = await versionA();
  const vB = (await batch(client, users.B, schools.maple.site, schools.maple.id)).data_version;
  const open = async (uid) => {
    const c = await db.connect();
    await c.query('begin');
    await c.query("select set_config('role', 'authenticated', true), set_config('lock_timeout', '2s', true)");
    await c.query('select set_config(\'request.jwt.claims\', $1, true)', [JSON.stringify({ sub: uid })]);
    return c;
  };
  const save = (c, rows, v) => c.query('select public.apply_schedule($1::jsonb, $2, $3) a', [JSON.stringify(rows), v, randomUUID()]);
  const [ca, cb] = [await open(users.A), await open(users.B)];
  // Both transactions stay open: a lock either took on a row the other needs would time out here.
  await save(ca, [{ id: sessions.a1Placeholder, student_id: students.a1, ...slot(5, '09:00', '09:30') }], vA);
  await save(cb, [{ id: sessions.b1Mon, student_id: students.b1, ...slot(5, '10:00', '10:30') }], vB);
  await ca.query('commit');
  await cb.query('commit');
  assert.deepEqual(moved(vA, await versionA()), ['t', 'c']);
  assert.deepEqual(moved(vB, (await batch(client, users.B, schools.maple.site, schools.maple.id)).data_version), ['t', 'c']);
});

// The triggers collect keys from the new rows of an INSERT, the old rows of a DELETE and both of an UPDATE
// (sf_statement_rows); the edits above are mostly UPDATEs. Each table's rows coming and going, against the part of
// A's version (at the school named) that must move.
test('rows added and deleted move the same parts as their edits; invisible ones move nothing', async () => {
  const copy = (table, columns, id, from) => asService(
    `insert into public.${table} (id, ${columns}) select $1, ${columns} from public.${table} where id = $2`, [id, from]);
  const drop = (table, id) => asService(`delete from public.${table} where id = $1`, [id]);
  const ids = { busy: randomUUID(), protectedTime: randomUUID(), session: randomUUID(), placeholder: randomUUID(),
    bell: randomUUID(), birchBell: randomUUID() };
  const busyColumns = 'provider_id, kind, label, school_id, school_site, day_of_week, start_time, end_time';
  const ptColumns = 'provider_id, student_id, child_id, day_of_week, start_time, end_time, label';
  const bellColumns = 'created_by, school_id, school_site, school_year, grade_level, day_of_week, start_time, end_time, period_name';
  const birchRow = (await client.query("select * from public.schools where school_id = '069999000003'")).rows[0];
  assert.ok(birchRow, 'the seed has a directory row for Birch Hollow');
  // [what, the parts that move in A's Maple Grove version, in A's Birch Hollow version, the change]
  const steps = [
    ["A's busy time added", ['p'], ['p'], () => copy('provider_busy_times', busyColumns, ids.busy, busy.aMeeting)],
    ["A's busy time deleted", ['p'], ['p'], () => drop('provider_busy_times', ids.busy)],
    ["a protected time B enters for A's child", ['c'], [], () => copy('protected_times', ptColumns, ids.protectedTime, protectedTimes.b1SameChild)],
    ['that protected time deleted', ['c'], [], () => drop('protected_times', ids.protectedTime)],
    ["B's new session of A's child", ['c'], [], () => asService(`insert into public.schedule_sessions (id, provider_id, student_id, day_of_week,
       start_time, end_time, service_type) values ($1, $2, $3, 4, '14:00', '14:30', 'ot')`, [ids.session, users.B, students.b1])],
    ['that session deleted', ['c'], [], () => drop('schedule_sessions', ids.session)],
    ["B's placeholder for A's child added", [], [], () => asService(`insert into public.schedule_sessions (id, provider_id, student_id,
       service_type) values ($1, $2, $3, 'ot')`, [ids.placeholder, users.B, students.b1])],
    ['that placeholder deleted', [], [], () => drop('schedule_sessions', ids.placeholder)],
    ['a bell row added at Maple Grove', ['s'], [], () => copy('bell_schedules', bellColumns, ids.bell, bells.lunchById)],
    ['that bell row deleted', ['s'], [], () => drop('bell_schedules', ids.bell)],
    ['a bell row added at Birch Hollow', [], ['s'], () => copy('bell_schedules', bellColumns, ids.birchBell, bells.otherSchool)],
    ['that bell row deleted', [], ['s'], () => drop('bell_schedules', ids.birchBell)],
    ["Birch Hollow's directory row deleted", [], ['s'], () => asService("delete from public.schools where school_id = '069999000003'")],
    ['and added again', [], ['s'], () => asService('insert into public.schools select * from json_populate_record(null::public.schools, $1)', [birchRow])],
  ];
  for (const [what, atMaple, atBirch, change] of steps) {
    const [maple, birch] = [await versionA(), await versionA(schools.birch)];
    await change();
    assert.deepEqual(moved(maple, await versionA()), atMaple, `${what} (Maple Grove)`);
    assert.deepEqual(moved(birch, await versionA(schools.birch)), atBirch, `${what} (Birch Hollow)`);
  }
});
