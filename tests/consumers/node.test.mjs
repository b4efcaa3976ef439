// Plain Node consumers of the packed package, each a scratch project that installed only the tarball (offline):
// the README's quick start as written, ES modules and require(), workers (default and started on
// slotfit/worker.js), load errors, the migrations and their bin, and tsc under browser and Node settings.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
  bin, expectedProbe, probeSource, root, run, runNode, sampleCandidate, samplePayload, scratchProject,
} from './support.mjs';

describe('Node', () => {
  let project;
  let candidate;
  let expected;

  before(async () => {
    candidate = sampleCandidate();
    expected = await expectedProbe(candidate);
    project = scratchProject('node', { 'probe.js': probeSource() });
  });
  after(() => project?.remove());

  test('the README quick start runs as written and prints what the engine answers', async () => {
    const readme = readFileSync(project.file('node_modules/slotfit/README.md'), 'utf8');
    const quickStart = /## Quick start[\s\S]*?```js\n([\s\S]*?)```/.exec(readme);
    assert.ok(quickStart, 'the README has a js block under "Quick start"');
    writeFileSync(project.file('quickstart.mjs'), quickStart[1]);
    const out = run(process.execPath, ['quickstart.mjs'], { cwd: project.dir }).trim().split('\n');

    const { createEngine } = await import('../../js/node.js');
    const payload = samplePayload();
    const engine = await createEngine();
    const stats = engine.load(payload);
    const studentId = payload.students[0].id;
    const map = engine.conflictMap({ studentId, minutes: 30 });
    const { placements, unplaced } = engine.autoSchedule({ strategy: 'balanced' });
    const conflicts = engine.check({ studentId, day: 1, start: '08:00', minutes: 30 });
    engine.dispose();
    assert.equal(out[0], `${stats.students} students, ${stats.sessions} sessions`);
    assert.ok(out.some((line) => line.includes(conflicts[0]?.kind ?? '[]')), out.join('\n'));
    assert.ok(out.includes(`${map.kinds.filter((m) => m === 0).length} free starts this week`), out.join('\n'));
    assert.equal(out.at(-1), `${placements.length} sessions placed, ${unplaced.length} students not fully placed`);
  });

  test('ES modules: the engine, a default worker engine, and the process exits without dispose()', () => {
    writeFileSync(project.file('esm.mjs'), `
      import * as slotfit from 'slotfit';
      import payload from 'slotfit/sample-school.json' with { type: 'json' };
      import { probe } from './probe.js';
      const result = await probe(slotfit, payload, ${JSON.stringify(candidate)}, { worker: true });
      // Left running on purpose: an idle worker must not keep the process alive.
      const forgotten = await slotfit.createWorkerEngine();
      await forgotten.load(payload);
      console.log(JSON.stringify(result));
    `);
    const started = Date.now();
    assert.deepEqual(runNode(project, ['esm.mjs'], { timeout: 30_000 }), { ...expected, workerConflicts: expected.conflicts });
    assert.ok(Date.now() - started < 30_000);
  });

  test('CommonJS: require(\'slotfit\') (Node >= 20.19)', () => {
    writeFileSync(project.file('cjs.cjs'), `
      const slotfit = require('slotfit');
      const payload = require('slotfit/sample-school.json');
      import('./probe.js').then(({ probe }) => probe(slotfit, payload, ${JSON.stringify(candidate)}))
        .then((result) => console.log(JSON.stringify(result)));
    `);
    assert.deepEqual(runNode(project, ['cjs.cjs']), expected);
  });

  test('a worker started on slotfit/worker.js serves (the name resolves to the Node worker entry)', () => {
    writeFileSync(project.file('own-worker.mjs'), `
      import { Worker } from 'node:worker_threads';
      import { fileURLToPath } from 'node:url';
      import { createWorkerEngine } from 'slotfit';
      import payload from 'slotfit/sample-school.json' with { type: 'json' };
      const worker = new Worker(fileURLToPath(import.meta.resolve('slotfit/worker.js')));
      const engine = await createWorkerEngine({ worker });
      await engine.load(payload);
      const conflicts = await engine.check(${JSON.stringify(candidate)});
      await engine.dispose();
      console.log(JSON.stringify(conflicts));
    `);
    assert.deepEqual(runNode(project, ['own-worker.mjs']), expected.conflicts);
  });

  test('a module that cannot be loaded: the error names the URL and the option; a later call still works', () => {
    writeFileSync(project.file('errors.mjs'), `
      import { createEngine } from 'slotfit';
      const messages = [];
      for (const wasmUrl of ['file:///nowhere/slotfit-core.wasm', 'http://127.0.0.1:9/slotfit-core.wasm', '/assets/x.wasm']) {
        await createEngine({ wasmUrl }).then(() => messages.push('loaded?!'), (e) => messages.push(e.message));
      }
      const engine = await createEngine();
      console.log(JSON.stringify({ messages, works: engine.disposed === false }));
    `);
    const { messages, works } = runNode(project, ['errors.mjs']);
    assert.match(messages[0], /file:\/\/\/nowhere\/slotfit-core\.wasm.*ENOENT.*wasmUrl/);
    assert.match(messages[1], /from http:\/\/127\.0\.0\.1:9\/slotfit-core\.wasm .*"node" entry embeds the module.*wasmBinary/);
    assert.match(messages[2], /wasmUrl "\/assets\/x\.wasm" is not an absolute URL/);
    assert.equal(works, true);
  });

  test('the migrations ship as slotfit/migrations/*.sql, identical to the repository\'s; the bin writes them', () => {
    const repoMigrations = readdirSync(path.join(root, 'migrations')).filter((n) => n.endsWith('.sql')).sort();
    const shipped = readdirSync(project.file('node_modules/slotfit/migrations')).sort();
    assert.deepEqual(shipped, repoMigrations);
    for (const name of shipped) {
      assert.equal(readFileSync(project.file(`node_modules/slotfit/migrations/${name}`), 'utf8'),
        readFileSync(path.join(root, 'migrations', name), 'utf8'), name);
    }
    writeFileSync(project.file('resolve.mjs'), `
      console.log(JSON.stringify(import.meta.resolve('slotfit/migrations/${shipped[0]}')));
    `);
    assert.equal(runNode(project, ['resolve.mjs']), `file://${project.file(`node_modules/slotfit/migrations/${shipped[0]}`)}`);

    const printed = run(project.file('node_modules/.bin/slotfit-migrations'), ['--out', 'db/migrations'], { cwd: project.dir });
    assert.deepEqual(readdirSync(project.file('db/migrations')).sort(), repoMigrations);
    assert.match(printed, new RegExp(`wrote ${repoMigrations.length} migrations to db/migrations`));
    run(project.file('node_modules/.bin/slotfit-migrations'), [], { cwd: project.dir });
    assert.deepEqual(readdirSync(project.file('supabase/migrations')).sort(), repoMigrations, 'the default folder');
    assert.throws(() => run(project.file('node_modules/.bin/slotfit-migrations'), ['--outdir', 'x'], { cwd: project.dir }),
      /unknown argument "--outdir"/);
  });

  test('the package carries the MIT license and the nlohmann/json notice', () => {
    const pkg = JSON.parse(readFileSync(project.file('node_modules/slotfit/package.json'), 'utf8'));
    assert.equal(pkg.license, 'MIT');
    assert.equal(readFileSync(project.file('node_modules/slotfit/LICENSE'), 'utf8'), readFileSync(path.join(root, 'LICENSE'), 'utf8'));
    assert.match(readFileSync(project.file('node_modules/slotfit/LICENSE'), 'utf8'), /Copyright \(c\) \d{4} the slotfit authors/);
    assert.match(readFileSync(project.file('node_modules/slotfit/THIRD-PARTY-NOTICES.md'), 'utf8'), /nlohmann[\s\S]*Niels Lohmann[\s\S]*MIT/);
  });
});

