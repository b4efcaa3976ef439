// OptimizedScheduler's constructor options (index.d.ts SchedulerOptions): checked, with their defaults.
import { resolveStorage } from '../live/storage.js';
import { checkTimeoutOption } from '../live/timeout.js';
import { WorkerEngine } from '../worker-client.js';

const DEFAULT_TTL_MS = 15 * 60 * 1000;

export function schedulerOptions({
  supabase, cacheTtlMs = DEFAULT_TTL_MS, engine, engineOptions, worker = false, now, storage = 'auto', timeoutMs,
  realtime = false, prefetch = false,
} = {}) {
  if (supabase == null || typeof supabase.rpc !== 'function') {
    throw new TypeError('slotfit: OptimizedScheduler needs {supabase}, a Supabase client');
  }
  checkTimeoutOption(timeoutMs);
  const { kind: storageKind, adapter: storageAdapter } = resolveStorage(storage);
  if (worker !== false && worker !== true && !(worker instanceof WorkerEngine)) {
    throw new TypeError('slotfit: the worker option is true, false or a WorkerEngine from createWorkerEngine()');
  }
  return {
    supabase, ttlMs: cacheTtlMs, engine, engineOptions: engineOptions ?? {}, worker, now: now ?? (() => Date.now()),
    storageKind, storageAdapter, timeoutMs: timeoutMs ?? null, realtime, prefetch,
  };
}

/** The object form of an option that may also be true or false (realtime, prefetch): {} for those. */
export const optionObject = (value) => (typeof value === 'object' && value !== null ? value : {});
