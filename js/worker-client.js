// The page side of the worker: the Engine API, each call answered by a promise.
import { EngineDisposedError, PayloadError } from './errors.js';

const asyncDisposeSymbol = Symbol.asyncDispose ?? Symbol.for('Symbol.asyncDispose');

function rebuildError(e) {
  if (e.name === 'PayloadError') return new PayloadError(e.errors ?? [{ code: e.code, path: e.path, message: e.message }]);
  if (e.name === 'EngineDisposedError') return new EngineDisposedError('worker engine');
  const Type = { RangeError, TypeError }[e.name] ?? Error;
  const error = new Type(e.message);
  if (e.code !== undefined) error.code = e.code;
  return error;
}

// A DOM Worker (addEventListener) or a Node worker_threads Worker (on): one shape for the client.
function portOf(worker) {
  if (typeof worker.addEventListener === 'function') {
    return {
      listen: (fn) => worker.addEventListener('message', (event) => fn(event.data)),
      onFailure: (fn) => worker.addEventListener('error', (event) => fn(event.error ?? new Error(event.message ?? 'worker error'))),
      post: (message) => worker.postMessage(message),
      close: () => worker.terminate(),
    };
  }
  return {
    listen: (fn) => worker.on('message', fn),
    onFailure: (fn) => {
      worker.on('error', fn);
      worker.on('exit', (code) => fn(new Error(`slotfit worker exited (code ${code})`)));
    },
    post: (message) => worker.postMessage(message),
    close: () => worker.terminate(),
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
      if (reply.ok) pending.resolve(reply.value);
      else pending.reject(rebuildError(reply.error));
    });
    port.onFailure((error) => {
      if (this.#disposed) return;
      this.#failure = error;
      for (const pending of this.#pending.values()) pending.reject(error);
      this.#pending.clear();
    });
  }

  #call(op, ...args) {
    if (this.#disposed) return Promise.reject(new EngineDisposedError('worker engine'));
    if (this.#failure !== null) return Promise.reject(this.#failure);
    const id = this.#nextId;
    this.#nextId += 1;
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
  check(candidate) { return this.#call('check', candidate); }
  checkKinds(candidate) { return this.#call('checkKinds', candidate); }
  conflictMap(query) { return this.#call('conflictMap', query); }
  autoSchedule(options = {}) { return this.#call('autoSchedule', options); }
  applyChanges(changes) { return this.#call('applyChanges', changes); }
  setDataVersion(version) { return this.#call('setDataVersion', version); }
  stats() { return this.#call('stats'); }

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

export async function startWorkerEngine(worker, options = {}) {
  const engine = new WorkerEngine(portOf(worker));
  try {
    await engine.init(initOptions(options));
  } catch (error) {
    await engine.dispose().catch(() => {});
    throw error;
  }
  return engine;
}

export function createWorkerEngine(options = {}) {
  // Written out literally so that bundlers emit the worker (and, through it, the wasm) as assets.
  const worker = options.worker ?? new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
  return startWorkerEngine(worker, options);
}
