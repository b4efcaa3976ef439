// The demo page: a provider's week, drag-and-drop with the whole week painted at drag start, auto-schedule in a
// Web Worker, and the figures that say how fast it all is.
import { CONFLICT_KINDS, STRATEGIES, createWorkerEngine } from '../js/index.js';
import { DragController } from './drag.js';
import { WeekGrid, el } from './grid.js';
import { Samples, fmtMs } from './metrics.js';
import { installSwatchStyles } from './patterns.js';
import {
  DAY_NAMES, KIND_INFO, describeConflict, displayWindow, gradeClass, gradeLabel, gridDays, hhmm, hhmmss,
  indexPayload, minutesOf, notConfigured, overlayItems, teacherOf, toCsv, unscheduled,
} from './model.js';
import { SampleSource, SupabaseSource, newSessionRow } from './sources.js';
import { attachLive, liveMetricRows, syncAttention } from './live.js';

const $ = (id) => document.getElementById(id);
const SAMPLE_URL = new URL('../tests/fixtures/sample-school.json', import.meta.url);
const SUPABASE_UMD = new URL('../node_modules/@supabase/supabase-js/dist/umd/supabase.js', import.meta.url);

const stats = {
  dragStart: new Samples(), map: new Samples(), paint: new Samples(), check: new Samples(), tip: new Samples(),
};

const app = {
  source: null,
  index: null,
  grid: null,
  drag: null,
  attention: new Map(),  // session id -> the reasons of an override
  fresh: new Set(),      // ids placed by the last auto-schedule
  undo: [],              // [{label, before: [row | {insertedId}], attention: Map}]
  worker: null,
  lastAuto: null,
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
    + 'Drag a session, or focus one and use the arrow keys.');
  // Start (and warm up) the auto-schedule worker while the page is idle, so the first click is not a cold start.
  const idle = window.requestIdleCallback ?? ((fn) => setTimeout(fn, 200));
  idle(() => workerEngine().catch(() => {}));
}

function buildStatic() {
  installSwatchStyles();
  const strategy = $('strategy');
  strategy.replaceChildren(...STRATEGIES.map((s) => el('option', { value: s, text: s })));
  const legend = $('legend');
  legend.replaceChildren(
    el('span', { class: 'legend-title', text: 'While moving:' }),
    el('span', { class: 'key' }, el('span', { class: 'sw free', text: 'free' }), ' free start'),
    ...CONFLICT_KINDS.map((kind, i) => el('span', { class: 'key', title: KIND_INFO[kind].help },
      el('span', { class: `sw k${i}`, text: KIND_INFO[kind].code }), ` ${KIND_INFO[kind].label}`)),
  );
  $('undo').addEventListener('click', () => runAction(undoLast));
  $('auto').addEventListener('click', () => runAction(autoSchedule));
  $('print').addEventListener('click', () => window.print());
  $('csv').addEventListener('click', exportCsv);
  $('overlay-target').addEventListener('change', renderOverlay);
  for (const box of document.querySelectorAll('#overlay-layers input')) box.addEventListener('change', renderOverlay);
  $('connect').addEventListener('submit', (event) => {
    event.preventDefault();
    runAction(connect);
  });
  $('sample-again').addEventListener('click', () => location.reload());
  installPointer();
  installKeyboard();
}

function useSource(source) {
  const previous = app.source;
  app.drag?.cancel();
  app.source = source;
  app.index = indexPayload(source.payload);
  app.attention = new Map();
  app.fresh = new Set();
  app.undo = [];
  app.lastAuto = null;
  for (const s of source.payload.sessions) if (s.status === 'needs_attention') app.attention.set(s.id, 'marked in the database');
  const grid = new WeekGrid($('grid'), { days: gridDays(source.payload), window: displayWindow(source.payload) });
  grid.build();
  app.grid = grid;
  app.drag = new DragController({
    grid, engine: () => app.source.engine, tooltip: $('tooltip'), live: $('live'), stats,
  });
  const school = source.payload.school ?? {};
  $('school-name').textContent = `${school.school_site ?? 'School'} · ${source.payload.provider?.role ?? ''}`;
  $('mode').textContent = source.mode === 'sample'
    ? 'Sample school: changes stay in this page'
    : `Supabase: moves and auto-schedule are saved with apply_schedule`;
  document.body.dataset.mode = source.mode;
  fillOverlayPicker();
  const grades = [...app.index.grades, ...(source.payload.students.some((s) => !s.grade_level?.trim()) ? [''] : [])];
  $('grades').replaceChildren(el('span', { class: 'legend-title', text: 'Grades:' }),
    ...grades.map((g) => el('span', { class: `grade-key ${gradeClass(g)}`, text: gradeLabel(g) })));
  $('auto-result').replaceChildren(el('p', { class: 'muted', text: 'Not run yet.' }));
  renderAll();
  if (previous !== null && previous !== source) previous.dispose();
}

