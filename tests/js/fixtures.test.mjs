// The committed sample payloads and their generator: schema-valid, reproducible byte for byte, and
// internally consistent in the ways the schema cannot say (the core parser rejects what it misses).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv';

import { CROWDED_WEEKS, weekName, weekOptions } from '../fixtures/generate-crowded.mjs';
import {
  FIXTURES, generatePayload, generatePayloadWithPlan, makeChecker, rowCounts, serialize, toMinutes,
} from '../fixtures/generate-payload.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const fixturesDir = path.join(root, 'tests/fixtures');
const generator = path.join(fixturesDir, 'generate-payload.mjs');
const schema = JSON.parse(readFileSync(path.join(root, 'core/schema/payload-v1.schema.json'), 'utf8'));

// The schema uses ["string", "null"] unions on purpose (nullable database columns); strict mode otherwise
// only warns about them, and every other strict check is worth keeping.
const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
const validate = ajv.compile(schema);

function assertValid(payload, what) {
  const ok = validate(payload);
  assert.ok(ok, `${what}: ${ajv.errorsText(validate.errors, { separator: '\n' })}`);
}

const readFixture = (file) => readFileSync(path.join(fixturesDir, file), 'utf8');

const TIMED_TABLES = ['school_hours', 'bell_schedules', 'special_activities', 'sessions', 'protected_times',
  'other_provider_sessions', 'provider_busy_times'];
const ID_TABLES = ['bell_schedules', 'special_activities', 'students', 'sessions', 'protected_times',
  'provider_busy_times'];

// What the core parser would reject, plus the generator's own promises (grid, placeholders all-null).
function assertConsistent(payload, what) {
  for (const table of ID_TABLES) {
    const ids = payload[table].map((r) => r.id).filter((id) => id !== null);
    assert.equal(new Set(ids).size, ids.length, `${what}: duplicate id in ${table}`);
  }
  const students = new Set(payload.students.map((s) => s.id));
  for (const table of ['sessions', 'other_provider_sessions']) {
    payload[table].forEach((r, i) => {
      assert.ok(students.has(r.student_id), `${what}: /${table}/${i}/student_id names no student`);
    });
  }
  for (const table of TIMED_TABLES) {
    payload[table].forEach((r, i) => {
      const where = `${what}: /${table}/${i}`;
      if (table === 'sessions' && r.day_of_week === null) {
        assert.equal(r.start_time, null, `${where}: placeholder with a start`);
        assert.equal(r.end_time, null, `${where}: placeholder with an end`);
        return;
      }
      const s = toMinutes(r.start_time);
      const e = toMinutes(r.end_time);
      assert.equal(s % 5, 0, `${where}/start_time off the 5-minute grid`);
      assert.equal(e % 5, 0, `${where}/end_time off the 5-minute grid`);
      assert.ok(e > s, `${where}: end <= start`);
    });
  }
}

const isPlaceholder = (r) => r.day_of_week === null;
const configured = (s) => (s.sessions_per_week ?? 0) > 0 && (s.minutes_per_session ?? 0) > 0;

for (const [file, options] of Object.entries(FIXTURES)) {
  test(`${file} validates against the payload schema and is consistent`, () => {
    const payload = JSON.parse(readFixture(file));
    assertValid(payload, file);
    assertConsistent(payload, file);
  });

  test(`${file} regenerates byte for byte`, () => {
    assert.equal(serialize(generatePayload(options)), readFixture(file));
  });
}

// The crowded weeks carry exact optima computed for exactly these bytes (optima.json): a generator change that
// alters them must come with `make quality-exact`.
test('the crowded weeks validate, are consistent, regenerate byte for byte and each has a stored optimum', () => {
  const optima = JSON.parse(readFixture('crowded/optima.json'));
  const stored = new Map(optima.weeks.map((w) => [w.file, w]));
  assert.ok(CROWDED_WEEKS.length >= 30);
  CROWDED_WEEKS.forEach((week, i) => {
    const file = `crowded/${weekName(i)}`;
    const text = readFixture(file);
    const payload = JSON.parse(text);
    assertValid(payload, file);
    assertConsistent(payload, file);
    assert.equal(`${JSON.stringify(generatePayload(weekOptions(week)))}\n`, text, `${file} differs from its generator`);
    const entry = stored.get(weekName(i));
    assert.ok(entry, `${file}: no stored optimum`);
    assert.deepEqual([entry.students, entry.work_days, entry.seed], week, `${file}: optimum of another week`);
  });
  assert.equal(optima.weeks.length, CROWDED_WEEKS.length, 'optima.json holds a week the generator no longer makes');
});

test('the README command line reproduces sample-school.json', () => {
  const out = execFileSync(process.execPath, [generator, '--students', '48', '--seed', '1'], { encoding: 'utf8' });
  assert.equal(out, readFixture('sample-school.json'));
  const tight = execFileSync(process.execPath, [generator, '--profile', 'tight', '--students', '12', '--seed', '3'],
    { encoding: 'utf8' });
  assert.equal(tight, readFixture('sample-tight.json'));
});

