// The slotfit package's Engine against the built wasm module: the same answers as the native core on the shared
// fixtures, the error contract, the dense-index bookkeeping, disposal, and the worker entry.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
  badPayloadText, fixture, listNames, loadTestCore, nativeCli, packageDir, readFixture, requireBuiltWasm, runCli,
} from './support/slotfit.mjs';

requireBuiltWasm();
const slotfit = await import('../../js/node.js');
const {
  CONFLICT_KINDS, EFFORTS, Engine, EngineDisposedError, PayloadError, STRATEGIES, createEngine, createWorkerEngine, kindsOf,
  formatTime, loadCore, toMinutes,
} = slotfit;
const { moduleNames } = await import('../../js/wire.js');

// An engine on the test module whose intern table holds no text: every conflict whose text depends on the
// candidate empties the table and starts a new epoch (wasm/wire.md), on every answer.
async function resettingEngine(t) {
  const core = await loadTestCore();
  const limit = core.setInternLimit(0);
  t.after(() => core.setInternLimit(limit));
  const engine = Engine.create(core);
  t.after(() => engine.dispose());
  return engine;
}

const sample = fixture('sample-school.json');

// assert.throws checks the class; this also hands the error back for its fields.
function thrown(fn, Type, what) {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof Type, `${what ?? ''}: expected ${Type.name}, got ${error?.name}: ${error?.message}`);
    return error;
  }
  assert.fail(`${what ?? ''}: expected ${Type.name}, nothing was thrown`);
}
const sampleText = readFixture('sample-school.json');
const minimal = fixture('minimal.json');

// Every candidate of a few students across the week, free and conflicting ones alike.
function candidates(payload, { students = 6, step = 15 } = {}) {
  const out = [];
  for (const s of payload.students.slice(0, students)) {
    const minutes = s.minutes_per_session || 30;
    for (let day = 1; day <= 5; day += 1) {
      for (let start = 7 * 60; start + minutes <= 16 * 60; start += step) out.push({ studentId: s.id, day, start, minutes });
    }
  }
  return out;
}

describe('module', () => {
  test('the kind, strategy and effort orders are lists/lists.json\'s, and the wasm module agrees', async () => {
    assert.deepEqual([...CONFLICT_KINDS], listNames('conflict_kinds'));
    assert.deepEqual([...STRATEGIES], listNames('strategies'));
    assert.deepEqual([...EFFORTS], listNames('efforts'));
    const core = await loadCore();
    assert.deepEqual(moduleNames(core), { kinds: listNames('conflict_kinds').join(','),
      strategies: listNames('strategies').join(','), efforts: listNames('efforts').join(',') });
  });

  test('the shipped module has no test hooks (they live in the test module)', async () => {
    const core = await loadCore();
    for (const name of ['heapUsed', 'setInternLimit', 'WireProbe']) assert.equal(core[name], undefined, name);
    assert.equal(typeof (await loadTestCore()).setInternLimit, 'function');
  });

  test('one module per process, shared by every engine', async () => {
    const [a, b] = await Promise.all([loadCore(), loadCore()]);
    assert.equal(a, b);
    const e1 = await createEngine();
    const e2 = await createEngine({ wasmUrl: 'file:///nowhere/ignored.wasm' });  // later options no longer matter
    assert.equal(await loadCore(), a);
    e1.dispose();
    e2.dispose();
  });

  test('every export named in index.d.ts exists at run time', () => {
    const dts = readFileSync(path.join(packageDir, 'index.d.ts'), 'utf8');
    const declared = [...dts.matchAll(/^export declare (?:class|function|const) (\w+)/gm)].map((m) => m[1]);
    assert.ok(declared.length >= 12, `found only ${declared.length} declarations`);
    const missing = declared.filter((name) => !(name in slotfit));
    assert.deepEqual(missing, [], 'declared in index.d.ts but not exported');
  });

  test('toMinutes, formatTime and kindsOf', () => {
    assert.equal(toMinutes('08:05'), 485);
    assert.equal(toMinutes('08:05:59'), 485);
    assert.equal(toMinutes('24:00'), 1440);
    assert.equal(toMinutes(600), 600);
    for (const bad of ['8:05', '25:00', '24:01', '12:60', 1441, -1, 2.5, null, '']) {
      assert.throws(() => toMinutes(bad), RangeError, String(bad));
    }
    for (const minutes of [0, 5, 485, 719, 1439, 1440]) {
      assert.equal(toMinutes(formatTime(minutes)), minutes);
      assert.equal(toMinutes(formatTime(minutes, { seconds: true })), minutes);
    }
    assert.equal(formatTime(485), '08:05');
    assert.equal(formatTime(1440, { seconds: true }), '24:00:00');
    for (const bad of [-1, 1441, 2.5, '08:05', null]) assert.throws(() => formatTime(bad), RangeError, String(bad));
    assert.deepEqual(kindsOf(0), []);
    assert.deepEqual(kindsOf((1 << 0) | (1 << 10)), ['off-day', 'provider-busy']);
  });
});