// ----------------------------------------------------------------------------------------------------------
// Rendering

function renderAll() {
  app.grid.renderSessions(app.source.payload.sessions, app.index, app.attention, app.fresh);
  renderUnscheduled();
  renderAttention();
  renderOverlay();
  renderMetrics();
  $('undo').disabled = app.undo.length === 0;
  $('undo').textContent = app.undo.length === 0 ? 'Undo' : `Undo ${app.undo.at(-1).label}`;
}

function studentLine(student) {
  const teacher = teacherOf(app.index, student)?.label ?? student.teacher_name?.trim() ?? '';
  return `${gradeLabel(student.grade_level)}${teacher ? ` · ${teacher}` : ''}`;
}

function renderUnscheduled() {
  const items = unscheduled(app.source.payload);
  const list = $('unscheduled');
  list.replaceChildren(...items.map((u) => el('li', {
    class: `pending ${gradeClass(u.student.grade_level)} ${u.kind}`,
    role: 'button',
    tabIndex: 0,
    'data-key': u.key,
    'data-student': u.student.id,
    'data-session': u.sessionId ?? '',
    'data-minutes': u.minutes,
    'aria-label': `${u.student.initials}, ${studentLine(u.student)}, ${u.minutes} minutes, ${u.kind === 'placeholder' ? 'placeholder' : 'missing session'}. Drag onto the week, or press Enter and use the arrow keys.`,
  }, el('b', { text: u.student.initials }), ` ${studentLine(u.student)} · ${u.minutes} min `,
  el('span', { class: 'tag', text: u.kind === 'placeholder' ? 'placeholder' : 'missing' }))));
  $('unscheduled-count').textContent = `(${items.length})`;
  const nc = notConfigured(app.source.payload);
  $('not-configured').textContent = nc.length === 0 ? ''
    : `Not configured (no frequency or minutes): ${nc.map((s) => s.initials).join(', ')}`;
}

function renderAttention() {
  const rows = app.source.payload.sessions.filter((s) => app.attention.has(s.id) && s.day_of_week != null);
  $('attention').replaceChildren(...rows.map((s) => {
    const student = app.index.students.get(s.student_id);
    return el('li', { 'data-id': s.id },
      el('b', { text: `⚠ ${student?.initials ?? '?'}` }),
      ` ${DAY_NAMES[s.day_of_week]} ${hhmm(minutesOf(s.start_time))}–${hhmm(minutesOf(s.end_time))}: `,
      el('span', { class: 'reasons', text: app.attention.get(s.id) }));
  }));
  $('attention-panel').hidden = rows.length === 0;
}

function fillOverlayPicker() {
  const select = $('overlay-target');
  const { grades, teachers, students } = app.index;
  select.replaceChildren(
    el('option', { value: '', text: 'Nobody (overlays off)' }),
    el('optgroup', { label: 'Grade' }, ...grades.map((g) => el('option', { value: `grade:${g}`, text: gradeLabel(g) }))),
    el('optgroup', { label: 'Teacher' }, ...teachers.map((t) => el('option', { value: `teacher:${t.key}`, text: t.label }))),
    el('optgroup', { label: 'Student' }, ...[...students.values()]
      .sort((a, b) => a.initials.localeCompare(b.initials))
      .map((s) => el('option', { value: `student:${s.id}`, text: `${s.initials} (${gradeLabel(s.grade_level)})` }))),
  );
}

