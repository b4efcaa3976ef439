// The rows save() writes for a scheduleBatch proposal. Made once per proposal (the caller keeps them), so that
// saving it again is a retry of the same rows and ids, not a second write.
import { newRequestId, pickWriteKeys } from './rows.js';

/** Each placement (a new session takes its uuid here), then the loaded group members whose label changes. */
export function proposalRows(result, loaded) {
  const rows = result.placements.map((p) => pickWriteKeys(p.id == null ? { ...p, id: newRequestId() } : p));
  rows.push(...groupLabelRows(result.groups ?? [], loaded));
  return rows;
}

// A group the proposal joins takes its label on every member: the loaded ones are written with it too.
function groupLabelRows(groups, loaded) {
  const rows = [];
  for (const group of groups) {
    for (const id of group.sessionIds) {
      const known = loaded.get(id);
      if (known !== undefined && known.group_ref !== group.groupRef) rows.push(pickWriteKeys({ ...known, group_ref: group.groupRef }));
    }
  }
  return rows;
}
