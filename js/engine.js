// The Engine class: a JS object that owns one EngineHandle inside the shared wasm module.
//
// Ids never cross into wasm on the hot path: the JS side keeps dense-index maps (built from the tables the
// module returns on load and on changes), and check() sends five integers. Conflict objects are built only when
// the mask is non-zero, and those of the row kinds only the first time their row is hit after a load.
import { CONFLICT_KINDS, EFFORTS, loadCore, STRATEGIES } from './core.js';
import { EngineDisposedError, PayloadError } from './errors.js';
import { warmUpPayload } from './warm-up.js';

const MAX_SUGGEST_MOVES = 2;              // the core's kMaxSuggestMoves
const INVALID_CANDIDATE = 0x80000000;  // bit 31 of a mask: arguments outside the caseload or the day
const INVALID_ANSWER = 0xFFFFFFFF;       // describe(): the same, as a length
const HOVER_MOVED = 0x40000000;          // describe(): the hover buffer moved, ask for its address again
const encoder = new TextEncoder();
const decoder = new TextDecoder();
const disposeSymbol = Symbol.dispose ?? Symbol.for('Symbol.dispose');

// A safety net only: an engine dropped without dispose() still frees its wasm memory when collected.
const registry = typeof FinalizationRegistry === 'function'
  ? new FinalizationRegistry((handle) => {
    try {
      handle.delete();
    } catch {
      // already deleted: nothing to free
    }
  })
  : null;

/** Minutes since midnight from a number or "HH:MM" / "HH:MM:SS"; a RangeError for anything else. */
export function toMinutes(value, what = 'start') {
  if (typeof value === 'number') {
    if (Number.isInteger(value) && value >= 0 && value <= 1440) return value;
  } else if (typeof value === 'string') {
    const m = /^(\d\d):(\d\d)(?::(\d\d))?$/.exec(value);
    if (m !== null) {
      const h = Number(m[1]);
      const min = Number(m[2]);
      if (min < 60 && (h < 24 || (h === 24 && min === 0)) && (m[3] === undefined || Number(m[3]) < 60)) {
        return h * 60 + min;
      }
    }
  }
  throw new RangeError(`slotfit: ${what} must be minutes since midnight (0-1440) or "HH:MM", got ${JSON.stringify(value)}`);
}

function camelStats(s) {
  return {
    students: s.students,
    sessions: s.sessions,
    placeholders: s.placeholders,
    rowsIndexed: s.rows_indexed,
    loadMs: s.load_ms,
    checks: s.checks,
    candidatesEvaluated: s.candidates_evaluated,
    dataVersion: s.data_version,
    incomplete: s.incomplete ?? [],
  };
}

function scheduleResult(r) {
  return {
    placements: r.placements,
    unplaced: r.unplaced.map((u) => ({
      studentId: u.student_id, needed: u.needed, placed: u.placed, candidates: u.candidates, ruledOut: u.ruled_out,
    })),
    notConfigured: r.not_configured.map((n) => ({ studentId: n.student_id, reason: n.reason })),
    groups: r.groups.map((g) => ({
      day: g.day, start: g.start, end: g.end, placements: g.placements, sessionIds: g.session_ids,
      groupRef: g.group_ref, key: g.key,
    })),
    errors: r.errors,
    stats: {
      candidatesEvaluated: r.stats.candidates_evaluated,
      sessionsNeeded: r.stats.sessions_needed,
      sessionsPlaced: r.stats.sessions_placed,
      placeholdersFilled: r.stats.placeholders_filled,
      elapsedMs: r.stats.elapsed_ms,
      upperBound: r.stats.upper_bound,
      optimal: r.stats.optimal,
      stoppedBy: r.stats.stopped_by,
      searchWork: r.stats.search_work,
    },
  };
}

// Copies UTF-8 into a malloc'd block. encodeInto writes straight into the heap; the first guess fits any text
// that is mostly ASCII (JSON payloads are), and anything else is encoded once more at its exact size.
function toHeap(core, input) {
  let bytes;
  if (typeof input === 'string') {
    const capacity = input.length + (input.length >> 3) + 16;
    const ptr = core._malloc(capacity);
    if (ptr === 0) throw new RangeError('slotfit: out of wasm memory for the payload');
    const { read, written } = encoder.encodeInto(input, core.HEAPU8.subarray(ptr, ptr + capacity));
    if (read === input.length) return [ptr, written];
    core._free(ptr);
    bytes = encoder.encode(input);
  } else if (input instanceof Uint8Array) {
    bytes = input;
  } else if (input instanceof ArrayBuffer) {
    bytes = new Uint8Array(input);
  } else {
    throw new TypeError('slotfit: a payload is an object, a JSON string, or UTF-8 bytes (Uint8Array)');
  }
  const ptr = core._malloc(Math.max(bytes.length, 1));
  if (ptr === 0) throw new RangeError('slotfit: out of wasm memory for the payload');
  core.HEAPU8.set(bytes, ptr);  // read HEAPU8 after malloc: a memory growth replaces it
  return [ptr, bytes.length];
}

