/**
 * The attention kernels (assembly/attention.ts) from the host's side: loading turns raw cursor
 * samples into clean per-session paths in engine memory, once; weighing turns the paths into
 * weighted points for the density stages, again whenever a weighing parameter changes.
 */
import type { AttentionDropped, AttentionParams, AttentionReordered, AttentionSamples } from './api.js';
import type { KernelExports } from './kernels.js';
import type { LinearHeap } from './heap.js';
import type { Chunk } from './point-store.js';
import { checkAttentionSamples } from './attention-request.js';
import { denseSessions } from './scroll-request.js';

/** Clean cursor paths: kept samples in session order, then time order. */
export interface CursorPaths {
  /** f64 ms, f32 px, f32 px: `count` each. */
  ts: number;
  xs: number;
  ys: number;
  count: number;
  /** i32 ×sessions: the end of each session's run (cumulative). */
  ends: number;
  sessions: number;
  /** Samples given, before anything was dropped. */
  given: number;
  dropped: AttentionDropped;
  /** Interleaved with other sessions or out of time order anywhere (the engine sorted). */
  reordered: boolean;
  /** Steps back in time within sessions, in input order (assembly/attention.ts P_STEPS_BACK). */
  stepsBack: AttentionReordered;
  bytes: number;
}

/** Weighted points (a Chunk the bin stage takes as is) and what weighing counted. */
export interface WeighedPoints extends Chunk {
  /** i32 and f64 per session: the end of its points, and its total weight in seconds. */
  ends: number;
  totals: number;
  idleCapped: number;
  /** Samples faster than speedThreshold (weighted by fastWeight). */
  fast: number;
}

// The statistics blocks' sizes: ATTENTION_PREPARE_SLOTS and ATTENTION_WEIGH_SLOTS of assembly/attention.ts.
const PREPARE_SLOTS = 8;
const WEIGH_SLOTS = 2;

/** Copies the samples into engine memory and prepares the clean paths; the raw copy is freed. */
export function loadCursorPaths(kernels: KernelExports, heap: LinearHeap, memory: WebAssembly.Memory, samples: AttentionSamples): CursorPaths {
  const n = checkAttentionSamples(samples);
  const raw: number[] = [];
  const kept: number[] = [];
  const take = (list: number[], offset: number) => (list.push(offset), offset);
  try {
    const sessions = take(raw, heap.alloc(n * 4));
    const ts = take(raw, heap.alloc(n * 8));
    const xs = take(raw, heap.alloc(n * 4));
    const ys = take(raw, heap.alloc(n * 4));
    const buffer = memory.buffer; // read after allocating: growth replaces the buffer
    const sessionCount = denseSessions(samples.session, new Int32Array(buffer, sessions, n));
    new Float64Array(buffer, ts, n).set(samples.ts);
    new Float32Array(buffer, xs, n).set(samples.x);
    new Float32Array(buffer, ys, n).set(samples.y);
    const offsets = take(raw, heap.calloc((sessionCount + 1) * 4));
    const order = take(raw, heap.alloc(n * 4));
    const stats = take(raw, heap.calloc(PREPARE_SLOTS * 8));
    const outT = take(kept, heap.alloc(n * 8));
    const outX = take(kept, heap.alloc(n * 4));
    const outY = take(kept, heap.alloc(n * 4));
    const ends = take(kept, heap.alloc(Math.max(sessionCount, 1) * 4));
    const count = kernels.attentionPrepare(sessions, ts, xs, ys, n, sessionCount, offsets, order, outT, outX, outY, ends, stats);
    const [nonFinite, backwards, duplicate, singleSample, reordered, sessionsKept, stepsBack, sessionsBack] = new Float64Array(memory.buffer, stats, PREPARE_SLOTS);
    return {
      ts: outT, xs: outX, ys: outY, count, ends, sessions: sessionsKept, given: n, reordered: reordered > 0,
      stepsBack: { sessions: sessionsBack, samples: stepsBack },
      dropped: { nonFinite, backwards, duplicate, singleSample, total: nonFinite + backwards + duplicate + singleSample },
      bytes: n * 16 + Math.max(sessionCount, 1) * 4,
    };
  } catch (error) {
    for (const offset of kept) heap.release(offset);
    throw error;
  } finally {
    for (const offset of raw) heap.release(offset);
  }
}

export function releasePaths(heap: LinearHeap, paths: CursorPaths): void {
  for (const offset of [paths.ts, paths.xs, paths.ys, paths.ends]) heap.release(offset);
}

/** One weighted point per sample of the paths (assembly/attention.ts attentionWeigh). */
export function weighPaths(
  kernels: KernelExports, heap: LinearHeap, memory: WebAssembly.Memory, paths: CursorPaths, params: Required<AttentionParams>,
): WeighedPoints {
  const n = Math.max(paths.count, 1);
  const s = Math.max(paths.sessions, 1);
  const points: WeighedPoints = {
    xs: heap.alloc(n * 4), ys: 0, ws: 0, ends: 0, totals: 0, count: 0, idleCapped: 0, fast: 0,
  };
  let stats = 0;
  try {
    points.ys = heap.alloc(n * 4);
    points.ws = heap.alloc(n * 4);
    points.ends = heap.alloc(s * 4);
    points.totals = heap.alloc(s * 8);
    stats = heap.calloc(WEIGH_SLOTS * 8);
    points.count = kernels.attentionWeigh(
      paths.ts, paths.xs, paths.ys, paths.ends, paths.sessions,
      params.idleCap * 1000, params.speedThreshold, params.fastWeight, params.lag,
      points.xs, points.ys, points.ws, points.ends, points.totals, stats,
    );
    [points.idleCapped, points.fast] = new Float64Array(memory.buffer, stats, WEIGH_SLOTS);
    if (params.perSession) kernels.equalizeSessions(points.ws, points.ends, points.totals, paths.sessions);
    return points;
  } catch (error) {
    releasePoints(heap, points);
    throw error;
  } finally {
    if (stats) heap.release(stats);
  }
}

export function releasePoints(heap: LinearHeap, points: WeighedPoints): void {
  for (const offset of [points.xs, points.ys, points.ws, points.ends, points.totals]) if (offset) heap.release(offset);
}