function renderOverlay() {
  const layers = new Set([...document.querySelectorAll('#overlay-layers input:checked')].map((i) => i.value));
  const target = $('overlay-target').value;
  app.grid.renderOverlay(overlayItems(app.source.payload, app.index, target, layers));
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
  if (app.lastAuto) rows.push(['Auto-schedule', `${fmtMs(app.lastAuto.stats.elapsedMs)} in the worker, ${app.lastAuto.roundTripMs.toFixed(0)} ms round trip`]);
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

// ----------------------------------------------------------------------------------------------------------
// What can be moved

function itemOf(node) {
  const payload = app.source.payload;
  if (node.classList.contains('session')) {
    const row = payload.sessions.find((s) => s.id === node.dataset.id);
    if (!row) return null;
    const start = minutesOf(row.start_time);
    const student = app.index.students.get(row.student_id);
    return {
      kind: 'session', sessionId: row.id, studentId: row.student_id, minutes: minutesOf(row.end_time) - start,
      origin: { day: row.day_of_week, start }, label: student?.initials ?? '?', element: node, row,
    };
  }
  if (node.classList.contains('pending')) {
    const student = app.index.students.get(node.dataset.student);
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
  document.addEventListener('pointerdown', (event) => {
    if (event.button !== 0 || app.busy || $('override').open) return;
    const node = event.target.closest?.('.session, .pending');
    if (!node) return;
    const item = itemOf(node);
    if (!item) return;
    event.preventDefault();
    try {
      node.setPointerCapture(event.pointerId);
    } catch {
      // a synthetic event has no live pointer to capture; moves still arrive through the document
    }
    // Focus after begin(): begin() reads the column boxes first, while layout is still clean.
    app.drag.begin(item, 'pointer', { x: event.clientX, y: event.clientY });
    app.pointerId = event.pointerId;
    if (document.activeElement !== node) node.focus({ preventScroll: true });
  });
  document.addEventListener('pointermove', (event) => {
    if (!app.drag.active || app.drag.state.how !== 'pointer' || event.pointerId !== app.pointerId) return;
    app.drag.pointerMove(event.clientX, event.clientY);
  });
  document.addEventListener('pointerup', (event) => {
    if (!app.drag.active || app.drag.state.how !== 'pointer' || event.pointerId !== app.pointerId) return;
    const item = app.drag.state.item;
    const landing = app.drag.finish({ x: event.clientX, y: event.clientY });
    runAction(() => drop(item, landing));
  });
  document.addEventListener('pointercancel', () => {
    if (app.drag.active && app.drag.state.how === 'pointer') endMove();
  });
  window.addEventListener('scroll', () => {
    if (app.drag.active) app.grid.measure();
  }, { passive: true });
}

function installKeyboard() {
  document.addEventListener('keydown', (event) => {
    if ($('override').open || app.busy) return;
    const drag = app.drag;
    if (drag.active && event.key === 'Escape') {
      event.preventDefault();
      endMove();
      setStatus('Move cancelled.');
      return;
    }
    const node = event.target.closest?.('.session, .pending');
    const arrows = { ArrowUp: [0, -5], ArrowDown: [0, 5], ArrowLeft: [-1, 0], ArrowRight: [1, 0], PageUp: [0, -30], PageDown: [0, 30] };
    if (drag.active && drag.state.how === 'keyboard') {
      if (arrows[event.key]) {
        event.preventDefault();
        const [dd, dm] = arrows[event.key];
        drag.keyMove(dd, event.shiftKey ? dm * 3 : dm);
      } else if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        const item = drag.state.item;
        const landing = drag.finish();
        runAction(() => drop(item, landing));
      }
      return;
    }
    if (!node) return;
    const startKeys = node.classList.contains('pending') ? ['Enter', ' ', ...Object.keys(arrows)] : Object.keys(arrows);
    if (!startKeys.includes(event.key)) return;
    event.preventDefault();
    const item = itemOf(node);
    if (!item) return;
    drag.begin(item, 'keyboard');
    if (arrows[event.key] && item.origin !== null) {
      const [dd, dm] = arrows[event.key];
      drag.keyMove(dd, event.shiftKey ? dm * 3 : dm);
    }
  });
}

function endMove() {
  app.drag.cancel();
  renderMetrics();
}

// ----------------------------------------------------------------------------------------------------------
// Dropping, overriding, undoing

function reasonsOf(conflicts) {
  return conflicts.map(describeConflict).join('; ');
}

async function askOverride(item, landing) {
  const dialog = $('override');
  $('override-what').textContent = `${item.label} on ${DAY_NAMES[landing.day]} ${hhmm(landing.start)}–${hhmm(landing.start + item.minutes)}`;
  $('override-list').replaceChildren(...landing.conflicts.map((c) => el('li', {},
    el('span', { class: `sw k${CONFLICT_KINDS.indexOf(c.kind)}`, text: KIND_INFO[c.kind].code }), ` ${describeConflict(c)}`)));
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
        setStatus(`Not moved: ${item.label} stays ${item.origin ? `on ${DAY_NAMES[item.origin.day]} ${hhmm(item.origin.start)}` : 'unscheduled'}.`);
        return;
      }
      override = true;
    }
    movedId = await commitMove(item, landing, override);
  } finally {
    endMove();
    // The block was redrawn: keyboard users keep their place on the session they moved.
    const block = how === 'keyboard' && movedId ? app.grid.sessionBlock(movedId) : null;
    if (block) block.focus();
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
    label: `move of ${item.label}`,
    before: [item.row ? { ...item.row } : { insertedId: id }],
    attention: new Map([[id, app.attention.get(id)]]),
  };
  await src.write([row], { move: item.row ? { sessionId: id, day, start, minutes: item.minutes } : null });
  if (override) app.attention.set(id, reasons);
  else app.attention.delete(id);
  app.fresh = new Set();
  app.undo.push(entry);
  renderAll();
  const where = `${DAY_NAMES[day]} ${hhmm(start)}`;
  setStatus(override
    ? `${item.label} moved to ${where} anyway: marked “needs attention” (${reasons}).`
    : `${item.label} ${item.origin ? 'moved' : 'placed'} to ${where}.`, override ? 'warn' : 'ok');
  return id;
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
  app.fresh = new Set();
  renderAll();
  setStatus(`Undid the ${entry.label}.`);
}

