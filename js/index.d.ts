/// <reference lib="esnext.disposable" />
// Disposable, AsyncDisposable, Symbol.dispose and Symbol.asyncDispose come from that lib; referencing it here lets a
// project with lib ["ES2023", "DOM"] (no @types/node, skipLibCheck false) use the package and `using` as it is.

/**
 * slotfit: the scheduling engine of special-education service providers, compiled to WebAssembly, and the
 * Supabase data layer around it.
 *
 * This file is the package's contract; it is written by hand and type-checked against a usage file in the
 * repository's tests (`npx tsc -p tests/types`).
 *
 * @packageDocumentation
 */

// ---------------------------------------------------------------------------------------------------------
// Rule kinds and small helpers
// ---------------------------------------------------------------------------------------------------------

// The named lists are generated from lists/lists.json (node lists/generate.mjs), with the core's header.
import type {
  ConflictKind, Effort, PayloadErrorCode, ScheduleErrorCode, SchedulerErrorCode, Strategy,
} from './generated/lists.js';

export type { ConflictKind, Effort, PayloadErrorCode, ScheduleErrorCode, SchedulerErrorCode, Strategy };

/** Every rule kind, in bit order. */
export declare const CONFLICT_KINDS: readonly ConflictKind[];

/** Every strategy name. */
export declare const STRATEGIES: readonly Strategy[];

/** Every effort name. */
export declare const EFFORTS: readonly Effort[];

/** The kind names whose bits are set in `mask` (a conflict map cell, or {@link Engine.checkKinds}). */
export declare function kindsOf(mask: number): ConflictKind[];

/**
 * A time of day as the API accepts it: minutes since midnight (0–1440), or `"HH:MM"` / `"HH:MM:SS"`
 * (seconds are dropped).
 */
export type TimeInput = number | string;

/**
 * Minutes since midnight from a {@link TimeInput}.
 * @throws RangeError when the value is neither a whole number 0–1440 nor a valid `"HH:MM"`.
 */
export declare function toMinutes(value: TimeInput, what?: string): number;

/**
 * `"HH:MM"` of minutes since midnight, or `"HH:MM:SS"` with `{seconds: true}` (how the database writes a time).
 * @throws RangeError when `minutes` is not a whole number 0–1440.
 */
export declare function formatTime(minutes: number, options?: { seconds?: boolean }): string;

/** A JSON object or array, as far as the types here need to say. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

// ---------------------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------------------

/** One problem the core found; `path` is a JSON pointer into the input (`""` for the whole text). */
export interface CoreError {
  /** Stable, kebab-case. */
  code: string;
  /** JSON pointer, e.g. `/bell_schedules/3/start_time`. */
  path: string;
  /** For a person: what was found and what was expected. */
  message: string;
}

/**
 * A payload (or a change list) the core refused. The engine keeps the state it had before the call.
 * `code`, `path` and `message` describe the first error; `errors` holds every one (at most 100).
 */
export declare class PayloadError extends Error {
  constructor(errors: CoreError[]);
  readonly name: 'PayloadError';
  readonly code: PayloadErrorCode | (string & {});
  readonly path: string;
  readonly errors: CoreError[];
}

/** Any use of an engine (or an `OptimizedScheduler`) after `dispose()`. Thrown before freed memory is touched. */
export declare class EngineDisposedError extends Error {
  readonly name: 'EngineDisposedError';
  readonly code: 'engine-disposed';
}

/**
 * `apply_schedule` refused a save because the provider's schedule changed since the payload was read
 * (SQLSTATE `PT409`). Nothing was written; the scheduler marks its cache stale, so the next call reloads.
 */
export declare class StaleVersionError extends Error {
  readonly name: 'StaleVersionError';
  readonly code: 'stale-version';
  /** The `p_data_version` the save carried, when the database said so. */
  readonly sentVersion: string | null;
  /** The version the schedule is at now, when the database said so. */
  readonly currentVersion: string | null;
}

/** A failure of the Supabase data layer. `details` carries the PostgREST error or the refused result. */
export declare class SchedulerError extends Error {
  readonly name: 'SchedulerError';
  readonly code: SchedulerErrorCode;
  readonly details?: unknown;
}

// ---------------------------------------------------------------------------------------------------------
// Loading the module
// ---------------------------------------------------------------------------------------------------------

/**
 * Where the `.wasm` comes from. Only the first call in a page (or worker) matters: the module is
 * instantiated once and shared by every engine in it.
 *
 * - Browsers and bundlers: nothing to pass; the file is found with
 *   `new URL('./dist/slotfit-core.wasm', import.meta.url)`. Pass `wasmUrl` when it is served elsewhere.
 * - Node ≥ 20.19 and server bundles (the `node` export condition): nothing to pass; the module is embedded in the
 *   Node entry. A `file:` `wasmUrl` is read with `fs`, an `http(s):` one fetched.
 *
 * A module that cannot be loaded rejects with an `Error` naming the URL tried and the option to set.
 */
export interface CoreOptions {
  /** URL of `slotfit-core.wasm` (served as `application/wasm` for streaming compilation). */
  wasmUrl?: string | URL;
  /** The `.wasm` bytes, already fetched or read. */
  wasmBinary?: ArrayBuffer | Uint8Array;
  /** An already compiled `WebAssembly.Module` (e.g. shared with a worker). */
  wasmModule?: object;
}

