// The rows saveRows() writes: each caller's row checked, and merged over the loaded (or removed) row of its id,
// so that a partial row moves a session. Refused here rather than by the engine after the database took it.
import { isRemoval, newRequestId, pickWriteKeys } from './rows.js';

/**
 * `rows` as apply_schedule takes them. `sessions` is the scheduler's SessionRows, `defaults` what an insert
 * leaves out, `hasStudent(id)` whether the engine knows a student.
 */
export function rowsToSave(rows, { sessions, defaults, hasStudent }) {
  return rows.map((row, i) => {
    if (row === null || typeof row !== 'object') throw new TypeError(`slotfit: saveRows: row ${i} is not an object`);
    if (isRemoval(row)) {
      if (typeof row.id !== 'string' || !sessions.loaded.has(row.id)) {
        throw new RangeError(`slotfit: saveRows: row ${i} removes ${JSON.stringify(row.id)}, which is not a loaded session`);
      }
      return { op: 'remove', id: row.id };
    }
    if (row.op !== undefined && row.op !== 'upsert') {
      throw new TypeError(`slotfit: saveRows: row ${i} has op ${JSON.stringify(row.op)}; use 'remove' or leave op out`);
    }
    const known = row.id == null ? undefined : sessions.known(row.id);
    if (known === undefined) checkInsert(row, i, hasStudent);
    return pickWriteKeys({ ...(known ?? defaults), ...row, id: row.id ?? newRequestId() });
  });
}

function checkInsert(row, i, hasStudent) {
  if (typeof row.student_id !== 'string' || hasStudent(row.student_id) !== true) {
    throw new RangeError(`slotfit: saveRows: row ${i} inserts a session for ${JSON.stringify(row.student_id)}, `
      + 'which is not a loaded student');
  }
  for (const key of ['day_of_week', 'start_time', 'end_time']) {
    if (!(key in row)) throw new TypeError(`slotfit: saveRows: row ${i} inserts a session without ${key} (null for a placeholder)`);
  }
}
