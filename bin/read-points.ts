/**
 * Streaming point reader for the CLI: CSV (header `x,y[,w]`, any column order, extra columns
 * ignored) or NDJSON (one `{"x":…,"y":…,"w":…}` object per line) into growable Float32Arrays.
 * Lines are split by hand from decoded chunks, so a multi-million-row file never becomes an array
 * of per-row JS objects. Malformed rows are skipped and counted, never fatal.
 */
import { createReadStream } from 'node:fs';
import { extname } from 'node:path';
import { Column, forEachLine } from './text-lines.js';
import type { Readable } from 'node:stream';

export type PointsFormat = 'csv' | 'ndjson';

export interface PointsData {
  x: Float32Array;
  y: Float32Array;
  /** Present when the input has a weight column (CSV) or any row has `w` (NDJSON). */
  w?: Float32Array;
  /** Valid rows read (= x.length). */
  rows: number;
  /** Rows skipped: wrong column count, non-numeric field, invalid JSON, missing x or y. */
  malformed: number;
  /** 1-based line number of the first malformed row, 0 when there is none. */
  firstMalformedLine: number;
  format: PointsFormat;
}

/** The input cannot be read as points at all (as opposed to individual bad rows). */
export class PointsFormatError extends Error {
  override name = 'PointsFormatError';
}

/** Format implied by a file name, or undefined when the content has to be sniffed. */
export function formatFromPath(path: string): PointsFormat | undefined {
  const ext = extname(path).toLowerCase();
  if (ext === '.csv') return 'csv';
  if (ext === '.ndjson' || ext === '.jsonl') return 'ndjson';
  return undefined;
}

/** Splits one CSV line, honouring double quotes ("1.5", "a,b", "say ""hi"""). */
export function splitCSV(line: string): string[] {
  if (line.indexOf('"') < 0) return line.split(',');
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch !== '"') field += ch;
      else if (line[i + 1] === '"') {
        field += '"';
        i++;
      } else quoted = false;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      fields.push(field);
      field = '';
    } else field += ch;
  }
  fields.push(field);
  return fields;
}

/**
 * Parses a numeric field. Returns undefined for text that is not a number; the literal
 * spellings of non-finite values pass through so the engine can drop and count them as points.
 */
export function parseNumber(text: string): number | undefined {
  const v = Number(text);
  // Number() trims whitespace itself; it reads a blank field as 0 and any junk as NaN, and those
  // two rare cases are the only ones that need a second look.
  if (v !== 0 && !Number.isNaN(v)) return v;
  const s = text.trim();
  if (s.length === 0) return undefined;
  if (Number.isNaN(v) && s.toLowerCase() !== 'nan') return undefined;
  return v;
}

function jsonNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return parseNumber(v);
  return undefined;
}

/**
 * What every CLI table reader shares: the format decided by the first line when the file name
 * did not say, one CSV header then rows (or NDJSON objects), and malformed lines counted with
 * the first one's number. Subclasses parse the header, a CSV row and an NDJSON object.
 */
export abstract class RowSink<H> {
  malformed = 0;
  firstMalformedLine = 0;
  protected header: H | undefined;

  constructor(public format: PointsFormat | undefined) {}

  protected abstract csvHeader(line: string): void;
  protected abstract csvRow(line: string, lineNo: number): void;
  protected abstract object(rec: Record<string, unknown>, lineNo: number): void;

  protected bad(lineNo: number): void {
    if (this.malformed++ === 0) this.firstMalformedLine = lineNo;
  }

  /** A non-blank line (see forEachLine). */
  line(line: string, lineNo: number): void {
    // No extension to go by: the first non-empty line decides.
    this.format ??= line.trimStart().startsWith('{') ? 'ndjson' : 'csv';
    if (this.format === 'ndjson') this.ndjson(line, lineNo);
    else if (this.header) this.csvRow(line, lineNo);
    else this.csvHeader(line);
  }

  /** The error for a CSV header without the columns this reader needs. */
  protected headerError(expected: string, line: string): PointsFormatError {
    const shown = line.length > 60 ? `${line.slice(0, 60)}…` : line;
    return new PointsFormatError(`CSV header must name columns ${expected}, got "${shown}"`);
  }

