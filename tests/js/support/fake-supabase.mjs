// A recording stand-in for a Supabase client: `rpc` and `from(...).select().eq().is()` answer like PostgREST
// behind supabase-js ({data, error, status}), and every call is kept for the tests to count and inspect.
// apply_schedule follows migrations/*_apply_schedule.sql: version check (PT409), request-id replay, upsert by id,
// {op: 'remove', id} as a soft delete that a later save of the id revives.

const FUNCTION_MISSING = (fn, params) => ({
  data: null,
  status: 404,
  error: {
    code: 'PGRST202',
    message: `Could not find the function public.${fn}(${params}) in the schema cache`,
    details: `Searched for the function public.${fn} with parameters ${params} or with a single unnamed json/jsonb `
      + 'parameter, but no matches were found in the schema cache.',
    hint: null,
  },
});

const NETWORK_FAILURE = {
  data: null, status: 0, error: { message: 'TypeError: fetch failed', details: '', hint: '', code: '' },
};

/**
 * @param payload   the batch payload the database would answer (its sessions become the stored templates)
 * @param tables    rows per table for the fallback reads (`from`); a table may be {error} instead
 * @param missing   function names to answer with PGRST202 / 404
 * @param script    per function, a queue of one-off outcomes: 'network' (nothing reaches the database),
 *                  'lost-answer' (the write commits, the answer is lost), or a literal {data, error, status}
 */
export function fakeSupabase({ payload = null, tables = {}, missing = [], script = {} } = {}) {
  const calls = [];
  const db = {
    version: payload?.data_version ?? '0',
    bumps: 0,
    sessions: new Map((payload?.sessions ?? []).map((s) => [s.id, { ...s }])),
    requests: new Map(),
    removed: new Map(),  // soft-deleted templates by id
    writes: 0,
  };

  function batch(args) {
    // get_scheduling_data_batch's revalidation: the version the caller holds is still current.
    if (args?.p_known_version != null && args.p_known_version === db.version) {
      return { data: { schema_version: 1, data_version: db.version, not_modified: true }, error: null, status: 200 };
    }
    return {
      data: { ...structuredClone(payload), data_version: db.version, sessions: [...db.sessions.values()].map((s) => ({ ...s })) },
      error: null,
      status: 200,
    };
  }

  function applySchedule({ p_rows: rows, p_data_version: version, p_request_id: requestId }) {
    const replay = db.requests.get(requestId);
    if (replay !== undefined) return { data: structuredClone(replay), error: null, status: 200 };
    if (version !== db.version) {
      return {
        data: null,
        status: 409,
        error: {
          code: 'PT409',
          message: `apply_schedule: stale data_version ${version} (the schedule is now at ${db.version}); nothing was written`,
          details: null,
          hint: 'Reload with get_scheduling_data_batch and schedule again.',
        },
      };
    }
    let inserted = 0;
    let updated = 0;
    let removed = 0;
    for (const row of rows) {
      if (row.op === 'remove') {
        // Soft delete: the template leaves the batch read but keeps its row, so saving its id revives it.
        db.removed.set(row.id, db.sessions.get(row.id));
        db.sessions.delete(row.id);
        removed += 1;
        continue;
      }
      const old = db.sessions.get(row.id) ?? db.removed.get(row.id);
      db.removed.delete(row.id);
      if (old === undefined) inserted += 1;
      else updated += 1;
      // An insert fills the columns the row leaves out, as the table's defaults do.
      const base = old ?? { assigned_to_sea_id: null, assigned_to_specialist_id: null, group_ref: null, status: 'active' };
      const { has_conflict: _conflict, conflict_reason: _reason, ...columns } = row;
      db.sessions.set(row.id, { ...base, ...columns });
    }
    db.writes += 1;
    db.bumps += 1;
    db.version = `w${db.bumps}`;
    const answer = { data_version: db.version, ids: rows.map((r) => r.id), inserted, updated, removed };
    db.requests.set(requestId, answer);
    return { data: structuredClone(answer), error: null, status: 200 };
  }

  const client = {
    calls,
    db,
    rpcCalls: (fn) => calls.filter((c) => c.kind === 'rpc' && (fn === undefined || c.fn === fn)),
    tableReads: () => calls.filter((c) => c.kind === 'from'),
    /** Someone else changes the provider's schedule: the version moves on. */
    bumpVersion() {
      db.bumps += 1;
      db.version = `x${db.bumps}`;
    },
    async rpc(fn, args) {
      calls.push({ kind: 'rpc', fn, args: structuredClone(args) });
      await Promise.resolve();
      const next = script[fn]?.shift();
      if (next === 'network') return structuredClone(NETWORK_FAILURE);
      if (next === 'throw') throw new TypeError('fetch failed');
      if (next === 'lost-answer') {
        applySchedule(args);
        return structuredClone(NETWORK_FAILURE);
      }
      if (next !== undefined) return next;
      if (missing.includes(fn)) {
        return FUNCTION_MISSING(fn, fn === 'apply_schedule' ? 'p_data_version, p_request_id, p_rows' : 'p_school_id, p_school_site');
      }
      if (fn === 'get_scheduling_data_batch') return batch(args);
      if (fn === 'apply_schedule') return applySchedule(args);
      return FUNCTION_MISSING(fn, Object.keys(args ?? {}).sort().join(', '));
    },
    from(table) {
      const call = { kind: 'from', table, select: null, filters: [] };
      calls.push(call);
      const builder = {
        select(columns) {
          call.select = columns;
          return builder;
        },
        eq(column, value) {
          call.filters.push(['eq', column, value]);
          return builder;
        },
        is(column, value) {
          call.filters.push(['is', column, value]);
          return builder;
        },
        then(resolve, reject) {
          return Promise.resolve().then(() => {
            const source = tables[table];
            if (source === undefined) {
              return { data: null, status: 404, error: { code: '42P01', message: `relation "public.${table}" does not exist` } };
            }
            if (source.error !== undefined) return { data: null, status: source.status ?? 400, error: source.error };
            const rows = source.filter((row) => call.filters.every(([, column, value]) => (row[column] ?? null) === value));
            return { data: structuredClone(rows), error: null, status: 200 };
          }).then(resolve, reject);
        },
      };
      return builder;
    },
  };
  return client;
}