/** Instantiates (once) and returns the shared wasm module. Mostly useful to start the download early. */
export declare function loadCore(options?: CoreOptions): Promise<unknown>;

/** Options of {@link createEngine}. */
export interface EngineOptions extends CoreOptions {
  /**
   * Schedule a small made-up crowded week once before answering (once per module), so that the first real
   * `autoSchedule` does not pay for the engine's first run (compilation to optimised code, memory growth).
   * Default `false`; the worker engine does it by default, while the page is idle.
   */
  warmUp?: boolean;
}

/** Makes an engine; the first call in a page also instantiates the wasm module. */
export declare function createEngine(options?: EngineOptions): Promise<Engine>;

// ---------------------------------------------------------------------------------------------------------
// Payload and rows
// ---------------------------------------------------------------------------------------------------------

/**
 * The batch payload v1, as `get_scheduling_data_batch` answers it (snake_case, database column names).
 * The engine validates it fully; this type only names the top level.
 */
export interface Payload {
  schema_version: 1;
  generated_at?: string | null;
  data_version?: string | null;
  /** Parts the producer could not read; auto-schedule refuses such a payload unless `allowIncomplete`. */
  incomplete?: string[];
  provider: { id: string; role: string; works_at_multiple_schools: boolean };
  school: { school_id: string | null; school_site: string | null; school_year: string };
  work_days: number[];
  school_hours: object[];
  bell_schedules: object[];
  special_activities: object[];
  students: StudentRow[];
  sessions: SessionRow[];
  protected_times: object[];
  other_provider_sessions: object[];
  provider_busy_times?: object[];
  [key: string]: unknown;
}

/** A `students` row of the payload. */
export interface StudentRow {
  id: string;
  initials: string;
  grade_level: string | null;
  teacher_id: string | null;
  teacher_name: string | null;
  child_id: string | null;
  sessions_per_week: number | null;
  minutes_per_session: number | null;
}

/**
 * A `schedule_sessions` weekly template. Day and times are all set or all `null` (a placeholder).
 * Times are `"HH:MM:SS"` as the database writes them.
 */
export interface SessionRow {
  id: string;
  student_id: string;
  day_of_week: number | null;
  start_time: string | null;
  end_time: string | null;
  service_type: string;
  delivered_by: 'provider' | 'sea' | 'specialist' | (string & {});
  assigned_to_sea_id: string | null;
  assigned_to_specialist_id?: string | null;
  status: 'active' | 'needs_attention' | (string & {});
  group_ref?: string | null;
}

/**
 * A row auto-schedule proposes: a filled placeholder keeps its `id`; a new row has none (the data layer gives it
 * a uuid before the save).
 */
export interface Placement {
  id?: string;
  student_id: string;
  day_of_week: number;
  start_time: string;
  end_time: string;
  service_type: string;
  delivered_by: string;
  assigned_to_sea_id: string | null;
  status: string;
  /** The label of the group it forms or joins (see {@link ScheduledGroup}); `null` when it runs alone. */
  group_ref: string | null;
}

/**
 * Placements that run together (same day, start, end and deliverer), with one another or with sessions already
 * loaded: a group auto-schedule formed or joined. Times are minutes since midnight.
 */
export interface ScheduledGroup {
  day: number;
  start: number;
  end: number;
  /** Indices into `ScheduleResult.placements`. */
  placements: number[];
  /** The members that were already loaded. */
  sessionIds: string[];
  /**
   * A joined group's label; a new group, or an unlabelled one that is joined, gets a new one made from its day,
   * times and members (deterministic, at most 64 characters). Saving the result labels the loaded members too.
   */
  groupRef: string;
  /** The grade or teacher the members share under `grade-grouped` / `teacher-grouped`; otherwise `null`. */
  key: string | null;
}

// ---------------------------------------------------------------------------------------------------------
// The engine
// ---------------------------------------------------------------------------------------------------------

/** What a successful load (and `stats()`) reports. */
export interface EngineStats {
  students: number;
  /** Live templates with a day and time. */
  sessions: number;
  /** Live templates without (null day/time). */
  placeholders: number;
  /** Constraint rows turned into lookup maps. */
  rowsIndexed: number;
  /** Parse and index time of the last successful load, inside wasm. */
  loadMs: number;
  checks: number;
  candidatesEvaluated: number;
  dataVersion: string | null;
  /** What the payload says it could not read (empty for a complete one). */
  incomplete: string[];
}

/** One candidate placement of a student's session. */
export interface Candidate {
  studentId: string;
  /** ISO day of week, Monday = 1 … Sunday = 7. */
  day: number;
  /** Minutes since midnight or `"HH:MM"`. */
  start: TimeInput;
  /** Length in whole minutes. */
  minutes: number;
  /** A session to leave out (the one being dragged). */
  ignoreSessionId?: string | null;
}

/**
 * One rule a candidate breaks: one entry per row hit (lunch and recess are two). Read-only, and frozen by
 * {@link Engine.check}: a conflict with a constraint row (bell schedule, special activity, protected time, other
 * provider, provider busy) is built once per loaded payload and the same object comes back for every candidate
 * that hits that row. Copy it (`{ ...conflict }`) to change it.
 */
