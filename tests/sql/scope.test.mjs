// Scope: every rule of rules.md "What the payload holds", each proven on a seeded row that must be in and one
// that must stay out.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { freshDatabase, batch } from './lib/db.mjs';
import { users, students, sessions, bells, activities, protectedTimes, busy, schools } from './lib/ids.mjs';

let db;
let client;
let p; // A at Maple Grove
const ids = (rows) => rows.map((r) => r.id);

before(async () => {
  db = await freshDatabase('scope');
  client = await db.connect();
  p = await batch(client, users.A, schools.maple.site, schools.maple.id);
});
after(async () => db?.drop());

test('sessions: live weekly templates of this school only, placeholders included', () => {
  const got = ids(p.sessions);
  assert.deepEqual(new Set(got), new Set([sessions.a1Mon, sessions.a1Placeholder, sessions.a2Tue, sessions.a4Thu]));
  assert.ok(!got.includes(sessions.a2Dated), 'a dated instance is never a template');
  assert.ok(!got.includes(sessions.a2Deleted), 'a soft-deleted template is gone');
  assert.ok(!got.includes(sessions.a5Wed), 'a session at another school is not a session here');
  assert.ok(!got.includes(sessions.b1Mon) && !got.includes(sessions.b2Tue), "another provider's sessions are not ours");
  const placeholder = p.sessions.find((s) => s.id === sessions.a1Placeholder);
  assert.deepEqual([placeholder.day_of_week, placeholder.start_time, placeholder.end_time], [null, null, null]);
});

test('students: this provider at this school under both school keys, nobody else', () => {
  assert.deepEqual(new Set(ids(p.students)), new Set([students.a1, students.a2, students.a3, students.a4]));
  const a4 = p.students.find((s) => s.id === students.a4);
  assert.equal(a4.initials, 'GH', 'the name-only student row belongs to the school');
  const a1 = p.students.find((s) => s.id === students.a1);
  assert.equal(a1.teacher_name, 'Dana Okafor', 'a teacher id without a name gets the teacher row name');
});

test('bell schedules: current school year, live, both key shapes; not last year, next year, deleted, other schools', () => {
  const got = new Set(ids(p.bell_schedules));
  assert.deepEqual(got, new Set([bells.lunchById, bells.recessByName, bells.period1, bells.unnamed]));
  for (const out of [bells.lastYearById, bells.lastYearByName, bells.nextYear, bells.deleted, bells.otherSchool,
    bells.sameNameOtherId]) {
    assert.ok(!got.has(out), `bell row ${out} must be out`);
  }
  const recess = p.bell_schedules.find((b) => b.id === bells.recessByName);
  assert.deepEqual(recess, { id: bells.recessByName, grade_level: '3, 4', day_of_week: 2, start_time: '10:00:00',
    end_time: '10:15:00', period_name: 'Recess' });
  assert.equal(p.bell_schedules.find((b) => b.id === bells.unnamed).period_name, null);
});

test('special activities: current year, live, both key shapes', () => {
  const got = new Set(ids(p.special_activities));
  assert.deepEqual(got, new Set([activities.peById, activities.musicByName]));
  const music = p.special_activities.find((a) => a.id === activities.musicByName);
  assert.equal(music.teacher_id, null);
  assert.equal(music.teacher_name, 'Ms.  Rivera', 'names pass through as stored; the core normalizes them');
});

test('school hours: both key shapes, and the row under the school id wins over its name-only twin', () => {
  const monDefault = p.school_hours.filter((h) => h.grade_level === 'default' && h.day_of_week === 1);
  assert.deepEqual(monDefault, [{ grade_level: 'default', day_of_week: 1, start_time: '08:00:00', end_time: '14:30:00' }]);
  assert.equal(p.school_hours.filter((h) => h.grade_level === 'K-AM').length, 5, 'name-only K-AM rows are read');
  assert.ok(!p.school_hours.some((h) => h.start_time === '08:15:00'), "Birch Hollow's hours are not Maple Grove's");
});

test('school year: the one containing today at the school (Maple Grove: America/Los_Angeles), rolling over on August 1', async () => {
  const { rows } = await client.query(`select public.sf_school_year_at(now(), 'America/Los_Angeles') as cur,
      public.sf_school_year('2026-07-31') as jul31, public.sf_school_year('2026-08-01') as aug1,
      public.sf_school_year('2027-01-15') as jan, public.sf_school_year('2026-12-31') as dec31`);
  assert.equal(p.school.school_year, rows[0].cur);
  assert.deepEqual({ ...rows[0], cur: undefined },
    { cur: undefined, jul31: '2025-2026', aug1: '2026-2027', jan: '2026-2027', dec31: '2026-2027' });
});