/**
 * The tables behind a payload, as row-level security would show them to its provider, plus rows the fallback
 * must leave out (a dated instance, a deleted template, another school's and another year's rows).
 */
export function tablesFor(payload, { otherYear = '2025-2026' } = {}) {
  const provider = payload.provider.id;
  const { school_id: schoolId, school_site: site, school_year: year } = payload.school;
  const at = { school_id: schoolId, school_site: site };
  const elsewhere = { school_id: 'other-school', school_site: 'Lakeside Middle' };
  const firstStudent = payload.students[0];
  const template = payload.sessions.find((s) => s.day_of_week !== null);
  return {
    profiles: [{ id: provider, role: payload.provider.role, works_at_multiple_schools: payload.provider.works_at_multiple_schools }],
    provider_schools: [
      { id: 'link-here', provider_id: provider, ...at },
      { id: 'link-elsewhere', provider_id: provider, ...elsewhere },
    ],
    user_site_schedules: [
      ...payload.work_days.map((d) => ({ user_id: provider, site_assignment_id: 'link-here', day_of_week: d })),
      { user_id: provider, site_assignment_id: 'link-elsewhere', day_of_week: 6 },
    ],
    students: [
      ...payload.students.map((s) => ({ ...s, provider_id: provider, ...at })),
      { ...firstStudent, id: 'student-elsewhere', initials: 'Z.Z.', provider_id: provider, ...elsewhere },
    ],
    schedule_sessions: [
      ...payload.sessions.map((s) => ({ ...s, provider_id: provider, session_date: null, deleted_at: null })),
      { ...template, id: 'dated-instance', provider_id: provider, session_date: '2026-11-30', deleted_at: null },
      { ...template, id: 'deleted-template', provider_id: provider, session_date: null, deleted_at: '2026-11-01T00:00:00Z' },
      { ...template, id: 'session-elsewhere', student_id: 'student-elsewhere', day_of_week: 3, start_time: '13:00:00',
        end_time: '13:30:00', provider_id: provider, session_date: null, deleted_at: null },
    ],
    bell_schedules: [
      ...payload.bell_schedules.map((b) => ({ ...b, ...at, school_year: year, deleted_at: null })),
      { ...payload.bell_schedules[0], id: 'bell-last-year', ...at, school_year: otherYear, deleted_at: null },
      { ...payload.bell_schedules[0], id: 'bell-elsewhere', ...elsewhere, school_year: year, deleted_at: null },
      { ...payload.bell_schedules[0], id: 'bell-deleted', ...at, school_year: year, deleted_at: '2026-11-01T00:00:00Z' },
    ],
    special_activities: [
      ...payload.special_activities.map((a) => ({ ...a, ...at, school_year: year, deleted_at: null })),
      { ...payload.special_activities[0], id: 'activity-elsewhere', ...elsewhere, school_year: year, deleted_at: null },
    ],
    school_hours: [
      ...payload.school_hours.map((h, i) => ({ id: `hours-${String(i).padStart(3, '0')}`, ...h, ...at })),
      { id: 'hours-elsewhere', ...payload.school_hours[0], ...elsewhere },
    ],
    protected_times: payload.protected_times.map((p) => ({ ...p, provider_id: provider, deleted_at: null })),
    provider_busy_times: payload.provider_busy_times.map((b, i) => ({
      ...b, id: b.id ?? `busy-${i}`, provider_id: provider, deleted_at: null,
    })),
    teachers: [],
  };
}
