// Whole numbers outside the int32 range at every door into wasm. The wasm exports take int32 and JS converts any
// other number with ToInt32 (2 ** 32 + 1 arrives as 1), so an engine that let one through would answer about
// another day, start or length. Integer arguments are refused by JS before the call (RangeError, invalid-argument,
// the argument's path); integers inside JSON (changes, payloads, suggest's proposal rows) by the core's readers.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { fakeSupabase } from './support/fake-supabase.mjs';
import { fixture, requireBuiltWasm } from './support/slotfit.mjs';
import { withTwins } from './support/twins.mjs';

requireBuiltWasm();
const { OptimizedScheduler, PayloadError, createEngine } = await import('../../js/node.js');

const minimal = fixture('minimal.json');
const sample = fixture('sample-school.json');

// Each value is past the int32 range; what it wraps to in wasm (ToInt32) is a valid argument in most cases below,
// so a value let through would answer instead of throwing.
const OUTSIDE = [2 ** 31, 2 ** 32 + 1, 2 ** 32 + 540, -(2 ** 31) - 1, Number.MAX_SAFE_INTEGER];

// What a refused integer argument throws: the RangeError of an argument the core refuses, naming the argument.
const refusedAt = (path, value) => (error) => {
  assert.ok(error instanceof RangeError, `${error?.name}: ${error?.message}`);
  assert.equal(error.code, 'invalid-argument', error.message);
  assert.equal(error.path, path, error.message);
  assert.match(error.message, new RegExp(`${path}: expected a whole number from -2147483648 to 2147483647, found ${value}$`));
  return true;
};

