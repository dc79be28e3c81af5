/**
 * What the file readers of the CLI share: a growable typed column, and a streaming line
 * splitter that hands over each non-blank line (CRLF and a leading BOM removed) with its
 * 1-based line number, so error messages can point at the line.
 */
import { StringDecoder } from 'node:string_decoder';
import type { Readable } from 'node:stream';

type Typed = Int32Array | Float64Array | Float32Array;

/** A typed column that doubles when full; `view()` is the filled part, without copying. */
export class Column<T extends Typed> {
  length = 0;
  constructor(public data: T) {}
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new (this.data.constructor as new (n: number) => T)(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  view(): T {
    return this.data.subarray(0, this.length) as T;
  }
}

/** Calls `onLine` for each non-blank line of the stream, in order. */
export async function forEachLine(stream: Readable, onLine: (line: string, lineNo: number) => void): Promise<void> {
  const decoder = new StringDecoder('utf8');
  let carry = '';
  let lineNo = 0;
  const emit = (raw: string) => {
    let line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (++lineNo === 1 && line.charCodeAt(0) === 0xfeff) line = line.slice(1);
    if (line.trim().length > 0) onLine(line, lineNo);
  };
  for await (const chunk of stream) {
    const text = carry + (typeof chunk === 'string' ? chunk : decoder.write(chunk as Buffer));
    let start = 0;
    let nl: number;
    while ((nl = text.indexOf('\n', start)) >= 0) {
      emit(text.slice(start, nl));
      start = nl + 1;
    }
    carry = text.slice(start);
  }
  carry += decoder.end();
  if (carry.length > 0) emit(carry);
}
