#!/usr/bin/env node
// Recomputes the exact optimum of every crowded week (tests/fixtures/crowded/) and writes optima.json.
// `make quality-exact` runs it; it is far too slow for `make test`.
//
//   node tests/exact/solve-crowded.mjs --model build/tests/exact/slotfit_exact_model [--cli build/core/slotfit]
//        [--solver cbc|glpsol] [--compare] [--time-limit 300] [--weeks 1,5,7] [--dry-run]
//        [--tests build/tests/cpp/slotfit_tests]
//
// Per week: the model writer turns the payload into a 0/1 model (legality from the reference checker), the
// solver solves it within the time limit, glpsol without the integer part gives the LP relaxation, and the
// solver's schedule goes back through the reference judge: a schedule that breaks a rule means the model is
// wrong. A week whose optimum is not proven within the limit, or that is not crowded (the optimum places every
// needed session), fails the run: replace its seed in tests/fixtures/generate-crowded.mjs.
// --compare also runs the other solver on each week and records both times. With --cli, the engine's
// schedule under each strategy is checked the other way round: when the reference judge finds it legal, it
// must satisfy every row of the model too, or the model is stricter than the rules and its optimum too low.
// With --tests, the model also solves the 120 small tight weeks of the exhaustive quality test and must reach
// the exhaustive search's total: every solver schedule there passes the judge, so no week's model optimum is
// above its true optimum, and equal totals then mean equal optima on every week.

import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { STRATEGIES } from '../../js/generated/lists.js';
import { CROWDED_WEEKS, weekName } from '../fixtures/generate-crowded.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const crowdedDir = path.join(root, 'tests/fixtures/crowded');

function parseArgs(argv) {
  const o = { model: null, cli: null, tests: null, solver: 'cbc', compare: false, timeLimit: 300, weeks: null, dryRun: false };
  for (let i = 0; i < argv.length; i++) {
    switch (argv[i]) {
      case '--model': o.model = argv[++i]; break;
      case '--cli': o.cli = argv[++i]; break;
      case '--tests': o.tests = argv[++i]; break;
      case '--solver': o.solver = argv[++i]; break;
      case '--compare': o.compare = true; break;
      case '--time-limit': o.timeLimit = Number(argv[++i]); break;
      case '--weeks': o.weeks = argv[++i].split(',').map(Number); break;
      case '--dry-run': o.dryRun = true; break;
      default: throw new Error(`unknown argument ${argv[i]}`);
    }
  }
  if (!o.model) throw new Error('--model PATH is required (build/tests/exact/slotfit_exact_model)');
  if (!['cbc', 'glpsol'].includes(o.solver)) throw new Error('--solver: cbc or glpsol');
  if (!(o.timeLimit > 0)) throw new Error('--time-limit: seconds > 0');
  return o;
}

function run(command, args, options = {}) {
  const started = process.hrtime.bigint();
  const r = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 1 << 28, ...options });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (r.error) throw new Error(`${command}: ${r.error.message}`);
  return { ...r, seconds };
}

// cbc: the objective, whether it is proven optimal, and the variables at 1 (from its solution file).
function solveCbc(lp, dir, timeLimit) {
  const solution = path.join(dir, 'cbc.sol');
  const r = run('cbc', [lp, '-sec', String(timeLimit), '-threads', '1', '-solve', '-solu', solution]);
  const optimal = /Result - Optimal solution found/.test(r.stdout);
  const objective = Number((r.stdout.match(/Objective value:\s+(-?[\d.e+]+)/) ?? [])[1]);
  const chosen = [];
  for (const line of readFileSync(solution, 'utf8').split('\n').slice(1)) {
    const cols = line.trim().split(/\s+/);
    if (cols.length >= 3 && cols[1].startsWith('x_') && Number(cols[2]) > 0.5) chosen.push(cols[1]);
  }
  const cpu = Number((r.stdout.match(/Total time \(CPU seconds\):\s+([\d.]+)/) ?? [])[1]);
  return { optimal, objective: Math.round(objective), chosen, seconds: r.seconds, cpu };
}

