// Changes pushed by Supabase Realtime into a loaded OptimizedScheduler.
//
// - The provider's own session rows arrive as row deltas (postgres_changes on schedule_sessions, filtered to
//   provider_id): they go into the engine with applyChanges, with no read; the row's template_version gives the
//   new `t` part of data_version, so a later save is not refused as stale.
// - Everything else the payload is built from (school tables, students, other providers' sessions of shared
//   children) arrives as a bare notice (data_change_notices, INSERT, filtered to provider_id; the migrations
//   write them from triggers, see the README's "Live data"): one revalidation (get_scheduling_data_batch with the
//   known version) answers it. Subscribing to those tables directly would not work: row-level security hides
//   other providers' sessions, and a filter takes one column.
// - Bursts are coalesced: deltas less than `coalesceMs` apart (for at most `maxWaitMs`) make one applyChanges and
//   one 'change' event; revalidation
//   triggers within `revalidateDelayMs` make one call, and a trigger during a call makes exactly one more after it.
// - A dropped connection: supabase-js rejoins by itself; every join after the first revalidates once, so
//   nothing that happened while away is lost.
// - Tabs of one browser share one subscription (tabs.js): the leader forwards what it hears; each tab tells the
//   others of its own saves (rows and the new version), so they need neither a read nor the round trip.
import { TabGroup } from './tabs.js';

export const SESSION_TABLE = 'schedule_sessions';
export const NOTICE_TABLE = 'data_change_notices';

// The columns of a session row the engine and the payload keep (payload v1's sessions).
const SESSION_KEYS = ['id', 'student_id', 'day_of_week', 'start_time', 'end_time', 'service_type', 'delivered_by',
  'assigned_to_sea_id', 'assigned_to_specialist_id', 'status', 'group_ref'];

function sessionRow(row) {
  const out = {};
  for (const key of SESSION_KEYS) out[key] = row[key] ?? null;
  return out;
}

/**
 * One change of a provider's session as the engine takes it: an upsert of a live template, or a removal (a soft
 * or hard delete; a hard delete arrives as a bare id). null for a dated instance, which the payload never holds.
 */
export function sessionChangeOf(event) {
  const row = event.eventType === 'DELETE' ? event.old : event.new;
  if (row == null || row.id == null) return null;
  if (row.session_date != null) return null;
  const who = {
    requestId: row.last_request_id ?? null, updatedBy: row.updated_by ?? null,
    templateVersion: row.template_version == null ? null : Number(row.template_version),
    committedAt: event.commit_timestamp ?? null,
  };
  // A removal of an id the engine does not hold (a row deleted twice) is dropped by the host.
  if (event.eventType === 'DELETE' || row.deleted_at != null) return { op: 'remove', id: row.id, ...who };
  return { op: 'upsert', row: sessionRow(row), ...who };
}

export class LiveSync {
  #host;
  #supabase;
  #providerId;
  #topic;
  #coalesceMs;
  #revalidateDelayMs;
  #tabs = null;
  #channel = null;
  #joins = 0;
  #state = 'starting';
  #ownRequests = new Set();  // request ids of this tab's saves (their answer already applied the rows)
  #tabRequests = new Set();  // request ids other tabs announced as theirs
  #pending = new Map();  // session id -> its latest change: the burst being coalesced
  #flushTimer = null;
  #burstStarted = null;
  #maxWaitMs;
  #revalidateTimer = null;
  #revalidating = null;
  #revalidateAgain = false;
  #reasons = new Set();
  #stopped = false;
  #counts = { deltas: 0, bursts: 0, revalidations: 0, reconnects: 0, forwarded: 0, heardFromTabs: 0 };

