// The JS side of the wire between the engine and the wasm module. The specification is wasm/wire.md in the
// repository (the C++ side is wasm/wire.cpp): three encodings (text in through the heap, JSON text out read in
// place, integers), the records, and the intern table's epoch. engine.js validates and keeps the id maps;
// everything that knows a byte layout or a snake_case key of the wire is here.

/** Bit 31 of a check() mask: arguments outside the caseload or the day. */
export const INVALID_CANDIDATE = 0x80000000;
/** describe(): the same, as its whole answer. */
export const INVALID_ANSWER = 0xFFFFFFFF;
/** describe(): the code buffer moved; ask codesAddress() again. */
export const CODES_MOVED = 0x40000000;
/** describe(): the candidate joins a group; joinsAddress() holds which (read it only when this is set). */
export const JOINS_GROUP = 0x20000000;
/** A conflict map's answer: set for refused arguments (the rest is the errors answer's length). */
const REFUSED_GRID = 0x80000000;
const NUMBER_SHIFT = 5;

/**
 * Whether `value` reaches wasm as an integer argument unchanged. Every integer argument of the wire is an int32,
 * and both the plain exports and embind convert any other number with ToInt32: 2 ** 32 + 3 arrives as 3, so a
 * query about day 2 ** 32 + 3 would answer about day 3. engine.js refuses any other value before the call.
 */
export const isInt32 = (value) => (value | 0) === value;
const INTERNED_BIT = 16;
const KIND_MASK = 15;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

// Text in: UTF-8 in a malloc'd block. encodeInto writes straight into the heap; the first guess fits any text
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

/** Calls fn(address, length) with `input` (a string or UTF-8 bytes) in the heap, and frees it afterwards. */
export function withText(core, input, fn) {
  const [ptr, length] = toHeap(core, input);
  try {
    return fn(ptr, length);
  } finally {
    core._free(ptr);
  }
}

/**
 * One engine inside the module: the plain exports of wasm/bindings.cpp, each called with the handle's address
 * (wasm/wire.md, "Entry points"). The conflict maps answer a Uint32Array, or for refused arguments a number, the
 * length of the errors answer.
 */
export class EngineHandle {
  #core;
  #at;

  constructor(core) {
    this.#core = core;
    this.#at = core._slotfit_new();
  }

