// Where the week comes from and where changes go. The sample keeps everything in the page; the Supabase source
// reads once with get_scheduling_data_batch and writes each change with one apply_schedule, through the
// package's OptimizedScheduler.
import { OptimizedScheduler, createEngine } from '../js/index.js';
import { hhmmss } from './model.js';

/** The columns the engine takes; the override columns are the database's business. */
function engineRow(row) {
  const { has_conflict: _c, conflict_reason: _r, ...rest } = row;
  return rest;
}

function upsertRow(payload, row) {
  const i = payload.sessions.findIndex((s) => s.id === row.id);
  if (i < 0) payload.sessions.push(engineRow(row));
  else payload.sessions[i] = engineRow(row);
}

/** A new template as the write-back expects it (rules: service type = role; SEA rows assigned to the provider). */
export function newSessionRow(payload, { id, studentId, day, start, minutes }) {
  const role = payload.provider?.role ?? 'provider';
  const sea = role === 'sea';
  return {
    id,
    student_id: studentId,
    day_of_week: day,
    start_time: hhmmss(start),
    end_time: hhmmss(start + minutes),
    service_type: role,
    delivered_by: sea ? 'sea' : 'provider',
    assigned_to_sea_id: sea ? payload.provider.id : null,
    assigned_to_specialist_id: null,
    status: 'active',
    group_ref: null,
  };
}

export class SampleSource {
  mode = 'sample';

  constructor(payload, engine, { fetchMs = 0 } = {}) {
    this.payload = payload;
    this.engine = engine;
    this.reads = 1;   // the sample file stands in for the one batch read
    this.writes = 0;  // nothing leaves the page
    this.fetchMs = fetchMs;
  }

  static async open(url) {
    const t0 = performance.now();
    const response = await fetch(url);
    if (!response.ok) throw new Error(`could not load ${url}: HTTP ${response.status}`);
    const bytes = new Uint8Array(await response.arrayBuffer());
    const fetchMs = performance.now() - t0;
    const engine = await createEngine();
    const t1 = performance.now();
    const stats = engine.load(bytes);
    const loadMs = performance.now() - t1;
    const payload = JSON.parse(new TextDecoder().decode(bytes));
    const source = new SampleSource(payload, engine, { fetchMs });
    source.loadStats = { ...stats, jsLoadMs: loadMs };
    return source;
  }

  /** Moves, fills or inserts rows (full session rows, maybe with the override columns). */
  async write(rows) {
    const applied = this.engine.applyChanges(rows.map(engineRow));
    for (const row of rows) upsertRow(this.payload, row);
    // The group label rule may label other sessions too (the members of a group joined, one pulled out).
    for (const { sessionId, groupRef } of applied.relabelled ?? []) {
      const row = this.payload.sessions.find((s) => s.id === sessionId);
      if (row) row.group_ref = groupRef;
    }
    return rows.map((row) => ({ ...row, group_ref: this.payload.sessions.find((s) => s.id === row.id)?.group_ref ?? row.group_ref ?? null }));
  }

  /** Takes rows out again (the undo of an insert). */
  async remove(ids) {
    this.engine.applyChanges(ids.map((id) => ({ op: 'remove', id })));
    const gone = new Set(ids);
    this.payload.sessions = this.payload.sessions.filter((s) => !gone.has(s.id));
  }

  async saveSchedule(result) {
    const rows = result.placements.map((p) => ({ assigned_to_specialist_id: null, group_ref: null, ...p, id: p.id ?? crypto.randomUUID() }));
    return this.write(rows);
  }

  counts() {
    return { reads: this.reads, writes: this.writes, note: 'sample file; changes stay in this page' };
  }

  async dispose() {
    this.engine.dispose();
  }
}

export class SupabaseSource {
  mode = 'supabase';

  constructor({ client, providerId, role, schoolSite, schoolId }) {
    // The payload is kept in IndexedDB between page loads and kept current through Realtime (demo/live.js).
    this.scheduler = new OptimizedScheduler(providerId, role, { supabase: client, realtime: true });
    this.schoolSite = schoolSite || null;
    this.schoolId = schoolId || null;
    this.payload = null;
    this.engine = null;
  }

  async open() {
    const t0 = performance.now();
    const summary = await this.scheduler.initializeContext(this.schoolSite, { schoolId: this.schoolId });
    if (summary.source !== 'rpc') {
      throw new Error('this database has no get_scheduling_data_batch (the data layer fell back to table reads, '
        + 'which it marks incomplete); install the migrations to use the demo with it');
    }
    this.payload = structuredClone(this.scheduler.payload);  // the page edits its copy; the scheduler's is frozen
    this.engine = this.scheduler.engine;
    const m = this.scheduler.getPerformanceMetrics();
    this.fetchMs = m.timings.fetchMs;
    this.loadStats = { ...this.engine.stats(), jsLoadMs: m.timings.parseAndIndexMs };
    this.openMs = performance.now() - t0;
    return summary;
  }

  /**
   * One write per call: a move (or a placeholder filled) through moveSession, which marks an override itself;
   * anything else (a new row, an undo) as rows through save().
   */
  async write(rows, { move = null } = {}) {
    if (move !== null && this.payload.sessions.some((s) => s.id === move.sessionId)) {
      const out = await this.scheduler.moveSession(move.sessionId, { day: move.day, start: move.start, minutes: move.minutes },
        { allowConflict: true });
      upsertRow(this.payload, out.row);
      return [out.row];
    }
    const outcome = await this.scheduler.save({ placements: rows });
    const written = rows.map((row, i) => ({ ...row, id: outcome.ids[i] ?? row.id }));
    for (const row of written) upsertRow(this.payload, row);
    return written;
  }

  /** A row cannot be deleted through apply_schedule: the undo of an insert leaves a placeholder. */
  async remove(ids) {
    const rows = ids.map((id) => {
      const row = this.payload.sessions.find((s) => s.id === id);
      return { ...row, day_of_week: null, start_time: null, end_time: null, status: 'active', has_conflict: false, conflict_reason: null };
    });
    await this.write(rows);
  }

  async saveSchedule(result) {
    const outcome = await this.scheduler.save(result);
    const rows = result.placements.map((p, i) => ({ assigned_to_specialist_id: null, group_ref: null, ...p, id: outcome.ids[i] }));
    for (const row of rows) upsertRow(this.payload, row);
    return rows;
  }

  counts() {
    const q = this.scheduler.getPerformanceMetrics().queries;
    return { reads: q.batch + q.fallback, writes: q.write, note: 'calls to the database' };
  }

  async dispose() {
    await this.scheduler.dispose();
  }
}
