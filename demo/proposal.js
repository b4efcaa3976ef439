// The auto-schedule panel: a proposal to review (the list of what it would place, the proven bound, why each
// student left over could not be placed and one repair to try), then Accept or Discard; after that, what was
// accepted, and after an Undo, that it was undone. Only drawing: the page owns the state and the actions.
import { CONFLICT_KINDS } from '../js/index.js';
import { el } from './grid.js';
import { fmtMs } from './metrics.js';
import { DAY_SHORT, KIND_INFO, STRATEGY_INFO, fmtTime, gradeLabel, minutesOf } from './model.js';

/** "Tue 10:00" */
const at = (day, start) => `${DAY_SHORT[day]} ${fmtTime(start)}`;

/**
 * A repair in words: "Try: move JB Tue 10:00 → Wed 10:30, then NV fits Tue 10:00". `where(move)` answers the
 * moved session's {label, day, start} today (or in the proposal).
 */
export function suggestionText(suggestion, studentLabel, where) {
  const fits = `${studentLabel} fits ${at(suggestion.day, suggestion.start)}`;
  if (suggestion.moves.length === 0) return `Try: ${fits} as it is`;
  const moves = suggestion.moves.map((m) => {
    const from = where(m);
    return `move ${from.label} ${at(from.day, from.start)} → ${at(m.day, m.start)}`;
  });
  return `Try: ${moves.join(', ')}, then ${fits}`;
}

function boundLine(stats) {
  // The certificate: with today's sessions kept in place, no schedule places more than the bound.
  return stats.upperBound === null
    ? `Placed ${stats.sessionsPlaced} of ${stats.sessionsNeeded}`
    : `Placed ${stats.sessionsPlaced} of ${stats.sessionsNeeded} · keeping today's sessions where they are, no schedule `
      + `places more than ${stats.upperBound}${stats.optimal ? ' (this one is optimal)' : ''}`;
}

const kindCounts = (entries) => entries.sort((a, b) => b[1] - a[1]).flatMap(([kind, n], i) => [i > 0 ? ' · ' : '',
  el('span', { class: `sw k${CONFLICT_KINDS.indexOf(kind)}`, text: KIND_INFO[kind].code }), ` ${KIND_INFO[kind].label} ${n}`]);

/**
 * Why a student is short. Until the page has counted the starts itself, the auto-schedule's own counts, which
 * overlap (and it says so); then counts that add up: free, ruled out by one rule alone (the rule to lift), by
 * two or more.
 */
function whyLine(u, who, breakdown) {
  const head = [el('b', { text: who.initials }), ` ${gradeLabel(who.grade)}: placed ${u.placed} of ${u.needed}. `];
  if (breakdown === null) {
    const why = Object.entries(u.ruledOut).filter(([, n]) => n > 0);
    return [...head, `Of ${u.candidates} starts, each ruled out by one rule or more (a start counts under every rule `
      + 'that rules it out, so these counts overlap): ', ...kindCounts(why)];
  }
  const alone = Object.entries(breakdown.alone);
  return [...head, el('span', { class: 'breakdown' },
    `Of ${breakdown.total} starts of the week: ${breakdown.free} free; `,
    ...(alone.length > 0 ? ['ruled out by one rule alone: ', ...kindCounts(alone), '; '] : []),
    `by two rules or more: ${breakdown.several}.`)];
}

/**
 * view: {phase: 'running' | 'preview' | 'accepted' | 'discarded' | 'undone' | 'outdated', strategy, result, roundTripMs,
 *        placements: [{text, day, start}], unplaced: [{studentId, who, u, suggestion: undefined | null | {..., text}}]}
 * actions: {accept(), discard(), apply(studentId)}
 */