// The consumer's TypeScript code: the engine with `using`, the worker engine with `await using`, the data layer,
// and the worker module's own types.
const usage = `
  import { createEngine, createWorkerEngine, OptimizedScheduler, type Conflict, type SaveRow } from 'slotfit';
  import { serve, type WorkerPort } from 'slotfit/worker.js';

  export async function hover(studentId: string): Promise<Conflict[]> {
    using engine = await createEngine();
    await using remote = await createWorkerEngine();
    await remote.stats();
    return engine.check({ studentId, day: 1, start: '09:00', minutes: 30 });
  }

  export async function undo(scheduler: OptimizedScheduler, id: string): Promise<number> {
    const rows: SaveRow[] = [{ op: 'remove', id }];
    const outcome = await scheduler.saveRows(rows);
    await scheduler.dispose();
    return outcome.removed + (scheduler.payload?.sessions.length ?? 0);
  }

  export function relay(port: WorkerPort): void {
    serve(port);
  }
`;

describe('TypeScript, strict, skipLibCheck false', () => {
  const settings = {
    browser: { lib: ['ES2023', 'DOM'], types: [], module: 'esnext', moduleResolution: 'bundler' },
    node: { lib: ['ES2023'], types: ['node'], module: 'nodenext', moduleResolution: 'nodenext' },
  };
  for (const [name, options] of Object.entries(settings)) {
    test(`${name}: ${JSON.stringify(options)}`, () => {
      const project = scratchProject(`tsc-${name}`, {
        'tsconfig.json': JSON.stringify({
          compilerOptions: { strict: true, noEmit: true, target: 'es2022', skipLibCheck: false, ...options },
          files: ['usage.ts'],
        }),
        'usage.ts': usage,
      });
      try {
        run(process.execPath, [bin('typescript/bin/tsc'), '-p', project.dir], { cwd: project.dir });
      } finally {
        project.remove();
      }
    });
  }
});
