/**
 * The WebAssembly kernels, instantiated synchronously from the bytes embedded at build time
 * (worker/generated/kernels-wasm.ts). Synchronous instantiation lets the worker expose its API
 * in the same turn it starts, so no message can arrive before anyone listens.
 *
 * The host owns the memory. Where SharedArrayBuffer is available (Node; cross-origin isolated
 * pages) it is shared, so kernel threads (kernel-pool.ts) can run on the same data; otherwise it
 * is private and everything runs on one thread.
 */
import { KERNELS_WASM_BASE64, KERNELS_SHARED_WASM_BASE64 } from './generated/kernels-wasm.js';

/** The raw exports of assembly/index.ts. Offsets are byte offsets into the memory. */
export interface KernelExports {
  heapBase(): number;
  padding(): number;
  paddedWidth(width: number): number;
  paddedHeight(height: number): number;
  binPoints(
    xs: number, ys: number, ws: number, n: number,
    bins: number, width: number, height: number,
    x0: number, y0: number, x1: number, y1: number,
    stats: number,
  ): number;
  pointMoments(xs: number, ys: number, ws: number, n: number, x0: number, y0: number, x1: number, y1: number, out: number): void;
  smoothScratchBytes(width: number, height: number): number;
  smooth(bins: number, out: number, width: number, height: number, sigmaX: number, sigmaY: number, scale: number, scratch: number): number;
  stripsAlongY(width: number): number;
  stripsAlongX(height: number): number;
  transposedBytes(width: number, height: number): number;
  stripScratchBytes(width: number, height: number): number;
  smoothAlongY(bins: number, transposed: number, width: number, height: number, sigmaY: number, from: number, to: number, scratch: number): void;
  smoothAlongX(transposed: number, out: number, width: number, height: number, sigmaX: number, scale: number, from: number, to: number, scratch: number): number;
  addGrid(dst: number, src: number, count: number): void;
  zeroMemory(offset: number, bytes: number): void;
  countBands(ys: number, n: number, height: number, y0: number, y1: number, bandRows: number, counts: number): void;
  scatterBands(
    xs: number, ys: number, ws: number, n: number, height: number, y0: number, y1: number, bandRows: number,
    cursors: number, outX: number, outY: number, outW: number,
  ): void;
  binBands(
    xs: number, ys: number, ws: number, offsets: number, from: number, to: number,
    bins: number, width: number, height: number, x0: number, y0: number, x1: number, y1: number, stats: number,
  ): number;
  dericheCoefficients(sigma: number, out: number): void;
  filterSigma(sigma: number): number;
  groupSessions(
    sessions: number, ts: number, ys: number, vhs: number, dhs: number, n: number,
    sessionCount: number, offsets: number, order: number, stats: number,
  ): number;
  scrollBins(
    ts: number, ys: number, vhs: number, dhs: number, offsets: number, order: number, sessionCount: number,
    bins: number, percent: number, extent: number, idleCapMs: number,
    reach: number, partial: number, diff: number, folds: number, stats: number,
  ): void;
  attentionPrepare(
    sessions: number, ts: number, xs: number, ys: number, n: number, sessionCount: number,
    offsets: number, order: number, outT: number, outX: number, outY: number, ends: number, stats: number,
  ): number;
  attentionWeigh(
    ts: number, xs: number, ys: number, ends: number, sessionCount: number,
    idleCapMs: number, speedThreshold: number, fastWeight: number, lagMs: number,
    outX: number, outY: number, outW: number, outEnds: number, totals: number, stats: number,
  ): number;
  equalizeSessions(outW: number, outEnds: number, totals: number, sessionCount: number): number;
  selectKth(values: number, n: number, k: number): number;
  quantile7(values: number, n: number, p: number): number;
}

export interface Kernels {
  exports: KernelExports;
  memory: WebAssembly.Memory;
  /** The compiled module, to instantiate again in kernel threads (only when `shared`). */
  module: WebAssembly.Module;
  shared: boolean;
}

/** Largest memory a shared build may grow to: 65536 pages of 64 KiB, i.e. 4 GiB. */
const MAX_PAGES = 65536;

function decodeBase64(text: string): Uint8Array {
  if (typeof atob === 'function') {
    const binary = atob(text);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  }
  return new Uint8Array(Buffer.from(text, 'base64'));
}

const compiled: { private?: WebAssembly.Module; shared?: WebAssembly.Module } = {};

function compile(kind: 'private' | 'shared'): WebAssembly.Module {
  const bytes = decodeBase64(kind === 'shared' ? KERNELS_SHARED_WASM_BASE64 : KERNELS_WASM_BASE64);
  if (!WebAssembly.validate(bytes as BufferSource)) {
    throw new Error('heatlens needs WebAssembly SIMD (Chrome 91+, Firefox 89+, Safari 16.4+, Node 16.4+)');
  }
  return (compiled[kind] ??= new WebAssembly.Module(bytes as BufferSource));
}

/** Can this context share WebAssembly memory between threads? */
export function canShareMemory(): boolean {
  if (typeof SharedArrayBuffer === 'undefined' || typeof Atomics === 'undefined') return false;
  // Browsers hand out SharedArrayBuffer only to cross-origin isolated pages.
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated;
  return isolated !== false;
}

export function instantiateKernels(options: { shared?: boolean } = {}): Kernels {
  const wantShared = options.shared ?? canShareMemory();
  if (wantShared) {
    try {
      const memory = new WebAssembly.Memory({ initial: 2, maximum: MAX_PAGES, shared: true });
      const module = compile('shared');
      const instance = new WebAssembly.Instance(module, { env: { memory } });
      return { exports: instance.exports as unknown as KernelExports, memory, module, shared: true };
    } catch {
      // A 4 GiB shared reservation can be refused (32-bit hosts, tight limits): one thread it is.
    }
  }
  const memory = new WebAssembly.Memory({ initial: 2 });
  const module = compile('private');
  const instance = new WebAssembly.Instance(module, { env: { memory } });
  return { exports: instance.exports as unknown as KernelExports, memory, module, shared: false };
}
