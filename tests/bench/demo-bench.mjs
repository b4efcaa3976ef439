#!/usr/bin/env node
// The demo's interaction budgets, measured inside the page in headless Chromium (cross-origin isolated, so
// performance.now() is fine-grained):
//
//   drag start → painted week   ≤ 16 ms  (one frame)        sample school and a 200-student payload
//   pointer move → tooltip      ≤ 4 ms   p99
//
// Each input is dispatched at the start of an animation frame, as Chromium delivers pointer input, and
// "painted" is when a message posted from that frame is handled, i.e. after the frame's style, layout and
// paint. So a figure is the page's own work for the input; the wait for the frame to begin is left out.
//
// Two clocks: wall time (performance.now(), what a user waits on this machine) and the renderer main thread's
// CPU time over the same span (thread timestamps of performance.mark in a Chromium trace). On a shared,
// loaded machine the thread is often descheduled, so wall time overstates the page's work; the CPU figure is
// what a quiet machine would show as wall time. Both are printed, with the load average.
//
//   node tests/bench/demo-bench.mjs [--drags 60] [--moves 400] [--json]
import { loadavg } from 'node:os';

import { openBrowser, openDemo, servedPayload } from '../browser/support.mjs';

const BUDGET = { dragStartMs: 16, tooltipP99Ms: 4 };

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? fallback : Number(process.argv[i + 1]);
}
const DRAGS = option('drags', 60);
const MOVES = option('moves', 400);
const WARMUP = 10;
const asJson = process.argv.includes('--json');

