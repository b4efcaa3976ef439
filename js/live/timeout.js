// An RPC with a deadline. supabase-js builders take an AbortSignal (`.abortSignal()`), so a call past its deadline
// is also cancelled on the wire; a client without it is only abandoned. Either way the caller gets
// SchedulerError('timeout') and decides what a retry may do (a write is retried with the same request id).
import { SchedulerError } from '../errors.js';

export async function rpcWithTimeout(supabase, fn, args, timeoutMs) {
  if (timeoutMs == null) return supabase.rpc(fn, args);
  const controller = new AbortController();
  let call = supabase.rpc(fn, args);
  if (typeof call?.abortSignal === 'function') call = call.abortSignal(controller.signal);
  let timer;
  const deadline = new Promise((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new SchedulerError('timeout', `slotfit: ${fn} did not answer within ${timeoutMs} ms`));
    }, timeoutMs);
  });
  try {
    return await Promise.race([Promise.resolve(call), deadline]);
  } finally {
    clearTimeout(timer);
  }
}

export function checkTimeoutOption(timeoutMs) {
  if (timeoutMs !== undefined && timeoutMs !== null && !(Number.isFinite(timeoutMs) && timeoutMs > 0)) {
    throw new TypeError(`slotfit: timeoutMs must be a positive number of milliseconds, not ${JSON.stringify(timeoutMs)}`);
  }
}