  /** Throws when a CSV input had no header line at all. */
  protected checkNotEmpty(expected: string): void {
    if (this.format === 'csv' && !this.header && this.malformed === 0) throw new PointsFormatError(`input is empty: expected a CSV header line ${expected}`);
  }

  private ndjson(line: string, lineNo: number): void {
    let obj: unknown;
    try {
      obj = JSON.parse(line);
    } catch {
      return this.bad(lineNo);
    }
    if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) return this.bad(lineNo);
    this.object(obj as Record<string, unknown>, lineNo);
  }
}

class PointSink extends RowSink<{ count: number; xi: number; yi: number; wi: number }> {
  readonly x = new Column(new Float32Array(1 << 16));
  readonly y = new Column(new Float32Array(1 << 16));
  readonly w = new Column(new Float32Array(1 << 16));
  hasWeights = false;

  protected csvHeader(line: string): void {
    const names = splitCSV(line).map((s) => s.trim().toLowerCase());
    const xi = names.indexOf('x');
    const yi = names.indexOf('y');
    let wi = names.indexOf('w');
    if (wi < 0) wi = names.indexOf('weight');
    if (xi < 0 || yi < 0) throw this.headerError('x and y (and optionally w)', line);
    this.header = { count: names.length, xi, yi, wi };
    this.hasWeights = wi >= 0;
  }

  protected csvRow(line: string, lineNo: number): void {
    const h = this.header!;
    if (line.indexOf('"') >= 0) {
      const fields = splitCSV(line);
      if (fields.length !== h.count) return this.bad(lineNo);
      const w = h.wi >= 0 ? parseNumber(fields[h.wi]) : 1;
      return this.csvValues(parseNumber(fields[h.xi]), parseNumber(fields[h.yi]), w, lineNo);
    }
    // Hot path for unquoted rows: walk the commas and parse only the wanted columns, without
    // building an array of fields per row (this loop dominates reading a multi-million-row file).
    let x: number | undefined;
    let y: number | undefined;
    let w: number | undefined = 1;
    let col = 0;
    let start = 0;
    for (;;) {
      const comma = line.indexOf(',', start);
      const end = comma < 0 ? line.length : comma;
      if (col === h.xi) x = parseNumber(line.slice(start, end));
      else if (col === h.yi) y = parseNumber(line.slice(start, end));
      else if (col === h.wi) w = parseNumber(line.slice(start, end));
      col++;
      if (comma < 0) break;
      start = comma + 1;
    }
    if (col !== h.count) return this.bad(lineNo);
    this.csvValues(x, y, w, lineNo);
  }

  private csvValues(x: number | undefined, y: number | undefined, w: number | undefined, lineNo: number): void {
    if (x === undefined || y === undefined || w === undefined) return this.bad(lineNo);
    this.push(x, y, w);
  }

  protected object(rec: Record<string, unknown>, lineNo: number): void {
    const x = jsonNumber(rec.x);
    const y = jsonNumber(rec.y);
    const hasW = rec.w !== undefined && rec.w !== null;
    const w = hasW ? jsonNumber(rec.w) : 1;
    if (x === undefined || y === undefined || w === undefined) return this.bad(lineNo);
    if (hasW) this.hasWeights = true;
    this.push(x, y, w);
  }

  private push(x: number, y: number, w: number): void {
    this.x.push(x);
    this.y.push(y);
    this.w.push(w);
  }

  result(): PointsData {
    this.checkNotEmpty('x,y[,w]');
    return {
      x: this.x.view(),
      y: this.y.view(),
      w: this.hasWeights ? this.w.view() : undefined,
      rows: this.x.length,
      malformed: this.malformed,
      firstMalformedLine: this.firstMalformedLine,
      format: this.format ?? 'csv',
    };
  }
}

/** Reads points from a byte stream; `format` undefined means sniff the first non-empty line. */
export async function readPointsFromStream(stream: Readable, format?: PointsFormat): Promise<PointsData> {
  const sink = new PointSink(format);
  await forEachLine(stream, (line, lineNo) => sink.line(line, lineNo));
  return sink.result();
}

/** Reads a points file; the extension picks the format, otherwise the content is sniffed. */
export async function readPoints(path: string, format?: PointsFormat): Promise<PointsData> {
  const stream = createReadStream(path, { highWaterMark: 1 << 20 });
  return readPointsFromStream(stream, format ?? formatFromPath(path));
}
