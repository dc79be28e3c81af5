/**
 * Fetches a map's points from a URL: the ingest API's binary points format
 * (docs/points-format.md, `application/vnd.heatlens.points`), or JSON (`{x: [], y: [], w?: []}`
 * or an array of `{x, y, w?}`), NDJSON (one `{x, y, w?}` per line) or CSV with a header naming
 * `x,y[,w]`. Browser-side and dependency-free: it does not import the ingest server's code.
 */
import type { PointColumns } from '../worker/api.js';

export class PointsSourceError extends Error {
  constructor(
    readonly code: 'fetch-failed' | 'http-status' | 'bad-data',
    message: string,
  ) {
    super(message);
    this.name = 'PointsSourceError';
  }
}

export interface FetchedPoints extends PointColumns {
  x: Float32Array;
  y: Float32Array;
  w?: Float32Array;
  /** Rows the source says matched (binary: the header's total), when it says so. */
  total?: number;
  /**
   * Clicks the source could not place on the layout asked for (`GET /v1/points?layout=W`: their
   * element does not appear there); 0 when it placed every one or was not asked to.
   */
  unplaced?: number;
}

const MAGIC = 'HLPT';
const HEADER_MIN = 32;

/** Decodes the binary points answer (version 1, little-endian; unknown header bytes skipped). */
export function decodePointsBinary(buffer: ArrayBuffer): FetchedPoints {
  if (buffer.byteLength < HEADER_MIN) throw new PointsSourceError('bad-data', `points data is ${buffer.byteLength} bytes, shorter than the 32-byte header`);
  const view = new DataView(buffer);
  const magic = String.fromCharCode(view.getUint8(0), view.getUint8(1), view.getUint8(2), view.getUint8(3));
  if (magic !== MAGIC) throw new PointsSourceError('bad-data', `points data starts with "${magic}", expected "${MAGIC}"`);
  const version = view.getUint16(4, true);
  if (version !== 1) throw new PointsSourceError('bad-data', `points format version ${version} is not supported (expected 1)`);
  const at = view.getUint16(6, true);
  const n = view.getUint32(12, true);
  const total = view.getFloat64(16, true);
  if (at < HEADER_MIN || at % 4 !== 0 || at + 12 * n !== buffer.byteLength) {
    throw new PointsSourceError('bad-data', `points data is ${buffer.byteLength} bytes, expected ${at} + 12 × ${n}`);
  }
  const column = (k: number): Float32Array => {
    const offset = at + k * 4 * n;
    const out = new Float32Array(n);
    // Copy once (also correct on big-endian hosts) so the columns own their buffers and can move.
    for (let i = 0; i < n; i++) out[i] = view.getFloat32(offset + i * 4, true);
    return out;
  };
  return { x: column(0), y: column(1), w: column(2), total, unplaced: view.getUint32(28, true) };
}

function columnsFromRows(rows: unknown[], where: string): FetchedPoints {
  const n = rows.length;
  const x = new Float32Array(n);
  const y = new Float32Array(n);
  let w: Float32Array | undefined;
  for (let i = 0; i < n; i++) {
    const row = rows[i] as { x?: unknown; y?: unknown; w?: unknown } | null;
    if (typeof row !== 'object' || row === null) throw new PointsSourceError('bad-data', `${where} ${i + 1} is not an object with x and y`);
    // Non-finite values pass through: the engine drops them and counts them.
    x[i] = Number(row.x);
    y[i] = Number(row.y);
    if (row.w !== undefined) {
      w ??= new Float32Array(n).fill(1);
      w[i] = Number(row.w);
    }
  }
  return w ? { x, y, w } : { x, y };
}

function column(value: unknown, name: string, n?: number): Float32Array {
  if (!Array.isArray(value)) throw new PointsSourceError('bad-data', `JSON points need "${name}" as an array of numbers`);
  if (n !== undefined && value.length !== n) throw new PointsSourceError('bad-data', `JSON column "${name}" has ${value.length} values, "x" has ${n}`);
  return Float32Array.from(value, Number);
}

export function parsePointsJson(text: string): FetchedPoints {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new PointsSourceError('bad-data', `points are not valid JSON: ${(error as Error).message}`);
  }
  if (Array.isArray(data)) return columnsFromRows(data, 'JSON row');
  if (typeof data === 'object' && data !== null && 'x' in data) {
    const d = data as { x: unknown; y: unknown; w?: unknown; total?: unknown; unplaced?: unknown };
    const x = column(d.x, 'x');
    const y = column(d.y, 'y', x.length);
    const out: FetchedPoints = { x, y };
    if (d.w !== undefined) out.w = column(d.w, 'w', x.length);
    if (typeof d.total === 'number') out.total = d.total;
    if (typeof d.unplaced === 'number') out.unplaced = d.unplaced;
    return out;
  }
  throw new PointsSourceError('bad-data', 'JSON points must be {x: [], y: [], w?: []} or an array of {x, y, w?}');
}

