// Supabase mode, live, in headless Chromium: the real supabase-js (UMD) in the page against a test project on one
// origin (tests/js/support/fake-project.mjs: the Realtime stand-in plus sign-in and RPCs over the real
// PostgreSQL with migrations/ and the seed). Two tabs of one browser profile share IndexedDB, a BroadcastChannel
// and Web Locks, as two tabs of a real browser do.
//
// Needs a cluster: `bash -c 'source tests/sql/pg-cluster.sh && node --test tests/browser/live.test.mjs'` (make
// test-browser does it); skipped when DATABASE_URL is not set.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { startFakeProject } from '../js/support/fake-project.mjs';
import { seededDatabase } from '../js/support/pg-supabase.mjs';
import { formatTime } from '../../js/index.js';
import { cellPoint, dragOver, kindBit, minutesOf, openDemo, screenshot, useBrowser } from './support.mjs';

const skip = process.env.DATABASE_URL ? false : 'DATABASE_URL not set (source tests/sql/pg-cluster.sh first)';

const A = '10000000-0000-4000-8000-00000000000a';
const EMAIL = 'provider-a@example.test';
const MAPLE = { id: '069999000001', site: 'Maple Grove Elementary' };
const BELL_LUNCH = '40000000-0000-4000-8000-000000000001';

const metricsOf = (page) => page.evaluate(() => window.slotfitDemo.source.scheduler.getPerformanceMetrics());
const rowOf = (page, id) => page.evaluate((sid) => window.slotfitDemo.source.payload.sessions.find((s) => s.id === sid) ?? null, id);