const constructing = Symbol('constructing');

/** See index.d.ts for the contract. */
export class Engine {
  #core;
  #handle;
  #studentIndex = new Map();
  #sessionIndex = new Map();
  #sessionIds = [];
  #hoverAt = 0;
  #codesAt = 0;
  #joinsAt = 0;  // where describe() leaves the group a candidate joins (an int32 index into HEAP32)
  // groups() as of the last load or change, and the joins answers made from it, by group and dragged session.
  #groups = null;
  #joins = new Map();
  // Conflicts of the row kinds by kind, then row index: built once per loaded payload, shared by every answer
  // (frozen). applyChanges leaves them: it changes sessions, never the constraint rows these come from.
  #rowConflicts = emptyRowCache();
  // The other conflicts by the number the handle gave their text (kind, message, ref) since the last load.
  #interned = [];

  constructor(core, token) {
    if (token !== constructing) throw new TypeError('slotfit: use createEngine() to make an Engine');
    this.#core = core;
    this.#handle = new core.EngineHandle();
    this.#joinsAt = this.#handle.joinsAddress() >> 2;
    registry?.register(this, this.#handle, this);
  }

  static create(core) {
    return new Engine(core, constructing);
  }

  // The handle's last text answer, decoded where it lies in the heap (HEAPU8 is read after the call: a memory
  // growth during the call replaces it).
  #text(handle, length) {
    const address = handle.textAddress();
    return decoder.decode(this.#core.HEAPU8.subarray(address, address + length));
  }

  // Calls fn(address, length) with the UTF-8 of `input` in the heap, and frees it afterwards.
  #withBytes(input, fn) {
    const [ptr, length] = toHeap(this.#core, input);
    try {
      return fn(ptr, length);
    } finally {
      this.#core._free(ptr);
    }
  }

  #live() {
    const handle = this.#handle;
    if (handle === null) throw new EngineDisposedError();
    return handle;
  }

  get disposed() {
    return this.#handle === null;
  }

  get loaded() {
    return this.#handle !== null && this.#studentIndex.size + this.#sessionIds.length > 0;
  }

  load(payload) {
    const handle = this.#live();
    let input = payload;
    if (payload !== null && typeof payload === 'object' && !(payload instanceof Uint8Array)
        && !(payload instanceof ArrayBuffer)) {
      input = JSON.stringify(payload);
    }
    const answer = JSON.parse(this.#text(handle, this.#withBytes(input, (ptr, length) => handle.load(ptr, length))));
    if (answer.errors.length > 0) throw new PayloadError(answer.errors);
    const students = new Map();
    answer.students.forEach((id, i) => students.set(id, i));
    const sessions = new Map();
    answer.sessions.forEach((id, i) => {
      if (id !== null) sessions.set(id, i);
    });
    this.#studentIndex = students;
    this.#sessionIndex = sessions;
    this.#sessionIds = answer.sessions;
    this.#rowConflicts = emptyRowCache();
    this.#interned = [];
    this.#forgetGroups();
    return camelStats(answer.stats);
  }

  #student(id) {
    const index = this.#studentIndex.get(id);
    if (index === undefined) throw new RangeError(`slotfit: no student has id ${JSON.stringify(id)}`);
    return index;
  }

