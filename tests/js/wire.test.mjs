// The wire (wasm/wire.md) both ways: values encoded by js/wire.js, decoded by the C++ side (wasm/wire.cpp) in the
// test module's WireProbe, encoded back and decoded by js/wire.js again. Every record type, the intern table's
// epoch, and text that is not ASCII.
import assert from 'node:assert/strict';
import { afterEach, before, beforeEach, describe, test } from 'node:test';

import { fixture, loadTestCore, requireBuiltWasm } from './support/slotfit.mjs';

requireBuiltWasm();
const { CONFLICT_KINDS, Engine } = await import('../../js/node.js');
const wire = await import('../../js/wire.js');

// Text no encoding step may change: other scripts, a surrogate pair, JSON's escapes, the old separators, NUL.
const AWKWARD = ['', 'plain', 'Müller-Lüdenscheid', '中文字符', 'emoji 😀 and 👩🏽‍🏫', 'quote " backslash \\ slash /',
  'tab\tnewline\ncarriage\r', 'separators \u001e\u001f', 'nul \u0000 end', 'U+2028 \u2028 U+2029 \u2029', 'é'.repeat(3000)];

let core;
let probe;  // a fresh one per test: a ConflictDecoder belongs to one handle for the handle's whole life
before(async () => {
  core = await loadTestCore();
});
beforeEach(() => {
  probe = new core.WireProbe();
});
afterEach(() => probe.delete());

const echo = (method, value) => wire.readText(core, probe, wire.withText(core, value, (ptr, n) => probe[method](ptr, n)));
const echoJson = (method, value) => JSON.parse(echo(method, JSON.stringify(value)));

// The probe as a handle that counts the texts asked for.
function countingHandle() {
  const handle = {
    asked: 0,
    codesAddress: () => probe.codesAddress(),
    textAddress: () => probe.textAddress(),
    conflictText: (i) => {
      handle.asked += 1;
      return probe.conflictText(i);
    },
  };
  return handle;
}

// [kind, row, message, ref] → what the decoder should build.
const expected = (list) => list.map(([kind, , message, ref]) => ({ kind: CONFLICT_KINDS[kind], message, refId: ref }));

function sendConflicts(decoder, handle, list) {
  const count = wire.withText(core, JSON.stringify(list), (ptr, n) => probe.echoConflicts(ptr, n));
  if (list.length === 0) {
    assert.equal(count, 0);
    return [];
  }
  return decoder.read(core, handle, count);
}

const epochNow = () => core.HEAP32[probe.codesAddress() >> 2];

