// The Engine class: a JS object that owns one EngineHandle inside the shared wasm module.
//
// Ids never cross into wasm on the hot path: the JS side keeps dense-index maps (built from the tables the
// module returns on load and on changes), and check() sends five integers. How values cross is wire.js
// (specified in wasm/wire.md); this file validates arguments and keeps the maps.
import { CONFLICT_KINDS, EFFORTS, loadCore, STRATEGIES } from './core.js';
import { EngineDisposedError, PayloadError } from './errors.js';
import { toMinutes } from './time.js';
import { warmUpPayload } from './warm-up.js';
import {
  ConflictDecoder, EngineHandle, groupsOf, INVALID_ANSWER, INVALID_CANDIDATE, isInt32, JOINS_GROUP, loadTables,
  memberConflictsOf, readJson, relabelledOf, scheduleOptionsText, scheduleResultOf, statsOf, suggestionsOf, suggestOptionsText,
  unpackGrid, withText,
} from './wire.js';

export { toMinutes };

const MAX_SUGGEST_MOVES = 2;              // the core's kMaxSuggestMoves
const MAX_INT32 = 2 ** 31 - 1;            // suggest's limit crosses as JSON, and the core reads it into an int
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

const constructing = Symbol('constructing');

/** See index.d.ts for the contract. */
export class Engine {
  #core;
  #handle;
  #studentIndex = new Map();
  #sessionIndex = new Map();
  #sessionIds = [];
  // Every conflict object built since the last load, shared by every answer (frozen). applyChanges leaves them:
  // row conflicts come from constraint rows, which it never changes, and the others are keyed by their text.
  #conflicts = new ConflictDecoder(CONFLICT_KINDS);
  #joinsAt = 0;  // where describe() leaves the group a candidate joins (an int32 index into HEAP32)
  // The hover path's plain wasm exports (wasm/wire.md), called with the handle's address.
  #address = 0;
  #checkExport = null;
  #describeExport = null;
  // groups() as of the last load or change, and the joins answers made from it, by group and dragged session.
  #groups = null;
  #joins = new Map();

