/**
 * Running the bin and smooth stages on one thread or on several (kernel-pool.ts). The engine
 * (density-engine.ts) decides what to run and caches results; this decides how to split it.
 */
import type { KernelExports } from './kernels.js';
import type { KernelCall, KernelRunner } from './kernel-pool.js';
import type { LinearHeap } from './heap.js';
import type { Chunk } from './point-store.js';

export interface StageContext {
  kernels: KernelExports;
  heap: LinearHeap;
  memory: WebAssembly.Memory;
  runner: KernelRunner;
  scratch: ScratchSpace;
}

export interface GridTarget {
  width: number;
  height: number;
  extent: readonly [number, number, number, number];
  bins: number;
  /** f64 ×3: kept, total weight, dropped (bin2d.ts). */
  stats: number;
}

/**
 * Splitting binning pays only when there are many points per cell: each extra thread needs a
 * zeroed grid of its own, merged afterwards (measured break-even: about a point per cell).
 */
const MIN_POINTS_PER_THREAD = 1 << 18;
const MIN_POINTS_PER_CELL = 2;
/** Smoothing a grid smaller than this is quicker than waking another thread. */
const MIN_PARALLEL_CELLS = 1 << 16;
/**
 * Grids larger than this overflow a core's L2, and points are first sorted into bands of
 * about BAND_BYTES of grid each (partition.ts); fewer points than MIN_PARTITION_POINTS are not
 * worth the two extra passes.
 */
const MIN_PARTITION_GRID_BYTES = 2 << 20;
const MIN_PARTITION_POINTS = 1 << 16;
const BAND_BYTES = 256 << 10;

/** Scratch buffers kept between calls: the shared transposed grid and one strip area a thread. */
export class ScratchSpace {
  private transposed = { offset: 0, bytes: 0 };
  private readonly strips: { offset: number; bytes: number }[] = [];

  constructor(private readonly heap: LinearHeap) {}

  transposedGrid(bytes: number): number {
    return this.reserve(this.transposed, bytes);
  }

  strip(thread: number, bytes: number): number {
    this.strips[thread] ??= { offset: 0, bytes: 0 };
    return this.reserve(this.strips[thread], bytes);
  }

  get bytes(): number {
    return this.transposed.bytes + this.strips.reduce((sum, s) => sum + s.bytes, 0);
  }

  private reserve(slot: { offset: number; bytes: number }, bytes: number): number {
    if (slot.bytes < bytes) {
      if (slot.offset) this.heap.release(slot.offset);
      slot.offset = 0;
      slot.offset = this.heap.alloc(bytes);
      slot.bytes = bytes;
    }
    return slot.offset;
  }
}

/** Bins the chunks onto the grid, split across threads when that pays. */
export function binChunks(ctx: StageContext, grid: GridTarget, chunks: readonly Chunk[]): void {
  const { kernels, heap } = ctx;
  const [x0, y0, x1, y1] = grid.extent;
  const call = (c: Chunk, from: number, count: number, bins: number, stats: number): KernelCall => ({
    kernel: 'binPoints',
    args: [c.xs + 4 * from, c.ys + 4 * from, c.ws ? c.ws + 4 * from : 0, count, bins, grid.width, grid.height, x0, y0, x1, y1, stats],
  });
  const points = chunks.reduce((sum, c) => sum + c.count, 0);
  const cells = kernels.paddedWidth(grid.width) * kernels.paddedHeight(grid.height);
  if (points >= MIN_PARTITION_POINTS && cells * 4 >= MIN_PARTITION_GRID_BYTES) return binByBands(ctx, grid, chunks, points);
  const threads = Math.min(ctx.runner.threads, Math.floor(points / MIN_POINTS_PER_THREAD));
  if (threads < 2 || points < MIN_POINTS_PER_CELL * cells) {
    for (const c of chunks) ctx.runner.run([call(c, 0, c.count, grid.bins, grid.stats)]);
    return;
  }
  // Thread 0 bins onto the grid itself, every other thread onto a zeroed grid of its own.
  const bins = [grid.bins];
  const stats = [grid.stats];
  for (let t = 1; t < threads; t++) {
    bins.push(heap.calloc(cells * 4));
    stats.push(heap.calloc(3 * 8));
  }
  try {
    for (const c of chunks) {
      const parts = splitRange(c.count, threads, 4);
      ctx.runner.run(parts.map(([from, to], t) => call(c, from, to - from, bins[t], stats[t])));
    }
    // Merge: round k adds grid k into the result, every thread taking a band of cells.
    const bands = splitRange(cells, threads, 4);
    for (let k = 1; k < threads; k++) {
      ctx.runner.run(bands.map(([from, to]) => ({ kernel: 'addGrid', args: [grid.bins + 4 * from, bins[k] + 4 * from, to - from] })));
    }
    const f64 = new Float64Array(ctx.memory.buffer);
    for (let k = 1; k < threads; k++) {
      for (let slot = 0; slot < 3; slot++) f64[grid.stats / 8 + slot] += f64[stats[k] / 8 + slot];
    }
  } finally {
    for (let t = 1; t < threads; t++) {
      heap.release(bins[t]);
      heap.release(stats[t]);
    }
  }
}

/**
 * Bins a large grid band by band: a counting sort of the points by band, then bands of one
 * parity at a time, each thread taking a run of bands holding about the same number of points.
 */
