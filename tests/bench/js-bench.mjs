#!/usr/bin/env node
// The slotfit package's figures in Node against the budgets of issue 3, and the wasm/native ratio for the same
// operations (the native figures come from the Google Benchmark binary when it is built; "n/a" otherwise).
//
//   node tests/bench/js-bench.mjs [--quick] [--native build/tests/bench/slotfit_bench] [--package DIR]
//
// --package measures another copy of the package (say, a build with other emcc flags) instead of js/.
// Payloads: the fixture generator's 200- and 2,000-student schools, seed 7 (the ones `make bench` uses;
// SLOTFIT_BENCH_200 and SLOTFIT_BENCH_2000 name other files).
// Timing is wall clock on a shared machine: medians of many repetitions, with the JSON.parse reference
// interleaved with the load it is compared to.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const nativeArg = args.indexOf('--native');
const nativeBench = nativeArg >= 0 ? args[nativeArg + 1]
  : process.env.SLOTFIT_NATIVE_BENCH ?? path.join(root, 'build/tests/bench/slotfit_bench');

const packageArg = args.indexOf('--package');
const packageDir = packageArg >= 0 ? path.resolve(args[packageArg + 1]) : path.join(root, 'js');
if (!existsSync(path.join(packageDir, 'dist/slotfit-core.wasm'))) {
  console.error(`${path.join(packageDir, 'dist/slotfit-core.wasm')} is missing: run \`make wasm\` first`);
  process.exit(2);
}
const { createEngine, EFFORTS, formatTime } = await import(pathToFileURL(path.join(packageDir, 'node.js')).href);

// ---------------------------------------------------------------------------------------------- inputs
const scratch = mkdtempSync(path.join(tmpdir(), 'slotfit-bench-'));
process.on('exit', () => rmSync(scratch, { recursive: true, force: true }));
// SLOTFIT_BENCH_40 / SLOTFIT_BENCH_200 / SLOTFIT_BENCH_2000 (as for the native bench), else `make bench`'s files, else generated here.
function payloadFile(students) {
  const prebuilt = process.env[`SLOTFIT_BENCH_${students}`] ?? path.join(root, `build/bench/payload-${students}.json`);
  if (existsSync(prebuilt)) return prebuilt;
  const file = path.join(scratch, `payload-${students}.json`);
  writeFileSync(file, execFileSync(process.execPath,
    [path.join(root, 'tests/fixtures/generate-payload.mjs'), '--students', String(students), '--seed', '7'],
    { maxBuffer: 256 << 20 }));
  return file;
}
const file200 = payloadFile(200);
const file2000 = payloadFile(2000);
const text200 = readFileSync(file200, 'utf8');
const text2000 = readFileSync(file2000, 'utf8');
const bytes2000 = new TextEncoder().encode(text2000);
const payload200 = JSON.parse(text200);

// ---------------------------------------------------------------------------------------------- helpers
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};
const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};
const now = () => performance.now();

// A fixed pseudo-random list of candidates, the same shape as the native BM_Check probes:
// a student of the caseload, Monday–Friday, a 5-minute grid start from 08:00, 30 minutes.
function probes(payload, count = 4096) {
  let seed = 42;
  const next = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed >>> 8;
  };
  const out = [];
  for (let i = 0; i < count; i += 1) {
    out.push({
      studentId: payload.students[next() % payload.students.length].id,
      day: 1 + (next() % 5),
      start: 8 * 60 + 5 * (next() % 78),
      minutes: 30,
    });
  }
  return out;
}

// Per-call latency: the mean of a batch of calls, the median (and p99) over many batches. One call is far below
// the clock's resolution, and the per-call timer cost would dominate a single-call measurement.
function perCall(fn, list, { batches = quick ? 60 : 300, batch = 256 } = {}) {
  for (let i = 0; i < 20_000; i += 1) fn(list[i % list.length]);  // warm up: JIT and wasm tier-up
  const means = [];
  let k = 0;
  for (let b = 0; b < batches; b += 1) {
    const t0 = now();
    for (let i = 0; i < batch; i += 1) fn(list[(k++) % list.length]);
    means.push(((now() - t0) * 1e3) / batch);  // µs per call
  }
  return { p50: median(means), p99: quantile(means, 0.99) };
}