describe('load', () => {
  let engine;
  before(async () => { engine = await createEngine(); });
  after(() => engine.dispose());

  test('object, JSON text and UTF-8 bytes give the same summary', () => {
    const fromObject = engine.load(sample);
    const fromText = engine.load(sampleText);
    const fromBytes = engine.load(new TextEncoder().encode(sampleText));
    const fromBuffer = engine.load(new TextEncoder().encode(sampleText).buffer);
    for (const s of [fromText, fromBytes, fromBuffer]) {
      assert.deepEqual({ ...s, loadMs: 0 }, { ...fromObject, loadMs: 0 });
    }
    assert.equal(fromObject.students, sample.students.length);
    assert.equal(fromObject.sessions + fromObject.placeholders, sample.sessions.length);
    assert.equal(fromObject.dataVersion, sample.data_version);
    assert.deepEqual(fromObject.incomplete, []);
    assert.ok(sample.students.every((s) => engine.hasStudent(s.id)));
    assert.ok(sample.sessions.every((s) => engine.hasSession(s.id)));
  });

  test('non-ASCII text takes the exact-size path and keeps its characters', () => {
    const payload = structuredClone(minimal);
    payload.students[0].initials = 'É.Ø. 学生 👩‍🏫'.repeat(40);  // more bytes than characters
    payload.bell_schedules[0].period_name = 'Almuerzo ñ 🍎';
    engine.load(JSON.stringify(payload));
    const conflicts = engine.check({ studentId: 'stu-1', day: 1, start: '11:30', minutes: 30 });
    assert.ok(conflicts.some((c) => c.kind === 'bell-schedule' && c.message.startsWith('Almuerzo ñ 🍎')), JSON.stringify(conflicts));
  });

  test('labels and ids holding control characters, quotes and separators come through unchanged', async (t) => {
    const payload = structuredClone(minimal);
    payload.bell_schedules[0].period_name = 'Lunch\u001fA\u001eB "quoted" \\ \n';
    payload.bell_schedules[0].id = 'bell\u001e1';
    payload.provider_busy_times[0].id = 'busy\u001f1';
    engine.load(payload);
    const lunch = engine.check({ studentId: 'stu-1', day: 1, start: '11:45', minutes: 30 });
    assert.deepEqual(lunch.map((c) => [c.kind, c.refId]), [['bell-schedule', 'bell\u001e1'], ['provider-busy', 'busy\u001f1']]);
    assert.ok(lunch[0].message.startsWith('Lunch\u001fA\u001eB "quoted" \\ \n'), lunch[0].message);
    payload.bell_schedules[0].period_name = 'Lunch';
    payload.bell_schedules[0].id = 'bell-1';
    engine.load(payload);
    assert.deepEqual(engine.check({ studentId: 'stu-1', day: 1, start: '11:45', minutes: 30 }).map((c) => c.refId),
      ['bell-1', 'busy\u001f1']);
    // A separator in a conflict whose text depends on the candidate (a session id), among cached row conflicts.
    payload.sessions.push({ ...payload.sessions[0], id: 'ses\u001e9', day_of_week: 1, start_time: '11:50', end_time: '12:10' });
    engine.load(payload);
    const mixed = engine.check({ studentId: 'stu-1', day: 1, start: '11:45', minutes: 30 });
    assert.deepEqual(mixed.map((c) => [c.kind, c.refId]),
      [['bell-schedule', 'bell-1'], ['student-overlap', 'ses\u001e9'], ['provider-busy', 'busy\u001f1']]);
    assert.ok(mixed[1].message.length > 0, JSON.stringify(mixed));
    // The same with the intern table emptied on every answer.
    const resetting = await resettingEngine(t);
    resetting.load(payload);
    assert.deepEqual(resetting.check({ studentId: 'stu-1', day: 1, start: '11:45', minutes: 30 }), mixed);
    assert.deepEqual(resetting.check({ studentId: 'stu-1', day: 1, start: '11:45', minutes: 30 }), mixed);
  });

  test('a 6,000-character conflict text, and short ones after it', () => {
    const payload = structuredClone(minimal);
    payload.provider_busy_times[0].label = 'L'.repeat(6000);
    engine.load(payload);
    const short = () => engine.check({ studentId: 'stu-1', day: 1, start: '09:00', minutes: 30 });
    assert.deepEqual(short().map((c) => c.refId), ['ses-1']);
    const long = engine.check({ studentId: 'stu-1', day: 1, start: '12:00', minutes: 30 });
    assert.equal(long.find((c) => c.kind === 'provider-busy')?.message.length, 6000 + ' 12:00–12:30'.length);
    assert.deepEqual(short().map((c) => c.refId), ['ses-1']);
    assert.deepEqual(engine.check({ studentId: 'stu-1', day: 1, start: '12:00', minutes: 30 }), long);
  });

  test('more conflicts than the wasm side\'s code buffer holds, with a long text in a new epoch, then short ones', async (t) => {
    const payload = structuredClone(minimal);
    const bell = payload.bell_schedules[0];
    for (let i = 0; i < 600; i += 1) payload.bell_schedules.push({ ...bell, id: `bell-x${i}`, period_name: `P${i}` });
    const longId = 'S'.repeat(6000);
    payload.sessions.push({ ...payload.sessions[0], id: longId, day_of_week: 1, start_time: '11:50', end_time: '12:10' });
    const engine = await resettingEngine(t);  // the session's long conflict text comes anew in every answer
    engine.load(payload);
    const short = () => engine.check({ studentId: 'stu-1', day: 1, start: '09:00', minutes: 30 });
    assert.deepEqual(short().map((c) => c.refId), ['ses-1']);
    // The codes outgrow their buffer first, with no text (11:15–11:45 misses the session at 11:50)…
    const bells = engine.check({ studentId: 'stu-1', day: 1, start: '11:15', minutes: 30 });
    assert.equal(bells.filter((c) => c.kind === 'bell-schedule').length, 601);
    assert.ok(!bells.some((c) => c.kind === 'student-overlap'), JSON.stringify(bells.slice(-2)));
    assert.deepEqual(short().map((c) => c.refId), ['ses-1']);
    // …then with the long text.
    const many = engine.check({ studentId: 'stu-1', day: 1, start: '11:45', minutes: 30 });
    assert.ok(many.filter((c) => c.kind === 'bell-schedule').length > 600, String(many.length));
    assert.deepEqual(many.filter((c) => c.kind === 'student-overlap').map((c) => c.refId), [longId]);
    assert.ok(many.some((c) => c.message === 'P599 (grades 1,2,3) 11:30–12:00'), JSON.stringify(many.slice(-3)));
    assert.deepEqual(short().map((c) => c.refId), ['ses-1']);
    assert.deepEqual(engine.check({ studentId: 'stu-1', day: 1, start: '11:45', minutes: 30 }), many);
    engine.load(minimal);
    assert.deepEqual(short().map((c) => c.refId), ['ses-1']);
  });

  test('anything but an object, a string or bytes is a TypeError', () => {
    assert.throws(() => engine.load(42), TypeError);
    assert.throws(() => engine.load(undefined), TypeError);
  });

  test('every bad-payload case: PayloadError with the corpus\'s first code and path; the old state stays', () => {
    const cases = fixture('bad-payloads.json');
    assert.ok(cases.length >= 90, `only ${cases.length} cases`);
    engine.load(minimal);
    const before = engine.stats();
    for (const c of cases) {
      const error = thrown(() => engine.load(badPayloadText(c)), PayloadError, c.name);
      assert.equal(error.code, c.expect.code, `${c.name}: code (${error.message})`);
      assert.equal(error.path, c.expect.path, `${c.name}: path (${error.message})`);
      assert.ok(error.errors.length >= 1 && error.errors[0].code === error.code, c.name);
      assert.ok(error instanceof Error && error.name === 'PayloadError');
    }
    assert.deepEqual({ ...engine.stats(), checks: 0 }, { ...before, checks: 0 });
    assert.deepEqual(engine.check({ studentId: 'stu-1', day: 1, start: '09:00', minutes: 30 }).map((c) => c.kind),
      ['student-overlap']);
  });

  test('an incomplete payload says so in the summary', () => {
    const s = engine.load({ ...minimal, incomplete: ['other_provider_sessions', 'data_version'] });
    assert.deepEqual(s.incomplete, ['other_provider_sessions', 'data_version']);
    const result = engine.autoSchedule();
    assert.deepEqual(result.errors.map((e) => e.code), ['incomplete-payload']);
    assert.equal(result.placements.length, 0);
    assert.ok(engine.autoSchedule({ allowIncomplete: true }).placements.length > 0);
  });
});