// glpsol: the same, from its printable solution (one column per line with --wcpxlp-free names).
function solveGlpsol(lp, dir, timeLimit) {
  const solution = path.join(dir, 'glpsol.txt');
  const r = run('glpsol', ['--lp', lp, '--tmlim', String(timeLimit), '-o', solution]);
  const optimal = /INTEGER OPTIMAL SOLUTION FOUND/.test(r.stdout);
  const text = readFileSync(solution, 'utf8');
  const objective = Number((text.match(/Objective:\s+obj = (-?[\d.e+]+)/) ?? [])[1]);
  // A long column name sits alone on its line and its values follow on the next one.
  const chosen = [];
  const lines = text.split('\n');
  const columns = lines.findIndex((l) => /Column name/.test(l));
  for (let i = columns + 2; columns >= 0 && i < lines.length; i++) {
    const m = lines[i].match(/^\s*\d+\s+(x_\S+)(.*)$/);
    if (!m) continue;
    let rest = m[2].trim();
    if (rest === '') rest = (lines[++i] ?? '').trim();
    const activity = Number(rest.replace(/^\*\s*/, '').split(/\s+/)[0]);
    if (activity > 0.5) chosen.push(m[1]);
  }
  const cpu = Number((r.stdout.match(/Time used:\s+([\d.]+) secs/) ?? [])[1]);
  return { optimal, objective: Math.round(objective), chosen, seconds: r.seconds, cpu };
}

const SOLVERS = { cbc: solveCbc, glpsol: solveGlpsol };
const minutesOf = (hhmmss) => Number(hhmmss.slice(0, 2)) * 60 + Number(hhmmss.slice(3, 5));

// The engine's schedules as the model's variables; each one the judge accepts must satisfy the model.
function checkEngineSchedules(o, payloadFile, chosenFile, failures, file) {
  const payload = JSON.parse(readFileSync(payloadFile, 'utf8'));
  const index = new Map(payload.students.map((s, i) => [s.id, i]));
  for (const strategy of STRATEGIES) {
    const out = execFileSync(o.cli, ['schedule', payloadFile, '--strategy', strategy], { encoding: 'utf8', maxBuffer: 1 << 26 });
    const names = JSON.parse(out).placements.map((p) =>
      `x_s${index.get(p.student_id)}_d${p.day_of_week}_t${minutesOf(p.start_time)}`);
    writeFileSync(chosenFile, `${names.join('\n')}\n`);
    const judged = run(o.model, [payloadFile, '--check', chosenFile]);
    if (judged.status === 3) failures.push(`${file}: the engine's ${strategy} schedule is legal but breaks the model:\n${judged.stderr}`);
    else if (judged.status === 2) failures.push(`${file}: ${judged.stderr}`);
  }
}

// The LP relaxation's value, by glpsol's simplex without the integer search.
function lpRelaxation(lp) {
  const r = run('glpsol', ['--lp', lp, '--nomip']);
  const values = [...r.stdout.matchAll(/obj =\s+(-?[\d.e+]+)/g)];
  if (!/OPTIMAL LP SOLUTION FOUND/.test(r.stdout) || values.length === 0) throw new Error('LP relaxation not solved');
  return Number(Number(values[values.length - 1][1]).toFixed(3));
}

// One line per week, so that a diff shows which optimum changed.
function formatOptima({ about, weeks }) {
  return `{\n "about": ${JSON.stringify(about)},\n "weeks": [\n${weeks.map((w) => `  ${JSON.stringify(w)}`).join(',\n')}\n ]\n}\n`;
}

const TIGHT_WEEKS = 120; // tests/cpp/quality_test.cpp's kInstances

// The exact model against the exhaustive search of tests/cpp/quality_test.cpp, on its own small weeks.
function checkAgainstExhaustive(o, tmp, failures) {
  const out = run(o.tests, ['--gtest_filter=Quality.EngineComesCloseToTheOptimum']);
  const printed = out.stdout.match(/\[quality\] (\d+) tight instances, demand \d+: exact (\d+)/) ?? [];
  const exhaustive = Number(printed[2]);
  if (!(Number(printed[1]) === TIGHT_WEEKS && exhaustive > 0)) {
    failures.push(`the quality test did not print its exhaustive total:\n${out.stdout.slice(-2000)}`);
    return;
  }
  let total = 0;
  const lp = path.join(tmp, 'tight.lp');
  const chosenFile = path.join(tmp, 'tight-chosen.txt');
  for (let seed = 1; seed <= TIGHT_WEEKS; seed++) {
    const written = run(o.model, ['--tight-seed', String(seed)]);
    if (written.status !== 0) throw new Error(`tight seed ${seed}: model writer failed: ${written.stderr}`);
    writeFileSync(lp, written.stdout);
    // Tiny models: glpsol starts faster than cbc.
    const result = solveGlpsol(lp, tmp, o.timeLimit);
    if (!result.optimal) failures.push(`tight seed ${seed}: not proven optimal`);
    writeFileSync(chosenFile, `${result.chosen.join('\n')}\n`);
    const judged = run(o.model, ['--tight-seed', String(seed), '--check', chosenFile]);
    if (judged.status !== 0) failures.push(`tight seed ${seed}: the solver's schedule fails the judge:\n${judged.stderr}`);
    total += result.objective;
  }
  process.stderr.write(`tight weeks: the model's optima sum to ${total}, the exhaustive search's to ${exhaustive}\n`);
  if (total !== exhaustive) failures.push(`tight weeks: model total ${total} != exhaustive total ${exhaustive}`);
}