  /**
   * host: {applyPushed(changes, templateVersion) (throws PayloadError when a row names an unloaded student),
   *        revalidate(reasons) -> Promise<version>, adopt(message) -> Promise, concerns(notice) -> bool, report(error)}
   */
  constructor(host, {
    supabase, providerId, topic, coalesceMs = 40, maxWaitMs = 250, revalidateDelayMs = 50, shareTabs = true,
  }) {
    this.#host = host;
    this.#supabase = supabase;
    this.#providerId = providerId;
    this.#topic = topic;
    this.#coalesceMs = coalesceMs;
    this.#maxWaitMs = maxWaitMs;
    this.#revalidateDelayMs = revalidateDelayMs;
    if (shareTabs) this.#tabs = new TabGroup(topic, (message) => this.#heard(message));
  }

  start() {
    if (this.#tabs === null) {
      this.#subscribe();
      return;
    }
    this.#state = 'following';
    this.#tabs.start((afterFollowing) => {
      if (this.#stopped) return;
      // A new leader may have missed changes between the old leader's going and its own join.
      if (afterFollowing) this.#requestRevalidation('leader-changed');
      this.#subscribe();
    });
  }

  async stop() {
    this.#stopped = true;
    clearTimeout(this.#flushTimer);
    clearTimeout(this.#revalidateTimer);
    this.#tabs?.stop();
    const channel = this.#channel;
    this.#channel = null;
    this.#state = 'stopped';
    if (channel !== null) {
      await Promise.resolve(this.#supabase.removeChannel?.(channel) ?? channel.unsubscribe?.()).catch(() => {});
    }
    await this.#revalidating?.catch(() => {});
  }

  status() {
    return { state: this.#state, leader: this.#tabs === null ? true : this.#tabs.leader, joins: this.#joins, ...this.#counts };
  }

  /** A save of this tab is about to be sent: its echo is this tab's own. */
  expect(requestId) {
    this.#ownRequests.add(requestId);
    if (this.#ownRequests.size > 500) this.#ownRequests.delete(this.#ownRequests.values().next().value);
  }

  /** A save of this tab was answered: the other tabs take its rows and version without reading. */
  announceSave(requestId, rows, dataVersion) {
    this.#tabs?.post({ type: 'saved', requestId, rows, dataVersion, providerId: this.#providerId });
  }

  #subscribe() {
    if (this.#stopped || typeof this.#supabase.channel !== 'function') {
      this.#state = 'unsupported';
      return;
    }
    let channel = this.#supabase.channel(this.#topic);
    channel = channel.on('postgres_changes',
      { event: '*', schema: 'public', table: SESSION_TABLE, filter: `provider_id=eq.${this.#providerId}` },
      (event) => this.#onSessionEvent(event));
    // INSERT only: Realtime sends DELETE events unfiltered, and the notices' pruning deletes rows.
    channel = channel.on('postgres_changes',
      { event: 'INSERT', schema: 'public', table: NOTICE_TABLE, filter: `provider_id=eq.${this.#providerId}` },
      (event) => this.#onNotice(event));
    this.#channel = channel;
    this.#state = 'joining';
    channel.subscribe((status, error) => {
      if (this.#stopped) return;
      if (status === 'SUBSCRIBED') {
        this.#joins += 1;
        this.#state = 'subscribed';
        if (this.#joins > 1) {
          // Back after a drop: whatever changed meanwhile is found by one revalidation.
          this.#counts.reconnects += 1;
          this.#requestRevalidation('reconnected');
        }
      } else if (status === 'CHANNEL_ERROR' || status === 'TIMED_OUT' || status === 'CLOSED') {
        this.#state = status === 'CLOSED' ? 'closed' : 'reconnecting';
        if (error != null) this.#host.report(error);
      }
    });
  }

  #onSessionEvent(event) {
    this.#tabs?.post({ type: 'event', event });
    this.#counts.forwarded += this.#tabs?.leader ? 1 : 0;
    this.#takeSessionEvent(event);
  }

  #takeSessionEvent(event) {
    const change = sessionChangeOf(event);
    if (change === null) return;
    this.#counts.deltas += 1;
    const id = change.op === 'remove' ? change.id : change.row.id;
    this.#pending.set(id, change);
    // Realtime sends one message per row: wait until the rows stop coming for coalesceMs (at most maxWaitMs).
    const now = Date.now();
    this.#burstStarted ??= now;
    clearTimeout(this.#flushTimer);
    const wait = Math.max(0, Math.min(this.#coalesceMs, this.#burstStarted + this.#maxWaitMs - now));
    this.#flushTimer = setTimeout(() => this.#flush(), wait);
  }

  #byOf(change) {
    if (change.requestId != null && this.#ownRequests.has(change.requestId)) return 'this-tab';
    if (change.requestId != null && this.#tabRequests.has(change.requestId)) return 'another-tab';
    if (change.updatedBy != null && change.updatedBy === this.#providerId) return 'another-tab';
    return 'someone-else';
  }

  #flush() {
    this.#flushTimer = null;
    this.#burstStarted = null;
    if (this.#stopped || this.#pending.size === 0) return;
    const burst = [...this.#pending.values()];
    this.#pending.clear();
    this.#counts.bursts += 1;
    // This tab's own saves were applied from their answers; their echoes change nothing.
    const changes = burst.map((change) => ({ ...change, by: this.#byOf(change) })).filter((c) => c.by !== 'this-tab');
    if (changes.length === 0) return;
    const versions = changes.map((c) => c.templateVersion).filter((v) => Number.isInteger(v));
    try {
      const outcome = this.#host.applyPushed(changes, versions.length === 0 ? null : Math.max(...versions));
      // A session of a student not loaded here is one at another school: busy time here, which a read shows.
      if (outcome?.revalidate) this.#requestRevalidation('session-elsewhere');
    } catch (error) {
      // A row the engine cannot take (a student it has not loaded): read what changed instead.
      this.#host.report(error);
      this.#requestRevalidation('delta-refused');
    }
  }

  // The followers hear of it from the leader's 'revalidated' message: one read serves every tab.
  #onNotice(event) {
    const notice = event.new ?? {};
    if (!this.#host.concerns(notice)) return;
    this.#requestRevalidation({ p: 'provider', s: 'school', c: 'children' }[notice.part] ?? 'notice');
  }

  #requestRevalidation(reason) {
    if (this.#stopped) return;
    this.#reasons.add(reason);
    if (this.#revalidating !== null) {
      this.#revalidateAgain = true;
      return;
    }
    this.#revalidateTimer ??= setTimeout(() => this.#revalidate(), this.#revalidateDelayMs);
  }

  #revalidate() {
    this.#revalidateTimer = null;
    if (this.#stopped) return;
    const reasons = [...this.#reasons];
    this.#reasons.clear();
    this.#counts.revalidations += 1;
    this.#revalidating = Promise.resolve()
      .then(() => this.#host.revalidate(reasons))
      .then((version) => {
        if (version != null) this.#tabs?.post({ type: 'revalidated', dataVersion: version, reasons });
      })
      .catch((error) => {
        if (!this.#stopped) this.#host.report(error);
      })
      .finally(() => {
        this.#revalidating = null;
        if (this.#revalidateAgain) {
          this.#revalidateAgain = false;
          this.#requestRevalidation('changed-during-revalidation');
        }
      });
  }

  // A message from another tab of this browser.
  #heard(message) {
    if (message == null || typeof message !== 'object') return;
    this.#counts.heardFromTabs += 1;
    if (message.type === 'event' && !this.#tabs.leader) {
      this.#takeSessionEvent(message.event);
    } else if (message.type === 'saved' && message.providerId === this.#providerId) {
      this.#tabRequests.add(message.requestId);
      this.#host.adopt({ kind: 'saved', rows: message.rows, dataVersion: message.dataVersion, requestId: message.requestId })
        .catch((error) => this.#host.report(error));
    } else if (message.type === 'revalidated') {
      this.#host.adopt({ kind: 'revalidated', dataVersion: message.dataVersion, reasons: message.reasons })
        .catch((error) => this.#host.report(error));
    }
  }
}
