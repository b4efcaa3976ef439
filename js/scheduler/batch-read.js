// One read: a get_scheduling_data_batch call with the version the caller holds, and its answer turned into the
// payload, "not modified", "the function is missing" (the caller falls back to the tables), or a typed error.
import { SchedulerError } from '../errors.js';
import { rpcWithTimeout } from '../live/timeout.js';
import { isFunctionMissing, isNoProfile } from './postgrest.js';

const FN = 'get_scheduling_data_batch';
const utf8 = new TextEncoder();
const byteLength = (text) => utf8.encode(text).length;

export class BatchReader {
  #supabase;
  #timeoutMs;
  #metrics;
  #recordFetchError;
  #revalidateSupported = true;  // false once the database answered PGRST202 to the three-argument read

  /** `metrics` is the scheduler's counters (queries, revalidations, bytes); `recordFetchError(where, error)` its log. */
  constructor({ supabase, timeoutMs, metrics, recordFetchError }) {
    this.#supabase = supabase;
    this.#timeoutMs = timeoutMs;
    this.#metrics = metrics;
    this.#recordFetchError = recordFetchError;
  }

  #counted() {
    this.#metrics.queries.total += 1;
    this.#metrics.queries.batch += 1;
  }

  #refuse(problem, logged = problem) {
    this.#recordFetchError(FN, logged);
    throw problem;
  }

  /**
   * Answers {notModified: true, dataVersion}, {payload, text} or {missing: true}; throws the typed errors of a
   * failed read. A database whose function still takes two arguments (PGRST202 naming it in the hint) is asked
   * again without the version.
   */
  async read(schoolSite, schoolId, known) {
    const args = { p_school_site: schoolSite, p_school_id: schoolId };
    if (this.#revalidateSupported) args.p_known_version = known;
    let answer;
    try {
      this.#counted();
      answer = await rpcWithTimeout(this.#supabase, FN, args, this.#timeoutMs);
      // PostgREST names a near match in its hint ("Perhaps you meant to call … (p_school_id, p_school_site)"):
      // the database has the older two-argument function, which answers the full payload every time.
      if (answer?.error != null && 'p_known_version' in args && isFunctionMissing(answer.error, answer.status)
          && /get_scheduling_data_batch\(/.test(answer.error.hint ?? '')) {
        this.#revalidateSupported = false;
        this.#recordFetchError(FN, answer.error);
        this.#counted();
        answer = await rpcWithTimeout(this.#supabase, FN, { p_school_site: schoolSite, p_school_id: schoolId }, this.#timeoutMs);
      }
    } catch (error) {
      if (error instanceof SchedulerError) this.#refuse(error);
      this.#refuse(new SchedulerError('fetch-failed', `slotfit: ${FN} failed: ${error?.message ?? error}`, { cause: error }), error);
    }
    return this.#answer(answer ?? {}, known);
  }

  #answer({ data, error, status }, known) {
    if (error != null && isFunctionMissing(error, status)) {
      this.#recordFetchError(FN, error);
      return { missing: true };
    }
    if (isNoProfile(error)) {
      this.#refuse(new SchedulerError('no-profile', 'slotfit: the signed-in user has no provider profile (profiles row); '
        + 'nothing to schedule', { details: error }), error);
    }
    if (error != null) {
      this.#refuse(new SchedulerError('fetch-failed', `slotfit: ${FN} failed: ${error.message ?? 'unknown error'}`,
        { details: error }), error);
    }
    if (data == null || typeof data !== 'object' || Array.isArray(data)) {
      // An empty answer would look like a school without constraints; refuse it instead.
      this.#refuse(new SchedulerError('empty-payload', `slotfit: ${FN} answered no payload; refusing to treat that as "no constraints"`));
    }
    if (data.not_modified === true) {
      if (known == null || String(data.data_version) !== known) {
        this.#refuse(new SchedulerError('fetch-failed', `slotfit: ${FN} answered not_modified for version `
          + `${JSON.stringify(data.data_version)}, but ${JSON.stringify(known)} was sent`, { details: data }));
      }
      this.#metrics.revalidations += 1;
      this.#metrics.notModified += 1;
      this.#metrics.bytesRead += byteLength(JSON.stringify(data));
      return { notModified: true, dataVersion: known };
    }
    if (known != null) this.#metrics.revalidations += 1;
    this.#metrics.fullReads += 1;
    const text = JSON.stringify(data);
    this.#metrics.bytesRead += byteLength(text);
    return { payload: data, text };
  }
}