export interface Conflict {
  readonly kind: ConflictKind;
  readonly message: string;
  /** The row hit; `null` for off-day, school-hours, capacity, other-provider, and rows without an id. */
  readonly refId: string | null;
}

/** The kinds of {@link BindingRow}: the rules whose rows come from the payload's constraint tables. */
export type RowKind = 'bell-schedule' | 'special-activity' | 'protected-time' | 'other-provider' | 'provider-busy';

/**
 * A constraint row that binds one student ({@link Engine.rowsFor}): what a grid draws behind the week, matched to
 * the student exactly as the rules match it (grade lists, class periods, teacher ids and names, child ids).
 */
export interface BindingRow {
  kind: RowKind;
  /** ISO day of week, Monday = 1 … Sunday = 7. */
  day: number;
  /** Minutes since midnight; the row is `[start, end)`. */
  start: number;
  end: number;
  /** The row's id; `null` for other providers' sessions and busy rows without one. */
  id: string | null;
  /** The row's own name: `"Lunch"`, `"PE"`, `"Mainstreaming"`, `"OT session"`, `"IEP meeting at Other School"`. */
  label: string;
  /** What {@link Engine.check} says of a session that overlaps the row. */
  reason: string;
}


/**
 * A whole group moved to (`day`, `start`): the group `groupOf` is a member of (the session alone when it has none).
 * The start is free only when it is free for every member with all of the group's sessions set aside, and the
 * provider's capacity counts the whole group.
 */
export interface GroupCandidate {
  /** A session of the group (any member). */
  groupOf: string;
  day: number;
  start: TimeInput;
}

/** A conflict of a group answer: also the member it is for. */
export interface MemberConflict extends Conflict {
  /** The member's student; `null` for the kinds that hold for the whole group (off-day, capacity). */
  readonly studentId: string | null;
}

/** The group a single session dropped at the exact day, start and end of an existing group would join. */
export interface GroupJoin {
  /** An index into {@link Engine.groups}. */
  readonly groupId: number;
  /** The members other than the dragged session. */
  readonly sessionIds: readonly string[];
  readonly studentIds: readonly string[];
  readonly groupRef: string | null;
}

/** What {@link Engine.check} answers for a single session: the conflicts, and the group the drop would join. */
export type CheckResult = Conflict[] & { joins: GroupJoin | null };

/**
 * The question of a conflict map: a session (its student and length), a student and a length, or a whole group
 * (see {@link GroupCandidate}).
 */
export type ConflictMapQuery =
  | { sessionId: string }
  | { studentId: string; minutes: number; ignoreSessionId?: string | null }
  | { groupOf: string };

/**
 * Every grid start of the week for one student and length, classified at once. Cell `(d, s)` is
 * `kinds[d * starts.length + s]`; bit `i` set = `CONFLICT_KINDS[i]` breaks; `0` = free.
 * The arrays are JS-owned copies (views of one buffer), safe to keep.
 */
export interface ConflictMap {
  /** ISO days, Monday–Friday plus any other work day (off days flagged, not left out). */
  days: Int32Array;
  /** Start minutes, every grid step across the widest school window. */
  starts: Int32Array;
  kinds: Uint32Array;
  /**
   * Parallel to `kinds`: the group (an index into {@link Engine.groups}) a drop at that start would join (same day,
   * start, end and deliverer), `-1` for none. A group's map leaves out its own group.
   */
  joins: Int32Array;
}

/** Options of {@link Engine.autoSchedule}. */
export interface AutoScheduleOptions {
  strategy?: Strategy;
  /** Only these students (default: the whole caseload). */
  studentIds?: Iterable<string>;
  /** Schedule even when the payload says it is incomplete. */
  allowIncomplete?: boolean;
  /** Default `'default'`. An unknown effort is a `TypeError`. */
  effort?: Effort;
  /**
   * A safety stop on the wall clock, in milliseconds (none by default). Hitting it ends the search early, so
   * the answer then depends on the machine's speed; `stats.stoppedBy` says `'time-limit'`. The bound and the
   * schedule stay valid.
   */
  timeLimitMs?: number;
}

/** A student auto-schedule could not fully place, and why not. */
export interface UnplacedStudent {
  studentId: string;
  needed: number;
  placed: number;
  /** Grid starts looked at. */
  candidates: number;
  /** Per kind: how many candidates it ruled out (a candidate ruled out by two kinds counts under both). */
  ruledOut: Partial<Record<ConflictKind, number>>;
}