test('the generator is deterministic per seed and differs across seeds', () => {
  const a = serialize(generatePayload({ students: 120, seed: 42 }));
  const b = serialize(generatePayload({ students: 120, seed: 42 }));
  const c = serialize(generatePayload({ students: 120, seed: 43 }));
  assert.equal(a, b);
  assert.notEqual(a, c);
  assert.equal(serialize(generatePayload({ seed: '42', students: 120 })), a, 'a numeric string seed is the same seed');
  const t1 = serialize(generatePayload({ profile: 'tight', seed: 9 }));
  assert.equal(t1, serialize(generatePayload({ profile: 'tight', seed: 9 })));
  assert.notEqual(t1, serialize(generatePayload({ profile: 'tight', seed: 10 })));
});

test('a 2,000-student payload validates and holds about 10,000 rows', () => {
  const payload = generatePayload({ students: 2000, seed: 7 });
  assertValid(payload, '2000 students');
  assertConsistent(payload, '2000 students');
  const counts = rowCounts(payload);
  const rows = counts.total;
  const bytes = Buffer.byteLength(serialize(payload));
  console.log(`2000 students, seed 7: ${rows} rows ${JSON.stringify(counts)}; ${bytes} bytes`);
  assert.equal(counts.students, 2000);
  assert.ok(rows >= 9000 && rows <= 11000, `expected about 10,000 rows, got ${rows}`);
});

test('sample-school exercises every edge case the rules name', () => {
  const p = JSON.parse(readFixture('sample-school.json'));
  const has = (list, pred, what) => assert.ok(list.some(pred), `sample-school lacks ${what}`);
  assert.deepEqual(p.school, { school_id: '061899002301', school_site: 'Fictional Elementary', school_year: '2026-2027' });
  assert.deepEqual(p.work_days, [1, 2, 3, 4, 5]);
  assert.equal(p.provider.role, 'speech');
  for (const g of ['TK-AM', 'TK-PM', 'K-AM', 'K-PM', '1', '5', 'default']) {
    has(p.school_hours, (r) => r.grade_level === g, `school hours for ${g}`);
  }
  has(p.school_hours, (r) => r.day_of_week === 3 && r.end_time === '12:45:00', 'the Wednesday early release');
  const bells = p.bell_schedules;
  has(bells, (r) => /^period /i.test(r.period_name ?? ''), 'class-period bell rows');
  has(bells, (r) => r.period_name === 'period 6', 'a lower-case class period');
  has(bells, (r) => r.period_name === null, 'a bell row with a null period_name');
  has(bells, (r) => r.grade_level === '2, 3', 'a spaced grade list');
  has(bells, (r) => r.grade_level === 'K,1', 'a "K,1" grade list');
  has(bells, (r) => r.grade_level === '1,2,3', 'a "1,2,3" grade list');
  has(bells, (r) => r.grade_level === '', 'a bell row with no grades');
  for (const name of ['Lunch', 'Recess', 'Brunch', 'Snack']) has(bells, (r) => r.period_name === name, name);
  has(bells, (r) => /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(r.id), 'uuid ids');
  const acts = p.special_activities;
  has(acts, (r) => r.teacher_id === null && r.teacher_name !== r.teacher_name.trim(), 'a name-only activity with odd spacing');
  for (const name of ['PE', 'Music', 'Library', 'Art']) has(acts, (r) => r.activity_name === name, name);
  const st = p.students;
  has(st, (s) => s.teacher_id === null && s.teacher_name !== null, 'a student known by teacher name only');
  has(st, (s) => s.grade_level === null, 'a student without a grade');
  has(st, (s) => !configured(s), 'a not-configured student');
  has(st, (s) => s.child_id === null, 'a student without child_id');
  has(p.sessions, isPlaceholder, 'a placeholder');
  has(p.sessions, (r) => !isPlaceholder(r), 'a saved template');
  has(p.sessions, (r) => r.group_ref !== null, 'a grouped session');
  assert.ok(p.sessions.every((r) => r.service_type === 'speech' && r.delivered_by === 'provider' && r.status === 'active'));
  const ids = new Set(st.map((s) => s.id));
  has(p.protected_times, (r) => r.student_id === null && r.child_id !== null, 'a protected time keyed by child_id only');
  has(p.protected_times, (r) => r.student_id !== null && !ids.has(r.student_id), "another provider's student's protected time");
  has(p.other_provider_sessions, (r) => r.provider_role === 'ot', 'an OT session');
  const busy = p.provider_busy_times;
  for (const label of ['Lunch', 'Team meeting', 'Recess duty']) has(busy, (r) => r.label === label, label);
  has(busy, (r) => r.school_site !== null, 'a busy block at another school');
  has(busy, (r) => r.id === null, 'a busy row without an id');
});

function byStudent(payload) {
  return new Map(payload.students.map((s) => [s.id, s]));
}

