/**
 * Scroll depth on the kernels (assembly/scroll.ts): copies the sample columns into engine
 * memory, runs the two passes, and turns the kernel's counts into the result — shares, means
 * in seconds and the fold's quartiles. Nothing is cached: unlike a density map, a scroll
 * report is computed once per data set, and its cost is one pass over the samples.
 */
import type { ScrollDepthRequest, ScrollDepthResult } from './api.js';
import type { KernelExports } from './kernels.js';
import type { LinearHeap } from './heap.js';
import { checkScrollRequest, denseSessions } from './scroll-request.js';

/**
 * The longest gap between two samples credited as time in view: 30 s. The tracker sends a
 * scroll sample whenever the page moves, so a long silence is either reading or an idle tab.
 * 30 s reads about 120 words — a phone screen of body text — at 238 words a minute, the mean
 * silent reading rate for non-fiction in Brysbaert's meta-analysis ("How many words do we read
 * per minute?", J. Memory and Language 109, 2019). A desktop screen holds more, so the cap errs
 * on the side of cutting long reading short rather than crediting a tab left open for an hour.
 */
export const DEFAULT_IDLE_CAP_S = 30;

/** Slots of the kernel's statistics block (assembly/scroll.ts). */
const STATS_SLOTS = 7;
const now = () => performance.now();

export class ScrollEngine {
  constructor(
    private readonly kernels: KernelExports,
    private readonly heap: LinearHeap,
    private readonly memory: WebAssembly.Memory,
  ) {}

  /**
   * A few short runs so the scroll kernels reach optimised code before the first real call
   * (see DensityEngine.warmUp: WebAssembly swaps in optimised code between calls, never during
   * one). Some sessions are out of order so the sort runs too.
   */
  warmUp(): void {
    const sessions = 4096;
    const per = 6;
    const n = sessions * per;
    const samples = { session: new Int32Array(n), ts: new Float64Array(n), y: new Float32Array(n), vh: new Float32Array(n), dh: new Float32Array(n) };
    for (let i = 0; i < n; i++) {
      const s = Math.floor(i / per);
      samples.session[i] = s;
      samples.ts[i] = (i % per) * 1000 * (s % 7 === 0 ? -1 : 1) + 1e4;
      samples.y[i] = (i % per) * (s % 50) * 20;
      samples.vh[i] = 800;
      samples.dh[i] = 3000 + (s % 13) * 500;
    }
    for (let round = 0; round < 4; round++) this.scrollDepth({ samples, bins: 50 + round, unit: round % 2 ? 'px' : 'percent' });
  }

  scrollDepth(request: ScrollDepthRequest): ScrollDepthResult {
    const started = now();
    const spec = checkScrollRequest(request, DEFAULT_IDLE_CAP_S);
    const { bins, unit } = spec;
    const n = spec.count;
    const { samples } = request;
    const k = this.kernels;
    const blocks: number[] = [];
    const alloc = (bytes: number, zero = false) => {
      const offset = zero ? this.heap.calloc(bytes) : this.heap.alloc(bytes);
      blocks.push(offset);
      return offset;
    };
    try {
      const sessions = alloc(n * 4);
      const ts = alloc(n * 8);
      const ys = alloc(n * 4);
      const vhs = alloc(n * 4);
      const dhs = alloc(n * 4);
      const stats = alloc(STATS_SLOTS * 8, true);
      let buffer = this.memory.buffer; // read after allocating: growth replaces the buffer
      const sessionCount = denseSessions(samples.session, new Int32Array(buffer, sessions, n));
      new Float64Array(buffer, ts, n).set(samples.ts);
      new Float32Array(buffer, ys, n).set(samples.y);
      new Float32Array(buffer, vhs, n).set(samples.vh);
      new Float32Array(buffer, dhs, n).set(samples.dh);

      const copied = now();
      const offsets = alloc((sessionCount + 1) * 4, true);
      const order = alloc(n * 4);
      const kept = k.groupSessions(sessions, ts, ys, vhs, dhs, n, sessionCount, offsets, order, stats);
      const maxDh = new Float64Array(this.memory.buffer, stats, STATS_SLOTS)[1];
      const maxDepth = unit === 'percent' ? 100 : spec.maxDepth ?? maxDh;

      const reach = alloc((bins + 1) * 8, true);
      const partial = alloc(bins * 8, true);
      const diff = alloc((bins + 1) * 8, true);
      const folds = alloc(Math.max(sessionCount, 1) * 8);
      const grouped = now();
      if (kept > 0) {
        k.scrollBins(ts, ys, vhs, dhs, offsets, order, sessionCount, bins, unit === 'percent' ? 1 : 0, maxDepth, spec.idleCap * 1000, reach, partial, diff, folds, stats);
      }
      const binned = now();
      buffer = this.memory.buffer;
      const [dropped, , sessionsSeen, timed, clamped, reordered, foldSum] = new Float64Array(buffer, stats, STATS_SLOTS);
      const reachCounts = new Float64Array(buffer, reach, bins + 1);
      const partialTime = new Float64Array(buffer, partial, bins);
      const diffTime = new Float64Array(buffer, diff, bins + 1);

      const reached = new Float64Array(bins);
      const timeInView = new Float64Array(bins);
      const binEdges = new Float64Array(bins + 1);
      // reached[i]: sessions whose depth passed the starts of more than i bins.
      let beyond = reachCounts[bins];
      for (let i = bins - 1; i >= 0; i--) {
        reached[i] = sessionsSeen > 0 ? beyond / sessionsSeen : 0;
        beyond += reachCounts[i];
      }
      let whole = 0;
      for (let i = 0; i < bins; i++) {
        whole += diffTime[i];
        timeInView[i] = timed > 0 ? (partialTime[i] + whole) / timed / 1000 : 0;
        binEdges[i] = (maxDepth * i) / bins;
      }
      binEdges[bins] = maxDepth;

      const s = sessionsSeen;
      const fold = {
        mean: s > 0 ? foldSum / s : NaN,
        p25: k.quantile7(folds, s, 0.25),
        p50: k.quantile7(folds, s, 0.5),
        p75: k.quantile7(folds, s, 0.75),
      };
      return {
        bins, unit, binEdges, reached, timeInView, fold,
        sessions: s, timedSessions: timed, samples: kept, dropped, clamped, reordered,
        maxDepth, idleCap: spec.idleCap,
        timings: { copy: copied - started, group: grouped - copied, bin: binned - grouped, total: now() - started },
      };
    } finally {
      for (let i = blocks.length - 1; i >= 0; i--) this.heap.release(blocks[i]);
    }
  }
}