function timeEach(fn, runs) {
  const out = [];
  for (let i = 0; i < runs; i += 1) {
    const t0 = now();
    fn(i);
    out.push(now() - t0);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------- measure
const figures = {};
const engine = await createEngine();
engine.load(text200);

const list = probes(payload200);
const conflicting = list.filter((c) => engine.checkKinds(c) !== 0);
const free = list.filter((c) => engine.checkKinds(c) === 0);
figures.conflictShare = conflicting.length / list.length;
figures.check = perCall((c) => engine.check(c), list);
figures.checkFree = free.length > 0 ? perCall((c) => engine.check(c), free) : null;
figures.checkConflicting = conflicting.length > 0 ? perCall((c) => engine.check(c), conflicting) : null;
figures.checkKinds = perCall((c) => engine.checkKinds(c), list);
figures.checkHHMM = perCall((c) => engine.check(c), list.map((c) => ({
  ...c, start: formatTime(c.start),
})));

const students = payload200.students.map((s) => s.id);
for (let i = 0; i < 200; i += 1) engine.conflictMap({ studentId: students[i % students.length], minutes: 30 });
const mapTimes = timeEach((i) => engine.conflictMap({ studentId: students[(i * 7) % students.length], minutes: 30 }),
  quick ? 300 : 2000).map((ms) => ms * 1e3);
figures.conflictMap = { p50: median(mapTimes), p99: quantile(mapTimes, 0.99) };
const cells = engine.conflictMap({ studentId: students[0], minutes: 30 }).kinds.length;

// A group of 5 (five 30-minute sessions of five students moved to Tuesday 10:00) against one member's own map, on a
// second engine so that the week above stays as loaded.
const grouped = await createEngine();
grouped.load(text200);
const fives = [];
for (const s of payload200.sessions) {
  if (fives.length === 5) break;
  if (s.day_of_week === null || fives.some((f) => f.student_id === s.student_id)) continue;
  const [h1, m1] = s.start_time.split(':').map(Number);
  const [h2, m2] = s.end_time.split(':').map(Number);
  if (h2 * 60 + m2 - (h1 * 60 + m1) === 30) fives.push({ ...s, day_of_week: 2, start_time: 600, end_time: 630 });
}
grouped.applyChanges(fives);
const member = fives[0].id;
for (let i = 0; i < 200; i += 1) {
  grouped.conflictMap({ sessionId: member });
  grouped.conflictMap({ groupOf: member });
}
const memberTimes = timeEach(() => grouped.conflictMap({ sessionId: member }), quick ? 300 : 2000).map((ms) => ms * 1e3);
const groupTimes = timeEach(() => grouped.conflictMap({ groupOf: member }), quick ? 300 : 2000).map((ms) => ms * 1e3);
figures.memberMap = median(memberTimes);
figures.groupMap = median(groupTimes);
grouped.dispose();

for (let i = 0; i < 3; i += 1) engine.autoSchedule({ effort: 'fast' });
figures.autoSchedule200 = median(timeEach(() => engine.autoSchedule({ effort: 'fast' }), quick ? 5 : 15));
for (let i = 0; i < 2; i += 1) engine.autoSchedule();
figures.autoSchedule200Default = median(timeEach(() => engine.autoSchedule(), quick ? 5 : 11));
figures.autoSchedule200Thorough = median(timeEach(() => engine.autoSchedule({ effort: 'thorough' }), quick ? 3 : 5));
const answers200 = Object.fromEntries(EFFORTS.map((effort) => {
  const s = engine.autoSchedule({ effort }).stats;
  return [effort, `${s.sessionsPlaced} of ${s.sessionsNeeded}, bound ${s.upperBound}, ${s.stoppedBy}`];
}));

// A caseload where everything fits: the bound proves the first schedule optimal, so no search runs.
const fits = await createEngine();
fits.load(readFileSync(payloadFile(40), 'utf8'));
for (let i = 0; i < 20; i += 1) fits.autoSchedule();
figures.autoSchedule40 = median(timeEach(() => fits.autoSchedule(), quick ? 21 : 101));
const fitsStats = fits.autoSchedule().stats;
fits.dispose();

// The first click: a fresh Node process creates an engine, loads the 200-student payload and auto-schedules
// once ('default'), then again a few times warm. One child per sample, the median of each. With `warmUp` the
// engine is created as the worker creates its own (createEngine({warmUp: true}), done while the page is idle).
function coldSample(warmUp) {
  const script = `
    const { createEngine, EFFORTS, formatTime } = await import(${JSON.stringify(pathToFileURL(path.join(packageDir, 'node.js')).href)});
    const { readFileSync } = await import('node:fs');
    const engine = await createEngine({ warmUp: ${warmUp} });
    engine.load(readFileSync(${JSON.stringify(file200)}, 'utf8'));
    let t = performance.now();
    engine.autoSchedule();
    const first = performance.now() - t;
    const warm = [];
    for (let i = 0; i < 5; i += 1) { t = performance.now(); engine.autoSchedule(); warm.push(performance.now() - t); }
    warm.sort((a, b) => a - b);
    console.log(JSON.stringify({ first, warm: warm[2] }));`;
  return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }));
}
const cold = Array.from({ length: quick ? 3 : 7 }, () => coldSample(false));
figures.coldAutoSchedule = median(cold.map((c) => c.first));
const warmed = Array.from({ length: quick ? 3 : 7 }, () => coldSample(true));
figures.firstAutoSchedule = median(warmed.map((c) => c.first));
figures.warmAutoSchedule = median([...cold, ...warmed].map((c) => c.warm));

