// data_version is `t<T>.p<P>.s<S>.c<C>.y<Y>` (README "Live data"): T counts the template rows (sessions), the
// other parts what else the payload reads. apply_schedule compares the template part only.

// The part of data_version apply_schedule compares; a version of another shape whole.
export const templatePart = (version) => /^(t\d+)\./.exec(version)?.[1] ?? version;

/** T of a version, or null for a version of another shape. */
export function templateNumber(version) {
  const m = /^t(\d+)\./.exec(String(version));
  return m === null ? null : Number(m[1]);
}

/**
 * `version` with its T moved to `templateVersion`, or null when that is no move: never backwards (a late echo),
 * and a version of another shape is left alone (the next save may then be stale).
 */
export function withTemplate(version, templateVersion) {
  if (!Number.isInteger(templateVersion)) return null;
  const m = /^t(\d+)(\..*)$/.exec(version ?? '');
  if (m === null || Number(m[1]) >= templateVersion) return null;
  return `t${templateVersion}${m[2]}`;
}

/** The versions named in apply_schedule's stale-version refusal (PT409), as far as its message says them. */
export function versionsFrom(message) {
  const m = /stale data_version (\S+) \(the schedule is now at (\S+)\)/.exec(message ?? '');
  return m === null ? {} : { sentVersion: m[1], currentVersion: m[2] };
}
