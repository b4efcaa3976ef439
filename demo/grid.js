// The week grid: day columns of 5-minute rows, the provider's sessions as chips, the constraint bands behind
// them, and the paint layer that shows, for the session being moved, where it may start and what time is taken.
import { CONFLICT_KINDS } from '../js/index.js';
import { busyRows } from './busy.js';
import { LOOK_FREE, LOOK_NONE, allLooks, fillsFor, lookOf } from './patterns.js';
import {
  DAY_NAMES, DAY_SHORT, KIND_INFO, STEP, fmtAxis, fmtSpan, fmtTime, gradeClass, gradeLabel, gradeTag, layoutDay,
  minutesOf,
} from './model.js';

const el = (tag, props = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = value;
    else if (key.startsWith('data-') || key.startsWith('aria-') || key === 'role') node.setAttribute(key, value);
    else node[key] = value;
  }
  node.append(...children);
  return node;
};
export { el };

// Positions in rows of the stylesheet's --row, so that print (smaller rows) lays out the same week.
const rowsCss = (rows) => `calc(var(--row) * ${rows})`;

// Painting runs at every drag start, so the per-mask labels are made once and reused.
const labelCache = new Map();
const KEY_PX = 4;
/** The start strip on the left of a painted column: where the session may START (free, or the kinds). */
export const STRIP_PX = 14;

/** The codes of a mask ("BELL+CAP"), the text drawn at the top of each painted run. */
export function maskCodes(mask) {
  let text = labelCache.get(mask);
  if (text === undefined) {
    if (mask === 0) text = 'free';
    else {
      const codes = [];
      for (let i = 0; i < CONFLICT_KINDS.length; i += 1) if (mask & (1 << i)) codes.push(KIND_INFO[CONFLICT_KINDS[i]].code);
      text = codes.join('+');
    }
    labelCache.set(mask, text);
  }
  return text;
}

export function maskWords(mask) {
  if (mask === 0) return 'free';
  const words = [];
  for (let i = 0; i < CONFLICT_KINDS.length; i += 1) if (mask & (1 << i)) words.push(KIND_INFO[CONFLICT_KINDS[i]].label);
  return `blocked: ${words.join(', ')}`;
}

/** What a chip shows and says. `who` = {initials, grade, teacher}; the visible text leads the accessible name. */
export function chipText({ initials, grade }, from, to) {
  return `${initials} ${gradeTag(grade)} ${fmtSpan(from, to)}`;
}

export class WeekGrid {
  constructor(root, { days, window: win }) {
    this.root = root;
    this.days = days;
    this.win = win;
    // The row height is the stylesheet's (print uses a smaller one); hit-testing must use the same number.
    this.rowPx = parseFloat(getComputedStyle(root).getPropertyValue('--row')) || 8;
    this.rows = (win.end - win.start) / STEP;
    this.columns = new Map();  // day -> {body, bands, paint (canvas), sessions, ctx, fills, size}
    this.paintedMask = null;   // day -> Int32Array(rows): -1 = no start there
    this.busyMask = null;      // day -> Int32Array(rows): the kinds whose time covers the row
    this.geometry = null;
    this.paintMinutes = 30;    // the length of the session painted last (a repaint without one keeps it)
    this.shownDay = days[0];   // the day a one-day layout shows
    this.order = [];           // chip ids in time order (day, start, lane): the roving tabindex's order
    this.roving = null;        // the id of the chip that holds the week's one Tab stop
  }

