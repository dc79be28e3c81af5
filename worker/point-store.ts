/**
 * Points held in WebAssembly memory as float32 columns: 8 bytes a point, 12 with weights (no
 * weight column is kept while every weight is 1). Appends add a chunk instead of reallocating,
 * so appending never copies what is already held and holds exactly what it needs; many small
 * chunks are merged once they pile up.
 */
import type { LinearHeap } from './heap.js';
import type { PointColumns } from './api.js';
import { HeatlensError } from './errors.js';

export interface Chunk {
  xs: number;
  ys: number;
  /** 0 when every weight in the chunk is 1. */
  ws: number;
  count: number;
}

/** Beyond this many chunks, appends merge the chunks (binned ones together, the rest together). */
const MAX_CHUNKS = 32;

type Column = ArrayLike<number> & { length: number };

export function checkColumns(points: PointColumns | undefined, what = 'points'): number {
  if (!points || typeof points !== 'object') throw new HeatlensError('invalid-points', `${what} must be an object {x, y, w?} of typed arrays`);
  const { x, y, w } = points as { x?: Column; y?: Column; w?: Column };
  if (!isColumn(x)) throw new HeatlensError('invalid-points', `${what}.x must be a Float32Array, Float64Array or array of numbers`);
  if (!isColumn(y)) throw new HeatlensError('invalid-points', `${what}.y must be a Float32Array, Float64Array or array of numbers`);
  if (x.length !== y.length) throw new HeatlensError('invalid-points', `${what}.x has ${x.length} values but ${what}.y has ${y.length}`);
  if (w !== undefined && w !== null) {
    if (!isColumn(w)) throw new HeatlensError('invalid-points', `${what}.w must be a Float32Array, Float64Array or array of numbers`);
    if (w.length !== x.length) throw new HeatlensError('invalid-points', `${what}.w has ${w.length} values but ${what}.x has ${x.length}`);
  }
  return x.length;
}

function isColumn(value: unknown): value is Column {
  return ArrayBuffer.isView(value) ? !(value instanceof DataView) : Array.isArray(value);
}

export class PointStore {
  readonly chunks: Chunk[] = [];
  count = 0;

  constructor(
    private readonly heap: LinearHeap,
    private readonly memory: WebAssembly.Memory,
  ) {}

  get bytes(): number {
    let total = 0;
    for (const c of this.chunks) total += c.count * (c.ws ? 12 : 8);
    return total;
  }

  /** Copies the columns into engine memory as a new chunk (float64 input is narrowed once). */
  add(points: PointColumns): void {
    const n = checkColumns(points);
    if (n === 0) return;
    const xs = this.heap.alloc(n * 4);
    const ys = this.heap.alloc(n * 4);
    const ws = points.w ? this.heap.alloc(n * 4) : 0;
    const buffer = this.memory.buffer; // read after allocating: growth replaces the buffer
    new Float32Array(buffer, xs, n).set(points.x);
    new Float32Array(buffer, ys, n).set(points.y);
    if (ws) new Float32Array(buffer, ws, n).set(points.w!);
    this.chunks.push({ xs, ys, ws, count: n });
    this.count += n;
  }

  /**
   * Keeps the chunk count bounded. `binned` chunks at the front are already on a grid; they are
   * merged among themselves so the grid's bookkeeping (how many chunks it has seen) stays true.
   * Returns the new number of binned chunks.
   */
  compact(binned: number): number {
    if (this.chunks.length <= MAX_CHUNKS) return binned;
    const binnedNow = this.merge(0, binned);
    this.merge(binnedNow, this.chunks.length);
    return binnedNow;
  }

  /** Merges chunks [from, to) into one; returns the index just past the merged chunk. */
  private merge(from: number, to: number): number {
    if (to - from < 2) return to;
    const parts = this.chunks.slice(from, to);
    const n = parts.reduce((s, c) => s + c.count, 0);
    const weighted = parts.some((c) => c.ws);
    const xs = this.heap.alloc(n * 4);
    const ys = this.heap.alloc(n * 4);
    const ws = weighted ? this.heap.alloc(n * 4) : 0;
    const f32 = new Float32Array(this.memory.buffer);
    let at = 0;
    for (const c of parts) {
      f32.copyWithin((xs >> 2) + at, c.xs >> 2, (c.xs >> 2) + c.count);
      f32.copyWithin((ys >> 2) + at, c.ys >> 2, (c.ys >> 2) + c.count);
      if (weighted) {
        if (c.ws) f32.copyWithin((ws >> 2) + at, c.ws >> 2, (c.ws >> 2) + c.count);
        else f32.fill(1, (ws >> 2) + at, (ws >> 2) + at + c.count);
      }
      at += c.count;
      this.releaseChunk(c);
    }
    this.chunks.splice(from, to - from, { xs, ys, ws, count: n });
    return from + 1;
  }

  private releaseChunk(c: Chunk): void {
    this.heap.release(c.xs);
    this.heap.release(c.ys);
    if (c.ws) this.heap.release(c.ws);
  }

  dispose(): void {
    for (const c of this.chunks) this.releaseChunk(c);
    this.chunks.length = 0;
    this.count = 0;
  }
}
