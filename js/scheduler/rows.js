// The session rows the data layer keeps beside the engine: what apply_schedule accepts of a row, what the engine
// takes of it, when two copies are the same session, and how a move is told to 'change' listeners.
import { formatTime } from '../time.js';

// The keys apply_schedule accepts in a row (migrations: apply_schedule.sql, c_keys); anything else is refused.
const WRITE_KEYS = ['id', 'student_id', 'day_of_week', 'start_time', 'end_time', 'service_type', 'delivered_by',
  'assigned_to_sea_id', 'assigned_to_specialist_id', 'status', 'has_conflict', 'conflict_reason', 'group_ref'];

const SESSION_COMPARED = ['student_id', 'day_of_week', 'start_time', 'end_time', 'service_type', 'delivered_by',
  'assigned_to_sea_id', 'assigned_to_specialist_id', 'status', 'group_ref'];

export const newRequestId = () => globalThis.crypto.randomUUID();

// A row of saveRows(): a removal, or a session row (new, or merged over the loaded row of its id).
export function isRemoval(row) {
  return row.op === 'remove';
}

export function pickWriteKeys(row) {
  const out = {};
  for (const key of WRITE_KEYS) if (row[key] !== undefined) out[key] = row[key];
  return out;
}

// The session row the engine and the move path keep; the override columns are the database's business.
export function sessionOf(row) {
  const { has_conflict: _conflict, conflict_reason: _reason, ...session } = row;
  return session;
}

export const sameSession = (a, b) => SESSION_COMPARED.every((k) => (a[k] ?? null) === (b[k] ?? null));

/**
 * The session rows as last loaded or written (moves need the whole row), and those removed since: a later save or
 * push of a removed id revives it over its last row.
 */
export class SessionRows {
  constructor(sessions = []) {
    this.loaded = new Map(sessions.map((row) => [row.id, row]));
    this.removed = new Map();
  }

  /** The row a change of `id` is merged over: loaded, or removed, or undefined for a new session. */
  known(id) {
    return this.loaded.get(id) ?? this.removed.get(id);
  }

  remove(id) {
    this.removed.set(id, this.loaded.get(id));
    this.loaded.delete(id);
  }

  put(row) {
    this.removed.delete(row.id);
    this.loaded.set(row.id, row);
  }
}

/**
 * `row` placed at `place` ({day, start, end}, minutes; null: off the week) and marked for the conflicts it has
 * there ('needs_attention' with the reasons, as the page's override writes it).
 */
export function placedRow(row, place, conflicts = []) {
  const conflicting = conflicts.length > 0;
  return {
    ...row,
    day_of_week: place === null ? null : place.day,
    start_time: place === null ? null : formatTime(place.start, { seconds: true }),
    end_time: place === null ? null : formatTime(place.end, { seconds: true }),
    status: conflicting ? 'needs_attention' : 'active',
    has_conflict: conflicting,
    conflict_reason: conflicting ? conflicts.map((c) => `${c.kind}: ${c.message}`).join('; ') : null,
  };
}

// The columns an insert leaves out, as apply_schedule fills them: sent explicitly, so the engine takes the same row.
export function insertDefaults(providerRole) {
  return {
    service_type: providerRole, delivered_by: 'provider', assigned_to_sea_id: null,
    assigned_to_specialist_id: null, status: 'active', group_ref: null,
  };
}

const placeOf = (row) => (row == null || row.day_of_week == null ? null
  : { day: row.day_of_week, start: String(row.start_time).slice(0, 5), end: String(row.end_time).slice(0, 5) });

// A moved, added or removed session as 'change' listeners get it: enough for a notice naming what moved.
export function describeMove(id, old, row, by) {
  return {
    id, studentId: (row ?? old)?.student_id ?? null, by,
    op: row === null ? 'removed' : old === undefined ? 'added' : 'changed',
    from: placeOf(old), to: placeOf(row),
  };
}

// What changed between two loads of the rows (another writer's work), as describeMove entries.
export function movesBetween(before, after) {
  const moves = [];
  for (const [id, row] of after) {
    const old = before.get(id);
    if (old === undefined || !sameSession(old, row)) moves.push(describeMove(id, old, row, 'someone-else'));
  }
  for (const [id, old] of before) if (!after.has(id)) moves.push(describeMove(id, old, null, 'someone-else'));
  return moves;
}
