// The worker entry under Node (worker_threads): the same protocol as worker.js, over parentPort.
import { parentPort } from 'node:worker_threads';

import './node.js';  // installs the fs-based wasm loader before the engine asks for the module
import { serve } from './worker.js';

serve({
  listen: (fn) => parentPort.on('message', fn),
  post: (message, transfer) => parentPort.postMessage(message, transfer),
});
