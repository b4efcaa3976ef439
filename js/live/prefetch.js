// Predictive pre-caching: while the page is idle, the payloads of the provider's other linked schools are read
// into the persistent cache, so that switching school costs one not_modified revalidation instead of a full read.
// Bounded (schools and bytes), one school at a time, cancelled by any real read or write (and tried again at the
// next idle time), and skipped on a save-data or metered connection.
import { cacheKey } from './storage.js';

const DEFAULTS = { maxSchools: 3, maxBytes: 2 * 1024 * 1024, idleDelayMs: 2000 };
const utf8 = new TextEncoder();

/** True when the platform says data costs: `navigator.connection.saveData`, a metered or cellular connection. */
export function connectionIsCostly(navigator = globalThis.navigator) {
  const c = navigator?.connection;
  if (c == null) return false;
  return c.saveData === true || c.metered === true || c.type === 'cellular';
}

function whenIdle(fn, delayMs) {
  if (typeof globalThis.requestIdleCallback === 'function') {
    const timer = setTimeout(() => {
      handle = globalThis.requestIdleCallback(fn, { timeout: delayMs * 5 });
    }, delayMs);
    let handle = null;
    return () => {
      clearTimeout(timer);
      if (handle !== null) globalThis.cancelIdleCallback?.(handle);
    };
  }
  const timer = setTimeout(fn, delayMs);
  timer.unref?.();
  return () => clearTimeout(timer);
}

export class Prefetcher {
  #host;
  #options;
  #cancelIdle = null;
  #controller = null;
  #done = new Set();  // store keys prefetched (or found current)
  #bytes = 0;
  #stopped = false;
  #running = false;
  #schools = null;  // the linked schools, listed once
  #finished = false;
  counts = { reads: 0, notModified: 0, stored: 0, bytes: 0, cancelled: 0, skipped: null, errors: 0 };

  /**
   * host: {supabase, providerId, store, current() -> store key of the loaded school, busy() -> bool,
   *        linkedSchools() -> Promise<[{schoolSite, schoolId}]>, rpc(fn, args, signal) -> Promise<answer>,
   *        report(error)}
   */
  constructor(host, options = {}) {
    this.#host = host;
    this.#options = { ...DEFAULTS, ...(typeof options === 'object' && options !== null ? options : {}) };
  }

  schedule() {
    if (this.#stopped || this.#finished || this.#running || this.#cancelIdle !== null) return;
    if (connectionIsCostly()) {
      this.counts.skipped = 'costly-connection';
      return;
    }
    this.#cancelIdle = whenIdle(() => {
      this.#cancelIdle = null;
      this.#run().catch((error) => this.#host.report(error));
    }, this.#options.idleDelayMs);
  }

  /** Real work started: drop the prefetch in flight (its answer is discarded) and wait for the next idle time. */
  cancel() {
    if (this.#controller !== null) {
      this.#controller.abort();
      this.counts.cancelled += 1;
    }
    this.#cancelIdle?.();
    this.#cancelIdle = null;
  }

  stop() {
    this.#stopped = true;
    this.cancel();
  }

  async #run() {
    if (this.#stopped || this.#host.busy()) {
      this.schedule();
      return;
    }
    this.#running = true;
    let interrupted = false;
    try {
      this.#schools ??= await this.#host.linkedSchools();
      for (const school of this.#schools) {
        if (this.#done.size >= this.#options.maxSchools || this.#bytes >= this.#options.maxBytes) break;
        const key = cacheKey(this.#host.providerId, school.schoolSite, school.schoolId);
        if (key === this.#host.current() || this.#done.has(key)) continue;
        if (this.#stopped || this.#host.busy()) {
          interrupted = true;
          break;
        }
        if (!(await this.#fetchOne(key, school))) {
          interrupted = true;
          break;
        }
      }
    } finally {
      this.#running = false;
    }
    if (interrupted && !this.#stopped) this.schedule();
    else this.#finished = true;
  }

  // false when cancelled by real work
  async #fetchOne(key, { schoolSite, schoolId }) {
    const stored = await this.#host.store.read(key);
    const controller = new AbortController();
    this.#controller = controller;
    let answer;
    try {
      this.counts.reads += 1;
      answer = await this.#host.rpc('get_scheduling_data_batch',
        { p_school_site: schoolSite, p_school_id: schoolId, p_known_version: stored?.dataVersion ?? null }, controller.signal);
    } catch (error) {
      if (controller.signal.aborted) return false;
      this.counts.errors += 1;
      this.#host.report(error);
      this.#done.add(key);  // not again in this page's life: a failing school must not be read in a loop
      return true;
    } finally {
      this.#controller = null;
    }
    if (controller.signal.aborted) return false;
    const { data, error } = answer ?? {};
    this.#done.add(key);
    if (error != null || data == null || typeof data !== 'object') {
      this.counts.errors += 1;
      if (error != null) this.#host.report(error);
      return true;
    }
    if (data.not_modified === true) {
      this.counts.notModified += 1;
      return true;
    }
    const text = JSON.stringify(data);
    const bytes = utf8.encode(text).length;
    this.#bytes += bytes;
    this.counts.bytes += bytes;
    if (this.#bytes > this.#options.maxBytes || data.data_version == null) return true;
    if (await this.#host.store.write(this.#host.providerId, key, data.data_version, text)) this.counts.stored += 1;
    return true;
  }
}
