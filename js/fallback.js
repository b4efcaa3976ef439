// The read used only when get_scheduling_data_batch is not installed: parallel reads of the tables row-level
// security lets the provider see, put together in the payload's shape the way the SQL function does
// (migrations/*_get_scheduling_data_batch.sql). What RLS hides is named in `incomplete`, so that the engine
// refuses to auto-schedule on it unless told otherwise, and the metrics show it.
import { SchedulerError } from './errors.js';

// Hidden by RLS: other providers' sessions and student rows (so also protected times entered under another
// provider's row of the same child), and the version counter (schedule_versions has no policy at all).
export const FALLBACK_INCOMPLETE = Object.freeze(['other_provider_sessions', 'protected_times', 'data_version']);

const STUDENT_COLUMNS = 'id, initials, grade_level, teacher_id, teacher_name, child_id, school_id, school_site, '
  + 'sessions_per_week, minutes_per_session';
const SESSION_COLUMNS = 'id, student_id, day_of_week, start_time, end_time, service_type, delivered_by, '
  + 'assigned_to_sea_id, assigned_to_specialist_id, status, group_ref';

/** The school year ("YYYY-YYYY") a day falls in; it rolls over on August 1, as sf_school_year does. */
export function schoolYear(day) {
  const y = day.getFullYear();
  return day.getMonth() >= 7 ? `${y}-${y + 1}` : `${y - 1}-${y}`;
}

// The both-keys rule of school-level rows (sf_row_at_school).
function atSchool(rowSchoolId, rowSite, schoolId, site) {
  return (rowSchoolId != null && rowSchoolId === schoolId)
    || (rowSite != null && rowSite === site && (rowSchoolId == null || schoolId == null));
}

const byKeys = (...keys) => (a, b) => {
  for (const key of keys) {
    const x = a[key];
    const y = b[key];
    if (x === y) continue;
    if (x == null) return 1;  // nulls last, as in the SQL
    if (y == null) return -1;
    return x < y ? -1 : 1;
  }
  return 0;
};

function timed(row) {
  return { day_of_week: row.day_of_week, start_time: row.start_time, end_time: row.end_time };
}