const big = await createEngine();
const loadRuns = quick ? 5 : 15;
const parse = [];
const loadText = [];
const loadBytes = [];
const coreLoad = [];
big.load(bytes2000);
JSON.parse(text2000);
for (let i = 0; i < loadRuns; i += 1) {  // interleaved, so that machine load hits both sides alike
  let t0 = now();
  JSON.parse(text2000);
  parse.push(now() - t0);
  t0 = now();
  big.load(text2000);
  loadText.push(now() - t0);
  t0 = now();
  const stats = big.load(bytes2000);
  loadBytes.push(now() - t0);
  coreLoad.push(stats.loadMs);
}
figures.jsonParse2000 = median(parse);
figures.load2000Text = median(loadText);
figures.load2000Bytes = median(loadBytes);
figures.load2000Core = median(coreLoad);
const loadedStats = big.stats();

// Repair suggestions (maxMoves 2) for every student auto-schedule leaves short on the 200-student week, on top of
// its proposal: each student's median, then the median and the slowest student.
const proposal200 = engine.autoSchedule();
const shortIds = proposal200.unplaced.map((u) => u.studentId);
const suggestOf = (studentId) => engine.suggest({ studentId, placements: proposal200.placements, maxMoves: 2 });
for (const id of shortIds) suggestOf(id);
const perStudent = shortIds.map((id) => median(timeEach(() => suggestOf(id), quick ? 3 : 9)));
figures.suggest = { students: shortIds.length, p50: median(perStudent), max: Math.max(...perStudent) };
big.dispose();
engine.dispose();