test('work days: those of this provider at this school; none stored → empty', async () => {
  assert.deepEqual(p.work_days, [1, 2, 4]);
  const birch = await batch(client, users.A, schools.birch.site, schools.birch.id);
  assert.deepEqual(birch.work_days, [3, 5]);
  const b = await batch(client, users.B, schools.maple.site, schools.maple.id);
  assert.deepEqual(b.work_days, []);
  assert.equal(b.provider.works_at_multiple_schools, false);
  assert.equal(p.provider.works_at_multiple_schools, true);
});

test("other providers' sessions: same child by child_id, templates only, live only, day/time/role only", () => {
  const key = (o) => `${o.student_id} ${o.day_of_week} ${o.start_time}-${o.end_time} ${o.provider_role}`;
  assert.deepEqual(p.other_provider_sessions.map(key).sort(), [
    `${students.a1} 1 11:00:00-11:30:00 ot`,
    `${students.a2} 5 10:00:00-10:30:00 counseling`,
  ].sort());
  for (const o of p.other_provider_sessions) {
    assert.deepEqual(Object.keys(o).sort(), ['day_of_week', 'end_time', 'provider_role', 'start_time', 'student_id']);
  }
});

test("nothing of another provider leaks: no student row id, session id or group of theirs in the text", () => {
  const text = JSON.stringify(p);
  for (const secret of [students.b1, students.b2, students.d1, sessions.b1Mon, sessions.d1Fri, 'b-secret-group',
    users.B, users.D, busy.bDuty, 'B duty', protectedTimes.otherChild]) {
    assert.ok(!text.includes(secret), `${secret} leaked into A's payload`);
  }
});

test('protected times: by student row, by child, and under another provider\'s row of the same child', () => {
  const got = Object.fromEntries(p.protected_times.map((r) => [r.id, r]));
  assert.deepEqual(new Set(Object.keys(got)),
    new Set([protectedTimes.a1Direct, protectedTimes.b1SameChild, protectedTimes.childOnly]));
  assert.equal(got[protectedTimes.b1SameChild].student_id, students.a1, 'keyed to our row of the child');
  assert.equal(got[protectedTimes.b1SameChild].child_id, 'C-1001');
  assert.equal(got[protectedTimes.childOnly].student_id, students.a2);
  assert.equal(got[protectedTimes.childOnly].child_id, 'C-1002');
});

test('provider busy times: own live meetings and duties, own sessions at other schools as time only', () => {
  const got = p.provider_busy_times;
  const withId = new Set(got.filter((b) => b.id !== null).map((b) => b.id));
  assert.deepEqual(withId, new Set([busy.aMeeting, busy.aLunch]));
  const timeOnly = got.filter((b) => b.id === null)
    .map((b) => `${b.day_of_week} ${b.start_time}-${b.end_time} ${b.label} ${b.school_site}`).sort();
  assert.deepEqual(timeOnly, [
    '3 09:00:00-09:30:00 null Birch Hollow Elementary',
    '5 14:00:00-14:30:00 null Maple Grove Elementary', // the other school of that name (069999000099)
  ]);
});

test('the other key shape: a school known by name only reads name-only rows (and, failing safe, any of its name)', async () => {
  const c = await batch(client, users.C, schools.cedar.site);
  assert.deepEqual(c.school, { school_id: null, school_site: 'Cedar Ridge Middle', school_year: p.school.school_year });
  const got = new Set(ids(c.bell_schedules));
  assert.deepEqual(got, new Set([bells.cedarByName, bells.cedarUnderAnId]));
  assert.deepEqual(ids(c.students), [students.c1]);
  assert.deepEqual(ids(c.sessions), [sessions.c1Tue]);
});

test('the school may be named by site, by id, or both; the answer is the same', async () => {
  const bySite = await batch(client, users.A, schools.maple.site);
  const byId = await batch(client, users.A, null, schools.maple.id);
  const strip = (x) => ({ ...x, generated_at: null });
  assert.deepEqual(strip(bySite), strip(p));
  assert.deepEqual(strip(byId), strip(p));
});
