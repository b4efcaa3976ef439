// The demo page: a provider's week, drag-and-drop with the whole week painted at drag start, auto-schedule in a
// Web Worker as a proposal to review, and the figures that say how fast it all is.
import { CONFLICT_KINDS, STRATEGIES, createWorkerEngine } from '../js/index.js';
import { DragController } from './drag.js';
import { WeekGrid, el } from './grid.js';
import { Samples, fmtMs } from './metrics.js';
import { installSwatchStyles } from './patterns.js';
import { PressTracker } from './press.js';
import { proposalItems, renderProposalPanel, suggestionText } from './proposal.js';
import {
  DAY_NAMES, DAY_SHORT, KIND_INFO, STRATEGY_INFO, clockOfLocale, describeConflict, displayWindow, fmtSpan, fmtTime,
  gradeClass, gradeLabel, gradeTag, gridDays, hhmmss, indexPayload, minutesOf, normGrade, notConfigured, setClock,
  teacherOf, toCsv, unscheduled,
} from './model.js';
import { SampleSource, SupabaseSource, newSessionRow } from './sources.js';
import { attachLive, liveMetricRows, syncAttention } from './live.js';

const $ = (id) => document.getElementById(id);
const SAMPLE_URL = new URL('./sample-school.json', import.meta.url);
const SUPABASE_UMD = new URL('../node_modules/@supabase/supabase-js/dist/umd/supabase.js', import.meta.url);
const NAV_KEYS = ['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'Home', 'End'];
const MOVE_KEYS = { ArrowUp: [0, -5], ArrowDown: [0, 5], ArrowLeft: [-1, 0], ArrowRight: [1, 0], PageUp: [0, -30], PageDown: [0, 30] };

const stats = {
  dragStart: new Samples(), map: new Samples(), paint: new Samples(), check: new Samples(), tip: new Samples(),
};

const app = {
  source: null,
  index: null,
  grid: null,
  drag: null,
  press: null,
  attention: new Map(),  // session id -> the reasons of an override
  fresh: new Set(),      // ids placed or moved by the last change, outlined on the week
  undo: [],              // [{label, before: [row | {insertedId}], attention: Map, proposal?}]
  worker: null,
  proposal: null,        // the last auto-schedule: {phase, strategy, result, roundTripMs, suggestions, entry}
  selected: null,        // the student whose constraints are drawn behind the week
  busy: false,
};

// ----------------------------------------------------------------------------------------------------------
// Start-up

function payloadUrl() {
  const asked = new URLSearchParams(location.search).get('payload');
  if (asked === null) return SAMPLE_URL;
  const url = new URL(asked, location.href);
  // Only this server's files: the page is a local demo, not a proxy.
  if (url.origin !== location.origin) throw new Error(`payload must be on this server, got ${asked}`);
  return url;
}

async function start() {
  buildStatic();
  const source = await SampleSource.open(payloadUrl());
  useSource(source);
  setStatus(`Loaded ${source.payload.school?.school_site ?? 'the sample'}: ${source.payload.students.length} students. `
    + 'Drag a session, or Tab to the week and use the arrow keys.');
  // Start (and warm up) the auto-schedule worker while the page is idle, so the first click is not a cold start.
  const idle = window.requestIdleCallback ?? ((fn) => setTimeout(fn, 200));
  idle(() => workerEngine().catch(() => {}));
}

function applyClock() {
  const chosen = $('clock').value;
  setClock(chosen === 'auto' ? clockOfLocale() : Number(chosen));
}

function buildStatic() {
  installSwatchStyles();
  const stored = localStorage.getItem('slotfit-demo-clock');
  if (stored === '12' || stored === '24') $('clock').value = stored;
  applyClock();
  const strategy = $('strategy');
  strategy.replaceChildren(...STRATEGIES.map((s) => el('option', { value: s, text: STRATEGY_INFO[s].label })));
  const explain = () => {
    $('strategy-line').textContent = `${STRATEGY_INFO[strategy.value].label}: ${STRATEGY_INFO[strategy.value].line}`;
  };
  strategy.addEventListener('change', explain);
  explain();
  // One row of codes; what they mean unfolds on demand (and every code carries its words as a title).
  $('legend').replaceChildren(
    el('span', { class: 'legend-title', text: 'While moving:' }),
    el('span', { class: 'sw free', title: 'a free start', text: 'free' }),
    ...CONFLICT_KINDS.map((kind, i) => el('abbr', { class: `sw k${i}`, title: KIND_INFO[kind].label, text: KIND_INFO[kind].code })),
    el('details', { class: 'legend-more' }, el('summary', { text: 'What the paint means' }),
      el('p', { text: 'The strip at the left of each day shows where the session may start: green is free, otherwise the '
        + 'rule that rules the start out. The rest of the day shows the time that is taken, and by what.' }),
      el('ul', {}, ...CONFLICT_KINDS.map((kind, i) => el('li', {},
        el('span', { class: `sw k${i}`, text: KIND_INFO[kind].code }), ` ${KIND_INFO[kind].label}: ${KIND_INFO[kind].help}`)))),
  );
  $('print').addEventListener('click', () => window.print());
  // The printed week says when it was printed: a timetable on a wall outlives the week it was made in.
  const stamp = () => {
    $('print-date').textContent = `Printed ${new Date().toLocaleDateString(undefined, { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' })}`;
  };
  stamp();
  window.addEventListener('beforeprint', stamp);
  $('clock').addEventListener('change', () => {
    localStorage.setItem('slotfit-demo-clock', $('clock').value);
    applyClock();
  });
  $('connect').addEventListener('submit', (event) => {
    event.preventDefault();
    runAction(connect);
  });
  $('sample-again').addEventListener('click', () => location.reload());
}

/**
 * The handlers that act on the week (app.source, app.grid, app.drag), installed when the first week is built:
 * before it (the sample still loading, a failed start, the sign-in form in use) a key or a press has no week to
 * act on. A later week (signing in to Supabase) replaces app's state and keeps these; leaving Supabase mode reloads
 * the page.
 */
function installWeekInput() {
  $('undo').addEventListener('click', () => runAction(undoLast));
  $('auto').addEventListener('click', () => runAction(autoSchedule));
  $('csv').addEventListener('click', exportCsv);
  // After buildStatic's listener has set the clock: the week is drawn again in it.
  $('clock').addEventListener('change', () => {
    if (app.drag.active) endMove();
    app.grid.build();
    renderAll();
  });
  $('overlay-target').addEventListener('change', renderBands);
  for (const box of document.querySelectorAll('#overlay-layers input')) box.addEventListener('change', renderBands);
  $('day-switch').addEventListener('click', (event) => {
    const button = event.target.closest('button[data-day]');
    if (button) app.grid.showDay(Number(button.dataset.day));
  });
  installPointer();
  installKeyboard();
}

function useSource(source) {
  const previous = app.source;
  const first = app.drag === null;
  if (!first) app.drag.cancel();
  app.source = source;
  app.index = indexPayload(source.payload);
  app.attention = new Map();
  app.fresh = new Set();
  app.undo = [];
  app.proposal = null;
  app.selected = null;
  for (const s of source.payload.sessions) if (s.status === 'needs_attention') app.attention.set(s.id, 'marked in the database');
  const days = gridDays(source.payload);
  const grid = new WeekGrid($('grid'), { days, window: displayWindow(source.payload) });
  const today = ((new Date().getDay() + 6) % 7) + 1;
  grid.shownDay = days.includes(today) ? today : days[0];
  $('day-switch').replaceChildren(...days.map((d) => el('button', {
    type: 'button', 'data-day': d, text: DAY_SHORT[d], title: DAY_NAMES[d], 'aria-pressed': String(d === grid.shownDay),
  })));
  grid.root.addEventListener('daychange', (event) => {
    for (const b of $('day-switch').querySelectorAll('button')) b.setAttribute('aria-pressed', String(Number(b.dataset.day) === event.detail.day));
  });
  grid.build();
  app.grid = grid;
  app.drag = new DragController({
    grid, engine: () => app.source.engine, tooltip: $('tooltip'), live: $('live'), stats, daySwitch: $('day-switch'),
    who: (studentId) => studentOf(studentId)?.initials ?? '?',
    groupName: (g) => `${g.studentIds.map((id) => studentOf(id)?.initials ?? '?').join(', ')}`
      + `${[...new Set(g.studentIds.map((id) => gradeLabel(studentOf(id)?.grade_level)))].map((x) => ` · ${x}`).join('')}`,
  });
  const school = source.payload.school ?? {};
  $('school-name').textContent = `${school.school_site ?? 'School'} · ${source.payload.provider?.role ?? ''}`;
  $('mode').textContent = source.mode === 'sample'
    ? 'Sample school: changes stay in this page'
    : 'Supabase: moves and accepted auto-schedules are saved with apply_schedule';
  document.body.dataset.mode = source.mode;
  fillOverlayPicker();
  const grades = [...app.index.grades, ...(source.payload.students.some((s) => !s.grade_level?.trim()) ? [''] : [])];
  $('grades').replaceChildren(el('span', { class: 'legend-title', text: 'Grades:' }),
    ...grades.map((g) => el('span', { class: `grade-key ${gradeClass(g)}`, 'data-grade': g, text: gradeLabel(g) })));
  renderAll();
  if (first) installWeekInput();
  if (previous !== null && previous !== source) previous.dispose();
}

// ----------------------------------------------------------------------------------------------------------
// Rendering

function studentOf(id) {
  return app.index.students.get(id) ?? null;
}

function teacherName(student) {
  return student ? teacherOf(app.index, student)?.label ?? student.teacher_name?.trim() ?? '' : '';
}

/** What a chip of a session row shows and says. */
function describeRow(row) {
  const student = studentOf(row.student_id);
  return { initials: student?.initials ?? '?', grade: student?.grade_level ?? null, teacher: teacherName(student) };
}

/** The engine's groups of two or more (issue 9): one chip each. */
function currentGroups() {
  return app.source.engine.groups();
}

function renderAll() {
  app.grid.renderSessions(app.source.payload.sessions, describeRow, app.attention, app.fresh, currentGroups());
  renderBands();
  renderProposalGhosts();
  renderUnscheduled();
  renderAttention();
  renderAutoPanel();
  renderMetrics();
  $('undo').disabled = app.undo.length === 0;
  $('undo').textContent = app.undo.length === 0 ? 'Undo' : `Undo ${app.undo.at(-1).label}`;
}

function studentLine(student) {
  const teacher = teacherName(student);
  return `${gradeLabel(student.grade_level)}${teacher ? ` · ${teacher}` : ''}`;
}

function renderUnscheduled() {
  const items = unscheduled(app.source.payload);
  const list = $('unscheduled');
  // One Tab stop for the list too: the arrow keys go from item to item.
  const keep = list.querySelector('.pending[tabindex="0"]')?.dataset.key;
  list.replaceChildren(...items.map((u, i) => el('li', {}, el('button', {
    type: 'button',
    tabIndex: (keep === undefined ? i === 0 : u.key === keep) ? 0 : -1,
    class: `pending ${gradeClass(u.student.grade_level)} ${u.kind}`,
    'data-key': u.key,
    'data-student': u.student.id,
    'data-session': u.sessionId ?? '',
    'data-minutes': u.minutes,
    'aria-describedby': 'pending-hint',
  }, el('b', { text: u.student.initials }), ` ${studentLine(u.student)} · ${u.minutes} min `,
  el('span', { class: 'tag', text: u.kind === 'placeholder' ? 'placeholder' : 'missing' })))));
  if (list.querySelector('.pending[tabindex="0"]') === null) list.querySelector('.pending')?.setAttribute('tabindex', '0');
  $('unscheduled-count').textContent = `(${items.length})`;
  const nc = notConfigured(app.source.payload);
  $('not-configured').textContent = nc.length === 0 ? ''
    : `Not configured (no frequency or minutes): ${nc.map((s) => s.initials).join(', ')}`;
}

function renderAttention() {
  const rows = app.source.payload.sessions.filter((s) => app.attention.has(s.id) && s.day_of_week != null);
  $('attention').replaceChildren(...rows.map((s) => {
    const student = studentOf(s.student_id);
    return el('li', { 'data-id': s.id },
      el('b', { text: `⚠ ${student?.initials ?? '?'}` }),
      ` ${DAY_NAMES[s.day_of_week]} ${fmtSpan(minutesOf(s.start_time), minutesOf(s.end_time))}: `,
      el('span', { class: 'reasons', text: app.attention.get(s.id) }));
  }));
  $('attention-panel').hidden = rows.length === 0;
}

function fillOverlayPicker() {
  const select = $('overlay-target');
  const { grades, teachers, students } = app.index;
  select.replaceChildren(
    el('option', { value: '', text: 'Nobody else' }),
    el('optgroup', { label: 'Grade' }, ...grades.map((g) => el('option', { value: `grade:${g}`, text: gradeLabel(g) }))),
    el('optgroup', { label: 'Teacher' }, ...teachers.map((t) => el('option', { value: `teacher:${t.key}`, text: t.label }))),
    el('optgroup', { label: 'Student' }, ...[...students.values()]
      .sort((a, b) => a.initials.localeCompare(b.initials))
      .map((s) => el('option', { value: `student:${s.id}`, text: `${s.initials} (${gradeLabel(s.grade_level)})` }))),
  );
}

// The layer (colour and pattern) of each kind of row the engine says binds a student.
const LAYER_OF = {
  'bell-schedule': 'bell', 'special-activity': 'special', 'protected-time': 'protected', 'other-provider': 'protected',
  'provider-busy': 'busy',
};

/** Bands for some students from the engine's own matching (`rowsFor`), in the layers asked; one per row. */
function bandsFor(studentIds, layers) {
  const engine = app.source.engine;
  const many = studentIds.length > 1;
  const out = [];
  for (const studentId of studentIds) {
    for (const row of engine.rowsFor({ studentId })) {
      const layer = LAYER_OF[row.kind];
      if (!layers.has(layer)) continue;
      // A student's own rows name the student when several students' rows are drawn at once.
      const own = many && (row.kind === 'protected-time' || row.kind === 'other-provider');
      out.push({ day: row.day, start: row.start, end: row.end, layer, label: own ? `${row.label} · ${labelOf(studentId)}` : row.label });
    }
  }
  return out;
}

/** Days the provider does not work: every start of the day is ruled out as an off day (the engine's rule). */
function offDayBands() {
  const payload = app.source.payload;
  const someone = payload.students[0];
  if (!someone) return [];
  const map = app.source.engine.conflictMap({ studentId: someone.id, minutes: 5 });
  const off = 1 << CONFLICT_KINDS.indexOf('off-day');
  const n = map.starts.length;
  const out = [];
  map.days.forEach((day, d) => {
    if (map.kinds.subarray(d * n, (d + 1) * n).every((mask) => (mask & off) !== 0)) {
      out.push({ day, start: app.grid.win.start, end: app.grid.win.end, layer: 'offday', label: 'Off day' });
    }
  });
  return out;
}

/** The students a picker value names: `grade:K`, `teacher:<key>`, `student:<id>`. */
function studentsOf(target) {
  const [type, ...rest] = target.split(':');
  const value = rest.join(':');
  const all = app.source.payload.students;
  if (type === 'grade') return all.filter((s) => normGrade(s.grade_level) === value).map((s) => s.id);
  if (type === 'teacher') return all.filter((s) => teacherOf(app.index, s)?.key === value).map((s) => s.id);
  if (type === 'student') return all.some((s) => s.id === value) ? [value] : [];
  return [];
}

/**
 * The bands behind the week: the provider's busy time and days off always; the selected student's bell rows,
 * specials, protected times and other providers; and whoever the picker names, in the layers ticked. Which rows
 * bind whom is the engine's answer (`rowsFor`), never a copy of its rules.
 */
function renderBands() {
  const payload = app.source.payload;
  const items = [...offDayBands()];
  if (payload.students.length > 0) items.push(...bandsFor([payload.students[0].id], new Set(['busy'])));
  if (app.selected !== null) items.push(...bandsFor([app.selected], new Set(['bell', 'special', 'protected'])));
  const target = $('overlay-target').value;
  if (target !== '') {
    const layers = new Set([...document.querySelectorAll('#overlay-layers input:checked')].map((i) => i.value));
    items.push(...bandsFor(studentsOf(target), layers));
  }
  const seen = new Set();
  app.grid.renderBands(items.filter((b) => {
    const key = `${b.layer}|${b.day}|${b.start}|${b.end}|${b.label}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  }));
}

function select(studentId) {
  if (studentId === app.selected) return;
  app.selected = studentId;
  renderBands();
}

function renderMetrics() {
  const src = app.source;
  const counts = src.counts();
  const ls = src.loadStats ?? {};
  const check = stats.check.summary();
  const tip = stats.tip.summary();
  const rows = [
    ['Database calls', `${counts.reads} read · ${counts.writes} write${counts.writes === 1 ? '' : 's'} (${counts.note})`],
    ['Load + index', `${fmtMs(ls.jsLoadMs)} (inside wasm ${fmtMs(ls.loadMs)}; ${ls.rowsIndexed ?? '–'} rows indexed)`],
    ['Caseload', `${ls.students ?? '–'} students · ${src.payload.sessions.filter((s) => s.day_of_week != null).length} sessions`],
    ['Check latency', check.n === 0 ? 'no drag yet' : `p50 ${fmtMs(check.p50)} · p99 ${fmtMs(check.p99)} (${check.n} checks)`],
    ['Pointer → tooltip', tip.n === 0 ? '–' : `p50 ${fmtMs(tip.p50)} · p99 ${fmtMs(tip.p99)}`],
    ['Drag start → painted', stats.dragStart.count === 0 ? '–'
      : `${fmtMs(stats.dragStart.last)} (conflict map ${fmtMs(stats.map.last)}, cells ${fmtMs(stats.paint.last)})`],
    ['Checks per frame', app.drag.perFrame.queries === 0 ? '–'
      : `${app.drag.perFrame.queries} checks in ${app.drag.perFrame.frames} frames (last move)`],
  ];
  rows.push(...liveMetricRows(src));
  const auto = app.proposal?.result;
  if (auto) rows.push(['Auto-schedule', `${fmtMs(auto.stats.elapsedMs)} in the worker, ${app.proposal.roundTripMs.toFixed(0)} ms round trip`]);
  $('metrics').replaceChildren(...rows.flatMap(([k, v]) => [el('dt', { text: k }), el('dd', { text: v, 'data-metric': k })]));
}

function setStatus(text, kind = 'info') {
  const status = $('status');
  status.textContent = text;
  status.dataset.kind = kind;
}

async function runAction(fn) {
  if (app.busy) return;
  app.busy = true;
  document.body.classList.add('busy');
  try {
    await fn();
  } catch (error) {
    console.error(error);
    setStatus(`${error.name ?? 'Error'}: ${error.message}`, 'error');
  } finally {
    app.busy = false;
    document.body.classList.remove('busy');
  }
}

const anyDialogOpen = () => $('override').open || $('details').open;

// ----------------------------------------------------------------------------------------------------------
// What can be moved

/**
 * What a press or a key picks up: a session, a whole group (its chip or a member's name), one member alone
 * (`alone`: Alt, or the member's grip), or a pending item of the list.
 */
function itemOf(node, { alone = false } = {}) {
  const payload = app.source.payload;
  const chip = node.closest('.session.group');
  if (chip && !(alone && node.classList.contains('member'))) {
    const ids = chip.dataset.ids.split(' ');
    const rows = ids.map((id) => payload.sessions.find((s) => s.id === id));
    if (rows.some((r) => !r)) return null;
    const start = minutesOf(rows[0].start_time);
    return {
      kind: 'group', sessionId: ids[0], sessionIds: ids, studentId: rows[0].student_id, studentIds: rows.map((r) => r.student_id),
      minutes: minutesOf(rows[0].end_time) - start, origin: { day: rows[0].day_of_week, start },
      label: rows.map((r) => studentOf(r.student_id)?.initials ?? '?').join('+'), element: chip, rows, row: rows[0],
    };
  }
  if (node.classList.contains('session') || node.classList.contains('member')) {
    const row = payload.sessions.find((s) => s.id === node.dataset.id);
    if (!row) return null;
    const start = minutesOf(row.start_time);
    const student = studentOf(row.student_id);
    return {
      kind: 'session', sessionId: row.id, studentId: row.student_id, minutes: minutesOf(row.end_time) - start,
      origin: { day: row.day_of_week, start }, label: student?.initials ?? '?', element: node, row,
    };
  }
  if (node.classList.contains('pending')) {
    const student = studentOf(node.dataset.student);
    const sessionId = node.dataset.session || null;
    return {
      kind: sessionId ? 'placeholder' : 'missing', sessionId, studentId: student.id, minutes: Number(node.dataset.minutes),
      origin: null, label: student.initials, element: node,
      row: sessionId ? payload.sessions.find((s) => s.id === sessionId) : null,
    };
  }
  return null;
}

function installPointer() {
  app.press = new PressTracker({
    onDrag(node, at, pointerId) {
      const item = itemOf(node, { alone: app.pressAlone });
      if (!item || app.busy || anyDialogOpen()) return;
      try {
        node.setPointerCapture(pointerId);
      } catch {
        // a synthetic event has no live pointer to capture; moves still arrive through the document
      }
      app.pointerId = pointerId;
      app.drag.begin(item, 'pointer', at);
    },
    onClick(node) {
      if (node.dataset.id && (node.classList.contains('session') || node.classList.contains('member'))) openDetails(node.dataset.id);
      else setStatus(`${studentOf(node.dataset.student)?.initials ?? ''}: drag it onto the week, or press Enter and use the arrow keys.`);
    },
  });
  document.addEventListener('pointerdown', (event) => {
    if (event.button !== 0 || app.busy || anyDialogOpen()) return;
    if (app.drag.active && app.drag.state.how === 'keyboard') {
      endMove();
      setStatus('Move cancelled.');
    }
    const node = event.target.closest?.('.member, .session, .pending');
    if (!node) return;
    // Alt, or the grip on a member's name, pulls that member out of its group.
    app.pressAlone = event.altKey || event.target.closest('.grip') !== null;
    // Mouse and pen: no text selection and no focus scroll; a touch press must stay free to scroll the page.
    if (event.pointerType !== 'touch') event.preventDefault();
    if (document.activeElement !== node) node.focus({ preventScroll: true });
    app.press.down(event, node);
  });
  document.addEventListener('pointermove', (event) => {
    if (app.press.move(event)) {
      if (app.drag.active) app.drag.pointerMove(event.clientX, event.clientY);
      return;
    }
    if (!app.drag.active || app.drag.state.how !== 'pointer' || event.pointerId !== app.pointerId) return;
    app.drag.pointerMove(event.clientX, event.clientY);
  });
  document.addEventListener('pointerup', (event) => {
    if (app.press.up(event)) return;
    if (!app.drag.active || app.drag.state.how !== 'pointer' || event.pointerId !== app.pointerId) return;
    const item = app.drag.state.item;
    const landing = app.drag.finish({ x: event.clientX, y: event.clientY });
    runAction(() => drop(item, landing));
  });
  document.addEventListener('pointercancel', (event) => {
    app.press.cancel();
    if (app.drag.active && app.drag.state.how === 'pointer' && event.pointerId === app.pointerId) endMove();
  });
  // Once a touch drag has started, the finger's moves are the drag's, not a scroll of the page.
  document.addEventListener('touchmove', (event) => {
    if (app.drag.active && app.drag.state.how === 'pointer') event.preventDefault();
  }, { passive: false });
  document.addEventListener('contextmenu', (event) => {
    if (app.drag.active || app.press.pending) event.preventDefault();
  });
  window.addEventListener('scroll', () => {
    if (app.drag.active) app.grid.measure();
  }, { passive: true });
}

/** Moves the week's Tab stop to chip `id` and focuses it, showing its day in a one-day layout. */
function focusChip(id) {
  const grid = app.grid;
  const spot = grid.order.find((o) => o.id === id);
  if (spot && spot.day !== grid.shownDay) grid.showDay(spot.day);
  grid.rove(id);
  grid.sessionBlock(id)?.focus();
}

function installKeyboard() {
  document.addEventListener('keydown', (event) => {
    if (anyDialogOpen() || app.busy) return;
    const drag = app.drag;
    if (drag.active && event.key === 'Escape') {
      event.preventDefault();
      endMove();
      setStatus('Move cancelled.');
      return;
    }
    if (drag.active && drag.state.how === 'keyboard') {
      if (MOVE_KEYS[event.key]) {
        event.preventDefault();
        const [dd, dm] = MOVE_KEYS[event.key];
        drag.keyMove(dd, event.shiftKey ? dm * 3 : dm);
      } else if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        const item = drag.state.item;
        const landing = drag.finish();
        runAction(() => drop(item, landing));
      }
      return;
    }
    const node = event.target.closest?.('.member, .session, .pending');
    if (!node) return;
    if (node.classList.contains('session') || node.classList.contains('member')) {
      if (node.classList.contains('member') && event.altKey && MOVE_KEYS[event.key]) {
        // Alt with an arrow key: this member alone, out of its group, one step in that direction.
        event.preventDefault();
        liftWithKeyboard(node, { alone: true });
        const [dd, dm] = MOVE_KEYS[event.key];
        if (app.drag.active) app.drag.keyMove(dd, event.shiftKey ? dm * 3 : dm);
      } else if (NAV_KEYS.includes(event.key) && !event.altKey && !event.ctrlKey && !event.metaKey) {
        event.preventDefault();
        focusChip(app.grid.neighbour(node.dataset.id, event.key));
      } else if (event.key === ' ') {
        event.preventDefault();
        liftWithKeyboard(node);
      } else if (event.key === 'Enter') {
        event.preventDefault();
        openDetails(node.dataset.id);
      }
      return;
    }
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      liftWithKeyboard(node);
    } else if (NAV_KEYS.includes(event.key)) {
      event.preventDefault();
      const all = [...$('unscheduled').querySelectorAll('.pending')];
      const i = all.indexOf(node);
      const next = all[{ ArrowUp: i - 1, ArrowLeft: i - 1, ArrowDown: i + 1, ArrowRight: i + 1, Home: 0, End: all.length - 1 }[event.key]];
      if (next) {
        node.tabIndex = -1;
        next.tabIndex = 0;
        next.focus();
      }
    }
  });
  document.addEventListener('focusin', (event) => {
    const node = event.target.closest?.('.member, .session, .pending');
    if (!node) return;
    if (node.dataset.id && !node.classList.contains('pending')) app.grid.rove(node.dataset.id);
    else {
      for (const other of $('unscheduled').querySelectorAll('.pending[tabindex="0"]')) other.tabIndex = -1;
      node.tabIndex = 0;
    }
    const row = node.classList.contains('pending') ? null : app.source.payload.sessions.find((s) => s.id === node.dataset.id);
    select(row?.student_id ?? node.dataset.student ?? null);
  });
  // A keyboard move belongs to the focused session: when the focus goes anywhere else, the move is over.
  document.addEventListener('focusout', (event) => {
    const drag = app.drag;
    if (!drag.active || drag.state.how !== 'keyboard' || app.busy) return;
    // The moved chip (or a member's name on it) holds the focus; so does the grid itself while a one-day
    // layout shows another day than the chip's.
    const holds = (node) => node instanceof Node && (node === app.grid.root || drag.state.item.element.contains(node));
    if (!holds(event.target) || holds(event.relatedTarget)) return;
    endMove();
    setStatus('Move cancelled: the focus left the session.');
  });
}

function liftWithKeyboard(node, options = {}) {
  const item = itemOf(node, options);
  if (!item) return;
  select(item.studentId);
  app.drag.begin(item, 'keyboard');
}

function endMove() {
  app.drag.cancel();
  renderMetrics();
}

// ----------------------------------------------------------------------------------------------------------
// Details of a session


function openDetails(id) {
  const row = app.source.payload.sessions.find((s) => s.id === id);
  if (!row || row.day_of_week == null) return;
  const student = studentOf(row.student_id);
  const start = minutesOf(row.start_time);
  const end = minutesOf(row.end_time);
  const group = currentGroups().find((g) => g.sessionIds.includes(id));
  const mates = group ? group.studentIds.filter((_, i) => group.sessionIds[i] !== id).map(labelOf) : [];
  $('details-title').textContent = `${student?.initials ?? '?'} · ${DAY_NAMES[row.day_of_week]} ${fmtSpan(start, end)}`;
  const facts = [
    ['Student', student?.initials ?? row.student_id],
    ['Grade', gradeLabel(student?.grade_level)],
    ['Teacher', teacherName(student) || 'none on file'],
    ['Group', mates.length > 0 ? `with ${mates.join(', ')}${group.groupRef ? ` (${group.groupRef})` : ''}` : 'seen alone'],
    ['Service', `${row.service_type} · ${end - start} minutes`],
  ];
  if (app.attention.has(id)) facts.push(['Needs attention', app.attention.get(id)]);
  $('details-facts').replaceChildren(...facts.flatMap(([k, v]) => [el('dt', { text: k }), el('dd', { text: v })]));
  const conflicts = app.source.engine.check({ studentId: row.student_id, day: row.day_of_week, start, minutes: end - start, ignoreSessionId: id });
  $('details-conflicts').replaceChildren(...(conflicts.length === 0 ? [el('li', { class: 'ok', text: 'None: every rule is met.' })]
    : conflicts.map((c) => el('li', {}, el('span', { class: `sw k${CONFLICT_KINDS.indexOf(c.kind)}`, text: KIND_INFO[c.kind].code }), ` ${describeConflict(c)}`))));
  const dialog = $('details');
  dialog.returnValue = 'close';
  dialog.addEventListener('close', () => {
    const answer = dialog.returnValue;
    if (answer === 'remove') runAction(() => removeSession(id));
    else if (answer === 'move') {
      const block = app.grid.sessionBlock(id);
      if (block) {
        focusChip(id);
        liftWithKeyboard(block);
      }
    } else app.grid.sessionBlock(id)?.focus({ preventScroll: true });
  }, { once: true });
  dialog.showModal();
  $('details-close').focus();
}

async function removeSession(id) {
  const row = app.source.payload.sessions.find((s) => s.id === id);
  const label = studentOf(row.student_id)?.initials ?? '?';
  const entry = { label: `removal of ${label}`, before: [{ ...row }], attention: new Map([[id, app.attention.get(id)]]) };
  await app.source.write([{ ...row, day_of_week: null, start_time: null, end_time: null, status: 'active', has_conflict: false, conflict_reason: null }]);
  app.attention.delete(id);
  app.undo.push(entry);
  app.fresh = new Set();
  afterChange();
  setStatus(`${label}'s ${DAY_NAMES[row.day_of_week]} ${fmtTime(minutesOf(row.start_time))} session is off the week; it waits under Unscheduled.`, 'ok');
}

// ----------------------------------------------------------------------------------------------------------
// Dropping, overriding, undoing

/** Conflicts in words; a group's name the member each is for. */
function reasonsOf(conflicts) {
  return conflicts.map((c) => `${c.studentId ? `${labelOf(c.studentId)}: ` : ''}${describeConflict(c)}`).join('; ');
}

async function askOverride(item, landing) {
  const dialog = $('override');
  $('override-what').textContent = `${item.label} on ${DAY_NAMES[landing.day]} ${fmtSpan(landing.start, landing.start + item.minutes)}`;
  $('override-list').replaceChildren(...landing.conflicts.map((c) => el('li', {},
    el('span', { class: `sw k${CONFLICT_KINDS.indexOf(c.kind)}`, text: KIND_INFO[c.kind].code }),
    ` ${c.studentId ? `${labelOf(c.studentId)}: ` : ''}${describeConflict(c)}`)));
  dialog.returnValue = 'cancel';
  const closed = new Promise((resolve) => dialog.addEventListener('close', () => resolve(dialog.returnValue), { once: true }));
  dialog.showModal();
  $('override-cancel').focus();
  return closed;
}

async function drop(item, landing) {
  const how = app.drag.state?.how;
  let movedId = item.sessionId;
  try {
    if (landing === null) {
      setStatus(item.origin ? 'Not moved.' : 'Not placed.');
      return;
    }
    $('tooltip').hidden = true;
    const conflicts = landing.conflicts;
    let override = false;
    if (conflicts.length > 0) {
      const answer = await askOverride(item, landing);
      if (answer !== 'override') {
        setStatus(`Not moved: ${item.label} stays ${item.origin ? `on ${DAY_NAMES[item.origin.day]} at ${fmtTime(item.origin.start)}` : 'unscheduled'}.`);
        return;
      }
      override = true;
    }
    movedId = item.kind === 'group' ? await commitGroupMove(item, landing, override) : await commitMove(item, landing, override);
  } finally {
    endMove();
    // The chip was redrawn: keyboard users keep their place on the session they moved.
    if (how === 'keyboard' && movedId && app.grid.sessionBlock(movedId)) focusChip(movedId);
  }
}

async function commitMove(item, landing, override) {
  const { day, start, conflicts } = landing;
  const src = app.source;
  const reasons = override ? reasonsOf(conflicts) : null;
  const id = item.sessionId ?? crypto.randomUUID();
  const base = item.row ?? newSessionRow(src.payload, { id, studentId: item.studentId, day, start, minutes: item.minutes });
  const row = {
    ...base,
    day_of_week: day,
    start_time: hhmmss(start),
    end_time: hhmmss(start + item.minutes),
    status: override ? 'needs_attention' : 'active',
    has_conflict: override,
    conflict_reason: reasons,
  };
  const entry = {
    label: `${item.origin ? 'move' : 'placement'} of ${item.label}`,
    before: [item.row ? { ...item.row } : { insertedId: id }],
    attention: new Map([[id, app.attention.get(id)]]),
  };
  await src.write([row], { move: item.row ? { sessionId: id, day, start, minutes: item.minutes } : null });
  if (override) app.attention.set(id, reasons);
  else app.attention.delete(id);
  app.fresh = new Set([id]);
  app.undo.push(entry);
  afterChange();
  const where = `${DAY_NAMES[day]}, ${fmtSpan(start, start + item.minutes)}`;
  setStatus(override
    ? `${item.label} moved to ${where} anyway: marked “needs attention” (${reasons}).`
    : `${item.label} ${item.origin ? 'moved to' : 'placed on'} ${where}.`, override ? 'warn' : 'ok');
  return id;
}

/** A whole group to one day and start: one write (one applyChanges, or one apply_schedule) with every member. */
async function commitGroupMove(item, landing, override) {
  const { day, start, conflicts } = landing;
  const reasons = override ? reasonsOf(conflicts) : null;
  const rows = item.rows.map((r) => ({
    ...r, day_of_week: day, start_time: hhmmss(start), end_time: hhmmss(start + item.minutes),
    status: override ? 'needs_attention' : 'active', has_conflict: override, conflict_reason: reasons,
  }));
  const entry = {
    label: `move of the group ${item.label}`,
    before: item.rows.map((r) => ({ ...r })),
    attention: new Map(item.rows.map((r) => [r.id, app.attention.get(r.id)])),
  };
  await app.source.write(rows);
  for (const r of rows) {
    if (override) app.attention.set(r.id, reasons);
    else app.attention.delete(r.id);
  }
  app.fresh = new Set(rows.map((r) => r.id));
  app.undo.push(entry);
  afterChange();
  const where = `${DAY_NAMES[day]}, ${fmtSpan(start, start + item.minutes)}`;
  setStatus(override ? `The group ${item.label} moved to ${where} anyway: marked “needs attention” (${reasons}).`
    : `The group ${item.label} moved to ${where}.`, override ? 'warn' : 'ok');
  return item.sessionId;
}

async function undoLast() {
  const entry = app.undo.pop();
  if (!entry) return;
  const src = app.source;
  const restore = [];
  const removeIds = [];
  for (const before of entry.before) {
    if (before.insertedId) removeIds.push(before.insertedId);
    else {
      const reason = entry.attention.get(before.id);
      restore.push({ ...before, has_conflict: reason !== undefined, conflict_reason: reason ?? null });
    }
  }
  if (restore.length > 0) await src.write(restore);
  if (removeIds.length > 0) await src.remove(removeIds);
  for (const [id, reason] of entry.attention) {
    if (reason === undefined) app.attention.delete(id);
    else app.attention.set(id, reason);
  }
  // The auto-schedule panel follows: an undone acceptance says so instead of its old result.
  if (entry.proposal !== undefined && entry.proposal === app.proposal) app.proposal.phase = 'undone';
  app.fresh = new Set(restore.map((r) => r.id));
  afterChange();
  setStatus(`Undid the ${entry.label}.`);
}

/** After every change of the week: draw it, and let an accepted auto-schedule's panel look for repairs again. */
function afterChange() {
  // A proposal was made for the week as it was: once the week changes it may no longer be legal.
  if (app.proposal?.phase === 'preview') app.proposal.phase = 'outdated';
  if (app.proposal?.phase === 'accepted') {
    app.proposal.suggestions = new Map();
    findRepairs(app.proposal);
  }
  renderAll();
}

// ----------------------------------------------------------------------------------------------------------
// Auto-schedule (in the worker), as a proposal to accept or discard

async function workerEngine() {
  app.worker ??= createWorkerEngine().catch((error) => {
    app.worker = null;
    throw error;
  });
  return app.worker;
}

function snapshot() {
  const src = app.source;
  return JSON.stringify({ ...src.payload, data_version: src.engine.stats().dataVersion ?? src.payload.data_version ?? null });
}

async function autoSchedule() {
  if (app.drag.active) endMove();
  const strategy = $('strategy').value;
  const button = $('auto');
  button.disabled = true;
  app.proposal = { phase: 'running', strategy };
  renderAll();
  try {
    const t0 = performance.now();
    const worker = await workerEngine();
    await worker.load(snapshot());
    const result = await worker.autoSchedule({ strategy });
    app.proposal = { phase: 'preview', strategy, result, roundTripMs: performance.now() - t0, suggestions: new Map(), entry: null };
    renderAll();
    setStatus(`Auto-schedule (${STRATEGY_INFO[strategy].label}) proposes ${result.stats.sessionsPlaced} of `
      + `${result.stats.sessionsNeeded} sessions: review them on the week, then accept or discard.`, 'ok');
    findRepairs(app.proposal);
  } catch (error) {
    app.proposal = null;
    renderAll();
    throw error;
  } finally {
    button.disabled = false;
  }
}

/** Students the proposal (or, once accepted, the week) leaves short, with what the auto-schedule said of them. */
function shortStudents(proposal) {
  if (proposal.phase === 'preview') return proposal.result.unplaced;
  const missing = new Set(unscheduled(app.source.payload).map((u) => u.student.id));
  return proposal.result.unplaced.filter((u) => missing.has(u.studentId));
}

/** One repair per student left over, asked of the worker one student at a time; the panel fills in as they come. */
async function findRepairs(proposal) {
  const asked = proposal.suggestions;
  proposal.breakdowns = new Map();
  try {
    const worker = await workerEngine();
    if (proposal.phase === 'accepted') await worker.load(snapshot());
    for (const u of shortStudents(proposal)) {
      if (app.proposal !== proposal || proposal.suggestions !== asked) return;
      const options = { studentId: u.studentId, strategy: proposal.strategy, limit: 1 };
      if (proposal.phase === 'preview') options.placements = proposal.result.placements;
      const [best] = await worker.suggest(options);
      if (app.proposal !== proposal || proposal.suggestions !== asked) return;
      asked.set(u.studentId, best ?? null);
      renderAutoPanel();
    }
    await findBreakdowns(proposal, worker, asked);
  } catch (error) {
    console.warn('repair suggestions failed', error);
  }
}

/**
 * Why not placed, in counts that add up: of the student's starts (on the proposal's week), how many are free,
 * how many one rule alone rules out (per rule: the rule to lift), and how many two rules or more.
 */
async function findBreakdowns(proposal, worker, asked) {
  const short = shortStudents(proposal);
  if (short.length === 0) return;
  // The worker holds the week the proposal was made on; the proposal's rows go in for this question (the next
  // auto-schedule or repair search loads the week again).
  if (proposal.phase === 'preview') await worker.applyChanges(placementRows(proposal.result.placements));
  for (const u of short) {
    if (app.proposal !== proposal || proposal.suggestions !== asked) return;
    const minutes = studentOf(u.studentId)?.minutes_per_session;
    if (!minutes) continue;
    const map = await worker.conflictMap({ studentId: u.studentId, minutes });
    if (app.proposal !== proposal || proposal.suggestions !== asked) return;
    const count = { total: map.kinds.length, free: 0, several: 0, alone: {} };
    for (const mask of map.kinds) {
      if (mask === 0) count.free += 1;
      else if ((mask & (mask - 1)) !== 0) count.several += 1;
      else {
        const kind = CONFLICT_KINDS[31 - Math.clz32(mask)];
        count.alone[kind] = (count.alone[kind] ?? 0) + 1;
      }
    }
    proposal.breakdowns.set(u.studentId, count);
    renderAutoPanel();
  }
}

const labelOf = (studentId) => studentOf(studentId)?.initials ?? studentId;

/** Where a session a repair moves is now: {label, day, start}. */
function whereNow(proposal, move) {
  if (move.placement !== undefined) {
    const p = proposal.result.placements[move.placement];
    return { label: labelOf(p.student_id), day: p.day_of_week, start: minutesOf(p.start_time) };
  }
  const row = app.source.payload.sessions.find((s) => s.id === move.sessionId);
  return { label: labelOf(row?.student_id), day: row?.day_of_week, start: minutesOf(row?.start_time) };
}

/** A group auto-schedule formed or joined, in words: "Tue 10:00–10:30 AM: NV, JB join ZZ · grade 3". */
function groupLine(result, g) {
  const added = g.placements.map((i) => labelOf(result.placements[i].student_id));
  const existing = g.sessionIds.map((id) => labelOf(app.source.payload.sessions.find((s) => s.id === id)?.student_id));
  const who = existing.length > 0 ? `${added.join(', ')} join${added.length === 1 ? 's' : ''} ${existing.join(', ')}` : added.join(', ');
  const key = g.key == null ? '' : ` · ${/^\d+$|^T?K$/i.test(g.key) ? gradeLabel(g.key) : g.key}`;
  return `${DAY_SHORT[g.day]} ${fmtSpan(g.start, g.end)}: ${who}${key}`;
}

function renderProposalGhosts() {
  const p = app.proposal;
  app.grid.renderProposal(p?.phase === 'preview' ? proposalItems(p.result.placements, labelOf) : []);
}

function renderAutoPanel() {
  const p = app.proposal;
  const panel = $('auto-result');
  if (p === null) {
    panel.replaceChildren(el('p', { class: 'muted', text: 'Not run yet. Auto-schedule proposes; nothing changes until you accept.' }));
    return;
  }
  const view = {
    ...p,
    label: labelOf,
    placements: p.result ? proposalItems(p.result.placements, labelOf) : [],
    groups: (p.result?.groups ?? []).map((g) => groupLine(p.result, g)),
    unplaced: p.result && (p.phase === 'preview' || p.phase === 'accepted') ? shortStudents(p).map((u) => {
      const who = studentOf(u.studentId);
      const s = p.suggestions.get(u.studentId);
      return {
        studentId: u.studentId, u, who: { initials: who?.initials ?? u.studentId, grade: who?.grade_level ?? null },
        breakdown: p.breakdowns?.get(u.studentId) ?? null,
        suggestion: s == null ? s : { ...s, text: suggestionText(s, labelOf(u.studentId), (m) => whereNow(p, m)) },
      };
    }) : [],
  };
  renderProposalPanel(panel, view, {
    accept: () => runAction(() => acceptProposal(null)),
    discard: () => runAction(discardProposal),
    apply: (studentId) => runAction(() => (p.phase === 'preview' ? acceptProposal(studentId) : applyRepair(studentId))),
  });
}

/** Full rows for proposal placements: ids for new rows (the write-back wants them), the columns it reads. */
function placementRows(placements) {
  return placements.map((p) => ({ assigned_to_specialist_id: null, group_ref: null, ...p, id: p.id ?? crypto.randomUUID() }));
}

/** The row of one more session of a student at a repair's place: a waiting placeholder if there is one. */
function repairRow(studentId, suggestion, takenIds) {
  const payload = app.source.payload;
  const placeholder = payload.sessions.find((s) => s.student_id === studentId && s.day_of_week == null && !takenIds.has(s.id));
  const minutes = suggestion.end - suggestion.start;
  const base = placeholder ?? newSessionRow(payload, { id: crypto.randomUUID(), studentId, day: suggestion.day, start: suggestion.start, minutes });
  return { ...base, day_of_week: suggestion.day, start_time: hhmmss(suggestion.start), end_time: hhmmss(suggestion.end), status: 'active' };
}

/** Rows of a repair's moves of sessions already on the week. */
function movedRows(suggestion) {
  return suggestion.moves.filter((m) => m.placement === undefined).map((m) => ({
    ...app.source.payload.sessions.find((s) => s.id === m.sessionId),
    day_of_week: m.day, start_time: hhmmss(m.start), end_time: hhmmss(m.end), status: 'active',
  }));
}

function undoEntry(label, rows, proposal) {
  const before = new Map(app.source.payload.sessions.map((s) => [s.id, { ...s }]));
  return {
    label,
    before: rows.map((r) => before.get(r.id) ?? { insertedId: r.id }),
    attention: new Map(rows.map((r) => [r.id, app.attention.get(r.id)])),
    proposal,
  };
}

/** Accepts the proposal, with one student's repair when `repairFor` names one: one write, one undo step. */
async function acceptProposal(repairFor) {
  const proposal = app.proposal;
  if (proposal?.phase !== 'preview') return;
  const placements = proposal.result.placements.map((p) => ({ ...p }));
  let extra = [];
  if (repairFor !== null) {
    const s = proposal.suggestions.get(repairFor);
    for (const m of s.moves) {
      if (m.placement !== undefined) {
        Object.assign(placements[m.placement], { day_of_week: m.day, start_time: hhmmss(m.start), end_time: hhmmss(m.end) });
      }
    }
    const rows = placementRows(placements);
    extra = [...movedRows(s), repairRow(repairFor, s, new Set(rows.map((r) => r.id)))];
    await write(proposal, [...rows, ...extra], `auto-schedule with ${labelOf(repairFor)}'s repair`);
  } else {
    await write(proposal, placementRows(placements), 'auto-schedule');
  }
  setStatus(`Accepted the proposal: ${placements.length + (repairFor === null ? 0 : 1)} sessions placed${extra.length > 1 ? `, ${extra.length - 1} moved` : ''}.`, 'ok');
}

async function write(proposal, rows, label) {
  const entry = undoEntry(label, rows, proposal);
  const written = await app.source.write(rows);
  app.undo.push(entry);
  for (const r of written) app.attention.delete(r.id);
  app.fresh = new Set(written.map((r) => r.id));
  proposal.phase = 'accepted';
  proposal.entry = entry;
  proposal.suggestions = new Map();
  afterChange();
}

async function discardProposal() {
  const proposal = app.proposal;
  if (proposal?.phase !== 'preview') return;
  proposal.phase = 'discarded';
  renderAll();
  setStatus('Discarded the proposal; the week is as it was.');
}

/** After acceptance: one student's repair (the moves and the new session), one write, one undo step. */
async function applyRepair(studentId) {
  const proposal = app.proposal;
  const s = proposal?.suggestions.get(studentId);
  if (!s) return;
  const rows = [...movedRows(s), repairRow(studentId, s, new Set())];
  const entry = undoEntry(`repair for ${labelOf(studentId)}`, rows);
  const written = await app.source.write(rows);
  app.undo.push(entry);
  app.fresh = new Set(written.map((r) => r.id));
  afterChange();
  setStatus(`${labelOf(studentId)} placed on ${DAY_NAMES[s.day]}, ${fmtSpan(s.start, s.end)}${s.moves.length > 0 ? ` after ${s.moves.length} move${s.moves.length > 1 ? 's' : ''}` : ''}.`, 'ok');
}

// ----------------------------------------------------------------------------------------------------------
// Export

function exportCsv() {
  const text = toCsv(app.source.payload, app.index, app.attention);
  const blob = new Blob([text], { type: 'text/csv' });
  const a = el('a', { href: URL.createObjectURL(blob), download: 'slotfit-week.csv' });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

// ----------------------------------------------------------------------------------------------------------
// Supabase

// supabase-js is only fetched when someone connects: the sample never needs it. Its ESM build imports bare
// package names, which a page without a bundler cannot resolve; the UMD build is one self-contained file.
function loadSupabase() {
  if (window.supabase?.createClient) return Promise.resolve(window.supabase);
  return new Promise((resolve, reject) => {
    const script = el('script', { src: String(SUPABASE_UMD) });
    script.onload = () => (window.supabase?.createClient ? resolve(window.supabase)
      : reject(new Error('supabase-js loaded but defined no createClient')));
    script.onerror = () => reject(new Error(`could not load ${SUPABASE_UMD.pathname} (run npm ci)`));
    document.head.append(script);
  });
}

async function connect() {
  const form = $('connect');
  const data = Object.fromEntries(new FormData(form));
  const hooks = window.slotfitDemoHooks ?? {};
  setStatus('Connecting…');
  const createClient = hooks.createClient ?? (await loadSupabase()).createClient;
  const client = createClient(data.url.trim(), data.key.trim(), { auth: { persistSession: false, autoRefreshToken: false } });
  const signIn = await client.auth.signInWithPassword({ email: data.email.trim(), password: data.password });
  form.elements.password.value = '';  // not kept in the form once used
  if (signIn.error) throw new Error(`sign-in failed: ${signIn.error.message}`);
  const user = signIn.data.user;
  const source = new SupabaseSource({
    client, providerId: user.id, role: data.role || user.user_metadata?.role || 'speech',
    schoolSite: data.site.trim(), schoolId: data.schoolId.trim(),
  });
  const summary = await source.open();
  useSource(source);
  // Changes from another tab, device or colleague: the page takes the new payload and repaints a move in progress.
  attachLive(source, {
    refresh: () => {
      app.index = indexPayload(source.payload);
      syncAttention(app.attention, source.payload);
      renderAll();
      app.drag.refresh();
    },
  });
  setStatus(`Connected as ${user.email ?? user.id}: ${summary.students} students, ${summary.sessions} sessions, `
    + `${summary.placeholders} placeholders (version ${summary.dataVersion}).`, 'ok');
}

// ----------------------------------------------------------------------------------------------------------
// For the browser tests and the benchmark: read-only views of the page's state.

const ready = start().then(() => true, (error) => {
  console.error(error);
  setStatus(`Could not start: ${error.message}`, 'error');
  throw error;
});

window.slotfitDemo = {
  ready,
  get engine() { return app.source.engine; },
  get source() { return app.source; },
  get drag() { return app.drag; },
  get grid() { return app.grid; },
  /** The last auto-schedule's result with its ids once accepted ({...result, placedIds}); null before any. */
  get lastAuto() {
    const p = app.proposal;
    if (!p?.result) return null;
    return { ...p.result, strategy: p.strategy, roundTripMs: p.roundTripMs, phase: p.phase, placedIds: p.entry?.before.map((b) => b.id ?? b.insertedId) ?? [] };
  },
  get proposal() { return app.proposal; },
  get attention() { return new Map(app.attention); },
  get selected() { return app.selected; },
  stats,
  /** [{day, start, mask}] of every cell painted with a start (what the canvases were drawn from). */
  paintedCells() {
    const out = [];
    if (app.grid.paintedMask === null) return out;
    for (const [day, rowMask] of app.grid.paintedMask) {
      rowMask.forEach((mask, r) => {
        if (mask >= 0) out.push({ day, start: app.grid.win.start + r * 5, mask });
      });
    }
    return out;
  },
  /** [{day, start, mask}] per 5-minute row: the kinds whose time the painting marks as taken there. */
  busyCells() {
    const out = [];
    if (app.grid.busyMask === null) return out;
    for (const [day, rows] of app.grid.busyMask) rows.forEach((mask, r) => out.push({ day, start: app.grid.win.start + r * 5, mask }));
    return out;
  },
  /** [{day, start, look, busy}] read back from the canvases' pixels (look: 0 free, 1 no start, 2 + kind bit). */
  probeCells: () => app.grid.probe(),
  snapshot: () => JSON.parse(snapshot()),
};
