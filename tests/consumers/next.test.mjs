// One Next.js 16 project with the packed package installed: a server component and a route handler that run the
// engine at request time, and a client component that runs it (and a Web Worker engine) in Chromium. Built with
// Turbopack (the default) and with webpack (--webpack); next.config.mjs carries nothing for slotfit.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';

import {
  bin, copyApp, expectedProbe, freePort, openChromium, probeSource, root, run, sampleCandidate, scratchProject, startProcess,
} from './support.mjs';

const next = bin('next/dist/bin/next');
const env = { SLOTFIT_REPO_ROOT: root, NEXT_TELEMETRY_DISABLED: '1' };

describe('Next.js: server component, route handler, client component', () => {
  let project;
  let chromium;
  let expected;

  before(async () => {
    project = scratchProject('next');
    copyApp(project, 'next');
    writeFileSync(project.file('app/probe.js'), probeSource());
    const candidate = sampleCandidate();
    writeFileSync(project.file('app/candidate.js'), `export const candidate = ${JSON.stringify(candidate)};\n`);
    expected = await expectedProbe(candidate);
    chromium = await openChromium();
  });
  after(async () => {
    await chromium?.close();
    project?.remove();
  });

  for (const bundler of ['turbopack', 'webpack']) {
    test(`built with ${bundler}`, async () => {
      const args = bundler === 'webpack' ? ['build', '--webpack'] : ['build'];
      run(process.execPath, [next, ...args], { cwd: project.dir, env });
      const port = await freePort();
      const server = await startProcess(process.execPath, [next, 'start', '-H', '127.0.0.1', '-p', String(port)],
        { cwd: project.dir, env, ready: /Ready in/ });
      try {
        const base = `http://127.0.0.1:${port}`;
        const route = await fetch(`${base}/api/check`);
        assert.equal(route.status, 200, await route.clone().text());
        assert.deepEqual(await route.json(), expected, 'route handler');

        const { result: client, problems } = await chromium.probe(`${base}/`, { selector: '#client' });
        assert.deepEqual(client, { ...expected, workerConflicts: expected.conflicts }, 'client component');
        assert.deepEqual(problems, []);
        const html = await (await fetch(`${base}/`)).text();
        const server = /<pre id="server">([^<]*)<\/pre>/.exec(html);
        assert.ok(server, 'the server component rendered');
        const text = server[1].replaceAll('&quot;', '"').replaceAll('&amp;', '&').replaceAll('&#x27;', "'");
        assert.deepEqual(JSON.parse(text), expected, 'server component');
      } finally {
        server.stop();
      }
    });
  }
});