/** A proposal; the engine's state is not changed by it. */
export interface ScheduleResult {
  placements: Placement[];
  unplaced: UnplacedStudent[];
  /** Students whose frequency or minutes are null or 0. */
  notConfigured: { studentId: string; reason: string }[];
  /** The groups the placements form or join, by day, start and end. */
  groups: ScheduledGroup[];
  /** Coded: `work-days-missing`, `incomplete-payload`, `unknown-student`, `not-loaded`, `bad-value`. */
  errors: CoreError[];
  stats: {
    candidatesEvaluated: number;
    sessionsNeeded: number;
    sessionsPlaced: number;
    placeholdersFilled: number;
    elapsedMs: number;
    /**
     * Keeping every template of the payload where it is, no legal schedule places more of the needed sessions
     * of the students asked for. `null` only when `errors` stopped scheduling.
     */
    upperBound: number | null;
    /** `sessionsPlaced === upperBound`: no schedule places more. `null` when `upperBound` is. */
    optimal: boolean | null;
    /** Why the search ended; `null` when `errors` stopped scheduling. */
    stoppedBy: 'optimal' | 'budget' | 'time-limit' | null;
    /** Work units the search after construction spent (0 at `'fast'`). */
    searchWork: number;
  };
}

/** Options of {@link Engine.suggest}. */
export interface SuggestOptions {
  studentId: string;
  /** At most this many options (a whole number 1–2147483647); default 5. */
  limit?: number;
  /** Moves of placed sessions an option may need: 0, 1 or 2; default 2. */
  maxMoves?: number;
  /** Orders options with the same moves and moved minutes; default `'balanced'`. */
  strategy?: Strategy;
  /**
   * An auto-schedule proposal (`result.placements`) to answer on top of, without applying it. Its rows count as
   * placed sessions, and may themselves be moved.
   */
  placements?: readonly Placement[];
  /** Answer even when the payload says it is incomplete. */
  allowIncomplete?: boolean;
}

/** A placed session an option moves. Times are minutes since midnight, as in conflict maps. */
export interface SuggestMove {
  /** The session's id; `null` only for a new row of the proposal (see `placement`). */
  sessionId: string | null;
  /** For a row of the proposal: its index in `SuggestOptions.placements`. */
  placement?: number;
  day: number;
  start: number;
  end: number;
}

/**
 * Where one more session of the student fits: at `day`, `start`–`end` (minutes since midnight) once every move is
 * made. `moves: []` means it fits as it is. After the moves, the new session and every moved one are legal, and
 * nothing else changes.
 */
export interface Suggestion {
  day: number;
  start: number;
  end: number;
  moves: SuggestMove[];
}

/**
 * A change to the loaded sessions. `op` defaults to `"upsert"`: a known id moves (replaces) that session,
 * an unknown id adds one. Times may be `"HH:MM[:SS]"` or minutes since midnight.
 */
export type SessionChange =
  | { op: 'remove'; id: string }
  | ({ op?: 'upsert' } & {
    id: string;
    student_id: string;
    day_of_week: number | null;
    start_time: TimeInput | null;
    end_time: TimeInput | null;
    service_type: string;
    delivered_by: string;
    assigned_to_sea_id?: string | null;
    assigned_to_specialist_id?: string | null;
    status?: string;
    group_ref?: string | null;
  });

/**
 * Sessions served together: this provider's placed sessions with the same day, start, end and deliverer
 * (`delivered_by` plus its assignee ids). Times are minutes since midnight.
 */
export interface SessionGroup {
  /** The group's position in the list {@link Engine.groups} returns. */
  id: number;
  day: number;
  start: number;
  end: number;
  /** Two or more, in the order of the loaded sessions. */
  sessionIds: string[];
  /** Parallel to `sessionIds`. */
  studentIds: string[];
  /** The members' stored label (`group_ref`); the one most of them carry when they disagree. */
  groupRef: string | null;
}

/**
 * What {@link Engine.applyChanges} answers: the stats after the changes, and the sessions whose `group_ref` the
 * group label rule set to other than their row said (a session that joins a labelled group takes its label; one
 * pulled out of its group loses it; the members of a group a row names a new label for take it).
 */
export interface AppliedChanges extends EngineStats {
  relabelled: { sessionId: string; groupRef: string | null }[];
}

/**
 * One engine inside the shared wasm module. Not thread-safe; not garbage-collected in a timely way:
 * call {@link Engine.dispose} (or `using engine = await createEngine()`) when done. A `FinalizationRegistry`
 * frees a forgotten engine eventually, as a safety net only.
 *
 * Every method throws {@link EngineDisposedError} after `dispose()`.
 */
export declare class Engine implements Disposable {
  private constructor();

  /** Whether `dispose()` was called. */
  readonly disposed: boolean;
  /** Whether a payload is loaded. */
  readonly loaded: boolean;

  /**
   * Loads a payload: an object, a JSON string, or UTF-8 bytes (`Uint8Array`, the fastest: no re-encoding).
   * Replaces the loaded state only on success.
   * @throws PayloadError with the first error's `code` and `path`; the previous state stays loaded.
   */
  load(payload: Payload | string | Uint8Array | ArrayBuffer): EngineStats;

