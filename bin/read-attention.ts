/**
 * Reader of cursor samples for `heatlens attention`: CSV with a header naming
 * `session,ts,x,y` (any order, other columns ignored) or NDJSON objects with those keys, read by
 * the per-session sample reader that scroll samples use too (bin/read-scroll.ts): session
 * identifiers numbered 0, 1, …; malformed rows skipped and counted; non-finite literals passed
 * through for the engine to drop and count. `ts` is ms or an ISO 8601 date, read as
 * <attention-map>'s src reader reads it (components/moves-source.ts), so one export of cursor
 * samples gives the same map in the page and on the command line.
 */
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { formatFromPath, parseNumber, type PointsFormat } from './read-points.js';
import { readSessionRows, type SessionRows } from './read-scroll.js';

export interface CursorData extends Omit<SessionRows<'ts' | 'x' | 'y'>, 'columns'> {
  ts: Float64Array;
  x: Float32Array;
  y: Float32Array;
}

/** A time in ms: a number as text, or a date Date.parse reads (moves-source.ts's toTime); undefined: malformed. */
export function parseTime(text: string): number | undefined {
  const n = parseNumber(text);
  if (n !== undefined) return n;
  const t = Date.parse(text.trim());
  return Number.isNaN(t) ? undefined : t;
}

export async function readAttentionFromStream(stream: Readable, format?: PointsFormat): Promise<CursorData> {
  const { columns, ...rest } = await readSessionRows(stream, ['ts', 'x', 'y'] as const, format, { ts: parseTime });
  return { ...rest, ts: columns.ts as Float64Array, x: columns.x as Float32Array, y: columns.y as Float32Array };
}

/** Reads a cursor-samples file; the extension picks the format, otherwise the content is sniffed. */
export async function readAttention(path: string, format?: PointsFormat): Promise<CursorData> {
  return readAttentionFromStream(createReadStream(path, { highWaterMark: 1 << 20 }), format ?? formatFromPath(path));
}
