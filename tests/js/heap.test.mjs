// The wasm heap does not grow over many engine lifetimes, and an engine dropped without dispose() is freed by
// the FinalizationRegistry once collected. The allocator's live bytes (mallinfo) are the measure: the wasm
// memory itself never shrinks, so it can only show growth, not release.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

import { fixture, loadTestCore, readFixture, requireBuiltWasm } from './support/slotfit.mjs';

requireBuiltWasm();
const { Engine, EngineDisposedError, PayloadError } = await import('../../js/node.js');
// The test module has the product's entry points plus heapUsed() (the shipped module has no test hooks).
const core = await loadTestCore();
const createEngine = async () => Engine.create(core);

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc');

const tight = fixture('sample-tight.json');
const tightBytes = new TextEncoder().encode(readFixture('sample-tight.json'));
const badText = readFixture('minimal.json').replace('"schema_version": 1', '"schema_version": 2');

// One lifetime: every entry point, including the error paths (which build error lists in wasm).
function cycle(engine, i) {
  engine.load(i % 2 === 0 ? tight : tightBytes);
  const student = tight.students[i % tight.students.length];
  engine.check({ studentId: student.id, day: 1 + (i % 5), start: 480 + (i % 60) * 5, minutes: 30 });
  engine.check({ studentId: student.id, day: 6, start: 480, minutes: 30 });  // conflicts: the describe path
  engine.conflictMap({ studentId: student.id, minutes: 30 });
  const result = engine.autoSchedule({ strategy: i % 3 === 0 ? 'grade-grouped' : 'balanced' });
  engine.applyChanges(result.placements.slice(0, 3).map((p, k) => ({ ...p, id: p.id ?? `new-${k}` })));
  assert.throws(() => engine.load(badText), PayloadError);
  assert.throws(() => engine.applyChanges([{ op: 'remove', id: 'ghost' }]), PayloadError);
  engine.stats();
}

describe('wasm heap', () => {
  test('500 load/check/autoSchedule/dispose cycles: live bytes and memory size stay flat', async () => {
    for (let i = 0; i < 20; i += 1) {  // warm-up: let the allocator and the memory reach their working size
      const engine = await createEngine();
      cycle(engine, i);
      engine.dispose();
    }
    const liveBefore = core.heapUsed();
    const memoryBefore = core.HEAPU8.length;
    for (let i = 0; i < 500; i += 1) {
      const engine = await createEngine();
      cycle(engine, i);
      engine.dispose();
    }
    const liveAfter = core.heapUsed();
    const memoryAfter = core.HEAPU8.length;
    // A leak of even one small allocation per cycle would add up to far more than this slack over 500 cycles.
    assert.ok(liveAfter - liveBefore <= 4096, `live heap grew by ${liveAfter - liveBefore} bytes over 500 cycles`);
    assert.equal(memoryAfter, memoryBefore, 'wasm memory grew');
  });

  test('use after dispose throws, before touching freed memory', async () => {
    const engine = await createEngine();
    engine.load(tight);
    engine.dispose();
    assert.throws(() => engine.check({ studentId: tight.students[0].id, day: 1, start: 540, minutes: 30 }), EngineDisposedError);
    assert.throws(() => engine.load(tight), EngineDisposedError);
  });

  test('an engine dropped without dispose() is freed when collected (FinalizationRegistry)', async () => {
    gc();
    await new Promise((resolve) => { setTimeout(resolve, 10); });
    const baseline = core.heapUsed();
    (() => {
      for (let i = 0; i < 40; i += 1) {
        // Engines made and loaded synchronously from a resolved core, then left for the collector.
        createEngine().then((engine) => engine.load(tight));
      }
    })();
    await new Promise((resolve) => { setTimeout(resolve, 50); });
    const loaded = core.heapUsed();
    assert.ok(loaded - baseline > 40 * 10_000, `40 loaded engines should hold memory (held ${loaded - baseline})`);
    for (let round = 0; round < 20 && core.heapUsed() - baseline > 4096; round += 1) {
      gc();
      await new Promise((resolve) => { setTimeout(resolve, 20); });
    }
    assert.ok(core.heapUsed() - baseline <= 4096, `still held after collection: ${core.heapUsed() - baseline} bytes`);
  });
});