  address() { return this.#at; }
  textAddress() { return this.#core._slotfit_text_address(this.#at); }
  codesAddress() { return this.#core._slotfit_codes_address(this.#at); }
  joinsAddress() { return this.#core._slotfit_joins_address(this.#at); }
  load(address, length) { return this.#core._slotfit_load(this.#at, address, length); }
  conflictText(index) { return this.#core._slotfit_conflict_text(this.#at, index); }
  candidateErrors(student, day, start, minutes, ignore) {
    return this.#core._slotfit_candidate_errors(this.#at, student, day, start, minutes, ignore);
  }
  conflictMap(student, minutes, ignore) {
    return this.#grid(this.#core._slotfit_conflict_map(this.#at, student, minutes, ignore));
  }
  conflictMapForSession(session) { return this.#grid(this.#core._slotfit_conflict_map_for_session(this.#at, session)); }
  conflictMapGroup(session) { return this.#grid(this.#core._slotfit_conflict_map_group(this.#at, session)); }
  describeGroup(session, day, start) { return this.#core._slotfit_describe_group(this.#at, session, day, start); }
  groups() { return this.#core._slotfit_groups(this.#at); }
  autoSchedule(address, length) { return this.#core._slotfit_auto_schedule(this.#at, address, length); }
  applyChanges(address, length) { return this.#core._slotfit_apply_changes(this.#at, address, length); }
  suggest(address, length) { return this.#core._slotfit_suggest(this.#at, address, length); }
  rowsFor(student) { return this.#core._slotfit_rows_for(this.#at, student); }
  stats() { return this.#core._slotfit_stats(this.#at); }

  /** A string, or null for none. */
  setDataVersion(version) {
    const core = this.#core;
    if (version === null) core._slotfit_set_data_version(this.#at, 0, 0);
    else withText(core, version, (ptr, length) => core._slotfit_set_data_version(this.#at, ptr, length));
  }

  /** Frees the engine; the handle is dead afterwards. */
  delete() {
    if (this.#at === 0) throw new Error('slotfit: this EngineHandle is already deleted');
    this.#core._slotfit_delete(this.#at);
    this.#at = 0;
  }

  #grid(answer) {
    const n = answer >>> 0;
    if (n >= REFUSED_GRID) return n - REFUSED_GRID;
    return copyGrid(this.#core, this.#core._slotfit_grid_address(this.#at), n);
  }
}

/** A grid of `length` words at `address`, copied: a view of the heap would die on the next memory growth. */
export function copyGrid(core, address, length) {
  const at = address >>> 2;
  return core.HEAPU32.slice(at, at + length);
}

/** The module's kind, strategy and effort names, comma-separated in the core's order. */
export function moduleNames(core) {
  return {
    kinds: cString(core, core._slotfit_kind_names()),
    strategies: cString(core, core._slotfit_strategy_names()),
    efforts: cString(core, core._slotfit_effort_names()),
  };
}

function cString(core, address) {
  const heap = core.HEAPU8;
  return decoder.decode(heap.subarray(address, heap.indexOf(0, address)));
}

/** Text out: the handle's last answer of `length` bytes, decoded where it lies (HEAPU8 read after the call). */
export function readText(core, handle, length) {
  const address = handle.textAddress();
  return decoder.decode(core.HEAPU8.subarray(address, address + length));
}

export function readJson(core, handle, length) {
  return JSON.parse(readText(core, handle, length));
}

/**
 * The conflict answers of one handle: the conflicts of the row kinds by kind and row, and the others by the
 * number the handle's intern table gave them in its current epoch. Each conflict object is built once and
 * frozen, so the same object comes back every time.
 */
export class ConflictDecoder {
  #kinds;
  #rows;
  #interned = [];
  #epoch = -1;
  #codesAt = 0;

  constructor(kinds) {
    this.#kinds = kinds;
    this.#rows = kinds.map(() => []);
  }

  /** A new payload (or none): every conflict kept belongs to the old one. */
  reset() {
    this.#rows = this.#kinds.map(() => []);
    this.#interned = [];
  }

  /** The conflicts of a describe() answer `count` (neither 0 nor INVALID_ANSWER), read right after the call. */
  read(core, handle, count) {
    if (count >= CODES_MOVED) {
      this.#codesAt = handle.codesAddress() >> 2;
      count -= CODES_MOVED;
    }
    let codes = core.HEAP32;  // read after the call: a memory growth during it replaces the view
    const at = this.#codesAt;
    if (codes[at] !== this.#epoch) {
      this.#epoch = codes[at];
      this.#interned = [];
    }
    const out = new Array(count);
    for (let i = 0; i < count; i += 1) {
      const code = codes[at + 1 + i];
      const kind = code & KIND_MASK;
      const number = code >>> NUMBER_SHIFT;
      const known = (code & INTERNED_BIT) === 0 ? this.#rows[kind] : this.#interned;
      let conflict = known[number];
      if (conflict === undefined) {
        const [message, refId] = readJson(core, handle, handle.conflictText(i));
        conflict = Object.freeze({ kind: this.#kinds[kind], message, refId });
        known[number] = conflict;
        codes = core.HEAP32;  // conflictText() may have grown the memory
      }
      out[i] = conflict;
    }
    return out;
  }
}

/**
 * A grid: one Uint32Array [dayCount, startCount, days…, starts…, kinds…, joins…]; the arrays are views of it.
 * `joins` (one int32 per cell, -1 for none) is left out by grids that carry none (the test probe's echo).
 */
export function unpackGrid(packed) {
  const dayCount = packed[0];
  const startCount = packed[1];
  const cells = dayCount * startCount;
  const kindsAt = 2 + dayCount + startCount;
  const grid = {
    days: new Int32Array(packed.buffer, packed.byteOffset + 8, dayCount),
    starts: new Int32Array(packed.buffer, packed.byteOffset + 8 + 4 * dayCount, startCount),
    kinds: packed.subarray(kindsAt, kindsAt + cells),
  };
  if (packed.length >= kindsAt + 2 * cells) {
    grid.joins = new Int32Array(packed.buffer, packed.byteOffset + 4 * (kindsAt + cells), cells);
  }
  return grid;
}

/** The groups answer: [{id, day, start, end, session_ids, student_ids, group_ref}…]. */
export function groupsOf(answer) {
  return answer.map((g) => ({
    id: g.id, day: g.day, start: g.start, end: g.end, sessionIds: g.session_ids, studentIds: g.student_ids,
    groupRef: g.group_ref,
  }));
}

/** The group conflict answer: [[kind, message, ref | null, student_id | null]…], frozen conflicts. */
export function memberConflictsOf(answer, kindNames) {
  return answer.map(([kind, message, refId, studentId]) => Object.freeze({
    kind: kindNames[kind], message, refId, studentId,
  }));
}

/** The applied answer's "relabelled": [[id, group_ref | null]…]. */
export function relabelledOf(answer) {
  return answer.relabelled.map(([sessionId, groupRef]) => ({ sessionId, groupRef }));
}

/** The load answer's dense-index tables: student id → index, session id → index, and the session slots. */
export function loadTables(answer) {
  const students = new Map();
  answer.students.forEach((id, i) => students.set(id, i));
  const sessions = new Map();
  answer.sessions.forEach((id, i) => {
    if (id !== null) sessions.set(id, i);
  });
  return { students, sessions, sessionIds: answer.sessions };
}

export function statsOf(s) {
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

/** Schedule options (already validated) as the wire's text. */
export function scheduleOptionsText({ strategy, effort, allowIncomplete, timeLimitMs, studentIds }) {
  const request = { strategy, effort, allow_incomplete: allowIncomplete === true };
  if (timeLimitMs != null) request.time_limit_ms = timeLimitMs;
  if (studentIds != null) request.student_ids = Array.from(studentIds, String);
  return JSON.stringify(request);
}

export function scheduleResultOf(r) {
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

/** Suggest options (already validated) as the wire's text; only what places a proposal row crosses. */
export function suggestOptionsText({ studentId, limit, maxMoves, strategy, placements, allowIncomplete }) {
  const request = { student_id: studentId, limit, max_moves: maxMoves, strategy, allow_incomplete: allowIncomplete === true };
  if (placements != null) {
    // The core names a bad row by its path (/placements/3/start_time).
    request.placements = placements.map((row, i) => {
      if (row === null || typeof row !== 'object') throw new TypeError(`slotfit: suggest placements[${i}] is not a row`);
      return {
        id: row.id ?? null, student_id: row.student_id, day_of_week: row.day_of_week, start_time: row.start_time,
        end_time: row.end_time,
      };
    });
  }
  return JSON.stringify(request);
}

export function suggestionsOf(answer) {
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
