// The page's own view of a payload: times, days, who is who, what is still unscheduled. Which rows bind a
// student, and whether a start is legal, the engine says (rowsFor, check, conflictMap); these helpers only draw and describe.
import { CONFLICT_KINDS, STRATEGIES, formatTime, toMinutes } from '../js/index.js';

export const DAY_NAMES = ['', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
export const DAY_SHORT = ['', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
export const STEP = 5;

/** What each auto-schedule strategy prefers, in one line (legality never depends on it). */
export const STRATEGY_INFO = {
  balanced: { label: 'Balanced', line: 'Spreads sessions across the week and the day, so no day is crowded.' },
  'grade-grouped': { label: 'By grade', line: 'Puts students of one grade at the same start, to be seen as a group.' },
  'teacher-grouped': { label: 'By teacher', line: 'Puts students of one class at the same start, so a teacher loses them once.' },
  'morning-first': { label: 'Mornings first', line: 'Takes the earliest legal start of each day, keeping afternoons free.' },
};

/** Minutes since midnight of a payload time, "HH:MM" or "HH:MM:SS" (the engine has checked it); null for null. */
export const minutesOf = (text) => (text == null ? null : toMinutes(text));

export const hhmm = (minutes) => formatTime(minutes);

/** A time as the database's rows write it. */
export const hhmmss = (minutes) => formatTime(minutes, { seconds: true });

// Times as the provider reads them: 12- or 24-hour, from the browser's locale unless the page's setting says
// otherwise. CSV and data attributes keep "HH:MM"; only what a person reads goes through these.
let clockHours = 24;

/** 12 or 24: the hour cycle a locale writes times in ("1:00 PM" in en-US, "13:00" in de-DE). */
export function clockOfLocale(locale = undefined) {
  const cycle = new Intl.DateTimeFormat(locale, { hour: 'numeric' }).resolvedOptions().hourCycle;
  return cycle === 'h11' || cycle === 'h12' ? 12 : 24;
}

export function setClock(hours) {
  if (hours !== 12 && hours !== 24) throw new RangeError(`clock must be 12 or 24, got ${hours}`);
  clockHours = hours;
}

export function clock() {
  return clockHours;
}

const half = (minutes) => (Math.floor(minutes / 60) % 24 < 12 ? 'AM' : 'PM');
const twelve = (minutes) => {
  const h = Math.floor(minutes / 60) % 12;
  return `${h === 0 ? 12 : h}:${String(minutes % 60).padStart(2, '0')}`;
};

/** "13:05" or "1:05 PM". */
export function fmtTime(minutes) {
  return clockHours === 24 ? hhmm(minutes) : `${twelve(minutes)} ${half(minutes)}`;
}

/** "10:00–10:30", or "10:00–10:30 AM" (one AM/PM when both ends share it). */
export function fmtSpan(from, to) {
  if (clockHours === 24) return `${hhmm(from)}–${hhmm(to)}`;
  return half(from) === half(to) ? `${twelve(from)}–${twelve(to)} ${half(to)}` : `${fmtTime(from)}–${fmtTime(to)}`;
}

/** A time-axis label: "13:00" / "1 PM", half hours "13:30" / "1:30". */
export function fmtAxis(minutes) {
  if (clockHours === 24) return hhmm(minutes);
  return minutes % 60 === 0 ? `${twelve(minutes).split(':')[0]} ${half(minutes)}` : twelve(minutes);
}

/** The rows drawn on the grid: from the earliest school start to the latest end (08:00–15:00 without hours). */
export function displayWindow(payload) {
  let start = Infinity;
  let end = -Infinity;
  for (const row of payload.school_hours ?? []) {
    start = Math.min(start, minutesOf(row.start_time));
    end = Math.max(end, minutesOf(row.end_time));
  }
  if (!Number.isFinite(start) || end <= start) return { start: 8 * 60, end: 15 * 60 };
  return { start: Math.floor(start / STEP) * STEP, end: Math.ceil(end / STEP) * STEP };
}

/** Monday–Friday, plus a weekend day only when the provider works it (as the conflict map does). */
export function gridDays(payload) {
  const days = [1, 2, 3, 4, 5];
  for (const d of payload.work_days ?? []) if (d > 5 && !days.includes(d)) days.push(d);
  return days.sort((a, b) => a - b);
}

const GRADE_ORDER = ['TK', 'K', '1', '2', '3', '4', '5', '6', '7', '8'];

export function normGrade(grade) {
  return grade == null ? '' : String(grade).trim().toUpperCase();
}

/** A colour class per grade (g-tk, g-k, g-1 … g-8, g-none). */
export function gradeClass(grade) {
  const g = normGrade(grade);
  return GRADE_ORDER.includes(g) ? `g-${g.toLowerCase()}` : 'g-none';
}

/** The grade on a chip: "K", "TK", "3"; "–" without a grade. */
export function gradeTag(grade) {
  const g = normGrade(grade);
  return g === '' ? '–' : g;
}

export function gradeLabel(grade) {
  const g = normGrade(grade);
  if (g === '') return 'no grade';
  return /^\d+$/.test(g) ? `grade ${g}` : g;
}

export function normName(name) {
  return name == null ? '' : String(name).trim().replace(/\s+/g, ' ').toLowerCase();
}

/** Indexes of a payload the page looks up while drawing. */
export function indexPayload(payload) {
  const students = new Map(payload.students.map((s) => [s.id, s]));
  const grades = [...new Set(payload.students.map((s) => normGrade(s.grade_level)).filter((g) => g !== ''))]
    .sort((a, b) => rank(a) - rank(b));
  // Teachers by id where one is known, else by their normalised name; a name-only row joins the id row of
  // the same name, so "  mrs.  quinn " and "Mrs. Quinn" are one entry in the picker.
  const teachers = new Map();
  const byName = new Map();
  const addTeacher = (id, name) => {
    const n = normName(name);
    if (id == null && n === '') return;
    if (id != null) {
      const key = `id:${id}`;
      const entry = teachers.get(key) ?? { key, id, names: new Set(), label: null };
      if (n !== '') {
        entry.names.add(n);
        entry.label ??= String(name).trim().replace(/\s+/g, ' ');
        const loose = byName.get(n);
        if (loose !== undefined && loose.id == null) {
          teachers.delete(loose.key);
        }
        byName.set(n, entry);
      }
      teachers.set(key, entry);
    } else if (!byName.has(n)) {
      const entry = { key: `name:${n}`, id: null, names: new Set([n]), label: String(name).trim().replace(/\s+/g, ' ') };
      byName.set(n, entry);
      teachers.set(entry.key, entry);
    }
  };
  for (const a of payload.special_activities ?? []) if (a.teacher_id != null) addTeacher(a.teacher_id, a.teacher_name);
  for (const s of payload.students) if (s.teacher_id != null) addTeacher(s.teacher_id, s.teacher_name);
  for (const a of payload.special_activities ?? []) if (a.teacher_id == null) addTeacher(null, a.teacher_name);
  for (const s of payload.students) if (s.teacher_id == null) addTeacher(null, s.teacher_name);
  return { students, grades, teachers: [...teachers.values()].sort((a, b) => a.label.localeCompare(b.label)) };
}

function rank(grade) {
  const i = GRADE_ORDER.indexOf(grade);
  return i < 0 ? 100 : i;
}

/** The teacher entry a student belongs to, if any. */
export function teacherOf(index, student) {
  if (student.teacher_id != null) return index.teachers.find((t) => t.id === student.teacher_id) ?? null;
  const n = normName(student.teacher_name);
  return n === '' ? null : index.teachers.find((t) => t.names.has(n)) ?? null;
}

/**
 * Per student: placeholders (templates without a day) and missing sessions (frequency minus every template).
 * The order is the caseload's, so the list does not jump around after a move.
 */
export function unscheduled(payload) {
  const scheduled = new Map();
  const placeholders = new Map();
  for (const s of payload.sessions) {
    const map = s.day_of_week == null ? placeholders : scheduled;
    map.set(s.student_id, [...(map.get(s.student_id) ?? []), s]);
  }
  const out = [];
  for (const student of payload.students) {
    const minutes = student.minutes_per_session;
    const perWeek = student.sessions_per_week;
    const mine = placeholders.get(student.id) ?? [];
    for (const row of mine) {
      out.push({ kind: 'placeholder', student, sessionId: row.id, minutes, key: `p:${row.id}` });
    }
    if (!perWeek || !minutes) continue;
    const missing = perWeek - (scheduled.get(student.id)?.length ?? 0) - mine.length;
    for (let i = 0; i < missing; i += 1) {
      out.push({ kind: 'missing', student, sessionId: null, minutes, key: `m:${student.id}:${i}` });
    }
  }
  return out;
}

/** Students whose frequency or minutes are missing: they are listed, never silently skipped. */
export function notConfigured(payload) {
  return payload.students.filter((s) => !s.sessions_per_week || !s.minutes_per_session);
}

/**
 * Lanes for overlapping sessions of one day, calendar style: each session gets a lane and the number of
 * lanes of the cluster it belongs to, so blocks never cover each other.
 */
export function layoutDay(rows) {
  const sorted = [...rows].sort((a, b) => a.start - b.start || a.end - b.end || String(a.id).localeCompare(String(b.id)));
  const out = new Map();
  let cluster = [];
  let clusterEnd = -1;
  let laneEnds = [];
  const close = () => {
    const lanes = laneEnds.length;
    for (const item of cluster) out.get(item.id).lanes = lanes;
    cluster = [];
    laneEnds = [];
  };
  for (const row of sorted) {
    if (row.start >= clusterEnd && cluster.length > 0) close();
    let lane = laneEnds.findIndex((end) => end <= row.start);
    if (lane < 0) {
      lane = laneEnds.length;
      laneEnds.push(row.end);
    } else {
      laneEnds[lane] = row.end;
    }
    out.set(row.id, { lane, lanes: 1 });
    cluster.push(row);
    clusterEnd = Math.max(clusterEnd, row.end);
  }
  if (cluster.length > 0) close();
  return out;
}

/** A short code per kind, printed in painted cells and the tooltip (text, not colour alone). */
export const KIND_INFO = {
  'off-day': { code: 'OFF', label: 'Off day', help: 'The provider does not work here that day' },
  'school-hours': { code: 'HRS', label: 'School hours', help: 'Outside the school day of the student\'s grade' },
  'bell-schedule': { code: 'BELL', label: 'Bell schedule', help: 'Lunch, recess, snack… of the student\'s grade' },
  'special-activity': { code: 'SPEC', label: 'Special activity', help: 'PE, music, library… of the student\'s teacher' },
  'protected-time': { code: 'PROT', label: 'Protected time', help: 'The student\'s mainstreaming or blocked time' },
  'student-overlap': { code: 'STU', label: 'Student busy', help: 'The student has another of your sessions then' },
  'other-provider': { code: 'OTH', label: 'Other provider', help: 'The student is with another provider' },
  capacity: { code: 'CAP', label: 'Capacity', help: 'You already see the maximum number of sessions at once' },
  consecutive: { code: '60+', label: 'Back to back', help: 'Touching sessions would exceed 60 minutes in a row' },
  'short-break': { code: 'GAP', label: 'Short break', help: 'A gap of 1–29 minutes between the student\'s sessions' },
  'provider-busy': { code: 'BUSY', label: 'You are busy', help: 'Your meeting, duty, lunch or other school' },
};

// The words are the page's, the names the package's (lists/lists.json): a name added there must get its words here.
for (const [names, table, what] of [[CONFLICT_KINDS, KIND_INFO, 'KIND_INFO'], [STRATEGIES, STRATEGY_INFO, 'STRATEGY_INFO']]) {
  const missing = names.filter((name) => !(name in table));
  if (missing.length > 0) throw new Error(`demo/model.js: ${what} has no entry for ${missing.join(', ')}`);
}

/** A conflict in words: the kind's label, then the engine's message (without saying the kind twice). */
export function describeConflict(c) {
  const label = KIND_INFO[c.kind].label;
  return c.message.toLowerCase().startsWith(label.toLowerCase()) ? c.message : `${label}: ${c.message}`;
}

/** One CSV line per scheduled session, ordered by day and time, for teachers and the office. */
export function toCsv(payload, index, attention) {
  const quote = (v) => {
    const text = v == null ? '' : String(v);
    return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  const rows = payload.sessions.filter((s) => s.day_of_week != null)
    .sort((a, b) => a.day_of_week - b.day_of_week || minutesOf(a.start_time) - minutesOf(b.start_time)
      || String(a.id).localeCompare(String(b.id)));
  const head = ['day', 'start', 'end', 'student', 'grade', 'teacher', 'service', 'status', 'needs_attention'];
  const lines = [head.join(',')];
  for (const s of rows) {
    const student = index.students.get(s.student_id);
    const teacher = student ? teacherOf(index, student)?.label ?? student.teacher_name ?? '' : '';
    lines.push([
      DAY_NAMES[s.day_of_week], hhmm(minutesOf(s.start_time)), hhmm(minutesOf(s.end_time)), student?.initials ?? '?',
      normGrade(student?.grade_level), teacher, s.service_type, s.status, attention.get(s.id) ?? '',
    ].map(quote).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
