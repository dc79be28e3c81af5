// Cursor samples for <attention-map>: the ingest's binary moves answer (buffers written by hand
// from the documented layout, not by the server's encoder), its JSON answer, JSON columns and
// rows, NDJSON and CSV; structural problems are specific errors, bad numbers pass as NaN for the
// engine to drop and count; fetching from a real HTTP server on 127.0.0.1.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeMoves, decodeMovesBinary, fetchMoves, parseMovesCsv, parseMovesJson, parseMovesNdjson } from '../../components/moves-source.js';
import { PointsSourceError } from '../../components/points-source.js';

interface Sample {
  t: number;
  visit: number;
  x: number;
  y: number;
}

/** docs/points-format.md's header with magic HLMV, then t (f64), visit (u32), x (f32), y (f32). */
function movesBuffer(samples: Sample[], opts: { visits?: number; flags?: number; headerSize?: number; magic?: string; version?: number } = {}): ArrayBuffer {
  const n = samples.length;
  const at = opts.headerSize ?? 32;
  const buf = new ArrayBuffer(at + 20 * n);
  const v = new DataView(buf);
  (opts.magic ?? 'HLMV').split('').forEach((c, i) => v.setUint8(i, c.charCodeAt(0)));
  v.setUint16(4, opts.version ?? 1, true);
  v.setUint16(6, at, true);
  v.setUint32(8, opts.flags ?? 0, true);
  v.setUint32(12, n, true);
  v.setFloat64(16, opts.visits ?? new Set(samples.map((s) => s.visit)).size, true);
  samples.forEach((s, i) => {
    v.setFloat64(at + 8 * i, s.t, true);
    v.setUint32(at + 8 * n + 4 * i, s.visit, true);
    v.setFloat32(at + 12 * n + 4 * i, s.x, true);
    v.setFloat32(at + 16 * n + 4 * i, s.y, true);
  });
  return buf;
}

const SAMPLES: Sample[] = [
  { t: 1_764_000_000_000, visit: 0, x: 10.5, y: 20 },
  { t: 1_764_000_000_100, visit: 0, x: 11, y: 21.25 },
  { t: 1_764_000_000_050, visit: 7, x: 300, y: 4000 },
];

function expectBadData(run: () => unknown, message: RegExp): void {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(PointsSourceError);
    expect((error as PointsSourceError).code).toBe('bad-data');
    expect((error as Error).message).toMatch(message);
    return;
  }
  throw new Error('expected a bad-data error');
}

describe('binary moves (HLMV)', () => {
  it('decodes the four columns, the visit count and the truncated flag', () => {
    const m = decodeMovesBinary(movesBuffer(SAMPLES, { visits: 5, flags: 2 }));
    expect([...m.ts]).toEqual(SAMPLES.map((s) => s.t));
    expect([...m.session]).toEqual([0, 0, 7]);
    expect([...m.x]).toEqual([10.5, 11, 300]);
    expect([...m.y]).toEqual([20, 21.25, 4000]);
    expect(m.session).toBeInstanceOf(Uint32Array);
    expect(m.visits).toBe(5);
    expect(m.truncated).toBe(true);
    expect(decodeMovesBinary(movesBuffer(SAMPLES, { flags: 1 })).truncated).toBe(false);
  });

  it('skips header bytes it does not know (a longer header from a later writer)', () => {
    const m = decodeMovesBinary(movesBuffer(SAMPLES, { headerSize: 48 }));
    expect([...m.x]).toEqual([10.5, 11, 300]);
    expect([...m.ts]).toEqual(SAMPLES.map((s) => s.t));
  });

  it('decodes an empty answer', () => {
    const m = decodeMovesBinary(movesBuffer([], { visits: 0 }));
    expect(m.ts.length).toBe(0);
    expect(m.visits).toBe(0);
  });

  it('refuses a short buffer, another magic, another version and a length that does not add up', () => {
    expectBadData(() => decodeMovesBinary(new ArrayBuffer(10)), /10 bytes, shorter than the 32-byte header/);
    expectBadData(() => decodeMovesBinary(movesBuffer(SAMPLES, { magic: 'HLPT' })), /starts with "HLPT", expected "HLMV"/);
    expectBadData(() => decodeMovesBinary(movesBuffer(SAMPLES, { version: 2 })), /version 2 is not supported/);
    expectBadData(() => decodeMovesBinary(movesBuffer(SAMPLES).slice(0, 32 + 20 * 3 - 4)), /expected a 32-byte header \+ 20 × 3/);
    // The Float64 time column could not be viewed in place at an offset that is not a multiple of 8.
    expectBadData(() => decodeMovesBinary(movesBuffer(SAMPLES, { headerSize: 36 })), /36-byte header/);
  });

  it('is picked by media type or by its magic whatever the URL says', () => {
    const buf = movesBuffer(SAMPLES);
    expect(decodeMoves(buf, 'application/vnd.heatlens.moves', '/v1/moves?site=a').ts.length).toBe(3);
    expect(decodeMoves(buf, 'application/octet-stream', '/samples.json').ts.length).toBe(3);
  });
});