const size = (file) => {
  const data = readFileSync(path.join(packageDir, file));
  return { raw: data.length, gz: gzipSync(data, { level: 9 }).length };
};
const wasm = size('dist/slotfit-core.wasm');
const glue = size('dist/slotfit-core.mjs');
// The package's own JS: every .js file js/package.json "files" ships outside dist/ (the module, its glue and the
// embedded copy are counted above), globs such as "live/*.js" expanded; the bin included.
const shippedJs = JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8')).files
  .filter((entry) => entry.endsWith('.js') && !entry.startsWith('dist/'))
  .flatMap((entry) => {
    if (!entry.includes('*')) return [entry];
    const dir = path.posix.dirname(entry);
    const [before, after] = path.posix.basename(entry).split('*');
    return readdirSync(path.join(packageDir, dir)).filter((n) => n.startsWith(before) && n.endsWith(after)).sort()
      .map((n) => `${dir}/${n}`);
  });
const wrappers = shippedJs.map((f) => size(f)).reduce((a, b) => ({ raw: a.raw + b.raw, gz: a.gz + b.gz }));

// ---------------------------------------------------------------------------------------------- native
let native = null;
if (existsSync(nativeBench)) {
  // The binary prints through its own console reporter; the JSON goes to a file.
  const jsonFile = path.join(scratch, 'native.json');
  execFileSync(nativeBench, [`--benchmark_out=${jsonFile}`, '--benchmark_out_format=json'], {
    env: { ...process.env, SLOTFIT_BENCH_40: payloadFile(40), SLOTFIT_BENCH_200: file200, SLOTFIT_BENCH_2000: file2000 },
    maxBuffer: 64 << 20, stdio: ['ignore', 'ignore', 'ignore'],
  });
  const json = JSON.parse(readFileSync(jsonFile, 'utf8'));
  native = {};
  const scale = { ns: 1e-3, us: 1, ms: 1e3 };  // to µs
  for (const b of json.benchmarks) {
    if (b.aggregate_name !== 'median') continue;
    native[b.run_name.split('/')[0]] = b.real_time * scale[b.time_unit];
  }
}

// ---------------------------------------------------------------------------------------------- report
const fmt = (x, digits = 3) => (x == null ? 'n/a' : x.toFixed(digits));
const verdict = (value, budget) => (value <= budget ? 'ok' : 'OVER BUDGET');
const lines = [];
const row = (what, value, unit, budget) => {
  lines.push(`${what.padEnd(52)} ${fmt(value).padStart(10)} ${unit.padEnd(3)}${
    budget === undefined ? '' : `  budget ${String(budget).padStart(6)} ${unit.padEnd(3)} ${verdict(value, budget)}`}`);
};
console.log(`slotfit js-bench  (node ${process.version}, ${quick ? 'quick' : 'full'} run; `
  + `200-student payload: ${payload200.students.length} students, 2,000-student: ${loadedStats.students} students, `
  + `${(text2000.length / 1e6).toFixed(2)} MB)`);
