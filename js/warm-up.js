// A made-up crowded week, scheduled once by createEngine({warmUp: true}) (the worker does it while the page
// is idle) so that the first real auto-schedule does not pay for the wasm engine's first run: the code paths
// of construction, the bound's steps and the search are compiled to optimised code, and the module's memory
// has grown. It has to be crowded, or the bound proves the first schedule optimal and nothing else runs.
import { formatTime } from './time.js';

const TIMES = ['09:00', '09:45', '10:30', '11:15'];

export function warmUpPayload() {
  const grades = ['1', '2', '3', '4', '5'];
  const students = [];
  for (let i = 0; i < 48; i += 1) {
    const grade = grades[i % grades.length];
    students.push({
      id: `warm-${i}`, initials: 'W.U.', grade_level: grade, teacher_id: `teacher-${i % 9}`,
      teacher_name: `Teacher ${i % 9}`, child_id: null, sessions_per_week: 2 + (i % 3),
      minutes_per_session: [20, 30, 45][(i * 7) % 3],
    });
  }
  const bell = [];
  grades.forEach((grade, g) => {
    for (const day of [1, 2, 4]) {
      const start = 9 * 60 + 45 * ((g + day) % TIMES.length);
      bell.push({ id: `warm-bell-${grade}-${day}`, grade_level: grade, day_of_week: day, start_time: formatTime(start),
        end_time: formatTime(start + 30), period_name: 'Recess' });
    }
  });
  return {
    schema_version: 1,
    incomplete: [],
    provider: { id: 'warm-provider', role: 'speech', works_at_multiple_schools: false },
    school: { school_id: 'warm-school', school_site: 'Warm-up', school_year: '2026-2027' },
    work_days: [1, 2, 4],
    school_hours: [1, 2, 4].map((day) => ({ grade_level: 'default', day_of_week: day, start_time: '08:30',
      end_time: '12:00' })),
    bell_schedules: bell,
    special_activities: [],
    students,
    sessions: [],
    protected_times: [],
    other_provider_sessions: [],
    provider_busy_times: [{ id: 'warm-busy', day_of_week: 2, start_time: '10:00', end_time: '10:30',
      label: 'Meeting', school_site: null }],
  };
}
