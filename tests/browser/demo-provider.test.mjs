// The demo as a provider uses it (issue 14), in real headless Chromium: the week's constraints always in view and
// painted as taken time, chips that identify students, presses that are clicks until they are drags, one Tab
// stop for the week, keyboard moves that end when the focus leaves, auto-schedule as a proposal, and axe-core
// finding nothing serious or critical in any of these states.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
  allCells, cellPoint, expectedCells, grab, kindBit, lookOf, minutesOf, nodeEngine, openDemo, readJson, screenshot, seriousViolations,
  servedPayload, sessionsOf, soloSessions, useBrowser,
} from './support.mjs';

const SAMPLE = readJson('demo/sample-school.json');
// Sessions in no group: each has a chip of its own (demo-groups.test.mjs covers the groups).
const SOLO = await soloSessions(SAMPLE);
const BELL = kindBit('bell-schedule');

const browser = useBrowser({ viewport: { width: 1440, height: 900 } });

const grades = (text) => String(text ?? '').split(',').map((g) => g.trim().toUpperCase()).filter(Boolean);

describe('the demo for a provider', () => {
  test('axe-core: nothing serious or critical at rest, while dragging, in both dialogs and in the auto-schedule preview', async () => {
    const page = await openDemo(browser);
    try {
      assert.deepEqual(await seriousViolations(page), [], 'initial state');
      const { id } = SOLO[0];
      await grab(page, id);
      await page.mouse.move(600, 500, { steps: 4 });
      await page.waitForSelector('#tooltip:not([hidden])');
      assert.deepEqual(await seriousViolations(page), [], 'during a drag');
      // The override dialog: drop on a start its bell schedule blocks.
      const engine = await nodeEngine(SAMPLE);
      const blocked = allCells(engine.conflictMap({ sessionId: id })).find((c) => c.mask === BELL);
      const to = await cellPoint(page, blocked.day, blocked.start);
      await page.mouse.move(to.x, to.y, { steps: 4 });
      await page.mouse.up();
      await page.waitForSelector('#override[open]');
      assert.deepEqual(await seriousViolations(page), [], 'in the override dialog');
      await page.click('#override-cancel');
      await page.click(`.session[data-id="${id}"]`);
      await page.waitForSelector('#details[open]');
      assert.deepEqual(await seriousViolations(page), [], 'in the details dialog');
      await page.keyboard.press('Escape');
      await page.click('#auto');
      await page.waitForFunction(() => window.slotfitDemo.lastAuto?.phase === 'preview', null, { timeout: 20000 });
      assert.deepEqual(await seriousViolations(page), [], 'in the auto-schedule preview');
      assert.deepEqual(page.problems, []);
    } finally {
      await page.close();
    }
  });

  test('the provider\'s busy time and days off are drawn from the start; a selected student adds their lunch, recess and specials', async () => {
    const page = await openDemo(browser);
    try {
      assert.equal(await page.locator('#grid .band.busy').count(), SAMPLE.provider_busy_times.length);
      assert.equal(await page.locator('#grid .band.bell').count(), 0);
      const session = SOLO.find((s) => SAMPLE.students.find((x) => x.id === s.student_id)?.grade_level === '1');
      await page.locator(`.session[data-id="${session.id}"]`).focus();
      const theirs = SAMPLE.bell_schedules.filter((b) => grades(b.grade_level).includes('1') && !/^\s*period\b/i.test(b.period_name ?? ''));
      assert.ok(theirs.length > 0);
      assert.equal(await page.locator('#grid .band.bell').count(), theirs.length);
      // Exactly the rows the engine says bind the student, kind by kind.
      const binding = (await nodeEngine(SAMPLE)).rowsFor({ studentId: session.student_id });
      for (const [kind, layer] of [['bell-schedule', 'bell'], ['special-activity', 'special']]) {
        const want = binding.filter((r) => r.kind === kind);
        assert.equal(await page.locator(`#grid .band.${layer}`).count(), want.length, kind);
        for (const r of want) assert.equal(await page.locator(`#grid .day[data-day="${r.day}"] .band.${layer}`, { hasText: r.label }).count() > 0, true, r.label);
      }
      const protectedRows = binding.filter((r) => r.kind === 'protected-time' || r.kind === 'other-provider');
      assert.equal(await page.locator('#grid .band.protected').count(), protectedRows.length);
      // Bands that overlap share the column's width instead of covering each other's labels.
      const overlapping = await page.evaluate(() => {
        let bad = 0;
        for (const day of document.querySelectorAll('#grid .day')) {
          const boxes = [...day.querySelectorAll('.band')].map((b) => b.getBoundingClientRect());
          for (let i = 0; i < boxes.length; i += 1) {
            for (let j = i + 1; j < boxes.length; j += 1) {
              const a = boxes[i];
              const b = boxes[j];
              if (a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1) bad += 1;
            }
          }
        }
        return bad;
      });
      assert.equal(overlapping, 0, 'bands cover each other');
      assert.deepEqual(page.problems, []);
    } finally {
      await page.close();
    }
  });

  test('while dragging, the painting marks the time lunch takes, not the starts it rules out; the start strip shows those', async () => {
    const page = await openDemo(browser);
    try {
      const engine = await nodeEngine(SAMPLE);
      const win = await page.evaluate(() => window.slotfitDemo.grid.win);
      // A session of 15 minutes or more and a bell row of its grade with no other bell row within its length before it.
      let pick = null;
      for (const s of SOLO) {
        if (pick) continue;
        const length = minutesOf(s.end_time) - minutesOf(s.start_time);
        const grade = SAMPLE.students.find((x) => x.id === s.student_id)?.grade_level;
        if (length < 15 || !grade) continue;
        const rows = SAMPLE.bell_schedules.filter((b) => grades(b.grade_level).includes(grade.toUpperCase())
          && !/^\s*period\b/i.test(b.period_name ?? ''));
        for (const row of rows) {
          const from = minutesOf(row.start_time);
          if (from - length < win.start || from % 5 !== 0 || minutesOf(row.end_time) % 5 !== 0) continue;
          const crowded = rows.some((o) => o !== row && o.day_of_week === row.day_of_week
            && minutesOf(o.end_time) > from - length && minutesOf(o.start_time) < from);
          if (!crowded) {
            pick = { session: s, row, length };
            break;
          }
        }
      }
      assert.ok(pick, 'no session of the sample fits');
      const { session, row, length } = pick;
      await grab(page, session.id);
      const busy = new Map((await page.evaluate(() => window.slotfitDemo.busyCells())).map((c) => [`${c.day}@${c.start}`, c.mask]));
      const starts = new Map((await page.evaluate(() => window.slotfitDemo.paintedCells())).map((c) => [`${c.day}@${c.start}`, c.mask]));
      const day = row.day_of_week;
      for (let m = minutesOf(row.start_time); m < minutesOf(row.end_time); m += 5) {
        assert.ok(busy.get(`${day}@${m}`) & BELL, `${row.period_name} at ${m} is not painted as taken`);
      }
      for (let m = minutesOf(row.start_time) - length + 5; m < minutesOf(row.start_time); m += 5) {
        assert.equal(busy.get(`${day}@${m}`) & BELL, 0, `${m}, before ${row.period_name}, painted as taken by the bell schedule`);
        assert.ok(starts.get(`${day}@${m}`) & BELL, `the start strip does not rule out ${m}, which runs into ${row.period_name}`);
      }
      // The map itself agrees with the start strip.
      const map = engine.conflictMap({ sessionId: session.id });
      for (const c of expectedCells(map, win)) assert.equal(starts.get(`${c.day}@${c.start}`), c.mask);
      // And the pixels show both: the strip's key colour per start, the taken-time area's per row.
      const probe = await page.evaluate(() => window.slotfitDemo.probeCells());
      const wrong = probe.filter((p) => {
        const taken = busy.get(`${p.day}@${p.start}`);
        const start = starts.get(`${p.day}@${p.start}`) ?? -1;
        const wantBusy = taken !== 0 ? lookOf(taken) : start === 0 ? 0 : -1;
        return p.look !== lookOf(start) || p.busy !== wantBusy;
      });
      assert.deepEqual(wrong.slice(0, 5), [], `${wrong.length} rows drawn wrong`);
      await screenshot(page, 'p01-busy-painting');
      await page.keyboard.press('Escape');
      await page.mouse.up();
      assert.deepEqual(page.problems, []);
    } finally {
      await page.close();
    }
  });

  test('chips: initials, a grade tag and start–end; cut with an ellipsis, the full text in the name and title; grade colours apart under colour blindness', async () => {
    const page = await openDemo(browser);
    try {
      const chips = await page.evaluate(() => [...document.querySelectorAll('#grid .session:not(.group)')].map((c) => ({
        id: c.dataset.id, label: c.getAttribute('aria-label'), title: c.title,
        text: c.innerText.replace('⚠', '').replace(/\s+/g, ' ').trim(),
        cut: [...c.querySelectorAll('.who, .t')].every((x) => getComputedStyle(x).textOverflow === 'ellipsis' && getComputedStyle(x).whiteSpace === 'nowrap'),
      })));
      assert.equal(chips.length, SOLO.length);
      for (const chip of chips) {
        const row = SAMPLE.sessions.find((s) => s.id === chip.id);
        const student = SAMPLE.students.find((x) => x.id === row.student_id);
        const grade = student.grade_level?.trim().toUpperCase() || '–';
        assert.match(chip.text, new RegExp(`^${student.initials} ${grade} \\d{1,2}:\\d\\d`), chip.text);
        assert.ok(chip.label.startsWith(chip.text), `the name "${chip.label}" does not begin with the visible "${chip.text}"`);
        assert.ok(chip.title.startsWith(chip.text));
        assert.ok(chip.cut, `${chip.text} is not cut with an ellipsis`);
      }
      // Nine grade colours, pairwise CIELAB distance, as seen normally and through deuteranopia and protanopia
      // (Machado et al. 2009, severity 1).
      const colours = await page.evaluate(() => [...document.querySelectorAll('#grades .grade-key')]
        .map((k) => getComputedStyle(k).backgroundColor.match(/\d+/g).slice(0, 3).map(Number)));
      assert.ok(colours.length >= 7);
      const lin = (c) => ((c / 255) <= 0.04045 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4);
      const lab = ([r, g, b]) => {
        const x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.9505;
        const y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
        const z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.089;
        const f = (t) => (t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16 / 116);
        return [116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))];
      };
      const vision = {
        normal: [[1, 0, 0], [0, 1, 0], [0, 0, 1]],
        deuteranopia: [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]],
        protanopia: [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]],
      };
      for (const [name, m] of Object.entries(vision)) {
        const seen = colours.map((c) => {
          const l = c.map(lin);
          return lab(m.map((row) => Math.min(1, Math.max(0, row[0] * l[0] + row[1] * l[1] + row[2] * l[2]))));
        });
        let worst = Infinity;
        for (let i = 0; i < seen.length; i += 1) for (let j = i + 1; j < seen.length; j += 1) worst = Math.min(worst, Math.hypot(...seen[i].map((v, k) => v - seen[j][k])));
        assert.ok(worst >= 20, `two grade colours are ${worst.toFixed(1)} apart under ${name}`);
      }
      assert.deepEqual(page.problems, []);
    } finally {
      await page.close();
    }
  });

  test('times follow the browser\'s locale (12-hour in en-US) until the setting says otherwise, and the setting is kept', async () => {
    const page = await openDemo(browser);
    try {
      const clocks = await page.evaluate(async () => {
        const model = await import('/demo/model.js');
        return { us: model.clockOfLocale('en-US'), de: model.clockOfLocale('de-DE'), gb: model.clockOfLocale('en-GB'), here: model.clockOfLocale() };
      });
      assert.deepEqual(clocks, { us: 12, de: 24, gb: 24, here: 12 });
      assert.match(await page.textContent('#grid .times'), /\d AM.*\d PM/);
      const afternoon = SOLO.find((s) => minutesOf(s.start_time) >= 13 * 60);
      const chip = page.locator(`.session[data-id="${afternoon.id}"] .t`);
      assert.match(await chip.textContent(), /^\d:\d\d–\d{1,2}:\d\d PM$/);
      await page.selectOption('#clock', '24');
      assert.match(await chip.textContent(), /^1\d:\d\d–1\d:\d\d$/);
      await page.reload();
      await page.evaluate(() => window.slotfitDemo.ready);
      assert.match(await page.locator(`.session[data-id="${afternoon.id}"] .t`).textContent(), /^1\d:\d\d–1\d:\d\d$/);
      await page.selectOption('#clock', 'auto');
      assert.deepEqual(page.problems, []);
    } finally {
      await page.close();
    }
  });

  test('a press is a click until the pointer moves 5 px: a click opens the details, and Remove takes the session off the week (undoable)', async () => {
    const page = await openDemo(browser);
    try {
      const session = SOLO[0];
      const box = await page.locator(`.session[data-id="${session.id}"]`).boundingBox();
      const x = box.x + box.width / 2;
      const y = box.y + 4;
      const drags = () => page.evaluate(() => window.slotfitDemo.stats.map.count);
      const before = await drags();
      // 3 px of wobble: still a click.
      await page.mouse.move(x, y);
      await page.mouse.down();
      await page.mouse.move(x + 2, y + 2);
      assert.equal(await page.evaluate(() => window.slotfitDemo.drag.active), false, 'a 3 px wobble started a drag');
      await page.mouse.up();
      await page.waitForSelector('#details[open]');
      assert.equal(await drags(), before, 'a click painted the week');
      assert.equal(await page.locator('#grid .paint.on').count(), 0);
      const student = SAMPLE.students.find((s) => s.id === session.student_id);
      const facts = await page.textContent('#details-facts');
      assert.match(facts, new RegExp(`Student${student.initials}`));
      assert.match(facts, /Grade/);
      assert.match(facts, /Teacher/);
      assert.match(facts, /Group/);
      const conflicts = (await nodeEngine(SAMPLE)).check({
        studentId: session.student_id, day: session.day_of_week, start: minutesOf(session.start_time),
        minutes: minutesOf(session.end_time) - minutesOf(session.start_time), ignoreSessionId: session.id,
      });
      assert.equal(await page.locator('#details-conflicts li').count(), Math.max(1, conflicts.length));
      await screenshot(page, 'p02-details');
      await page.click('#details-remove');
      await page.waitForFunction((id) => !document.querySelector(`.session[data-id="${id}"]`), session.id);
      assert.equal(await page.locator(`#unscheduled .pending[data-session="${session.id}"]`).count(), 1);
      assert.equal((await sessionsOf(page)).get(session.id).day_of_week, null);
      await page.click('#undo');
      await page.waitForSelector(`.session[data-id="${session.id}"]`);
      const back = (await sessionsOf(page)).get(session.id);
      assert.equal(back.day_of_week, session.day_of_week);
      assert.equal(back.start_time, session.start_time);
      // 6 px: a drag.
      const again = await page.locator(`.session[data-id="${session.id}"]`).boundingBox();
      await page.mouse.move(again.x + again.width / 2, again.y + 4);
      await page.mouse.down();
      await page.mouse.move(again.x + again.width / 2, again.y + 10);
      assert.equal(await page.evaluate(() => window.slotfitDemo.drag.active), true, 'a 6 px move did not start a drag');
      await page.keyboard.press('Escape');
      await page.mouse.up();
      assert.equal(await page.locator('#details[open]').count(), 0, 'a drag opened the details');
      assert.deepEqual(page.problems, []);
    } finally {
      await page.close();
    }
  });

  test('the week is one Tab stop; the arrow keys go from session to session in time order', async () => {
    const page = await openDemo(browser);
    try {
      assert.equal(await page.locator('#grid [tabindex="0"]').count(), 1);
      assert.equal(await page.locator('#unscheduled [tabindex="0"]').count(), 1);
      // Chips in time order (day, start, end, then as the grid lays out equal ones); a group's members in its order.
      const groups = (await nodeEngine(SAMPLE)).groups();
      const order = [
        ...SOLO.map((s) => ({ key: s.id, day: s.day_of_week, start: minutesOf(s.start_time), end: minutesOf(s.end_time), ids: [s.id] })),
        ...groups.map((g) => ({ key: `group:${g.sessionIds[0]}`, day: g.day, start: g.start, end: g.end, ids: g.sessionIds })),
      ].sort((a, b) => a.day - b.day || a.start - b.start || a.end - b.end || a.key.localeCompare(b.key)).flatMap((u) => u.ids);
      assert.equal(await page.getAttribute('#grid [tabindex="0"]', 'data-id'), order[0]);
      // From the first control of the page, the week is a handful of Tabs away, not one per session.
      await page.focus('#undo');
      let tabs = 0;
      while (tabs < 40 && !(await page.evaluate(() => document.activeElement?.classList.contains('session')))) {
        await page.keyboard.press('Tab');
        tabs += 1;
      }
      assert.ok(tabs <= 12, `${tabs} Tabs to reach the week`);
      assert.equal(await page.evaluate(() => document.activeElement.dataset.id), order[0]);
      const seen = [];
      for (let i = 0; i < 6; i += 1) {
        await page.keyboard.press('ArrowDown');
        seen.push(await page.evaluate(() => document.activeElement.dataset.id));
      }
      assert.deepEqual(seen, order.slice(1, 7));
      await page.keyboard.press('ArrowUp');
      assert.equal(await page.evaluate(() => document.activeElement.dataset.id), order[5]);
      assert.equal(await page.getAttribute('#grid [tabindex="0"]', 'data-id'), order[5], 'the Tab stop did not follow the focus');
      await page.keyboard.press('End');
      assert.equal(await page.evaluate(() => document.activeElement.dataset.id), order.at(-1));
      // Tab leaves the week at once.
      await page.keyboard.press('Tab');
      assert.equal(await page.evaluate(() => document.activeElement.closest('#grid')), null);
      assert.deepEqual(page.problems, []);
    } finally {
      await page.close();
    }
  });

  test('a keyboard move ends when the focus leaves (Tab, or a click elsewhere): the arrows and Enter then move nothing', async () => {
    const page = await openDemo(browser);
    try {
      const session = SOLO[0];
      const chip = page.locator(`.session[data-id="${session.id}"]`);
      await chip.focus();
      await page.keyboard.press('Space');
      await page.keyboard.press('ArrowDown');
      assert.equal(await page.evaluate(() => window.slotfitDemo.drag.active), true);
      await page.keyboard.press('Tab');
      assert.equal(await page.evaluate(() => window.slotfitDemo.drag.active), false, 'Tab left the move running');
      assert.equal(await page.locator('#grid .paint.on').count(), 0);
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      await page.keyboard.press('Escape');
      assert.equal((await sessionsOf(page)).get(session.id).start_time, session.start_time);
      // A click elsewhere.
      await chip.focus();
      await page.keyboard.press('Space');
      await page.keyboard.press('ArrowRight');
      assert.equal(await page.evaluate(() => window.slotfitDemo.drag.active), true);
      await page.mouse.click(5, 5);
      assert.equal(await page.evaluate(() => window.slotfitDemo.drag.active), false, 'a click elsewhere left the move running');
      assert.equal((await sessionsOf(page)).get(session.id).day_of_week, session.day_of_week);
      assert.deepEqual(page.problems, []);
    } finally {
      await page.close();
    }
  });

  test('the keyboard target is scrolled into view, and a pointer drag at the bottom edge scrolls the page', async () => {
    const page = await openDemo(browser);
    try {
      await page.setViewportSize({ width: 1440, height: 520 });
      const early = [...SOLO].sort((a, b) => a.start_time.localeCompare(b.start_time))[0];
      await page.locator(`.session[data-id="${early.id}"]`).focus();
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.keyboard.press('Space');
      for (let i = 0; i < 9; i += 1) await page.keyboard.press('PageDown');
      const seen = await page.evaluate(() => {
        const { drag, grid } = window.slotfitDemo;
        const box = grid.boxOf(drag.state.kb.day, drag.state.kb.start, drag.state.item.minutes);
        return { top: box.top, bottom: box.bottom, h: innerHeight, scrolled: scrollY };
      });
      assert.ok(seen.scrolled > 0, 'the page did not scroll');
      assert.ok(seen.top >= 0 && seen.bottom <= seen.h, `the target is at ${seen.top}–${seen.bottom} of ${seen.h}`);
      await page.keyboard.press('Escape');
      await page.evaluate(() => window.scrollTo(0, 0));
      await grab(page, early.id);
      const box = await page.locator(`.session[data-id="${early.id}"]`).boundingBox();
      await page.mouse.move(box.x + box.width / 2, 515, { steps: 5 });
      await page.waitForFunction(() => window.scrollY > 100, null, { timeout: 5000 });
      await page.keyboard.press('Escape');
      await page.mouse.up();
      assert.deepEqual(page.problems, []);
    } finally {
      await page.close();
    }
  });

  test('auto-schedule proposes: ghosts and a list, nothing changed until Accept; Discard keeps the week; Undo takes an acceptance back and the panel says so', async () => {
    const page = await openDemo(browser);
    try {
      const before = await sessionsOf(page);
      await page.selectOption('#strategy', 'grade-grouped');
      assert.match(await page.textContent('#strategy-line'), /grade/);
      await page.click('#auto');
      await page.waitForFunction(() => window.slotfitDemo.lastAuto?.phase === 'preview', null, { timeout: 20000 });
      const result = await page.evaluate(() => window.slotfitDemo.lastAuto);
      assert.ok(result.placements.length > 0);
      assert.equal(await page.locator('#grid .proposed').count(), result.placements.length);
      assert.equal(await page.locator('#auto-result .proposal-list li').count(), result.placements.length);
      assert.deepEqual([...(await sessionsOf(page)).values()], [...before.values()], 'the proposal changed the week');
      assert.equal(await page.evaluate(() => window.slotfitDemo.engine.stats().sessions), [...before.values()].filter((s) => s.day_of_week != null).length);
      assert.match(await page.textContent('#auto-result .bound'), /no schedule places more than \d+/);
      await screenshot(page, 'p03-proposal', { fullPage: true });
      await page.click('#proposal-discard');
      assert.equal(await page.locator('#grid .proposed').count(), 0);
      assert.match(await page.textContent('#auto-result'), /Discarded/);
      assert.equal(await page.locator('#undo').isDisabled(), true);

      await page.click('#auto');
      await page.waitForFunction(() => window.slotfitDemo.lastAuto?.phase === 'preview', null, { timeout: 20000 });
      await page.click('#proposal-accept');
      await page.waitForFunction(() => window.slotfitDemo.lastAuto?.phase === 'accepted');
      const placed = await page.evaluate(() => window.slotfitDemo.lastAuto.placedIds);
      assert.equal(placed.length, result.placements.length);
      assert.equal(await page.locator('#grid .proposed').count(), 0);
      for (const id of placed) {
        assert.equal(await page.locator(`#grid .session.fresh[data-id="${id}"], #grid .session.group.fresh:has(.member[data-id="${id}"])`).count(), 1, id);
      }
      await page.click('#undo');
      await page.waitForFunction(() => window.slotfitDemo.lastAuto?.phase === 'undone');
      assert.match(await page.textContent('#auto-result'), /Undone/);
      assert.doesNotMatch(await page.textContent('#auto-result'), /Every needed session is placed/);
      const after = await sessionsOf(page);
      for (const [id, s] of before) assert.equal(after.get(id)?.day_of_week ?? null, s.day_of_week, id);
      assert.equal([...after.values()].filter((s) => s.day_of_week != null).length, [...before.values()].filter((s) => s.day_of_week != null).length);

      // A proposal is for the week it was made on: a change to the week sets it aside.
      await page.click('#auto');
      await page.waitForFunction(() => window.slotfitDemo.lastAuto?.phase === 'preview', null, { timeout: 20000 });
      const some = SOLO[0];
      await page.click(`.session[data-id="${some.id}"]`);
      await page.click('#details-remove');
      await page.waitForFunction(() => window.slotfitDemo.lastAuto?.phase === 'outdated');
      assert.equal(await page.locator('#grid .proposed').count(), 0);
      assert.equal(await page.locator('#proposal-accept').count(), 0, 'an outdated proposal can still be accepted');
      assert.match(await page.textContent('#auto-result'), /set aside/);
      assert.deepEqual(page.problems, []);
    } finally {
      await page.close();
    }
  });

  test('a repair suggested for a student the proposal leaves out is applied with it in one click, legally, and undone in one step', async () => {
    const { query } = await servedPayload(200);
    const page = await openDemo(browser, query);
    try {
      const before = await sessionsOf(page);
      await page.selectOption('#strategy', 'balanced');
      await page.click('#auto');
      await page.waitForFunction(() => window.slotfitDemo.lastAuto?.phase === 'preview', null, { timeout: 30000 });
      await page.waitForSelector('#auto-result .repair button.apply', { timeout: 60000 });
      const item = page.locator('#auto-result .unplaced li', { has: page.locator('button.apply') }).first();
      const studentId = await item.getAttribute('data-student');
      const text = await item.locator('.repair').textContent();
      assert.match(text, /^Try: /);
      const { suggestion, placements } = await page.evaluate((id) => {
        const p = window.slotfitDemo.proposal;
        return { suggestion: p.suggestions.get(id), placements: p.result.placements };
      }, studentId);
      // Why not placed, in counts that add up, on the proposal's week: recomputed here from the engine.
      await item.locator('.breakdown').waitFor({ timeout: 30000 });
      const shown = (await item.locator('.breakdown').textContent()).replace(/\s+/g, ' ');
      const weekEngine = await nodeEngine(await page.evaluate(() => window.slotfitDemo.snapshot()));
      weekEngine.applyChanges(placements.map((p, i) => ({ assigned_to_specialist_id: null, group_ref: null, ...p, id: p.id ?? `proposed-${i}` })));
      const student = (await page.evaluate(() => window.slotfitDemo.snapshot())).students.find((x) => x.id === studentId);
      const map = weekEngine.conflictMap({ studentId, minutes: student.minutes_per_session });
      const free = map.kinds.filter((m) => m === 0).length;
      const several = map.kinds.filter((m) => m !== 0 && (m & (m - 1)) !== 0).length;
      assert.match(shown, new RegExp(`Of ${map.kinds.length} starts of the week: ${free} free; .*by two rules or more: ${several}\\.`));
      const alone = [...shown.matchAll(/(?:·|alone:)\s*\S+ ([A-Za-z ]+?) (\d+)/g)].reduce((sum, m) => sum + Number(m[2]), 0);
      assert.equal(free + alone + several, map.kinds.length, `the counts do not add up: ${shown}`);
      await item.locator('button.apply').click();
      await page.waitForFunction(() => window.slotfitDemo.lastAuto?.phase === 'accepted', null, { timeout: 20000 });
      const after = await sessionsOf(page);
      const scheduled = (map, id) => [...map.values()].filter((s) => s.student_id === id && s.day_of_week != null);
      const proposedForHim = placements.filter((p) => p.student_id === studentId).length;
      assert.equal(scheduled(after, studentId).length, scheduled(before, studentId).length + proposedForHim + 1);
      assert.ok(scheduled(after, studentId).some((s) => s.day_of_week === suggestion.day && minutesOf(s.start_time) === suggestion.start));
      for (const m of suggestion.moves) {
        if (m.sessionId === null) continue;
        assert.equal(after.get(m.sessionId).day_of_week, m.day);
        assert.equal(minutesOf(after.get(m.sessionId).start_time), m.start);
      }
      // Every scheduled session of the week is legal.
      const snap = await page.evaluate(() => window.slotfitDemo.snapshot());
      const engine = await nodeEngine(snap);
      for (const s of snap.sessions.filter((x) => x.day_of_week != null && !before.has(x.id) || x.student_id === studentId)) {
        if (s.day_of_week == null) continue;
        const start = minutesOf(s.start_time);
        assert.deepEqual([...engine.check({ studentId: s.student_id, day: s.day_of_week, start, minutes: minutesOf(s.end_time) - start, ignoreSessionId: s.id })], [], s.id);
      }
      await page.click('#undo');
      await page.waitForFunction(() => window.slotfitDemo.lastAuto?.phase === 'undone');
      const undone = await sessionsOf(page);
      for (const [id, s] of before) {
        assert.equal(undone.get(id)?.day_of_week ?? null, s.day_of_week, id);
        assert.equal(undone.get(id)?.start_time ?? null, s.start_time, id);
      }
      assert.equal([...undone.values()].filter((s) => s.day_of_week != null).length, [...before.values()].filter((s) => s.day_of_week != null).length);
      await screenshot(page, 'p04-repair-undone', { fullPage: true });
      assert.deepEqual(page.problems, []);
    } finally {
      await page.close();
    }
  });
});
