// The demo on a phone (390×844, touch), in real headless Chromium: no horizontal page scroll, one day at a time
// with every day reachable, the Unscheduled list before the week, drags (mouse, and touch after a hold) and
// keyboard moves across days, a swipe on the list that scrolls instead of dragging, and axe-core clean.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
  allCells, cellPoint, minutesOf, nodeEngine, openDemo, readJson, screenshot, seriousViolations, sessionsOf, soloSessions, useBrowser,
} from './support.mjs';

const SAMPLE = readJson('demo/sample-school.json');
// Sessions in no group: each has a chip of its own.
const SOLO = await soloSessions(SAMPLE);
const PHONE = { width: 390, height: 844 };

const browser = useBrowser({ viewport: PHONE, hasTouch: true });

const shownDay = (page) => page.evaluate(() => window.slotfitDemo.grid.shownDay);

async function showDay(page, day) {
  await page.click(`#day-switch button[data-day="${day}"]`);
  assert.equal(await shownDay(page), day);
}

/** A session and a free start of it on another day (and one on its own day), from the engine. */
async function movable() {
  const engine = await nodeEngine(SAMPLE);
  for (const s of SOLO) {
    const free = allCells(engine.conflictMap({ sessionId: s.id })).filter((c) => c.mask === 0);
    const other = free.find((c) => c.day !== s.day_of_week);
    // Near enough to be on screen with the chip (a target past the viewport's edge would scroll the page).
    const same = free.find((c) => c.day === s.day_of_week && Math.abs(c.start - minutesOf(s.start_time)) >= 30
      && Math.abs(c.start - minutesOf(s.start_time)) <= 90);
    if (other && same) return { session: s, other, same };
  }
  throw new Error('no session of the sample has free starts on its own and another day');
}

