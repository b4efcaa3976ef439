// "Use a Supabase project": no live project is reachable from here, so the page's calls are checked twice:
// against the recording fake of the JS tests (injected through the page's test hook), and with the real
// supabase-js (its UMD build, lazily loaded by the page) talking to a routed fake PostgREST/GoTrue.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
  allCells, dragOver, kindBit, minutesOf, newPage, nodeEngine, openDemo, readJson, screenshot, soloSessions, useBrowser,
} from './support.mjs';

const SAMPLE = readJson('demo/sample-school.json');
const USER = { id: SAMPLE.provider.id, email: 'provider@example.test' };

const browser = useBrowser();

async function fillConnect(page, { url, key = 'anon-key-123', password = 'pw-secret' }) {
  await page.fill('#connect [name=url]', url);
  await page.fill('#connect [name=key]', key);
  await page.fill('#connect [name=email]', USER.email);
  await page.fill('#connect [name=password]', password);
  await page.fill('#connect [name=site]', SAMPLE.school.school_site);
  await page.fill('#connect [name=schoolId]', SAMPLE.school.school_id);
  await page.click('#connect button[type=submit]');
  await page.waitForFunction(() => document.body.dataset.mode === 'supabase' || document.getElementById('status').dataset.kind === 'error');
  const status = await page.textContent('#status');
  assert.equal(await page.evaluate(() => document.body.dataset.mode), 'supabase', status);
}

/** A scheduled session with a free start a few 5-minute steps below it on the same day. */
async function keyboardTarget() {
  const engine = await nodeEngine(SAMPLE);
  for (const s of await soloSessions(SAMPLE)) {
    const m = engine.conflictMap({ sessionId: s.id });
    const d = Array.from(m.days).indexOf(s.day_of_week);
    const n = m.starts.length;
    const origin = Array.from(m.starts).indexOf(minutesOf(s.start_time));
    for (let k = 2; origin + k < n && k < 12; k += 1) if (m.kinds[d * n + origin + k] === 0) return { session: s, steps: k };
  }
  throw new Error('no session with a free start below it');
}

async function keyboardMove(page, session, steps) {
  await page.locator(`.session[data-id="${session.id}"]`).focus();
  await page.keyboard.press('Space');
  for (let k = 0; k < steps; k += 1) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
}

const calls = (page, fn) => page.evaluate((name) => window.__fake.calls.filter((c) => c.kind === 'rpc' && (name === undefined || c.fn === name)), fn);

