// Moving a session, by pointer or by keyboard. At the start the whole week is painted from one conflictMap
// call; afterwards each new candidate start costs one engine.check, at most one per animation frame, always for
// the latest pointer position (a fast pointer skips positions instead of queueing them).
import { CONFLICT_KINDS } from '../js/index.js';
import { el } from './grid.js';
import { afterNextPaint, afterThisTask } from './metrics.js';
import { DAY_NAMES, DAY_SHORT, KIND_INFO, STEP, describeConflict, fmtSpan, fmtTime } from './model.js';

const KIND_BIT = new Map(CONFLICT_KINDS.map((k, i) => [k, i]));
const MAX_TIP_ROWS = 6;
// Auto-scroll: within this many pixels of the viewport's top or bottom edge, the page scrolls, faster nearer.
const EDGE_PX = 48;
const MAX_SCROLL_PX = 18;

export class DragController {
  /**
   * @param grid      WeekGrid
   * @param engine    () => Engine (the page swaps engines when it connects to Supabase)
   * @param tooltip   the tooltip element
   * @param live      an aria-live region for keyboard moves
   * @param stats     {dragStart, map, paint, check, tip: Samples}
   * The page decides what a drop does: finish() says where the item lands, cancel() ends the move.
   */
  constructor({ grid, engine, tooltip, live, stats, daySwitch = null, who = () => '', groupName = () => '' }) {
    this.grid = grid;
    this.who = who;              // studentId -> initials, for a group's conflicts
    this.groupName = groupName;  // a check's `joins` -> "VZ, ZZ · grade 3"
    this.daySwitch = daySwitch;
    this.scrollSpeed = 0;
    this.engine = engine;
    this.tooltip = tooltip;
    this.live = live;
    this.stats = stats;
    this.state = null;
    this.frameBusy = false;
    this.pending = false;
    this.perFrame = { queries: 0, frames: 0 };
  }

  get active() {
    return this.state !== null;
  }

  /**
   * Picks an item up: `{sessionId, studentId, minutes, origin: {day, start} | null, label, element}`.
   * `how` is 'pointer' (with `pointer = {x, y}`) or 'keyboard'.
   */
  begin(item, how, pointer = null) {
    if (this.state !== null) this.cancel();
    const t0 = performance.now();
    const engine = this.engine();
    this.grid.measure();
    // The day switcher's buttons, read with the columns, before this handler writes anything (a read after a
    // write would force a style and layout of the whole week inside the handler).
    this.switchBoxes = null;
    if (how === 'pointer') this.#measureSwitch();
    const map = item.kind === 'group' ? engine.conflictMap({ groupOf: item.sessionId })
      : item.sessionId != null ? engine.conflictMap({ sessionId: item.sessionId })
        : engine.conflictMap({ studentId: item.studentId, minutes: item.minutes });
    const t1 = performance.now();
    this.grid.paint(map, item.minutes);
    this.grid.root.classList.add('dragging');
    item.element?.classList.add('dragged');
    const t2 = performance.now();
    this.stats.map.add(t1 - t0);
    this.stats.paint.add(t2 - t1);
    const state = {
      item, how, map, t0,
      firstStart: map.starts[0],
      lastStart: map.starts[map.starts.length - 1],
      days: Array.from(map.days),
      pointer,
      grabMinutes: 0,
      candidate: null,   // {day, start, mask, conflicts}
      key: null,
    };
    if (how === 'pointer' && pointer !== null) {
      const at = this.grid.locate(pointer.x, pointer.y);
      state.grabMinutes = item.origin !== null && at !== null && at.day === item.origin.day
        ? at.minute - item.origin.start
        : item.minutes / 2;
    } else {
      state.kb = this.#firstKeyboardStart(item, map);
    }
    this.state = state;
    this.perFrame = { queries: 0, frames: 0 };
    // Frames rendered while this move lasts, for the metrics panel's "checks in frames".
    const count = () => {
      if (this.state !== state) return;
      this.perFrame.frames += 1;
      requestAnimationFrame(count);
    };
    requestAnimationFrame(count);
    // Drag start to painted: this handler plus the rendering of the frame that shows it. The wait for that frame
    // to begin is left out; it depends on when the press came, not on this page.
    afterNextPaint((renderMs) => {
      this.stats.dragStart.add(t2 - t0 + renderMs);
      if (this.state === state) this.grid.labelPaint();
    });
    if (how === 'keyboard') {
      this.#reveal(state.kb);
      this.request();
    } else {
      this.#hideTip();
      // The painted week is this frame's work; the first check and the tooltip come with the next frame (a
      // pointer drag starts on a move, which would otherwise ask at once).
      this.#holdFrame();
    }
    return state;
  }