// Runs in the page. Drag starts: press on a session, then at the start of the next frame move 6 px (a press
// becomes a drag at 5 px), time until that frame is rendered, cancel, wait a frame. Pointer moves: one drag, then a move per frame to another start of the week.
async function measureInPage({ drags, moves, warmup }) {
  const demo = window.slotfitDemo;
  const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
  const pct = (values, p) => {
    const v = [...values].sort((a, b) => a - b);
    return v[Math.min(v.length - 1, Math.max(0, Math.ceil((p / 100) * v.length) - 1))];
  };
  const sum = (v) => v.reduce((a, b) => a + b, 0);
  // A task right after the current one; the channel is kept reachable so its messages cannot be lost to GC.
  const channel = new MessageChannel();
  const queued = [];
  channel.port1.onmessage = () => queued.shift()();
  window.benchChannel = channel;
  const afterTask = (fn) => {
    queued.push(fn);
    channel.port2.postMessage(0);
  };
  const pointer = (type, target, x, y) => target.dispatchEvent(new PointerEvent(type, {
    bubbles: true, cancelable: true, composed: true, pointerId: 7, pointerType: 'mouse', isPrimary: true, button: 0,
    buttons: type === 'pointerup' ? 0 : 1, clientX: x, clientY: y,
  }));
  // Input at the start of a frame; resolves with [handler ms, handler + rendering ms]. The marks let the node
  // side read the thread's CPU time over the same spans from the trace.
  const atFrameStart = (name, fn) => new Promise((resolve) => requestAnimationFrame(() => {
    performance.mark(`${name}:a`);
    const t0 = performance.now();
    fn();
    const t1 = performance.now();
    performance.mark(`${name}:h`);
    afterTask(() => {
      const t2 = performance.now();
      performance.mark(`${name}:b`);
      resolve([t1 - t0, t2 - t0]);
    });
  }));

  const blocks = [...document.querySelectorAll('#grid .session')];
  const out = { drag: { handler: [], rendered: [], map: [], paint: [] }, tip: { handler: [], rendered: [] } };
  demo.stats.map.reset();
  demo.stats.paint.reset();
  for (let i = 0; i < warmup + drags; i += 1) {
    const block = blocks[(i * 7) % blocks.length];
    block.scrollIntoView({ block: 'nearest' });
    await frame();
    const r = block.getBoundingClientRect();
    // A press is a click until the pointer has moved 5 px (demo/press.js): the press in one frame, then the
    // move that makes it a drag, timed, in the next. That frame also answers the first check and the tooltip.
    pointer('pointerdown', block, r.left + r.width / 2, r.top + 3);
    await frame();
    const [handler, rendered] = await atFrameStart(i >= warmup ? `drag${i}` : 'warm', () => pointer('pointermove', document, r.left + r.width / 2, r.top + 9));
    if (!demo.drag.active) throw new Error('the press did not start a drag');
    if (i >= warmup) {
      out.drag.handler.push(handler);
      out.drag.rendered.push(rendered);
      out.drag.map.push(demo.stats.map.last);
      out.drag.paint.push(demo.stats.paint.last);
    }
    document.dispatchEvent(new PointerEvent('pointercancel', { bubbles: true, pointerId: 7 }));
    await frame();
  }

  // One long drag: every move lands on another start of the week, so every move costs a check.
  const block = blocks[0];
  // The whole grid on screen and away from the viewport's edges, where a drag scrolls the page (drag.js).
  window.scrollTo(0, 0);
  await frame();
  const r = block.getBoundingClientRect();
  pointer('pointerdown', block, r.left + r.width / 2, r.top + 3);
  pointer('pointermove', document, r.left + r.width / 2, r.top + 9);
  await frame();
  const cols = [...document.querySelectorAll('#grid .day')].map((c) => c.getBoundingClientRect());
  const grid = demo.grid;
  const starts = demo.drag.state.map.starts;
  const checksBefore = demo.stats.check.count;
  demo.stats.check.reset();
  const tip = document.getElementById('tooltip');
  for (let i = 0; i < warmup + moves; i += 1) {
    const col = cols[i % cols.length];
    const start = starts[(i * 11) % starts.length];
    const x = col.left + col.width / 2;
    const y = col.top + grid.top(start) + 3;
    if (y < 48 || y > innerHeight - 48) throw new Error(`start ${start} is at y ${y}, inside the auto-scroll edge`);
    // One idle frame first: the previous move's frame has been rendered, so this move may query at once.
    await frame();
    const [handler, rendered] = await atFrameStart(i >= warmup ? `tip${i}` : 'warm', () => pointer('pointermove', document, x, y));
    if (tip.hidden || tip.dataset.start !== String(start)) throw new Error(`tooltip not updated for ${start}`);
    if (i >= warmup) {
      out.tip.handler.push(handler);
      out.tip.rendered.push(rendered);
    }
  }
  const perFrame = demo.drag.perFrame;
  const check = demo.stats.check.summary();
  document.dispatchEvent(new PointerEvent('pointercancel', { bubbles: true, pointerId: 7 }));
  await frame();

  // This browser's floor on this machine: a frame whose only change is one line of text.
  const status = document.getElementById('status');
  const kept = status.textContent;
  for (let i = 0; i < warmup + moves / 2; i += 1) {
    await atFrameStart(i >= warmup ? `floor${i}` : 'warm', () => {
      status.textContent = `measuring ${i}`;
    });
  }
  status.textContent = kept;

  const s = (v) => ({ p50: pct(v, 50), p99: pct(v, 99), max: Math.max(...v), mean: sum(v) / v.length, n: v.length });
  return {
    students: demo.source.payload.students.length,
    sessions: blocks.length,
    cells: grid.rows * grid.days.length,
    crossOriginIsolated,
    dragStart: { rendered: s(out.drag.rendered), handler: s(out.drag.handler), map: s(out.drag.map), paint: s(out.drag.paint) },
    tooltip: { rendered: s(out.tip.rendered), handler: s(out.tip.handler) },
    check: { p50: check.p50, p99: check.p99, n: check.n },
    queries: perFrame.queries,
    frames: perFrame.frames,
    checksBefore,
  };
}

const fmt = (ms) => `${ms.toFixed(2)} ms`;

function stat(values) {
  const v = [...values].sort((a, b) => a - b);
  const at = (p) => v[Math.min(v.length - 1, Math.max(0, Math.ceil((p / 100) * v.length) - 1))];
  return { p50: at(50), p99: at(99), max: v[v.length - 1], mean: v.reduce((a, b) => a + b, 0) / v.length, n: v.length };
}

/** CPU milliseconds of the renderer main thread between the page's `<name>:a` and `<name>:<end>` marks. */
function cpuSpans(events, prefix, end) {
  const tts = new Map();
  for (const e of events) if (e.cat === 'blink.user_timing' && typeof e.tts === 'number') tts.set(e.name, e.tts);
  const out = [];
  for (const [name, t] of tts) {
    if (!name.startsWith(prefix) || !name.endsWith(':a')) continue;
    const stop = tts.get(`${name.slice(0, -2)}:${end}`);
    if (stop !== undefined) out.push((stop - t) / 1000);
  }
  return out;
}

async function traced(page, fn) {
  const cdp = await page.context().newCDPSession(page);
  const events = [];
  cdp.on('Tracing.dataCollected', (e) => events.push(...e.value));
  const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.start', { categories: 'blink.user_timing', transferMode: 'ReportEvents' });
  let value;
  try {
    value = await fn();
  } finally {
    await cdp.send('Tracing.end');
    await complete;
    await cdp.detach();
  }
  return { value, events };
}

