/**
 * `slotfit/worker.js`: the worker side of {@link createWorkerEngine}. Started as a module worker (browsers) or a
 * `worker_threads` worker (Node, where this name resolves to the Node worker entry), it serves one engine at once:
 *
 * ```js
 * const worker = new Worker(new URL('slotfit/worker.js', import.meta.url), { type: 'module' });
 * const engine = await createWorkerEngine({ worker });
 * ```
 *
 * Importing it elsewhere gives {@link serve}, to answer the same protocol over another channel.
 */

/** A message channel as {@link serve} needs it. */
export interface WorkerPort {
  /** Calls `fn` with every request that arrives. */
  listen(fn: (request: unknown) => void): void;
  /** Sends an answer; `transfer` lists buffers to move instead of copy. */
  post(message: unknown, transfer: ArrayBuffer[]): void;
}

/** Answers the requests of a `WorkerEngine` arriving on `port`, with one engine made on the first request. */
export declare function serve(port: WorkerPort): void;

/** The fields of an error that survive structured cloning, from which the page side rebuilds the typed error. */
export declare function serialiseError(error: unknown): {
  name: string;
  message: string;
  code?: string;
  path?: string;
  errors?: unknown[];
};
