// What OptimizedScheduler counts (getPerformanceMetrics): queries, cache use, timings, reads and what they carried,
// and the last fetch errors.

const MAX_FETCH_ERRORS = 20;

export function newMetrics() {
  return {
    queries: { total: 0, batch: 0, fallback: 0, write: 0 },
    cache: { hits: 0, misses: 0 },
    candidatesEvaluated: 0,
    timings: { fetchMs: 0, parseAndIndexMs: 0, scheduleMs: 0, saveMs: 0 },
    fullReads: 0,
    revalidations: 0,
    notModified: 0,
    deltasApplied: 0,
    bytesRead: 0,
    persisted: { restores: 0, writes: 0, errors: 0 },
  };
}

/** The last MAX_FETCH_ERRORS failures of reads, storage, Realtime and prefetch, oldest first. */
export class FetchErrorLog {
  #entries = [];

  record(at, where, error) {
    this.#entries.push({
      at: new Date(at).toISOString(), where, code: error?.code ?? null, message: error?.message ?? String(error),
    });
    if (this.#entries.length > MAX_FETCH_ERRORS) this.#entries.shift();
  }

  list() {
    return this.#entries.map((e) => ({ ...e }));
  }
}

/**
 * getPerformanceMetrics()'s answer from the counters `m` and the scheduler's state: `cache` ({loadedAt, source,
 * incomplete} or null), `now`, `ttlMs`, `fresh`, `dataVersion`, `storage`, `prefetch`, `realtime`, `fetchErrors`.
 */
export function metricsReport(m, { cache, now, ttlMs, fresh, dataVersion, storage, prefetch, realtime, fetchErrors }) {
  const lookups = m.cache.hits + m.cache.misses;
  return {
    queries: { ...m.queries },
    cache: { hits: m.cache.hits, misses: m.cache.misses, hitRate: lookups === 0 ? 0 : m.cache.hits / lookups },
    candidatesEvaluated: m.candidatesEvaluated,
    timings: { ...m.timings },
    staleness: {
      loadedAt: cache === null ? null : new Date(cache.loadedAt).toISOString(),
      ageMs: cache === null ? null : now - cache.loadedAt,
      ttlMs,
      stale: cache === null ? true : !fresh,
      dataVersion,
    },
    fullReads: m.fullReads,
    revalidations: m.revalidations,
    notModified: m.notModified,
    deltasApplied: m.deltasApplied,
    bytesRead: m.bytesRead,
    persisted: { storage, ...m.persisted },
    prefetch,
    realtime,
    source: cache?.source ?? null,
    incomplete: cache === null ? [] : [...cache.incomplete],
    fetchErrors,
  };
}
