// The named lists (lists/lists.json) and the files generated from them: none is stale, the generator rewrites every
// one of them from the source, and the codes the core and the data layer emit are all listed.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';

import { listNames, root, sourceLists } from './support/slotfit.mjs';

const generator = path.join(root, 'lists/generate.mjs');
const GENERATED = ['core/include/slotfit/lists.hpp', 'js/generated/lists.js', 'js/generated/lists.d.ts', 'js/README.md'];

const run = (...args) => spawnSync(process.execPath, [generator, ...args], { encoding: 'utf8' });

function sourcesUnder(dir, pattern) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) out.push(...sourcesUnder(file, pattern));
    else if (pattern.test(name)) out.push(file);
  }
  return out;
}

describe('generated lists', () => {
  test('no generated file is stale', () => {
    const result = run('--check');
    assert.equal(result.status, 0, result.stderr);
  });

  test('a change to lists.json makes every generated file stale, and the generator brings each up to date', () => {
    const scratch = mkdtempSync(path.join(tmpdir(), 'slotfit-lists-'));
    try {
      for (const file of ['lists/lists.json', ...GENERATED]) cpSync(path.join(root, file), path.join(scratch, file));
      const changed = structuredClone(sourceLists);
      changed.conflict_kinds.items.push({ name: 'new-kind', meaning: 'a kind added for the test' });
      changed.strategies.items.push({ name: 'new-strategy', meaning: 'a strategy added for the test' });
      changed.payload_error_codes.items.push({ name: 'new-code', meaning: 'a code added for the test' });
      changed.scheduler_error_codes.items.push({ name: 'new-layer-code', meaning: 'a data-layer code added for the test' });
      writeFileSync(path.join(scratch, 'lists/lists.json'), JSON.stringify(changed));
      const stale = run('--check', '--root', scratch);
      assert.equal(stale.status, 1);
      for (const file of GENERATED) assert.ok(stale.stderr.includes(file), `${file} not named stale: ${stale.stderr}`);
      assert.equal(run('--root', scratch).status, 0);
      assert.equal(run('--check', '--root', scratch).status, 0);
      const read = (file) => readFileSync(path.join(scratch, file), 'utf8');
      assert.match(read('core/include/slotfit/lists.hpp'), /kNewKind = 11,.*\n[^]*kConflictKindCount = 12;/);
      assert.match(read('core/include/slotfit/lists.hpp'), /std::array<std::string_view, 5> kStrategyNames = \{[^}]*"new-strategy",\n\};/);
      assert.match(read('js/generated/lists.js'), /'provider-busy',\n {2}'new-kind',\n\]\);/);
      assert.match(read('js/generated/lists.d.ts'), /\| 'new-code';/);
      assert.match(read('js/README.md'), /\| `new-code` \| a code added for the test \|\n<!-- \/lists:payload_error_codes -->/);
      assert.match(read('js/README.md'), /\| `new-layer-code` \| a data-layer code added for the test \|\n<!-- \/lists:scheduler_error_codes -->/);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });

  test('every error code the core writes is listed (payload or schedule codes)', () => {
    const listed = new Set([...listNames('payload_error_codes'), ...listNames('schedule_error_codes')]);
    const found = new Set();
    for (const file of sourcesUnder(path.join(root, 'core'), /\.(cpp|hpp)$/)) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/Error\{"([a-z-]+)"/g)) found.add(m[1]);
      for (const m of text.matchAll(/string_view k\w+ = "([a-z]+(?:-[a-z]+)+)"/g)) found.add(m[1]);
    }
    assert.ok(found.size >= 15, `the scan found only ${[...found]}`);
    for (const code of found) assert.ok(listed.has(code), `the core writes "${code}", lists/lists.json does not list it`);
  });

  test('every SchedulerError code the data layer throws is listed', () => {
    const listed = new Set(listNames('scheduler_error_codes'));
    const found = new Set();
    for (const file of sourcesUnder(path.join(root, 'js'), /\.js$/)) {
      if (file.includes(`${path.sep}dist${path.sep}`)) continue;
      for (const m of readFileSync(file, 'utf8').matchAll(/SchedulerError\(\s*'([a-z-]+)'/g)) found.add(m[1]);
    }
    assert.ok(found.size >= 5, `the scan found only ${[...found]}`);
    for (const code of found) assert.ok(listed.has(code), `the data layer throws "${code}", lists/lists.json does not list it`);
  });
});
