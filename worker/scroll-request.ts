/**
 * Validation of scroll-depth requests, and the one piece of host work on the samples: session
 * identifiers become dense indices 0…S−1, which the kernel's counting sort (assembly/scroll.ts)
 * needs. Integers already dense are written as they are; strings and sparse integers go through
 * a Map. An identifier that is neither (negative, fractional, NaN, an object) becomes −1, and
 * the kernel drops and counts that sample like any other bad one.
 */
import type { DepthUnit, ScrollDepthRequest, ScrollSamples, SessionColumn } from './api.js';
import { HeatlensError } from './errors.js';

export const MAX_SCROLL_BINS = 100_000;

export interface ScrollSpec {
  bins: number;
  unit: DepthUnit;
  maxDepth: number | undefined;
  idleCap: number;
  count: number;
}

type Column = ArrayLike<number> & { length: number };

function isColumn(value: unknown): value is Column {
  return ArrayBuffer.isView(value) ? !(value instanceof DataView) : Array.isArray(value);
}

export function checkScrollRequest(request: ScrollDepthRequest, defaultIdleCap: number): ScrollSpec {
  if (!request || typeof request !== 'object') throw invalid('the scroll-depth request must be an object');
  const { bins, unit = 'percent', maxDepth, idleCap = defaultIdleCap } = request;
  if (!Number.isInteger(bins) || bins < 1 || bins > MAX_SCROLL_BINS) throw invalid(`bins must be an integer from 1 to ${MAX_SCROLL_BINS}, got ${String(bins)}`);
  if (unit !== 'px' && unit !== 'percent') throw invalid(`unit must be 'px' or 'percent', got ${String(unit)}`);
  if (maxDepth !== undefined) {
    if (unit !== 'px') throw invalid(`maxDepth applies to unit 'px' only (percent always covers 0–100)`);
    if (typeof maxDepth !== 'number' || !Number.isFinite(maxDepth) || maxDepth <= 0) throw invalid(`maxDepth must be a positive number of px, got ${String(maxDepth)}`);
  }
  if (typeof idleCap !== 'number' || !Number.isFinite(idleCap) || idleCap <= 0) throw invalid(`idleCap must be a positive number of seconds, got ${String(idleCap)}`);
  return { bins, unit, maxDepth, idleCap, count: checkSamples(request.samples) };
}

function checkSamples(samples: ScrollSamples | undefined): number {
  if (!samples || typeof samples !== 'object') throw badSamples('samples must be an object {session, ts, y, vh, dh} of arrays');
  const n = samples.session?.length;
  if (!isColumn(samples.session)) throw badSamples('samples.session must be an Int32Array, Uint32Array, Float64Array, or an array of numbers or strings');
  for (const key of ['ts', 'y', 'vh', 'dh'] as const) {
    const column = samples[key];
    if (!isColumn(column)) throw badSamples(`samples.${key} must be a Float32Array, Float64Array or array of numbers`);
    if (column.length !== n) throw badSamples(`samples.${key} has ${column.length} values but samples.session has ${n}`);
  }
  return n;
}

/**
 * Writes dense session indices for `column` into `out` (−1 for an unusable identifier) and
 * returns the number of distinct sessions S (indices are < S).
 */
export function denseSessions(column: SessionColumn, out: Int32Array): number {
  const n = column.length;
  if (column instanceof Int32Array) {
    // The usual case (the CLI's reader numbers sessions itself): one pass for the range, one copy.
    let min = 0;
    let max = -1;
    for (let i = 0; i < n; i++) {
      const v = column[i];
      if (v > max) max = v;
      if (v < min) min = v;
    }
    if (max < n + 65536) {
      out.set(column);
      // Negative ids stay negative: the kernel drops them.
      return max + 1;
    }
  }
  if (column instanceof Int32Array || column instanceof Uint32Array || column instanceof Float64Array || column.every((v) => typeof v === 'number')) {
    const ids = column as ArrayLike<number>;
    let max = -1;
    for (let i = 0; i < n; i++) {
      const v = ids[i];
      if (Number.isInteger(v) && v >= 0 && v > max) max = v;
    }
    // Dense enough to index directly: the kernel's offsets cost 4 bytes per possible index.
    if (max < n + 65536) {
      for (let i = 0; i < n; i++) {
        const v = ids[i];
        out[i] = Number.isInteger(v) && v >= 0 ? v : -1;
      }
      return max + 1;
    }
  }
  const index = new Map<unknown, number>();
  for (let i = 0; i < n; i++) {
    const v = (column as ArrayLike<unknown>)[i];
    const usable = typeof v === 'string' || (typeof v === 'number' && Number.isInteger(v) && v >= 0);
    if (!usable) {
      out[i] = -1;
      continue;
    }
    let k = index.get(v);
    if (k === undefined) index.set(v, (k = index.size));
    out[i] = k;
  }
  return index.size;
}

function invalid(message: string): HeatlensError {
  return new HeatlensError('invalid-request', message);
}

function badSamples(message: string): HeatlensError {
  return new HeatlensError('invalid-points', message);
}
