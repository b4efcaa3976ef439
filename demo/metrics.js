// Latency figures kept in the page: the metrics panel shows them and the benchmark reads them.

/** The last `size` samples of one measurement, with percentiles on demand. */
export class Samples {
  constructor(size = 4096) {
    this.buffer = new Float64Array(size);
    this.count = 0;
    this.last = NaN;
  }

  add(ms) {
    this.buffer[this.count % this.buffer.length] = ms;
    this.count += 1;
    this.last = ms;
  }

  values() {
    return this.buffer.slice(0, Math.min(this.count, this.buffer.length)).sort();
  }

  percentile(p) {
    const v = this.values();
    if (v.length === 0) return NaN;
    return v[Math.min(v.length - 1, Math.ceil((p / 100) * v.length) - 1)];
  }

  summary() {
    const v = this.values();
    const at = (p) => (v.length === 0 ? NaN : v[Math.min(v.length - 1, Math.max(0, Math.ceil((p / 100) * v.length) - 1))]);
    return { n: this.count, p50: at(50), p99: at(99), max: v.length === 0 ? NaN : v[v.length - 1], last: this.last };
  }

  reset() {
    this.count = 0;
    this.last = NaN;
  }
}

/**
 * Runs `fn(renderMs)` once the frame that shows the current DOM changes has been rendered: a message posted from
 * the next animation frame callback is handled after that frame's style, layout and paint. `renderMs` is the
 * time from that callback to then: the frame's own work, without the wait for the frame to begin.
 */
export function afterNextPaint(fn) {
  requestAnimationFrame(() => {
    const frameStart = performance.now();
    afterThisTask(() => fn(performance.now() - frameStart));
  });
}

// One channel for the page, held by the module: a channel made per call and referenced by nobody may be
// collected before its message arrives.
const channel = new MessageChannel();
const queued = [];
channel.port1.onmessage = () => queued.shift()?.();

/** Runs `fn` in a task of its own, right after the current one (and after a rendering step it is part of). */
export function afterThisTask(fn) {
  queued.push(fn);
  channel.port2.postMessage(0);
}

export const fmtMs = (ms) => {
  if (!Number.isFinite(ms)) return '–';
  if (ms < 0.1) return `${(ms * 1000).toFixed(0)} µs`;
  if (ms < 10) return `${ms.toFixed(2)} ms`;
  return `${ms.toFixed(1)} ms`;
};