describe('integer arguments outside int32 are refused, never wrapped', () => {
  let engine;
  before(async () => {
    engine = await createEngine();
    engine.load(minimal);
  });
  after(() => engine.dispose());

  // stu-1's own session is Monday 09:00-09:30: the valid candidate every refused one below is a variation of.
  const base = { studentId: 'stu-1', day: 1, start: 540, minutes: 30 };

  test('the base candidate and the values it is varied with: valid ones answer, their wrapped forms would too', () => {
    assert.deepEqual(engine.check(base).map((c) => c.kind), ['student-overlap']);
    assert.notEqual(engine.checkKinds(base), 0);
    // 2 ** 32 + 1 wraps to 1 (Monday), 2 ** 32 + 540 to 540 (09:00): each would have answered about the base.
    assert.equal((2 ** 32 + 1) | 0, base.day);
    assert.equal((2 ** 32 + 540) | 0, base.start);
  });

  test('check and checkKinds: day, start and minutes', () => {
    for (const value of OUTSIDE) {
      for (const name of ['day', 'start', 'minutes']) {
        const candidate = { ...base, [name]: value };
        assert.throws(() => engine.check(candidate), refusedAt(`/${name}`, value), `check ${name} ${value}`);
        assert.throws(() => engine.checkKinds(candidate), refusedAt(`/${name}`, value), `checkKinds ${name} ${value}`);
      }
    }
    // Not whole: the same refusal.
    assert.throws(() => engine.check({ ...base, day: 1.5 }), refusedAt('/day', 1.5));
    assert.throws(() => engine.check({ ...base, start: 540.5 }), refusedAt('/start', 540.5));
    assert.throws(() => engine.checkKinds({ ...base, minutes: Number.NaN }), refusedAt('/minutes', 'NaN'));
  });

  test('the int32 edges reach the core, which refuses them as no candidate of the day', () => {
    for (const value of [2 ** 31 - 1, -(2 ** 31)]) {
      for (const name of ['day', 'start', 'minutes']) {
        const coded = (error) => /no such candidate/.test(error.message) && error.code === 'invalid-argument' && error.path === `/${name}`;
        assert.throws(() => engine.check({ ...base, [name]: value }), coded, `${name} ${value}`);
        assert.throws(() => engine.checkKinds({ ...base, [name]: value }), coded, `${name} ${value}`);
      }
    }
  });

  test('a group move: day and start', () => {
    for (const value of OUTSIDE) {
      assert.throws(() => engine.check({ groupOf: 'ses-1', day: value, start: 540 }), refusedAt('/day', value));
      assert.throws(() => engine.check({ groupOf: 'ses-1', day: 1, start: value }), refusedAt('/start', value));
    }
    assert.deepEqual(engine.check({ groupOf: 'ses-1', day: 1, start: 540 }), []);
  });

  test('conflictMap: minutes; minutes the core refuses carry the same code and path', () => {
    for (const value of OUTSIDE) {
      assert.throws(() => engine.conflictMap({ studentId: 'stu-1', minutes: value }), refusedAt('/minutes', value));
    }
    for (const value of [0, -30, 1441, 2 ** 31 - 1]) {
      assert.throws(() => engine.conflictMap({ studentId: 'stu-1', minutes: value }), (error) => {
        assert.ok(error instanceof RangeError);
        assert.equal(error.code, 'invalid-argument');
        assert.equal(error.path, '/minutes');
        assert.match(error.message, new RegExp(`expected 1-1440 minutes, found ${value}$`));
        return true;
      });
    }
    assert.ok(engine.conflictMap({ studentId: 'stu-1', minutes: 30 }).kinds.length > 0);
  });

  test('suggest: a limit past the int32 range is a bad option (TypeError), as a limit below 1 is', () => {
    for (const limit of [2 ** 31, 2 ** 32 + 1, Number.MAX_SAFE_INTEGER]) {
      assert.throws(() => engine.suggest({ studentId: 'stu-1', limit }), /limit must be a whole number 1-2147483647/);
    }
    assert.ok(Array.isArray(engine.suggest({ studentId: 'stu-1', limit: 2 ** 31 - 1 })));
  });

  test('integers in JSON: changes, suggest\'s proposal rows and payloads refuse them at their path', () => {
    const [session] = minimal.sessions;
    const before = engine.stats();
    const refusals = [];
    for (const value of OUTSIDE) {
      refusals.push([() => engine.applyChanges([{ ...session, day_of_week: value }]), 'bad-day', '/0/day_of_week']);
      refusals.push([() => engine.applyChanges([{ ...session, start_time: value, end_time: 570 }]), 'bad-time', '/0/start_time']);
      const row = { id: null, student_id: 'stu-4', day_of_week: value, start_time: '10:00:00', end_time: '10:30:00' };
      refusals.push([() => engine.suggest({ studentId: 'stu-4', placements: [row] }), 'bad-day', '/placements/0/day_of_week']);
      const payload = structuredClone(minimal);
      payload.sessions[0].day_of_week = value;
      refusals.push([() => engine.load(payload), 'bad-day', '/sessions/0/day_of_week']);
      const counts = structuredClone(minimal);
      counts.students[0].sessions_per_week = value;
      refusals.push([() => engine.load(counts), 'bad-value', '/students/0/sessions_per_week']);
    }
    for (const [call, code, path] of refusals) {
      assert.throws(call, (error) => {
        assert.ok(error instanceof PayloadError, `${error?.name}: ${error?.message}`);
        assert.equal(error.code, code, error.message);
        assert.equal(error.path, path, error.message);
        return true;
      });
    }
    assert.deepEqual({ ...engine.stats(), checks: 0 }, { ...before, checks: 0 }, 'nothing applied or loaded');
  });
});

test('through the worker: the same RangeError, with its code and path', async () => {
  await withTwins(minimal, async ({ worker }) => {
    const value = 2 ** 32 + 1;
    await assert.rejects(worker.check({ studentId: 'stu-1', day: value, start: 540, minutes: 30 }), refusedAt('/day', value));
    await assert.rejects(worker.checkKinds({ studentId: 'stu-1', day: 1, start: 540, minutes: value }), refusedAt('/minutes', value));
    await assert.rejects(worker.conflictMap({ studentId: 'stu-1', minutes: value }), refusedAt('/minutes', value));
    await assert.rejects(worker.check({ groupOf: 'ses-1', day: 1, start: value }), refusedAt('/start', value));
  });
});

test('the data layer: a move to a day past int32 is refused before anything is written', async () => {
  const supabase = fakeSupabase({ payload: sample });
  const scheduler = new OptimizedScheduler(sample.provider.id, 'speech', { supabase, storage: false });
  try {
    await scheduler.initializeContext(sample.school.school_site);
    const session = sample.sessions.find((s) => s.day_of_week !== null);
    const day = 2 ** 32 + session.day_of_week;
    await assert.rejects(scheduler.moveSession(session.id, { day, start: 540 }), refusedAt('/day', day));
    assert.deepEqual(supabase.rpcCalls('apply_schedule'), [], 'nothing written');
  } finally {
    await scheduler.dispose();
  }
});
