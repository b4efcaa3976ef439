// engine.suggest against the built wasm module: every option made with applyChanges is legal by check(), on
// generated crowded weeks and on top of auto-schedule proposals; the proposal is not applied; the answer equals
// the native CLI's and the worker twin's; and the error contract.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';

import { generatePayload } from '../fixtures/generate-payload.mjs';
import { fixture, nativeCli, readFixture, requireBuiltWasm, runCli } from './support/slotfit.mjs';
import { withTwins } from './support/twins.mjs';

requireBuiltWasm();
const { PayloadError, createEngine } = await import('../../js/node.js');

const sample = fixture('sample-school.json');
const scratch = mkdtempSync(path.join(tmpdir(), 'slotfit-suggest-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

// Generated weeks that auto-schedule leaves students short on: three work days, or 200 students.
const weeks = [
  { students: 60, seed: 12, workDays: [1, 2, 3] },
  { students: 120, seed: 13, workDays: [1, 2, 3] },
  { students: 200, seed: 7 },
];

// The proposal's rows as changes, a new row getting the id `proposal-i` (the index suggest names it by).
function proposalChanges(placements) {
  return placements.map((p, i) => ({ ...p, id: p.id ?? `proposal-${i}` }));
}

// Makes the option in `engine` (the proposal first, if any) and checks every session it touched with check().
function judge(engine, payload, studentId, option, placements) {
  const where = `${studentId} day ${option.day} ${option.start}: ${JSON.stringify(option.moves)}`;
  const rows = new Map(payload.sessions.map((row) => [row.id, row]));
  const changes = [];
  if (placements) {
    for (const row of proposalChanges(placements)) {
      rows.set(row.id, row);
      changes.push(row);
    }
  }
  const touched = [];
  for (const move of option.moves) {
    const id = move.sessionId ?? `proposal-${move.placement}`;
    if (move.placement !== undefined && move.sessionId !== null) assert.equal(placements[move.placement].id, move.sessionId, where);
    const row = rows.get(id);
    assert.ok(row && row.day_of_week !== null, `${where}: ${id} is not a placed session`);
    const length = minutesOf(row.end_time) - minutesOf(row.start_time);
    assert.equal(move.end - move.start, length, `${where}: ${id} changes length`);
    assert.ok(!(row.day_of_week === move.day && minutesOf(row.start_time) === move.start), `${where}: ${id} stays`);
    changes.push({ ...row, day_of_week: move.day, start_time: move.start, end_time: move.end });
    touched.push({ id, studentId: row.student_id, day: move.day, start: move.start, minutes: length });
  }
  const added = {
    id: 'suggested', student_id: studentId, day_of_week: option.day, start_time: option.start, end_time: option.end,
    service_type: 'speech', delivered_by: 'provider',
  };
  changes.push(added);
  touched.push({ id: 'suggested', studentId, day: option.day, start: option.start, minutes: option.end - option.start });
  engine.load(payload);
  engine.applyChanges(changes);
  for (const t of touched) {
    const conflicts = engine.check({ studentId: t.studentId, day: t.day, start: t.start, minutes: t.minutes, ignoreSessionId: t.id });
    assert.deepEqual([...conflicts], [], `${where}: ${t.id} conflicts once the moves are made`);
  }
}

function minutesOf(value) {
  if (typeof value === 'number') return value;
  const [h, m] = value.split(':').map(Number);
  return h * 60 + m;
}

function assertOrdered(options, where) {
  const seen = new Set();
  let last = [0, 0];
  for (const o of options) {
    const key = `${o.day}@${o.start}`;
    assert.ok(!seen.has(key), `${where}: two options at ${key}`);
    seen.add(key);
    const moved = o.moves.reduce((sum, m) => sum + m.end - m.start, 0);
    const here = [o.moves.length, moved];
    assert.ok(here[0] > last[0] || (here[0] === last[0] && here[1] >= last[1]), `${where}: out of order at ${key}`);
    last = here;
  }
}

describe('suggest', () => {
  test('every option is legal once made, on crowded weeks and on top of their proposals', async () => {
    const engine = await createEngine();
    const judgeEngine = await createEngine();
    const counts = [0, 0, 0];
    try {
      for (const options of weeks) {
        const payload = generatePayload(options);
        engine.load(payload);
        const proposal = engine.autoSchedule();
        assert.deepEqual(proposal.errors, []);
        for (const short of proposal.unplaced.slice(0, 4)) {
          const where = `${options.students}/${options.seed} ${short.studentId}`;
          const student = payload.students.find((s) => s.id === short.studentId);
          const before = engine.conflictMap({ studentId: short.studentId, minutes: student.minutes_per_session });
          const statsBefore = engine.stats();
          const answer = engine.suggest({ studentId: short.studentId, placements: proposal.placements, limit: 6 });
          assert.ok(answer.length <= 6, where);
          assertOrdered(answer, where);
          for (const option of answer) {
            assert.equal(option.end - option.start, student.minutes_per_session, where);
            counts[option.moves.length] += 1;
            judge(judgeEngine, payload, short.studentId, option, proposal.placements);
          }
          // The proposal was not applied.
          assert.deepEqual(engine.conflictMap({ studentId: short.studentId, minutes: student.minutes_per_session }), before, where);
          const statsAfter = engine.stats();
          assert.equal(statsAfter.sessions, statsBefore.sessions, where);
          assert.equal(statsAfter.placeholders, statsBefore.placeholders, where);

          // The same week with the proposal applied and loaded: the same starts, move counts and moved minutes
          // (which session moves may differ on a tie: the rows are indexed in another order).
          judgeEngine.load(payload);
          judgeEngine.applyChanges(proposalChanges(proposal.placements));
          const shape = (o) => [o.day, o.start, o.moves.length, o.moves.reduce((sum, m) => sum + m.end - m.start, 0)];
          assert.deepEqual(judgeEngine.suggest({ studentId: short.studentId, limit: 6 }).map(shape), answer.map(shape), where);
        }
      }
    } finally {
      engine.dispose();
      judgeEngine.dispose();
    }
    assert.ok(counts[1] + counts[2] > 10, `few options with moves to judge: ${counts}`);
  });

  test('fits as it is first; fewer moves allowed give the same leading options', async () => {
    const engine = await createEngine();
    try {
      engine.load(sample);
      const student = sample.students.find((s) => (s.sessions_per_week ?? 0) > 0 && (s.minutes_per_session ?? 0) > 0);
      const none = engine.suggest({ studentId: student.id, maxMoves: 0, strategy: 'morning-first' });
      assert.ok(none.length > 0 && none.every((o) => o.moves.length === 0));
      for (const o of none) {
        assert.deepEqual([...engine.check({ studentId: student.id, day: o.day, start: o.start, minutes: o.end - o.start })], []);
      }
      // morning-first: the earliest free starts, a day without the student's sessions before one with.
      const map = engine.conflictMap({ studentId: student.id, minutes: student.minutes_per_session });
      const own = new Set(sample.sessions.filter((r) => r.student_id === student.id && r.day_of_week !== null).map((r) => r.day_of_week));
      const free = [];
      map.days.forEach((day, d) => map.starts.forEach((start, s) => {
        if (map.kinds[d * map.starts.length + s] === 0) free.push({ day, start });
      }));
      free.sort((a, b) => (own.has(a.day) - own.has(b.day)) || a.start - b.start || a.day - b.day);
      assert.deepEqual(none.map(({ day, start }) => ({ day, start })), free.slice(0, 5));
      assert.deepEqual(engine.suggest({ studentId: student.id, maxMoves: 2, strategy: 'morning-first' }), none);
    } finally {
      engine.dispose();
    }
  });

  test('[] when the student needs no more sessions or is not configured', async () => {
    const engine = await createEngine();
    try {
      const payload = structuredClone(sample);
      payload.students[0].sessions_per_week = 0;
      payload.students[1].minutes_per_session = null;
      const done = payload.students[2];
      done.sessions_per_week = payload.sessions.filter((r) => r.student_id === done.id && r.day_of_week !== null).length;
      engine.load(payload);
      for (const s of payload.students.slice(0, 3)) assert.deepEqual(engine.suggest({ studentId: s.id }), [], s.id);
    } finally {
      engine.dispose();
    }
  });

  test('errors: RangeError for an unknown student, TypeError for bad options, PayloadError for a bad proposal row', async () => {
    const engine = await createEngine();
    try {
      engine.load(sample);
      const studentId = sample.students[0].id;
      assert.throws(() => engine.suggest({ studentId: 'nobody' }), RangeError);
      for (const bad of [null, 'x', { studentId: 7 }, { studentId, limit: 0 }, { studentId, limit: 1.5 },
        { studentId, maxMoves: 3 }, { studentId, maxMoves: -1 }, { studentId, strategy: 'fastest' },
        { studentId, placements: 'rows' }, { studentId, placements: [null] }]) {
        assert.throws(() => engine.suggest(bad), TypeError, JSON.stringify(bad));
      }
      const row = { student_id: studentId, day_of_week: 1, start_time: '25:00:00', end_time: '10:00:00' };
      const error = (() => {
        try {
          engine.suggest({ studentId, placements: [row] });
        } catch (e) {
          return e;
        }
        return null;
      })();
      assert.ok(error instanceof PayloadError, String(error));
      assert.equal(error.code, 'bad-time');
      assert.equal(error.path, '/placements/0/start_time');
      assert.throws(() => engine.suggest({ studentId, placements: [{ ...row, start_time: '09:00', student_id: 'ghost' }] }),
        (e) => e instanceof PayloadError && e.code === 'unknown-student' && e.path === '/placements/0/student_id');

      const incomplete = { ...structuredClone(sample), incomplete: ['protected_times'] };
      engine.load(incomplete);
      assert.throws(() => engine.suggest({ studentId }), (e) => e instanceof PayloadError && e.code === 'incomplete-payload');
      assert.ok(Array.isArray(engine.suggest({ studentId, allowIncomplete: true })));
    } finally {
      engine.dispose();
    }
  });

  test('the same answer as the native CLI, on top of the proposal', { skip: nativeCli() === null && 'no native CLI built' }, async () => {
    const payload = generatePayload({ students: 120, seed: 13, workDays: [1, 2, 3] });
    const file = path.join(scratch, 'crowded.json');
    writeFileSync(file, JSON.stringify(payload));
    const engine = await createEngine();
    try {
      engine.load(payload);
      const proposal = engine.autoSchedule({ strategy: 'morning-first' });
      const asked = proposal.unplaced.slice(0, 3);
      assert.ok(asked.length > 0, 'the week leaves nobody short');
      for (const { studentId } of asked) {
        const cli = JSON.parse(runCli(nativeCli(), ['suggest', file, studentId, '--after-schedule', '--strategy', 'morning-first',
          '--max-moves', '2', '--limit', '4']));
        assert.deepEqual(cli.errors, []);
        const js = engine.suggest({ studentId, placements: proposal.placements, strategy: 'morning-first', limit: 4 });
        assert.deepEqual(js, cli.suggestions.map((s) => ({
          day: s.day,
          start: s.start,
          end: s.end,
          moves: s.moves.map((m) => ({
            sessionId: m.session_id, day: m.day, start: m.start, end: m.end, ...(m.placement >= 0 ? { placement: m.placement } : {}),
          })),
        })));
      }
    } finally {
      engine.dispose();
    }
  });

  test('the worker twin answers the same and keeps the error types', async () => {
    await withTwins(readFixture('sample-school.json'), async ({ worker, local }) => {
      const proposal = local.autoSchedule();
      for (const s of sample.students.slice(0, 4)) {
        const options = { studentId: s.id, placements: proposal.placements, maxMoves: 1 };
        assert.deepEqual(await worker.suggest(options), local.suggest(options));
      }
      await assert.rejects(worker.suggest({ studentId: 'nobody' }), RangeError);
      await assert.rejects(worker.suggest({ studentId: sample.students[0].id, maxMoves: 5 }), TypeError);
    });
  });
});