describe('the wire, both ways', () => {
  test('text in and out: byte for byte, strings and UTF-8 bytes, past the first size guess', () => {
    for (const text of AWKWARD) assert.equal(echo('echoText', text), text);
    const wide = '中'.repeat(50_000);  // 3 bytes a character: more than encodeInto's first block holds
    assert.equal(echo('echoText', wide), wide);
    const bytes = new TextEncoder().encode(AWKWARD.join('|'));
    assert.equal(echo('echoText', bytes), AWKWARD.join('|'));
    assert.equal(echo('echoText', bytes.buffer), AWKWARD.join('|'));
    assert.throws(() => echo('echoText', 42), TypeError);
  });

  test('conflicts: row and interned codes, built once, the same frozen object every time', () => {
    const decoder = new wire.ConflictDecoder(CONFLICT_KINDS);
    const handle = countingHandle();
    const list = [
      [2, 0, 'Lunch 11:30–12:00', 'bell-1'],           // a row kind: number = row
      [2, 7, 'Récré 10:00–10:15', 'bell-8'],
      [10, 3, 'Réunion 😀', null],                      // a row kind without an id
      [5, -1, AWKWARD[7], 'ses\u001e9'],                // candidate kinds: interned
      [7, -1, 'capacity: 8 sessions at 10:00', null],
      [8, -1, AWKWARD[4], 'ses-1'],
      [9, -1, AWKWARD[6], '中文'],
    ];
    const first = sendConflicts(decoder, handle, list);
    assert.deepEqual(first.map((c) => ({ ...c })), expected(list));
    assert.ok(first.every(Object.isFrozen));
    assert.equal(handle.asked, list.length);
    // Again, reordered and with a repeat: no text asked for, the same objects.
    const again = sendConflicts(decoder, handle, [list[6], list[0], list[3], list[3]]);
    assert.equal(handle.asked, list.length);
    assert.deepEqual(again, [first[6], first[0], first[3], first[3]]);
    assert.ok(again[0] === first[6] && again[2] === first[3] && again[3] === first[3]);
    // The same text under another kind, or with another ref, is another conflict.
    const other = sendConflicts(decoder, handle, [[9, -1, AWKWARD[6], null], [5, -1, AWKWARD[7], 'ses-2']]);
    assert.deepEqual(other.map((c) => ({ ...c })), expected([[9, -1, AWKWARD[6], null], [5, -1, AWKWARD[7], 'ses-2']]));
    assert.equal(handle.asked, list.length + 2);
    assert.equal(sendConflicts(decoder, handle, []).length, 0);
  });

  test('more codes than the code buffer held: the moved flag, then reads from the new place', () => {
    const decoder = new wire.ConflictDecoder(CONFLICT_KINDS);
    const handle = countingHandle();
    const small = [[2, 1, 'P1', 'b1']];
    sendConflicts(decoder, handle, small);
    const many = Array.from({ length: 1500 }, (_, i) => (i % 2 === 0 ? [2, i, `Pério ${i}`, `b${i}`] : [5, -1, `séance ${i}`, `s${i}`]));
    const count = wire.withText(core, JSON.stringify(many), (ptr, n) => probe.echoConflicts(ptr, n));
    assert.ok(count >= wire.CODES_MOVED, 'the code buffer grew, so the answer says it moved');
    assert.deepEqual(decoder.read(core, handle, count).map((c) => ({ ...c })), expected(many));
    assert.deepEqual(sendConflicts(decoder, handle, small).map((c) => ({ ...c })), expected(small));
  });

  test('a full intern table starts a new epoch; the decoder drops what it numbered before', () => {
    const limit = core.setInternLimit(2);
    try {
      const decoder = new wire.ConflictDecoder(CONFLICT_KINDS);
      const handle = countingHandle();
      const a = [[5, -1, 'first ä', 'x1'], [5, -1, 'second ö', 'x2']];
      const b = [[5, -1, 'third ü', 'y1'], [5, -1, 'fourth ß', 'y2']];
      assert.deepEqual(sendConflicts(decoder, handle, a).map((c) => ({ ...c })), expected(a));
      const epochA = epochNow();
      // b needs two more numbers than the limit leaves: a new epoch, where b's texts take a's numbers 0 and 1.
      assert.deepEqual(sendConflicts(decoder, handle, b).map((c) => ({ ...c })), expected(b));
      assert.equal(epochNow(), epochA + 1);
      // a again: another new epoch, and a's texts again (not b's, which now own those numbers).
      assert.deepEqual(sendConflicts(decoder, handle, a).map((c) => ({ ...c })), expected(a));
      assert.equal(epochNow(), epochA + 2);
      // Within one epoch, numbers stay put: a known text does not reset the table.
      const asked = handle.asked;
      sendConflicts(decoder, handle, [a[1], a[0]]);
      assert.equal(epochNow(), epochA + 2);
      assert.equal(handle.asked, asked);
      // One answer with more distinct texts than the limit: all of them numbered in one new epoch.
      const wide = Array.from({ length: 7 }, (_, i) => [i % 2 === 0 ? 0 : 7, -1, `wide ${i} ✓`, null]);
      assert.deepEqual(sendConflicts(decoder, handle, wide).map((c) => ({ ...c })), expected(wide));
      assert.equal(epochNow(), epochA + 3);
      // Row conflicts do not depend on the epoch.
      const row = [[3, 4, 'Musique', 'sp-5']];
      const before = sendConflicts(decoder, handle, row);
      sendConflicts(decoder, handle, b);
      assert.equal(sendConflicts(decoder, handle, row)[0], before[0]);
      // A load empties the table too (a new epoch), and the decoder's reset() drops the row conflicts.
      const epoch = epochNow();
      probe.resetConflicts();
      decoder.reset();
      const fresh = sendConflicts(decoder, handle, [[3, 4, 'Musique (neu)', 'sp-5'], a[0]]);
      assert.equal(epochNow(), epoch + 1);
      assert.deepEqual(fresh.map((c) => ({ ...c })), expected([[3, 4, 'Musique (neu)', 'sp-5'], a[0]]));
    } finally {
      core.setInternLimit(limit);
    }
  });

  test('schedule options: what js/wire.js writes is what the core reads', () => {
    const request = { strategy: 'teacher-grouped', effort: 'thorough', allowIncomplete: true, timeLimitMs: 12.5,
      studentIds: ['stu-1', 'élève-2', '学生-3', AWKWARD[7]] };
    assert.deepEqual(JSON.parse(echo('echoScheduleOptions', wire.scheduleOptionsText(request))), {
      strategy: 'teacher-grouped', effort: 'thorough', allow_incomplete: true, time_limit_ms: 12.5,
      student_ids: request.studentIds,
    });
    assert.deepEqual(JSON.parse(echo('echoScheduleOptions', wire.scheduleOptionsText({ strategy: 'balanced', effort: 'fast' }))),
      { strategy: 'balanced', effort: 'fast', allow_incomplete: false, student_ids: [] });
    for (const [key, value] of [['strategy', 'fastest'], ['effort', 'máximo']]) {
      const refused = JSON.parse(echo('echoScheduleOptions', JSON.stringify({ [key]: value })));
      assert.deepEqual(refused.errors.map((e) => [e.code, e.path]), [['bad-value', `/${key}`]]);
      assert.ok(refused.errors[0].message.includes(value), refused.errors[0].message);
    }
    assert.throws(() => echo('echoScheduleOptions', '[1, 2]'), /options must be a JSON object/);
  });

  test('grids: the packed array and its three views', () => {
    const grid = { days: [1, 2, 3, 4, 5, 6], starts: [450, 455, 460, 900], kinds: [] };
    for (let i = 0; i < grid.days.length * grid.starts.length; i += 1) grid.kinds.push((i * 2654435761) >>> 21);
    grid.kinds[3] = 0;
    grid.kinds[5] = 0x7FF;
    const echoGrid = (text) => {
      const length = wire.withText(core, text, (ptr, n) => probe.echoGrid(ptr, n));
      return wire.copyGrid(core, probe.gridAddress(), length);  // where the grid lies after the call
    };
    const unpacked = wire.unpackGrid(echoGrid(JSON.stringify(grid)));
    assert.deepEqual([...unpacked.days], grid.days);
    assert.deepEqual([...unpacked.starts], grid.starts);
    assert.deepEqual([...unpacked.kinds], grid.kinds);
    const empty = wire.unpackGrid(echoGrid('{"days":[],"starts":[],"kinds":[]}'));
    assert.deepEqual([empty.days.length, empty.starts.length, empty.kinds.length], [0, 0, 0]);
  });

  test('errors and applied answers: ids and messages in any script', () => {
    const errors = AWKWARD.map((text, i) => ({ code: 'bad-value', path: `/students/${i}/id`, message: text }));
    assert.deepEqual(echoJson('echoErrors', errors), { errors });
    const pairs = AWKWARD.map((id, i) => [`${id}#${i}`, i % 3 === 0 ? -1 : i]);
    assert.deepEqual(echoJson('echoApplied', pairs), { errors: [], sessions: pairs, relabelled: [] });
  });

  test('load answers and conflicts of a real engine: ids and labels that are not ASCII', (t) => {
    const payload = fixture('minimal.json');
    payload.students[0].id = 'élève-😀';
    for (const session of payload.sessions) if (session.student_id === 'stu-1') session.student_id = 'élève-😀';
    payload.sessions[0].id = 'séance\u001e1';
    payload.provider_busy_times[0].id = '会议-1';
    payload.provider_busy_times[0].label = 'Réunion «équipe»';
    const engine = Engine.create(core);
    t.after(() => engine.dispose());
    engine.load(payload);
    assert.ok(engine.hasStudent('élève-😀'));
    assert.ok(engine.hasSession('séance\u001e1'));
    const busy = payload.provider_busy_times[0];
    const at = engine.check({ studentId: 'élève-😀', day: busy.day_of_week, start: busy.start_time, minutes: 15 });
    const hit = at.find((c) => c.kind === 'provider-busy');
    assert.equal(hit?.refId, '会议-1');
    assert.ok(hit.message.startsWith('Réunion «équipe»'), hit.message);
  });
});