row('check via JS, p50 (all candidates)', figures.check.p50, 'µs', 1);
row('check via JS, p99 of batch means', figures.check.p99, 'µs');
row(`  free candidates only (${((1 - figures.conflictShare) * 100).toFixed(0)}%)`, figures.checkFree?.p50, 'µs');
row(`  conflicting candidates only (${(figures.conflictShare * 100).toFixed(0)}%)`, figures.checkConflicting?.p50, 'µs');
row('  start as "HH:MM"', figures.checkHHMM.p50, 'µs');
row('checkKinds via JS (mask only), p50', figures.checkKinds.p50, 'µs');
row(`conflictMap, week, 30 min (${cells} cells), p50`, figures.conflictMap.p50, 'µs', 50);
row('conflictMap p99', figures.conflictMap.p99, 'µs');
row('conflictMap of one session, p50', figures.memberMap, 'µs');
row('conflictMap of its group of 5, p50', figures.groupMap, 'µs');
row('  group of 5 / one session', figures.groupMap / figures.memberMap, 'x', 2);
row(`suggest, maxMoves 2, ${figures.suggest.students} short students, median`, figures.suggest.p50, 'ms', 20);
row('suggest, the slowest of those students', figures.suggest.max, 'ms', 20);
row('JSON.parse of the 2,000-student text', figures.jsonParse2000, 'ms');
row('load 2,000 students from a string', figures.load2000Text, 'ms');
row('load 2,000 students from UTF-8 bytes', figures.load2000Bytes, 'ms');
row('  of which parse + index inside wasm', figures.load2000Core, 'ms');
row('load (string) / JSON.parse', figures.load2000Text / figures.jsonParse2000, 'x', 6);
row('load (bytes) / JSON.parse', figures.load2000Bytes / figures.jsonParse2000, 'x', 6);
row("autoSchedule, 200-student caseload, 'fast'", figures.autoSchedule200, 'ms');
row("autoSchedule, 200 students, 'default'", figures.autoSchedule200Default, 'ms', 150);
row("autoSchedule, 200 students, 'thorough'", figures.autoSchedule200Thorough, 'ms');
row(`autoSchedule, 40 students that fit (${fitsStats.stoppedBy})`, figures.autoSchedule40, 'ms', 2);
row("first autoSchedule in a fresh process ('default'), no warm-up", figures.coldAutoSchedule, 'ms');
row('  the same, engine made with warmUp (as the worker does)', figures.firstAutoSchedule, 'ms');
row('  the same process warm', figures.warmAutoSchedule, 'ms');
row('  first (warmUp) / warm', figures.firstAutoSchedule / figures.warmAutoSchedule, 'x', 1.5);
row('  first (no warm-up) / warm', figures.coldAutoSchedule / figures.warmAutoSchedule, 'x');
console.log(lines.join('\n'));
console.log(`  200 students placed: ${Object.entries(answers200).map(([e, a]) => `${e} ${a}`).join('; ')}`);
console.log('');
console.log(`sizes                          raw        gzip -9`);
console.log(`  slotfit-core.wasm     ${String(wasm.raw).padStart(10)} ${String(wasm.gz).padStart(10)}`);
console.log(`  slotfit-core.mjs      ${String(glue.raw).padStart(10)} ${String(glue.gz).padStart(10)}`);
console.log(`  wasm + glue           ${String(wasm.raw + glue.raw).padStart(10)} ${String(wasm.gz + glue.gz).padStart(10)}`
  + `   budget 153600 (150 KB) gz ${verdict(wasm.gz + glue.gz, 150 * 1024)}`);
console.log(`  package JS            ${String(wrappers.raw).padStart(10)} ${String(wrappers.gz).padStart(10)}`
  + `   every shipped .js outside dist/ (${shippedJs.length} files, package.json "files"), gzip per file`);
console.log('');
console.log('wasm (through the JS API) vs native (Google Benchmark, same payloads and probe shape)');
const ratio = (label, wasmUs, nativeKey) => {
  const n = native?.[nativeKey];
  console.log(`  ${label.padEnd(40)} wasm ${fmt(wasmUs).padStart(10)} µs   native ${fmt(n ?? null).padStart(10)} µs   `
    + `ratio ${n ? `${(wasmUs / n).toFixed(1)}x` : 'n/a'}`);
};
ratio('suggest, short students (wasm median, native mean)', figures.suggest.p50 * 1e3, 'BM_Suggest_200');
ratio('check, one candidate (mask)', figures.checkKinds.p50, 'BM_Check');
ratio('check with reasons (all candidates)', figures.check.p50, 'BM_CheckWithReasons');
ratio('conflict map, week', figures.conflictMap.p50, 'BM_ConflictMapWeek');
ratio('conflict map, a group of 5', figures.groupMap, 'BM_ConflictMapGroupOf5');
ratio('load 2,000 students (bytes)', figures.load2000Bytes * 1e3, 'BM_Load_2000');
ratio("auto-schedule 200 students, 'fast'", figures.autoSchedule200 * 1e3, 'BM_AutoSchedule_200_Fast');
ratio("auto-schedule 200 students, 'default'", figures.autoSchedule200Default * 1e3, 'BM_AutoSchedule_200');
if (native === null) console.log(`  (native figures: n/a, ${path.relative(root, nativeBench)} is not built; make native)`);