  #session(id) {
    const index = this.#sessionIndex.get(id);
    if (index === undefined) throw new RangeError(`slotfit: no live session has id ${JSON.stringify(id)}`);
    return index;
  }

  // check() and checkKinds() are the hover path: validation inline, no intermediate objects.
  checkKinds(c) {
    const handle = this.#live();
    const student = this.#student(c.studentId);
    const start = typeof c.start === 'number' && Number.isInteger(c.start) ? c.start : toMinutes(c.start);
    const ignore = c.ignoreSessionId == null ? -1 : this.#session(c.ignoreSessionId);
    const { day, minutes } = c;
    if (!Number.isInteger(day) || !Number.isInteger(minutes)) throw wholeNumbers();
    const mask = handle.check(student, day, start, minutes, ignore);
    if (mask >= INVALID_CANDIDATE) throw invalidCandidate(day, start, minutes);
    return mask;
  }

  check(c) {
    if (c != null && c.groupOf != null) return this.#checkGroup(c);
    const handle = this.#live();
    const student = this.#student(c.studentId);
    const start = typeof c.start === 'number' && Number.isInteger(c.start) ? c.start : toMinutes(c.start);
    const ignore = c.ignoreSessionId == null ? -1 : this.#session(c.ignoreSessionId);
    const { day, minutes } = c;
    if (!Number.isInteger(day) || !Number.isInteger(minutes)) throw wholeNumbers();
    let count = handle.describe(student, day, start, minutes, ignore);
    if (count === 0) {
      const free = [];
      free.joins = this.#joinsOf(this.#core.HEAP32[this.#joinsAt], c.ignoreSessionId);
      return free;
    }
    if (count === INVALID_ANSWER) throw invalidCandidate(day, start, minutes);
    if (count >= HOVER_MOVED) {
      this.#hoverAt = handle.hoverAddress();
      this.#codesAt = handle.codesAddress() >> 2;
      count -= HOVER_MOVED;
    }
    // HEAP32 read after the call: a memory growth during it replaces the view.
    let codes = this.#core.HEAP32;
    const at = this.#codesAt;
    const textLength = codes[at];
    let texts = null;
    let next = 0;
    const out = new Array(count);
    for (let i = 0; i < count; i += 1) {
      const code = codes[at + 1 + i];
      const kind = code & 15;
      const n = (code >> 5) - 1;  // the row, or the handle's number of this text; -1: the text follows
      if (n >= 0) {
        const known = (code & 16) === 0 ? this.#rowConflicts[kind] : this.#interned;
        let conflict = known[n];
        if (conflict === undefined) {
          const [message, refId] = JSON.parse(this.#text(handle, handle.rowConflict(i)));
          conflict = Object.freeze({ kind: CONFLICT_KINDS[kind], message, refId });
          known[n] = conflict;
          codes = this.#core.HEAP32;  // rowConflict() may have grown the memory
        }
        out[i] = conflict;
      } else {
        if (texts === null) {
          texts = decoder.decode(this.#core.HEAPU8.subarray(this.#hoverAt, this.#hoverAt + textLength));
          if (texts.charCodeAt(0) === 0x5b) texts = JSON.parse(texts);
        }
        let message;
        let refId;
        if (typeof texts === 'string') {
          const field = texts.indexOf('\u001f', next);
          const end = texts.indexOf('\u001e', field + 1);
          message = texts.slice(next, field);
          refId = field + 1 === end ? null : texts.slice(field + 2, end);
          next = end + 1;
        } else {
          [message, refId] = texts[next];
          next += 1;
        }
        out[i] = Object.freeze({ kind: CONFLICT_KINDS[kind], message, refId });
      }
    }
    out.joins = this.#joinsOf(this.#core.HEAP32[this.#joinsAt], c.ignoreSessionId);
    return out;
  }

  // The group a single session's drop joins, as check() answers it: the members other than the dragged session.
  #joinsOf(groupId, draggedId) {
    if (groupId < 0) return null;
    const key = `${groupId}\u0000${draggedId ?? ''}`;
    let joins = this.#joins.get(key);
    if (joins === undefined) {
      this.#groups ??= this.groups();
      const group = this.#groups[groupId];
      const keep = group.sessionIds.map((id) => id !== draggedId);
      joins = Object.freeze({
        groupId,
        sessionIds: Object.freeze(group.sessionIds.filter((_, i) => keep[i])),
        studentIds: Object.freeze(group.studentIds.filter((_, i) => keep[i])),
        groupRef: group.groupRef,
      });
      this.#joins.set(key, joins);
    }
    return joins;
  }

  #forgetGroups() {
    this.#groups = null;
    this.#joins = new Map();
  }

  // The whole group of c.groupOf moved to (c.day, c.start); every conflict names its member (null: the whole group).
  #checkGroup(c) {
    const handle = this.#live();
    const session = this.#session(c.groupOf);
    const start = typeof c.start === 'number' && Number.isInteger(c.start) ? c.start : toMinutes(c.start);
    if (!Number.isInteger(c.day)) throw wholeNumbers();
    const length = handle.describeGroup(session, c.day, start);
    if (length === INVALID_ANSWER) {
      throw new RangeError(`slotfit: no such group move (session ${JSON.stringify(c.groupOf)} to day ${c.day}, `
        + `start ${start}): the session must be placed, the day 1-7, and the group must fit inside the day`);
    }
    return JSON.parse(this.#text(handle, length)).map(([kind, message, refId, studentId]) => Object.freeze({
      kind: CONFLICT_KINDS[kind], message, refId, studentId,
    }));
  }

  conflictMap(query) {
    const handle = this.#live();
    let packed;
    if (query != null && query.groupOf != null) {
      packed = handle.conflictMapGroup(this.#session(query.groupOf));
    } else if (query != null && query.sessionId != null) {
      packed = handle.conflictMapForSession(this.#session(query.sessionId));
    } else if (query != null && query.studentId != null) {
      const minutes = query.minutes;
      if (!Number.isInteger(minutes) || minutes <= 0) {
        throw new RangeError('slotfit: conflictMap({studentId, minutes}) needs whole positive minutes');
      }
      const ignore = query.ignoreSessionId == null ? -1 : this.#session(query.ignoreSessionId);
      packed = handle.conflictMap(this.#student(query.studentId), minutes, ignore);
    } else {
      throw new TypeError('slotfit: conflictMap takes {sessionId}, {studentId, minutes} or {groupOf}');
    }
    // [dayCount, startCount, days…, starts…, kinds…, joins…] in one JS-owned buffer; the arrays are views of it.
    const dayCount = packed[0];
    const startCount = packed[1];
    const cells = dayCount * startCount;
    const kindsAt = 2 + dayCount + startCount;
    return {
      days: new Int32Array(packed.buffer, 8, dayCount),
      starts: new Int32Array(packed.buffer, 8 + 4 * dayCount, startCount),
      kinds: packed.subarray(kindsAt, kindsAt + cells),
      joins: new Int32Array(packed.buffer, 4 * (kindsAt + cells), cells),
    };
  }

  autoSchedule(options = {}) {
    const handle = this.#live();
    const { strategy = 'balanced', studentIds, allowIncomplete = false, effort = 'default', timeLimitMs } = options;
    if (!STRATEGIES.includes(strategy)) {
      throw new TypeError(`slotfit: unknown strategy ${JSON.stringify(strategy)}; one of ${STRATEGIES.join(', ')}`);
    }
    if (!EFFORTS.includes(effort)) {
      throw new TypeError(`slotfit: unknown effort ${JSON.stringify(effort)}; one of ${EFFORTS.join(', ')}`);
    }
    if (timeLimitMs != null && !(typeof timeLimitMs === 'number' && timeLimitMs > 0)) {
      throw new RangeError(`slotfit: timeLimitMs must be a positive number of milliseconds, not ${JSON.stringify(timeLimitMs)}`);
    }
    const request = { strategy, effort, allow_incomplete: allowIncomplete === true };
    if (timeLimitMs != null) request.time_limit_ms = timeLimitMs;
    if (studentIds != null) request.student_ids = Array.from(studentIds, String);
    return scheduleResult(JSON.parse(this.#text(handle, handle.autoSchedule(JSON.stringify(request)))));
  }

  suggest(options) {
    const handle = this.#live();
    if (options === null || typeof options !== 'object') {
      throw new TypeError('slotfit: suggest takes {studentId, limit?, maxMoves?, strategy?, placements?}');
    }
    const { studentId, limit = 5, maxMoves = 2, strategy = 'balanced', placements, allowIncomplete = false } = options;
    if (typeof studentId !== 'string') throw new TypeError('slotfit: suggest needs a studentId (a string)');
    this.#student(studentId);
    if (!Number.isInteger(limit) || limit < 1) {
      throw new TypeError(`slotfit: suggest limit must be a whole number >= 1, got ${JSON.stringify(limit)}`);
    }
    if (!Number.isInteger(maxMoves) || maxMoves < 0 || maxMoves > MAX_SUGGEST_MOVES) {
      throw new TypeError(`slotfit: suggest maxMoves must be 0 to ${MAX_SUGGEST_MOVES}, got ${JSON.stringify(maxMoves)}`);
    }
    if (!STRATEGIES.includes(strategy)) {
      throw new TypeError(`slotfit: unknown strategy ${JSON.stringify(strategy)}; one of ${STRATEGIES.join(', ')}`);
    }
    if (placements != null && !Array.isArray(placements)) {
      throw new TypeError('slotfit: suggest placements must be the placements array of an autoSchedule result');
    }
    const request = { student_id: studentId, limit, max_moves: maxMoves, strategy, allow_incomplete: allowIncomplete === true };
    if (placements != null) {
      // Only what places a row crosses; the core names a bad one by its path (/placements/3/start_time).
      request.placements = placements.map((row, i) => {
        if (row === null || typeof row !== 'object') throw new TypeError(`slotfit: suggest placements[${i}] is not a row`);
        return {
          id: row.id ?? null, student_id: row.student_id, day_of_week: row.day_of_week, start_time: row.start_time,
          end_time: row.end_time,
        };
      });
    }
    const length = this.#withBytes(JSON.stringify(request), (ptr, n) => handle.suggest(ptr, n));
    const answer = JSON.parse(this.#text(handle, length));
    if (answer.errors.length > 0) throw new PayloadError(answer.errors);
    return answer.suggestions.map((s) => ({
      day: s.day,
      start: s.start,
      end: s.end,
      moves: s.moves.map((m) => {
        const move = { sessionId: m.session_id, day: m.day, start: m.start, end: m.end };
        if (m.placement >= 0) move.placement = m.placement;
        return move;
      }),
    }));
  }

  applyChanges(changes) {
    const handle = this.#live();
    if (!Array.isArray(changes)) throw new TypeError('slotfit: applyChanges takes an array of changes');
    const length = this.#withBytes(JSON.stringify(changes), (ptr, n) => handle.applyChanges(ptr, n));
    const answer = JSON.parse(this.#text(handle, length));
    if (answer.errors.length > 0) throw new PayloadError(answer.errors);
    for (const [id, index] of answer.sessions) {
      const before = this.#sessionIndex.get(id);
      if (index < 0) {
        this.#sessionIndex.delete(id);
        if (before !== undefined) this.#sessionIds[before] = null;
      } else {
        this.#sessionIndex.set(id, index);
        this.#sessionIds[index] = id;
      }
    }
    this.#forgetGroups();
    const relabelled = answer.relabelled.map(([sessionId, groupRef]) => ({ sessionId, groupRef }));
    return { ...this.stats(), relabelled };
  }

  setDataVersion(version) {
    const handle = this.#live();
    if (version !== null && typeof version !== 'string') throw new TypeError('slotfit: a data version is a string or null');
    handle.setDataVersion(version);
  }

  stats() {
    const handle = this.#live();
    return camelStats(JSON.parse(this.#text(handle, handle.stats())));
  }

  groups() {
    const handle = this.#live();
    return JSON.parse(this.#text(handle, handle.groups())).map((g) => ({
      id: g.id, day: g.day, start: g.start, end: g.end, sessionIds: g.session_ids, studentIds: g.student_ids,
      groupRef: g.group_ref,
    }));
  }

  hasStudent(studentId) {
    return this.#studentIndex.has(studentId);
  }

  hasSession(sessionId) {
    return this.#sessionIndex.has(sessionId);
  }

  dispose() {
    const handle = this.#handle;
    if (handle === null) return;
    this.#handle = null;
    registry?.unregister(this);
    this.#studentIndex = new Map();
    this.#sessionIndex = new Map();
    this.#sessionIds = [];
    this.#rowConflicts = emptyRowCache();
    this.#interned = [];
    this.#forgetGroups();
    handle.delete();
  }

  [disposeSymbol]() {
    this.dispose();
  }
}

function emptyRowCache() {
  return CONFLICT_KINDS.map(() => []);
}

function wholeNumbers() {
  return new RangeError('slotfit: day and minutes must be whole numbers');
}

function invalidCandidate(day, start, minutes) {
  return new RangeError(`slotfit: no such candidate (day ${day}, start ${start}, ${minutes} minutes): `
    + 'the day is 1-7 and the session must fit inside the day');
}

// Modules already warmed up: the warm-up is once per module, not per engine.
const warmedUp = new WeakSet();

export async function createEngine(options = {}) {
  const core = await loadCore(options);
  if (options.warmUp === true && !warmedUp.has(core)) {
    warmedUp.add(core);
    const scratch = Engine.create(core);
    try {
      scratch.load(warmUpPayload());
      // Twice: the second run finds the hot functions compiled to optimised code and finishes that work.
      scratch.autoSchedule();
      scratch.autoSchedule({ effort: 'fast' });
    } finally {
      scratch.dispose();
    }
  }
  return Engine.create(core);
}