function main() {
  const o = parseArgs(process.argv.slice(2));
  const optimaFile = path.join(crowdedDir, 'optima.json');
  let previous = { weeks: [] };
  try {
    previous = JSON.parse(readFileSync(optimaFile, 'utf8'));
  } catch {
    // first run: nothing stored yet
  }
  const stored = new Map(previous.weeks.map((w) => [w.file, w]));
  const failures = [];
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'slotfit-exact-'));
  try {
    CROWDED_WEEKS.forEach(([students, workDays, seed], index) => {
      if (o.weeks && !o.weeks.includes(index + 1)) return;
      const file = weekName(index);
      const payload = path.join(crowdedDir, file);
      const lp = path.join(tmp, file.replace(/\.json$/, '.lp'));
      const written = run(o.model, [payload]);
      if (written.status !== 0) throw new Error(`${file}: model writer failed: ${written.stderr}`);
      writeFileSync(lp, written.stdout);
      const size = JSON.parse(written.stderr.trim().split('\n').pop());
      const lpValue = lpRelaxation(lp);
      const result = SOLVERS[o.solver](lp, tmp, o.timeLimit);
      // Wall seconds (with the process start) and the CPU seconds the solver reports: on a shared machine the
      // second is the fairer comparison.
      const times = { [o.solver]: Number(result.seconds.toFixed(2)) };
      const cpu = { [o.solver]: result.cpu };
      if (o.compare) {
        const other = o.solver === 'cbc' ? 'glpsol' : 'cbc';
        const r2 = SOLVERS[other](lp, tmp, o.timeLimit);
        times[other] = r2.optimal ? Number(r2.seconds.toFixed(2)) : null;
        cpu[other] = r2.optimal ? r2.cpu : null;
        if (r2.optimal && r2.objective !== result.objective && result.optimal) {
          failures.push(`${file}: ${o.solver} says ${result.objective}, ${other} says ${r2.objective}`);
        }
      }
      // The solver's schedule, judged by the reference: it must keep every hard rule and count as claimed.
      const chosenFile = path.join(tmp, 'chosen.txt');
      writeFileSync(chosenFile, `${result.chosen.join('\n')}\n`);
      const judged = run(o.model, [payload, '--check', chosenFile]);
      if (judged.status === 1) failures.push(`${file}: the solver's schedule breaks a rule:\n${judged.stderr}`);
      else if (judged.status !== 0) failures.push(`${file}: the solver's schedule, read back, fails the model:\n${judged.stderr}`);
      else if (JSON.parse(judged.stdout).placed !== result.objective) {
        failures.push(`${file}: the solution holds ${result.chosen.length} sessions, the objective says ${result.objective}`);
      }
      if (o.cli) checkEngineSchedules(o, payload, chosenFile, failures, file);
      if (!result.optimal) failures.push(`${file}: not proven optimal within ${o.timeLimit} s: replace seed ${seed}`);
      if (result.optimal && result.objective >= size.needed) {
        failures.push(`${file}: not crowded (optimum ${result.objective} = needed ${size.needed}): replace seed ${seed}`);
      }
      const entry = {
        file, students, work_days: workDays, seed, sessions_needed: size.needed, optimum: result.objective,
        lp_relaxation: lpValue, solver: o.solver, seconds: times, cpu_seconds: cpu, variables: size.variables,
        rows: size.rows,
      };
      stored.set(file, entry);
      process.stderr.write(`${file}: ${students} students, ${workDays.length} days, needed ${size.needed}, ` +
        `optimum ${result.objective}${result.optimal ? '' : ' (NOT PROVEN)'}, LP ${lpValue}, ` +
        `wall ${JSON.stringify(times)} s, cpu ${JSON.stringify(cpu)} s, ${size.variables} vars, ${size.rows} rows\n`);
    });
    if (o.tests) checkAgainstExhaustive(o, tmp, failures);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  const weeks = CROWDED_WEEKS.map((_, i) => stored.get(weekName(i))).filter(Boolean);
  const out = {
    about: 'Exact optimum per crowded week: the most needed sessions any legal schedule places with every ' +
      'payload template kept where it is (default policy). Recomputed by `make quality-exact`.',
    weeks,
  };
  if (!o.dryRun) writeFileSync(optimaFile, formatOptima(out));
  if (failures.length) {
    process.stderr.write(`solve-crowded: ${failures.length} problem(s):\n${failures.join('\n')}\n`);
    process.exit(1);
  }
}

try {
  main();
} catch (error) {
  process.stderr.write(`solve-crowded: ${error.message}\n`);
  process.exit(2);
}
