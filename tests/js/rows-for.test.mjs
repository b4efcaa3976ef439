// engine.rowsFor against the built wasm module: the rows of tests/fixtures/rows-for.json (shared with the C++ and
// CLI tests), check()'s reasons for the same rows on the sample school, the worker twin, and the error contract.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { fixture, readFixture, requireBuiltWasm } from './support/slotfit.mjs';
import { withTwins } from './support/twins.mjs';

requireBuiltWasm();
const { EngineDisposedError, createEngine } = await import('../../js/node.js');

const rowsFor = fixture('rows-for.json');

describe('engine.rowsFor', () => {
  test('each student gets the rows that bind it, kind by kind, then day by day', async () => {
    const engine = await createEngine();
    try {
      engine.load(rowsFor.payload);
      for (const [studentId, expected] of Object.entries(rowsFor.expected)) {
        assert.deepEqual(engine.rowsFor({ studentId }), expected, studentId);
      }
    } finally {
      engine.dispose();
    }
  });

  test('on the sample school, every row is what check() reports for a session overlapping it', async () => {
    const sample = fixture('sample-school.json');
    const engine = await createEngine();
    try {
      engine.load(sample);
      let rows = 0;
      for (const { id: studentId } of sample.students) {
        for (const row of engine.rowsFor({ studentId })) {
          rows += 1;
          const conflicts = engine.check({ studentId, day: row.day, start: row.start, minutes: row.end - row.start });
          assert.ok(conflicts.some((c) => c.kind === row.kind && c.message === row.reason && c.refId === row.id),
            `${studentId}: check does not report ${row.reason}`);
        }
      }
      assert.ok(rows > sample.students.length, `only ${rows} rows bind the sample's ${sample.students.length} students`);
    } finally {
      engine.dispose();
    }
  });

  test('the worker twin answers the same and keeps the error types', async () => {
    await withTwins(readFixture('sample-school.json'), async ({ worker, local }) => {
      for (const { id: studentId } of fixture('sample-school.json').students.slice(0, 5)) {
        assert.deepEqual(await worker.rowsFor({ studentId }), local.rowsFor({ studentId }));
      }
      await assert.rejects(worker.rowsFor({ studentId: 'nobody' }), RangeError);
      await assert.rejects(worker.rowsFor('s1'), TypeError);
    });
  });

  test('an unknown student, a query without a studentId, and a disposed engine are refused', async () => {
    const engine = await createEngine();
    engine.load(rowsFor.payload);
    assert.throws(() => engine.rowsFor({ studentId: 'nobody' }), RangeError);
    assert.throws(() => engine.rowsFor('s1'), TypeError);
    assert.throws(() => engine.rowsFor({}), TypeError);
    engine.dispose();
    assert.throws(() => engine.rowsFor({ studentId: 's1' }), EngineDisposedError);
  });
});
