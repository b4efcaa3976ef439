// The demo page in real headless Chromium: what it paints while a session is dragged must be exactly the
// engine's conflict map, drops and overrides must land in the engine, auto-schedule must place only
// conflict-free sessions, and keyboard users get the same. Screenshots go to tests/artifacts/browser/.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';

import {
  allCells, byCell, cellPoint, chipOf, expectedCells, grab, kindBit, lookOf, minutesOf, nodeEngine, openDemo, readJson, root,
  screenshot, servedPayload, sessionsOf, soloSessions, useBrowser,
} from './support.mjs';

const SAMPLE = readJson('demo/sample-school.json');
const WASM = path.join(root, 'js/dist/slotfit-core.wasm');

if (!existsSync(WASM)) throw new Error('js/dist/slotfit-core.wasm is missing: run `make wasm` first');

const browser = useBrowser();

/** A session of the sample whose conflict map has the cells a test needs. */
async function pickSession(payload, want) {
  const solo = await soloSessions(payload);
  const engine = await nodeEngine(payload);
  for (const s of solo) {
    const map = engine.conflictMap({ sessionId: s.id });
    const picked = want(s, map);
    if (picked) return { session: s, map, ...picked };
  }
  throw new Error('no session of the sample fits the test');
}

/** Every row of every day drawn with the look its conflict-map cell calls for (see demo/patterns.js). */
function assertDrawn(probe, map, win) {
  const want = new Map();
  for (const c of expectedCells(map, win)) want.set(`${c.day}@${c.start}`, c.mask);
  assert.equal(probe.length, map.days.length * ((win.end - win.start) / 5));
  const wrong = probe.filter((p) => p.look !== lookOf(want.get(`${p.day}@${p.start}`)));
  assert.deepEqual(wrong.slice(0, 5), [], `${wrong.length} rows drawn with the wrong look`);
  assert.ok(new Set(probe.map((p) => p.look)).size >= 4, 'too few looks drawn for this test to mean anything');
}