describe('check', () => {
  let engine;
  before(async () => {
    engine = await createEngine();
    engine.load(sample);
  });
  after(() => engine.dispose());

  test('free is [], conflicts are {kind, message, refId} in kind order, and checkKinds is their mask', () => {
    let free = 0;
    let busy = 0;
    for (const c of candidates(sample)) {
      const conflicts = engine.check(c);
      const mask = engine.checkKinds(c);
      if (conflicts.length === 0) {
        free += 1;
        assert.equal(mask, 0);
        continue;
      }
      busy += 1;
      const order = conflicts.map((x) => CONFLICT_KINDS.indexOf(x.kind));
      assert.ok(order.every((k) => k >= 0), JSON.stringify(conflicts));
      assert.deepEqual(order, [...order].sort((a, b) => a - b), 'kind order');
      assert.deepEqual([...new Set(conflicts.map((x) => x.kind))], kindsOf(mask));
      for (const x of conflicts) {
        assert.deepEqual(Object.keys(x), ['kind', 'message', 'refId']);
        assert.equal(typeof x.message, 'string');
        assert.ok(x.refId === null || typeof x.refId === 'string');
      }
    }
    assert.ok(free > 100 && busy > 100, `free ${free}, busy ${busy}: the sample should exercise both`);
  });

  test('an off day is reported first and does not hide the other kinds', () => {
    const s = sample.students.find((x) => x.grade_level === '3') ?? sample.students[0];
    for (const day of [6, 7]) {
      const conflicts = engine.check({ studentId: s.id, day, start: '07:00', minutes: 30 });
      assert.equal(conflicts[0]?.kind, 'off-day', JSON.stringify(conflicts));
      assert.equal(conflicts[0].refId, null);
      const mask = engine.checkKinds({ studentId: s.id, day, start: '07:00', minutes: 30 });
      assert.ok(mask & 1);
      assert.deepEqual(kindsOf(mask), [...new Set(conflicts.map((c) => c.kind))]);
    }
  });

  test('"HH:MM" and minutes are the same start', () => {
    const s = sample.students[3];
    for (const [text, minutes] of [['08:00', 480], ['10:35', 635], ['12:10', 730]]) {
      assert.deepEqual(engine.check({ studentId: s.id, day: 2, start: text, minutes: 30 }),
        engine.check({ studentId: s.id, day: 2, start: minutes, minutes: 30 }));
    }
  });

  test('the dragged session does not conflict with itself', () => {
    const session = sample.sessions.find((s) => s.day_of_week !== null);
    const at = {
      studentId: session.student_id, day: session.day_of_week, start: session.start_time.slice(0, 5),
      minutes: toMinutes(session.end_time.slice(0, 5)) - toMinutes(session.start_time.slice(0, 5)),
    };
    const without = engine.check({ ...at, ignoreSessionId: session.id });
    assert.ok(engine.check(at).some((c) => c.kind === 'student-overlap' && c.refId === session.id));
    assert.ok(!without.some((c) => c.refId === session.id), JSON.stringify(without));
  });

  test('unknown ids, bad times and candidates outside the day are RangeErrors', () => {
    const id = sample.students[0].id;
    assert.throws(() => engine.check({ studentId: 'nobody', day: 1, start: 540, minutes: 30 }), RangeError);
    assert.throws(() => engine.check({ studentId: id, day: 1, start: 540, minutes: 30, ignoreSessionId: 'none' }), RangeError);
    for (const start of ['9:00', '25:00', '', null]) {
      for (const call of ['check', 'checkKinds']) {
        assert.throws(() => engine[call]({ studentId: id, day: 1, start, minutes: 30 }),
          (error) => error instanceof RangeError && error.code === 'invalid-argument' && error.path === '/start'
            && /start must be minutes since midnight/.test(error.message), `${call} ${JSON.stringify(start)}`);
      }
    }
    assert.throws(() => engine.check({ groupOf: sample.sessions.find((s) => s.day_of_week != null).id, day: 1, start: '9:00' }),
      (error) => error.code === 'invalid-argument' && error.path === '/start');
    // Outside the day: the core's refusal, with its code and the argument's path, the same from both hover calls.
    const outside = (path, words) => (error) => {
      assert.ok(error instanceof RangeError, `${error?.name}: ${error?.message}`);
      assert.equal(error.code, 'invalid-argument', error.message);
      assert.equal(error.path, path, error.message);
      assert.match(error.message, /^slotfit: no such candidate \(day -?\d+, start -?\d+, -?\d+ minutes\): /);
      assert.match(error.message, words);
      return true;
    };
    for (const call of ['check', 'checkKinds']) {
      const ask = (candidate) => () => engine[call]({ studentId: id, ...candidate });
      assert.throws(ask({ day: 8, start: 540, minutes: 30 }), outside('/day', /day of week 1-7 .*found 8$/), call);
      assert.throws(ask({ day: 0, start: 540, minutes: 30 }), outside('/day', /found 0$/), call);
      assert.throws(ask({ day: 1, start: -5, minutes: 30 }), outside('/start', /start 0-1439 .*found -5$/), call);
      assert.throws(ask({ day: 1, start: 1430, minutes: 30 }), outside('/minutes', /expected 1-10 minutes .*found 30$/), call);
      assert.throws(ask({ day: 1, start: 540, minutes: 0 }), outside('/minutes', /found 0$/), call);
    }
    assert.throws(() => engine.check({ studentId: id, day: 1.5, start: 540, minutes: 30 }), RangeError);
  });

  test('the same conflicts as the native CLI (skipped when build/core/slotfit is missing)', async (t) => {
    const cli = nativeCli();
    if (cli === null) return t.skip('native CLI not built (make native, or set SLOTFIT_CLI)');
    // Also an engine whose intern table is emptied on every answer that needs it (a new epoch each time).
    const textPath = await resettingEngine(t);
    textPath.load(sample);
    const picks = candidates(sample, { students: 48, step: 5 }).filter((_, i) => i % 97 === 0).slice(0, 24);
    for (const c of picks) {
      const native = JSON.parse(runCli(cli, ['check', '-', c.studentId, String(c.day), formatTime(c.start), String(c.minutes)], sampleText));
      const wasm = engine.check(c).map((x) => ({ kind: x.kind, message: x.message, ref_id: x.refId }));
      assert.deepEqual(wasm, native, JSON.stringify(c));
      const again = engine.check(c).map((x) => ({ kind: x.kind, message: x.message, ref_id: x.refId }));
      assert.deepEqual(again, native, `${JSON.stringify(c)}, from the caches`);
      const text = textPath.check(c).map((x) => ({ kind: x.kind, message: x.message, ref_id: x.refId }));
      assert.deepEqual(text, native, `${JSON.stringify(c)}, in a new epoch`);
    }
  });

  test('conflicts are built once per payload: frozen, shared by later answers, equal to a fresh engine\'s', async () => {
    const list = candidates(sample, { students: 48, step: 5 });
    const warm = list.map((c) => engine.check(c));
    const again = list.map((c) => engine.check(c));
    const fresh = await createEngine();
    try {
      fresh.load(sample);
      // The other order: every row is first built for a different candidate than in `engine`.
      const cold = list.map((_, i) => fresh.check(list[list.length - 1 - i])).reverse();
      assert.deepEqual(again, warm);
      assert.deepEqual(cold, warm);
    } finally {
      fresh.dispose();
    }
    let shared = 0;
    for (let i = 0; i < list.length; i += 1) {
      assert.notEqual(again[i], warm[i], 'a fresh array every call');
      for (let j = 0; j < warm[i].length; j += 1) {
        assert.ok(Object.isFrozen(warm[i][j]), JSON.stringify(warm[i][j]));
        if (again[i][j] === warm[i][j]) shared += 1;
      }
    }
    assert.ok(shared > 100, `${shared} conflicts reused`);
    const kinds = new Set();
    for (let i = 0; i < list.length; i += 1) {
      for (let j = 0; j < warm[i].length; j += 1) if (again[i][j] === warm[i][j]) kinds.add(warm[i][j].kind);
    }
    for (const kind of ['bell-schedule', 'special-activity', 'school-hours', 'student-overlap']) {
      assert.ok(kinds.has(kind), `${kind} reused: ${[...kinds]}`);
    }
  });

  test('the row cache follows the loaded payload: a new load, a refused one, applyChanges', async () => {
    // The same rows at the same indices, with other names and ids: every cached message and ref would be stale.
    const renamed = structuredClone(sample);
    for (const r of renamed.bell_schedules) Object.assign(r, { id: `${r.id}-b`, period_name: `B ${r.period_name ?? 'bell'}` });
    for (const r of renamed.special_activities) Object.assign(r, { id: `${r.id}-b`, activity_name: `B ${r.activity_name}` });
    for (const r of renamed.protected_times) Object.assign(r, { id: `${r.id}-b`, label: `B ${r.label}` });
    for (const r of renamed.provider_busy_times) Object.assign(r, { id: `${r.id}-b`, label: `B ${r.label}` });
    for (const r of renamed.other_provider_sessions) r.provider_role = `b-${r.provider_role}`;
    const list = candidates(sample, { students: 48, step: 5 });
    const rowKinds = new Set(['bell-schedule', 'special-activity', 'protected-time', 'other-provider', 'provider-busy']);
    const local = await createEngine();
    const fresh = await createEngine();
    try {
      local.load(sample);
      const before = list.map((c) => local.check(c));
      local.load(renamed);
      fresh.load(renamed);
      // In the other order: texts get other numbers than under the previous load.
      const after = list.map((_, i) => local.check(list[list.length - 1 - i])).reverse();
      assert.deepEqual(after, list.map((c) => fresh.check(c)));
      let changed = 0;
      for (let i = 0; i < list.length; i += 1) {
        for (let j = 0; j < after[i].length; j += 1) {
          const was = before[i].find((x) => x.kind === after[i][j].kind);
          if (rowKinds.has(after[i][j].kind) && was !== undefined && after[i][j].message !== was.message) changed += 1;
        }
      }
      assert.ok(changed > 100, `${changed} row messages changed with the payload`);

      assert.throws(() => local.load('{"schema_version": 2}'), PayloadError);
      assert.deepEqual(list.map((c) => local.check(c)), after, 'a refused load keeps the payload and its rows');

      const session = renamed.sessions.find((s) => s.day_of_week !== null);
      const moved = [{ ...session, day_of_week: 2, start_time: '13:00', end_time: '13:30' }];
      local.applyChanges(moved);
      fresh.applyChanges(moved);
      assert.deepEqual(list.map((c) => local.check(c)), list.map((c) => fresh.check(c)), 'after applyChanges');
    } finally {
      local.dispose();
      fresh.dispose();
    }
  });
});

