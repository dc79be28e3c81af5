/**
 * Streaming reader of cursor samples for `heatlens attention`: CSV with a header naming
 * `session,ts,x,y` (any order, other columns ignored) or NDJSON objects with those keys, into
 * growable typed columns (bin/text-lines.ts). Session identifiers (any text) are numbered 0, 1, …
 * here, so the engine receives dense integers. Malformed rows are skipped and counted, never
 * fatal; non-finite literals (NaN, Infinity) pass through for the engine to drop and count.
 */
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { formatFromPath, parseNumber, PointsFormatError, splitCSV, type PointsFormat } from './read-points.js';
import { Column, forEachLine } from './text-lines.js';

export interface CursorData {
  session: Int32Array;
  ts: Float64Array;
  x: Float32Array;
  y: Float32Array;
  /** Valid rows read. */
  rows: number;
  /** Distinct session identifiers. */
  sessionIds: number;
  /** Rows skipped: wrong column count, missing session, non-numeric field, invalid JSON. */
  malformed: number;
  firstMalformedLine: number;
  format: PointsFormat;
}

const NUMERIC = ['ts', 'x', 'y'] as const;

class CursorSink {
  private readonly session = new Column(new Int32Array(1 << 16));
  private readonly ts = new Column(new Float64Array(1 << 16));
  private readonly x = new Column(new Float32Array(1 << 16));
  private readonly y = new Column(new Float32Array(1 << 16));
  private readonly ids = new Map<string, number>();
  private header: { count: number; session: number; numeric: number[] } | undefined;
  malformed = 0;
  firstMalformedLine = 0;

  constructor(public format: PointsFormat | undefined) {}

  /** A non-blank line (see forEachLine). */
  line(line: string, lineNo: number): void {
    this.format ??= line.trimStart().startsWith('{') ? 'ndjson' : 'csv';
    if (this.format === 'ndjson') this.ndjson(line, lineNo);
    else if (this.header) this.csvRow(line, lineNo);
    else this.csvHeader(line);
  }

  private bad(lineNo: number): void {
    if (this.malformed++ === 0) this.firstMalformedLine = lineNo;
  }

  private csvHeader(line: string): void {
    const names = splitCSV(line).map((s) => s.trim().toLowerCase());
    const session = names.indexOf('session');
    const numeric = NUMERIC.map((f) => names.indexOf(f));
    if (session < 0 || numeric.some((i) => i < 0)) {
      const shown = line.length > 60 ? `${line.slice(0, 60)}…` : line;
      throw new PointsFormatError(`CSV header must name columns session,ts,x,y, got "${shown}"`);
    }
    this.header = { count: names.length, session, numeric };
  }

  private csvRow(line: string, lineNo: number): void {
    const h = this.header!;
    const fields = splitCSV(line);
    if (fields.length !== h.count) return this.bad(lineNo);
    this.row(fields[h.session].trim(), h.numeric.map((i) => parseNumber(fields[i])), lineNo);
  }

  private ndjson(line: string, lineNo: number): void {
    let obj: unknown;
    try {
      obj = JSON.parse(line);
    } catch {
      return this.bad(lineNo);
    }
    if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) return this.bad(lineNo);
    const rec = obj as Record<string, unknown>;
    const id = typeof rec.session === 'string' || typeof rec.session === 'number' ? String(rec.session) : '';
    const num = (v: unknown) => (typeof v === 'number' ? v : typeof v === 'string' ? parseNumber(v) : undefined);
    this.row(id, NUMERIC.map((f) => num(rec[f])), lineNo);
  }

  private row(id: string, values: (number | undefined)[], lineNo: number): void {
    if (id === '' || values.some((v) => v === undefined)) return this.bad(lineNo);
    let index = this.ids.get(id);
    if (index === undefined) this.ids.set(id, (index = this.ids.size));
    this.session.push(index);
    this.ts.push(values[0]!);
    this.x.push(values[1]!);
    this.y.push(values[2]!);
  }

  result(): CursorData {
    if (this.format === 'csv' && !this.header && this.malformed === 0) {
      throw new PointsFormatError('input is empty: expected a CSV header line session,ts,x,y');
    }
    return {
      session: this.session.view(),
      ts: this.ts.view(),
      x: this.x.view(),
      y: this.y.view(),
      rows: this.session.length,
      sessionIds: this.ids.size,
      malformed: this.malformed,
      firstMalformedLine: this.firstMalformedLine,
      format: this.format ?? 'csv',
    };
  }
}

export async function readAttentionFromStream(stream: Readable, format?: PointsFormat): Promise<CursorData> {
  const sink = new CursorSink(format);
  await forEachLine(stream, (line, lineNo) => sink.line(line, lineNo));
  return sink.result();
}

/** Reads a cursor-samples file; the extension picks the format, otherwise the content is sniffed. */
export async function readAttention(path: string, format?: PointsFormat): Promise<CursorData> {
  return readAttentionFromStream(createReadStream(path, { highWaterMark: 1 << 20 }), format ?? formatFromPath(path));
}