describe('the demo page', () => {
  test('loads the sample school cross-origin isolated, without supabase-js and without errors', async () => {
    const page = await openDemo(browser);
    try {
      assert.equal(await page.evaluate(() => crossOriginIsolated), true, 'COOP/COEP headers missing');
      const scheduled = SAMPLE.sessions.filter((s) => s.day_of_week != null);
      const solo = await soloSessions(SAMPLE);
      const groups = (await nodeEngine(SAMPLE)).groups();
      // One chip per session alone, one per group.
      assert.equal(await page.locator('#grid .session').count(), solo.length + groups.length);
      assert.equal(await page.locator('#grid .session .member').count(), scheduled.length - solo.length);
      for (const s of solo.slice(0, 5)) {
        const block = page.locator(`.session[data-id="${s.id}"]`);
        assert.equal(await block.getAttribute('data-day'), String(s.day_of_week));
        assert.equal(Number(await block.getAttribute('data-start')), minutesOf(s.start_time));
      }
      assert.match(await page.textContent('[data-metric="Database calls"]'), /^1 read · 0 writes/);
      assert.equal(await page.locator('#unscheduled .pending.placeholder').count(), SAMPLE.sessions.length - scheduled.length);
      assert.ok(!page.requests.some((u) => u.includes('supabase')), 'sample mode loaded supabase-js');
      const wasm = await page.request.get(`${browser.base}/js/dist/slotfit-core.wasm`);
      assert.equal(wasm.headers()['content-type'], 'application/wasm');
      assert.deepEqual(page.problems, []);
      await screenshot(page, '01-loaded', { fullPage: true });
    } finally {
      await page.close();
    }
  });

  test('a mouse drag paints every start of the week exactly as engine.conflictMap says, one query per frame', async () => {
    const page = await openDemo(browser);
    try {
      // A session whose week has free starts and at least three kinds of blocked ones: the comparison means something.
      const { session, map } = await pickSession(SAMPLE, (s, m) => {
        const kinds = new Set(allCells(m).map((c) => c.mask).filter((k) => k !== 0));
        return kinds.size >= 3 && allCells(m).some((c) => c.mask === 0) ? {} : null;
      });
      await grab(page, session.id);
      const win = await page.evaluate(() => window.slotfitDemo.grid.win);
      const painted = (await page.evaluate(() => window.slotfitDemo.paintedCells())).sort(byCell);
      assert.deepEqual(painted, expectedCells(map, win));
      // The page's own engine agrees with the node one (same wasm, same payload): nothing in between distorts it.
      const inPage = await page.evaluate((id) => {
        const m = window.slotfitDemo.engine.conflictMap({ sessionId: id });
        return Array.from(m.kinds);
      }, session.id);
      assert.deepEqual(inPage, Array.from(map.kinds));
      // And the canvases show it: the key strip of every row has the colour of its cell's look (free, no start
      // here, or the lowest kind), read back from the pixels.
      assertDrawn(await page.evaluate(() => window.slotfitDemo.probeCells()), map, win);

      // A fast sweep across the week: many pointer events, never more checks than frames. The frames are
      // counted here, with a requestAnimationFrame loop of the test's own.
      await page.evaluate(() => {
        window.testFrames = { n: 0, on: true };
        const tick = () => {
          if (!window.testFrames.on) return;
          window.testFrames.n += 1;
          requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      });
      const queriesBefore = await page.evaluate(() => window.slotfitDemo.drag.perFrame.queries);
      const target = allCells(map).find((c) => c.mask !== 0 && c.day !== session.day_of_week);
      const to = await cellPoint(page, target.day, target.start);
      await page.mouse.move(to.x, to.y, { steps: 40 });
      await page.waitForFunction(({ day, start }) => {
        const tip = document.getElementById('tooltip');
        return !tip.hidden && tip.dataset.day === String(day) && tip.dataset.start === String(start);
      }, target);
      const sweep = await page.evaluate((before) => {
        window.testFrames.on = false;
        return { queries: window.slotfitDemo.drag.perFrame.queries - before, frames: window.testFrames.n };
      }, queriesBefore);
      assert.ok(sweep.queries >= 1);
      assert.ok(sweep.queries <= sweep.frames + 1, `${sweep.queries} checks in ${sweep.frames} frames`);
      // Chromium already sends real pointer moves once per frame; a burst inside one task is what a fast
      // pointer on a busy page looks like: still one check in the frame, and then the latest position.
      const burst = allCells(map).filter((c) => c.day !== target.day).slice(0, 25);
      const last = burst.at(-1);
      const points = [];
      for (const c of burst) points.push(await cellPoint(page, c.day, c.start));
      const burstFrame = await page.evaluate((pts) => {
        const drag = window.slotfitDemo.drag;
        const before = drag.perFrame.queries;
        for (const p of pts) document.dispatchEvent(new PointerEvent('pointermove', { bubbles: true, pointerId: 1, clientX: p.x, clientY: p.y }));
        return drag.perFrame.queries - before;
      }, points);
      assert.ok(burstFrame <= 1, `${burstFrame} checks for ${points.length} moves in one task`);
      await page.waitForFunction(({ day, start }) => {
        const tip = document.getElementById('tooltip');
        return tip.dataset.day === String(day) && tip.dataset.start === String(start);
      }, last);
      // Moves trickling in, each in a task of its own between frames: still no more checks than frames.
      const trickle = allCells(map).filter((c) => c.day !== last.day).slice(0, 30);
      const trickled = [];
      for (const c of trickle) trickled.push(await cellPoint(page, c.day, c.start));
      const spread = await page.evaluate((pts) => new Promise((resolve) => {
        const drag = window.slotfitDemo.drag;
        const before = drag.perFrame.queries;
        let frames = 0;
        let on = true;
        const tick = () => {
          if (!on) return;
          frames += 1;
          requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
        const channel = new MessageChannel();
        let i = 0;
        channel.port1.onmessage = () => {
          const p = pts[i];
          document.dispatchEvent(new PointerEvent('pointermove', { bubbles: true, pointerId: 1, clientX: p.x, clientY: p.y }));
          i += 1;
          if (i < pts.length) setTimeout(() => channel.port2.postMessage(0), 0);
          else setTimeout(() => { on = false; resolve({ queries: drag.perFrame.queries - before, frames }); }, 50);
        };
        channel.port2.postMessage(0);
      }), trickled);
      assert.ok(spread.queries <= spread.frames + 1, `${spread.queries} checks in ${spread.frames} frames`);
      // Back to the target for the tooltip check below.
      await page.mouse.move(to.x, to.y + 1);
      await page.mouse.move(to.x, to.y);
      await page.waitForFunction(({ day, start }) => {
        const tip = document.getElementById('tooltip');
        return tip.dataset.day === String(day) && tip.dataset.start === String(start);
      }, target);
      // The tooltip names the kinds of the painted cell under the pointer, from engine.check.
      const tipKinds = (await page.getAttribute('#tooltip', 'data-kinds')).split(',').filter(Boolean);
      const { kindsOf } = await import('../../js/node.js');
      assert.deepEqual([...new Set(tipKinds)].sort(), kindsOf(target.mask).sort());
      assert.match(await page.textContent('#tooltip'), /[A-Z]/);
      await screenshot(page, '02-dragging', { fullPage: true });
      await page.keyboard.press('Escape');
      await page.mouse.up();
      assert.equal(await page.locator('#grid .paint.on').count(), 0, 'paint left on after cancel');
      const after = await sessionsOf(page);
      assert.equal(after.get(session.id).start_time, session.start_time, 'a cancelled drag moved the session');
      assert.deepEqual(page.problems, []);
    } finally {
      await page.close();
    }
  });

  test('a drop on a free start moves the session, and undo puts it back', async () => {
    const page = await openDemo(browser);
    try {
      const { session, target } = await pickSession(SAMPLE, (s, m) => {
        const free = allCells(m).find((c) => c.mask === 0 && c.day !== s.day_of_week);
        return free ? { target: free } : null;
      });
      await grab(page, session.id);
      const to = await cellPoint(page, target.day, target.start);
      await page.mouse.move(to.x, to.y, { steps: 8 });
      await page.waitForSelector('#tooltip.tip.ok');
      await page.mouse.up();
      await page.waitForFunction(({ id, day }) => document.querySelector(`.session[data-id="${id}"]`)?.dataset.day === String(day),
        { id: session.id, day: target.day });
      const moved = (await sessionsOf(page)).get(session.id);
      assert.equal(moved.day_of_week, target.day);
      assert.equal(minutesOf(moved.start_time), target.start);
      assert.equal(moved.status, 'active');
      assert.equal(await page.locator('#override').evaluate((d) => d.open), false, 'a free drop asked for an override');
      // The moved session is outlined, and the status names the day and the time it went to.
      assert.equal(await page.locator(`.session.fresh[data-id="${session.id}"]`).count(), 1, 'the moved session is not highlighted');
      assert.match(await page.textContent('#status'), /moved to (Monday|Tuesday|Wednesday|Thursday|Friday), \d{1,2}:\d\d/);
      // The page's engine took the move: the session's old place is no longer occupied by it.
      const engineSays = await page.evaluate(({ s, target: t }) => window.slotfitDemo.engine.check({
        studentId: s.student_id, day: t.day, start: t.start, minutes: 1, ignoreSessionId: null,
      }).map((c) => c.kind), { s: session, target });
      assert.ok(engineSays.includes('student-overlap'), 'the engine does not see the moved session at its new place');
      await screenshot(page, '03-dropped-free', { fullPage: true });

      await page.click('#undo');
      await page.waitForFunction(({ id, day }) => document.querySelector(`.session[data-id="${id}"]`)?.dataset.day === String(day),
        { id: session.id, day: session.day_of_week });
      const back = (await sessionsOf(page)).get(session.id);
      assert.equal(back.start_time, session.start_time);
      assert.equal(await page.locator('#undo').isDisabled(), true);
      assert.deepEqual(page.problems, []);
    } finally {
      await page.close();
    }
  });

  test('a drop on a blocked start asks; cancel keeps it, override marks it "needs attention" with the reasons', async () => {
    const page = await openDemo(browser);
    try {
      const BELL = kindBit('bell-schedule');
      const { session, target } = await pickSession(SAMPLE, (s, m) => {
        const blocked = allCells(m).find((c) => (c.mask & BELL) !== 0 && c.day !== s.day_of_week);
        return blocked ? { target: blocked } : null;
      });
      const to = await cellPoint(page, target.day, target.start);

      await grab(page, session.id);
      await page.mouse.move(to.x, to.y, { steps: 6 });
      await page.mouse.up();
      await page.waitForSelector('#override[open]');
      const listed = await page.textContent('#override-list');
      assert.match(listed, /Bell schedule/);
      await screenshot(page, '04-override-dialog');
      await page.click('#override-cancel');
      await page.waitForFunction(() => !document.getElementById('override').open);
      assert.equal((await sessionsOf(page)).get(session.id).start_time, session.start_time);

      await grab(page, session.id);
      await page.mouse.move(to.x, to.y, { steps: 6 });
      await page.mouse.up();
      await page.waitForSelector('#override[open]');
      await page.click('#override-confirm');
      await page.waitForSelector(`.session.attn[data-id="${session.id}"]`);
      const moved = (await sessionsOf(page)).get(session.id);
      assert.equal(moved.day_of_week, target.day);
      assert.equal(minutesOf(moved.start_time), target.start);
      assert.equal(moved.status, 'needs_attention');
      const reasons = await page.textContent(`#attention li[data-id="${session.id}"] .reasons`);
      assert.match(reasons, /Bell schedule/);
      assert.match(await page.getAttribute(`.session[data-id="${session.id}"]`, 'aria-label'), /needs attention: .*Bell schedule/);
      await screenshot(page, '05-override-done', { fullPage: true });
      assert.deepEqual(page.problems, []);
    } finally {
      await page.close();
    }
  });

  test('keyboard: Space picks a session up, the arrow keys move it with the same painting and feedback, Enter drops, Escape cancels', async () => {
    const page = await openDemo(browser);
    try {
      // A session with a free start further down the same day: ArrowDown steps of 5 minutes reach it.
      const { session, steps, map } = await pickSession(SAMPLE, (s, m) => {
        const d = Array.from(m.days).indexOf(s.day_of_week);
        const n = m.starts.length;
        const origin = Array.from(m.starts).indexOf(minutesOf(s.start_time));
        for (let k = 2; origin + k < n && k < 12; k += 1) if (m.kinds[d * n + origin + k] === 0) return { steps: k };
        return null;
      });
      const block = page.locator(`.session[data-id="${session.id}"]`);
      await block.focus();
      await page.keyboard.press('Space');
      await page.keyboard.press('ArrowDown');
      const win = await page.evaluate(() => window.slotfitDemo.grid.win);
      const painted = (await page.evaluate(() => window.slotfitDemo.paintedCells())).sort(byCell);
      assert.deepEqual(painted, expectedCells(map, win), 'keyboard move paints a different week');
      assertDrawn(await page.evaluate(() => window.slotfitDemo.probeCells()), map, win);
      for (let k = 1; k < steps; k += 1) await page.keyboard.press('ArrowDown');
      const want = minutesOf(session.start_time) + steps * 5;
      await page.waitForFunction((start) => document.getElementById('tooltip').dataset.start === String(start), want);
      const live = await page.textContent('#live');
      assert.match(live, /: free\.$/);
      await screenshot(page, '06-keyboard-move');
      await page.keyboard.press('Enter');
      await page.waitForFunction(({ id, start }) => document.querySelector(`.session[data-id="${id}"]`)?.dataset.start === String(start),
        { id: session.id, start: want });
      assert.equal(await page.evaluate(() => document.activeElement?.dataset.id), session.id, 'focus lost after the move');

      // Escape: nothing changes.
      await page.keyboard.press('Space');
      await page.keyboard.press('ArrowRight');
      assert.equal(await page.locator('#grid .paint.on').count() > 0, true);
      await page.keyboard.press('Escape');
      assert.equal(await page.locator('#grid .paint.on').count(), 0);
      assert.equal(minutesOf((await sessionsOf(page)).get(session.id).start_time), want);
      assert.deepEqual(page.problems, []);
    } finally {
      await page.close();
    }
  });

  test('pending sessions: a placeholder placed with the keyboard keeps its id, a missing one dragged in gets a new row', async () => {
    const page = await openDemo(browser);
    try {
      const engine = await nodeEngine(SAMPLE);
      const firstFree = (map) => allCells(map).find((c) => c.mask === 0);
      const placeholder = SAMPLE.sessions.find((s) => s.day_of_week == null);
      const want = firstFree(engine.conflictMap({ sessionId: placeholder.id }));
      const pendingBefore = await page.locator('#unscheduled li').count();
      await page.locator(`#unscheduled .pending[data-session="${placeholder.id}"]`).focus();
      await page.keyboard.press('Enter');
      await page.waitForFunction(({ day, start }) => document.getElementById('tooltip').dataset.start === String(start)
        && document.getElementById('tooltip').dataset.day === String(day), want);
      await page.keyboard.press('Enter');
      await page.waitForSelector(chipOf(placeholder.id));
      const filled = (await sessionsOf(page)).get(placeholder.id);
      assert.equal(filled.day_of_week, want.day);
      assert.equal(minutesOf(filled.start_time), want.start);
      const student = SAMPLE.students.find((x) => x.id === placeholder.student_id);
      assert.equal(minutesOf(filled.end_time) - minutesOf(filled.start_time), student.minutes_per_session);
      assert.equal(await page.locator('#unscheduled li').count(), pendingBefore - 1);

      const missing = page.locator('#unscheduled .pending.missing').first();
      const studentId = await missing.getAttribute('data-student');
      const minutes = Number(await missing.getAttribute('data-minutes'));
      const ids = new Set((await sessionsOf(page)).keys());
      const snap = await page.evaluate(() => window.slotfitDemo.snapshot());
      const target = firstFree((await nodeEngine(snap)).conflictMap({ studentId, minutes }));
      // Focusing the placed block may have scrolled the page, and the list scrolls on its own.
      await page.evaluate(() => window.scrollTo(0, 0));
      await missing.scrollIntoViewIfNeeded();
      const box = await missing.boundingBox();
      await page.mouse.move(box.x + 20, box.y + box.height / 2);
      await page.mouse.down();
      // A pending item is held at its middle: aim the middle of the session at the target start.
      const to = await cellPoint(page, target.day, target.start + minutes / 2, 0);
      await page.mouse.move(to.x, to.y, { steps: 10 });
      await page.waitForSelector('#tooltip.tip.ok');
      await page.mouse.up();
      await page.waitForFunction((n) => document.querySelectorAll('#unscheduled li').length === n, pendingBefore - 2);
      const added = [...(await sessionsOf(page)).values()].filter((s) => !ids.has(s.id));
      assert.equal(added.length, 1);
      assert.equal(added[0].student_id, studentId);
      assert.equal(added[0].day_of_week, target.day);
      assert.equal(minutesOf(added[0].start_time), target.start);
      assert.equal(added[0].service_type, SAMPLE.provider.role);
      assert.match(added[0].id, /^[0-9a-f-]{36}$/);
      assert.equal(await page.locator(chipOf(added[0].id)).count(), 1);
      assert.deepEqual(page.problems, []);
    } finally {
      await page.close();
    }
  });

  test('auto-schedule runs in the worker and every session on the page is conflict-free afterwards', async () => {
    const page = await openDemo(browser);
    try {
      await page.selectOption('#strategy', 'balanced');
      await page.click('#auto');
      await page.waitForFunction(() => window.slotfitDemo.lastAuto?.phase === 'preview', null, { timeout: 20000 });
      await page.click('#proposal-accept');
      await page.waitForFunction(() => window.slotfitDemo.lastAuto?.phase === 'accepted', null, { timeout: 20000 });
      const auto = await page.evaluate(() => {
        const r = window.slotfitDemo.lastAuto;
        return { placed: r.placedIds, stats: r.stats, unplaced: r.unplaced.length };
      });
      assert.ok(auto.placed.length > 0);
      assert.equal(auto.placed.length, auto.stats.sessionsPlaced);
      assert.ok(page.workers().some((w) => w.url().endsWith('/js/worker.js')), 'no module worker of the package was started');
      // Every placement is drawn on the grid.
      for (const id of auto.placed) {
        assert.equal(await page.locator(`#grid .session.fresh[data-id="${id}"], #grid .session.group.fresh:has(.member[data-id="${id}"])`).count(), 1, id);
      }
      // Re-check every scheduled session of the page's week through the engine (node side, the same wasm).
      const snap = await page.evaluate(() => window.slotfitDemo.snapshot());
      const engine = await nodeEngine(snap);
      const scheduled = snap.sessions.filter((s) => s.day_of_week != null);
      // Filled placeholders and new rows alike: each placement is one more scheduled session.
      assert.equal(scheduled.length, SAMPLE.sessions.filter((s) => s.day_of_week != null).length + auto.placed.length);
      for (const s of scheduled) {
        const start = minutesOf(s.start_time);
        const conflicts = engine.check({
          studentId: s.student_id, day: s.day_of_week, start, minutes: minutesOf(s.end_time) - start, ignoreSessionId: s.id,
        });
        assert.deepEqual([...conflicts], [], `${s.id} on ${s.day_of_week} ${s.start_time}`);
      }
      // And the page's engine holds the same week (its checks of the placements are free as well).
      const pageConflicts = await page.evaluate((ids) => {
        const demo = window.slotfitDemo;
        const rows = demo.snapshot().sessions.filter((s) => ids.includes(s.id));
        const m = (t) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
        return rows.flatMap((s) => demo.engine.check({
          studentId: s.student_id, day: s.day_of_week, start: m(s.start_time), minutes: m(s.end_time) - m(s.start_time), ignoreSessionId: s.id,
        }));
      }, auto.placed);
      assert.deepEqual(pageConflicts, []);
      assert.match(await page.textContent('#auto-result'), /candidates evaluated/);
      assert.equal(typeof auto.stats.upperBound, 'number');
      assert.equal(await page.textContent('#auto-result .bound'),
        `Placed ${auto.stats.sessionsPlaced} of ${auto.stats.sessionsNeeded} · keeping today's sessions where they are, `
        + `no schedule places more than ${auto.stats.upperBound}${auto.stats.optimal ? ' (this one is optimal)' : ''}`);
      assert.match(await page.textContent('[data-metric="Auto-schedule"]'), /in the worker/);
      await screenshot(page, '07-auto-scheduled', { fullPage: true });
      assert.deepEqual(page.problems, []);
    } finally {
      await page.close();
    }
  });

  test('a 200-student payload: auto-schedule lists each unplaced student with its reasons per rule', async () => {
    const { query } = await servedPayload(200);
    const page = await openDemo(browser, query);
    try {
      await page.selectOption('#strategy', 'grade-grouped');
      await page.click('#auto');
      await page.waitForFunction(() => window.slotfitDemo.lastAuto?.phase === 'preview', null, { timeout: 30000 });
      const unplaced = await page.evaluate(() => window.slotfitDemo.lastAuto.unplaced);
      assert.ok(unplaced.length > 0, 'the 200-student week was expected to leave someone unplaced');
      const items = page.locator('#auto-result .unplaced li');
      assert.equal(await items.count(), unplaced.length);
      const first = await items.first().textContent();
      const [topKind] = Object.entries(unplaced[0].ruledOut).sort((a, b) => b[1] - a[1])[0];
      assert.match(first, new RegExp(`placed ${unplaced[0].placed} of ${unplaced[0].needed}`));
      assert.match(first, new RegExp(`${String(unplaced[0].ruledOut[topKind])}`));
      await screenshot(page, '08-auto-200', { fullPage: true });
      assert.deepEqual(page.problems, []);
    } finally {
      await page.close();
    }
  });

  test('overlays for a grade, a teacher and a student draw their rows with labels', async () => {
    const page = await openDemo(browser);
    try {
      await page.selectOption('#clock', '24');
      const grades = (text) => String(text ?? '').split(',').map((g) => g.trim().toUpperCase()).filter(Boolean);
      const blocking = SAMPLE.bell_schedules.filter((b) => !/^\s*period\b/i.test(b.period_name ?? ''));
      // Grade 1: its bell rows (class periods left out), and nothing else of the bell table.
      await page.selectOption('#overlay-target', 'grade:1');
      const bell = blocking.filter((b) => grades(b.grade_level).includes('1'));
      assert.ok(bell.length > 0);
      assert.equal(await page.locator('#grid .band.bell').count(), bell.length);
      const lunch = bell.find((b) => b.period_name === 'Lunch');
      const band = page.locator(`#grid .day[data-day="${lunch.day_of_week}"] .band.bell`, { hasText: 'Lunch' });
      assert.equal(await band.count(), 1);
      assert.match(await band.getAttribute('title'), new RegExp(`Lunch ${lunch.start_time.slice(0, 5)}–${lunch.end_time.slice(0, 5)}`));

      // A teacher with an id: their specials, including rows that carry only their name in another spelling.
      const teacher = SAMPLE.special_activities.find((a) => a.teacher_id != null && SAMPLE.special_activities
        .some((b) => b.teacher_id == null && b.teacher_name.trim().replace(/\s+/g, ' ').toLowerCase()
          === a.teacher_name.toLowerCase()));
      const norm = (n) => n.trim().replace(/\s+/g, ' ').toLowerCase();
      const theirs = SAMPLE.special_activities.filter((a) => a.teacher_id === teacher.teacher_id
        || (a.teacher_id == null && norm(a.teacher_name) === norm(teacher.teacher_name)));
      await page.selectOption('#overlay-target', `teacher:id:${teacher.teacher_id}`);
      assert.equal(await page.locator('#grid .band.special').count(), theirs.length);

      // A student with protected time.
      const row = SAMPLE.protected_times.find((p) => p.student_id != null && SAMPLE.students.some((x) => x.id === p.student_id));
      await page.selectOption('#overlay-target', `student:${row.student_id}`);
      const prot = page.locator(`#grid .day[data-day="${row.day_of_week}"] .band.protected`, { hasText: row.label });
      assert.ok(await prot.count() >= 1);
      // Switching a layer off removes its bands.
      await page.uncheck('#overlay-layers input[value="protected"]');
      assert.equal(await page.locator('#grid .band.protected').count(), 0);
      await page.check('#overlay-layers input[value="protected"]');
      // The provider's busy times are always drawn, whoever is picked.
      assert.equal(await page.locator('#grid .band.busy').count(), SAMPLE.provider_busy_times.length);
      await page.selectOption('#overlay-target', '');
      assert.equal(await page.locator('#grid .band.busy').count(), SAMPLE.provider_busy_times.length);
      await screenshot(page, '10-overlays', { fullPage: true });
      assert.deepEqual(page.problems, []);
    } finally {
      await page.close();
    }
  });

  test('CSV export and the print stylesheet', async () => {
    const page = await openDemo(browser);
    try {
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('#csv')]);
      assert.equal(download.suggestedFilename(), 'slotfit-week.csv');
      const text = readFileSync(await download.path(), 'utf8');
      const lines = text.trimEnd().split('\r\n');
      assert.equal(lines[0], 'day,start,end,student,grade,teacher,service,status,needs_attention');
      assert.equal(lines.length - 1, SAMPLE.sessions.filter((s) => s.day_of_week != null).length);
      assert.match(lines[1], /^Monday,\d\d:\d\d,\d\d:\d\d,/);
      await page.emulateMedia({ media: 'print' });
      assert.equal(await page.locator('#auto').isVisible(), false, 'buttons are printed');
      assert.equal(await page.locator('#pending-panel').isVisible(), false);
      assert.ok(await page.locator('#grid .session').first().isVisible());
      // What the office reads off paper: the date, start–end, and the teacher of each chip.
      assert.match(await page.textContent('#print-date'), /^Printed \w+/);
      assert.ok(await page.locator('#print-date').isVisible());
      const withTeacher = (await soloSessions(SAMPLE)).find((s) => SAMPLE.students.find((x) => x.id === s.student_id)?.teacher_name);
      const chip = page.locator(`.session[data-id="${withTeacher.id}"]`);
      assert.ok(await chip.locator('.teacher').isVisible(), 'the teacher is not printed');
      assert.notEqual((await chip.locator('.teacher').textContent()).trim(), '');
      assert.match(await chip.locator(".t").textContent(), /\d( [AP]M)?–\d/);
      await screenshot(page, '09-print', { fullPage: true });
      assert.deepEqual(page.problems, []);
    } finally {
      await page.close();
    }
  });
});