  build() {
    const { root, days, rows, win } = this;
    root.replaceChildren();
    root.style.setProperty('--rows', rows);
    root.style.setProperty('--days', days.length);
    root.append(el('div', { class: 'corner', 'aria-hidden': 'true' }));
    for (const day of days) {
      root.append(el('div', { class: 'dayhead', 'data-day': day, 'aria-hidden': 'true' },
        el('span', { class: 'long', text: DAY_NAMES[day] }), el('span', { class: 'short', text: DAY_SHORT[day] })));
    }
    const times = el('div', { class: 'times', 'aria-hidden': 'true' });
    for (let m = Math.ceil(win.start / 30) * 30; m < win.end; m += 30) {
      times.append(el('span', { class: m % 60 === 0 ? 'hour' : 'half', text: fmtAxis(m) }));
      times.lastChild.style.top = rowsCss((m - win.start) / STEP);
    }
    root.append(times);
    for (const day of days) {
      const body = el('div', { class: 'day', 'data-day': day, role: 'group', 'aria-label': DAY_NAMES[day] });
      // Hour lines line up with the time labels whatever minute the window starts on.
      body.style.backgroundPositionY = rowsCss(((60 - (win.start % 60)) % 60) / STEP);
      const bands = el('div', { class: 'overlay' });
      // One canvas per day: a drag start repaints a few hundred cells, and as DOM boxes with patterned
      // backgrounds and labels that costs a frame's budget in style, layout and paint alone.
      const paint = el('canvas', { class: 'paint', role: 'img', 'data-day': day, 'aria-label': `${DAY_NAMES[day]}: no session is being moved` });
      const proposed = el('div', { class: 'proposed-layer', 'aria-hidden': 'true' });
      const sessions = el('div', { class: 'sessions' });
      body.append(bands, paint, proposed, sessions);
      root.append(body);
      this.columns.set(day, { body, bands, paint, proposed, sessions, ctx: null, fills: null, width: 0, height: 0, dpr: 0 });
    }
    // One ghost for the whole week, moved by transform only: a pointer move never lays out or repaints a column.
    this.ghost = el('div', { class: 'ghost', hidden: true, 'aria-hidden': 'true' });
    root.append(this.ghost);
    this.showDay(this.shownDay);
  }

  /** The day a one-day (narrow) layout shows; a wide layout shows every day whatever this says. */
  showDay(day) {
    if (!this.columns.has(day)) return;
    this.shownDay = day;
    for (const node of this.root.querySelectorAll('.dayhead, .day')) node.classList.toggle('current', Number(node.dataset.day) === day);
    this.root.dispatchEvent(new CustomEvent('daychange', { detail: { day } }));
  }

  /** Whether only one day is laid out (the narrow layout): then only `shownDay` has a width. */
  get oneDay() {
    const other = [...this.columns.values()].find((c, i) => this.days[i] !== this.shownDay);
    return other !== undefined && other.body.offsetWidth === 0;
  }

  /** Pixels from the top of a day column on screen (hit-testing, tooltip placement). */
  top(minutes) {
    return ((minutes - this.win.start) / STEP) * this.rowPx;
  }

  topCss(minutes) {
    return rowsCss((minutes - this.win.start) / STEP);
  }