async function main() {
  const browser = await openBrowser({ viewport: { width: 1400, height: 1100 } });
  const results = [];
  try {
    const big = await servedPayload(200);
    for (const [name, query] of [['sample school (48 students)', ''], ['generated, 200 students (seed 7)', big.query]]) {
      const page = await openDemo(browser, query);
      try {
        const { value: r, events } = await traced(page, () => page.evaluate(measureInPage, { drags: DRAGS, moves: MOVES, warmup: WARMUP }));
        if (page.problems.length > 0) throw new Error(page.problems.join('\n'));
        const cpu = {
          dragStart: { rendered: stat(cpuSpans(events, 'drag', 'b')), handler: stat(cpuSpans(events, 'drag', 'h')) },
          tooltip: { rendered: stat(cpuSpans(events, 'tip', 'b')), handler: stat(cpuSpans(events, 'tip', 'h')) },
          floor: stat(cpuSpans(events, 'floor', 'b')),
        };
        if (cpu.dragStart.rendered.n !== DRAGS || cpu.tooltip.rendered.n !== MOVES) throw new Error('marks missing from the trace');
        results.push({ name, ...r, cpu });
      } finally {
        await page.close();
      }
    }
  } finally {
    await browser.close();
  }
  if (asJson) {
    process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
    return;
  }
  let failed = false;
  const verdict = (ok) => {
    if (!ok) failed = true;
    return ok ? 'ok' : 'OVER BUDGET';
  };
  const line = (label, x) => `${label} p50 ${fmt(x.p50)}  p99 ${fmt(x.p99)}  max ${fmt(x.max)}`;
  console.log(`demo bench: headless Chromium, ${DRAGS} drag starts and ${MOVES} pointer moves per payload `
    + `(after ${WARMUP} warm-up each); load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} on this machine`);
  for (const r of results) {
    const d = r.dragStart;
    const t = r.tooltip;
    console.log(`\n${r.name}: ${r.sessions} sessions on the grid, ${r.cells} cells painted per drag start`
      + `${r.crossOriginIsolated ? '' : ' (NOT cross-origin isolated: coarse timers)'}`);
    console.log(`  drag start → painted   (budget ${BUDGET.dragStartMs} ms, every sample)`);
    console.log(`    main-thread CPU  ${line('', r.cpu.dragStart.rendered)}   ${verdict(r.cpu.dragStart.rendered.max <= BUDGET.dragStartMs)}`);
    console.log(`    wall clock       ${line('', d.rendered)}   ${d.rendered.max <= BUDGET.dragStartMs ? 'ok' : 'over (wall)'}`);
    console.log(`    of which the handler: CPU p50 ${fmt(r.cpu.dragStart.handler.p50)}, wall p50 ${fmt(d.handler.p50)}`
      + ` (conflictMap p50 ${fmt(d.map.p50)}, canvas drawing p50 ${fmt(d.paint.p50)})`);
    console.log(`  pointer move → tooltip updated: hit-test, engine.check, DOM writes (budget ${BUDGET.tooltipP99Ms} ms p99)`);
    console.log(`    main-thread CPU  ${line('', r.cpu.tooltip.handler)}   ${verdict(r.cpu.tooltip.handler.p99 <= BUDGET.tooltipP99Ms)}`);
    console.log(`    wall clock       ${line('', t.handler)}   ${t.handler.p99 <= BUDGET.tooltipP99Ms ? 'ok' : 'over (wall)'}`);
    console.log(`    engine.check wall p50 ${fmt(r.check.p50)} p99 ${fmt(r.check.p99)} (${r.check.n}); ${r.queries} checks in ${r.frames} frames`);
    console.log(`  pointer move → tooltip rendered (the frame's style, layout, paint too; for reference against ${BUDGET.tooltipP99Ms} ms)`);
    console.log(`    main-thread CPU  ${line('', r.cpu.tooltip.rendered)}`);
    console.log(`    wall clock       ${line('', t.rendered)}`);
    console.log(`  this browser's floor here: a frame changing one line of text costs CPU p50 ${fmt(r.cpu.floor.p50)}, p99 ${fmt(r.cpu.floor.p99)}`);
  }
  if (failed) {
    console.log('\nSome CPU figure is over its budget.');
    process.exitCode = 1;
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 2;
});