  /**
   * Every conflict of one candidate; `[]` when it is free. Cheap enough for every pointer move: the call into
   * wasm takes five integers, and objects are built only when something conflicts. The array is new on every
   * call; its conflicts are frozen and may be shared with earlier answers (see {@link Conflict}). Its `joins` is the
   * group a drop at the exact day, start and end of an existing group of the same deliverer would join, else `null`.
   * @throws RangeError for an unknown student or session id, a bad time, or a candidate outside the day. A
   *   `day`, `start` or `minutes` that is not a whole number from -2147483648 to 2147483647 (the integers the wasm
   *   module takes; anything else would wrap, 2 ** 32 + 3 reading as 3) is refused before the call, with
   *   `code: 'invalid-argument'` and `path` `/day`, `/start` or `/minutes`. So is a whole number outside the day
   *   (a day outside 1–7, a start outside 0–1439, a session that would end after 24:00), in the core's words, and a
   *   start text that is no `"HH:MM"` (`path` `/start`).
   */
  check(candidate: Candidate): CheckResult;
  /**
   * The conflicts of a whole group moved together, each naming its member.
   * @throws RangeError for an unknown session, one that is not placed, a day outside 1–7, or a start where the
   *   group leaves the day; the last three carry `code: 'invalid-argument'` and the `path` of the argument
   *   (`/session`, `/day`, `/start`), as the core refused them. So does a `day` or `start` that is not a whole
   *   number from -2147483648 to 2147483647, refused before the call.
   */
  check(candidate: GroupCandidate): MemberConflict[];

  /**
   * The kinds mask of one candidate (`0` = free): {@link Engine.check} without the messages.
   * @throws RangeError as {@link Engine.check} does.
   */
  checkKinds(candidate: Candidate): number;

  /**
   * Every start of the week classified at once, for painting the grid when a drag starts.
   * @throws RangeError for an unknown id or bad minutes; with `code: 'invalid-argument'` and `path` `/session` for
   *   `{groupOf}` a placeholder (a group map needs a placed session), `/minutes` for minutes outside 1–1440 (also
   *   when not a whole number from -2147483648 to 2147483647, refused before the call). Never an empty map for a
   *   refused query.
   */
  conflictMap(query: ConflictMapQuery): ConflictMap;

  /** Proposes placements for the caseload (or some students). Does not change the loaded state. */
  autoSchedule(options?: AutoScheduleOptions): ScheduleResult;

  /**
   * Repair suggestions for one more session of a student: fewest moves first, then fewest minutes moved, then the
   * strategy's order; at most one option per (day, start). Moves may touch any of the provider's placed sessions,
   * each going to its nearest legal grid start. `[]` when nothing fits within `maxMoves`, or when the student needs
   * no more sessions or is not configured. Does not change the loaded state.
   * @throws RangeError for an unknown student; TypeError for bad options; PayloadError for a bad proposal row
   *   (`/placements/i/…`), an incomplete payload without `allowIncomplete`, or missing work days.
   */
  suggest(options: SuggestOptions): Suggestion[];

  /**
   * The bell, special-activity, protected-time, other-provider and provider-busy rows that bind a student: kind
   * by kind (in {@link CONFLICT_KINDS} order), then day by day, each day in payload order. A new array each call.
   * @throws RangeError for an unknown student; TypeError without a `studentId`.
   */
  rowsFor(query: { studentId: string }): BindingRow[];

  /**
   * Applies moved, added and removed sessions, all or nothing, then the group label rule: after the changes,
   * sessions that share day, start, end and deliverer share one label. A label a changed row names (other than the
   * one the session has) wins; otherwise the label the members that stayed carry; otherwise a moved session keeps
   * its own only if every member of its group moved with it. Moving a group is one call with every member.
   * @throws PayloadError (codes as for load, plus `unknown-session`); nothing is applied.
   */
  applyChanges(changes: SessionChange[]): AppliedChanges;

  /** The groups of two or more sessions, ordered by day, start, end and deliverer. */
  groups(): SessionGroup[];

  /** The database's version after a save (the data layer calls this). */
  setDataVersion(version: string | null): void;

  stats(): EngineStats;

  hasStudent(studentId: string): boolean;
  hasSession(sessionId: string): boolean;

  /** Frees the wasm object. Idempotent. */
  dispose(): void;
  [Symbol.dispose](): void;
}

// ---------------------------------------------------------------------------------------------------------
// The worker engine
// ---------------------------------------------------------------------------------------------------------

/** Options of {@link createWorkerEngine}. */
export interface WorkerEngineOptions extends CoreOptions {
  /** As for {@link EngineOptions.warmUp}, but `true` by default: the promise settles after the warm-up. */
  warmUp?: boolean;
  /**
   * A worker already started on `slotfit/worker.js` (module worker). By default one is started with
   * `new Worker(new URL('./worker.js', import.meta.url), { type: 'module' })` (a `worker_threads` Worker under Node).
   */
  worker?: WorkerLike;
}

/** A started worker: a DOM `Worker` (module worker) or a Node `worker_threads` `Worker`. */
export type WorkerLike =
  | { postMessage(message: any): void; terminate(): unknown; addEventListener(type: string, listener: (event: any) => void): void }
  | { postMessage(message: any): void; terminate(): unknown; on(event: string, listener: (...args: any[]) => void): unknown };