// ----------------------------------------------------------------------------------------------------------
// Auto-schedule (in the worker)

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
  const strategy = $('strategy').value;
  const button = $('auto');
  button.disabled = true;
  $('auto-result').replaceChildren(el('p', { class: 'muted', text: `Running ${strategy} in the worker…` }));
  try {
    const t0 = performance.now();
    const worker = await workerEngine();
    await worker.load(snapshot());
    const result = await worker.autoSchedule({ strategy });
    const roundTripMs = performance.now() - t0;
    const beforeRows = new Map(app.source.payload.sessions.map((s) => [s.id, { ...s }]));
    const rows = result.placements.length > 0 ? await app.source.saveSchedule(result) : [];
    app.undo.push({
      label: 'auto-schedule',
      before: rows.map((r) => beforeRows.get(r.id) ?? { insertedId: r.id }),
      attention: new Map(rows.map((r) => [r.id, app.attention.get(r.id)])),
    });
    if (rows.length === 0) app.undo.pop();
    app.fresh = new Set(rows.map((r) => r.id));
    app.lastAuto = { ...result, roundTripMs, strategy, placedIds: rows.map((r) => r.id) };
    renderAll();
    renderAutoResult();
    setStatus(`Auto-schedule (${strategy}) placed ${result.stats.sessionsPlaced} of ${result.stats.sessionsNeeded} sessions.`, 'ok');
  } finally {
    button.disabled = false;
  }
}

function renderAutoResult() {
  const r = app.lastAuto;
  const s = r.stats;
  // The certificate: with today's sessions kept in place, no schedule places more than the bound.
  const bound = el('p', { class: 'bound' }, s.upperBound === null
    ? `Placed ${s.sessionsPlaced} of ${s.sessionsNeeded}`
    : `Placed ${s.sessionsPlaced} of ${s.sessionsNeeded} · keeping today's sessions where they are, no schedule `
      + `places more than ${s.upperBound}${s.optimal ? ' (this one is optimal)' : ''}`);
  const figures = el('p', { class: 'figures' },
    `${s.placeholdersFilled} placeholders filled. `
    + `${s.candidatesEvaluated.toLocaleString('en-US')} candidates evaluated in ${fmtMs(s.elapsedMs)} (worker); `
    + `${r.roundTripMs.toFixed(0)} ms from click to answer.`);
  const parts = [bound, figures];
  if (r.unplaced.length > 0) {
    parts.push(el('h3', { text: `Not fully placed (${r.unplaced.length})` }));
    parts.push(el('ul', { class: 'unplaced' }, ...r.unplaced.map((u) => {
      const student = app.index.students.get(u.studentId);
      const why = Object.entries(u.ruledOut).filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1]);
      return el('li', { 'data-student': u.studentId },
        el('b', { text: student?.initials ?? u.studentId }),
        ` ${student ? gradeLabel(student.grade_level) : ''}: placed ${u.placed} of ${u.needed}; of ${u.candidates} starts, ruled out by `,
        ...why.flatMap(([kind, n], i) => [i > 0 ? ', ' : '',
          el('span', { class: `sw k${CONFLICT_KINDS.indexOf(kind)}`, text: KIND_INFO[kind].code }), ` ${KIND_INFO[kind].label} ${n}`]));
    })));
  } else {
    parts.push(el('p', { class: 'ok', text: 'Every needed session is placed.' }));
  }
  if (r.notConfigured.length > 0) {
    parts.push(el('p', { class: 'muted', text: `Not configured: ${r.notConfigured.map((n) => `${app.index.students.get(n.studentId)?.initials ?? n.studentId} (${n.reason})`).join(', ')}` }));
  }
  for (const e of r.errors) parts.push(el('p', { class: 'error', text: `${e.code}: ${e.message}` }));
  $('auto-result').replaceChildren(...parts);
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
  get lastAuto() { return app.lastAuto; },
  get attention() { return new Map(app.attention); },
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
  /** [{day, start, look}] read back from the canvases' pixels (look: 0 free, 1 no start, 2 + kind bit). */
  probeCells: () => app.grid.probe(),
  snapshot: () => JSON.parse(snapshot()),
};
