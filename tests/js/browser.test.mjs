// The package in headless Chromium, as a page loads it without a bundler: the module found through
// import.meta.url, a module Worker, and the Content-Security-Policy the README promises is enough
// ('wasm-unsafe-eval', no 'unsafe-eval'); without 'wasm-unsafe-eval' the engine must fail to start, loudly.
// Skipped when /usr/bin/chromium is not installed.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { CHROMIUM, launchChromium } from '../browser/chromium.mjs';
import { requireBuiltWasm, root } from './support/slotfit.mjs';

requireBuiltWasm();
const skip = existsSync(CHROMIUM) ? false : `no Chromium at ${CHROMIUM}`;

const TYPES = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json', '.html': 'text/html' };
const POLICIES = {
  strict: "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; connect-src 'self'",
  'no-wasm': "default-src 'none'; script-src 'self'; worker-src 'self'; connect-src 'self'",
};

// The page script: an engine on the page and one in a worker, each loading the minimal fixture and checking the
// slot of its first session (a conflict) and a free one.
const PAGE_SCRIPT = `
import { createEngine, createWorkerEngine } from '/js/index.js';
const violations = [];
document.addEventListener('securitypolicyviolation', (e) => violations.push(e.violatedDirective + ' ' + e.blockedURI));
const text = await (await fetch('/tests/fixtures/minimal.json')).text();
const busy = { studentId: 'stu-1', day: 1, start: '09:00', minutes: 30 };
const free = { studentId: 'stu-1', day: 1, start: '13:00', minutes: 30 };
const out = {};
try {
  const engine = await createEngine();
  out.students = engine.load(text).students;
  out.busy = engine.check(busy);
  out.free = engine.check(free);
  out.cells = engine.conflictMap({ sessionId: 'ses-1' }).kinds.length;
  engine.dispose();
} catch (error) {
  out.error = error.name + ': ' + error.message;
}
try {
  const worker = await createWorkerEngine();
  await worker.load(text);
  out.workerBusy = await worker.check(busy);
  await worker.dispose();
} catch (error) {
  out.workerError = error.name + ': ' + error.message;
}
out.violations = violations;
window.result = out;
`;

// Every response carries the policy of the run, the worker's scripts included: a module worker takes its CSP
// from its own script's response, not from the page.
let policy = POLICIES.strict;

function serve() {
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    const headers = (type) => ({ 'content-type': type, 'content-security-policy': policy, 'cache-control': 'no-store' });
    if (url.pathname === '/page.html') {
      res.writeHead(200, headers('text/html'));
      res.end('<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><script type="module" src="/page.js"></script>');
      return;
    }
    if (url.pathname === '/page.js') {
      res.writeHead(200, headers('text/javascript'));
      res.end(PAGE_SCRIPT);
      return;
    }
    const file = path.join(root, path.normalize(url.pathname));
    const allowed = file.startsWith(path.join(root, 'js') + path.sep) || file.startsWith(path.join(root, 'tests/fixtures') + path.sep);
    if (!allowed || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, headers(TYPES[path.extname(file)] ?? 'application/octet-stream'));
    res.end(readFileSync(file));
  });
  return new Promise((resolve) => { server.listen(0, '127.0.0.1', () => resolve(server)); });
}

describe('in Chromium', { skip }, () => {
  let server;
  let chromium;

  before(async () => {
    server = await serve();
    chromium = await launchChromium();
  });

  after(async () => {
    await chromium?.close();
    server?.close();
  });

  async function run(csp) {
    policy = POLICIES[csp];
    const page = await chromium.context.newPage();
    await page.goto(`http://127.0.0.1:${server.address().port}/page.html`);
    await page.waitForFunction(() => window.result !== undefined, null, { timeout: 30_000 });
    const result = await page.evaluate(() => window.result);
    await page.close();
    return result;
  }

  test('a strict CSP with only \'wasm-unsafe-eval\' is enough: page engine and module worker', async () => {
    const r = await run('strict');
    assert.equal(r.error, undefined);
    assert.equal(r.workerError, undefined);
    assert.equal(r.students, 4);
    assert.deepEqual(r.busy.map((c) => [c.kind, c.refId]), [['student-overlap', 'ses-1']]);
    assert.deepEqual(r.free, []);
    assert.ok(r.cells > 0);
    assert.deepEqual(r.workerBusy, r.busy);
    assert.deepEqual(r.violations, []);
  });

  test('without \'wasm-unsafe-eval\' the engine refuses to start with a clear error', async () => {
    const r = await run('no-wasm');
    assert.equal(r.error, "Error: slotfit: the Content-Security-Policy blocks WebAssembly; add 'wasm-unsafe-eval' to script-src");
    assert.equal(r.workerError, r.error, 'the worker fails the same way');
  });
});
