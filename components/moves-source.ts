/**
 * Fetches an attention map's cursor samples from a URL: the ingest API's `GET /v1/moves` binary
 * answer (`application/vnd.heatlens.moves`: docs/points-format.md's 32-byte header with magic
 * `HLMV`, then the columns t Float64, visit Uint32, x Float32, y Float32), its `format=json`
 * answer, JSON columns `{session|visit, ts|t, x, y}` or an array of such rows, NDJSON (one row a
 * line) or CSV with a header naming `session,ts,x,y`. Browser-side and dependency-free.
 *
 * Only structural problems are errors here (a missing column, a session without an id, a
 * truncated buffer); a sample whose time or position is not a finite number passes through as
 * NaN so that the engine drops it and counts it (`dropped.nonFinite`).
 */
import type { AttentionSamples } from '../worker/api.js';
import { fetchSource, PointsSourceError } from './points-source.js';

export interface FetchedMoves extends AttentionSamples {
  session: Uint32Array | Float64Array | string[];
  ts: Float64Array;
  x: Float32Array;
  y: Float32Array;
  /** Visits that matched the query (the binary header's total, JSON `visits`), when the source says. */
  visits?: number;
  /** The source returned fewer samples than matched (its `limit`), when it says so. */
  truncated?: boolean;
}

export const MOVES_MEDIA_TYPE = 'application/vnd.heatlens.moves';
const MAGIC = 'HLMV';
const HEADER_MIN = 32;
const BYTES_PER_SAMPLE = 8 + 4 + 4 + 4;
const FLAG_TRUNCATED = 1 << 1;
const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

const bad = (message: string) => new PointsSourceError('bad-data', `cursor samples: ${message}`);

/** Decodes the binary moves answer (version 1, little-endian; unknown header bytes skipped). */
export function decodeMovesBinary(buffer: ArrayBuffer): FetchedMoves {
  if (buffer.byteLength < HEADER_MIN) throw bad(`the data is ${buffer.byteLength} bytes, shorter than the 32-byte header`);
  const view = new DataView(buffer);
  const magic = String.fromCharCode(view.getUint8(0), view.getUint8(1), view.getUint8(2), view.getUint8(3));
  if (magic !== MAGIC) throw bad(`the data starts with "${magic}", expected "${MAGIC}"`);
  const version = view.getUint16(4, true);
  if (version !== 1) throw bad(`format version ${version} is not supported (expected 1)`);
  const at = view.getUint16(6, true);
  const flags = view.getUint32(8, true);
  const n = view.getUint32(12, true);
  const visits = view.getFloat64(16, true);
  // The t column is Float64: its start must be a multiple of 8 to be viewed in place.
  if (at < HEADER_MIN || at % 8 !== 0 || at + BYTES_PER_SAMPLE * n !== buffer.byteLength) {
    throw bad(`the data is ${buffer.byteLength} bytes, expected a ${at}-byte header + 20 × ${n}`);
  }
  const columns = LITTLE_ENDIAN_HOST ? viewColumns(buffer, at, n) : copyColumns(view, at, n);
  return { ...columns, visits, truncated: (flags & FLAG_TRUNCATED) !== 0 };
}

/** Zero-copy views into the answer (the engine copies what it keeps; nothing is transferred). */
function viewColumns(buffer: ArrayBuffer, at: number, n: number) {
  return {
    ts: new Float64Array(buffer, at, n),
    session: new Uint32Array(buffer, at + 8 * n, n),
    x: new Float32Array(buffer, at + 12 * n, n),
    y: new Float32Array(buffer, at + 16 * n, n),
  };
}