describe('the demo on a phone', () => {
  test('390 px: no horizontal scroll, the list before the week, every day reachable, axe clean', async () => {
    const page = await openDemo(browser);
    try {
      const layout = await page.evaluate(() => ({
        scroll: document.documentElement.scrollWidth,
        list: document.getElementById('pending-panel').getBoundingClientRect().top,
        week: document.getElementById('grid').getBoundingClientRect().top,
      }));
      assert.ok(layout.scroll <= 390, `the page is ${layout.scroll} px wide`);
      assert.ok(layout.list < layout.week, 'the Unscheduled list comes after the week');
      for (const day of [1, 2, 3, 4, 5]) {
        await showDay(page, day);
        const seen = await page.evaluate((d) => {
          const col = document.querySelector(`#grid .day[data-day="${d}"]`).getBoundingClientRect();
          const chips = [...document.querySelectorAll(`#grid .day[data-day="${d}"] .session`)];
          return {
            width: col.width, right: col.right, scroll: document.documentElement.scrollWidth,
            chips: chips.length, visible: chips.filter((c) => c.getBoundingClientRect().width > 20).length,
            // Initials and grade are never cut at this width (the "WR" that read "WF").
            cut: chips.filter((c) => { const w = c.querySelector('.who') ?? c.querySelector('.members'); return w.scrollWidth > w.clientWidth + 1; }).map((c) => c.innerText),
          };
        }, day);
        assert.ok(seen.width > 250 && seen.right <= 390, `day ${day} is ${seen.width} px wide, ending at ${seen.right}`);
        assert.ok(seen.scroll <= 390);
        const groups = (await nodeEngine(SAMPLE)).groups();
        assert.equal(seen.chips, SOLO.filter((s) => s.day_of_week === day).length + groups.filter((g) => g.day === day).length);
        assert.equal(seen.visible, seen.chips);
        assert.deepEqual(seen.cut, [], `day ${day}`);
        assert.deepEqual(await page.locator('#grid .day').evaluateAll((cols) => cols.filter((c) => c.offsetWidth > 0).length), 1);
      }
      await screenshot(page, 'ph01-phone', { fullPage: true });
      assert.deepEqual(await seriousViolations(page), []);
      assert.deepEqual(page.problems, []);
    } finally {
      await page.close();
    }
  });

  test('390 px: a mouse drag within the day, and to another day by resting on its button', async () => {
    const page = await openDemo(browser);
    try {
      const { session, other, same } = await movable();
      await showDay(page, session.day_of_week);
      const grabAt = async () => {
        const chip = page.locator(`.session[data-id="${session.id}"]`);
        await chip.evaluate((node) => node.scrollIntoView({ block: 'center' }));
        const box = await chip.boundingBox();
        await page.mouse.move(box.x + box.width / 2, box.y + 3);
        await page.mouse.down();
        await page.mouse.move(box.x + box.width / 2, box.y + 9);
      };
      await grabAt();
      let to = await cellPoint(page, same.day, same.start);
      await page.mouse.move(to.x, to.y, { steps: 6 });
      await page.waitForFunction((s) => document.getElementById('tooltip').dataset.start === String(s), same.start);
      await page.mouse.up();
      await page.waitForFunction(({ id, s }) => document.querySelector(`.session[data-id="${id}"]`)?.dataset.start === String(s), { id: session.id, s: same.start });

      await grabAt();
      // Up to the top edge: the page scrolls until the day switcher is in view, then rest on the day's button.
      await page.mouse.move(200, 8, { steps: 6 });
      await page.waitForFunction(() => document.getElementById('day-switch').getBoundingClientRect().top >= 60, null, { timeout: 10000 });
      // Away from the edge (the scrolling stops), then onto the button where it now is.
      await page.mouse.move(200, 422);
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
      const button = await page.locator(`#day-switch button[data-day="${other.day}"]`).boundingBox();
      await page.mouse.move(button.x + button.width / 2, button.y + button.height / 2, { steps: 6 });
      await page.waitForFunction((d) => window.slotfitDemo.grid.shownDay === d, other.day);
      to = await cellPoint(page, other.day, other.start);
      await page.mouse.move(to.x, to.y, { steps: 6 });
      await page.waitForFunction(({ d, s }) => {
        const tip = document.getElementById('tooltip');
        return tip.dataset.day === String(d) && tip.dataset.start === String(s);
      }, { d: other.day, s: other.start });
      await page.mouse.up();
      await page.waitForFunction(({ id, d }) => document.querySelector(`.session[data-id="${id}"]`)?.dataset.day === String(d), { id: session.id, d: other.day });
      const moved = (await sessionsOf(page)).get(session.id);
      assert.equal(moved.day_of_week, other.day);
      assert.equal(minutesOf(moved.start_time), other.start);
      assert.deepEqual(page.problems, []);
    } finally {
      await page.close();
    }
  });

  test('390 px: a keyboard move to the next day shows that day, keeps the target and the focus, and drops there', async () => {
    const page = await openDemo(browser);
    try {
      const engine = await nodeEngine(SAMPLE);
      // A session whose start is free on the next day.
      const pick = SOLO.map((s) => {
        if (s.day_of_week >= 5) return null;
        const map = engine.conflictMap({ sessionId: s.id });
        const d = Array.from(map.days).indexOf(s.day_of_week + 1);
        const i = Array.from(map.starts).indexOf(minutesOf(s.start_time));
        return map.kinds[d * map.starts.length + i] === 0 ? s : null;
      }).find(Boolean);
      await showDay(page, pick.day_of_week);
      await page.locator(`.session[data-id="${pick.id}"]`).focus();
      await page.keyboard.press('Space');
      await page.keyboard.press('ArrowRight');
      assert.equal(await shownDay(page), pick.day_of_week + 1);
      assert.equal(await page.evaluate(() => window.slotfitDemo.drag.active), true, 'the day change ended the move');
      const box = await page.evaluate(() => {
        const { drag, grid } = window.slotfitDemo;
        return grid.boxOf(drag.state.kb.day, drag.state.kb.start, drag.state.item.minutes);
      });
      assert.ok(box.top >= 0 && box.bottom <= PHONE.height && box.right <= PHONE.width, JSON.stringify(box));
      assert.match(await page.textContent('#live'), /: free\.$/);
      const tip = await page.evaluate(() => document.querySelector('#tooltip .card').getBoundingClientRect().toJSON());
      assert.ok(tip.left >= 0 && tip.right <= PHONE.width && tip.top >= 0 && tip.bottom <= PHONE.height, `the tooltip is off screen: ${JSON.stringify(tip)}`);
      await page.keyboard.press('Enter');
      await page.waitForFunction(({ id, d }) => document.querySelector(`.session[data-id="${id}"]`)?.dataset.day === String(d), { id: pick.id, d: pick.day_of_week + 1 });
      assert.equal(await page.evaluate(() => document.activeElement?.dataset.id), pick.id, 'the focus did not follow the moved session');
      assert.deepEqual(page.problems, []);
    } finally {
      await page.close();
    }
  });

  test('touch: a hold then a move drags a session; a swipe on the Unscheduled list scrolls it and drags nothing', async () => {
    const page = await openDemo(browser);
    try {
      const cdp = await page.context().newCDPSession(page);
      const touch = (type, points) => cdp.send('Input.dispatchTouchEvent', { type, touchPoints: points.map(({ x, y }) => ({ x, y })) });
      const drags = () => page.evaluate(() => window.slotfitDemo.stats.map.count);

      // The swipe first: a quick flick up over the list.
      const list = page.locator('#unscheduled');
      const box = await list.boundingBox();
      const before = await drags();
      const x = box.x + box.width / 2;
      await touch('touchStart', [{ x, y: box.y + box.height - 10 }]);
      for (let i = 1; i <= 8; i += 1) await touch('touchMove', [{ x, y: box.y + box.height - 10 - i * 12 }]);
      await touch('touchEnd', []);
      await page.waitForFunction(() => document.getElementById('unscheduled').scrollTop > 0, null, { timeout: 3000 });
      assert.equal(await drags(), before, 'a swipe on the list started a drag');
      assert.equal(await page.evaluate(() => window.slotfitDemo.drag.active), false);

      // A hold, then a move: a drag to a free start of the same day.
      const { session, same } = await movable();
      await showDay(page, session.day_of_week);
      const chip = page.locator(`.session[data-id="${session.id}"]`);
      await chip.evaluate((node) => node.scrollIntoView({ block: 'center' }));
      const at = await chip.boundingBox();
      const start = { x: at.x + at.width / 2, y: at.y + 3 };
      await touch('touchStart', [start]);
      await page.waitForTimeout(700);
      assert.equal(await page.evaluate(() => window.slotfitDemo.drag.active), true, 'a hold did not start a drag');
      const to = await cellPoint(page, same.day, same.start);
      for (let i = 1; i <= 6; i += 1) await touch('touchMove', [{ x: start.x + ((to.x - start.x) * i) / 6, y: start.y + ((to.y - start.y) * i) / 6 }]);
      await page.waitForFunction((s) => document.getElementById('tooltip').dataset.start === String(s), same.start);
      await touch('touchEnd', []);
      await page.waitForFunction(({ id, s }) => document.querySelector(`.session[data-id="${id}"]`)?.dataset.start === String(s), { id: session.id, s: same.start });
      await cdp.detach();
      assert.deepEqual(page.problems, []);
    } finally {
      await page.close();
    }
  });
});
