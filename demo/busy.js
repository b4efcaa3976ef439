// Busy time from a conflict map. A map says which STARTS a session of a given length cannot take; drawn as
// they are, a 20-minute session's lunch shading begins 20 minutes before lunch, which reads as "lunch is
// earlier". What a provider needs to see is the time that is taken: for a kind that blocks by overlap, a run
// of blocked starts a … b means the taken time runs from a + length − step (the first start that reaches
// into it) to b + step (just after the last start inside it). A run touching an end of the day reaches that end.
//
// Only overlap kinds have a busy time. `consecutive` and `short-break` block starts next to the student's
// sessions without taking any time themselves; they stay on the start strip only.
import { CONFLICT_KINDS } from '../js/index.js';
import { STEP } from './model.js';

const NOT_TIME = new Set(['consecutive', 'short-break']);
/** The kinds that take time, as a mask. */
export const BUSY_KINDS = CONFLICT_KINDS.reduce((mask, kind, i) => (NOT_TIME.has(kind) ? mask : mask | (1 << i)), 0);

/**
 * Per 5-minute row of the window (`win`), the kinds whose time covers it: an Int32Array per map day.
 * `minutes` is the length the map was asked for.
 */
export function busyRows(map, minutes, win) {
  const { days, starts, kinds } = map;
  const n = starts.length;
  const rows = (win.end - win.start) / STEP;
  const out = new Map();
  for (let d = 0; d < days.length; d += 1) {
    const busy = new Int32Array(rows);
    const base = d * n;
    for (let bit = 0; bit < CONFLICT_KINDS.length; bit += 1) {
      const flag = 1 << bit;
      if ((BUSY_KINDS & flag) === 0) continue;
      let s = 0;
      while (s < n) {
        if ((kinds[base + s] & flag) === 0) {
          s += 1;
          continue;
        }
        let e = s;
        while (e + 1 < n && (kinds[base + e + 1] & flag) !== 0) e += 1;
        const from = s === 0 ? win.start : starts[s] + minutes - STEP;
        const to = e === n - 1 ? win.end : starts[e] + STEP;
        const r0 = Math.max(0, Math.floor((from - win.start) / STEP));
        const r1 = Math.min(rows, Math.ceil((to - win.start) / STEP));
        for (let r = r0; r < r1; r += 1) busy[r] |= flag;
        s = e + 1;
      }
    }
    out.set(days[d], busy);
  }
  return out;
}
