// The Node entry ("exports" condition "node"; also what require('slotfit') loads): the same API, with the wasm
// module embedded in dist/slotfit-core-embedded.js instead of fetched, and workers started with worker_threads.
// The resolver below is installed on import, so package.json lists this file under "sideEffects": a bundler that
// only follows the re-exports must still run it.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
// Without the "node:" prefix on purpose: webpack 5.113 (target node) bundles `new Worker(new URL(…))` for a Worker
// imported from 'worker_threads', but renders the call broken ("E.Worker__webpack_require__.wc") for 'node:worker_threads'.
import { Worker } from 'worker_threads';

import { setCoreOptionsResolver } from './core.js';
import { wasmBase64 } from './dist/slotfit-core-embedded.js';
import { setDefaultWorkerStarter } from './worker-client.js';

export * from './index.js';

let embedded = null;

function readWasmFile(url) {
  try {
    return readFileSync(fileURLToPath(url));
  } catch (error) {
    throw new Error(`slotfit: could not read the WebAssembly module at ${url} (${error.code ?? error.message}); `
      + 'fix {wasmUrl}, or leave it out: the Node entry embeds the module', { cause: error });
  }
}

setCoreOptionsResolver((options) => {
  if (options.wasmBinary !== undefined || options.wasmModule !== undefined) return options;
  if (options.wasmUrl === undefined) {
    embedded ??= Buffer.from(wasmBase64, 'base64');
    return { ...options, wasmBinary: embedded };
  }
  // String() first: a bundler may hand over a URL object of another realm, or a path that is not a URL at all.
  let url;
  try {
    url = new URL(String(options.wasmUrl));
  } catch {
    throw new TypeError(`slotfit: wasmUrl ${JSON.stringify(String(options.wasmUrl))} is not an absolute URL; under `
      + 'Node pass a file: or http(s): URL, the bytes as {wasmBinary}, or nothing (the module is embedded)');
  }
  return url.protocol === 'file:' ? { ...options, wasmUrl: undefined, wasmBinary: readWasmFile(url) } : options;
});

// Written out literally so that webpack's node target bundles the worker too.
setDefaultWorkerStarter(() => ({
  worker: new Worker(new URL('./worker-node.js', import.meta.url)),
  url: import.meta.url.replace(/[^/]*$/, 'worker-node.js'),
}));
