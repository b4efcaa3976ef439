// The input limits through the built wasm module: each oversized, deep, huge, duplicated or non-UTF-8 input
// ends in a PayloadError with a clear code and path, or in the right answer; none aborts the instance, and
// after a refusal the engine still answers from the payload it had.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { fixture, nativeCli, requireBuiltWasm, runCli } from './support/slotfit.mjs';

requireBuiltWasm();
const { PayloadError, createEngine } = await import('../../js/node.js');

const minimal = fixture('minimal.json');
const MAX_STRING = 64 * 1024;
const MAX_ITEMS = 200_000;
const MAX_TEXT = 64 * 1024 * 1024;

function refusal(fn) {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof PayloadError, `expected a PayloadError, got ${error?.name}: ${error?.message}`);
    return error;
  }
  assert.fail('expected a PayloadError, nothing was thrown');
}

// minimal.json's text with `member` (raw JSON text) as the value of an unknown top-level key.
const withExtra = (member) => `{"extra": ${member}, ${JSON.stringify(minimal).slice(1)}`;

describe('input limits through wasm', () => {
  let engine;
  before(async () => {
    engine = await createEngine();
  });
  after(() => engine.dispose());

  // The engine still answers from minimal.json: stu-1 on Monday 09:00 meets its own session.
  function stillMinimal() {
    assert.equal(engine.stats().students, 4);
    assert.deepEqual(engine.check({ studentId: 'stu-1', day: 1, start: '09:00', minutes: 30 }).map((c) => c.kind),
      ['student-overlap']);
  }

  test('100,000 rows load, check and map', () => {
    const doc = structuredClone(minimal);
    const students = 20_000;
    for (let i = 0; i < students; i += 1) {
      const id = `big-${i}`;
      doc.students.push({ id, initials: 'B.G.', grade_level: '1', teacher_id: null, teacher_name: 'Ms. Lee',
        child_id: null, sessions_per_week: 2, minutes_per_session: 30 });
      for (let k = 0; k < 2; k += 1) {
        doc.sessions.push({ id: `${id}-s${k}`, student_id: id, day_of_week: 1 + ((i + 2 * k) % 5), start_time: '10:00',
          end_time: '10:30', service_type: 'speech', delivered_by: 'provider', assigned_to_sea_id: null,
          assigned_to_specialist_id: null, status: 'active', group_ref: null });
      }
      doc.other_provider_sessions.push({ student_id: id, day_of_week: 1 + (i % 5), start_time: '13:00',
        end_time: '13:30', provider_role: 'ot' });
      doc.protected_times.push({ id: `${id}-p`, student_id: id, child_id: null, day_of_week: 1 + (i % 5),
        start_time: '08:00', end_time: '08:30', label: null });
    }
    const stats = engine.load(doc);
    assert.equal(stats.students, students + 4);
    const rows = doc.students.length + doc.sessions.length + doc.other_provider_sessions.length
      + doc.protected_times.length;
    assert.ok(rows >= 100_000, String(rows));
    const last = students - 1;
    const day = 1 + (last % 5);
    const kinds = (start) => engine.check({ studentId: `big-${last}`, day, start, minutes: 30 }).map((c) => c.kind);
    assert.deepEqual(kinds('10:00'), ['student-overlap', 'capacity']);  // 8,000 sessions a day sit at 10:00
    assert.deepEqual(kinds('13:00'), ['other-provider']);
    assert.deepEqual(kinds('08:00'), ['protected-time']);
    assert.deepEqual(kinds('11:00'), []);
    const map = engine.conflictMap({ studentId: `big-${last}`, minutes: 30 });
    assert.ok(map.kinds.length > 0);
  });

  test('strings, keys, arrays, values and the text past their limits are too-large at their path', () => {
    engine.load(minimal);
    const cases = [
      [withExtra(`"${'x'.repeat(10 * 1024 * 1024)}"`), '/extra'],
      [withExtra(`{"${'k'.repeat(MAX_STRING + 1)}": 1}`), `/extra/${'k'.repeat(40)}...`],
      [withExtra(`[${Array(MAX_ITEMS + 1).fill('0').join(',')}]`), `/extra/${MAX_ITEMS}`],
      [withExtra(`"${' '.repeat(MAX_TEXT)}"`), ''],
      ['{"schema_version": 1, "work_days": [1, 2, 1e400]}', '/work_days/2'],
    ];
    for (const [text, path] of cases) {
      const error = refusal(() => engine.load(text));
      assert.equal(error.code, 'too-large', `${path}: ${error.message}`);
      assert.equal(error.path, path);
      assert.equal(error.errors.length, 1);
      stillMinimal();
    }
    const block = `[${Array(100_000).fill('0').join(',')}]`;
    const values = refusal(() => engine.load(withExtra(`[${Array(41).fill(block).join(',')}]`)));
    assert.equal(values.code, 'too-large');
    assert.match(values.path, /^\/extra\/39\//);
    stillMinimal();
  });

  test('a string at the limit is read whole', () => {
    const doc = structuredClone(minimal);
    doc.students[0].initials = 'x'.repeat(MAX_STRING);
    assert.equal(engine.load(doc).students, 4);
    engine.load(minimal);
  });

  test('change lists have the same limits', () => {
    engine.load(minimal);
    const many = Array.from({ length: MAX_ITEMS + 1 }, () => ({ op: 'remove', id: 'ses-1' }));
    const error = refusal(() => engine.applyChanges(many));
    assert.equal(error.code, 'too-large');
    assert.equal(error.path, `/${MAX_ITEMS}`);
    stillMinimal();
  });

  // ses-1 and ses-4 of minimal.json together on Friday 13:00, both the provider's, both labelled `label`.
  const pairOnFriday = (label) => ['ses-1', 'ses-4'].map((id) => ({
    ...minimal.sessions.find((s) => s.id === id), day_of_week: 5, start_time: '13:00', end_time: '13:30', group_ref: label,
    delivered_by: 'provider', assigned_to_sea_id: null, assigned_to_specialist_id: null,
  }));

  test('a group label at the string limit labels the group; past it, too-large at its path', () => {
    engine.load(minimal);
    const label = 'g'.repeat(MAX_STRING);
    engine.applyChanges(pairOnFriday(label));
    assert.deepEqual(engine.groups().map((g) => g.groupRef), [label]);
    engine.load(minimal);
    for (const size of [MAX_STRING + 1, 10 * 1024 * 1024]) {
      const error = refusal(() => engine.applyChanges(pairOnFriday('g'.repeat(size))));
      assert.equal(error.code, 'too-large');
      assert.equal(error.path, '/0/group_ref');
      assert.deepEqual(engine.groups(), []);
      stillMinimal();
    }
  });

  test('a group label no UTF-8 can hold (a lone surrogate) is invalid-json; nothing is applied', () => {
    engine.load(minimal);
    const error = refusal(() => engine.applyChanges(pairOnFriday('g\ud800')));
    assert.equal(error.code, 'invalid-json');
    assert.deepEqual(engine.groups(), []);
    stillMinimal();
  });

  test('deep nesting: read under an unknown key, wrong-type where a row belongs', () => {
    const depth = 100_000;
    const nested = '['.repeat(depth) + ']'.repeat(depth);
    assert.equal(engine.load(withExtra(nested)).students, 4);
    const asRow = JSON.stringify(minimal).replace('"sessions":[', `"sessions":[${nested},`);
    const error = refusal(() => engine.load(asRow));
    assert.equal(error.code, 'wrong-type');
    assert.equal(error.path, '/sessions/0');
    stillMinimal();
  });

  test('huge numbers fail their field\'s check; a long number text reads by value', () => {
    const text = JSON.stringify(minimal);
    for (const number of ['1e300', '9223372036854775808', `1${'0'.repeat(300)}`]) {
      const error = refusal(() => engine.load(text.replace('"sessions_per_week":2', `"sessions_per_week":${number}`)));
      assert.equal(error.code, 'bad-value', number);
      assert.equal(error.path, '/students/0/sessions_per_week');
    }
    assert.ok(text.includes('"sessions_per_week":2'));
    engine.load(text.replace('"sessions_per_week":2', `"sessions_per_week":2.${'0'.repeat(1_000_000)}`));
    stillMinimal();
  });

  test('duplicate keys keep the last value, as JSON.parse does', () => {
    const text = JSON.stringify(minimal).replace('"id":"ses-1","student_id":"stu-1","day_of_week":1,',
      '"id":"ses-1","student_id":"stu-1","day_of_week":1,"day_of_week":4,');
    assert.notEqual(text, JSON.stringify(minimal));
    engine.load(text);
    assert.deepEqual(engine.check({ studentId: 'stu-1', day: 4, start: '09:00', minutes: 30 }).map((c) => c.kind),
      ['student-overlap']);
    assert.deepEqual([...engine.check({ studentId: 'stu-1', day: 1, start: '09:00', minutes: 30 })], []);
    engine.load(minimal);
  });

  test('bytes that are not UTF-8 are invalid-json at their offset', () => {
    engine.load(minimal);
    const good = Buffer.from(JSON.stringify(minimal));
    const at = good.indexOf('"initials":"') + '"initials":"'.length;
    for (const bad of [[0xff], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xe2, 0x82]]) {
      const bytes = new Uint8Array(Buffer.concat([good.subarray(0, at), Buffer.from(bad), good.subarray(at)]));
      const error = refusal(() => engine.load(bytes));
      assert.equal(error.code, 'invalid-json');
      assert.equal(error.path, '');
      const offset = Number(/byte offset (\d+)/.exec(error.message)?.[1]);
      assert.ok(offset >= at && offset <= at + bad.length, `${offset} vs ${at}: ${error.message}`);
      stillMinimal();
    }
  });

  // The module reads a number with a fraction or an exponent with JavaScript's Number() (wasm/json_number.cpp),
  // the native build with glibc's strtod: both round correctly, so every answer that shows the number agrees.
  test('numbers with a fraction or an exponent read as the native build reads them (skipped without the CLI)', (t) => {
    const cli = nativeCli();
    if (cli === null) return t.skip('native CLI not built (make native, or set SLOTFIT_CLI)');
    const numbers = ['30.0', '3.0e1', '1E2', '-0.0', '30.5', '0.1', '2.5e-3', '299792458e-7', '4.35', '0.3e-0',
      '12345678901234567890.5', '9007199254740993.0', '1.7976931348623157e308', '4.9e-324', '2.4703282292062328e-324',
      '1e-400', '1e400', '-1e400', '123456789012345678901234567890e-10'];
    for (const number of numbers) {
      const text = JSON.stringify(minimal).replace('"minutes_per_session":30', `"minutes_per_session":${number}`);
      assert.notEqual(text, JSON.stringify(minimal));
      const native = runCli(cli, ['validate', '-'], text);
      let wasm;
      try {
        engine.load(text);
        wasm = null;
      } catch (error) {
        assert.ok(error instanceof PayloadError, `${number}: ${error?.message}`);
        wasm = error.errors.map((e) => ({ code: e.code, path: e.path, message: e.message }));
      }
      const nativeErrors = Array.isArray(JSON.parse(native)) ? JSON.parse(native) : null;
      assert.deepEqual(wasm, nativeErrors, number);
    }
    engine.load(minimal);
    stillMinimal();
  });
});