describe('conflictMap', () => {
  let engine;
  before(async () => {
    engine = await createEngine();
    engine.load(sample);
  });
  after(() => engine.dispose());

  test('every cell is the checkKinds mask of that candidate', () => {
    const student = sample.students[5];
    const minutes = student.minutes_per_session;
    const map = engine.conflictMap({ studentId: student.id, minutes });
    assert.ok(map.days instanceof Int32Array && map.starts instanceof Int32Array && map.kinds instanceof Uint32Array);
    assert.deepEqual([...map.days], [1, 2, 3, 4, 5]);
    assert.equal(map.kinds.length, map.days.length * map.starts.length);
    assert.ok(map.starts.length > 50);
    for (let d = 0; d < map.days.length; d += 1) {
      for (let s = 0; s < map.starts.length; s += 1) {
        const expected = engine.checkKinds({ studentId: student.id, day: map.days[d], start: map.starts[s], minutes });
        assert.equal(map.kinds[d * map.starts.length + s], expected, `day ${map.days[d]} start ${map.starts[s]}`);
      }
    }
    assert.ok(map.kinds.some((k) => k === 0) && map.kinds.some((k) => k !== 0));
  });

  test('{sessionId} is its student and length with the session left out', () => {
    const session = sample.sessions.find((s) => s.day_of_week !== null);
    const minutes = toMinutes(session.end_time.slice(0, 5)) - toMinutes(session.start_time.slice(0, 5));
    const bySession = engine.conflictMap({ sessionId: session.id });
    const byStudent = engine.conflictMap({ studentId: session.student_id, minutes, ignoreSessionId: session.id });
    assert.deepEqual(bySession, byStudent);
    assert.notDeepEqual(bySession.kinds, engine.conflictMap({ studentId: session.student_id, minutes }).kinds);
  });

  test('the arrays are copies: a later call (and memory growth) leaves them intact', () => {
    const a = engine.conflictMap({ studentId: sample.students[0].id, minutes: 30 });
    const copy = Uint32Array.from(a.kinds);
    engine.conflictMap({ studentId: sample.students[1].id, minutes: 45 });
    engine.load(sampleText.repeat(1) /* a fresh load allocates */);
    assert.deepEqual(a.kinds, copy);
  });

  test('bad queries', () => {
    assert.throws(() => engine.conflictMap({}), TypeError);
    assert.throws(() => engine.conflictMap({ studentId: sample.students[0].id }), RangeError);
    assert.throws(() => engine.conflictMap({ sessionId: 'none' }), RangeError);
  });
});