test('sample-school templates are legal under the hard rules (a clean saved week)', () => {
  const p = JSON.parse(readFixture('sample-school.json'));
  const checker = makeChecker(p);
  const students = byStudent(p);
  for (const [i, r] of p.sessions.entries()) {
    if (isPlaceholder(r)) continue;
    const s = toMinutes(r.start_time);
    const e = toMinutes(r.end_time);
    const student = students.get(r.student_id);
    assert.equal(e - s, student.minutes_per_session, `/sessions/${i}: length differs from the IEP minutes`);
    assert.deepEqual(checker.violations(student, r.day_of_week, s, e), [], `/sessions/${i}`);
    checker.place(student, r.day_of_week, s, e);
  }
  for (const s of p.students) {
    const rows = p.sessions.filter((r) => r.student_id === s.id);
    assert.ok(rows.length <= (s.sessions_per_week ?? 0), `${s.id}: more templates than sessions per week`);
  }
});

test('sample-tight is a crowded week that can hold every session (planted witness)', () => {
  const { payload, plan } = generatePayloadWithPlan(FIXTURES['sample-tight.json']);
  const students = byStudent(payload);
  assert.equal(payload.students.length, 12);
  assert.ok(payload.students.every((s) => s.sessions_per_week === 3 && s.minutes_per_session === 30));
  assert.equal(plan.length, 36);
  const checker = makeChecker(payload);
  for (const x of plan) {
    const student = students.get(x.student_id);
    const s = toMinutes(x.start_time);
    const e = toMinutes(x.end_time);
    assert.deepEqual(checker.violations(student, x.day_of_week, s, e), [], JSON.stringify(x));
    checker.place(student, x.day_of_week, s, e);
  }
  for (const s of payload.students) {
    const days = new Set(plan.filter((x) => x.student_id === s.id).map((x) => x.day_of_week));
    assert.equal(days.size, 3, 'the witness puts a student on three different days');
  }
  // Saved templates are part of the witness, so filling the rest never has to move them.
  const key = (r) => `${r.student_id}|${r.day_of_week}|${r.start_time}`;
  const planned = new Set(plan.map(key));
  for (const r of payload.sessions.filter((x) => !isPlaceholder(x))) assert.ok(planned.has(key(r)));
  assert.ok(payload.sessions.some(isPlaceholder), 'the tight week has placeholders to fill');
  // Pressure: the witness needs more than the first capacity pass (3), and the free starts are few.
  const peak = checker.peak();
  assert.ok(peak > 3 && peak <= 8, `peak concurrency ${peak}`);
  const free = makeChecker(payload);
  let starts = 0;
  for (const s of payload.students) {
    for (const day of [1, 2, 3, 4, 5]) {
      for (let t = 8 * 60; t + 30 <= 15 * 60; t += 5) {
        if (free.violations(s, day, t, t + 30, { stopAtFirst: true }).length === 0) starts++;
      }
    }
  }
  console.log(`sample-tight: ${JSON.stringify(rowCounts(payload))}; witness peak ${peak}; ` +
    `${(starts / 12).toFixed(1)} legal 30-minute starts per student per week`);
  assert.ok(starts / 12 < 40, 'the tight week is not tight');
});

test('options: multi-school, custom work days, role, forced frequencies', () => {
  const multi = generatePayload({ students: 30, seed: 5, multiSchool: true });
  assertValid(multi, 'multi-school');
  assertConsistent(multi, 'multi-school');
  assert.equal(multi.provider.works_at_multiple_schools, true);
  assert.deepEqual(multi.work_days, [1, 2, 4]);
  for (const r of multi.sessions.filter((x) => !isPlaceholder(x))) assert.ok([1, 2, 4].includes(r.day_of_week));
  assert.ok(multi.provider_busy_times.some((r) => r.day_of_week === 3 && r.school_site !== null));

  const failClosed = generatePayload({ students: 30, seed: 5, multiSchool: true, workDays: [] });
  assertValid(failClosed, 'fail-closed');
  assert.deepEqual(failClosed.work_days, []);
  assert.ok(failClosed.sessions.every(isPlaceholder), 'nothing can be saved without work days');

  const custom = generatePayload({ students: 30, seed: 5, workDays: [2, 4, 6], role: 'ot', sessionsPerWeek: 2,
    minutesPerSession: 45, scheduledFraction: 1, placeholders: 0 });
  assertValid(custom, 'custom work days');
  assertConsistent(custom, 'custom work days');
  assert.deepEqual(custom.work_days, [2, 4, 6]);
  assert.ok(custom.sessions.every((r) => r.service_type === 'ot' && !isPlaceholder(r) && [2, 4, 6].includes(r.day_of_week)));
  assert.ok(custom.students.filter(configured).every((s) => s.minutes_per_session === 45));

  const none = generatePayload({ students: 0, seed: 1 });
  assertValid(none, 'no students');

  assert.throws(() => generatePayload({ students: -1 }), /students/);
  assert.throws(() => generatePayload({ placeholders: 2 }), /placeholders/);
  assert.throws(() => generatePayload({ workDays: [0] }), /workDays/);
  assert.throws(() => generatePayload({ profile: 'huge' }), /profile/);
});
