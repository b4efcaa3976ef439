// The payload contract as the tests check it: the project's JSON Schema (ajv, draft-07), the exact key sets
// of the schema (no key the schema lacks, none it names left out), the semantic rules the schema cannot say,
// and the core itself through the native CLI.
import Ajv from 'ajv';
import { readFileSync, mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const schemaPath = path.join(repoRoot, 'core/schema/payload-v1.schema.json');
export const schema = JSON.parse(readFileSync(schemaPath, 'utf8'));

const ajv = new Ajv({ allErrors: true, strict: true });
const validateSchema = ajv.compile(schema);

export function schemaErrors(payload) {
  return validateSchema(payload) ? [] : validateSchema.errors.map((e) => `${e.instancePath || '/'} ${e.message}`);
}

// Keys the producer may leave out: `incomplete` is for a client-side fallback read, never for the RPC.
const optionalTopLevel = new Set(['incomplete']);

function resolve(node) {
  while (node && node.$ref) node = node.$ref.split('/').slice(1).reduce((n, k) => n[k], schema);
  return node;
}

// Every object in the payload carries exactly the properties its schema names.
export function keySetErrors(value, node = schema, where = '') {
  node = resolve(node);
  const errors = [];
  if (node && node.properties && value && typeof value === 'object' && !Array.isArray(value)) {
    const expected = Object.keys(node.properties).filter((k) => !(where === '' && optionalTopLevel.has(k)));
    for (const k of Object.keys(value)) {
      if (!(k in node.properties)) errors.push(`${where}/${k}: not in the schema`);
    }
    for (const k of expected) {
      if (!(k in value)) errors.push(`${where}/${k}: missing (the schema names it)`);
      else errors.push(...keySetErrors(value[k], node.properties[k], `${where}/${k}`));
    }
  } else if (node && node.items && Array.isArray(value)) {
    value.forEach((item, i) => errors.push(...keySetErrors(item, node.items, `${where}/${i}`)));
  }
  return errors;
}

const minutes = (t) => {
  const [h, m] = t.split(':').map(Number);
  return h * 60 + m;
};

// The rules of payload-v1.md the schema leaves to the parser and to these tests.
export function semanticErrors(p) {
  const errors = [];
  const timed = ['school_hours', 'bell_schedules', 'special_activities', 'protected_times', 'other_provider_sessions',
    'provider_busy_times', 'sessions'];
  for (const table of timed) {
    (p[table] || []).forEach((r, i) => {
      if (r.start_time !== null && r.end_time !== null && minutes(r.end_time) <= minutes(r.start_time)) {
        errors.push(`/${table}/${i}: end_time ${r.end_time} is not after start_time ${r.start_time}`);
      }
    });
  }
  for (const table of ['bell_schedules', 'special_activities', 'students', 'sessions', 'protected_times']) {
    const seen = new Set();
    (p[table] || []).forEach((r, i) => {
      if (seen.has(r.id)) errors.push(`/${table}/${i}/id: duplicate id ${r.id}`);
      seen.add(r.id);
    });
  }
  const studentIds = new Set(p.students.map((s) => s.id));
  p.sessions.forEach((s, i) => {
    const set = [s.day_of_week, s.start_time, s.end_time].filter((v) => v !== null).length;
    if (set !== 0 && set !== 3) errors.push(`/sessions/${i}: day and times must be all set or all null`);
    if (!studentIds.has(s.student_id)) errors.push(`/sessions/${i}/student_id: unknown student ${s.student_id}`);
  });
  p.other_provider_sessions.forEach((s, i) => {
    if (!studentIds.has(s.student_id)) errors.push(`/other_provider_sessions/${i}/student_id: not this provider's student`);
  });
  p.protected_times.forEach((s, i) => {
    if (s.student_id !== null && !studentIds.has(s.student_id)) {
      errors.push(`/protected_times/${i}/student_id: not this provider's student`);
    }
  });
  const days = p.work_days;
  if (days.some((d, i) => i > 0 && d <= days[i - 1])) errors.push('/work_days: not strictly ascending');
  return errors;
}

export function contractErrors(payload) {
  return [...schemaErrors(payload), ...keySetErrors(payload), ...semanticErrors(payload)];
}

// The native CLI (core/cli), built by `make native`.
export const cliPath = path.resolve(repoRoot, process.env.SLOTFIT_CLI || 'build/core/slotfit');
export const cliMissing = existsSync(cliPath) ? false : `skipped: CLI missing (${cliPath}); build it with \`make native\``;
if (cliMissing && process.env.SLOTFIT_REQUIRE_CLI === '1') {
  throw new Error(`SLOTFIT_REQUIRE_CLI=1 but the CLI is missing: ${cliPath}`);
}

export const artifactsDir = path.join(repoRoot, 'tests/artifacts/sql');

export function writeArtifact(name, value) {
  mkdirSync(artifactsDir, { recursive: true });
  const file = path.join(artifactsDir, name);
  writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value, null, 2));
  return file;
}

export function runCli(args) {
  const r = spawnSync(cliPath, args, { encoding: 'utf8', timeout: 60_000 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