describe('autoSchedule', () => {
  let engine;
  before(async () => {
    engine = await createEngine();
    engine.load(sample);
  });
  after(() => engine.dispose());

  test('the proposal\'s shape; placeholders keep their ids, new rows have none; deterministic', () => {
    const r = engine.autoSchedule();
    assert.deepEqual(Object.keys(r), ['placements', 'unplaced', 'notConfigured', 'groups', 'errors', 'stats']);
    assert.ok(r.placements.length > 0);
    const placeholders = new Set(sample.sessions.filter((s) => s.day_of_week === null).map((s) => s.id));
    const kept = r.placements.filter((p) => p.id !== undefined);
    assert.ok(kept.length > 0 && kept.every((p) => placeholders.has(p.id)));
    assert.ok(r.placements.some((p) => !('id' in p)));
    for (const p of r.placements) {
      assert.match(p.start_time, /^\d\d:\d\d:00$/);
      assert.equal(p.service_type, sample.provider.role);
    }
    assert.equal(r.stats.sessionsPlaced, r.placements.length);
    assert.ok(r.notConfigured.every((n) => typeof n.studentId === 'string' && typeof n.reason === 'string'));
    assert.deepEqual(engine.autoSchedule().placements, r.placements);
    assert.equal(engine.stats().sessions, sample.sessions.filter((s) => s.day_of_week !== null).length, 'state unchanged');
  });

  test('every placement is free when checked against the loaded sessions plus the ones placed before it', () => {
    const r = engine.autoSchedule();
    const e = engine;
    const placed = [];
    for (const p of r.placements) {
      const c = { studentId: p.student_id, day: p.day_of_week, start: p.start_time.slice(0, 5),
        minutes: toMinutes(p.end_time.slice(0, 5)) - toMinutes(p.start_time.slice(0, 5)) };
      placed.push(c);
      assert.ok(c.minutes > 0);
    }
    // Apply them all and confirm the engine accepts the result as a consistent state.
    e.applyChanges(r.placements.map((p, i) => ({ ...p, id: p.id ?? `new-${i}` })));
    assert.equal(e.stats().sessions, sample.sessions.filter((s) => s.day_of_week !== null).length + r.placements.length);
    e.load(sample);
  });

  test('strategies, a student subset, and errors as values', () => {
    for (const strategy of STRATEGIES) {
      const r = engine.autoSchedule({ strategy });
      assert.deepEqual(r.errors, [], strategy);
    }
    const one = sample.students.find((s) => s.sessions_per_week > 0 && s.minutes_per_session > 0);
    const r = engine.autoSchedule({ studentIds: [one.id] });
    assert.ok(r.placements.every((p) => p.student_id === one.id));
    assert.deepEqual(engine.autoSchedule({ studentIds: ['nobody'] }).errors.map((e) => e.code), ['unknown-student']);
    assert.throws(() => engine.autoSchedule({ strategy: 'random' }), TypeError);
  });

  test('an engine made with warmUp answers as any other (the warm-up schedules a made-up week of its own)', async () => {
    const warmed = await createEngine({ warmUp: true });
    try {
      warmed.load(sample);
      const [a, b] = [warmed.autoSchedule(), engine.autoSchedule()];
      assert.deepEqual({ ...a, stats: null }, { ...b, stats: null });
      assert.equal(a.stats.upperBound, b.stats.upperBound);
    } finally {
      warmed.dispose();
    }
  });

  test('efforts: each reports the bound and why it stopped; an unknown effort is a TypeError', () => {
    const tight = readFixture('sample-tight.json');
    engine.load(tight);
    const placed = {};
    for (const effort of EFFORTS) {
      const r = engine.autoSchedule({ effort });
      placed[effort] = r.stats.sessionsPlaced;
      assert.equal(typeof r.stats.upperBound, 'number', effort);
      assert.ok(Number.isInteger(r.stats.upperBound) && r.stats.upperBound >= r.stats.sessionsPlaced, effort);
      assert.ok(r.stats.upperBound <= r.stats.sessionsNeeded, effort);
      assert.equal(r.stats.optimal, r.stats.sessionsPlaced === r.stats.upperBound, effort);
      assert.equal(r.stats.stoppedBy, r.stats.optimal ? 'optimal' : 'budget', effort);
      assert.deepEqual(engine.autoSchedule({ effort }).placements, r.placements, `${effort} is deterministic`);
    }
    assert.ok(placed.default >= placed.fast && placed.thorough >= placed.fast, JSON.stringify(placed));
    assert.equal(engine.autoSchedule({ effort: 'fast' }).stats.searchWork, 0);
    assert.throws(() => engine.autoSchedule({ effort: 'fastest' }), TypeError);
    assert.throws(() => engine.autoSchedule({ effort: 'default', timeLimitMs: -1 }), RangeError);
    // A generous safety stop changes nothing.
    assert.deepEqual(engine.autoSchedule({ timeLimitMs: 60_000 }).placements, engine.autoSchedule().placements);
    const refused = engine.autoSchedule({ studentIds: ['nobody'] });
    assert.equal(refused.stats.upperBound, null);
    assert.equal(refused.stats.optimal, null);
    assert.equal(refused.stats.stoppedBy, null);
    engine.load(sample);
  });

  test('the same placements as the native CLI on every shared fixture (skipped without it)', (t) => {
    const cli = nativeCli();
    if (cli === null) return t.skip('native CLI not built (make native, or set SLOTFIT_CLI)');
    for (const name of ['sample-school.json', 'sample-tight.json', 'minimal.json']) {
      const text = readFixture(name);
      for (const strategy of STRATEGIES) {
        const native = JSON.parse(runCli(cli, ['schedule', '-', '--strategy', strategy], text));
        engine.load(text);
        const wasm = engine.autoSchedule({ strategy });
        assert.deepEqual(wasm.placements, native.placements, `${name} ${strategy}: placements`);
        assert.equal(wasm.stats.upperBound, native.stats.upper_bound, `${name} ${strategy}: bound`);
        assert.deepEqual(wasm.unplaced.map((u) => u.studentId), native.unplaced.map((u) => u.student_id), `${name} ${strategy}`);
        assert.deepEqual(wasm.errors, native.errors, `${name} ${strategy}: errors`);
      }
    }
    engine.load(sample);
  });
});

