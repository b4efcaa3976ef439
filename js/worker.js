// The Web Worker entry: one engine per worker, driven by createWorkerEngine() (worker-client.js) so that a large
// auto-schedule never blocks the page. Load it as a module worker:
//   new Worker(new URL('slotfit/worker.js', import.meta.url), { type: 'module' })
import { createEngine } from './engine.js';

const METHODS = new Set(['load', 'check', 'checkKinds', 'conflictMap', 'autoSchedule', 'applyChanges',
  'setDataVersion', 'stats', 'suggest', 'groups', 'rowsFor']);

// Enough of an error to rebuild the typed one on the other side (structured clone drops class and fields).
export function serialiseError(error) {
  return {
    name: error?.name ?? 'Error',
    message: error?.message ?? String(error),
    code: error?.code,
    path: error?.path,
    errors: error?.errors,
  };
}

/** Answers {id, op, args} requests arriving on `port` ({listen(fn), post(message, transfer)}). */
export function serve(port) {
  let engine = null;
  port.listen(async (request) => {
    const { id, op, args = [] } = request;
    try {
      let value;
      let transfer = [];
      if (op === 'init') {
        // Warmed up by default: the worker starts while the page is idle, so the first click is not a cold start.
        engine = await createEngine({ warmUp: true, ...(args[0] ?? {}) });
        value = true;
      } else if (op === 'dispose') {
        engine?.dispose();
        value = undefined;
      } else if (!METHODS.has(op)) {
        throw new TypeError(`slotfit worker: unknown operation ${op}`);
      } else if (engine === null) {
        throw new Error('slotfit worker: not initialised');
      } else {
        value = engine[op](...args);
        // The arrays are views of one buffer: hand it over instead of copying it.
        if (op === 'conflictMap') transfer = [value.kinds.buffer];
        // A structured clone keeps an array's items only: check()'s joins crosses beside them.
        if (op === 'check') value = { conflicts: value, joins: value.joins };
      }
      port.post({ id, ok: true, value }, transfer);
    } catch (error) {
      port.post({ id, ok: false, error: serialiseError(error) }, []);
    }
  });
}

// Started as a browser worker: serve the page. (Under Node, worker-node.js calls serve with its port.)
if (typeof WorkerGlobalScope === 'function' && globalThis instanceof WorkerGlobalScope) {
  serve({
    listen: (fn) => globalThis.addEventListener('message', (event) => fn(event.data)),
    post: (message, transfer) => globalThis.postMessage(message, transfer),
  });
}