describe('the demo against Supabase', () => {
  test('before the week exists (the sample still loading) keys in the sign-in form and presses on the page act on nothing; then the week takes them', async () => {
    const page = await newPage(browser);
    let release;
    const held = new Promise((resolve) => { release = resolve; });
    await page.route('**/demo/sample-school.json', async (route) => {
      await held;
      await route.continue();
    });
    try {
      await page.goto(`${browser.base}/demo/`);
      // The page's script has run up to its first wait: its controls are set up, the sample is on its way.
      await page.waitForFunction(() => window.slotfitDemo !== undefined);
      await page.click('#connect [name=email]');
      await page.keyboard.type(USER.email);
      for (const key of ['Tab', 'Shift+Tab', 'ArrowDown', 'Escape', 'Space', 'Enter']) await page.keyboard.press(key);
      await page.selectOption('#clock', '12');
      await page.click('#auto');
      await page.click('#csv');
      await page.mouse.click(5, 5);
      assert.equal(await page.evaluate(() => window.slotfitDemo.drag), null, 'the week was built before the keys: the test saw nothing');
      assert.deepEqual(page.problems, []);
      assert.equal(await page.inputValue('#connect [name=email]'), USER.email);

      release();
      await page.evaluate(() => window.slotfitDemo.ready);
      const [session] = await soloSessions(SAMPLE);
      await page.locator(`.session[data-id="${session.id}"]`).focus();
      await page.keyboard.press('Space');
      assert.equal(await page.evaluate(() => window.slotfitDemo.drag.active), true, 'Space did not pick the session up');
      await page.keyboard.press('Escape');
      assert.equal(await page.evaluate(() => window.slotfitDemo.drag.active), false);
      assert.deepEqual(page.problems, []);
    } finally {
      release();
      await page.evaluate(() => localStorage.removeItem('slotfit-demo-clock')).catch(() => {});
      await page.close();
    }
  });

  test('with the recording fake: one read, one write per move, override and auto-schedule rows as apply_schedule wants', async () => {
    const page = await openDemo(browser);
    try {
      await page.evaluate(async (payload) => {
        const { fakeSupabase } = await import('/tests/js/support/fake-supabase.mjs');
        window.slotfitDemoHooks = {
          createClient(url, key, options) {
            const fake = fakeSupabase({ payload });
            fake.created = { url, key, options };
            fake.auth = {
              async signInWithPassword(credentials) {
                fake.calls.push({ kind: 'auth', credentials });
                return { data: { user: { id: payload.provider.id, email: credentials.email }, session: {} }, error: null };
              },
            };
            window.__fake = fake;
            return fake;
          },
        };
      }, SAMPLE);
      await fillConnect(page, { url: 'https://project.example.test' });

      const created = await page.evaluate(() => window.__fake.created);
      assert.equal(created.url, 'https://project.example.test');
      assert.equal(created.key, 'anon-key-123');
      assert.equal(created.options.auth.persistSession, false);
      const auth = await page.evaluate(() => window.__fake.calls.filter((c) => c.kind === 'auth'));
      assert.deepEqual(auth, [{ kind: 'auth', credentials: { email: USER.email, password: 'pw-secret' } }]);
      const reads = await calls(page, 'get_scheduling_data_batch');
      assert.deepEqual(reads.map((c) => c.args), [{ p_school_site: SAMPLE.school.school_site, p_school_id: SAMPLE.school.school_id, p_known_version: null }]);
      assert.equal(await page.evaluate(() => window.__fake.calls.filter((c) => c.kind === 'from').length), 0, 'table reads');
      // One chip per session alone and one per group.
      assert.equal(await page.locator('#grid .session').count(), (await soloSessions(SAMPLE)).length + (await nodeEngine(SAMPLE)).groups().length);
      assert.match(await page.textContent('[data-metric="Database calls"]'), /^1 read · 0 writes/);

      // A keyboard move: one apply_schedule with the moved row.
      const { session, steps } = await keyboardTarget();
      await keyboardMove(page, session, steps);
      await page.waitForFunction(() => window.__fake.calls.some((c) => c.fn === 'apply_schedule'));
      await page.waitForFunction(() => /1 read · 1 write /.test(document.querySelector('[data-metric="Database calls"]').textContent));
      let writes = await calls(page, 'apply_schedule');
      assert.equal(writes.length, 1);
      const [write] = writes;
      assert.equal(write.args.p_data_version, SAMPLE.data_version);
      assert.match(write.args.p_request_id, /^[0-9a-f-]{36}$/);
      assert.equal(write.args.p_rows.length, 1);
      const row = write.args.p_rows[0];
      const want = minutesOf(session.start_time) + steps * 5;
      assert.equal(row.id, session.id);
      assert.equal(row.day_of_week, session.day_of_week);
      assert.equal(minutesOf(row.start_time), want);
      assert.equal(minutesOf(row.end_time) - minutesOf(row.start_time), minutesOf(session.end_time) - minutesOf(session.start_time));
      assert.equal(row.status, 'active');
      assert.equal(row.has_conflict, false);
      assert.equal(await page.evaluate((id) => window.__fake.db.sessions.get(id).start_time, session.id), row.start_time);

      // An override with the mouse: the row carries needs_attention, has_conflict and the reasons.
      const engine = await nodeEngine(SAMPLE);
      const other = (await soloSessions(SAMPLE)).find((s) => s.id !== session.id && s.student_id !== session.student_id);
      const blocked = allCells(engine.conflictMap({ sessionId: other.id }))
        .find((c) => (c.mask & kindBit('bell-schedule')) !== 0 && c.day !== other.day_of_week);
      await dragOver(page, other.id, blocked.day, blocked.start);
      await page.mouse.up();
      await page.waitForSelector('#override[open]');
      await page.click('#override-confirm');
      await page.waitForFunction(() => window.__fake.calls.filter((c) => c.fn === 'apply_schedule').length === 2);
      writes = await calls(page, 'apply_schedule');
      const override = writes[1].args;
      assert.equal(override.p_data_version, 'w1', 'the second write must carry the version the first one answered');
      assert.equal(override.p_rows[0].id, other.id);
      assert.equal(override.p_rows[0].status, 'needs_attention');
      assert.equal(override.p_rows[0].has_conflict, true);
      assert.match(override.p_rows[0].conflict_reason, /bell-schedule: /);
      await page.waitForSelector(`.session.attn[data-id="${other.id}"]`);

      // Auto-schedule in the worker: a proposal writes nothing; accepting it is one write.
      await page.click('#auto');
      await page.waitForFunction(() => window.slotfitDemo.lastAuto?.phase === 'preview', null, { timeout: 20000 });
      assert.equal((await calls(page, 'apply_schedule')).length, 2, 'the proposal was written before it was accepted');
      await page.click('#proposal-accept');
      await page.waitForFunction(() => window.slotfitDemo.lastAuto?.phase === 'accepted', null, { timeout: 20000 });
      await page.waitForFunction(() => /1 read · 3 writes/.test(document.querySelector('[data-metric="Database calls"]').textContent));
      writes = await calls(page, 'apply_schedule');
      assert.equal(writes.length, 3);
      const placed = await page.evaluate(() => window.slotfitDemo.lastAuto.placedIds);
      assert.equal(writes[2].args.p_rows.length, placed.length);
      assert.deepEqual(writes[2].args.p_rows.map((r) => r.id), placed);
      assert.equal(writes[2].args.p_data_version, 'w2');
      const stored = await page.evaluate((ids) => ids.map((id) => window.__fake.db.sessions.get(id)?.day_of_week ?? null), placed);
      assert.ok(stored.every((d) => d !== null), 'a placement did not reach the fake database');
      assert.equal((await calls(page, 'get_scheduling_data_batch')).length, 1, 'the page read again');
      assert.ok(!page.requests.some((u) => u.includes('supabase-js')), 'the hook should have replaced supabase-js');
      await screenshot(page, '11-supabase-fake', { fullPage: true });
      assert.deepEqual(page.problems, []);
    } finally {
      await page.close();
    }
  });

  test('with the real supabase-js (UMD, loaded only now) against a routed fake project', async () => {
    const page = await openDemo(browser);
    const seen = [];
    try {
      const api = `${browser.base}/fake-project`;
      await page.route(`${api}/**`, async (route) => {
        const request = route.request();
        const url = new URL(request.url());
        seen.push({ method: request.method(), path: url.pathname, search: url.search, headers: request.headers(), body: request.postData() });
        const json = (status, body) => route.fulfill({ status, contentType: 'application/json', body: JSON.stringify(body) });
        if (url.pathname.endsWith('/auth/v1/token')) {
          const now = Math.floor(Date.now() / 1000);
          return json(200, {
            access_token: 'token-abc', token_type: 'bearer', expires_in: 3600, expires_at: now + 3600, refresh_token: 'refresh',
            user: { id: USER.id, aud: 'authenticated', role: 'authenticated', email: USER.email, app_metadata: {}, user_metadata: {}, created_at: '2026-01-01T00:00:00Z' },
          });
        }
        if (url.pathname.endsWith('/rest/v1/rpc/get_scheduling_data_batch')) return json(200, SAMPLE);
        if (url.pathname.endsWith('/rest/v1/rpc/apply_schedule')) {
          const body = JSON.parse(request.postData());
          return json(200, { data_version: 'v2', ids: body.p_rows.map((r) => r.id), inserted: 0, updated: body.p_rows.length });
        }
        return json(404, { code: 'PGRST202', message: `unexpected ${url.pathname}` });
      });
      assert.equal(await page.evaluate(() => typeof window.supabase), 'undefined', 'supabase-js was loaded before connecting');
      // The first test left its payload in this profile's IndexedDB: start without it.
      await page.evaluate(() => new Promise((resolve) => {
        const request = indexedDB.deleteDatabase('slotfit');
        request.onsuccess = request.onerror = request.onblocked = resolve;
      }));
      await fillConnect(page, { url: api });
      assert.ok(page.requests.some((u) => u.endsWith('/node_modules/@supabase/supabase-js/dist/umd/supabase.js')));
      const token = seen.find((r) => r.path.endsWith('/auth/v1/token'));
      assert.equal(token.search, '?grant_type=password');
      assert.deepEqual(JSON.parse(token.body), { email: USER.email, password: 'pw-secret', gotrue_meta_security: {} });
      const read = seen.filter((r) => r.path.endsWith('/rpc/get_scheduling_data_batch'));
      assert.equal(read.length, 1);
      assert.equal(read[0].headers.authorization, 'Bearer token-abc');
      assert.equal(read[0].headers.apikey, 'anon-key-123');
      assert.deepEqual(JSON.parse(read[0].body), { p_school_site: SAMPLE.school.school_site, p_school_id: SAMPLE.school.school_id, p_known_version: null });

      const { session, steps } = await keyboardTarget();
      await keyboardMove(page, session, steps);
      await page.waitForFunction(() => /1 read · 1 write /.test(document.querySelector('[data-metric="Database calls"]').textContent));
      const writes = seen.filter((r) => r.path.endsWith('/rpc/apply_schedule'));
      assert.equal(writes.length, 1);
      const body = JSON.parse(writes[0].body);
      assert.equal(body.p_rows[0].id, session.id);
      assert.equal(body.p_data_version, SAMPLE.data_version);
      assert.equal(writes[0].headers.authorization, 'Bearer token-abc');
      assert.equal(seen.filter((r) => r.path.includes('/rest/v1/') && !r.path.includes('/rpc/')).length, 0, 'table reads');
      // This routed project has no Realtime: the page's subscription (tests/browser/live.test.mjs) cannot connect.
      assert.deepEqual(page.problems.filter((p) => !/\/realtime\/v1\/websocket/.test(p)), []);
    } finally {
      await page.close();
    }
  });
});