describe('applyChanges', () => {
  let engine;
  before(async () => { engine = await createEngine(); });
  after(() => engine.dispose());

  test('move, add and remove update the engine and its id maps', () => {
    engine.load(minimal);
    // ses-1: stu-1 on Monday 09:00–09:30. Move it to Tuesday 09:00.
    const moved = { ...minimal.sessions[0], day_of_week: 2 };
    const stats = engine.applyChanges([moved]);
    assert.equal(stats.sessions, 3);
    assert.deepEqual([...engine.check({ studentId: 'stu-1', day: 1, start: '09:00', minutes: 30 })], []);
    assert.ok(engine.check({ studentId: 'stu-1', day: 2, start: '09:00', minutes: 30 })
      .some((c) => c.kind === 'student-overlap' && c.refId === 'ses-1'));

    const added = { id: 'ses-new', student_id: 'stu-4', day_of_week: 4, start_time: 600, end_time: 630,
      service_type: 'speech', delivered_by: 'provider' };
    engine.applyChanges([added]);
    assert.ok(engine.hasSession('ses-new'));
    assert.ok(engine.conflictMap({ sessionId: 'ses-new' }).kinds.length > 0);
    assert.ok(engine.check({ studentId: 'stu-4', day: 4, start: '10:00', minutes: 30 }).some((c) => c.refId === 'ses-new'));

    engine.applyChanges([{ op: 'remove', id: 'ses-new' }]);
    assert.equal(engine.hasSession('ses-new'), false);
    assert.throws(() => engine.conflictMap({ sessionId: 'ses-new' }), RangeError);
    assert.deepEqual([...engine.check({ studentId: 'stu-4', day: 4, start: '10:00', minutes: 30 })], []);
  });

  test('bad changes are PayloadErrors and nothing is applied', () => {
    engine.load(minimal);
    const before = engine.stats();
    const cases = [
      [[{ op: 'remove', id: 'ghost' }], 'unknown-session', '/0/id'],
      [[{ op: 'teleport', id: 'ses-1' }], 'bad-value', '/0/op'],
      [[{ ...minimal.sessions[0], day_of_week: 2 }, { ...minimal.sessions[1], start_time: '25:00' }], 'bad-time', '/1/start_time'],
      [[{ ...minimal.sessions[0], student_id: 'stu-404' }], 'unknown-student', '/0/student_id'],
    ];
    for (const [changes, code, where] of cases) {
      const error = thrown(() => engine.applyChanges(changes), PayloadError);
      assert.equal(error.code, code, error.message);
      assert.equal(error.path, where, error.message);
    }
    assert.throws(() => engine.applyChanges({}), TypeError);
    assert.deepEqual({ ...engine.stats(), checks: 0 }, { ...before, checks: 0 });
    assert.ok(engine.check({ studentId: 'stu-1', day: 1, start: '09:00', minutes: 30 }).some((c) => c.refId === 'ses-1'));
  });

  test('setDataVersion', () => {
    engine.load(minimal);
    engine.setDataVersion('42');
    assert.equal(engine.stats().dataVersion, '42');
    engine.setDataVersion('');  // a version, not none
    assert.equal(engine.stats().dataVersion, '');
    engine.setDataVersion(null);
    assert.equal(engine.stats().dataVersion, null);
    assert.throws(() => engine.setDataVersion(42), TypeError);
  });
});

