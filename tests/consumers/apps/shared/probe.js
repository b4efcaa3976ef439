// The question every consumer asks the installed package: the sample school loaded, one candidate checked (the
// candidate comes from the test, which computes the expected answer with the repository's own engine).
export async function probe(slotfit, payload, candidate, { worker = false } = {}) {
  const engine = await slotfit.createEngine();
  try {
    const stats = engine.load(payload);
    const result = { students: stats.students, conflicts: engine.check(candidate), kinds: slotfit.CONFLICT_KINDS.length };
    if (worker) {
      const remote = await slotfit.createWorkerEngine();
      try {
        await remote.load(payload);
        result.workerConflicts = await remote.check(candidate);
      } finally {
        await remote.dispose();
      }
    }
    return result;
  } finally {
    engine.dispose();
  }
}
