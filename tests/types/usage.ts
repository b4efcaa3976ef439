// Type-level use of the package contract (js/index.d.ts): compiles with `npx tsc -p tests/types`, and each
// expect-error directive below proves that the types refuse one misuse.
import {
  CONFLICT_KINDS, EFFORTS, EngineDisposedError, OptimizedScheduler, PayloadError, STRATEGIES, SchedulerError,
  StaleVersionError, createEngine, createWorkerEngine, formatTime, kindsOf, toMinutes,
} from 'slotfit';
import type {
  AppliedChanges, BatchResult, BindingRow, CheckResult, Conflict, ConflictKind, ConflictMap, Engine, EngineStats, GroupJoin,
  MemberConflict, Payload, PerformanceMetrics, ScheduledGroup, ScheduleResult, SessionChange, SessionGroup, SuggestMove,
  Suggestion, WorkerEngine,
} from 'slotfit';

declare const payload: Payload;
declare const bytes: Uint8Array;
declare const supabase: { rpc(fn: string, args?: object): Promise<{ data: unknown; error: unknown; status: number }>; from(table: string): unknown };

async function engineUse(): Promise<void> {
  const engine: Engine = await createEngine({ wasmUrl: new URL('https://cdn.example/slotfit-core.wasm') });
  const stats: EngineStats = engine.load(payload);
  engine.load(JSON.stringify(payload));
  engine.load(bytes);
  const n: number = stats.students;
  const version: string | null = stats.dataVersion;

  const conflicts: Conflict[] = engine.check({ studentId: 's', day: 1, start: '09:00', minutes: 30 });
  engine.check({ studentId: 's', day: 1, start: 540, minutes: 30, ignoreSessionId: null });
  const bands: BindingRow[] = engine.rowsFor({ studentId: 's' });
  const band = bands[0];
  if (band !== undefined) {
    const minutes: number = band.end - band.start;
    const rowId: string | null = band.id;
    // @ts-expect-error: only the five row kinds bind a student through a row
    const rowKind: 'capacity' = band.kind;
    void minutes; void rowId; void rowKind;
  }
  // @ts-expect-error: rowsFor takes {studentId}, not the id itself
  engine.rowsFor('s');
  const first = conflicts[0];
  if (first !== undefined) {
    const kind: ConflictKind = first.kind;
    const ref: string | null = first.refId;
    void kind; void ref;
    // @ts-expect-error conflicts are read-only (frozen, and shared between answers)
    first.message = 'changed';
    const copy = { ...first, message: 'a copy may change' };
    void copy;
  }
  // Groups: the list, a single drop's join, a whole group's check and map, the label rule's report.
  const groups: SessionGroup[] = engine.groups();
  const members: string[] | undefined = groups[0]?.sessionIds;
  const label: string | null | undefined = groups[0]?.groupRef;
  const single: CheckResult = engine.check({ studentId: 's', day: 1, start: 540, minutes: 30 });
  const joins: GroupJoin | null = single.joins;
  const joinedGroup: number | undefined = joins?.groupId;
  const together: MemberConflict[] = engine.check({ groupOf: 'x', day: 2, start: '10:00' });
  const forWhom: string | null | undefined = together[0]?.studentId;
  const groupMap: ConflictMap = engine.conflictMap({ groupOf: 'x' });
  const joinCell: number | undefined = groupMap.joins[0];
  const applied: AppliedChanges = engine.applyChanges([{ op: 'remove', id: 'x' }]);
  const relabelled: string | null | undefined = applied.relabelled[0]?.groupRef;
  const formed: ScheduledGroup | undefined = engine.autoSchedule().groups[0];
  const formedKey: string | null | undefined = formed?.key;
  const placementLabel: string | null | undefined = engine.autoSchedule().placements[0]?.group_ref;
  void members; void label; void joinedGroup; void forWhom; void joinCell; void relabelled; void formedKey;
  void placementLabel;
  // @ts-expect-error: a single session's conflicts name no member
  const noMember: string | null | undefined = single[0]?.studentId;
  // @ts-expect-error: a group's answer has no joins
  const noJoins = engine.check({ groupOf: 'x', day: 2, start: 600 }).joins;
  // @ts-expect-error: a group move takes no minutes or student (the group has them)
  engine.check({ groupOf: 'x', day: 2, start: 600, minutes: 30 });
  void noMember; void noJoins;

  const mask: number = engine.checkKinds({ studentId: 's', day: 1, start: 540, minutes: 30 });
  const names: ConflictKind[] = kindsOf(mask);

  const map: ConflictMap = engine.conflictMap({ sessionId: 'x' });
  engine.conflictMap({ studentId: 's', minutes: 30 });
  const cell: number | undefined = map.kinds[0];
  const days: Int32Array = map.days;

  const result: ScheduleResult = engine.autoSchedule({ strategy: 'grade-grouped', studentIds: new Set(['a']) });
  const placedId: string | undefined = result.placements[0]?.id;
  const ruled: number | undefined = result.unplaced[0]?.ruledOut['bell-schedule'];
  const thorough = engine.autoSchedule({ effort: 'thorough', timeLimitMs: 500 });
  const bound: number | null = thorough.stats.upperBound;
  const proven: boolean | null = thorough.stats.optimal;
  const why: 'optimal' | 'budget' | 'time-limit' | null = thorough.stats.stoppedBy;
  const efforts: readonly string[] = EFFORTS;

  const options: Suggestion[] = engine.suggest({ studentId: 's', maxMoves: 1, strategy: 'morning-first' });
  const onProposal: Suggestion[] = engine.suggest({ studentId: 's', placements: result.placements, limit: 3 });
  const move: SuggestMove | undefined = onProposal[0]?.moves[0];
  const movedId: string | null | undefined = move?.sessionId;
  const row: number | undefined = move?.placement;
  const at: number | undefined = options[0]?.start;
  void movedId; void row; void at;
  // @ts-expect-error a student id is required
  engine.suggest({ maxMoves: 2 });
  // @ts-expect-error strategies are the four names
  engine.suggest({ studentId: 's', strategy: 'random' });

  const changes: SessionChange[] = [
    { op: 'remove', id: 'x' },
    { id: 'y', student_id: 's', day_of_week: 2, start_time: '09:00', end_time: 570, service_type: 'speech',
      delivered_by: 'provider' },
  ];
  engine.applyChanges(changes);
  engine.setDataVersion('7');
  engine.dispose();
  engine[Symbol.dispose]();

  {
    using scoped = await createEngine();
    scoped.stats();
  }

  // @ts-expect-error: a kind name outside the list
  const wrong: ConflictKind = 'lunch';
  // @ts-expect-error: start must be minutes or text
  engine.check({ studentId: 's', day: 1, start: new Date(), minutes: 30 });
  // @ts-expect-error: strategies are a closed list
  engine.autoSchedule({ strategy: 'random' });
  // @ts-expect-error: efforts are a closed list
  engine.autoSchedule({ effort: 'fastest' });
  // @ts-expect-error: conflictMap needs a session, or a student and minutes
  engine.conflictMap({ studentId: 's' });
  // @ts-expect-error: a remove names only the id
  const badChange: SessionChange = { op: 'remove' };

  void n; void version; void names; void cell; void days; void placedId; void ruled; void bound; void proven; void why; void efforts; void wrong; void badChange;
}

