// The packed package through each bundler, resolved from the repository's node_modules, in one scratch project:
// Vite and webpack browser builds and the esbuild and Rollup recipes run in Chromium (an engine and a worker engine
// each); webpack, esbuild and Rollup Node bundles run under node. Every answer is compared with the repository's
// engine. The esbuild page without the recipe's copies shows what a user sees: errors naming URL and option.
import assert from 'node:assert/strict';
import { copyFileSync, cpSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
  apps, expectedProbe, openChromium, probeSource, root, runNode, sampleCandidate, scratchProject, serveStatic,
} from './support.mjs';

const samplePath = path.join(root, 'demo/sample-school.json');

describe('bundlers', () => {
  let project;
  let chromium;
  let candidate;
  let expected;
  let inBrowser;

  before(async () => {
    candidate = sampleCandidate();
    expected = await expectedProbe(candidate);
    project = scratchProject('bundlers');
    for (const app of ['browser', 'server']) {
      cpSync(path.join(apps, app), project.file(app), { recursive: true });
      writeFileSync(project.file(`${app}/probe.js`), probeSource());
    }
    chromium = await openChromium();
    // Serves a built browser app with the sample next to it, and answers what the page computed.
    inBrowser = async (dir, question = { candidate }) => {
      copyFileSync(project.file('node_modules/slotfit/sample-school.json'), path.join(dir, 'sample-school.json'));
      const server = await serveStatic(dir);
      try {
        return await chromium.probe(`${server.base}/index.html#${encodeURIComponent(JSON.stringify(question))}`);
      } finally {
        await server.close();
      }
    };
  });
  after(async () => {
    await chromium?.close();
    project?.remove();
  });

  const inNode = (bundle, worker = false) => runNode(project,
    [bundle, samplePath, JSON.stringify(candidate), ...(worker ? ['worker'] : [])]);
  const withWorker = () => ({ ...expected, workerConflicts: expected.conflicts });

  test('Vite build, in Chromium: nothing to configure', async () => {
    const { build } = await import('vite');
    const outDir = project.file('out/vite');
    await build({ root: project.file('browser'), logLevel: 'error', build: { outDir, emptyOutDir: true } });
    const { result, problems } = await inBrowser(outDir);
    assert.deepEqual(result, withWorker());
    assert.deepEqual(problems, []);
  });

  const webpackBuild = async (config) => {
    const { default: webpack } = await import('webpack');
    const stats = await new Promise((resolve, reject) => {
      webpack({ mode: 'production', context: project.dir, ...config }, (error, s) => (error ? reject(error) : resolve(s)));
    });
    assert.equal(stats.hasErrors(), false, stats.toString({ all: false, errors: true }));
  };

  test('webpack, target web, in Chromium: nothing to configure', async () => {
    const outDir = project.file('out/webpack-web');
    await webpackBuild({ entry: './browser/main.js', target: 'web', output: { path: outDir, filename: 'main.js' } });
    writeFileSync(path.join(outDir, 'index.html'), '<!doctype html><script src="./main.js"></script>');
    const { result, problems } = await inBrowser(outDir);
    assert.deepEqual(result, withWorker());
    assert.deepEqual(problems, []);
  });

  test('webpack, target node20: nothing to configure (engine and worker engine)', async () => {
    const outDir = project.file('out/webpack-node');
    await webpackBuild({ entry: './server/main.js', target: 'node20', output: { path: outDir, filename: 'main.cjs' } });
    assert.deepEqual(inNode(path.join(outDir, 'main.cjs'), true), withWorker());
  });

  test('esbuild --platform=node: nothing to configure; with the README recipe, the worker engine too', async () => {
    const esbuild = await import('esbuild');
    const outdir = project.file('out/esbuild-node');
    const common = { bundle: true, platform: 'node', format: 'esm', outdir, entryNames: '[name]', logLevel: 'error' };
    await esbuild.build({ ...common, entryPoints: [project.file('server/main.js')] });
    assert.deepEqual(inNode(path.join(outdir, 'main.js')), expected);
    await esbuild.build({ ...common, absWorkingDir: project.dir, entryPoints: { main: './server/main.js', 'worker-node': 'slotfit/worker.js' } });
    assert.deepEqual(inNode(path.join(outdir, 'main.js'), true), withWorker());
  });

  test('esbuild for the browser, without the recipe: the errors name the URLs, the options and the fix', async () => {
    const esbuild = await import('esbuild');
    const outdir = project.file('out/esbuild-bare');
    await esbuild.build({
      entryPoints: [project.file('browser/main.js')], bundle: true, format: 'esm', outdir, logLevel: 'error',
    });
    cpSync(project.file('browser/index.html'), path.join(outdir, 'index.html'));
    const { result } = await inBrowser(outdir, { errors: true });
    assert.match(result.engine, /could not load the WebAssembly module from http:\/\/127\.0\.0\.1:\d+\/dist\/slotfit-core\.wasm \(HTTP 404\)/);
    assert.match(result.engine, /wasmUrl/);
    assert.match(result.engine, /esbuild or Rollup/);
    assert.match(result.worker, /the worker http:\/\/127\.0\.0\.1:\d+\/worker\.js failed/);
    assert.match(result.worker, /createWorkerEngine\(\{ worker \}\)/);
    assert.match(result.worker, /second entry named worker\.js/);
    assert.match(result.worker, /esbuild or Rollup/);
  });

  // The README's recipe: slotfit/worker.js as a second entry named worker.js, the .wasm copied to dist/ beside them.
  const copyWasm = (outdir) => {
    mkdirSync(path.join(outdir, 'dist'), { recursive: true });
    copyFileSync(project.file('node_modules/slotfit/dist/slotfit-core.wasm'), path.join(outdir, 'dist/slotfit-core.wasm'));
    cpSync(project.file('browser/index.html'), path.join(outdir, 'index.html'));
  };

  test('esbuild for the browser, with the README recipe, in Chromium', async () => {
    const esbuild = await import('esbuild');
    const outdir = project.file('out/esbuild-web');
    await esbuild.build({
      entryPoints: [project.file('browser/main.js'), project.file('node_modules/slotfit/worker.js')],
      bundle: true, format: 'esm', outdir, entryNames: '[name]', logLevel: 'error',
    });
    copyWasm(outdir);
    const { result, problems } = await inBrowser(outdir);
    assert.deepEqual(result, withWorker());
    assert.deepEqual(problems, []);
  });

  const rollupBuild = async (input, options, output) => {
    const { rollup } = await import('rollup');
    const { nodeResolve } = await import('@rollup/plugin-node-resolve');
    const bundle = await rollup({ input, plugins: [nodeResolve(options)], onwarn: () => {}, external: [/^node:/] });
    await bundle.write(output);
    await bundle.close();
  };

  test('Rollup for Node (exportConditions: [\'node\']): nothing else to configure', async () => {
    const dir = project.file('out/rollup-node');
    await rollupBuild(project.file('server/main.js'), { exportConditions: ['node'] }, { dir, format: 'es', entryFileNames: '[name].mjs' });
    assert.deepEqual(inNode(path.join(dir, 'main.mjs')), expected);
  });

  test('Rollup for the browser, with the README recipe, in Chromium', async () => {
    const dir = project.file('out/rollup-web');
    await rollupBuild({ main: project.file('browser/main.js'), worker: project.file('node_modules/slotfit/worker.js') },
      { browser: true }, { dir, format: 'es', entryFileNames: '[name].js' });
    copyWasm(dir);
    const { result, problems } = await inBrowser(dir);
    assert.deepEqual(result, withWorker());
    assert.deepEqual(problems, []);
  });
});
