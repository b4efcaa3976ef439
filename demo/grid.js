// The week grid: day columns of 5-minute rows, the provider's sessions as blocks, the overlay bands, and the
// paint layer that shows, for the session being moved, every start of the week at once.
import { CONFLICT_KINDS } from '../js/index.js';
import { LOOK_NONE, allLooks, fillsFor, lookOf } from './patterns.js';
import {
  DAY_NAMES, DAY_SHORT, KIND_INFO, STEP, gradeClass, gradeLabel, hhmm, layoutDay, minutesOf,
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

export class WeekGrid {
  constructor(root, { days, window: win }) {
    this.root = root;
    this.days = days;
    this.win = win;
    // The row height is the stylesheet's (print uses a smaller one); hit-testing must use the same number.
    this.rowPx = parseFloat(getComputedStyle(root).getPropertyValue('--row')) || 8;
    this.rows = (win.end - win.start) / STEP;
    this.columns = new Map();  // day -> {body, overlay, paint (canvas), sessions, ctx, fills, size}
    this.paintedMask = null;   // day -> Int32Array(rows): -1 = no start there
    this.geometry = null;
  }

  build() {
    const { root, days, rows, win } = this;
    root.replaceChildren();
    root.style.setProperty('--rows', rows);
    root.style.setProperty('--days', days.length);
    root.append(el('div', { class: 'corner', 'aria-hidden': 'true' }));
    for (const day of days) {
      root.append(el('div', { class: 'dayhead', 'data-day': day },
        el('span', { class: 'long', text: DAY_NAMES[day] }), el('span', { class: 'short', text: DAY_SHORT[day] })));
    }
    const times = el('div', { class: 'times', 'aria-hidden': 'true' });
    for (let m = Math.ceil(win.start / 30) * 30; m < win.end; m += 30) {
      times.append(el('span', { class: m % 60 === 0 ? 'hour' : 'half', text: hhmm(m) }));
      times.lastChild.style.top = rowsCss((m - win.start) / STEP);
    }
    root.append(times);
    for (const day of days) {
      const body = el('div', { class: 'day', 'data-day': day });
      // Hour lines line up with the time labels whatever minute the window starts on.
      body.style.backgroundPositionY = rowsCss(((60 - (win.start % 60)) % 60) / STEP);
      const overlay = el('div', { class: 'overlay' });
      // One canvas per day: a drag start repaints a few hundred cells, and as DOM boxes with patterned
      // backgrounds and labels that costs a frame's budget in style, layout and paint alone.
      const paint = el('canvas', { class: 'paint', role: 'img', 'data-day': day, 'aria-label': `${DAY_NAMES[day]}: no session is being moved` });
      const sessions = el('div', { class: 'sessions' });
      body.append(overlay, paint, sessions);
      root.append(body);
      this.columns.set(day, { body, overlay, paint, sessions, ctx: null, fills: null, width: 0, height: 0, dpr: 0 });
    }
    // One ghost for the whole week, moved by transform only: a pointer move never lays out or repaints a column.
    this.ghost = el('div', { class: 'ghost', hidden: true, 'aria-hidden': 'true' });
    root.append(this.ghost);
  }

  /** Pixels from the top of a day column on screen (hit-testing, tooltip placement). */
  top(minutes) {
    return ((minutes - this.win.start) / STEP) * this.rowPx;
  }

  topCss(minutes) {
    return rowsCss((minutes - this.win.start) / STEP);
  }

  /** Session blocks; `attention` maps an id to its reasons, `fresh` holds ids to outline as just placed. */
  renderSessions(sessions, index, attention, fresh = new Set()) {
    const perDay = new Map(this.days.map((d) => [d, []]));
    for (const s of sessions) {
      if (s.day_of_week == null || !perDay.has(s.day_of_week)) continue;
      perDay.get(s.day_of_week).push({ id: s.id, start: minutesOf(s.start_time), end: minutesOf(s.end_time), row: s });
    }
    for (const [day, items] of perDay) {
      const lanes = layoutDay(items);
      const blocks = items.map((item) => {
        const { lane, lanes: n } = lanes.get(item.id);
        const student = index.students.get(item.row.student_id);
        const initials = student?.initials ?? '?';
        const reasons = attention.get(item.id);
        const flagged = reasons !== undefined || item.row.status === 'needs_attention';
        const when = `${DAY_NAMES[day]} ${hhmm(item.start)}–${hhmm(item.end)}`;
        const block = el('div', {
          class: `session ${gradeClass(student?.grade_level)}${flagged ? ' attn' : ''}${fresh.has(item.id) ? ' fresh' : ''}`,
          role: 'button',
          tabIndex: 0,
          'data-id': item.id,
          'data-day': day,
          'data-start': item.start,
          'data-end': item.end,
          'aria-label': `${initials}, ${gradeLabel(student?.grade_level)}, ${when}`
            + `${flagged ? `, needs attention${reasons ? `: ${reasons}` : ''}` : ''}. Drag, or use the arrow keys to move.`,
          title: `${initials} · ${gradeLabel(student?.grade_level)} · ${when}${reasons ? `\n⚠ ${reasons}` : ''}`,
        },
        el('b', { text: initials }),
        el('span', { class: 't', text: hhmm(item.start) }));
        if (flagged) block.prepend(el('span', { class: 'flag', 'aria-hidden': 'true', text: '⚠' }));
        const st = block.style;
        st.top = this.topCss(item.start);
        st.height = rowsCss((item.end - item.start) / STEP);
        st.left = `calc(${(lane / n) * 100}% + 1px)`;
        st.width = `calc(${100 / n}% - 2px)`;
        if (n > 3) block.classList.add('narrow');
        return block;
      });
      this.columns.get(day).sessions.replaceChildren(...blocks);
    }
  }

  renderOverlay(items) {
    const perDay = new Map(this.days.map((d) => [d, []]));
    for (const item of items) {
      if (!perDay.has(item.day)) continue;
      const start = Math.max(item.start, this.win.start);
      const end = Math.min(item.end, this.win.end);
      if (end <= start) continue;
      const band = el('div', {
        class: `band ${item.layer}`,
        title: `${item.label} ${hhmm(item.start)}–${hhmm(item.end)}`,
      }, el('span', { text: item.label }));
      band.style.top = this.topCss(start);
      band.style.height = rowsCss((end - start) / STEP);
      perDay.get(item.day).push(band);
    }
    for (const [day, bands] of perDay) this.columns.get(day).overlay.replaceChildren(...bands);
  }

  /**
   * Paints a conflict map: each run of equal cells is one patterned rectangle with a key strip in the kind's
   * colour and the kind codes at its top. Needs the column sizes of measure(), which a drag start takes first.
   */
  paint(map) {
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
    const row = this.rowPx;
    for (const [day, column] of this.columns) {
      const rowMask = painted.get(day) ?? new Int32Array(this.rows).fill(-1);
      const ctx = this.#context(column);
      const w = column.width;
      ctx.clearRect(0, 0, w, column.height);
      let r = 0;
      while (r < this.rows) {
        const mask = rowMask[r];
        let end = r + 1;
        while (end < this.rows && rowMask[end] === mask) end += 1;
        const look = lookOf(mask);
        const y = r * row;
        const h = (end - r) * row;
        ctx.fillStyle = column.fills[look];
        ctx.fillRect(0, y, w, h);
        ctx.fillStyle = allLooks()[look].key;
        ctx.fillRect(0, y, KEY_PX, h);
        if (look !== LOOK_NONE) {
          ctx.fillStyle = 'rgba(0,0,0,0.35)';
          ctx.fillRect(KEY_PX, y, w - KEY_PX, 1);
          if ((mask & (mask - 1)) !== 0) {
            // Several kinds at once: a dark bar on the right, and every code in the label.
            ctx.fillStyle = '#111';
            ctx.fillRect(w - 3, y, 3, h);
          }
          const text = maskCodes(mask);
          ctx.strokeText(text, KEY_PX + 2, y + 1);
          ctx.fillStyle = mask === 0 ? '#0d5a25' : '#111';
          ctx.fillText(text, KEY_PX + 2, y + 1);
        }
        r = end;
      }
      column.paint.classList.add('on');
    }
    this.paintedMask = painted;
  }

  #context(column) {
    if (column.ctx === null) {
      column.ctx = column.paint.getContext('2d');
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
          parts.push(`starts ${hhmm(from)}${to > from ? ` to ${hhmm(to)}` : ''} ${maskWords(mask)}`);
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
  }

  /**
   * What the canvases show, read back from their pixels: per start row, the index of the look whose key colour
   * is drawn there (see patterns.js), for the browser tests.
   */
  probe() {
    const keys = allLooks().map((look) => look.key.toLowerCase());
    const hex = (v) => v.toString(16).padStart(2, '0');
    const out = [];
    for (const [day, column] of this.columns) {
      if (column.ctx === null) continue;
      const strip = column.ctx.getImageData(1 * column.dpr, 0, 1, column.paint.height).data;
      for (let r = 0; r < this.rows; r += 1) {
        const y = Math.floor((r * this.rowPx + this.rowPx / 2) * column.dpr);
        const i = y * 4;
        const colour = `#${hex(strip[i])}${hex(strip[i + 1])}${hex(strip[i + 2])}`;
        out.push({ day, start: this.win.start + r * STEP, look: keys.indexOf(colour) });
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
    for (const [day, column] of this.columns) {
      const rect = column.body.getBoundingClientRect();
      cols.push({ day, left: rect.left, right: rect.right, top: rect.top, bottom: rect.bottom });
      const width = column.body.clientWidth;
      const height = this.rows * this.rowPx;
      if (width !== column.width || height !== column.height || dpr !== column.dpr) {
        column.width = width;
        column.height = height;
        column.dpr = dpr;
        column.paint.width = Math.round(width * dpr);
        column.paint.height = Math.round(height * dpr);
      }
    }
    const box = this.root.getBoundingClientRect();
    this.origin = { left: box.left + this.root.clientLeft, top: box.top + this.root.clientTop };
    this.geometry = cols;
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

  showGhost(day, start, minutes, mask, text) {
    const col = this.geometry.find((g) => g.day === day);
    const ghost = this.ghost;
    const look = `ghost ${mask === 0 ? 'ok' : 'bad'}`;
    // Only what changed is written; moving is a transform of the ghost's own layer.
    if (ghost.hidden) ghost.hidden = false;
    if (ghost.className !== look) ghost.className = look;
    if (ghost.textContent !== text) ghost.textContent = text;
    const width = `${col.right - col.left - 4}px`;
    if (ghost.style.width !== width) ghost.style.width = width;
    const height = `${(minutes / STEP) * this.rowPx}px`;
    if (ghost.style.height !== height) ghost.style.height = height;
    ghost.style.transform = `translate(${col.left - this.origin.left + 2}px, ${col.top - this.origin.top + this.top(start)}px)`;
  }

  hideGhost() {
    this.ghost.hidden = true;
  }

  sessionBlock(id) {
    return this.root.querySelector(`.session[data-id="${CSS.escape(id)}"]`);
  }
}
