// Shared by the consumer tests: the packed tarball, scratch projects that install only it (offline), a static
// server, and what the repository's own engine answers (the expected result of every consumer's probe).
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { CONFLICT_KINDS } from '../../js/generated/lists.js';
import { launchChromium } from '../browser/chromium.mjs';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const apps = path.join(root, 'tests/consumers/apps');
// Inside the repository, so that tools resolved from its node_modules (next, react) sit under the same root as the
// project, as Turbopack requires; the folder is made fresh for each project and removed after it.
const scratchRoot = path.join(root, 'build/consumers');
export const bin = (relative) => path.join(root, 'node_modules', relative);

const npmEnv = { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' };

/** The tarball under test: SLOTFIT_TARBALL (make packs once for all files), else a fresh npm pack of js/. */
export function packOnce() {
  if (process.env.SLOTFIT_TARBALL) return path.resolve(process.env.SLOTFIT_TARBALL);
  return pack();
}

/** npm pack of js/ (its prepack copies the migrations, the sample and the licenses in) to build/consumers/slotfit.tgz. */
export function pack() {
  mkdirSync(scratchRoot, { recursive: true });
  const [packed] = JSON.parse(execFileSync('npm', ['pack', path.join(root, 'js'), '--pack-destination', scratchRoot, '--json'],
    { encoding: 'utf8', env: npmEnv, stdio: ['ignore', 'pipe', 'pipe'] }));
  const file = path.join(scratchRoot, 'slotfit.tgz');
  renameSync(path.join(scratchRoot, packed.filename), file);
  return file;
}

/** A new project folder with `files` ({relative: text}) and the tarball installed offline; `remove()` deletes it. */
export function scratchProject(name, files = {}, { type = 'module' } = {}) {
  mkdirSync(scratchRoot, { recursive: true });
  const dir = mkdtempSync(path.join(scratchRoot, `${name}-`));
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: `consumer-${name}`, private: true, type }));
  for (const [relative, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, relative)), { recursive: true });
    writeFileSync(path.join(dir, relative), text);
  }
  execFileSync('npm', ['install', packOnce(), '--offline', '--no-audit', '--no-fund', '--ignore-scripts', '--no-package-lock'],
    { cwd: dir, env: npmEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  return { dir, file: (relative) => path.join(dir, relative), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Copies a template folder of tests/consumers/apps into a project. */
export function copyApp(project, app) {
  cpSync(path.join(apps, app), project.dir, { recursive: true });
}

export const probeSource = () => readFileSync(path.join(apps, 'shared/probe.js'), 'utf8');

/** Runs node on a file of the project and parses the last line it prints as JSON. */
export function runNode(project, args, options = {}) {
  return JSON.parse(run(process.execPath, args, { cwd: project.dir, timeoutMs: 60_000, ...options }).trim().split('\n').at(-1));
}

// A crash inside a minified bundle prints the whole bundle line: keep the lines a person can read.
const readable = (text) => (text ?? '').split('\n').filter((line) => line.length < 2000).join('\n').slice(-4000);

const TYPES = {
  '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.json': 'application/json',
  '.wasm': 'application/wasm', '.css': 'text/css',
};

/** A static file server on 127.0.0.1 for a built app; unknown paths answer 404. */
export async function serveStatic(dir) {
  const server = createServer((request, response) => {
    const url = new URL(request.url, 'http://x');
    const file = path.join(dir, decodeURIComponent(url.pathname.endsWith('/') ? `${url.pathname}index.html` : url.pathname));
    if (!file.startsWith(dir) || !existsSync(file) || !statSync(file).isFile()) {
      response.writeHead(404).end('not found');
      return;
    }
    response.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    response.end(readFileSync(file));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    base: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((resolve) => {
      server.close(resolve);
      server.closeAllConnections();
    }),
  };
}

/** Starts a long-running process and resolves once its output matches `ready`; `stop()` ends it and its children. */
export function startProcess(command, args, { cwd, env, ready, timeoutMs = 60_000 }) {
  const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const stop = () => {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`${command} did not get ready in ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const look = (chunk) => {
      output += chunk;
      if (ready.test(output)) {
        clearTimeout(timer);
        resolve({ child, output: () => output, stop });
      }
    };
    child.stdout.on('data', look);
    child.stderr.on('data', look);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${command} exited (${code}) before it was ready:\n${output}`));
    });
  });
}

/** The sample school the package ships (demo/sample-school.json), parsed anew each call. */
export const samplePayload = () => JSON.parse(readFileSync(path.join(root, 'demo/sample-school.json'), 'utf8'));

let expectedEngine = null;
/** What the repository's engine answers for the sample school and `candidate`. */
export async function expectedProbe(candidate) {
  expectedEngine ??= await import('../../js/node.js').then((pkg) => pkg.createEngine());
  const stats = expectedEngine.load(samplePayload());
  return JSON.parse(JSON.stringify({
    students: stats.students, conflicts: expectedEngine.check(candidate), kinds: CONFLICT_KINDS.length,
  }));
}

/** A candidate of the sample school that breaks a bell-schedule row, so that a wrong engine cannot pass by luck. */
export function sampleCandidate() {
  const payload = samplePayload();
  const grades = (bell) => bell.grade_level.split(',').map((g) => g.trim());
  for (const bell of payload.bell_schedules) {
    const student = payload.students.find((s) => grades(bell).includes(s.grade_level));
    if (student !== undefined) {
      return { studentId: student.id, day: bell.day_of_week, start: bell.start_time.slice(0, 5), minutes: 30 };
    }
  }
  throw new Error('the sample school has no bell-schedule row that applies to one of its students');
}

/** Debian's headless Chromium with a fresh profile (tests/browser/chromium.mjs); `probe(url)` answers a page's result. */
export async function openChromium() {
  const chromium = await launchChromium();
  const { context } = chromium;
  return {
    /** Loads `url` and waits until `window.probeResult` (or the text of `selector`) is there; answers it parsed. */
    async probe(url, { selector = null, timeoutMs = 30_000 } = {}) {
      const page = await context.newPage();
      const problems = [];
      page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
      try {
        await page.goto(url);
        let text;
        if (selector === null) {
          await page.waitForFunction(() => window.probeResult !== undefined, null, { timeout: timeoutMs });
          text = await page.evaluate(() => JSON.stringify(window.probeResult));
        } else {
          await page.waitForFunction((s) => (document.querySelector(s)?.textContent ?? '') !== '', selector, { timeout: timeoutMs });
          text = await page.textContent(selector);
        }
        return { result: JSON.parse(text), problems };
      } finally {
        await page.close();
      }
    },
    close: () => chromium.close(),
  };
}

/** A free TCP port on 127.0.0.1. */
export async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Runs a command to its end; a failure carries its output. */
export function run(command, args, { cwd, env = {}, timeoutMs = 240_000, timeout } = {}) {
  try {
    return execFileSync(command, args, {
      cwd, env: { ...process.env, ...env }, encoding: 'utf8', timeout: timeout ?? timeoutMs, stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 64 << 20,
    });
  } catch (error) {
    throw new Error(`${path.basename(command)} ${args.join(' ')} failed (${error.status ?? error.signal}):\n`
      + `${readable(error.stdout)}\n${readable(error.stderr)}`);
  }
}
