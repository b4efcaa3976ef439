// The worker entry under Node (worker_threads): the same protocol as worker.js, over parentPort. Under Node,
// "slotfit/worker.js" resolves here (export condition "node"), so a worker started on that name serves at once.
import { parentPort } from 'node:worker_threads';

import './node.js';  // installs the embedded wasm module before the engine asks for it
import { serve } from './worker.js';

if (parentPort === null) {
  throw new Error('slotfit: worker-node.js is a worker_threads entry; start it with new Worker(…), do not import it');
}
serve({
  listen: (fn) => parentPort.on('message', fn),
  post: (message, transfer) => parentPort.postMessage(message, transfer),
});