// What engine.js never sends (it checks ids first), sent to a bare handle: each query refuses in the errors answer
// (wasm/wire.md), a value, never a thrown JS Error (the bindings' sign of a bug) and never an empty answer.
describe('refused query arguments', () => {
  test('rowsFor, describeGroup and the three conflict maps answer the core\'s errors', (t) => {
    const handle = new wire.EngineHandle(core);
    t.after(() => handle.delete());
    const errorsOf = (length) => wire.readJson(core, handle, length).errors;
    assert.deepEqual(errorsOf(handle.rowsFor(0)).map((e) => e.code), ['not-loaded']);
    assert.equal(typeof handle.conflictMapGroup(0), 'number');

    const payload = fixture('minimal.json');
    const loaded = wire.withText(core, JSON.stringify(payload), (ptr, n) => handle.load(ptr, n));
    assert.deepEqual(wire.readJson(core, handle, loaded).errors, []);
    const students = payload.students.length;
    const sessions = payload.sessions.length;
    assert.deepEqual(errorsOf(handle.rowsFor(students)), [{ code: 'invalid-argument', path: '/student',
      message: `expected a student index 0-${students - 1}, found ${students}` }]);
    assert.deepEqual(errorsOf(handle.describeGroup(-1, 1, 540)), [{ code: 'invalid-argument', path: '/session',
      message: `expected a session index 0-${sessions - 1}, found -1` }]);
    assert.equal(errorsOf(handle.describeGroup(0, 1, 1430))[0].path, '/start');
    for (const [map, path] of [[() => handle.conflictMap(students, 30, -1), '/student'],
      [() => handle.conflictMap(0, 0, -1), '/minutes'], [() => handle.conflictMap(0, 30, sessions), '/ignore_session'],
      [() => handle.conflictMapForSession(sessions), '/session'], [() => handle.conflictMapGroup(sessions), '/session']]) {
      const answer = map();
      assert.equal(typeof answer, 'number', path);
      assert.deepEqual(errorsOf(answer).map((e) => [e.code, e.path]), [['invalid-argument', path]]);
    }
    // And a valid query still answers a grid.
    assert.ok(handle.conflictMapGroup(0) instanceof Uint32Array);
  });
});

// What only a bug in js/wire.js can send: the module raises a JS Error (wasm/wire.md), and the handle still works.
describe('calls only a bug can make', () => {
  test('a conflict text past the last answer and options that are not an object throw slotfit-core errors', (t) => {
    const handle = new wire.EngineHandle(core);
    t.after(() => handle.delete());
    assert.throws(() => handle.conflictText(0), /^Error: slotfit-core: conflictText: no such conflict in the last answer$/);
    assert.throws(() => wire.withText(core, '[1]', (ptr, n) => handle.autoSchedule(ptr, n)),
      /^Error: slotfit-core: autoSchedule options must be a JSON object$/);
    const loaded = wire.withText(core, JSON.stringify(fixture('minimal.json')), (ptr, n) => handle.load(ptr, n));
    assert.deepEqual(wire.readJson(core, handle, loaded).errors, []);
  });

  test('a deleted handle says so instead of freeing twice', () => {
    const handle = new wire.EngineHandle(core);
    handle.delete();
    assert.throws(() => handle.delete(), /already deleted/);
  });
});