/** Big-endian hosts read each number through the DataView (the format is little-endian). */
function copyColumns(view: DataView, at: number, n: number) {
  const ts = new Float64Array(n);
  const session = new Uint32Array(n);
  const x = new Float32Array(n);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    ts[i] = view.getFloat64(at + 8 * i, true);
    session[i] = view.getUint32(at + 8 * n + 4 * i, true);
    x[i] = view.getFloat32(at + 12 * n + 4 * i, true);
    y[i] = view.getFloat32(at + 16 * n + 4 * i, true);
  }
  return { ts, session, x, y };
}

/** A time in ms: a number, a numeric string, or an ISO 8601 date (NaN otherwise: dropped by the engine). */
function toTime(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string' || value.trim() === '') return NaN;
  const n = Number(value);
  return Number.isNaN(n) ? Date.parse(value) : n;
}

const toCoordinate = (value: unknown): number => (value === null || value === undefined || value === '' ? NaN : Number(value));

/**
 * Session ids as the engine takes them: numbers when every id is a finite number, strings
 * otherwise (so "42" and 42 name the same visit only when every id is numeric).
 */
function sessionColumn(ids: readonly unknown[], where: (i: number) => string): Float64Array | string[] {
  let numeric = true;
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    if (id === null || id === undefined || id === '') throw bad(`${where(i)} has no session id`);
    if (typeof id !== 'number' || !Number.isFinite(id)) numeric = false;
  }
  return numeric ? Float64Array.from(ids as number[]) : ids.map(String);
}

class ColumnBuilder {
  readonly session: unknown[] = [];
  readonly ts: number[] = [];
  readonly x: number[] = [];
  readonly y: number[] = [];

  add(row: unknown, where: string): void {
    if (typeof row !== 'object' || row === null || Array.isArray(row)) throw bad(`${where} is not an object with session, ts, x and y`);
    const r = row as Record<string, unknown>;
    this.session.push(r.session ?? r.visit);
    this.ts.push(toTime(r.ts ?? r.t));
    this.x.push(toCoordinate(r.x));
    this.y.push(toCoordinate(r.y));
  }

  build(where: (i: number) => string): FetchedMoves {
    return { session: sessionColumn(this.session, where), ts: Float64Array.from(this.ts), x: Float32Array.from(this.x), y: Float32Array.from(this.y) };
  }
}

function fromRows(rows: readonly unknown[], what: string): FetchedMoves {
  const builder = new ColumnBuilder();
  rows.forEach((row, i) => builder.add(row, `${what} ${i + 1}`));
  return builder.build((i) => `${what} ${i + 1}`);
}

function column(doc: Record<string, unknown>, names: readonly string[]): unknown[] {
  for (const name of names) if (Array.isArray(doc[name])) return doc[name] as unknown[];
  throw bad(`JSON columns need "${names.join('" or "')}" as an array`);
}

/** JSON: `{session|visit, ts|t, x, y}` columns (the ingest's `format=json` answer among them) or an array of rows. */
export function parseMovesJson(text: string): FetchedMoves {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw bad(`not valid JSON: ${(error as Error).message}`);
  }
  return fromJson(doc);
}

function fromJson(doc: unknown): FetchedMoves {
  if (Array.isArray(doc)) return fromRows(doc, 'JSON row');
  if (typeof doc !== 'object' || doc === null) throw bad('JSON must be {session, ts, x, y} columns or an array of {session, ts, x, y} rows');
  const d = doc as Record<string, unknown>;
  const session = column(d, ['session', 'visit']);
  const ts = column(d, ['ts', 't']);
  const x = column(d, ['x']);
  const y = column(d, ['y']);
  const n = session.length;
  for (const [name, values] of [['ts', ts], ['x', x], ['y', y]] as const) {
    if (values.length !== n) throw bad(`JSON column "${name}" has ${values.length} values, "session" has ${n}`);
  }
  const out: FetchedMoves = {
    session: sessionColumn(session, (i) => `JSON sample ${i + 1}`),
    ts: Float64Array.from(ts, toTime),
    x: Float32Array.from(x, toCoordinate),
    y: Float32Array.from(y, toCoordinate),
  };
  if (typeof d.visits === 'number') out.visits = d.visits;
  if (typeof d.truncated === 'boolean') out.truncated = d.truncated;
  return out;
}

