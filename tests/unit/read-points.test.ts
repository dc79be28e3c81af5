import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { formatFromPath, PointsFormatError, readPoints, readPointsFromStream } from '../../bin/read-points.js';

const dir = mkdtempSync(join(tmpdir(), 'heatlens-read-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** A stream that delivers `text` in tiny pieces, to exercise chunk boundaries. */
function trickle(text: string | Buffer, size: number): Readable {
  const bytes = Buffer.from(text);
  const parts: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) parts.push(bytes.subarray(i, i + size));
  return Readable.from(parts);
}

describe('formatFromPath', () => {
  it('maps extensions and leaves the rest to sniffing', () => {
    expect(formatFromPath('a/b.CSV')).toBe('csv');
    expect(formatFromPath('b.ndjson')).toBe('ndjson');
    expect(formatFromPath('b.jsonl')).toBe('ndjson');
    expect(formatFromPath('b.txt')).toBeUndefined();
  });
});

describe('readPoints (CSV)', () => {
  it('reads x,y without weights', async () => {
    const r = await readPoints(file('a.csv', 'x,y\n1,2\n3.5,-4\n'));
    expect([...r.x]).toEqual([1, 3.5]);
    expect([...r.y]).toEqual([2, -4]);
    expect(r.w).toBeUndefined();
    expect(r).toMatchObject({ rows: 2, malformed: 0, firstMalformedLine: 0, format: 'csv' });
  });

  it('takes columns in any order, ignores extra columns, accepts quoted fields', async () => {
    const text = 'session,"W",Y,x,label\ns1,2,20,10,"a, b"\ns2,"0.5","21","11",plain\n';
    const r = await readPoints(file('b.csv', text));
    expect([...r.x]).toEqual([10, 11]);
    expect([...r.y]).toEqual([20, 21]);
    expect([...r.w!]).toEqual([2, 0.5]);
  });

  it('handles a BOM, CRLF line ends, blank lines and a missing final newline', async () => {
    const r = await readPoints(file('c.csv', '\ufeffx,y,w\r\n\r\n1,2,3\r\n  \r\n4,5,6'));
    expect([...r.x]).toEqual([1, 4]);
    expect([...r.w!]).toEqual([3, 6]);
    expect(r.malformed).toBe(0);
  });

  it('skips and counts malformed rows, remembering the first line number', async () => {
    const text = 'x,y\n1,2\n3\n4,abc\n5,6\n7,8,9\n,1\n10,11\n';
    const r = await readPoints(file('d.csv', text));
    expect([...r.x]).toEqual([1, 5, 10]);
    expect(r.malformed).toBe(4);
    expect(r.firstMalformedLine).toBe(3);
  });

  it('passes non-finite literals through for the engine to drop', async () => {
    const r = await readPoints(file('e.csv', 'x,y\nInfinity,1\nNaN,2\n'));
    expect(r.rows).toBe(2);
    expect(r.x[0]).toBe(Infinity);
    expect(Number.isNaN(r.x[1])).toBe(true);
  });

  it('requires a header naming x and y', async () => {
    await expect(readPoints(file('f.csv', '1,2\n3,4\n'))).rejects.toThrow(PointsFormatError);
    await expect(readPoints(file('f2.csv', 'a,b\n1,2\n'))).rejects.toThrow(/header must name columns x and y/);
    await expect(readPoints(file('empty.csv', '\n\n'))).rejects.toThrow(/empty/);
  });
});

describe('readPoints (NDJSON)', () => {
  it('reads objects with optional weights', async () => {
    const text = '{"x":1,"y":2}\n{"x":3,"y":4,"w":0.5,"extra":"ok"}\n';
    const r = await readPoints(file('a.ndjson', text));
    expect([...r.x]).toEqual([1, 3]);
    expect([...r.w!]).toEqual([1, 0.5]);
    expect(r.format).toBe('ndjson');
  });

  it('has no weights when no row carries one', async () => {
    const r = await readPoints(file('b.jsonl', '{"x":1,"y":2}\r\n{"y":4,"x":3}\r\n'));
    expect(r.w).toBeUndefined();
    expect([...r.y]).toEqual([2, 4]);
  });

  it('skips invalid JSON, non-objects and missing or non-numeric fields', async () => {
    const text = '{"x":1,"y":2}\n{"x":1\n[1,2]\n{"x":"a","y":1}\n{"y":1}\n{"x":1,"y":2,"w":"z"}\n{"x":5,"y":6}\n';
    const r = await readPoints(file('c.ndjson', text));
    expect([...r.x]).toEqual([1, 5]);
    expect(r.malformed).toBe(5);
    expect(r.firstMalformedLine).toBe(2);
  });
});

describe('format sniffing and streaming', () => {
  it('sniffs NDJSON and CSV when the extension says nothing', async () => {
    expect((await readPoints(file('s1.txt', '\n{"x":1,"y":2}\n'))).format).toBe('ndjson');
    expect((await readPoints(file('s2.dat', 'x,y\n1,2\n'))).format).toBe('csv');
  });

  it('gives the same result whatever the chunk boundaries', async () => {
    const text = '\ufeffx,y,w\r\n1.25,2,3\r\nbad\r\n"4",5,6\r\n';
    for (const size of [1, 2, 3, 7, 1024]) {
      const r = await readPointsFromStream(trickle(text, size));
      expect([...r.x], `chunk size ${size}`).toEqual([1.25, 4]);
      expect([...r.w!]).toEqual([3, 6]);
      expect(r.malformed).toBe(1);
      expect(r.firstMalformedLine).toBe(3);
    }
  });

  it('streams a large file into typed arrays', async () => {
    const n = 300_000;
    const lines = ['x,y,w'];
    for (let i = 0; i < n; i++) lines.push(`${i % 1000},${(i * 7) % 977},${(i % 3) + 1}`);
    const path = file('big.csv', `${lines.join('\n')}\n`);
    const r = await readPoints(path);
    expect(r.rows).toBe(n);
    expect(r.x).toBeInstanceOf(Float32Array);
    expect(r.x[n - 1]).toBe((n - 1) % 1000);
    expect(r.y[n - 1]).toBe(((n - 1) * 7) % 977);
    expect(r.w![n - 1]).toBe(((n - 1) % 3) + 1);
  });
});
