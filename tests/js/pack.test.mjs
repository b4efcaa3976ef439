// The published artifact, not the source tree: `npm pack` the package, install the tarball into an empty folder
// (offline: it must need nothing else), import it by name from Node and from TypeScript, and run one check.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { fixturesDir, packageDir, requireBuiltWasm, root } from './support/slotfit.mjs';

requireBuiltWasm();

const npm = (args, cwd) => execFileSync('npm', args, {
  cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, npm_config_update_notifier: 'false' },
});

describe('npm pack', () => {
  let scratch;
  let packed;

  before(() => {
    scratch = mkdtempSync(path.join(tmpdir(), 'slotfit-pack-'));
    [packed] = JSON.parse(npm(['pack', packageDir, '--pack-destination', scratch, '--json']));
  });
  after(() => rmSync(scratch, { recursive: true, force: true }));

  test('the tarball holds the module, the wrappers, the types, the migrations, the sample, the licenses and the README', () => {
    const files = packed.files.map((f) => f.path).sort();
    const migrations = readdirSync(path.join(root, 'migrations')).filter((n) => n.endsWith('.sql')).map((n) => `migrations/${n}`);
    const schedulerParts = readdirSync(path.join(packageDir, 'scheduler')).map((n) => `scheduler/${n}`);
    assert.deepEqual(files, [
      'LICENSE', 'README.md', 'THIRD-PARTY-NOTICES.md', 'bin/slotfit-migrations.js', 'core.js',
      'dist/slotfit-core-embedded.js', 'dist/slotfit-core.mjs', 'dist/slotfit-core.wasm', 'engine.js', 'errors.js',
      'fallback.js', 'generated/lists.d.ts', 'generated/lists.js', 'index.d.ts', 'index.js', 'live/prefetch.js',
      'live/realtime.js', 'live/storage.js', 'live/tabs.js', 'live/timeout.js', ...migrations, 'node.js',
      'package.json', 'sample-school.json', 'scheduler.js', ...schedulerParts, 'time.js', 'warm-up.js', 'wire.js', 'worker-client.js',
      'worker-node.js', 'worker.d.ts', 'worker.js',
    ].sort());
    assert.equal(packed.name, 'slotfit');
  });

  test('the README links nothing relative (npm has no repository to resolve it against)', () => {
    const readme = readFileSync(path.join(packageDir, 'README.md'), 'utf8');
    assert.deepEqual(readme.match(/\]\((?!https?:)[^)\s]+\)/g) ?? [], []);
  });

  test('the copies prepack made are gone again from js/ (one source each)', () => {
    for (const copy of ['migrations', 'sample-school.json', 'LICENSE', 'THIRD-PARTY-NOTICES.md']) {
      assert.equal(existsSync(path.join(packageDir, copy)), false, copy);
    }
  });

  test('the embedded module is the .wasm, byte for byte', async () => {
    const { wasmBase64, wasmBytes } = await import('../../js/dist/slotfit-core-embedded.js');
    const wasm = readFileSync(path.join(packageDir, 'dist/slotfit-core.wasm'));
    assert.equal(wasmBytes, wasm.length);
    assert.ok(Buffer.from(wasmBase64, 'base64').equals(wasm), 'rebuild: make wasm-module regenerates it');
  });

  test('installed into an empty folder, it imports by name and answers a check (JS and TypeScript)', () => {
    const app = path.join(scratch, 'app');
    execFileSync('mkdir', ['-p', app]);
    writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'pack-smoke', private: true, type: 'module' }));
    npm(['install', path.join(scratch, packed.filename), '--offline', '--no-audit', '--no-fund', '--ignore-scripts'], app);

    writeFileSync(path.join(app, 'smoke.mjs'), `
      import { readFileSync } from 'node:fs';
      import { createEngine, CONFLICT_KINDS } from 'slotfit';
      const engine = await createEngine();
      const stats = engine.load(readFileSync(process.argv[2], 'utf8'));
      const conflicts = engine.check({ studentId: 'stu-1', day: 1, start: '09:00', minutes: 30 });
      const free = engine.check({ studentId: 'stu-1', day: 1, start: '13:00', minutes: 30 });
      engine.dispose();
      console.log(JSON.stringify({ students: stats.students, conflicts, free, kinds: CONFLICT_KINDS.length }));
    `);
    const out = JSON.parse(execFileSync(process.execPath, ['smoke.mjs', path.join(fixturesDir, 'minimal.json')],
      { cwd: app, encoding: 'utf8' }));
    assert.deepEqual(out, {
      students: 4,
      conflicts: [{ kind: 'student-overlap', message: out.conflicts[0]?.message, refId: 'ses-1' }],
      free: [],
      kinds: 11,
    });

    writeFileSync(path.join(app, 'tsconfig.json'), JSON.stringify({
      compilerOptions: {
        strict: true, noEmit: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022',
        lib: ['es2022', 'esnext.disposable', 'dom'], types: [],
      },
      files: ['check.ts'],
    }));
    writeFileSync(path.join(app, 'check.ts'), `
      import { createEngine, type Conflict } from 'slotfit';
      export async function hover(studentId: string): Promise<Conflict[]> {
        using engine = await createEngine();
        return engine.check({ studentId, day: 1, start: '09:00', minutes: 30 });
      }
    `);
    execFileSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', app], { encoding: 'utf8' });
  });
});
