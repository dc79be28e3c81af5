/**
 * The columnar binary answers of `GET /v1/points` and `GET /v1/scroll?mode=samples`
 * (docs/points-format.md): a 32-byte little-endian header, then whole columns, each 4-byte
 * aligned so a client views them in place (`new Float32Array(buffer, 32, n)`) without copying.
 */
import type { Points, ScrollSamples } from './store.js';

export const POINTS_MAGIC = 'HLPT';
export const SCROLL_MAGIC = 'HLSC';
export const FORMAT_VERSION = 1;
export const HEADER_BYTES = 32;
export const POINTS_MEDIA_TYPE = 'application/vnd.heatlens.points';
export const SCROLL_MEDIA_TYPE = 'application/vnd.heatlens.scroll';

/** Header flag: points are cell centroids with counts as weights. */
export const FLAG_AGGREGATED = 1;
/** Header flag (scroll samples): visits were dropped to respect the limit. */
export const FLAG_TRUNCATED = 2;

function header(view: DataView, magic: string, flags: number, n: number, total: number, cell: number): void {
  for (let i = 0; i < 4; i++) view.setUint8(i, magic.charCodeAt(i));
  view.setUint16(4, FORMAT_VERSION, true);
  view.setUint16(6, HEADER_BYTES, true);
  view.setUint32(8, flags, true);
  view.setUint32(12, n, true);
  view.setFloat64(16, total, true);
  view.setFloat32(24, cell, true);
  view.setUint32(28, 0, true);
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function putF32(view: DataView, at: number, values: ArrayLike<number>): number {
  // Offsets are 4-aligned, so on little-endian hosts a typed-array view writes the column in one go.
  if (LITTLE_ENDIAN) new Float32Array(view.buffer, view.byteOffset + at, values.length).set(values);
  else for (let i = 0; i < values.length; i++) view.setFloat32(at + i * 4, values[i], true);
  return at + values.length * 4;
}

/** x, y, w as Float32 columns after the header: 32 + 12·n bytes. */
export function encodePoints(p: Points): Uint8Array {
  const n = p.x.length;
  const bytes = new Uint8Array(HEADER_BYTES + 12 * n);
  const view = new DataView(bytes.buffer);
  header(view, POINTS_MAGIC, p.aggregated ? FLAG_AGGREGATED : 0, n, p.total, p.cell);
  let at = putF32(view, HEADER_BYTES, p.x);
  at = putF32(view, at, p.y);
  putF32(view, at, p.w);
  return bytes;
}

export interface DecodedPoints {
  version: number;
  aggregated: boolean;
  n: number;
  total: number;
  cell: number;
  x: Float32Array;
  y: Float32Array;
  w: Float32Array;
}

function readHeader(bytes: Uint8Array, magic: string) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const got = String.fromCharCode(...bytes.subarray(0, 4));
  if (got !== magic) throw new Error(`not a ${magic} buffer (magic "${got}")`);
  return {
    view,
    version: view.getUint16(4, true),
    headerBytes: view.getUint16(6, true),
    flags: view.getUint32(8, true),
    n: view.getUint32(12, true),
    total: view.getFloat64(16, true),
    cell: view.getFloat32(24, true),
  };
}

function f32At(view: DataView, at: number, n: number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = view.getFloat32(at + i * 4, true);
  return out;
}

/** Reads a points buffer (any endianness of host). */
export function decodePoints(bytes: Uint8Array): DecodedPoints {
  const h = readHeader(bytes, POINTS_MAGIC);
  const at = h.headerBytes;
  return {
    version: h.version,
    aggregated: (h.flags & FLAG_AGGREGATED) !== 0,
    n: h.n,
    total: h.total,
    cell: h.cell,
    x: f32At(h.view, at, h.n),
    y: f32At(h.view, at + 4 * h.n, h.n),
    w: f32At(h.view, at + 8 * h.n, h.n),
  };
}

/**
 * Scroll samples: t as Float64 (ms since the epoch) first, for alignment, then visit index
 * (Uint32), y, vh, dh (Float32; dh NaN where unknown): 32 + 24·n bytes. Header `total` is the
 * number of visits.
 */
export function encodeScrollSamples(s: ScrollSamples): Uint8Array {
  const n = s.t.length;
  const bytes = new Uint8Array(HEADER_BYTES + 24 * n);
  const view = new DataView(bytes.buffer);
  header(view, SCROLL_MAGIC, s.truncated ? FLAG_TRUNCATED : 0, n, s.sessions.length, 0);
  let at = HEADER_BYTES;
  for (let i = 0; i < n; i++, at += 8) view.setFloat64(at, s.t[i], true);
  for (let i = 0; i < n; i++, at += 4) view.setUint32(at, s.visit[i], true);
  at = putF32(view, at, s.y);
  at = putF32(view, at, s.vh);
  putF32(view, at, s.dh);
  return bytes;
}

export interface DecodedScrollSamples {
  truncated: boolean;
  visits: number;
  t: Float64Array;
  visit: Uint32Array;
  y: Float32Array;
  vh: Float32Array;
  dh: Float32Array;
}

export function decodeScrollSamples(bytes: Uint8Array): DecodedScrollSamples {
  const h = readHeader(bytes, SCROLL_MAGIC);
  const n = h.n;
  let at = h.headerBytes;
  const t = new Float64Array(n);
  for (let i = 0; i < n; i++, at += 8) t[i] = h.view.getFloat64(at, true);
  const visit = new Uint32Array(n);
  for (let i = 0; i < n; i++, at += 4) visit[i] = h.view.getUint32(at, true);
  const y = f32At(h.view, at, n);
  const vh = f32At(h.view, at + 4 * n, n);
  const dh = f32At(h.view, at + 8 * n, n);
  return { truncated: (h.flags & FLAG_TRUNCATED) !== 0, visits: h.total, t, visit, y, vh, dh };
}
