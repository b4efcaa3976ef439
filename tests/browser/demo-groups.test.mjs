// Groups on the demo page (issue 9), in real headless Chromium: one chip per group listing its members; dragging
// the chip moves every member in one write; Alt (or a member's grip) pulls one member out, and so does Alt with
// an arrow key; a session dropped on a group's exact time joins it and the tooltip says so; conflicts name the
// member they are for; auto-schedule's panel lists the groups it forms; each change undone in one step.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
  allCells, cellPoint, grab, minutesOf, nodeEngine, openDemo, readJson, seriousViolations, sessionsOf, useBrowser,
} from './support.mjs';

const SAMPLE = readJson('demo/sample-school.json');

const browser = useBrowser({ viewport: { width: 1440, height: 1000 } });

const groupsOf = (page) => page.evaluate(() => window.slotfitDemo.engine.groups());

/** Counts the page source's writes (each is one applyChanges in sample mode, one apply_schedule with Supabase). */
async function countWrites(page) {
  await page.evaluate(() => {
    const source = window.slotfitDemo.source;
    if (source.countedWrites !== undefined) return;
    source.countedWrites = 0;
    const write = source.write.bind(source);
    source.write = (...args) => {
      source.countedWrites += 1;
      return write(...args);
    };
  });
  return () => page.evaluate(() => window.slotfitDemo.source.countedWrites);
}

async function dragTo(page, handle, day, start, { alt = false } = {}) {
  if (alt) await page.keyboard.down('Alt');
  await grab(page, handle);
  if (alt) await page.keyboard.up('Alt');
  const to = await cellPoint(page, day, start);
  await page.mouse.move(to.x, to.y, { steps: 6 });
  await page.waitForFunction(({ d, s }) => {
    const tip = document.getElementById('tooltip');
    return tip.dataset.day === String(d) && tip.dataset.start === String(s);
  }, { d: day, s: start });
}