async function errorsUse(engine: Engine): Promise<void> {
  try {
    engine.load('{');
  } catch (error) {
    if (error instanceof PayloadError) {
      const code: string = error.code;
      const path: string = error.path;
      const all: { code: string; path: string; message: string }[] = error.errors;
      void code; void path; void all;
    } else if (error instanceof EngineDisposedError) {
      const code: 'engine-disposed' = error.code;
      void code;
    }
  }
}

async function workerUse(): Promise<void> {
  const engine: WorkerEngine = await createWorkerEngine();
  const stats: EngineStats = await engine.load(payload);
  const conflicts: Conflict[] = await engine.check({ studentId: 's', day: 1, start: 540, minutes: 30 });
  const remoteJoins: GroupJoin | null = (await engine.check({ studentId: 's', day: 1, start: 540, minutes: 30 })).joins;
  const remoteGroup: MemberConflict[] = await engine.check({ groupOf: 'x', day: 1, start: 540 });
  const remoteGroups: SessionGroup[] = await engine.groups();
  void remoteJoins; void remoteGroup; void remoteGroups;
  const suggestions: Suggestion[] = await engine.suggest({ studentId: 's', maxMoves: 2 });
  const rows: BindingRow[] = await engine.rowsFor({ studentId: 's' });
  void suggestions; void rows;
  await engine.dispose();
  await using scoped = await createWorkerEngine();
  await scoped.stats();
  // @ts-expect-error: answers are promises
  const sync: EngineStats = engine.stats();
  void stats; void conflicts; void sync;
}

async function schedulerUse(): Promise<void> {
  const scheduler = new OptimizedScheduler('provider-uuid', 'speech', { supabase, cacheTtlMs: 60_000 });
  const summary = await scheduler.initializeContext('Fictional Elementary', { schoolId: '061899002301' });
  const source: 'rpc' | 'fallback' = summary.source;
  const proposal: BatchResult = await scheduler.scheduleBatch(null, { save: false });
  if (!proposal.saved) {
    const outcome = await scheduler.save(proposal);
    const ids: string[] = outcome.ids;
    void ids;
  }
  const done = await scheduler.scheduleBatch(['student-1', { id: 'student-2' }], { strategy: 'morning-first', effort: 'fast' });
  if (done.saved) {
    const version: string | null = done.dataVersion;
    void version;
  }
  const moved = await scheduler.moveSession('session-1', { day: 3, start: '10:30' }, { allowConflict: false });
  if (moved.saved) {
    const row = moved.row;
    void row;
  } else {
    const why: Conflict[] = moved.conflicts;
    void why;
  }
  await scheduler.unscheduleSession('session-1');
  const metrics: PerformanceMetrics = scheduler.getPerformanceMetrics();
  const writes: number = metrics.queries.write;
  try {
    await scheduler.scheduleBatch();
  } catch (error) {
    if (error instanceof StaleVersionError) {
      const current: string | null = error.currentVersion;
      void current;
    } else if (error instanceof SchedulerError && error.code === 'incomplete-payload') {
      await scheduler.scheduleBatch(null, { allowIncomplete: true });
    }
  }
  // @ts-expect-error: the Supabase client is required
  new OptimizedScheduler('p', 'speech', {});
  void source; void writes;
}

const kinds: readonly ConflictKind[] = CONFLICT_KINDS;
const strategies: readonly string[] = STRATEGIES;
const minutes: number = toMinutes('08:30');
const clock: string = formatTime(minutes, { seconds: true });
// @ts-expect-error formatTime takes minutes, not a time text
formatTime('08:30');
void kinds; void strategies; void minutes;
void engineUse; void errorsUse; void workerUse; void schedulerUse;