/** NDJSON: one `{session, ts, x, y}` object a line. */
export function parseMovesNdjson(text: string): FetchedMoves {
  const builder = new ColumnBuilder();
  const lines: number[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    let row: unknown;
    try {
      row = JSON.parse(line);
    } catch {
      throw bad(`NDJSON line ${i + 1} is not valid JSON`);
    }
    lines.push(i + 1);
    builder.add(row, `NDJSON line ${i + 1}`);
  });
  return builder.build((k) => `NDJSON line ${lines[k]}`);
}

/** CSV with a header naming session (or visit), ts (or t), x and y, in any order. */
export function parseMovesCsv(text: string): FetchedMoves {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (!lines.length) return { session: new Float64Array(0), ts: new Float64Array(0), x: new Float32Array(0), y: new Float32Array(0) };
  const header = lines[0].split(',').map((h) => h.trim().toLowerCase());
  const find = (...names: string[]) => names.map((n) => header.indexOf(n)).find((i) => i >= 0) ?? -1;
  const [is, it, ix, iy] = [find('session', 'visit'), find('ts', 't'), find('x'), find('y')];
  if (is < 0 || it < 0 || ix < 0 || iy < 0) throw bad(`the CSV header must name session, ts, x and y, got "${lines[0]}"`);
  const n = lines.length - 1;
  const ids: string[] = new Array(n);
  const ts = new Float64Array(n);
  const x = new Float32Array(n);
  const y = new Float32Array(n);
  let numeric = true;
  for (let i = 0; i < n; i++) {
    const cells = lines[i + 1].split(',');
    const id = (cells[is] ?? '').trim();
    if (id === '') throw bad(`CSV line ${i + 2} has no session id`);
    // Ids such as 7 and 0007 are the same visit only if every id is a number.
    if (numeric && !Number.isFinite(Number(id))) numeric = false;
    ids[i] = id;
    ts[i] = toTime(cells[it]?.trim());
    x[i] = toCoordinate(cells[ix]?.trim());
    y[i] = toCoordinate(cells[iy]?.trim());
  }
  return { session: numeric ? Float64Array.from(ids, Number) : ids, ts, x, y };
}

/** Picks the format by media type, then by the URL's extension, then by the first bytes. */
export function decodeMoves(buffer: ArrayBuffer, contentType: string, url: string): FetchedMoves {
  const type = contentType.split(';')[0].trim().toLowerCase();
  const path = url.split(/[?#]/)[0].toLowerCase();
  const bytes = new Uint8Array(buffer, 0, Math.min(4, buffer.byteLength));
  if (type === MOVES_MEDIA_TYPE || String.fromCharCode(...bytes) === MAGIC) return decodeMovesBinary(buffer);
  const text = new TextDecoder().decode(buffer);
  if (type.includes('ndjson') || path.endsWith('.ndjson') || path.endsWith('.jsonl')) return parseMovesNdjson(text);
  if (type === 'text/csv' || path.endsWith('.csv')) return parseMovesCsv(text);
  if (type.includes('json') || path.endsWith('.json')) return parseMovesJson(text);
  const first = text.trimStart()[0];
  if (first === '{' || first === '[') {
    // One JSON document, or one object per line (which is not one JSON document).
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch {
      return parseMovesNdjson(text);
    }
    return fromJson(doc);
  }
  return parseMovesCsv(text);
}

/** Fetches and decodes cursor samples from `src`; rejects with a PointsSourceError (or AbortError). */
export async function fetchMoves(src: string, signal?: AbortSignal): Promise<FetchedMoves> {
  const { buffer, contentType } = await fetchSource(src, 'cursor samples', signal);
  return decodeMoves(buffer, contentType, src);
}
