// The two queries the prefetcher (live/prefetch.js) makes through the scheduler's client: the provider's linked
// schools, and a batch read it can abort when a real read or write starts.
import { SchedulerError } from '../errors.js';

/** `schools` (the prefetch option's list) answers linkedSchools without a query; `counted()` counts each query. */
export function prefetchQueries(supabase, providerId, { schools, counted }) {
  return {
    async linkedSchools() {
      if (Array.isArray(schools)) return schools;
      counted();
      const { data, error } = await supabase.from('provider_schools').select('school_id, school_site')
        .eq('provider_id', providerId);
      if (error != null) throw new SchedulerError('fetch-failed', `slotfit: prefetch could not list the linked schools: ${error.message}`, { details: error });
      return (data ?? []).map((row) => ({ schoolSite: row.school_site ?? null, schoolId: row.school_id ?? null }));
    },
    rpc(fn, args, signal) {
      counted();
      let call = supabase.rpc(fn, args);
      if (typeof call?.abortSignal === 'function') call = call.abortSignal(signal);
      // A client without abortSignal is only abandoned: its answer is dropped when it comes.
      return Promise.race([Promise.resolve(call), new Promise((_, reject) => {
        signal.addEventListener('abort', () => reject(signal.reason), { once: true });
      })]);
    },
  };
}