  #firstKeyboardStart(item, map) {
    if (item.origin !== null) return { day: item.origin.day, start: item.origin.start };
    const n = map.starts.length;
    for (let d = 0; d < map.days.length; d += 1) {
      for (let s = 0; s < n; s += 1) if (map.kinds[d * n + s] === 0) return { day: map.days[d], start: map.starts[s] };
    }
    return { day: map.days[0], start: map.starts[0] };
  }

  /** Pointer moved: remember the latest position and query when this frame has not queried yet. */
  pointerMove(x, y) {
    const state = this.state;
    if (state === null) return;
    state.pointer = { x, y };
    this.#placeTip(x, y);
    this.#switchDayAt(x, y);
    this.#autoScroll(y);
    this.request();
  }

  // In a one-day layout the other days are reached over the day switcher: resting on a day's button shows it.
  #measureSwitch() {
    this.switchBoxes = this.daySwitch === null ? [] : [...this.daySwitch.querySelectorAll('button[data-day]')]
      .map((b) => ({ day: Number(b.dataset.day), box: b.getBoundingClientRect() }))
      .filter((b) => b.box.width > 0);
  }

  #switchDayAt(x, y) {
    if (this.switchBoxes === null) this.#measureSwitch();
    if (this.switchBoxes.length === 0) return;
    const hit = this.switchBoxes.find(({ box }) => x >= box.left && x < box.right && y >= box.top && y < box.bottom);
    if (hit && hit.day !== this.grid.shownDay && this.state.days.includes(hit.day)) {
      this.grid.showDay(hit.day);
      this.grid.measure();
    }
  }

  // Near the top or bottom edge of the viewport the page scrolls, one step per frame while the pointer stays.
  #autoScroll(y) {
    const h = window.innerHeight;
    const depth = y < EDGE_PX ? -(EDGE_PX - y) : y > h - EDGE_PX ? y - (h - EDGE_PX) : 0;
    const speed = Math.round((Math.max(-EDGE_PX, Math.min(EDGE_PX, depth)) / EDGE_PX) * MAX_SCROLL_PX);
    const running = this.scrollSpeed !== 0;
    this.scrollSpeed = speed;
    if (speed === 0 || running) return;
    const step = () => {
      if (this.state === null || this.state.how !== 'pointer' || this.scrollSpeed === 0) {
        this.scrollSpeed = 0;
        return;
      }
      const before = window.scrollY;
      window.scrollBy(0, this.scrollSpeed);
      if (window.scrollY !== before) {
        this.grid.measure();
        this.#measureSwitch();
        this.request();
      }
      requestAnimationFrame(step);
    };
    requestAnimationFrame(step);
  }

  // A keyboard move's target is always on screen: its day is shown and the page scrolls to it.
  #reveal(spot) {
    const grid = this.grid;
    if (grid.oneDay && spot.day !== grid.shownDay) {
      // The chip's own column is about to be hidden, which would take the focus (and the move) with it.
      const element = this.state?.item.element;
      if (element && grid.root.contains(element) && document.activeElement === element) grid.root.focus({ preventScroll: true });
      grid.showDay(spot.day);
      grid.measure();
    }
    const box = grid.boxOf(spot.day, spot.start, this.state?.item.minutes ?? 30);
    if (box === null) return;
    const margin = 24;
    const h = window.innerHeight;
    let dy = 0;
    if (box.top < margin) dy = box.top - margin;
    else if (box.bottom > h - margin) dy = Math.min(box.bottom - (h - margin), box.top - margin);
    if (dy !== 0) {
      window.scrollBy(0, dy);
      grid.measure();
    }
  }

  /** Arrow keys: dDay columns, dMinutes minutes. */
  keyMove(dDay, dMinutes) {
    const state = this.state;
    if (state === null) return;
    const { kb, days } = state;
    const i = Math.max(0, Math.min(days.length - 1, days.indexOf(kb.day) + dDay));
    kb.day = days[i];
    kb.start = Math.max(state.firstStart, Math.min(state.lastStart, kb.start + dMinutes));
    this.#reveal(kb);
    this.request();
  }

  request() {
    this.pending = true;
    if (this.frameBusy) return;
    this.#run();
  }

  // A query is allowed again only once the frame that shows the last one has been rendered: input that
  // Chromium dispatches at the start of a frame and input that arrives between frames then never both query
  // for the same frame. What arrives meanwhile is answered right after that frame, for the latest position.
  #run() {
    this.pending = false;
    this.#evaluate();
    this.#holdFrame();
  }

  #holdFrame() {
    this.frameBusy = true;
    requestAnimationFrame(() => afterThisTask(() => {
      this.frameBusy = false;
      if (this.pending && this.state !== null) this.#run();
    }));
  }

  #candidateOf(state) {
    if (state.how === 'keyboard') return { day: state.kb.day, start: state.kb.start };
    if (state.pointer === null) return null;
    const at = this.grid.locate(state.pointer.x, state.pointer.y);
    if (at === null || !state.days.includes(at.day)) return null;
    const raw = Math.round((at.minute - state.grabMinutes) / STEP) * STEP;
    return { day: at.day, start: Math.max(state.firstStart, Math.min(state.lastStart, raw)) };
  }

  #evaluate() {
    const state = this.state;
    if (state === null) return;
    const t0 = performance.now();
    const spot = this.#candidateOf(state);
    const key = spot === null ? null : `${spot.day}@${spot.start}`;
    if (key === state.key) return;
    state.key = key;
    if (spot === null) {
      state.candidate = null;
      this.grid.hideGhost();
      this.#renderTip(state, null);
      return;
    }
    const conflicts = this.#query(state, spot);
    const mask = conflicts.reduce((m, c) => m | (1 << KIND_BIT.get(c.kind)), 0);
    state.candidate = { ...spot, mask, conflicts, joins: conflicts.joins ?? null };
    this.grid.showGhost(spot.day, spot.start, state.item.minutes, mask, state.item.label);
    this.#renderTip(state, state.candidate);
    this.stats.tip.add(performance.now() - t0);
  }

  #query(state, spot) {
    this.perFrame.queries += 1;
    const t0 = performance.now();
    const conflicts = this.#check(state, spot);
    this.stats.check.add(performance.now() - t0);
    return conflicts;
  }

  // A group is asked about as a whole (each conflict names its member); a session alone also says which
  // group the start would join (`joins`).
  #check(state, spot) {
    const { item } = state;
    if (item.kind === 'group') return this.engine().check({ groupOf: item.sessionId, day: spot.day, start: spot.start });
    return this.engine().check({
      studentId: item.studentId, day: spot.day, start: spot.start, minutes: item.minutes, ignoreSessionId: item.sessionId ?? null,
    });
  }

  // The tooltip's nodes are made once and only their text changes: a pointer move lays out a few lines of text.
  #tipNodes() {
    if (this.tipParts === undefined) {
      const when = el('div', { class: 'when' });
      const free = el('p', { class: 'free' });
      const items = [];
      const list = el('ul');
      for (let i = 0; i < MAX_TIP_ROWS; i += 1) {
        const sw = el('span', { class: 'sw' });
        const text = document.createTextNode('');
        const li = el('li', { hidden: true }, sw, text);
        items.push({ li, sw, text });
        list.append(li);
      }
      const more = el('li', { class: 'more', hidden: true });
      list.append(more);
      this.tooltip.replaceChildren(el('div', { class: 'card' }, when, free, list));
      this.tipParts = { when, free, list, items, more };
    }
    return this.tipParts;
  }

  #renderTip(state, c) {
    const tip = this.tooltip;
    const parts = this.#tipNodes();
    tip.hidden = false;
    if (c === null) {
      tip.className = 'tip';
      tip.removeAttribute('data-kinds');
      parts.when.textContent = 'Outside the week: dropping here cancels';
      parts.free.hidden = true;
      parts.list.hidden = true;
      return;
    }
    const { item } = state;
    const look = c.mask === 0 ? 'tip ok' : 'tip bad';
    if (tip.className !== look) tip.className = look;
    tip.setAttribute('data-kinds', c.conflicts.map((x) => x.kind).join(','));
    tip.setAttribute('data-day', c.day);
    tip.setAttribute('data-start', c.start);
    parts.when.textContent = `${item.label} · ${DAY_SHORT[c.day]} ${fmtSpan(c.start, c.start + item.minutes)}`;
    const free = c.conflicts.length === 0;
    // Writes only what differs from the last candidate: neighbouring starts often share their conflicts.
    if (parts.free.hidden === free) parts.free.hidden = !free;
    if (parts.list.hidden !== free) parts.list.hidden = free;
    // Over a group at its exact day, start and end: the session would join it, and the tooltip says whose.
    const joins = c.joins ? `joins ${this.groupName(c.joins)}` : '';
    if (joins) tip.setAttribute('data-joins', c.joins.sessionIds.join(' '));
    else tip.removeAttribute('data-joins');
    if (free) {
      const text = `✓ Free${joins ? `: ${joins}` : ''}. ${state.how === 'keyboard' ? 'Enter moves it here.' : 'Drop to move here.'}`;
      if (parts.free.textContent !== text) parts.free.textContent = text;
    } else {
      parts.items.forEach((row, i) => {
        const x = c.conflicts[i];
        if (row.li.hidden !== (x === undefined)) row.li.hidden = x === undefined;
        if (x === undefined) return;
        const sw = `sw k${KIND_BIT.get(x.kind)}`;
        if (row.sw.className !== sw) {
          row.sw.className = sw;
          row.sw.textContent = KIND_INFO[x.kind].code;
        }
        const text = ` ${x.studentId ? `${this.who(x.studentId)}: ` : ''}${describeConflict(x)}`;
        if (row.text.data !== text) row.text.data = text;
      });
      const extra = c.conflicts.length - MAX_TIP_ROWS;
      if (parts.more.hidden !== (extra <= 0)) parts.more.hidden = extra <= 0;
      if (extra > 0) parts.more.textContent = `and ${extra} more`;
    }
    if (state.how === 'keyboard') {
      this.#placeTipAtCandidate(c);
      const what = free ? `free${joins ? `, ${joins}` : ''}`
        : `${c.conflicts.length} conflict${c.conflicts.length > 1 ? 's' : ''}: `
          + `${c.conflicts.map((x) => `${x.studentId ? `${this.who(x.studentId)}: ` : ''}${describeConflict(x)}`).join('; ')}`;
      this.live.textContent = `${DAY_NAMES[c.day]} ${fmtTime(c.start)} to ${fmtTime(c.start + item.minutes)}: ${what}.`;
    }
  }

  #placeTip(x, y) {
    // A fixed guess of the tooltip's size keeps it on screen without reading layout during the drag.
    const left = Math.min(x + 16, window.innerWidth - Math.min(300, window.innerWidth));
    const top = y + 160 > window.innerHeight ? y - 150 : y + 18;
    this.tooltip.style.transform = `translate(${Math.max(0, left)}px, ${Math.max(0, top)}px)`;
  }

  #placeTipAtCandidate(c) {
    const col = this.grid.geometry?.find((g) => g.day === c.day);
    if (!col) return;
    const y = col.top + this.grid.top(c.start);
    this.#placeTip(col.right - 4, y);
  }

  #hideTip() {
    if (!this.tooltip.hidden) this.tooltip.hidden = true;
  }

  /** Ends the move: where it lands, or null when it goes nowhere (no candidate, or back where it was). */
  finish(pointer = null) {
    const state = this.state;
    if (state === null) return null;
    if (pointer !== null) state.pointer = pointer;
    const spot = this.#candidateOf(state);
    let landing = null;
    if (spot !== null) {
      const same = state.candidate !== null && state.candidate.day === spot.day && state.candidate.start === spot.start;
      if (same) landing = state.candidate;
      else {
        const conflicts = this.#dropCheck(state, spot);
        landing = { ...spot, conflicts, joins: conflicts.joins ?? null };
      }
      const origin = state.item.origin;
      if (origin !== null && origin.day === landing.day && origin.start === landing.start) landing = null;
    }
    return landing;
  }

  // The drop's own check is not a drag query: it happens once, when the pointer is released.
  #dropCheck(state, spot) {
    return this.#check(state, spot);
  }

  /**
   * The engine changed under a move in progress (a change pushed from elsewhere): repaint the week from a new
   * conflict map at the next frame, and forget the last answer, so the tooltip and the drop check ask again.
   */
  refresh() {
    const state = this.state;
    if (state === null) return;
    requestAnimationFrame(() => {
      if (this.state !== state) return;
      const engine = this.engine();
      const item = state.item;
      const map = item.sessionId != null && engine.hasSession(item.sessionId)
        ? engine.conflictMap({ sessionId: item.sessionId })
        : engine.conflictMap({ studentId: item.studentId, minutes: item.minutes });
      state.map = map;
      state.candidate = null;
      state.key = null;
      this.grid.paint(map);
      this.grid.labelPaint();
      this.request();
    });
  }

  /** Clears the paint, ghost and tooltip. */
  cancel() {
    const state = this.state;
    if (state === null) return;
    this.state = null;
    this.pending = false;
    this.scrollSpeed = 0;
    this.grid.clearPaint();
    this.grid.root.classList.remove('dragging');
    state.item.element?.classList.remove('dragged');
    this.#hideTip();
  }
}