describe('groups on the demo page', () => {
  test('one chip per group lists each member with a grade tag and the start–end; axe is clean', async () => {
    const page = await openDemo(browser);
    try {
      const groups = await groupsOf(page);
      assert.ok(groups.length > 0, 'the sample has no group');
      assert.equal(await page.locator('#grid .session.group').count(), groups.length);
      for (const g of groups) {
        const chip = page.locator(`#grid .session.group[data-ids="${g.sessionIds.join(' ')}"]`);
        assert.equal(await chip.count(), 1, `group ${g.id}`);
        assert.equal(await chip.locator('.member').count(), g.sessionIds.length);
        for (const id of g.sessionIds) {
          assert.equal(await page.locator(`#grid .session[data-id="${id}"]`).count(), 0, 'a member also has a chip of its own');
          const student = SAMPLE.students.find((x) => x.id === SAMPLE.sessions.find((s) => s.id === id).student_id);
          assert.match(await chip.locator(`.member[data-id="${id}"]`).textContent(), new RegExp(`^${student.initials} ${student.grade_level?.trim().toUpperCase() || '–'}`));
        }
        assert.match(await chip.locator('.t').textContent(), /\d–\d/);
      }
      assert.deepEqual(await seriousViolations(page), []);
      assert.deepEqual(page.problems, []);
    } finally {
      await page.close();
    }
  });

  test('dragging a group\'s chip moves every member in one write; undo puts them all back', async () => {
    const page = await openDemo(browser);
    try {
      const writes = await countWrites(page);
      const [g] = await groupsOf(page);
      const engine = await nodeEngine(SAMPLE);
      const target = allCells(engine.conflictMap({ groupOf: g.sessionIds[0] })).find((c) => c.mask === 0 && c.day !== g.day);
      assert.ok(target, 'the group has no free start on another day');
      await dragTo(page, page.locator(`#grid .member[data-id="${g.sessionIds[0]}"]`), target.day, target.start);
      await page.mouse.up();
      await page.waitForFunction((ids) => {
        const chip = document.querySelector(`#grid .session.group[data-ids="${ids}"]`);
        return chip !== null;
      }, g.sessionIds.join(' '));
      assert.equal(await writes(), 1);
      const moved = await sessionsOf(page);
      for (const id of g.sessionIds) {
        assert.equal(moved.get(id).day_of_week, target.day);
        assert.equal(minutesOf(moved.get(id).start_time), target.start);
      }
      const after = (await groupsOf(page)).find((x) => x.sessionIds.includes(g.sessionIds[0]));
      assert.deepEqual([...after.sessionIds].sort(), [...g.sessionIds].sort(), 'the group split');
      await page.click('#undo');
      await page.waitForFunction(({ id, day }) => document.querySelector(`#grid .member[data-id="${id}"]`)?.closest('.day')?.dataset.day === String(day),
        { id: g.sessionIds[0], day: g.day });
      const back = await sessionsOf(page);
      for (const id of g.sessionIds) assert.equal(back.get(id).start_time, SAMPLE.sessions.find((s) => s.id === id).start_time);
      assert.equal((await groupsOf(page)).length, (await nodeEngine(SAMPLE)).groups().length);
      assert.deepEqual(page.problems, []);
    } finally {
      await page.close();
    }
  });

  test('Alt-drag (and the grip) pulls one member out; the others stay; undo joins it again', async () => {
    const page = await openDemo(browser);
    try {
      const [g] = await groupsOf(page);
      const [out, ...rest] = g.sessionIds;
      const engine = await nodeEngine(SAMPLE);
      const target = allCells(engine.conflictMap({ sessionId: out })).find((c) => c.mask === 0 && c.day !== g.day);
      await dragTo(page, page.locator(`#grid .member[data-id="${out}"]`), target.day, target.start, { alt: true });
      await page.mouse.up();
      await page.waitForFunction((id) => document.querySelector(`#grid .session[data-id="${id}"]`) !== null, out);
      const now = await sessionsOf(page);
      assert.equal(now.get(out).day_of_week, target.day);
      for (const id of rest) assert.equal(now.get(id).day_of_week, g.day, 'another member moved with it');
      await page.click('#undo');
      await page.waitForFunction((id) => document.querySelector(`#grid .member[data-id="${id}"]`) !== null, out);
      // The grip, without Alt.
      const grip = page.locator(`#grid .member[data-id="${out}"] .grip`);
      await dragTo(page, grip, target.day, target.start);
      await page.mouse.up();
      await page.waitForFunction((id) => document.querySelector(`#grid .session[data-id="${id}"]`) !== null, out);
      for (const id of rest) assert.equal((await sessionsOf(page)).get(id).day_of_week, g.day);
      await page.click('#undo');
      await page.waitForFunction((id) => document.querySelector(`#grid .member[data-id="${id}"]`) !== null, out);
      assert.deepEqual(page.problems, []);
    } finally {
      await page.close();
    }
  });

  test('with the keyboard: Space lifts the group, Alt with an arrow key one member alone', async () => {
    const page = await openDemo(browser);
    try {
      const engine = await nodeEngine(SAMPLE);
      const groups = engine.groups();
      // A group whose whole-group start 5 minutes later is free, and a member whose own start 5 minutes later is.
      const pick = groups.map((g) => {
        const gm = engine.conflictMap({ groupOf: g.sessionIds[0] });
        const later = (m) => m.kinds[Array.from(m.days).indexOf(g.day) * m.starts.length + Array.from(m.starts).indexOf(g.start + 5)];
        const member = g.sessionIds.find((id) => later(engine.conflictMap({ sessionId: id })) === 0);
        return later(gm) === 0 && member ? { g, member } : null;
      }).find(Boolean);
      assert.ok(pick, 'no group of the sample can move 5 minutes later');
      const { g, member } = pick;
      await page.locator(`#grid .member[data-id="${g.sessionIds[0]}"]`).focus();
      await page.keyboard.press('Space');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      await page.waitForFunction(({ id, s }) => document.querySelector(`#grid .member[data-id="${id}"]`)?.closest('.session').dataset.start === String(s),
        { id: g.sessionIds[0], s: g.start + 5 });
      for (const id of g.sessionIds) assert.equal(minutesOf((await sessionsOf(page)).get(id).start_time), g.start + 5);
      await page.click('#undo');
      await page.waitForFunction(({ id, s }) => document.querySelector(`#grid .member[data-id="${id}"]`)?.closest('.session').dataset.start === String(s),
        { id: g.sessionIds[0], s: g.start });

      await page.locator(`#grid .member[data-id="${member}"]`).focus();
      await page.keyboard.press('Alt+ArrowDown');
      assert.equal(await page.evaluate(() => window.slotfitDemo.drag.state?.item.kind), 'session');
      await page.keyboard.press('Enter');
      await page.waitForFunction((id) => document.querySelector(`#grid .session[data-id="${id}"]`) !== null, member);
      const now = await sessionsOf(page);
      assert.equal(minutesOf(now.get(member).start_time), g.start + 5);
      for (const id of g.sessionIds) if (id !== member) assert.equal(minutesOf(now.get(id).start_time), g.start);
      await page.click('#undo');
      await page.waitForFunction((id) => document.querySelector(`#grid .member[data-id="${id}"]`) !== null, member);
      assert.deepEqual(page.problems, []);
    } finally {
      await page.close();
    }
  });

  test('a session dropped at a group\'s exact time joins it, the tooltip says "joins …" first; undo takes it out', async () => {
    const page = await openDemo(browser);
    try {
      const engine = await nodeEngine(SAMPLE);
      const groups = engine.groups();
      const grouped = new Set(groups.flatMap((g) => g.sessionIds));
      let pick = null;
      for (const s of SAMPLE.sessions) {
        if (pick || s.day_of_week == null || grouped.has(s.id)) continue;
        for (const g of groups) {
          if (g.end - g.start !== minutesOf(s.end_time) - minutesOf(s.start_time)) continue;
          const conflicts = engine.check({ studentId: s.student_id, day: g.day, start: g.start, minutes: g.end - g.start, ignoreSessionId: s.id });
          if (conflicts.length === 0 && conflicts.joins?.groupId === g.id) {
            pick = { s, g };
            break;
          }
        }
      }
      assert.ok(pick, 'no session of the sample can join a group');
      const { s, g } = pick;
      await dragTo(page, page.locator(`#grid .session[data-id="${s.id}"]`), g.day, g.start);
      assert.equal(await page.getAttribute('#tooltip', 'data-joins'), g.sessionIds.join(' '));
      const initials = g.studentIds.map((id) => SAMPLE.students.find((x) => x.id === id).initials);
      assert.match(await page.textContent('#tooltip'), new RegExp(`joins ${initials.join(', ')}`));
      await page.mouse.up();
      await page.waitForFunction(({ id }) => document.querySelector(`#grid .member[data-id="${id}"]`) !== null, { id: s.id });
      const joined = (await groupsOf(page)).find((x) => x.sessionIds.includes(s.id));
      assert.equal(joined.sessionIds.length, g.sessionIds.length + 1);
      await page.click('#undo');
      await page.waitForFunction((id) => document.querySelector(`#grid .session[data-id="${id}"]`) !== null, s.id);
      assert.equal((await groupsOf(page)).find((x) => x.sessionIds.includes(g.sessionIds[0])).sessionIds.length, g.sessionIds.length);
      assert.deepEqual(page.problems, []);
    } finally {
      await page.close();
    }
  });

  test('dragging a group, the tooltip names the member each conflict is for', async () => {
    const page = await openDemo(browser);
    try {
      const engine = await nodeEngine(SAMPLE);
      let pick = null;
      for (const g of engine.groups()) {
        for (const c of allCells(engine.conflictMap({ groupOf: g.sessionIds[0] }))) {
          if (c.mask === 0 || pick) continue;
          const conflicts = engine.check({ groupOf: g.sessionIds[0], day: c.day, start: c.start });
          const named = conflicts.find((x) => x.studentId);
          if (named) pick = { g, c, named };
        }
      }
      assert.ok(pick);
      const { g, c, named } = pick;
      await dragTo(page, page.locator(`#grid .member[data-id="${g.sessionIds[0]}"]`), c.day, c.start);
      const initials = SAMPLE.students.find((x) => x.id === named.studentId).initials;
      assert.match(await page.textContent('#tooltip'), new RegExp(`${initials}: `));
      await page.keyboard.press('Escape');
      await page.mouse.up();
      assert.deepEqual(page.problems, []);
    } finally {
      await page.close();
    }
  });

  test('auto-schedule\'s panel lists the groups it forms or joins', async () => {
    const page = await openDemo(browser);
    try {
      await page.selectOption('#strategy', 'grade-grouped');
      await page.click('#auto');
      await page.waitForFunction(() => window.slotfitDemo.lastAuto?.phase === 'preview', null, { timeout: 20000 });
      const groups = await page.evaluate(() => window.slotfitDemo.lastAuto.groups);
      assert.ok(groups.length > 0, 'grade-grouped formed no group on the sample');
      assert.equal(await page.locator('#auto-result .groups-formed li').count(), groups.length);
      assert.match(await page.textContent('#auto-result .groups-formed li'), /^(Mon|Tue|Wed|Thu|Fri) \d/);
      assert.deepEqual(page.problems, []);
    } finally {
      await page.close();
    }
  });
});
