// What PostgREST's error answers mean to the data layer.

/** PostgREST's answer when the function is not in its schema cache (not installed, or another signature). */
export function isFunctionMissing(error, status) {
  if (error == null) return false;
  return error.code === 'PGRST202' || (status === 404 && (error.code == null || error.code === ''));
}

// A request that may never have reached the database: safe to send again with the same p_request_id.
export function isTransient(error, status) {
  if (error == null) return false;
  return status === 0 || status === 502 || status === 503 || status === 504
    || ['PGRST000', 'PGRST001', 'PGRST002', 'PGRST003'].includes(error.code);
}

// get_scheduling_data_batch's refusal when the caller has no profiles row (42501 is also "not linked").
export function isNoProfile(error) {
  return error?.code === '42501' && /no provider profile/.test(error.message ?? '');
}