describe('live data in the demo (Supabase mode)', { skip }, () => {
  let db;
  let admin;
  let project;

  before(async () => {
    db = await seededDatabase('browser_live');
    admin = await db.connect();
    project = await startFakeProject({ databaseUrl: db.url, users: { [EMAIL]: A } });
  });

  // Registered after the database's hooks: the browser opens after the project is up and closes before it goes.
  const browser = useBrowser();

  after(async () => {
    await project?.close();
    await db?.drop();
  });

  async function connect(page) {
    await page.fill('#connect [name=url]', project.url);
    await page.fill('#connect [name=key]', 'anon-key');
    await page.fill('#connect [name=email]', EMAIL);
    await page.fill('#connect [name=password]', 'pw');
    await page.fill('#connect [name=site]', MAPLE.site);
    await page.fill('#connect [name=schoolId]', MAPLE.id);
    await page.click('#connect button[type=submit]');
    await page.waitForFunction(() => document.body.dataset.mode === 'supabase' || document.getElementById('status').dataset.kind === 'error');
    assert.equal(await page.evaluate(() => document.body.dataset.mode), 'supabase', await page.textContent('#status'));
  }

  const batchReads = () => project.rpcs('get_scheduling_data_batch').length;

  /** A session of the page's week and a free start a few steps below it on the same day (a keyboard move). */
  async function keyboardTarget(page, skipIds = []) {
    return page.evaluate((skipped) => {
      const { engine, source } = window.slotfitDemo;
      const grouped = new Set(engine.groups().flatMap((g) => g.sessionIds));  // a member moves with its group's chip
      for (const s of source.payload.sessions) {
        if (s.day_of_week == null || skipped.includes(s.id) || grouped.has(s.id)) continue;
        const m = engine.conflictMap({ sessionId: s.id });
        const d = Array.from(m.days).indexOf(s.day_of_week);
        const n = m.starts.length;
        const [h, mm] = s.start_time.split(':').map(Number);
        const origin = Array.from(m.starts).indexOf(h * 60 + mm);
        for (let k = 2; origin + k < n && k < 12; k += 1) if (m.kinds[d * n + origin + k] === 0) return { id: s.id, steps: k, start: m.starts[origin + k] };
      }
      return null;
    }, skipIds);
  }

  async function keyboardMove(page, { id, steps }) {
    await page.locator(`.session[data-id="${id}"]`).focus();
    await page.keyboard.press('Space');  // a focused chip starts a keyboard move with Space (or Enter)
    for (let k = 0; k < steps; k += 1) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
  }

  test('two tabs: one subscription; a move in one appears in the other without a read, with a notice; a reload starts from the cache', async () => {
    const first = await openDemo(browser);
    await first.evaluate(() => new Promise((resolve) => {
      const request = indexedDB.deleteDatabase('slotfit');
      request.onsuccess = request.onerror = request.onblocked = resolve;
    }));
    await connect(first);
    await first.waitForFunction(() => window.slotfitDemo.source.scheduler.getPerformanceMetrics().realtime?.state === 'subscribed');
    let m = await metricsOf(first);
    assert.deepEqual([m.fullReads, m.persisted.storage, m.realtime.leader], [1, 'indexeddb', true]);

    const second = await openDemo(browser);
    await connect(second);
    m = await metricsOf(second);
    assert.deepEqual([m.fullReads, m.notModified, m.persisted.restores], [0, 1, 1], 'the second tab starts from the cache');
    assert.equal(m.realtime.leader, false);
    assert.equal(m.realtime.state, 'following');
    assert.equal(project.standin.stats.joins, 1, 'one subscription for both tabs');

    const target = await keyboardTarget(first);
    const reads = batchReads();
    await keyboardMove(first, target);
    await second.waitForFunction(({ id, start }) => {
      const row = window.slotfitDemo.source.payload.sessions.find((s) => s.id === id);
      const [h, mm] = row.start_time.split(':').map(Number);
      return h * 60 + mm === start;
    }, target);
    await second.waitForSelector('#live-notice:not([hidden])');
    const notice = await second.textContent('#live-notice');
    const initials = await second.evaluate((id) => {
      const { payload } = window.slotfitDemo.source;
      const row = payload.sessions.find((s) => s.id === id);
      return payload.students.find((s) => s.id === row.student_id).initials;
    }, target.id);
    assert.match(notice, new RegExp(`^Your other tab moved ${initials.replace(/\./g, '\\.')} `));
    assert.equal(batchReads(), reads, 'no read for a pushed delta');
    const [v1, v2] = [await metricsOf(first), await metricsOf(second)].map((x) => x.staleness.dataVersion);
    assert.equal(v2, v1, 'the other tab took the new version');
    assert.ok((await metricsOf(second)).deltasApplied >= 1);
    const box = await second.locator(`.session[data-id="${target.id}"]`).boundingBox();
    const expectedTop = await second.evaluate((start) => window.slotfitDemo.grid.top(start), target.start);
    const columnTop = await second.evaluate((id) => document.querySelector(`.session[data-id="${id}"]`).parentElement.getBoundingClientRect().top, target.id);
    assert.ok(Math.abs(box.y - columnTop - expectedTop) < 2, 'the block is drawn at its new start');
    assert.match(await second.textContent('[data-metric="Pushed changes"]'), /delta/);
    await screenshot(second, '20-live-second-tab');

    // A reload of the second tab: the payload comes from IndexedDB after one not_modified revalidation.
    await second.reload();
    await second.evaluate(() => window.slotfitDemo.ready);
    await connect(second);
    m = await metricsOf(second);
    assert.deepEqual([m.fullReads, m.revalidations, m.notModified], [0, 1, 1]);
    const row = await rowOf(second, target.id);
    assert.equal(minutesOf(row.start_time), target.start);
    assert.deepEqual(first.problems, []);
    assert.deepEqual(second.problems, []);
    await second.close();
    await first.close();
  });

  test('someone else edits the school (a bell row): one revalidation serves both tabs; a dropped socket comes back with one more', async () => {
    const first = await openDemo(browser);
    await connect(first);
    await first.waitForFunction(() => window.slotfitDemo.source.scheduler.getPerformanceMetrics().realtime?.state === 'subscribed');
    const second = await openDemo(browser);
    await connect(second);
    const reads = batchReads();
    const lunchEnd = (page) => page.evaluate((id) => window.slotfitDemo.source.payload.bell_schedules.find((b) => b.id === id)?.end_time, BELL_LUNCH);
    const before = await lunchEnd(first);
    assert.ok(before, 'the lunch bell row is in the payload');
    await admin.query("update public.bell_schedules set end_time = end_time + interval '5 minutes' where id = $1", [BELL_LUNCH]);
    for (const page of [first, second]) {
      await page.waitForFunction(({ id, was }) => window.slotfitDemo.source.payload.bell_schedules.find((b) => b.id === id)?.end_time !== was,
        { id: BELL_LUNCH, was: before });
      await page.waitForSelector('#live-notice:not([hidden])');
      assert.match(await page.textContent('#live-notice'), /^Someone else changed/);
    }
    assert.equal(batchReads(), reads + 1, 'one read for both tabs');
    const [v1, v2] = [await metricsOf(first), await metricsOf(second)].map((x) => x.staleness.dataVersion);
    assert.equal(v1, v2);

    project.standin.dropConnections();
    await first.waitForFunction(() => window.slotfitDemo.source.scheduler.getPerformanceMetrics().realtime.reconnects === 1, null, { timeout: 15000 });
    await first.waitForFunction(() => window.slotfitDemo.source.scheduler.getPerformanceMetrics().realtime.state === 'subscribed');
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(batchReads(), reads + 2, 'one revalidation after the reconnect');
    const problems = (p) => p.problems.filter((text) => !/realtime\/v1\/websocket/.test(text));
    assert.deepEqual(problems(first), []);

    // The leading tab closes: the other takes the lock, subscribes, and revalidates once for what it may have missed.
    await first.close();
    await second.waitForFunction(() => {
      const rt = window.slotfitDemo.source.scheduler.getPerformanceMetrics().realtime;
      return rt.leader && rt.state === 'subscribed';
    });
    await second.waitForFunction(() => window.slotfitDemo.source.scheduler.getPerformanceMetrics().revalidations >= 2);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(batchReads(), reads + 3, 'one revalidation when the lead changed hands');
    const was = await lunchEnd(second);
    await admin.query("update public.bell_schedules set end_time = end_time - interval '5 minutes' where id = $1", [BELL_LUNCH]);
    await second.waitForFunction(({ id, end }) => window.slotfitDemo.source.payload.bell_schedules.find((b) => b.id === id)?.end_time !== end,
      { id: BELL_LUNCH, end: was });
    assert.deepEqual(problems(second), []);

    // Sign-out's clearing: no payload of the provider stays in IndexedDB.
    const storedKeys = () => second.evaluate(() => new Promise((resolve, reject) => {
      const open = indexedDB.open('slotfit');
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const request = open.result.transaction('payloads').objectStore('payloads').getAllKeys();
        request.onsuccess = () => { open.result.close(); resolve(request.result); };
      };
    }));
    assert.ok((await storedKeys()).some((k) => k.includes(A)));
    await second.evaluate(() => window.slotfitDemo.source.scheduler.clearCache());
    assert.deepEqual((await storedKeys()).filter((k) => k.includes(A)), []);
    await second.close();
  });

  test('a change during a drag: the painted week is repainted, and a drop on the start that became taken asks to override, naming the new conflict', async (t) => {
    const page = await openDemo(browser);
    await connect(page);
    await page.waitForFunction(() => window.slotfitDemo.source.scheduler.getPerformanceMetrics().realtime?.state === 'subscribed');
    // A session, and a free start for it on another day.
    const plan = await page.evaluate(() => {
      const { engine, source } = window.slotfitDemo;
      const grouped = new Set(engine.groups().flatMap((g) => g.sessionIds));
      for (const s of source.payload.sessions) {
        if (s.day_of_week == null || grouped.has(s.id)) continue;
        const m = engine.conflictMap({ sessionId: s.id });
        const n = m.starts.length;
        for (let i = 0; i < m.kinds.length; i += 1) {
          const day = m.days[Math.floor(i / n)];
          const start = m.starts[i % n];
          if (m.kinds[i] === 0 && day !== s.day_of_week && start >= 540 && start <= 840) {
            const [h, mm] = s.start_time.split(':').map(Number);
            const [eh, emm] = s.end_time.split(':').map(Number);
            return { id: s.id, studentId: s.student_id, day, start, minutes: eh * 60 + emm - (h * 60 + mm) };
          }
        }
      }
      return null;
    });
    assert.ok(plan, 'no free start');
    const cellMask = () => page.evaluate(({ day, start }) => window.slotfitDemo.paintedCells().find((c) => c.day === day && c.start === start)?.mask, plan);
    await page.evaluate(() => window.scrollTo(0, 0));  // the connect form's submit scrolled the week away
    await dragOver(page, plan.id, plan.day, plan.start);
    assert.equal(await cellMask(), 0, 'free before the change');

    // Someone else puts another session of the same student there.
    await admin.query(`insert into public.schedule_sessions (provider_id, student_id, day_of_week, start_time, end_time, service_type)
      values ($1, $2, $3, $4, $5, 'speech')`, [A, plan.studentId, plan.day, formatTime(plan.start), formatTime(plan.start + plan.minutes)]);
    const committed = Date.now();
    await page.waitForFunction(({ day, start, bit }) => {
      const cell = window.slotfitDemo.paintedCells().find((c) => c.day === day && c.start === start);
      return cell !== undefined && (cell.mask & bit) !== 0;
    }, { ...plan, bit: kindBit('student-overlap') }, { polling: 'raf' });
    // A figure, not a check: commit → repainted, through the stand-in (load-dependent).
    t.diagnostic(`commit to repainted week: ${Date.now() - committed} ms`);
    const to = await cellPoint(page, plan.day, plan.start);
    await page.mouse.move(to.x, to.y + 1);
    await page.mouse.up();
    await page.waitForSelector('#override[open]');
    const listed = await page.textContent('#override-list');
    const expected = await page.evaluate(({ studentId, day, start, minutes, id }) => window.slotfitDemo.engine
      .check({ studentId, day, start, minutes, ignoreSessionId: id }), plan);
    const overlap = expected.find((c) => c.kind === 'student-overlap');
    assert.ok(overlap, JSON.stringify(expected));
    assert.ok(listed.includes('STU') && listed.includes(overlap.message), listed);
    await screenshot(page, '21-live-drag-override');
    await page.click('#override-cancel');
    assert.deepEqual(page.problems, []);
    await page.close();
  });
});
