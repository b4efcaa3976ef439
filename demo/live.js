// Supabase mode, live: what another tab, another device or a colleague changes appears on this page without a
// reload. OptimizedScheduler does the work (payload cache in IndexedDB, Realtime, one revalidation per notice);
// this file turns its 'change' events into the page's state, a short notice naming what moved, a repaint of the
// week being dragged, and the metrics panel's line about the cache.
import { DAY_NAMES } from './model.js';

const WHO = { 'this-tab': 'You', 'another-tab': 'Your other tab', 'someone-else': 'Someone else' };
const NOTICE_MS = 8000;

function noticeElement() {
  let box = document.getElementById('live-notice');
  if (box === null) {
    box = document.createElement('div');
    box.id = 'live-notice';
    box.setAttribute('role', 'status');
    box.setAttribute('aria-live', 'polite');
    box.hidden = true;
    document.body.append(box);
  }
  return box;
}

const place = (p) => (p === null ? 'unscheduled' : `${DAY_NAMES[p.day]} ${p.start}`);

/** "Your other tab moved A.B. Monday 09:00 → Tuesday 10:30" (the first few moves, then how many more). */
export function describeChange(change, payload) {
  const initials = new Map(payload.students.map((s) => [s.id, s.initials]));
  const who = WHO[change.by] ?? 'Someone';
  const moves = change.sessions.map((m) => {
    const name = initials.get(m.studentId) ?? 'a session';
    if (m.op === 'removed') return `removed ${name} (${place(m.from)})`;
    if (m.op === 'added') return `added ${name} ${place(m.to)}`;
    return `moved ${name} ${place(m.from)} → ${place(m.to)}`;
  });
  const parts = (change.tables ?? []).filter((t) => t !== 'schedule_sessions');
  const what = moves.length === 0 ? `changed the ${parts.join(', ') || 'data'} of this school`
    : moves.slice(0, 3).join('; ') + (moves.length > 3 ? ` and ${moves.length - 3} more` : '');
  const also = moves.length > 0 && parts.length > 0 ? ` (and the ${parts.join(', ')})` : '';
  return `${who} ${what}${also}.`;
}

/**
 * Wires a SupabaseSource's scheduler to the page: `refresh()` re-reads the source's payload into the page (the
 * app's renderAll and the drag's repaint). Returns the function that unwires it.
 */
export function attachLive(source, { refresh }) {
  const scheduler = source.scheduler;
  const box = noticeElement();
  let timer = null;
  const off = scheduler.on('change', (change) => {
    source.payload = structuredClone(scheduler.payload);
    refresh(change);
    box.textContent = describeChange(change, source.payload);
    box.dataset.by = change.by;
    box.hidden = false;
    clearTimeout(timer);
    timer = setTimeout(() => {
      box.hidden = true;
    }, NOTICE_MS);
  });
  const offError = scheduler.on('error', (problem) => {
    console.warn(`slotfit ${problem.source}:`, problem.error);
  });
  return () => {
    off();
    offError();
    clearTimeout(timer);
    box.hidden = true;
  };
}

/** Keeps the page's needs-attention marks in step with pushed rows (an override made elsewhere, or undone). */
export function syncAttention(attention, payload) {
  for (const s of payload.sessions) {
    if (s.status === 'needs_attention') {
      if (!attention.has(s.id)) attention.set(s.id, 'marked in the database');
    } else {
      attention.delete(s.id);
    }
  }
}

/** The metrics panel's rows about the live data (Supabase mode only). */
export function liveMetricRows(source) {
  if (source?.mode !== 'supabase') return [];
  const m = source.scheduler.getPerformanceMetrics();
  const rt = m.realtime;
  return [
    ['Cache', `${m.persisted.restores} loaded from the cache (${m.persisted.storage}) · ${m.fullReads} full read${m.fullReads === 1 ? '' : 's'} · `
      + `${m.revalidations} revalidation${m.revalidations === 1 ? '' : 's'} (${m.notModified} not modified) · ${(m.bytesRead / 1024).toFixed(1)} KB read`],
    ['Pushed changes', rt === null ? 'off'
      : `${m.deltasApplied} delta${m.deltasApplied === 1 ? '' : 's'} applied · ${rt.revalidations} revalidation${rt.revalidations === 1 ? '' : 's'} `
        + `on notice · ${rt.state}${rt.leader ? '' : ' (through the leading tab)'}${rt.reconnects > 0 ? ` · ${rt.reconnects} reconnect${rt.reconnects === 1 ? '' : 's'}` : ''}`],
  ];
}