export function parsePointsNdjson(text: string): FetchedPoints {
  const rows: unknown[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (!line) continue;
    try {
      rows.push(JSON.parse(line));
    } catch {
      throw new PointsSourceError('bad-data', `NDJSON line ${i + 1} is not valid JSON`);
    }
  }
  return columnsFromRows(rows, 'NDJSON line');
}

export function parsePointsCsv(text: string): FetchedPoints {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (!lines.length) return { x: new Float32Array(0), y: new Float32Array(0) };
  const header = lines[0].split(',').map((h) => h.trim().toLowerCase());
  const ix = header.indexOf('x');
  const iy = header.indexOf('y');
  const iw = header.indexOf('w');
  if (ix < 0 || iy < 0) throw new PointsSourceError('bad-data', `CSV header must name x and y columns, got "${lines[0]}"`);
  const n = lines.length - 1;
  const x = new Float32Array(n);
  const y = new Float32Array(n);
  const w = iw >= 0 ? new Float32Array(n) : undefined;
  for (let i = 0; i < n; i++) {
    const cells = lines[i + 1].split(',');
    x[i] = Number(cells[ix]);
    y[i] = Number(cells[iy]);
    if (w) w[i] = Number(cells[iw]);
  }
  return w ? { x, y, w } : { x, y };
}

/** Picks the format by media type, then by the URL's extension, then by the first bytes. */
export function decodePoints(buffer: ArrayBuffer, contentType: string, url: string): FetchedPoints {
  const type = contentType.split(';')[0].trim().toLowerCase();
  const path = url.split(/[?#]/)[0].toLowerCase();
  const bytes = new Uint8Array(buffer, 0, Math.min(4, buffer.byteLength));
  if (type === 'application/vnd.heatlens.points' || String.fromCharCode(...bytes) === MAGIC) return decodePointsBinary(buffer);
  const text = new TextDecoder().decode(buffer);
  if (type.includes('ndjson') || type === 'application/x-ndjson' || path.endsWith('.ndjson') || path.endsWith('.jsonl')) return parsePointsNdjson(text);
  if (type === 'text/csv' || path.endsWith('.csv')) return parsePointsCsv(text);
  if (type.includes('json') || path.endsWith('.json')) return parsePointsJson(text);
  const first = text.trimStart()[0];
  if (first === '{' || first === '[') {
    // One JSON document, or one object per line.
    try {
      return parsePointsJson(text);
    } catch {
      return parsePointsNdjson(text);
    }
  }
  return parsePointsCsv(text);
}

/** Fetches and decodes points from `src`; rejects with a PointsSourceError (or AbortError). */
export async function fetchPoints(src: string, signal?: AbortSignal): Promise<FetchedPoints> {
  const { buffer, contentType } = await fetchSource(src, 'points', signal);
  return decodePoints(buffer, contentType, src);
}

/** A fetched answer's bytes, media type and HTTP validator (ETag, when the server sent one). */
export interface FetchedSource {
  buffer: ArrayBuffer;
  contentType: string;
  etag: string | null;
}

/**
 * Fetches `src` as bytes; a network failure or an HTTP error (with the ingest API's error
 * message when it sent one) rejects with a PointsSourceError naming `what` was fetched.
 */
export async function fetchSource(src: string, what: string, signal?: AbortSignal): Promise<FetchedSource> {
  let response: Response;
  try {
    response = await fetch(src, { signal });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new PointsSourceError('fetch-failed', `could not fetch ${what} from ${src}: ${(error as Error).message}`);
  }
  if (!response.ok) {
    let detail = '';
    try {
      const body = (await response.json()) as { error?: { message?: string } };
      if (body?.error?.message) detail = `: ${body.error.message}`;
    } catch {
      // Not the ingest API's JSON error: the status says enough.
    }
    throw new PointsSourceError('http-status', `${what} request to ${src} failed with HTTP ${response.status}${detail}`);
  }
  return { buffer: await response.arrayBuffer(), contentType: response.headers.get('content-type') ?? '', etag: response.headers.get('etag') };
}
