// A move the engine allows, for the data-layer tests that need a save to change the payload.

/** The first placed session (not in skipIds) with a free start on another day, and that start: {session, to}. */
export function freeMove(scheduler, skipIds = []) {
  for (const session of scheduler.payload.sessions) {
    if (session.day_of_week === null || skipIds.includes(session.id)) continue;
    const map = scheduler.engine.conflictMap({ sessionId: session.id });
    const n = map.starts.length;
    for (let i = 0; i < map.kinds.length; i += 1) {
      const day = map.days[Math.floor(i / n)];
      if (map.kinds[i] === 0 && day !== session.day_of_week) return { session, to: { day, start: map.starts[i % n] } };
    }
  }
  throw new Error('no placed session has a free start on another day');
}
