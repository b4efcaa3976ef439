// One write: an apply_schedule call, retried with the same request id while the answer says it may never have
// reached the database, and its answer turned into the outcome or a typed error.
import { SchedulerError, StaleVersionError } from '../errors.js';
import { rpcWithTimeout } from '../live/timeout.js';
import { versionsFrom } from './data-version.js';
import { isFunctionMissing, isTransient } from './postgrest.js';

const ATTEMPTS = 3;

/**
 * Sends `rows` for `dataVersion` as request `requestId`; answers apply_schedule's data ({data_version, ids, …}).
 * `onAttempt` is called before each call (for the query counts); `onUnknownState` when what the database holds is no
 * longer what the caller loaded (a stale version, an answer without a version): the caller reloads next time.
 */
export async function callApplySchedule(supabase, { rows, dataVersion, requestId, timeoutMs, onAttempt, onUnknownState }) {
  const args = { p_rows: rows, p_data_version: dataVersion, p_request_id: requestId };
  let answer;
  let timedOut = false;
  for (let attempt = 1; ; attempt += 1) {
    onAttempt();
    timedOut = false;
    try {
      answer = await rpcWithTimeout(supabase, 'apply_schedule', args, timeoutMs);
    } catch (error) {
      // A timeout or a dropped connection: the write may or may not have committed. The same request id makes
      // the retry safe: the database answers a repeated id with its first answer.
      timedOut = error instanceof SchedulerError && error.code === 'timeout';
      answer = { data: null, error: { message: String(error?.message ?? error), code: '' }, status: 0 };
    }
    if (!isTransient(answer.error, answer.status) || attempt >= ATTEMPTS) break;
  }
  const { data, error, status } = answer;
  if (error != null && timedOut) {
    throw new SchedulerError('timeout', `slotfit: apply_schedule did not answer within ${timeoutMs} ms, three `
      + 'times; the write may have been made: save the same rows again (same request id) or reload', { details: error });
  }
  if (error != null) {
    if (error.code === 'PT409') {
      onUnknownState();
      throw new StaleVersionError(error.message ?? 'slotfit: stale data_version; nothing was written',
        { ...versionsFrom(error.message), cause: error });
    }
    if (isFunctionMissing(error, status)) {
      throw new SchedulerError('write-rpc-missing', 'slotfit: apply_schedule is not installed in this database; '
        + 'nothing was written (the package never falls back to row-by-row table writes)', { details: error });
    }
    throw new SchedulerError('save-failed', `slotfit: apply_schedule failed: ${error.message ?? 'unknown error'}`,
      { details: error });
  }
  if (data == null || typeof data !== 'object' || data.data_version == null || !Array.isArray(data.ids)) {
    onUnknownState();
    throw new SchedulerError('save-failed', 'slotfit: apply_schedule answered without data_version and ids; '
      + 'whether it wrote is unknown, so the next call reloads', { details: answer });
  }
  return data;
}