describe('dispose', () => {
  test('idempotent, Symbol.dispose, and every method throws EngineDisposedError afterwards', async () => {
    const engine = await createEngine();
    engine.load(minimal);
    engine.dispose();
    engine.dispose();
    engine[Symbol.dispose]();
    assert.equal(engine.disposed, true);
    assert.equal(engine.loaded, false);
    const c = { studentId: 'stu-1', day: 1, start: 540, minutes: 30 };
    const calls = {
      load: () => engine.load(minimal),
      check: () => engine.check(c),
      checkKinds: () => engine.checkKinds(c),
      conflictMap: () => engine.conflictMap({ studentId: 'stu-1', minutes: 30 }),
      autoSchedule: () => engine.autoSchedule(),
      applyChanges: () => engine.applyChanges([]),
      setDataVersion: () => engine.setDataVersion('1'),
      stats: () => engine.stats(),
    };
    for (const [name, call] of Object.entries(calls)) {
      const error = thrown(call, EngineDisposedError, name);
      assert.equal(error.code, 'engine-disposed');
    }
  });

  test('an Engine is made only by createEngine', () => {
    assert.throws(() => new slotfit.Engine({}, undefined), TypeError);
  });
});

describe('worker', () => {
  test('the same answers through a worker; errors keep their type; dispose ends it', async () => {
    const worker = await createWorkerEngine();
    const local = await createEngine();
    try {
      const [ws, ls] = [await worker.load(sampleText), local.load(sampleText)];
      assert.deepEqual({ ...ws, loadMs: 0 }, { ...ls, loadMs: 0 });
      const c = { studentId: sample.students[2].id, day: 3, start: '12:00', minutes: 30 };
      assert.deepEqual(await worker.check(c), local.check(c));
      assert.equal(await worker.checkKinds(c), local.checkKinds(c));
      const map = await worker.conflictMap({ studentId: c.studentId, minutes: 30 });
      assert.ok(map.kinds instanceof Uint32Array && map.days instanceof Int32Array);
      assert.deepEqual(map, local.conflictMap({ studentId: c.studentId, minutes: 30 }));
      const remote = await worker.autoSchedule({ strategy: 'morning-first' });
      const here = local.autoSchedule({ strategy: 'morning-first' });
      assert.deepEqual({ ...remote, stats: null }, { ...here, stats: null });
      assert.equal(remote.stats.sessionsPlaced, here.stats.sessionsPlaced);
      assert.equal(remote.stats.upperBound, here.stats.upperBound);
      const fast = await worker.autoSchedule({ effort: 'fast' });
      assert.equal(fast.stats.searchWork, 0);
      await assert.rejects(worker.autoSchedule({ effort: 'fastest' }), TypeError);

      const bad = await worker.load('{"schema_version": 2}').then(() => null, (e) => e);
      assert.ok(bad instanceof PayloadError, String(bad));
      assert.equal(bad.code, 'unsupported-schema-version');
      assert.equal(bad.path, '/schema_version');
      await assert.rejects(worker.check({ ...c, studentId: 'nobody' }), RangeError);
      assert.equal((await worker.stats()).students, sample.students.length, 'the failed load kept the state');
    } finally {
      await worker.dispose();
      local.dispose();
    }
    await worker.dispose();
    await assert.rejects(worker.stats(), EngineDisposedError);
  });
});
