// One look per conflict kind, used by the painted week (canvas), the legend, the tooltip and the dialog: a key
// colour, a fill pattern and a code, so that no kind is told by colour alone. The tiles are drawn once; the
// week is painted with them at every drag start.
import { CONFLICT_KINDS } from '../js/index.js';

const TILE = 8;

// [key colour (solid, exact: the browser tests read it back), fill colour, ink colour, pattern]
const LOOKS = [
  ['#7f868e', '#e4e6e9', '#b3b8bf', 'diag'],      // off-day
  ['#5a6470', '#dfe3e8', '#7d8792', 'dots'],      // school-hours
  ['#e08a1e', '#fde2bf', '#f2a444', 'diag'],      // bell-schedule
  ['#8a5cc7', '#eadcfa', '#a77be0', 'anti'],      // special-activity
  ['#2f6fc4', '#d6e6fb', '#5e9be8', 'rows'],      // protected-time
  ['#d33c30', '#fbd9d5', '#e2574c', 'cols'],      // student-overlap
  ['#1f9e8f', '#cdeee9', '#1f9e8f', 'dots'],      // other-provider
  ['#8b5a2b', '#f0e0cf', '#9b6b43', 'grid'],      // capacity
  ['#c2378a', '#f9d7eb', '#d0489a', 'zigzag'],    // consecutive
  ['#b08f00', '#fff3b3', '#c9a400', 'wide'],      // short-break
  ['#4b5563', '#e6e9ed', '#6b7683', 'checker'],   // provider-busy
];
const FREE = ['#2e9e4f', '#c9efd2', null, 'solid'];
const NONE = ['#c4c4c4', '#f6f6f6', '#e2e2e2', 'cols'];

if (LOOKS.length !== CONFLICT_KINDS.length) throw new Error('demo/patterns.js: one look per conflict kind');

function drawTile(fill, ink, kind) {
  const c = document.createElement('canvas');
  c.width = TILE;
  c.height = TILE;
  const g = c.getContext('2d');
  g.fillStyle = fill;
  g.fillRect(0, 0, TILE, TILE);
  g.fillStyle = ink;
  g.strokeStyle = ink;
  const line = (x0, y0, x1, y1, w) => {
    g.lineWidth = w;
    g.beginPath();
    g.moveTo(x0, y0);
    g.lineTo(x1, y1);
    g.stroke();
  };
  switch (kind) {
    case 'diag': for (const o of [-TILE, 0, TILE]) line(o, TILE, o + TILE, 0, 2); break;
    case 'anti': for (const o of [-TILE, 0, TILE]) line(o, 0, o + TILE, TILE, 2); break;
    case 'rows': g.fillRect(0, 0, TILE, 2); g.fillRect(0, 4, TILE, 2); break;
    case 'cols': g.fillRect(0, 0, 2, TILE); g.fillRect(4, 0, 2, TILE); break;
    case 'dots': g.fillRect(1, 1, 2, 2); g.fillRect(5, 5, 2, 2); break;
    case 'grid': g.fillRect(0, 0, TILE, 1); g.fillRect(0, 0, 1, TILE); g.fillRect(0, 4, TILE, 1); g.fillRect(4, 0, 1, TILE); break;
    case 'zigzag': line(0, 6, 4, 2, 1.5); line(4, 2, 8, 6, 1.5); break;
    case 'wide': for (const o of [-TILE, 0, TILE]) line(o, TILE, o + TILE, 0, 4); break;
    case 'checker': g.fillRect(0, 0, 4, 4); g.fillRect(4, 4, 4, 4); break;
    default: break;
  }
  return c;
}

let looks = null;

/** The looks, index 0 = free, 1 = no start here, 2 + i = CONFLICT_KINDS[i]. */
export function allLooks() {
  if (looks !== null) return looks;
  looks = [FREE, NONE, ...LOOKS].map(([key, fill, ink, kind]) => ({
    key, fill, tile: kind === 'solid' ? null : drawTile(fill, ink, kind),
  }));
  return looks;
}

export const LOOK_FREE = 0;
export const LOOK_NONE = 1;
/** The look of a cell: free, no start, or the lowest kind bit of its mask. */
export function lookOf(mask) {
  if (mask < 0) return LOOK_NONE;
  if (mask === 0) return LOOK_FREE;
  return 2 + (31 - Math.clz32(mask & -mask));
}

/** `.sw.k<i>` and `.sw.free` for the legend, tooltip and dialog, from the very tiles the canvas uses. */
export function installSwatchStyles() {
  const rules = allLooks().map((look, i) => {
    const selector = i === LOOK_FREE ? '.sw.free' : i === LOOK_NONE ? '.sw.none' : `.sw.k${i - 2}`;
    const image = look.tile ? `url("${look.tile.toDataURL()}")` : 'none';
    return `${selector} { background: ${look.fill} ${image}; box-shadow: inset 4px 0 0 ${look.key}; padding-left: 6px; }`;
  });
  const style = document.createElement('style');
  style.textContent = rules.join('\n');
  document.head.append(style);
}

/** Fill styles for one canvas context (patterns are made per context). */
export function fillsFor(ctx) {
  return allLooks().map((look) => (look.tile ? ctx.createPattern(look.tile, 'repeat') : look.fill));
}
