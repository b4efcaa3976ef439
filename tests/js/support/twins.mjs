// A worker engine and a local one loaded with the same payload, for the tests that the worker answers as the
// local engine does (values, and the type of each error). Both are disposed after the test's function.
import { requireBuiltWasm } from './slotfit.mjs';

requireBuiltWasm();
const { createEngine, createWorkerEngine } = await import('../../../js/node.js');

/** Calls `fn({worker, local, stats: [worker's load stats, local's]})` and disposes both engines after it. */
export async function withTwins(payload, fn) {
  const worker = await createWorkerEngine();
  const local = await createEngine();
  try {
    const stats = [await worker.load(payload), local.load(payload)];
    return await fn({ worker, local, stats });
  } finally {
    await worker.dispose();
    local.dispose();
  }
}
