// Shared by the browser tests and the demo benchmark: the demo server, Debian's headless Chromium (chromium.mjs),
// and the package on the node side to compute what the page should show.
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before } from 'node:test';
import { fileURLToPath } from 'node:url';

import { startServer } from '../../demo/serve.mjs';
import { CONFLICT_KINDS } from '../../js/generated/lists.js';
import { toMinutes } from '../../js/time.js';
import { launchChromium } from './chromium.mjs';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const artifacts = path.join(root, 'tests/artifacts/browser');

export const readJson = (rel) => JSON.parse(readFileSync(path.join(root, rel), 'utf8'));

/** The demo server on a free port and one Chromium with a fresh profile; `close()` leaves nothing running. */
export async function openBrowser({ viewport = { width: 1400, height: 1000 }, hasTouch = false, locale = undefined } = {}) {
  mkdirSync(artifacts, { recursive: true });
  const server = await startServer({ port: 0 });
  let chromium;
  try {
    chromium = await launchChromium({ viewport, acceptDownloads: true, hasTouch, locale });
  } catch (error) {
    server.close();
    throw error;
  }
  const base = `http://127.0.0.1:${server.address().port}`;
  return {
    base,
    context: chromium.context,
    profile: chromium.profile,
    async close() {
      await chromium.context.close().catch(() => {});
      await new Promise((resolve) => server.close(resolve));
      server.closeAllConnections?.();
      await chromium.close();
    },
  };
}

/** Processes still running whose command line names the profile directory (Chromium and its helpers). */
export function processesUsing(profile) {
  const found = [];
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    let cmdline = '';
    try {
      cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    if (cmdline.includes(profile)) found.push(Number(pid));
  }
  return found;
}

/** Closes the browser and fails when any Chromium process of its profile outlives it. */
export async function closeBrowser(browser) {
  const profile = browser?.profile;
  await browser?.close();
  if (!profile) return;
  // Chromium's helpers can take a moment to go after the browser process.
  for (let i = 0; i < 20 && processesUsing(profile).length > 0; i += 1) await new Promise((r) => setTimeout(r, 100));
  assert.deepEqual(processesUsing(profile), [], 'a Chromium process outlived the tests');
}

/**
 * The browser of a test file (or of the describe block it is called in): opened before the first test, closed
 * after the last, failing when a Chromium process outlives it. Stands for the browser of openBrowser().
 */
export function useBrowser(options) {
  let opened = null;
  before(async () => {
    opened = await openBrowser(options);
  });
  after(async () => {
    await closeBrowser(opened);
  });
  return {
    get base() { return opened.base; },
    get context() { return opened.context; },
    get profile() { return opened.profile; },
  };
}

/**
 * A new page that collects console errors and page errors in `page.problems` (so that a test can assert there
 * were none) and the URLs it requests in `page.requests`.
 */