export function renderProposalPanel(container, view, actions) {
  const parts = [];
  if (view.phase === 'running') {
    container.replaceChildren(el('p', { class: 'muted', text: `Running ${STRATEGY_INFO[view.strategy].label} in the worker…` }));
    return;
  }
  const r = view.result;
  const s = r.stats;
  const name = STRATEGY_INFO[view.strategy].label;
  if (view.phase === 'preview') {
    parts.push(el('p', { class: 'phase', text: `Proposal (${name}): ${r.placements.length} session${r.placements.length === 1 ? '' : 's'} `
      + 'outlined on the week. Nothing is saved until you accept it.' }));
    parts.push(el('div', { class: 'row start' },
      el('button', { type: 'button', id: 'proposal-accept', class: 'primary', text: `Accept ${r.placements.length}`, disabled: r.placements.length === 0, onclick: actions.accept }),
      el('button', { type: 'button', id: 'proposal-discard', text: 'Discard', onclick: actions.discard })));
  } else if (view.phase === 'accepted') {
    parts.push(el('p', { class: 'phase ok', text: `Accepted (${name}): ${r.placements.length} session${r.placements.length === 1 ? '' : 's'} placed. Undo takes them back.` }));
  } else if (view.phase === 'discarded') {
    parts.push(el('p', { class: 'phase muted', text: `Discarded the ${name} proposal; nothing changed.` }));
  } else if (view.phase === 'outdated') {
    parts.push(el('p', { class: 'phase muted', text: `The ${name} proposal was set aside: the week changed after it was made. Run auto-schedule again.` }));
  } else if (view.phase === 'undone') {
    parts.push(el('p', { class: 'phase muted', text: `Undone: the ${name} auto-schedule's ${r.placements.length} session${r.placements.length === 1 ? ' is' : 's are'} off the week again.` }));
  }
  if (view.phase === 'discarded' || view.phase === 'undone' || view.phase === 'outdated') {
    container.replaceChildren(...parts);
    return;
  }
  parts.push(el('p', { class: 'bound', text: boundLine(s) }));
  parts.push(el('p', { class: 'figures', text: `${s.placeholdersFilled} placeholders filled. `
    + `${s.candidatesEvaluated.toLocaleString('en-US')} candidates evaluated in ${fmtMs(s.elapsedMs)} (worker); `
    + `${view.roundTripMs.toFixed(0)} ms from click to answer.` }));
  if (view.phase === 'preview' && view.placements.length > 0) {
    parts.push(el('details', { class: 'proposal-list' },
      el('summary', { text: `The ${view.placements.length} proposed session${view.placements.length === 1 ? '' : 's'}` }),
      el('ul', {}, ...view.placements.map((p) => el('li', { text: p.text })))));
  }
  if (view.groups.length > 0) {
    parts.push(el('h3', { text: `Groups ${view.phase === 'preview' ? 'it forms or joins' : 'formed or joined'} (${view.groups.length})` }));
    parts.push(el('ul', { class: 'groups-formed' }, ...view.groups.map((g) => el('li', { text: g }))));
  }
  if (view.unplaced.length > 0) {
    parts.push(el('h3', { text: `Not fully placed (${view.unplaced.length})` }));
    parts.push(el('ul', { class: 'unplaced' }, ...view.unplaced.map((x) => {
      const li = el('li', { 'data-student': x.studentId }, ...whyLine(x.u, x.who, x.breakdown));
      const line = el('p', { class: 'repair' });
      if (x.suggestion === undefined) line.textContent = 'Looking for a repair…';
      else if (x.suggestion === null) line.textContent = 'No repair with up to two moves of other sessions.';
      else {
        line.append(`${x.suggestion.text} `, el('button', {
          type: 'button', class: 'apply', text: view.phase === 'preview' ? 'Accept with this' : 'Apply',
          'aria-label': `${view.phase === 'preview' ? 'Accept the proposal with this repair' : 'Apply this repair'}: ${x.suggestion.text}`,
          onclick: () => actions.apply(x.studentId),
        }));
      }
      li.append(line);
      return li;
    })));
  } else {
    parts.push(el('p', { class: 'ok', text: view.phase === 'preview' ? 'This proposal places every needed session.' : 'Every needed session is placed.' }));
  }
  if (r.notConfigured.length > 0) {
    parts.push(el('p', { class: 'muted', text: `Not configured: ${r.notConfigured.map((n) => `${view.label(n.studentId)} (${n.reason})`).join(', ')}` }));
  }
  for (const e of r.errors) parts.push(el('p', { class: 'error', text: `${e.code}: ${e.message}` }));
  container.replaceChildren(...parts);
}

/** Proposal rows as the grid draws them and the list names them. */
export function proposalItems(placements, label) {
  return placements.map((p, i) => {
    const start = minutesOf(p.start_time);
    const end = minutesOf(p.end_time);
    return { index: i, day: p.day_of_week, start, end, text: `${label(p.student_id)} ${at(p.day_of_week, start)}–${fmtTime(end)}` };
  }).sort((a, b) => a.day - b.day || a.start - b.start);
}