export async function readTablesFallback(supabase, { providerId, providerRole, schoolSite, schoolId, today, onQuery }) {
  const read = async (table, build) => {
    onQuery();
    let answer;
    try {
      answer = await build(supabase.from(table));
    } catch (error) {
      throw new SchedulerError('fetch-failed', `slotfit: fallback read of ${table} failed: ${error?.message ?? error}`,
        { cause: error });
    }
    if (answer.error != null) {
      throw new SchedulerError('fetch-failed',
        `slotfit: fallback read of ${table} failed: ${answer.error.message ?? 'unknown error'}`,
        { details: answer.error });
    }
    return answer.data ?? [];
  };
  const year = schoolYear(today);
  const [profiles, links, siteDays, students, sessions, bells, activities, hours, protectedRows, busyRows, teachers] =
    await Promise.all([
      read('profiles', (q) => q.select('id, role, works_at_multiple_schools').eq('id', providerId)),
      read('provider_schools', (q) => q.select('id, school_id, school_site').eq('provider_id', providerId)),
      read('user_site_schedules', (q) => q.select('site_assignment_id, day_of_week').eq('user_id', providerId)),
      read('students', (q) => q.select(STUDENT_COLUMNS).eq('provider_id', providerId)),
      read('schedule_sessions', (q) => q.select(SESSION_COLUMNS).eq('provider_id', providerId)
        .is('session_date', null).is('deleted_at', null)),
      read('bell_schedules', (q) => q.select('id, school_id, school_site, grade_level, day_of_week, start_time, '
        + 'end_time, period_name').eq('school_year', year).is('deleted_at', null)),
      read('special_activities', (q) => q.select('id, school_id, school_site, teacher_id, teacher_name, day_of_week, '
        + 'start_time, end_time, activity_name').eq('school_year', year).is('deleted_at', null)),
      read('school_hours', (q) => q.select('id, school_id, school_site, grade_level, day_of_week, start_time, end_time')),
      read('protected_times', (q) => q.select('id, student_id, child_id, day_of_week, start_time, end_time, label')
        .is('deleted_at', null)),
      read('provider_busy_times', (q) => q.select('id, day_of_week, start_time, end_time, label, school_site')
        .eq('provider_id', providerId).is('deleted_at', null)),
      read('teachers', (q) => q.select('id, first_name, last_name')),
    ]);

  const profile = profiles[0];
  if (profile === undefined) {
    throw new SchedulerError('no-profile', 'slotfit: the signed-in user has no provider profile (profiles row; fallback read)');
  }
  const matches = links.filter((l) => atSchool(l.school_id, l.school_site, schoolId, schoolSite));
  if (matches.length === 0) {
    throw new SchedulerError('not-linked', `slotfit: the provider is not linked to school ${schoolId ?? ''} ${schoolSite ?? ''}`.trim());
  }
  matches.sort((a, b) => Number(b.school_id === schoolId) - Number(a.school_id === schoolId)
    || Number(b.school_site === schoolSite) - Number(a.school_site === schoolSite) || (a.id < b.id ? -1 : 1));
  const link = matches[0];
  const here = (row) => atSchool(row.school_id, row.school_site, link.school_id, link.school_site);

  const teacherNames = new Map(teachers.map((t) => [t.id, [t.first_name, t.last_name].filter(Boolean).join(' ').trim()]));
  const mine = students.filter(here).sort(byKeys('initials', 'id'));
  const mineById = new Map(mine.map((s) => [s.id, s]));
  const siteOfStudent = new Map(students.map((s) => [s.id, s.school_site]));

  const sessionRows = sessions.filter((s) => mineById.has(s.student_id))
    .sort(byKeys('day_of_week', 'start_time', 'student_id', 'id'));
  // This provider's sessions at its other schools block the same hours here, as time only.
  const elsewhere = sessions.filter((s) => !mineById.has(s.student_id) && s.day_of_week != null)
    .map((s) => ({ id: null, ...timed(s), label: null, school_site: siteOfStudent.get(s.student_id) ?? null }));

  const hoursHere = new Map();
  for (const h of hours.filter(here).sort(byKeys('id'))) {
    const key = `${h.grade_level}\u0000${h.day_of_week}`;
    const prior = hoursHere.get(key);
    if (prior === undefined || (prior.school_id !== link.school_id && h.school_id === link.school_id)) hoursHere.set(key, h);
  }

  // One row per protected time: keyed to our student row, by student first, then by child.
  const byChild = new Map();
  for (const s of mine) if (s.child_id != null) byChild.set(s.child_id, [...(byChild.get(s.child_id) ?? []), s]);
  const protectedOut = new Map();
  for (const p of protectedRows) {
    const direct = mineById.get(p.student_id);
    if (direct !== undefined) {
      protectedOut.set(p.id, { id: p.id, student_id: direct.id, child_id: p.child_id ?? direct.child_id, ...timed(p), label: p.label });
    } else if (p.child_id != null && byChild.has(p.child_id)) {
      const first = byChild.get(p.child_id).map((s) => s.id).sort()[0];
      protectedOut.set(p.id, { id: p.id, student_id: first, child_id: p.child_id, ...timed(p), label: p.label });
    }
  }

  return {
    schema_version: 1,
    generated_at: today.toISOString(),
    data_version: null,
    incomplete: [...FALLBACK_INCOMPLETE],
    provider: {
      id: providerId, role: profile.role ?? providerRole, works_at_multiple_schools: profile.works_at_multiple_schools === true,
    },
    school: { school_id: link.school_id ?? null, school_site: link.school_site ?? null, school_year: year },
    work_days: [...new Set(siteDays.filter((d) => d.site_assignment_id === link.id).map((d) => d.day_of_week))]
      .sort((a, b) => a - b),
    school_hours: [...hoursHere.values()].sort(byKeys('grade_level', 'day_of_week'))
      .map((h) => ({ grade_level: h.grade_level, ...timed(h) })),
    bell_schedules: bells.filter(here).sort(byKeys('day_of_week', 'start_time', 'end_time', 'grade_level', 'id'))
      .map((b) => ({ id: b.id, grade_level: b.grade_level, ...timed(b), period_name: b.period_name ?? null })),
    special_activities: activities.filter(here).sort(byKeys('day_of_week', 'start_time', 'end_time', 'teacher_name', 'id'))
      .map((a) => ({
        id: a.id, teacher_id: a.teacher_id ?? null, teacher_name: a.teacher_name, ...timed(a),
        activity_name: a.activity_name ?? null,
      })),
    students: mine.map((s) => ({
      id: s.id,
      initials: s.initials,
      grade_level: s.grade_level ?? null,
      teacher_id: s.teacher_id ?? null,
      teacher_name: s.teacher_name ?? (teacherNames.get(s.teacher_id) || null),
      child_id: s.child_id ?? null,
      sessions_per_week: s.sessions_per_week ?? null,
      minutes_per_session: s.minutes_per_session ?? null,
    })),
    sessions: sessionRows.map((s) => ({
      id: s.id, student_id: s.student_id, ...timed(s), service_type: s.service_type, delivered_by: s.delivered_by,
      assigned_to_sea_id: s.assigned_to_sea_id ?? null, assigned_to_specialist_id: s.assigned_to_specialist_id ?? null,
      status: s.status, group_ref: s.group_ref ?? null,
    })),
    protected_times: [...protectedOut.values()].sort(byKeys('day_of_week', 'start_time', 'end_time', 'id')),
    other_provider_sessions: [],
    provider_busy_times: [
      ...busyRows.map((b) => ({ id: b.id, ...timed(b), label: b.label ?? null, school_site: b.school_site ?? null })),
      ...elsewhere,
    ].sort(byKeys('day_of_week', 'start_time', 'end_time')),
  };
}
