// The Node entry ("exports" condition "node"): the same API, with the .wasm read from disk (Node 20's fetch
// cannot load file: URLs) and workers started with worker_threads.
import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';

import { setCoreOptionsResolver } from './core.js';
import { startWorkerEngine } from './worker-client.js';

export * from './index.js';

let bundledWasm = null;

setCoreOptionsResolver((options) => {
  if (options.wasmBinary !== undefined || options.wasmModule !== undefined) return options;
  if (options.wasmUrl !== undefined) {
    const url = new URL(String(options.wasmUrl));
    return url.protocol === 'file:' ? { ...options, wasmUrl: undefined, wasmBinary: readFileSync(url) } : options;
  }
  bundledWasm ??= readFileSync(new URL('./dist/slotfit-core.wasm', import.meta.url));
  return { ...options, wasmBinary: bundledWasm };
});

export function createWorkerEngine(options = {}) {
  const worker = options.worker ?? new Worker(new URL('./worker-node.js', import.meta.url));
  return startWorkerEngine(worker, options);
}