  /**
   * Session chips. `describe(row)` answers {initials, grade, teacher}; `attention` maps an id to its reasons,
   * `fresh` holds ids to outline as just placed. `groups` (engine.groups(): two or more sessions at one day,
   * start, end and deliverer) are drawn as one chip listing its members, each a focus stop of its own.
   */
  renderSessions(sessions, describe, attention, fresh = new Set(), groups = []) {
    const rows = new Map(sessions.map((s) => [s.id, s]));
    const grouped = new Set(groups.flatMap((g) => g.sessionIds));
    const perDay = new Map(this.days.map((d) => [d, []]));
    for (const s of sessions) {
      if (s.day_of_week == null || !perDay.has(s.day_of_week) || grouped.has(s.id)) continue;
      perDay.get(s.day_of_week).push({ id: s.id, start: minutesOf(s.start_time), end: minutesOf(s.end_time), row: s });
    }
    for (const g of groups) {
      if (!perDay.has(g.day)) continue;
      perDay.get(g.day).push({ id: `group:${g.sessionIds[0]}`, start: g.start, end: g.end, group: g, members: g.sessionIds.map((id) => rows.get(id)) });
    }
    const order = [];
    for (const [day, items] of perDay) {
      const lanes = layoutDay(items);
      const blocks = items.map((item) => {
        const { lane, lanes: n } = lanes.get(item.id);
        const block = item.group
          ? this.#groupChip(item, day, describe, attention, fresh, order, lane)
          : this.#sessionChip(item, day, describe, attention, fresh, order, lane);
        const st = block.style;
        st.top = this.topCss(item.start);
        st.height = rowsCss((item.end - item.start) / STEP);
        st.left = `calc(${(lane / n) * 100}% + 1px)`;
        st.width = `calc(${100 / n}% - 2px)`;
        if (n > 2) block.classList.add('narrow');
        return block;
      });
      this.columns.get(day).sessions.replaceChildren(...blocks);
    }
    order.sort((a, b) => a.day - b.day || a.start - b.start || a.lane - b.lane || a.member - b.member);
    this.order = order;
    this.rove(this.order.some((o) => o.id === this.roving) ? this.roving : this.order[0]?.id ?? null);
  }