export async function newPage(browser) {
  const page = await browser.context.newPage();
  page.problems = [];
  page.requests = [];
  page.on('pageerror', (error) => page.problems.push(`pageerror: ${error.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') page.problems.push(`console: ${msg.text()}`);
  });
  page.on('request', (request) => page.requests.push(request.url()));
  return page;
}

/** A page on the demo (see newPage), ready: engine loaded, week drawn. */
export async function openDemo(browser, query = '') {
  const page = await newPage(browser);
  await page.goto(`${browser.base}/demo/${query}`);
  await page.evaluate(() => window.slotfitDemo.ready);
  return page;
}

export async function screenshot(page, name, options = {}) {
  const file = path.join(artifacts, `${name}.png`);
  await page.screenshot({ path: file, ...options });
  return file;
}

/** A generated payload written where the demo server can serve it; answers its ?payload= query. */
export async function servedPayload(students, seed = 7) {
  const { generatePayload } = await import('../fixtures/generate-payload.mjs');
  const file = path.join(root, 'tests/artifacts', `payload-${students}-seed${seed}.json`);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(generatePayload({ students, seed })));
  return { file, query: `?payload=${encodeURIComponent(`/tests/artifacts/${path.basename(file)}`)}` };
}

let enginePromise = null;
/** A node-side engine of the package (same built wasm), loaded with `payload`. */
export async function nodeEngine(payload) {
  enginePromise ??= import('../../js/node.js').then((pkg) => pkg.createEngine());
  const engine = await enginePromise;
  engine.load(payload);
  return engine;
}

/** A conflict map as a list: one {day, start, mask} per day and start. */
export function allCells(map) {
  const out = [];
  const n = map.starts.length;
  for (let d = 0; d < map.days.length; d += 1) {
    for (let s = 0; s < n; s += 1) out.push({ day: map.days[d], start: map.starts[s], mask: map.kinds[d * n + s] });
  }
  return out;
}

/** A conflict map as the list of cells the page paints: one {day, start, mask} per start inside the window. */
export function expectedCells(map, win) {
  return allCells(map).filter((c) => c.start >= win.start && c.start < win.end).sort(byCell);
}

export const byCell = (a, b) => a.day - b.day || a.start - b.start;

/** The bit of a conflict kind in a conflict mask, from the generated list (lists/lists.json). */
export function kindBit(kind) {
  const i = CONFLICT_KINDS.indexOf(kind);
  if (i < 0) throw new Error(`no conflict kind ${JSON.stringify(kind)}`);
  return 1 << i;
}

/**
 * The look the page should draw for a cell's mask (0 free, 1 no start here, 2 + the lowest kind bit), written
 * here apart from demo/patterns.js so that the tests check the page instead of repeating it.
 */
export const lookOf = (mask) => (mask === undefined || mask < 0 ? 1 : mask === 0 ? 0 : 2 + (31 - Math.clz32(mask & -mask)));

/** The page's scheduled sessions by id, from its own model. */
export async function sessionsOf(page) {
  const snap = await page.evaluate(() => window.slotfitDemo.snapshot());
  return new Map(snap.sessions.map((s) => [s.id, s]));
}

/** The screen point at which to press/release so that a session lands on (day, start): same offset as the grab. */
export async function cellPoint(page, day, start, offsetY = 3) {
  return page.evaluate(({ day, start, offsetY }) => {
    const grid = window.slotfitDemo.grid;
    const col = document.querySelector(`#grid .day[data-day="${day}"]`).getBoundingClientRect();
    return { x: col.left + col.width / 2, y: col.top + grid.top(start) + offsetY };
  }, { day, start, offsetY });
}

export const minutesOf = (text) => (text == null ? null : toMinutes(text));

const AXE = path.join(root, 'node_modules/axe-core/axe.min.js');

/**
 * axe-core's violations of impact serious or critical on the page as it is now (WCAG 2.x A and AA rules and
 * best practices): `[{id, impact, nodes: [target…]}]`.
 */
export async function seriousViolations(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(async () => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
    resultTypes: ['violations'],
  }));
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')}: ${n.failureSummary}`) }));
}

/**
 * Presses on a chip (a session id, or a locator: a group's chip, a member's name) 3 px below its top and moves
 * 6 px (past the 5 px that make a press a drag).
 */
export async function grab(page, chip) {
  const handle = typeof chip === 'string' ? page.locator(`.session[data-id="${chip}"]`) : chip;
  const box = await handle.boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + 3);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2, box.y + 9);
  await page.waitForFunction(() => window.slotfitDemo.drag.active);
}

/** Grabs a chip (see grab) and moves it over (day, start); the button stays down. */
export async function dragOver(page, chip, day, start, { steps = 6 } = {}) {
  await grab(page, chip);
  const to = await cellPoint(page, day, start);
  await page.mouse.move(to.x, to.y, { steps });
}

/** The scheduled sessions of a payload that are in no group (each has a chip of its own; a group's members share one). */
export async function soloSessions(payload) {
  const engine = await nodeEngine(payload);
  const grouped = new Set(engine.groups().flatMap((g) => g.sessionIds));
  return payload.sessions.filter((s) => s.day_of_week != null && !grouped.has(s.id));
}

/** The selector of the chip that shows a session: its own, or its group's. */
export const chipOf = (id) => `#grid .session[data-id="${id}"], #grid .session.group:has(.member[data-id="${id}"])`;
