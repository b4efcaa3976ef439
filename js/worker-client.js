// The page side of the worker: the Engine API, each call answered by a promise.
import { EngineDisposedError, PayloadError } from './errors.js';

const asyncDisposeSymbol = Symbol.asyncDispose ?? Symbol.for('Symbol.asyncDispose');

function rebuildError(e) {
  if (e.name === 'PayloadError') return new PayloadError(e.errors ?? [{ code: e.code, path: e.path, message: e.message }]);
  if (e.name === 'EngineDisposedError') return new EngineDisposedError('worker engine');
  const Type = { RangeError, TypeError }[e.name] ?? Error;
  const error = new Type(e.message);
  if (e.code !== undefined) error.code = e.code;
  if (e.path !== undefined) error.path = e.path;  // a refused query's argument (engine.js refusedArguments)
  return error;
}

// What failed, where, and what to do: the browser's error event for a missing or broken worker script says nothing.
function startFailure(url, detail) {
  const where = url === null ? 'the worker passed as {worker}' : `the worker ${url}`;
  const name = url === null ? 'worker.js' : url.slice(url.lastIndexOf('/') + 1);
  return new Error(`slotfit: ${where} failed (${detail}). It must run slotfit/worker.js: serve that file at this `
    + 'URL, or start a worker on it yourself and pass it as createWorkerEngine({ worker }). Vite, webpack 5 and '
    + `Next.js emit the worker by themselves; with esbuild or Rollup build slotfit/worker.js as a second entry named `
    + `${name} beside the bundle (README "Bundlers and frameworks")`);
}

// A DOM Worker (addEventListener) or a Node worker_threads Worker (on): one shape for the client. `url` is the
// script's URL when this package started the worker, for the error messages.
function portOf(worker, url) {
  if (typeof worker.addEventListener === 'function') {
    return {
      listen: (fn) => worker.addEventListener('message', (event) => fn(event.data)),
      onFailure: (fn) => worker.addEventListener('error', (event) => {
        const detail = event.error?.message ?? (event.message || 'the script did not load, or it threw on start');
        fn(startFailure(url, detail));
      }),
      post: (message) => worker.postMessage(message),
      close: () => worker.terminate(),
      busy: () => {},
    };
  }
  return {
    listen: (fn) => worker.on('message', fn),
    onFailure: (fn) => {
      worker.on('error', (error) => fn(startFailure(url, `${error?.name ?? 'Error'}: ${error?.message ?? error}`)));
      worker.on('exit', (code) => fn(new Error(`slotfit worker exited (code ${code})`)));
    },
    post: (message) => worker.postMessage(message),
    close: () => worker.terminate(),
    // An idle worker must not keep the process alive (one left undisposed would); a pending call must.
    busy: (pending) => (pending ? worker.ref?.() : worker.unref?.()),
  };
}

/** See index.d.ts. */
export class WorkerEngine {
  #port;
  #pending = new Map();
  #nextId = 1;
  #disposed = false;
  #failure = null;

  constructor(port) {
    this.#port = port;
    port.listen((reply) => {
      const pending = this.#pending.get(reply.id);
      if (pending === undefined) return;
      this.#pending.delete(reply.id);
      if (this.#pending.size === 0) port.busy(false);
      if (reply.ok) pending.resolve(reply.value);
      else pending.reject(rebuildError(reply.error));
    });
    port.onFailure((error) => {
      if (this.#disposed) return;
      this.#failure = error;
      for (const pending of this.#pending.values()) pending.reject(error);
      this.#pending.clear();
      port.busy(false);
    });
    port.busy(false);
  }

  #call(op, ...args) {
    if (this.#disposed) return Promise.reject(new EngineDisposedError('worker engine'));
    if (this.#failure !== null) return Promise.reject(this.#failure);
    const id = this.#nextId;
    this.#nextId += 1;
    if (this.#pending.size === 0) this.#port.busy(true);
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#port.post({ id, op, args });
    });
  }

  get disposed() {
    return this.#disposed;
  }

  init(options) { return this.#call('init', options); }
  load(payload) { return this.#call('load', payload); }
  // check()'s joins crosses with its array: a structured clone keeps an array's enumerable named properties.
  check(candidate) { return this.#call('check', candidate); }
  checkKinds(candidate) { return this.#call('checkKinds', candidate); }
  conflictMap(query) { return this.#call('conflictMap', query); }
  autoSchedule(options = {}) { return this.#call('autoSchedule', options); }
  applyChanges(changes) { return this.#call('applyChanges', changes); }
  setDataVersion(version) { return this.#call('setDataVersion', version); }
  stats() { return this.#call('stats'); }
  suggest(options) { return this.#call('suggest', options); }
  groups() { return this.#call('groups'); }
  rowsFor(query) { return this.#call('rowsFor', query); }

  async dispose() {
    if (this.#disposed) return;
    try {
      if (this.#failure === null) await this.#call('dispose');
    } finally {
      this.#disposed = true;
      for (const pending of this.#pending.values()) pending.reject(new EngineDisposedError('worker engine'));
      this.#pending.clear();
      await this.#port.close();
    }
  }

  [asyncDisposeSymbol]() {
    return this.dispose();
  }
}

// Options cross by structured clone: a URL object does not, its text does.
function initOptions({ wasmUrl, wasmBinary, wasmModule, warmUp }) {
  const out = {};
  if (warmUp !== undefined) out.warmUp = warmUp === true;
  if (wasmUrl !== undefined) out.wasmUrl = String(wasmUrl);
  if (wasmBinary !== undefined) out.wasmBinary = wasmBinary;
  if (wasmModule !== undefined) out.wasmModule = wasmModule;
  return out;
}

export async function startWorkerEngine(worker, options = {}, url = null) {
  const engine = new WorkerEngine(portOf(worker, url));
  try {
    await engine.init(initOptions(options));
  } catch (error) {
    await engine.dispose().catch(() => {});
    throw error;
  }
  return engine;
}

// The Node entry (node.js) sets how a default worker starts there (worker_threads, on worker-node.js).
let startNodeWorker = null;

export function setDefaultWorkerStarter(starter) {
  startNodeWorker = starter;
}

export function createWorkerEngine(options = {}) {
  if (options.worker !== undefined) return startWorkerEngine(options.worker, options);
  if (startNodeWorker !== null) {
    const { worker, url } = startNodeWorker();
    return startWorkerEngine(worker, options, url);
  }
  // Written out literally so that bundlers emit the worker (and, through it, the wasm) as assets. The URL for the
  // error message is derived by hand: a second new URL('./worker.js', …) would make bundlers emit the file again.
  const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
  return startWorkerEngine(worker, options, import.meta.url.replace(/[^/]*$/, 'worker.js'));
}