  #sessionChip(item, day, describe, attention, fresh, order, lane) {
    order.push({ id: item.id, day, start: item.start, lane, member: 0 });
    const who = describe(item.row);
    const reasons = attention.get(item.id);
    const flagged = reasons !== undefined || item.row.status === 'needs_attention';
    const visible = chipText(who, item.start, item.end);
    const more = [gradeLabel(who.grade), DAY_NAMES[day], who.teacher ? `${who.teacher}'s class` : null].filter(Boolean).join(', ');
    const attn = flagged ? `, needs attention${reasons ? `: ${reasons}` : ''}` : '';
    const block = el('div', {
      class: `session ${gradeClass(who.grade)}${flagged ? ' attn' : ''}${fresh.has(item.id) ? ' fresh' : ''}`,
      role: 'button',
      tabIndex: -1,
      'data-id': item.id,
      'data-day': day,
      'data-start': item.start,
      'data-end': item.end,
      'aria-label': `${visible}, ${more}${attn}`,
      'aria-roledescription': 'session',
      title: `${visible}\n${more}${reasons ? `\n⚠ ${reasons}` : ''}`,
    },
    el('span', { class: 'who' }, el('b', { text: who.initials }), ' ', el('span', { class: 'gt', text: gradeTag(who.grade) })),
    ' ',
    el('span', { class: 't', text: fmtSpan(item.start, item.end) }),
    el('span', { class: 'teacher', 'aria-hidden': 'true', text: who.teacher ?? '' }));
    if (flagged) block.prepend(el('span', { class: 'flag', 'aria-hidden': 'true', text: '⚠' }));
    return block;
  }

  // A group: one chip, the members' initials with their grade tags, and the shared start–end. Each member is
  // a focus stop (Space moves the group, Alt with an arrow key that member alone) with a grip to pull it out.
  #groupChip(item, day, describe, attention, fresh, order, lane) {
    const members = item.members.map((row) => ({ row, who: describe(row) }));
    const span = fmtSpan(item.start, item.end);
    const names = members.map((m) => `${m.who.initials} ${gradeTag(m.who.grade)}`);
    const flagged = members.some((m) => attention.has(m.row.id) || m.row.status === 'needs_attention');
    const block = el('div', {
      class: `session group${flagged ? ' attn' : ''}${members.some((m) => fresh.has(m.row.id)) ? ' fresh' : ''}`,
      'data-ids': members.map((m) => m.row.id).join(' '),
      'data-day': day,
      'data-start': item.start,
      'data-end': item.end,
      title: `Group of ${members.length}: ${names.join(', ')} · ${DAY_NAMES[day]} ${span}`
        + `${item.group.groupRef ? ` (${item.group.groupRef})` : ''}`,
    });
    const list = el('span', { class: 'members' });
    members.forEach((m, i) => {
      order.push({ id: m.row.id, day, start: item.start, lane, member: i });
      const others = names.filter((_, j) => j !== i).join(', ');
      const reasons = attention.get(m.row.id);
      const member = el('span', {
        class: `member ${gradeClass(m.who.grade)}`,
        role: 'button',
        tabIndex: -1,
        'data-id': m.row.id,
        'aria-roledescription': 'group member',
        'aria-label': `${names[i]}, ${gradeLabel(m.who.grade)}, in a group with ${others}, ${DAY_NAMES[day]} ${span}`
          + `${reasons ? `, needs attention: ${reasons}` : ''}. Space moves the group; Alt with an arrow key moves ${m.who.initials} alone.`,
        title: `${names[i]}${m.who.teacher ? ` · ${m.who.teacher}` : ''}`,
      }, el('b', { text: m.who.initials }), ' ', el('span', { class: 'gt', text: gradeTag(m.who.grade) }),
      el('span', { class: 'grip', 'aria-hidden': 'true', title: `Drag to move ${m.who.initials} alone`, text: '⠿' }));
      list.append(member, ' ');
    });
    block.append(list, el('span', { class: 't', text: span }));
    if (flagged) block.prepend(el('span', { class: 'flag', 'aria-hidden': 'true', text: '⚠' }));
    return block;
  }

  /** Gives the week's one Tab stop to chip `id`. */
  rove(id) {
    if (this.roving !== null && this.roving !== id) {
      const old = this.sessionBlock(this.roving);
      if (old) old.tabIndex = -1;
    }
    this.roving = id;
    const block = id === null ? null : this.sessionBlock(id);
    if (block) block.tabIndex = 0;
  }

  /**
   * The chip a navigation key leads to from chip `id`: previous/next in time order (Up/Down), the nearest start
   * on the previous/next day with a session (Left/Right), the first/last of the week (Home/End).
   */
  neighbour(id, key) {
    const order = this.order;
    const i = order.findIndex((o) => o.id === id);
    if (i < 0) return order[0]?.id ?? null;
    const here = order[i];
    if (key === 'ArrowUp') return order[Math.max(0, i - 1)].id;
    if (key === 'ArrowDown') return order[Math.min(order.length - 1, i + 1)].id;
    if (key === 'Home') return order[0].id;
    if (key === 'End') return order.at(-1).id;
    if (key === 'ArrowLeft' || key === 'ArrowRight') {
      const step = key === 'ArrowLeft' ? -1 : 1;
      for (let d = this.days.indexOf(here.day) + step; d >= 0 && d < this.days.length; d += step) {
        const same = order.filter((o) => o.day === this.days[d]);
        if (same.length === 0) continue;
        return same.reduce((best, o) => (Math.abs(o.start - here.start) < Math.abs(best.start - here.start) ? o : best)).id;
      }
      return id;
    }
    return id;
  }

  /** Auto-schedule's proposal, drawn as outlined ghosts behind the chips: `[{day, start, end, text}]`. */
  renderProposal(items) {
    const perDay = new Map(this.days.map((d) => [d, []]));
    for (const item of items) {
      if (!perDay.has(item.day)) continue;
      const ghost = el('div', { class: `proposed ${item.cls ?? ''}`, title: item.text }, el('span', { text: item.text }));
      ghost.style.top = this.topCss(item.start);
      ghost.style.height = rowsCss((item.end - item.start) / STEP);
      perDay.get(item.day).push(ghost);
    }
    for (const [day, nodes] of perDay) this.columns.get(day).proposed.replaceChildren(...nodes);
  }

  /** Constraint bands behind the chips: `[{day, start, end, layer, label}]`; overlapping bands share the width. */
  renderBands(items) {
    const perDay = new Map(this.days.map((d) => [d, []]));
    items.forEach((item, i) => {
      if (!perDay.has(item.day)) return;
      const start = Math.max(item.start, this.win.start);
      const end = Math.min(item.end, this.win.end);
      if (end > start) perDay.get(item.day).push({ ...item, id: i, start, end, from: item.start, to: item.end });
    });
    for (const [day, list] of perDay) {
      const lanes = layoutDay(list);
      const bands = list.map((item) => {
        const { lane, lanes: n } = lanes.get(item.id);
        const band = el('div', {
          class: `band ${item.layer}`,
          title: `${item.label} ${fmtSpan(item.from, item.to)}`,
          'data-layer': item.layer,
        }, el('span', { text: item.label }));
        band.style.top = this.topCss(item.start);
        band.style.height = rowsCss((item.end - item.start) / STEP);
        band.style.left = `${(lane / n) * 100}%`;
        band.style.width = `${100 / n}%`;
        return band;
      });
      this.columns.get(day).bands.replaceChildren(...bands);
    }
  }

  /**
   * Paints a conflict map for a session of `minutes`: on the start strip at the left of each column, where it may
   * start (free, or the look of the lowest kind); across the rest, the time the blocking kinds take (busy.js) with
   * their codes, and light green where a start is free. Needs the column sizes of measure().
   */
  paint(map, minutes = this.paintMinutes) {
    this.paintMinutes = minutes;
    const { days: mapDays, starts, kinds } = map;
    const nStarts = starts.length;
    const painted = new Map();
    for (let d = 0; d < mapDays.length; d += 1) {
      if (!this.columns.has(mapDays[d])) continue;
      const rowMask = new Int32Array(this.rows).fill(-1);
      for (let s = 0; s < nStarts; s += 1) {
        const r = (starts[s] - this.win.start) / STEP;
        if (r >= 0 && r < this.rows && Number.isInteger(r)) rowMask[r] = kinds[d * nStarts + s];
      }
      painted.set(mapDays[d], rowMask);
    }
    this.paintedMask = painted;
    this.busyMask = busyRows(map, minutes, this.win);
    for (const [day, column] of this.columns) this.#paintColumn(day, column);
  }

  /** Paints one column again (a one-day layout shows a column that had no width at the drag start). */
  repaint() {
    if (this.paintedMask === null) return;
    for (const [day, column] of this.columns) this.#paintColumn(day, column);
  }

  #paintColumn(day, column) {
    const rowMask = this.paintedMask.get(day) ?? new Int32Array(this.rows).fill(-1);
    const busy = this.busyMask.get(day) ?? new Int32Array(this.rows);
    const ctx = this.#context(column);
    const w = column.width;
    const row = this.rowPx;
    const looks = allLooks();
    ctx.clearRect(0, 0, w, column.height);
    if (w === 0) return;
    // The start strip.
    let r = 0;
    while (r < this.rows) {
      const mask = rowMask[r];
      let end = r + 1;
      while (end < this.rows && rowMask[end] === mask) end += 1;
      const look = lookOf(mask);
      const y = r * row;
      const h = (end - r) * row;
      ctx.fillStyle = column.fills[look];
      ctx.fillRect(0, y, STRIP_PX, h);
      ctx.fillStyle = looks[look].key;
      ctx.fillRect(0, y, KEY_PX, h);
      if (look !== LOOK_NONE) {
        ctx.fillStyle = 'rgba(0,0,0,0.35)';
        ctx.fillRect(KEY_PX, y, STRIP_PX - KEY_PX, 1);
      }
      r = end;
    }
    // The taken time, and the free starts' rows, across the rest of the column. A run is cut where either the
    // busy kinds or the start's freedom changes.
    r = 0;
    while (r < this.rows) {
      const taken = busy[r];
      const free = taken === 0 && rowMask[r] === 0;
      let end = r + 1;
      while (end < this.rows && busy[end] === taken && (taken !== 0 || (rowMask[end] === 0) === free)) end += 1;
      const y = r * row;
      const h = (end - r) * row;
      const look = taken !== 0 ? lookOf(taken) : free ? LOOK_FREE : -1;
      if (look >= 0) {
        ctx.fillStyle = column.fills[look];
        ctx.fillRect(STRIP_PX, y, w - STRIP_PX, h);
        ctx.fillStyle = looks[look].key;
        ctx.fillRect(STRIP_PX, y, 2, h);
        if (taken !== 0) {
          ctx.fillStyle = 'rgba(0,0,0,0.35)';
          ctx.fillRect(STRIP_PX, y, w - STRIP_PX, 1);
          if ((taken & (taken - 1)) !== 0) {
            // Several kinds at once: a dark bar on the right, and every code in the label.
            ctx.fillStyle = '#111';
            ctx.fillRect(w - 3, y, 3, h);
          }
          const text = maskCodes(taken);
          ctx.strokeText(text, STRIP_PX + 4, y + 1);
          ctx.fillStyle = '#111';
          ctx.fillText(text, STRIP_PX + 4, y + 1);
        }
      }
      r = end;
    }
    column.paint.classList.add('on');
  }

  #context(column) {
    if (column.ctx === null) {
      column.ctx = column.paint.getContext('2d', { willReadFrequently: false });
      column.fills = fillsFor(column.ctx);
    }
    const ctx = column.ctx;
    ctx.setTransform(column.dpr, 0, 0, column.dpr, 0, 0);
    ctx.font = 'bold 8px ui-monospace, "DejaVu Sans Mono", monospace';
    ctx.textBaseline = 'top';
    ctx.lineWidth = 3;
    ctx.lineJoin = 'round';
    ctx.strokeStyle = 'rgba(255,255,255,0.9)';
    return ctx;
  }

  /** Names each day's painted runs for screen readers; done after the frame, since nobody sees it. */
  labelPaint() {
    if (this.paintedMask === null) return;
    for (const [day, column] of this.columns) {
      const rowMask = this.paintedMask.get(day);
      if (rowMask === undefined) {
        column.paint.setAttribute('aria-label', `${DAY_NAMES[day]}: no start`);
        continue;
      }
      const parts = [];
      let r = 0;
      while (r < this.rows) {
        const mask = rowMask[r];
        let end = r + 1;
        while (end < this.rows && rowMask[end] === mask) end += 1;
        if (mask >= 0) {
          const from = this.win.start + r * STEP;
          const to = this.win.start + (end - 1) * STEP;
          parts.push(`starts ${fmtTime(from)}${to > from ? ` to ${fmtTime(to)}` : ''} ${maskWords(mask)}`);
        }
        r = end;
      }
      column.paint.setAttribute('aria-label', `${DAY_NAMES[day]}: ${parts.join('; ')}`);
    }
  }

  clearPaint() {
    for (const column of this.columns.values()) column.paint.classList.remove('on');
    this.ghost.hidden = true;
    this.paintedMask = null;
    this.busyMask = null;
  }

  /**
   * What the canvases show, read back from their pixels, for the browser tests: per row, the index of the look
   * (see patterns.js) whose key colour is drawn on the start strip (`look`) and at the left of the taken-time
   * area (`busy`; -1 where nothing is drawn).
   */
  probe() {
    const keys = allLooks().map((look) => look.key.toLowerCase());
    const hex = (v) => v.toString(16).padStart(2, '0');
    const colourAt = (data, i) => `#${hex(data[i])}${hex(data[i + 1])}${hex(data[i + 2])}`;
    const out = [];
    for (const [day, column] of this.columns) {
      if (column.ctx === null || column.width === 0) continue;
      const strip = column.ctx.getImageData(1 * column.dpr, 0, 1, column.paint.height).data;
      const area = column.ctx.getImageData(Math.floor((STRIP_PX + 1) * column.dpr), 0, 1, column.paint.height).data;
      for (let r = 0; r < this.rows; r += 1) {
        const y = Math.floor((r * this.rowPx + this.rowPx / 2) * column.dpr);
        const i = y * 4;
        out.push({
          day, start: this.win.start + r * STEP, look: keys.indexOf(colourAt(strip, i)),
          busy: area[i + 3] === 0 ? -1 : keys.indexOf(colourAt(area, i)),
        });
      }
    }
    return out;
  }

  /** The painted mask of a start, or -1 when it is no start of the map (the tooltip's fallback). */
  maskAt(day, start) {
    const rowMask = this.paintedMask?.get(day);
    if (rowMask === undefined) return -1;
    const r = (start - this.win.start) / STEP;
    return r >= 0 && r < this.rows ? rowMask[r] : -1;
  }

  /** Column boxes, read once per drag before anything is written (so no layout is forced); sizes the canvases. */
  measure() {
    const cols = [];
    const dpr = window.devicePixelRatio || 1;
    let resized = false;
    for (const [day, column] of this.columns) {
      const rect = column.body.getBoundingClientRect();
      if (rect.width > 0) cols.push({ day, left: rect.left, right: rect.right, top: rect.top, bottom: rect.bottom });
      const width = column.body.clientWidth;
      const height = this.rows * this.rowPx;
      if (width !== column.width || height !== column.height || dpr !== column.dpr) {
        column.width = width;
        column.height = height;
        column.dpr = dpr;
        column.paint.width = Math.round(width * dpr);
        column.paint.height = Math.round(height * dpr);
        resized = true;
      }
    }
    const box = this.root.getBoundingClientRect();
    this.origin = { left: box.left + this.root.clientLeft, top: box.top + this.root.clientTop };
    this.geometry = cols;
    // A canvas that was resized lost its drawing: a move that is under way draws it again.
    if (resized) this.repaint();
    return cols;
  }

  /** The day column under x (or null) and the minute of the day at y. */
  locate(x, y) {
    const cols = this.geometry ?? this.measure();
    for (const c of cols) {
      if (x >= c.left && x < c.right && y >= c.top - this.rowPx * 2 && y <= c.bottom + this.rowPx * 2) {
        return { day: c.day, minute: this.win.start + ((y - c.top) / this.rowPx) * STEP };
      }
    }
    return null;
  }

  /** The on-screen box of a start on a day, or null when that day is not laid out. */
  boxOf(day, start, minutes) {
    const col = (this.geometry ?? this.measure()).find((g) => g.day === day);
    if (!col) return null;
    const top = col.top + this.top(start);
    return { left: col.left, right: col.right, top, bottom: top + (minutes / STEP) * this.rowPx };
  }

  showGhost(day, start, minutes, mask, text) {
    const col = this.geometry.find((g) => g.day === day);
    if (!col) return;
    const ghost = this.ghost;
    const look = `ghost ${mask === 0 ? 'ok' : 'bad'}`;
    // Only what changed is written; moving is a transform of the ghost's own layer.
    if (ghost.hidden) ghost.hidden = false;
    if (ghost.className !== look) ghost.className = look;
    if (ghost.textContent !== text) ghost.textContent = text;
    const width = `${col.right - col.left - 4 - STRIP_PX}px`;
    if (ghost.style.width !== width) ghost.style.width = width;
    const height = `${(minutes / STEP) * this.rowPx}px`;
    if (ghost.style.height !== height) ghost.style.height = height;
    ghost.style.transform = `translate(${col.left - this.origin.left + 2 + STRIP_PX}px, ${col.top - this.origin.top + this.top(start)}px)`;
  }

  hideGhost() {
    this.ghost.hidden = true;
  }

  /** The focus stop of a session: its chip, or its name on its group's chip. */
  sessionBlock(id) {
    const key = CSS.escape(id);
    return this.root.querySelector(`.session[data-id="${key}"], .member[data-id="${key}"]`);
  }
}
