/**
 * The columnar binary answers of `GET /v1/points`, `GET /v1/scroll?mode=samples` and `GET /v1/moves`
 * (docs/points-format.md): a 32-byte little-endian header, then whole columns, each 4-byte
 * aligned so a client views them in place (`new Float32Array(buffer, 32, n)`) without copying.
 */
import type { MoveSamples, Points, ScrollSamples } from './store.js';

export const POINTS_MAGIC = 'HLPT';
export const SCROLL_MAGIC = 'HLSC';
export const MOVES_MAGIC = 'HLMV';
export const FORMAT_VERSION = 1;
export const HEADER_BYTES = 32;
export const POINTS_MEDIA_TYPE = 'application/vnd.heatlens.points';
export const SCROLL_MEDIA_TYPE = 'application/vnd.heatlens.scroll';
export const MOVES_MEDIA_TYPE = 'application/vnd.heatlens.moves';

/** Where a points header holds the clicks `layout=W` left unplaced (Uint32). */
const UNPLACED_OFFSET = 28;

/** Header flag: points are cell centroids with counts as weights. */
export const FLAG_AGGREGATED = 1;
/** Header flag (scroll and move samples): visits were dropped to respect the limit. */
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
  // The header's last word, 0 in the other formats: clicks left unplaced by layout=W, so a
  // client reading only the body (a worker, a saved file) knows them too.
  view.setUint32(UNPLACED_OFFSET, Math.min(p.unplaced ?? 0, 0xffffffff), true);
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
  /** Clicks left unplaced by `layout=W` (0 without it). */
  unplaced: number;
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
    unplaced: h.view.getUint32(UNPLACED_OFFSET, true),
    x: f32At(h.view, at, h.n),
    y: f32At(h.view, at + 4 * h.n, h.n),
    w: f32At(h.view, at + 8 * h.n, h.n),
  };
}

type Column = { type: 'f64' | 'u32' | 'f32'; values: ArrayLike<number> };

/** Header, then whole columns in order (each n long); Float64 columns must come first (alignment). */
function encodeColumns(magic: string, flags: number, n: number, total: number, columns: Column[]): Uint8Array {
  const width = { f64: 8, u32: 4, f32: 4 };
  const bytes = new Uint8Array(HEADER_BYTES + columns.reduce((sum, c) => sum + width[c.type] * n, 0));
  const view = new DataView(bytes.buffer);
  header(view, magic, flags, n, total, 0);
  let at = HEADER_BYTES;
  for (const { type, values } of columns) {
    if (type === 'f32') at = putF32(view, at, values);
    else if (type === 'u32') for (let i = 0; i < n; i++, at += 4) view.setUint32(at, values[i], true);
    else for (let i = 0; i < n; i++, at += 8) view.setFloat64(at, values[i], true);
  }
  return bytes;
}

/** Reads the columns `encodeColumns` wrote, typed as their `types` say. */
function decodeColumns(bytes: Uint8Array, magic: string, types: Array<Column['type']>) {
  const h = readHeader(bytes, magic);
  const n = h.n;
  let at = h.headerBytes;
  const columns = types.map((type) => {
    if (type === 'f32') {
      const out = f32At(h.view, at, n);
      at += 4 * n;
      return out;
    }
    const out = type === 'u32' ? new Uint32Array(n) : new Float64Array(n);
    for (let i = 0; i < n; i++, at += type === 'u32' ? 4 : 8) out[i] = type === 'u32' ? h.view.getUint32(at, true) : h.view.getFloat64(at, true);
    return out;
  });
  return { truncated: (h.flags & FLAG_TRUNCATED) !== 0, visits: h.total, columns };
}

/**
 * Scroll samples: t as Float64 (ms since the epoch) first, for alignment, then visit index
 * (Uint32), y, vh, dh (Float32; dh NaN where unknown): 32 + 24·n bytes. Header `total` is the
 * number of visits.
 */
export function encodeScrollSamples(s: ScrollSamples): Uint8Array {
  return encodeColumns(SCROLL_MAGIC, s.truncated ? FLAG_TRUNCATED : 0, s.t.length, s.sessions.length, [
    { type: 'f64', values: s.t },
    { type: 'u32', values: s.visit },
    { type: 'f32', values: s.y },
    { type: 'f32', values: s.vh },
    { type: 'f32', values: s.dh },
  ]);
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
  const { truncated, visits, columns } = decodeColumns(bytes, SCROLL_MAGIC, ['f64', 'u32', 'f32', 'f32', 'f32']);
  const [t, visit, y, vh, dh] = columns as [Float64Array, Uint32Array, Float32Array, Float32Array, Float32Array];
  return { truncated, visits, t, visit, y, vh, dh };
}

/**
 * Cursor samples: t (Float64, ms since the epoch), visit index (Uint32), x, y (Float32):
 * 32 + 20·n bytes, ordered by visit then time. Header `total` is the number of visits.
 */
export function encodeMoves(m: MoveSamples): Uint8Array {
  return encodeColumns(MOVES_MAGIC, m.truncated ? FLAG_TRUNCATED : 0, m.t.length, m.visits, [
    { type: 'f64', values: m.t },
    { type: 'u32', values: m.visit },
    { type: 'f32', values: m.x },
    { type: 'f32', values: m.y },
  ]);
}

export interface DecodedMoves {
  truncated: boolean;
  visits: number;
  t: Float64Array;
  visit: Uint32Array;
  x: Float32Array;
  y: Float32Array;
}

export function decodeMoves(bytes: Uint8Array): DecodedMoves {
  const { truncated, visits, columns } = decodeColumns(bytes, MOVES_MAGIC, ['f64', 'u32', 'f32', 'f32']);
  const [t, visit, x, y] = columns as [Float64Array, Uint32Array, Float32Array, Float32Array];
  return { truncated, visits, t, visit, x, y };
}