describe('text formats', () => {
  const expected = { session: [1, 1, 2], ts: [0, 100, 50], x: [10, 20, 30], y: [5, 6, 7] };
  const plain = (m: ReturnType<typeof parseMovesJson>) => ({ session: [...m.session], ts: [...m.ts], x: [...m.x], y: [...m.y] });

  it("reads the ingest's format=json answer (visit and t columns, visit count, truncated)", () => {
    const m = parseMovesJson(JSON.stringify({ n: 3, visits: 2, truncated: true, t: [0, 100, 50], visit: [1, 1, 2], x: [10, 20, 30], y: [5, 6, 7] }));
    expect(plain(m)).toEqual(expected);
    expect(m).toMatchObject({ visits: 2, truncated: true });
  });

  it('reads JSON columns, JSON rows, NDJSON and CSV to the same columns', () => {
    expect(plain(parseMovesJson('{"session":[1,1,2],"ts":[0,100,50],"x":[10,20,30],"y":[5,6,7]}'))).toEqual(expected);
    expect(plain(parseMovesJson('[{"session":1,"ts":0,"x":10,"y":5},{"visit":1,"t":100,"x":20,"y":6},{"session":2,"ts":50,"x":30,"y":7}]'))).toEqual(expected);
    expect(plain(parseMovesNdjson('{"session":1,"ts":0,"x":10,"y":5}\n\n{"session":1,"ts":100,"x":20,"y":6}\r\n{"session":2,"ts":50,"x":30,"y":7}\n'))).toEqual(expected);
    expect(plain(parseMovesCsv('x,y,session,ts\r\n10,5,1,0\n20,6,1,100\n30,7,2,50\n'))).toEqual(expected);
    expect(plain(parseMovesCsv('visit,t,x,y\n1,0,10,5\n1,100,20,6\n2,50,30,7'))).toEqual(expected);
  });

  it('keeps string session ids as strings (and numbers as strings when ids are mixed)', () => {
    expect(parseMovesCsv('session,ts,x,y\nab12,0,1,1\n7,5,1,1\n').session).toEqual(['ab12', '7']);
    expect(parseMovesJson('{"session":["s1",2],"ts":[0,1],"x":[0,0],"y":[0,0]}').session).toEqual(['s1', '2']);
    expect(parseMovesCsv('session,ts,x,y\n3,0,1,1\n').session).toBeInstanceOf(Float64Array);
  });

  it('reads ISO 8601 times as ms since the epoch', () => {
    const m = parseMovesNdjson('{"session":"a","ts":"2026-11-25T03:00:00.250Z","x":1,"y":2}');
    expect(m.ts[0]).toBe(Date.UTC(2026, 10, 25, 3, 0, 0, 250));
  });

  it('passes unreadable numbers through as NaN, for the engine to drop and count', () => {
    const m = parseMovesCsv('session,ts,x,y\n1,soon,1,1\n1,10,,2\n1,20,3,abc\n');
    expect([...m.ts].map(Number.isNaN)).toEqual([true, false, false]);
    expect(Number.isNaN(m.x[1])).toBe(true);
    expect(Number.isNaN(m.y[2])).toBe(true);
  });

  it('names what is missing or malformed', () => {
    expectBadData(() => parseMovesCsv('a,b\n1,2\n'), /CSV header must name session, ts, x and y, got "a,b"/);
    expectBadData(() => parseMovesCsv('session,ts,x,y\n1,0,1,1\n,5,1,1\n'), /CSV line 3 has no session id/);
    expectBadData(() => parseMovesJson('{"session":[1],"x":[1],"y":[1]}'), /JSON columns need "ts" or "t" as an array/);
    expectBadData(() => parseMovesJson('{"session":[1,2],"ts":[1],"x":[1,2],"y":[1,2]}'), /column "ts" has 1 values, "session" has 2/);
    expectBadData(() => parseMovesJson('[{"ts":1,"x":1,"y":1}]'), /JSON row 1 has no session id/);
    expectBadData(() => parseMovesJson('[1, 2]'), /JSON row 1 is not an object with session, ts, x and y/);
    expectBadData(() => parseMovesJson('{"session":'), /not valid JSON/);
    expectBadData(() => parseMovesNdjson('{"session":1,"ts":0,"x":1,"y":1}\n{oops}\n'), /NDJSON line 2 is not valid JSON/);
    expectBadData(() => parseMovesNdjson('{"session":1,"ts":0,"x":1,"y":1}\n\n{"ts":0,"x":1,"y":1}\n'), /NDJSON line 3 has no session id/);
  });

  it('picks the text format by media type, extension, then content; a JSON document with the wrong shape is not re-read as NDJSON', () => {
    const bytes = (s: string) => new TextEncoder().encode(s).buffer as ArrayBuffer;
    const ndjson = '{"session":1,"ts":0,"x":1,"y":1}\n{"session":1,"ts":9,"x":1,"y":1}\n';
    expect(decodeMoves(bytes(ndjson), 'application/x-ndjson', '/m').ts.length).toBe(2);
    expect(decodeMoves(bytes(ndjson), '', '/moves.jsonl').ts.length).toBe(2);
    expect(decodeMoves(bytes(ndjson), 'text/plain', '/m').ts.length).toBe(2);
    expect(decodeMoves(bytes('session,ts,x,y\n1,0,1,1\n'), '', '/m.csv').ts.length).toBe(1);
    expect(decodeMoves(bytes('session,ts,x,y\n1,0,1,1\n'), 'text/plain', '/m').ts.length).toBe(1);
    expectBadData(() => decodeMoves(bytes('{"points":[]}'), 'text/plain', '/m'), /JSON columns need "session" or "visit"/);
  });
});

