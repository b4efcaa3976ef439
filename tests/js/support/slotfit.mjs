// Shared by the slotfit package tests: paths, fixtures, the native CLI, RFC 6902 patches.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const fixturesDir = path.join(root, 'tests/fixtures');
export const packageDir = path.join(root, 'js');
export const wasmPath = path.join(packageDir, 'dist/slotfit-core.wasm');

export const readFixture = (name) => readFileSync(path.join(fixturesDir, name), 'utf8');
export const fixture = (name) => JSON.parse(readFixture(name));

/** lists/lists.json, the source of the generated lists, and the names of one of its lists in order. */
export const sourceLists = JSON.parse(readFileSync(path.join(root, 'lists/lists.json'), 'utf8'));
export const listNames = (key) => sourceLists[key].items.map((item) => item.name);

// The tests run against the built module only: say how to build it instead of failing obscurely.
export function requireBuiltWasm() {
  if (!existsSync(wasmPath)) {
    throw new Error(`${path.relative(root, wasmPath)} is missing: run \`make wasm\` first`);
  }
}

// The test module (wasm/test_hooks.cpp): the product's entry points plus heapUsed(), setInternLimit() and
// WireProbe. `make wasm` builds it into the build tree only; js/dist never holds it.
export const testModulePath = path.join(root, process.env.SLOTFIT_BUILD_WASM ?? 'build-wasm', 'wasm/slotfit-core-test.mjs');
let testCore = null;

export function loadTestCore() {
  if (testCore === null) {
    if (!existsSync(testModulePath)) {
      throw new Error(`${path.relative(root, testModulePath)} is missing: run \`make wasm\` first`);
    }
    testCore = import(pathToFileURL(testModulePath).href).then(({ default: create }) => create({
      wasmBinary: readFileSync(testModulePath.replace(/\.mjs$/, '.wasm')),
    }));
  }
  return testCore;
}

/** The native command-line tool, if it was built (SLOTFIT_CLI, else the Makefile's build/core/slotfit). */
export function nativeCli() {
  const cli = process.env.SLOTFIT_CLI ?? path.join(root, 'build/core/slotfit');
  return existsSync(cli) ? cli : null;
}

export function runCli(cli, args, input) {
  try {
    return execFileSync(cli, args, { input, encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['pipe', 'pipe', 'pipe'] });
  } catch (error) {
    if (error.stdout) return error.stdout;  // a refused payload or a schedule with errors still prints JSON
    throw error;
  }
}

// RFC 6902, the three operations the bad-payload corpus uses.
function pointer(pathText) {
  if (pathText === '') return [];
  return pathText.slice(1).split('/').map((p) => p.replaceAll('~1', '/').replaceAll('~0', '~'));
}

export function applyPatch(doc, patch) {
  const out = structuredClone(doc);
  for (const op of patch) {
    const keys = pointer(op.path);
    const last = keys.pop();
    let parent = out;
    for (const key of keys) parent = parent[Array.isArray(parent) ? Number(key) : key];
    if (op.op === 'remove') {
      if (Array.isArray(parent)) parent.splice(Number(last), 1);
      else delete parent[last];
    } else if (op.op === 'replace') {
      parent[Array.isArray(parent) ? Number(last) : last] = structuredClone(op.value);
    } else if (op.op === 'add') {
      if (Array.isArray(parent)) {
        if (last === '-') parent.push(structuredClone(op.value));
        else parent.splice(Number(last), 0, structuredClone(op.value));
      } else {
        parent[last] = structuredClone(op.value);
      }
    } else {
      throw new Error(`unsupported patch op ${op.op}`);
    }
  }
  return out;
}

/**
 * The text of a bad-payload case: raw text, or its base fixture with the patch applied, then `grow` (a value
 * too large to write out: `count` times `unit`, a string repeated or an array of copies) put at its path.
 */
export function badPayloadText(testCase) {
  if (testCase.text !== undefined) return testCase.text;
  let doc = applyPatch(fixture(testCase.base), testCase.patch);
  if (testCase.grow) {
    const { path: at, unit, count } = testCase.grow;
    const value = typeof unit === 'string' ? unit.repeat(count) : Array.from({ length: count }, () => unit);
    doc = applyPatch(doc, [{ op: 'replace', path: at, value }]);
  }
  return JSON.stringify(doc);
}
