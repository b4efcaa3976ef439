// The payload as OptimizedScheduler#payload hands it out: the loaded payload with every save and pushed change
// since applied, frozen so that a caller cannot change the copy the scheduler works from.

function frozenRow(row) {
  return Object.freeze({ ...row });
}

const frozenValue = (value) => (value !== null && typeof value === 'object' ? frozenRow(value) : value);

/** `loaded` with its sessions replaced by `sessions` (load order, new ones last) and `dataVersion`. */
export function payloadView(loaded, sessions, dataVersion) {
  const view = { ...loaded, data_version: dataVersion, sessions: Object.freeze([...sessions].map(frozenRow)) };
  // One level of copies is enough: every table is an array of flat rows (the JSON Schema's payload).
  for (const [key, value] of Object.entries(view)) {
    if (key === 'sessions') continue;
    view[key] = Array.isArray(value) ? Object.freeze(value.map(frozenValue)) : frozenValue(value);
  }
  return Object.freeze(view);
}
