/**
 * Streaming reader of scroll samples for `heatlens scroll`: CSV with a header naming
 * `session,ts,y,vh,dh` (any order, other columns ignored) or NDJSON objects with those keys,
 * into growable typed columns. Session identifiers (any text) are numbered 0, 1, … here, so
 * the engine receives dense integers. Malformed rows are skipped and counted, never fatal;
 * non-finite literals (NaN, Infinity) pass through for the engine to drop and count.
 */
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { formatFromPath, parseNumber, RowSink, splitCSV, type PointsFormat } from './read-points.js';
import { Column, forEachLine } from './text-lines.js';

export interface ScrollData {
  session: Int32Array;
  ts: Float64Array;
  y: Float32Array;
  vh: Float32Array;
  dh: Float32Array;
  /** Valid rows read. */
  rows: number;
  /** Distinct session identifiers. */
  sessionIds: number;
  /** Rows skipped: wrong column count, missing session, non-numeric field, invalid JSON. */
  malformed: number;
  firstMalformedLine: number;
  format: PointsFormat;
}

/**
 * Rows of per-session samples: a `session` column (any text, numbered here) and numeric
 * columns named by `fields` (`ts` as float64 ms, the rest as float32). Shared by the scroll and
 * the cursor (bin/read-attention.ts) readers.
 */
export interface SessionRows<F extends string> {
  session: Int32Array;
  columns: Record<F, Float32Array | Float64Array>;
  rows: number;
  sessionIds: number;
  malformed: number;
  firstMalformedLine: number;
  format: PointsFormat;
}

/** Reads one field's text: a number, or undefined when the row is malformed. */
export type FieldParser = (text: string) => number | undefined;

class SessionSampleSink<F extends string> extends RowSink<{ count: number; at: number[] }> {
  private readonly session = new Column(new Int32Array(1 << 14));
  private readonly columns: Column<Float32Array | Float64Array>[];
  private readonly ids = new Map<string, number>();
  private readonly parsers: FieldParser[];

  constructor(
    private readonly fields: readonly F[],
    format: PointsFormat | undefined,
    parsers: Partial<Record<F, FieldParser>>,
  ) {
    super(format);
    this.columns = fields.map((f) => new Column<Float32Array | Float64Array>(f === 'ts' ? new Float64Array(1 << 14) : new Float32Array(1 << 14)));
    this.parsers = fields.map((f) => parsers[f] ?? parseNumber);
  }

  protected csvHeader(line: string): void {
    const names = splitCSV(line).map((s) => s.trim().toLowerCase());
    const at = ['session', ...this.fields].map((f) => names.indexOf(f));
    if (at.some((i) => i < 0)) throw this.headerError(`session,${this.fields.join(',')}`, line);
    this.header = { count: names.length, at };
  }

  protected csvRow(line: string, lineNo: number): void {
    const h = this.header!;
    const fields = splitCSV(line);
    if (fields.length !== h.count) return this.bad(lineNo);
    const [si, ...numeric] = h.at;
    this.row(fields[si].trim(), numeric.map((i, k) => this.parsers[k](fields[i])), lineNo);
  }

  protected object(rec: Record<string, unknown>, lineNo: number): void {
    const id = typeof rec.session === 'string' || typeof rec.session === 'number' ? String(rec.session) : '';
    const num = (v: unknown, k: number) => (typeof v === 'number' ? v : typeof v === 'string' ? this.parsers[k](v) : undefined);
    this.row(id, this.fields.map((f, k) => num(rec[f], k)), lineNo);
  }

  private row(id: string, values: (number | undefined)[], lineNo: number): void {
    if (id === '' || values.some((v) => v === undefined)) return this.bad(lineNo);
    let index = this.ids.get(id);
    if (index === undefined) this.ids.set(id, (index = this.ids.size));
    this.session.push(index);
    for (let k = 0; k < values.length; k++) this.columns[k].push(values[k]!);
  }

  result(): SessionRows<F> {
    this.checkNotEmpty(`session,${this.fields.join(',')}`);
    const columns = {} as Record<F, Float32Array | Float64Array>;
    this.fields.forEach((f, k) => (columns[f] = this.columns[k].view()));
    return {
      session: this.session.view(),
      columns,
      rows: this.session.length,
      sessionIds: this.ids.size,
      malformed: this.malformed,
      firstMalformedLine: this.firstMalformedLine,
      format: this.format ?? 'csv',
    };
  }
}

/** Reads per-session samples with the numeric `fields` from a byte stream (see SessionRows); `parsers` override parseNumber per field. */
export async function readSessionRows<F extends string>(
  stream: Readable, fields: readonly F[], format?: PointsFormat, parsers: Partial<Record<F, FieldParser>> = {},
): Promise<SessionRows<F>> {
  const sink = new SessionSampleSink(fields, format, parsers);
  await forEachLine(stream, (line, lineNo) => sink.line(line, lineNo));
  return sink.result();
}

export async function readScrollFromStream(stream: Readable, format?: PointsFormat): Promise<ScrollData> {
  const { session, columns, ...rest } = await readSessionRows(stream, ['ts', 'y', 'vh', 'dh'] as const, format);
  return { session, ts: columns.ts as Float64Array, y: columns.y as Float32Array, vh: columns.vh as Float32Array, dh: columns.dh as Float32Array, ...rest };
}

/** Reads a scroll-samples file; the extension picks the format, otherwise the content is sniffed. */
export async function readScroll(path: string, format?: PointsFormat): Promise<ScrollData> {
  return readScrollFromStream(createReadStream(path, { highWaterMark: 1 << 20 }), format ?? formatFromPath(path));
}