function binByBands(ctx: StageContext, grid: GridTarget, chunks: readonly Chunk[], points: number): void {
  const { kernels, heap } = ctx;
  const [x0, y0, x1, y1] = grid.extent;
  const pw = kernels.paddedWidth(grid.width);
  const ph = kernels.paddedHeight(grid.height);
  const bandRows = Math.max(8, Math.floor(BAND_BYTES / (pw * 4)) & ~3);
  const bands = Math.ceil(ph / bandRows);
  const weighted = chunks.some((c) => c.ws !== 0);
  const threads = Math.max(1, Math.min(ctx.runner.threads, Math.floor(points / MIN_POINTS_PER_THREAD)));
  const owned: number[] = [];
  const take = (offset: number) => (owned.push(offset), offset);
  try {
    // Each thread counts and then places its share of every chunk; within a band, thread t's
    // points go after those of threads < t, so no two threads write the same slot.
    const counts = Array.from({ length: threads }, () => take(heap.calloc(4 * (bands + 1))));
    const cursors = Array.from({ length: threads }, () => take(heap.alloc(4 * bands)));
    const offsets = take(heap.alloc(4 * (bands + 1)));
    const xs = take(heap.alloc(4 * points));
    const ys = take(heap.alloc(4 * points));
    const ws = weighted ? take(heap.alloc(4 * points)) : 0;
    const stats = [grid.stats];
    for (let t = 1; t < threads; t++) stats.push(take(heap.calloc(3 * 8)));
    const shares = chunks.map((c) => splitRange(c.count, threads, 4));
    chunks.forEach((c, k) =>
      ctx.runner.run(shares[k].map(([from, to], t) => ({
        kernel: 'countBands',
        args: [c.ys + 4 * from, to - from, grid.height, y0, y1, bandRows, counts[t]],
      }))),
    );
    // Views only after the last allocation: growing the memory replaces its buffer.
    const i32 = new Int32Array(ctx.memory.buffer);
    const perBand = new Int32Array(bands);
    let first = 0;
    for (let b = 0; b < bands; b++) {
      i32[offsets / 4 + b] = first;
      for (let t = 0; t < threads; t++) {
        i32[cursors[t] / 4 + b] = first + perBand[b];
        perBand[b] += i32[counts[t] / 4 + b];
      }
      first += perBand[b];
    }
    i32[offsets / 4 + bands] = first;
    chunks.forEach((c, k) =>
      ctx.runner.run(shares[k].map(([from, to], t) => ({
        kernel: 'scatterBands',
        args: [c.xs + 4 * from, c.ys + 4 * from, c.ws ? c.ws + 4 * from : 0, to - from, grid.height, y0, y1, bandRows, cursors[t], xs, ys, ws],
      }))),
    );
    for (const parity of [0, 1]) {
      ctx.runner.run(
        bandRuns(perBand, parity, threads).map(([from, to], t) => ({
          kernel: 'binBands',
          args: [xs, ys, ws, offsets, from, to, grid.bins, grid.width, grid.height, x0, y0, x1, y1, stats[t]],
        })),
      );
    }
    const f64 = new Float64Array(ctx.memory.buffer);
    for (let t = 1; t < threads; t++) {
      for (let slot = 0; slot < 3; slot++) f64[grid.stats / 8 + slot] += f64[stats[t] / 8 + slot];
    }
  } finally {
    for (const offset of owned) heap.release(offset);
  }
}

/**
 * Splits the bands of one parity (parity, parity + 2, …) into `threads` runs [from, to) with
 * about equal numbers of points; a run may be empty.
 */
export function bandRuns(perBand: ArrayLike<number>, parity: number, threads: number): [number, number][] {
  let total = 0;
  for (let b = parity; b < perBand.length; b += 2) total += perBand[b];
  const runs: [number, number][] = [];
  let from = parity;
  let seen = 0;
  for (let t = 0; t < threads; t++) {
    const target = (total * (t + 1)) / threads;
    let to = from;
    while (to < perBand.length && (t === threads - 1 || seen < target)) {
      seen += perBand[to];
      to += 2;
    }
    runs.push([from, to]);
    from = to;
  }
  return runs;
}

/**
 * Smooths the grid's bins with σ (cells) into `out` (width × height, scaled by `scale`), split
 * across threads by strips when the grid is large. Returns the maximum.
 */
export function smoothBins(ctx: StageContext, grid: GridTarget, out: number, sigmaX: number, sigmaY: number, scale: number): number {
  const { kernels, scratch } = ctx;
  const { width, height } = grid;
  const cells = width * height;
  const stripsY = kernels.stripsAlongY(width);
  const stripsX = kernels.stripsAlongX(height);
  const threads = cells < MIN_PARALLEL_CELLS ? 1 : Math.min(ctx.runner.threads, stripsY, stripsX);
  const transposed = scratch.transposedGrid(kernels.transposedBytes(width, height));
  const stripBytes = kernels.stripScratchBytes(width, height);
  const strips = Array.from({ length: threads }, (_, t) => scratch.strip(t, stripBytes));
  // Scratch may have grown the memory; the offsets stay valid, only JS views would not.
  ctx.runner.run(
    splitRange(stripsY, threads, 1).map(([from, to], t) => ({
      kernel: 'smoothAlongY',
      args: [grid.bins, transposed, width, height, sigmaY, from, to, strips[t]],
    })),
  );
  const peaks = ctx.runner.run(
    splitRange(stripsX, threads, 1).map(([from, to], t) => ({
      kernel: 'smoothAlongX',
      args: [transposed, out, width, height, sigmaX, scale, from, to, strips[t]],
    })),
  );
  return Math.max(...peaks);
}

/** Splits [0, n) into `parts` contiguous ranges whose boundaries are multiples of `align`. */
export function splitRange(n: number, parts: number, align: number): [number, number][] {
  const ranges: [number, number][] = [];
  let from = 0;
  for (let p = 0; p < parts; p++) {
    const to = p === parts - 1 ? n : Math.min(n, Math.ceil((n * (p + 1)) / parts / align) * align);
    ranges.push([from, to]);
    from = to;
  }
  return ranges;
}
