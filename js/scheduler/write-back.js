// After apply_schedule committed: the engine takes the written rows and the new version, so that it stays current
// without a reload, and the scheduler's copies of the rows stay equal to the database's.
import { isRemoval, sessionOf } from './rows.js';

/** `sessions` is the scheduler's SessionRows; `defaults` the columns an insert leaves out. */
export function takeWrittenRows(engine, sessions, rows, dataVersion, defaults) {
  const { relabelled } = engine.applyChanges(rows.map((row) => (isRemoval(row) ? row : { op: 'upsert', ...sessionOf(row) })));
  engine.setDataVersion(dataVersion);
  for (const row of rows) {
    // A new row takes the columns it leaves out from the table's defaults, as apply_schedule's insert does.
    if (isRemoval(row)) sessions.remove(row.id);
    else sessions.put({ ...(sessions.known(row.id) ?? defaults), ...sessionOf(row) });
  }
  // The group label rule (the same in apply_schedule) may have set labels the rows did not say: keep the copies
  // equal, so that a later move sends the label the session has, not one it had.
  for (const { sessionId, groupRef } of relabelled) {
    const row = sessions.loaded.get(sessionId);
    if (row !== undefined) sessions.loaded.set(sessionId, { ...row, group_ref: groupRef });
  }
}