/** The {@link Engine} API in a worker: every call answers a promise, so a long auto-schedule never blocks the page. */
export declare class WorkerEngine implements AsyncDisposable {
  private constructor();
  readonly disposed: boolean;
  load(payload: Payload | string | Uint8Array | ArrayBuffer): Promise<EngineStats>;
  check(candidate: Candidate): Promise<CheckResult>;
  check(candidate: GroupCandidate): Promise<MemberConflict[]>;
  checkKinds(candidate: Candidate): Promise<number>;
  conflictMap(query: ConflictMapQuery): Promise<ConflictMap>;
  autoSchedule(options?: Omit<AutoScheduleOptions, 'studentIds'> & { studentIds?: string[] }): Promise<ScheduleResult>;
  applyChanges(changes: SessionChange[]): Promise<AppliedChanges>;
  groups(): Promise<SessionGroup[]>;
  setDataVersion(version: string | null): Promise<void>;
  stats(): Promise<EngineStats>;
  suggest(options: SuggestOptions): Promise<Suggestion[]>;
  rowsFor(query: { studentId: string }): Promise<BindingRow[]>;
  /** Frees the engine and terminates the worker. Idempotent. */
  dispose(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/** Starts a worker with one engine in it. */
export declare function createWorkerEngine(options?: WorkerEngineOptions): Promise<WorkerEngine>;

// ---------------------------------------------------------------------------------------------------------
// The Supabase data layer
// ---------------------------------------------------------------------------------------------------------

/** What the data layer needs of a Supabase client (`@supabase/supabase-js` v2 fits). */
export interface SupabaseLike {
  rpc(fn: string, args?: object): PromiseLike<{ data: any; error: any; status?: number }>;
  from(table: string): any;
  /** supabase-js's Realtime channels: used when `realtime` is on. */
  channel?(name: string, options?: object): any;
  removeChannel?(channel: any): Promise<unknown> | unknown;
  /** supabase-js's auth: a `SIGNED_OUT` event clears the stored payloads of the provider. */
  auth?: { onAuthStateChange?(callback: (event: string, session: unknown) => void): unknown };
}

/**
 * Where payloads are kept between page loads: `{get, set, delete}` on string keys, each may return a promise
 * (a `Map` is one). Values are plain objects with a JSON text inside. A method may throw or reject: the failure
 * is reported (`'error'` event, `fetchErrors`) and the scheduler reads from the database instead.
 */
export interface StorageAdapter {
  get(key: string): unknown;
  set(key: string, value: unknown): unknown;
  delete(key: string): unknown;
  /** Optional: lets sign-out find entries whose index write failed. */
  keys?(): Iterable<string> | Promise<Iterable<string>>;
}

/** Options of the Realtime subscription ({@link OptimizedSchedulerOptions.realtime}). */
export interface RealtimeOptions {
  /** Deltas less than this many milliseconds apart make one `applyChanges` and one `'change'` event; default 40. */
  coalesceMs?: number;
  /** ... for at most this long from the first of them; default 250. */
  maxWaitMs?: number;
  /** Notices within this many milliseconds make one revalidation; default 50. */
  revalidateDelayMs?: number;
  /** Share one subscription among the tabs of a browser (BroadcastChannel + Web Locks); default `true`. */
  shareTabs?: boolean;
}

/** Options of the idle-time prefetch ({@link OptimizedSchedulerOptions.prefetch}). */
export interface PrefetchOptions {
  /** The schools to prefetch; default: the provider's `provider_schools` rows (one table read). */
  schools?: { schoolSite: string | null; schoolId: string | null }[];
  /** At most this many schools (default 3) ... */
  maxSchools?: number;
  /** ... and this many bytes of payload in all (default 2 MiB; the read that crosses it is not stored). */
  maxBytes?: number;
  /** Idle time to wait before starting, and after real work; default 2000 ms. */
  idleDelayMs?: number;
}

/** Who made a pushed change: this tab, another tab or device of the same provider, or anyone else. */
export type ChangeAuthor = 'this-tab' | 'another-tab' | 'someone-else';

/** A session a pushed change or a revalidation moved, added or removed. */
export interface SessionMove {
  id: string;
  studentId: string | null;
  op: 'added' | 'changed' | 'removed';
  /** Where it was and is now (`null`: not placed, or not there). Times `"HH:MM"`. */
  from: { day: number; start: string; end: string } | null;
  to: { day: number; start: string; end: string } | null;
  by: ChangeAuthor;
}

/** The `'change'` event of {@link OptimizedScheduler.on}. */
export interface ChangeEvent {
  /** `push`: session deltas applied with no read; `revalidation`: one read answered a notice or a reconnect;
   * `tab`: another tab of this browser revalidated and this one took its stored copy. */
  source: 'push' | 'revalidation' | 'tab';
  by: ChangeAuthor;
  /** The tables or parts that changed (`schedule_sessions`, or `provider`, `school`, `children`). */
  tables: string[];
  /** Why a revalidation ran (`reconnected`, `school`, …); absent for pushes. */
  reasons?: string[];
  sessions: SessionMove[];
  dataVersion: string | null;
}

/** The `'error'` event: a failure reported instead of thrown. */
export interface LiveErrorEvent {
  source: 'storage' | 'realtime' | 'prefetch';
  operation?: string;
  key?: string;
  error: unknown;
}

/** Options of {@link OptimizedScheduler}. */
export interface OptimizedSchedulerOptions {
  supabase: SupabaseLike;
  /** How long a loaded payload is trusted; default 15 minutes. */
  cacheTtlMs?: number;
  /** An engine to use instead of making one. */
  engine?: Engine;
  /** Options of the engine made otherwise. */
  engineOptions?: EngineOptions;
  /**
   * Run `scheduleBatch`'s auto-schedule in a Web Worker (a `worker_threads` worker under Node), so the page stays
   * responsive while the loaded {@link OptimizedScheduler.engine} keeps answering checks and conflict maps
   * synchronously. `true` starts one with {@link createWorkerEngine} (ended by `dispose()`); a `WorkerEngine` you
   * made is used as it is and stays yours. The worker is loaded with {@link OptimizedScheduler.payload} when behind.
   * Default `false`: auto-schedule runs on the page engine.
   */
  worker?: boolean | WorkerEngine;
  /** The clock (milliseconds), for tests. */
  now?: () => number;
  /**
   * Where the last payload of each (provider, school) is kept between page loads: `'auto'` (default: IndexedDB in
   * browsers, memory elsewhere), `'memory'`, `'indexeddb'`, `false` (nowhere), or an adapter. A start with a
   * stored copy costs one small `not_modified` revalidation instead of a full read.
   */
  storage?: 'auto' | 'memory' | 'indexeddb' | false | StorageAdapter;
  /** A deadline for each read and write; past it the call is abandoned (and aborted) with SchedulerError `timeout`. */
  timeoutMs?: number;
  /** Subscribe to Supabase Realtime after the first load (default `false`). */
  realtime?: boolean | RealtimeOptions;
  /** Prefetch the provider's other schools into the storage when idle (default `false`). */
  prefetch?: boolean | PrefetchOptions;
}

/** What {@link OptimizedScheduler.initializeContext} reports. */
export interface ContextSummary {
  /** `rpc`: one `get_scheduling_data_batch` call; `fallback`: table reads under RLS, marked incomplete. */
  source: 'rpc' | 'fallback';
  incomplete: string[];
  students: number;
  sessions: number;
  placeholders: number;
  dataVersion: string | null;
}

/** The answer of a write (`apply_schedule`). */
export interface SaveOutcome {
  written: number;
  /** The ids written, in row order (new rows: the uuids made on the JS side). */
  ids: string[];
  inserted: number;
  /** Rows written over an existing template (revived removed ones included). */
  updated: number;
  /** `{op: 'remove'}` rows: templates soft-deleted. */
  removed: number;
  /** The schedule's version after the write; the engine already carries it. */
  dataVersion: string | null;
  /** The `p_request_id` sent; `null` when there was nothing to write. */
  requestId: string | null;
}

/**
 * A row of {@link OptimizedScheduler.saveRows}: a removal, or a session row. A session row with a loaded id is
 * merged over that loaded row (so `{id, day_of_week, start_time, end_time}` moves it); one with a new id or no id
 * inserts (a missing id becomes a uuid), and then needs `student_id`, the day and times.
 */
export type SaveRow =
  | { op: 'remove'; id: string }
  | ({ op?: 'upsert'; id?: string } & Partial<Omit<SessionRow, 'id'>> & {
    has_conflict?: boolean;
    conflict_reason?: string | null;
  });

/** Options of {@link OptimizedScheduler.scheduleBatch}. */
export interface ScheduleBatchOptions {
  /** Write the placements (default). With `false`, the proposal is returned for review; `save(result)` writes it. */
  save?: boolean;
  strategy?: Strategy;
  /** Schedule on a fallback (incomplete) payload anyway. */
  allowIncomplete?: boolean;
  /** As for {@link AutoScheduleOptions.effort}. */
  effort?: Effort;
  /** As for {@link AutoScheduleOptions.timeLimitMs}: a safety stop that can change the answer. */
  timeLimitMs?: number;
}

/** A scheduleBatch answer. */
export type BatchResult = ScheduleResult & {
  source: 'rpc' | 'fallback';
  incomplete: string[];
} & ({ saved: false } | ({ saved: true } & SaveOutcome));

/** What {@link OptimizedScheduler.getPerformanceMetrics} reports. */
export interface PerformanceMetrics {
  queries: { total: number; batch: number; fallback: number; write: number };
  /** A hit is a call answered from the loaded engine, with no query. */
  cache: { hits: number; misses: number; hitRate: number };
  candidatesEvaluated: number;
  /** Milliseconds of the last operation of each kind. */
  timings: { fetchMs: number; parseAndIndexMs: number; scheduleMs: number; saveMs: number };
  staleness: { loadedAt: string | null; ageMs: number | null; ttlMs: number; stale: boolean; dataVersion: string | null };
  /** Reads that answered a whole payload (prefetches not counted). */
  fullReads: number;
  /** Reads sent with a known version (`p_known_version`). */
  revalidations: number;
  /** Revalidations answered `not_modified`. */
  notModified: number;
  /** Session rows pushed by Realtime (or another tab) and applied to the engine without a read. */
  deltasApplied: number;
  /** UTF-8 bytes of the read answers (as JSON). */
  bytesRead: number;
  /** The persistent cache: loads restored from it, writes, failures reported. */
  persisted: { storage: 'indexeddb' | 'memory' | 'adapter' | 'none'; restores: number; writes: number; errors: number };
  /** The prefetcher's counts; `null` when prefetch is off or has not started. */
  prefetch: { reads: number; notModified: number; stored: number; bytes: number; cancelled: number; skipped: string | null; errors: number } | null;
  /** The Realtime subscription; `null` when off. */
  realtime: {
    state: 'starting' | 'following' | 'joining' | 'subscribed' | 'reconnecting' | 'closed' | 'stopped' | 'unsupported';
    leader: boolean; joins: number; deltas: number; bursts: number; revalidations: number; reconnects: number;
    forwarded: number; heardFromTabs: number;
  } | null;
  source: 'rpc' | 'fallback' | null;
  incomplete: string[];
  /** Recent fetch errors (the fallback's trigger included), newest last; at most 20. */
  fetchErrors: { at: string; where: string; code: string | null; message: string }[];
}

/**
 * The data layer of one provider: loads the school's payload with one RPC, keeps it in an engine, schedules,
 * and writes with one RPC.
 */
export declare class OptimizedScheduler implements AsyncDisposable {
  constructor(providerId: string, providerRole: string, options: OptimizedSchedulerOptions);

  readonly providerId: string;
  readonly providerRole: string;
  /** The loaded engine (for `check` and `conflictMap` while dragging); `null` before the first load. */
  readonly engine: Engine | null;
  /**
   * The loaded payload with every save since applied (sessions in load order, inserted ones last, removed ones
   * gone) and the current `data_version`. Frozen; a new object after each load or save. `null` before the first load.
   */
  readonly payload: Readonly<Payload> | null;
  /** Whether `dispose()` was called. */
  readonly disposed: boolean;

  /**
   * Chooses the school and loads it: one `get_scheduling_data_batch({p_school_site, p_school_id, p_known_version})`
   * when the cache is cold or stale (with the stored or loaded version: `not_modified` then costs no rows), none
   * when warm. When the function is missing (PostgREST `PGRST202` / 404), reads the tables RLS allows instead and
   * marks the payload incomplete. Then subscribes to Realtime and schedules the prefetch, when asked.
   * @throws SchedulerError (`fetch-failed`, `empty-payload`, `not-linked`, `timeout`), PayloadError.
   */
  initializeContext(schoolSite: string | null, options?: { schoolId?: string | null }): Promise<ContextSummary>;

  /**
   * Auto-schedules the caseload (or the given students) and, unless `save: false`, writes the placements with one
   * `apply_schedule` call.
   * @throws SchedulerError `incomplete-payload` on a fallback payload without `allowIncomplete`;
   *   StaleVersionError; SchedulerError `write-rpc-missing`, `save-failed`, `data-version-unknown`.
   */
  scheduleBatch(students?: Iterable<string | { id: string }> | null, options?: ScheduleBatchOptions): Promise<BatchResult>;

  /**
   * Writes a proposal from `scheduleBatch(…, {save: false})`. Saving the same result again re-sends the same rows
   * and request id, so a retry never writes twice.
   * @throws StaleVersionError (nothing sent) when a change pushed since the proposal was computed moved the
   *   schedule's template version; StaleVersionError from the database; SchedulerError `save-failed`, `timeout`, ….
   */
  save(result: ScheduleResult): Promise<SaveOutcome>;

  /**
   * Moves a session (drag-and-drop). A conflicting drop is written as an override (`status: 'needs_attention'`,
   * `has_conflict`, `conflict_reason`) unless `allowConflict: false`, which returns `{saved: false, conflicts}`.
   */
  moveSession(
    sessionId: string,
    to: { day: number; start: TimeInput; minutes?: number },
    options?: { allowConflict?: boolean },
  ): Promise<{ saved: false; conflicts: Conflict[] } | ({ saved: true; conflicts: Conflict[]; row: SessionRow } & SaveOutcome)>;

  /** Turns a session back into a placeholder (null day and times). */
  unscheduleSession(sessionId: string): Promise<{ saved: true; row: SessionRow } & SaveOutcome>;

  /**
   * Writes rows with one `apply_schedule` call: for undo and redo, inserts and removals. `{op: 'remove', id}`
   * soft-deletes a loaded template; saving a removed id again revives it. Saving the same array again is a retry
   * (same rows, same request id). The engine takes the rows after the write.
   * @throws RangeError when a removal names no loaded session (nothing is written); StaleVersionError;
   *   SchedulerError `write-rpc-missing`, `save-failed`, `data-version-unknown`.
   */
  saveRows(rows: SaveRow[]): Promise<SaveOutcome>;

  /** Forces a revalidation on the next call. */
  invalidateCache(): void;

  /** Deletes every payload stored for this provider (also done on supabase-js's `SIGNED_OUT`). Never throws. */
  clearCache(): Promise<void>;

  /** Listens to pushed changes and revalidations that changed the payload. Returns the function that stops it. */
  on(event: 'change', listener: (change: ChangeEvent) => void): () => void;
  /** Listens to failures reported instead of thrown (storage, Realtime, prefetch). */
  on(event: 'error', listener: (error: LiveErrorEvent) => void): () => void;

  getPerformanceMetrics(): PerformanceMetrics;

  /**
   * Frees the engine and ends the worker this scheduler made; an `engine` or `worker` passed in stays the
   * caller's. Idempotent; afterwards every call throws {@link EngineDisposedError}.
   */
  dispose(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}