  constructor(core, token) {
    if (token !== constructing) throw new TypeError('slotfit: use createEngine() to make an Engine');
    this.#core = core;
    this.#handle = new EngineHandle(core);
    this.#joinsAt = this.#handle.joinsAddress() >> 2;
    this.#address = this.#handle.address();
    this.#checkExport = plainExport(core, '_slotfit_check', this.#address);
    this.#describeExport = plainExport(core, '_slotfit_describe', this.#address);
    registry?.register(this, this.#handle, this);
  }

  static create(core) {
    return new Engine(core, constructing);
  }

  // Sends `text` (text in), answers the handle's JSON answer (text out).
  #call(handle, text, fn) {
    return readJson(this.#core, handle, withText(this.#core, text, fn));
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
    const answer = this.#call(handle, input, (ptr, length) => handle.load(ptr, length));
    if (answer.errors.length > 0) throw new PayloadError(answer.errors);
    const { students, sessions, sessionIds } = loadTables(answer);
    this.#studentIndex = students;
    this.#sessionIndex = sessions;
    this.#sessionIds = sessionIds;
    this.#conflicts.reset();
    this.#forgetGroups();
    return statsOf(answer.stats);
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
    this.#live();
    const student = this.#student(c.studentId);
    const start = isInt32(c.start) ? c.start : startOf('checkKinds', c.start);
    const ignore = c.ignoreSessionId == null ? -1 : this.#session(c.ignoreSessionId);
    const { day, minutes } = c;
    if (!isInt32(day) || !isInt32(minutes)) throw notInt32('checkKinds', isInt32(day) ? { minutes } : { day });
    const mask = this.#checkExport(this.#address, student, day, start, minutes, ignore) >>> 0;
    if (mask >= INVALID_CANDIDATE) throw this.#invalidCandidate(student, day, start, minutes, ignore);
    return mask;
  }

  check(c) {
    if (c != null && c.groupOf != null) return this.#checkGroup(c);
    const handle = this.#live();
    const student = this.#student(c.studentId);
    const start = isInt32(c.start) ? c.start : startOf('check', c.start);
    const ignore = c.ignoreSessionId == null ? -1 : this.#session(c.ignoreSessionId);
    const { day, minutes } = c;
    if (!isInt32(day) || !isInt32(minutes)) throw notInt32('check', isInt32(day) ? { minutes } : { day });
    const answer = this.#describeExport(this.#address, student, day, start, minutes, ignore) >>> 0;
    if (answer === INVALID_ANSWER) throw this.#invalidCandidate(student, day, start, minutes, ignore);
    const count = answer & ~JOINS_GROUP;
    const out = count === 0 ? [] : this.#conflicts.read(this.#core, handle, count);
    // Nearly no candidate joins a group: the flag spares those the heap read and the lookup.
    out.joins = count === answer ? null : this.#joinsOf(this.#core.HEAP32[this.#joinsAt], c.ignoreSessionId);
    return out;
  }

  // The hover path's answer says only that the candidate was refused; the core says which argument, and why.
  #invalidCandidate(student, day, start, minutes, ignore) {
    const handle = this.#handle;
    const answer = readJson(this.#core, handle, handle.candidateErrors(student, day, start, minutes, ignore));
    return refusedArguments(`no such candidate (day ${day}, start ${start}, ${minutes} minutes)`, answer.errors);
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
    const start = isInt32(c.start) ? c.start : startOf('check', c.start);
    if (!isInt32(c.day)) throw notInt32('check', { day: c.day });
    const answer = readJson(this.#core, handle, handle.describeGroup(session, c.day, start));
    if (!Array.isArray(answer)) {
      const move = `session ${JSON.stringify(c.groupOf)} to day ${c.day}, start ${start}`;
      throw refusedArguments(`no such group move (${move})`, answer.errors);
    }
    return memberConflictsOf(answer, CONFLICT_KINDS);
  }

  conflictMap(query) {
    const handle = this.#live();
    let packed;
    let what;
    if (query != null && query.groupOf != null) {
      what = `no conflict map for the group of session ${JSON.stringify(query.groupOf)}`;
      packed = handle.conflictMapGroup(this.#session(query.groupOf));
    } else if (query != null && query.sessionId != null) {
      what = `no conflict map for session ${JSON.stringify(query.sessionId)}`;
      packed = handle.conflictMapForSession(this.#session(query.sessionId));
    } else if (query != null && query.studentId != null) {
      const minutes = query.minutes;
      // The core refuses minutes outside 1-1440 itself, with code and path.
      if (!isInt32(minutes)) throw notInt32('conflictMap', { minutes });
      const ignore = query.ignoreSessionId == null ? -1 : this.#session(query.ignoreSessionId);
      what = `no conflict map for student ${JSON.stringify(query.studentId)} and ${minutes} minutes`;
      packed = handle.conflictMap(this.#student(query.studentId), minutes, ignore);
    } else {
      throw new TypeError('slotfit: conflictMap takes {sessionId}, {studentId, minutes} or {groupOf}');
    }
    // A number instead of a grid: the core refused the query; the number is its errors answer's length.
    if (typeof packed === 'number') throw refusedArguments(what, readJson(this.#core, handle, packed).errors);
    return unpackGrid(packed);
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
    const text = scheduleOptionsText({ strategy, effort, allowIncomplete, timeLimitMs, studentIds });
    return scheduleResultOf(this.#call(handle, text, (ptr, length) => handle.autoSchedule(ptr, length)));
  }

  suggest(options) {
    const handle = this.#live();
    if (options === null || typeof options !== 'object') {
      throw new TypeError('slotfit: suggest takes {studentId, limit?, maxMoves?, strategy?, placements?}');
    }
    const { studentId, limit = 5, maxMoves = 2, strategy = 'balanced', placements, allowIncomplete = false } = options;
    if (typeof studentId !== 'string') throw new TypeError('slotfit: suggest needs a studentId (a string)');
    this.#student(studentId);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_INT32) {
      throw new TypeError(`slotfit: suggest limit must be a whole number 1-${MAX_INT32}, got ${JSON.stringify(limit)}`);
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
    const text = suggestOptionsText({ studentId, limit, maxMoves, strategy, placements, allowIncomplete });
    const answer = this.#call(handle, text, (ptr, length) => handle.suggest(ptr, length));
    if (answer.errors.length > 0) throw new PayloadError(answer.errors);
    return suggestionsOf(answer);
  }

  rowsFor(query) {
    const handle = this.#live();
    if (query === null || typeof query !== 'object' || typeof query.studentId !== 'string') {
      throw new TypeError('slotfit: rowsFor takes {studentId} (a string)');
    }
    const answer = readJson(this.#core, handle, handle.rowsFor(this.#student(query.studentId)));
    if (!Array.isArray(answer)) {
      throw refusedArguments(`no rows for student ${JSON.stringify(query.studentId)}`, answer.errors);
    }
    return answer;
  }

  applyChanges(changes) {
    const handle = this.#live();
    if (!Array.isArray(changes)) throw new TypeError('slotfit: applyChanges takes an array of changes');
    const answer = this.#call(handle, JSON.stringify(changes), (ptr, length) => handle.applyChanges(ptr, length));
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
    return { ...this.stats(), relabelled: relabelledOf(answer) };
  }

  setDataVersion(version) {
    const handle = this.#live();
    if (version !== null && typeof version !== 'string') throw new TypeError('slotfit: a data version is a string or null');
    handle.setDataVersion(version);
  }

  stats() {
    const handle = this.#live();
    return statsOf(readJson(this.#core, handle, handle.stats()));
  }

  groups() {
    const handle = this.#live();
    return groupsOf(readJson(this.#core, handle, handle.groups()));
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
    this.#conflicts.reset();
    this.#forgetGroups();
    handle.delete();
  }

  [disposeSymbol]() {
    this.dispose();
  }
}

// A wasm export as the function the module exports: the glue's first call through Module._name swaps its wrapper
// (which spreads `arguments` on every call) for the export itself. The call made here is harmless: an engine with
// nothing loaded refuses every candidate.
function plainExport(core, name, address) {
  core[name](address, -1, 0, 0, 0, -1);
  return core[name];
}

// An integer argument that would not reach wasm as it is (wire.js isInt32), refused before the call as the core
// refuses one: `{name: value}` is the argument, and the path names it as the core would.
function notInt32(call, argument) {
  const [[name, value]] = Object.entries(argument);
  const found = typeof value === 'string' ? JSON.stringify(value) : String(value);
  return refusedArguments(call, [{
    code: 'invalid-argument', path: `/${name}`,
    message: `expected a whole number from ${-MAX_INT32 - 1} to ${MAX_INT32}, found ${found}`,
  }]);
}

// A start that is no int32: "HH:MM" text, else refused as notInt32 (a number outside the int32 range, or not whole);
// text that is no time is refused as every other argument is, with code and path.
function startOf(call, start) {
  if (typeof start === 'number') throw notInt32(call, { start });
  try {
    return toMinutes(start);
  } catch (error) {
    error.code = 'invalid-argument';
    error.path = '/start';
    throw error;
  }
}

// The core refused a query's arguments (invalid-argument, or not-loaded): the RangeError check() raises for a
// candidate outside the day, saying what was asked and, in the core's words, which argument is wrong.
function refusedArguments(what, errors) {
  const [first] = errors;
  const error = new RangeError(`slotfit: ${what}: ${first.path === '' ? '' : `${first.path}: `}${first.message}`);
  error.code = first.code;
  error.path = first.path;
  return error;
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