describe('fetchMoves over HTTP', () => {
  let server: Server;
  let origin = '';
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url?.startsWith('/v1/moves')) {
        res.writeHead(200, { 'content-type': 'application/vnd.heatlens.moves' });
        res.end(Buffer.from(movesBuffer(SAMPLES, { visits: 2 })));
      } else if (req.url === '/refused') {
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { code: 'invalid-query', message: 'unknown parameter "sight"', path: 'sight' } }));
      } else if (req.url === '/moves.csv') {
        res.writeHead(200, { 'content-type': 'text/csv; charset=utf-8' });
        res.end('session,ts,x,y\nv1,0,5,5\nv1,100,6,6\n');
      } else {
        res.writeHead(404);
        res.end();
      }
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((done) => server.close(() => done())));

  it('fetches and decodes the binary answer and CSV', async () => {
    const m = await fetchMoves(`${origin}/v1/moves?site=demo&path=/`);
    expect([...m.session]).toEqual([0, 0, 7]);
    expect(m.visits).toBe(2);
    const csv = await fetchMoves(`${origin}/moves.csv`);
    expect(csv.session).toEqual(['v1', 'v1']);
  });

  it("reports an HTTP error with the ingest API's message", async () => {
    await expect(fetchMoves(`${origin}/refused`)).rejects.toMatchObject({
      code: 'http-status',
      message: `cursor samples request to ${origin}/refused failed with HTTP 400: unknown parameter "sight"`,
    });
    await expect(fetchMoves(`${origin}/nothing`)).rejects.toMatchObject({ code: 'http-status', message: expect.stringMatching(/HTTP 404$/) });
  });

  it('reports a failed connection as fetch-failed', async () => {
    const closed = createServer();
    await new Promise<void>((done) => closed.listen(0, '127.0.0.1', done));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((done) => closed.close(() => done()));
    await expect(fetchMoves(`http://127.0.0.1:${port}/v1/moves`)).rejects.toMatchObject({
      code: 'fetch-failed',
      message: expect.stringMatching(/^could not fetch cursor samples from/),
    });
  });
});
