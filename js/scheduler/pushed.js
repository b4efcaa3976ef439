// Changes pushed by Realtime or by another tab of this browser ({op: 'remove', id, by} or {op: 'upsert', row, by}),
// planned against the rows the scheduler holds before the engine takes them.
import { sameSession } from './rows.js';

/**
 * The engine changes of `changes` and, beside each, the change with its whole row and the row it replaces.
 * `elsewhere` is set when a change belongs to a session this load does not hold (another school, a student not
 * loaded, a removal not seen): the caller revalidates. An echo of what the engine holds changes nothing.
 */
export function planPushed(changes, { sessions, hasStudent, defaults }) {
  const applied = [];
  const engineChanges = [];
  let elsewhere = false;
  for (const change of changes) {
    if (change.op === 'remove') {
      const old = sessions.loaded.get(change.id);
      if (old === undefined) {
        // not loaded: removed already, or a session at another school (busy time here)
        elsewhere ||= change.by !== 'another-tab' && !sessions.removed.has(change.id);
        continue;
      }
      engineChanges.push({ op: 'remove', id: change.id });
      applied.push({ change, old });
    } else if (!hasStudent(change.row.student_id)) {
      elsewhere = true;
    } else {
      const old = sessions.loaded.get(change.row.id);
      const row = { ...(sessions.known(change.row.id) ?? defaults), ...change.row };
      if (old !== undefined && sameSession(old, row)) continue;  // an echo of what the engine holds
      engineChanges.push({ op: 'upsert', ...row });
      applied.push({ change: { ...change, row }, old });
    }
  }
  return { engineChanges, applied, elsewhere };
}

/** Is a data_change_notice about the loaded school? (both keys null: every school of the provider) */
export function concerns(notice, context) {
  if (context === null) return false;
  if (notice.school_id == null && notice.school_site == null) return true;
  if (notice.school_id != null && context.schoolId != null) return notice.school_id === context.schoolId;
  return notice.school_site != null && notice.school_site === context.schoolSite;
}
