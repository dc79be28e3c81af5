// End-to-end tests of `heatlens attention`: the real CLI in a child process (needs `npm run
// build`), writing .f32, .json and .png, held against hand-computed weights and their exact
// Gaussian sum; plus the sample reader on its own (bin/read-attention.ts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readAttentionFromStream } from '../../bin/read-attention.js';
import { colormapLUT } from '../../components/colormaps.js';
import { colorize } from '../../bin/colorize.js';
import { encodePNG } from '../../bin/png.js';
import { exactAttentionDensity } from '../../bench/attention-plain.mjs';
import { errorOfPeak } from './attention-support.js';
import { useCliWorkspace } from '../support/cli.js';

const { dir, cli, file } = useCliWorkspace('attention', 'dist/bin/commands/attention.js');

// As in attention-model.test.ts: weights 0.5, 1, 5 (capped) and 0.025 (fast) at these points.
const ROWS: [string, number, number, number][] = [
  ['a', 0, 30, 24],
  ['a', 500, 30, 24],
  ['a', 1500, 50, 24],
  ['a', 9500, 50, 24],
  ['b', 0, 70, 40],
  ['b', 100, 110, 40],
];
const HAND = { x: [30, 35, 50, 110], y: [24, 24, 24, 40], w: [0.5, 1, 5, 0.025] };
const CSV = `session,ts,x,y\n${ROWS.map((r) => r.join(',')).join('\n')}\n`;
const NDJSON = ROWS.map(([session, ts, x, y]) => JSON.stringify({ session, ts, x, y })).join('\n');
const MODEL = ['--idle-cap', '5', '--speed-threshold', '100', '--fast-weight', '0.25', '--lag', '250', '--spread', '6'];
const GRID = ['--width', '128', '--height', '64'];
const EXACT = exactAttentionDensity(HAND, { extent: [0, 0, 128, 64], width: 128, height: 64, spread: 6 }).values;

describe('heatlens attention', () => {
  it('.f32: the exact Gaussian sum of the hand-computed weights; a summary line with every count', () => {
    const r = cli(['attention', '--in', file('s.csv', CSV), ...GRID, ...MODEL, '--out', 'a.f32']);
    expect(r.code).toBe(0);
    const bytes = readFileSync(join(dir, 'a.f32'));
    expect(bytes.length).toBe(128 * 64 * 4);
    const values = new Float32Array(bytes.buffer, bytes.byteOffset, 128 * 64);
    expect(errorOfPeak(values, EXACT)).toBeLessThanOrEqual(0.002);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(
      // b's one step, 40 px in 100 ms, is the only one over 100 px/s.
      /a\.f32: 128×64, 2 sessions, kept 6, dropped 0 \(non-finite 0, backwards 0, duplicate 0, single-sample 0\), idle-capped 1, fast 1, reordered 0 samples in 0 sessions, malformed 0, 6\.52500 s of attention/,
    );
  });

  it('.json from NDJSON: totals, counts, the parameters used, and the same values', () => {
    const r = cli(['attention', '--in', file('s.ndjson', NDJSON), ...GRID, ...MODEL, '--per-session', '--out', 'a.json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(readFileSync(join(dir, 'a.json'), 'utf8'));
    expect(j).toMatchObject({
      width: 128, height: 64, extent: [0, 0, 128, 64], unit: 's/px²', sessions: 2, kept: 6, idleCapped: 1, reordered: false, malformed: 0,
      counts: { reordered: { sessions: 0, samples: 0 }, fast: 1, idleCapped: 1 },
      dropped: { nonFinite: 0, backwards: 0, duplicate: 0, singleSample: 0, total: 0 },
      params: { idleCap: 5, speedThreshold: 100, fastWeight: 0.25, lag: 250, spread: 6, perSession: true },
    });
    expect(j.total).toBeCloseTo(6.525, 5);
    const mean = 6.525 / 2;
    const w = [...HAND.w.slice(0, 3).map((v) => (v * mean) / 6.5), mean];
    const exact = exactAttentionDensity({ ...HAND, w }, { extent: [0, 0, 128, 64], width: 128, height: 64, spread: 6 }).values;
    expect(j.values).toHaveLength(128 * 64);
    expect(errorOfPeak(j.values, exact)).toBeLessThanOrEqual(0.002);
    expect(j.max).toBeCloseTo(Math.max(...j.values), 6);
  });

  it('.png: the colormapped image of the same values, W×H RGBA', () => {
    expect(cli(['attention', '--in', 's.csv', ...GRID, ...MODEL, '--out', 'p.f32']).code).toBe(0);
    const r = cli(['attention', '--in', 's.csv', ...GRID, ...MODEL, '--colormap', 'magma', '--out', 'p.png']);
    expect(r.code).toBe(0);
    const png = readFileSync(join(dir, 'p.png'));
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([128, 64]);
    const bytes = readFileSync(join(dir, 'p.f32'));
    const values = new Float32Array(bytes.buffer, bytes.byteOffset, 128 * 64);
    const max = values.reduce((m, v) => Math.max(m, v), 0);
    const expected = encodePNG(128, 64, colorize(values, max, colormapLUT('magma')));
    expect(Buffer.compare(png, Buffer.from(expected))).toBe(0);
  });

  it('the defaults apply without model flags; the extent flag moves the grid', () => {
    const r = cli(['attention', '--in', 's.csv', '--width', '32', '--height', '16', '--extent', '-100,-100,300,100', '--out', 'd.json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(readFileSync(join(dir, 'd.json'), 'utf8'));
    expect(j.params).toEqual({ idleCap: 5, speedThreshold: 940, fastWeight: 0, lag: 700, spread: 140, perSession: false });
    expect(j.extent).toEqual([-100, -100, 300, 100]);
    // Session b's move is ballistic (400 px/s under a 100 px/s threshold earlier; here 400 < 940: slow).
    expect(j.total).toBeCloseTo(0.5 + 1 + 5 + 0.1, 5);
  });

  it('--help prints the usage; bad flags and bad input are one line and an exit code', () => {
    const help = cli(['attention', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Usage: heatlens attention --in FILE --width W --height H/);
    expect(help.stdout).toMatch(/--per-session/);
    const cases: [string[], number, RegExp][] = [
      [['--in', 's.csv', ...GRID, '--lag', '-5', '--out', 'x.f32'], 2, /--lag must be a number of ms from 0 to 60000, got "-5"/],
      [['--in', 's.csv', ...GRID, '--fast-weight', '2', '--out', 'x.f32'], 2, /--fast-weight must be a number from 0 to 1/],
      [['--in', 's.csv', ...GRID, '--spread', '0', '--out', 'x.f32'], 2, /--spread must be a positive number of px/],
      [['--in', 's.csv', ...GRID, '--out', 'x.txt'], 2, /unsupported output extension ".txt"/],
      [['--in', 's.csv', '--width', '8', '--out', 'x.f32'], 2, /missing --height/],
      [['--in', 'missing.csv', ...GRID, '--out', 'x.f32'], 1, /input file not found: missing.csv/],
      [['--in', file('bad.csv', 'a,b\n1,2\n'), ...GRID, '--out', 'x.f32'], 1, /CSV header must name columns session,ts,x,y/],
    ];
    for (const [args, code, message] of cases) {
      const r = cli(['attention', ...args]);
      expect(r.code, args.join(' ')).toBe(code);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(message);
    }
  });

  it('reads ISO 8601 times in ts as the element does, counting the samples that step back in time', () => {
    // The same samples at 2026-03-01T10:00:00Z + ts, session a listed last first: 9500, 1500,
    // 500, 0 steps back three times, in one session. The map is the hand-computed one.
    const iso = (ms: number) => new Date(Date.UTC(2026, 2, 1, 10) + ms).toISOString();
    const order = [3, 2, 1, 0, 4, 5];
    const csv = `session,ts,x,y\n${order.map((i) => [ROWS[i][0], iso(ROWS[i][1]), ROWS[i][2], ROWS[i][3]].join(',')).join('\n')}\n`;
    const r = cli(['attention', '--in', file('iso.csv', csv), ...GRID, ...MODEL, '--out', 'iso.f32']);
    expect(r.code).toBe(0);
    const bytes = readFileSync(join(dir, 'iso.f32'));
    expect(errorOfPeak(new Float32Array(bytes.buffer, bytes.byteOffset, 128 * 64), EXACT)).toBeLessThanOrEqual(0.002);
    expect(r.stderr).toMatch(/kept 6, .* idle-capped 1, fast 1, reordered 3 samples in 1 session, malformed 0, 6\.52500 s of attention/);
    // NDJSON with an offset and without milliseconds; ms and ISO mixed in one file.
    const ndjson = [
      { session: 'a', ts: '2026-03-01T11:00:00+01:00', x: 30, y: 24 },
      { session: 'a', ts: Date.UTC(2026, 2, 1, 10) + 500, x: 30, y: 24 },
      { session: 'a', ts: '2026-03-01T10:00:01.5Z', x: 50, y: 24 },
      { session: 'a', ts: '2026-03-01T10:00:09.500Z', x: 50, y: 24 },
      { session: 'b', ts: iso(0), x: 70, y: 40 },
      { session: 'b', ts: String(Date.UTC(2026, 2, 1, 10) + 100), x: 110, y: 40 },
    ].map((o) => JSON.stringify(o)).join('\n');
    const n = cli(['attention', '--in', file('iso.ndjson', ndjson), ...GRID, ...MODEL, '--out', 'iso.json']);
    expect(n.code).toBe(0);
    const j = JSON.parse(readFileSync(join(dir, 'iso.json'), 'utf8'));
    expect([j.kept, j.malformed, j.idleCapped, j.counts.fast]).toEqual([6, 0, 1, 1]);
    expect(j.total).toBeCloseTo(6.525, 5);
    // Not a time at all: still a malformed row.
    const bad = cli(['attention', '--in', file('bad-time.csv', `${csv}a,yesterday,1,1\n`), ...GRID, ...MODEL, '--out', 'bad.json']);
    expect(bad.stderr).toMatch(/skipped 1 malformed row \(first at line 8\)/);
  });

  it('reports malformed rows and counts dropped samples by reason', () => {
    const text = `${CSV}a,oops,1,1\nc,5,NaN,3\nc,-7,1,1\nb,100,111,40\n`;
    const r = cli(['attention', '--in', file('m.csv', text), ...GRID, ...MODEL, '--out', 'm.json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/skipped 1 malformed row \(first at line 8\)/);
    const j = JSON.parse(readFileSync(join(dir, 'm.json'), 'utf8'));
    expect(j.dropped).toEqual({ nonFinite: 1, backwards: 1, duplicate: 1, singleSample: 0, total: 3 });
    expect(j.malformed).toBe(1);
  });
});

describe('read-attention', () => {
  it('reads CSV in any column order with quoted and extra fields, numbering sessions', async () => {
    const text = 'y,extra,session,x,ts\n1,"a,b",s1,2,10\n3,z,"s2",4,20\n5,z,s1,6,30\n';
    const d = await readAttentionFromStream(Readable.from([text]), 'csv');
    expect(Array.from(d.session)).toEqual([0, 1, 0]);
    expect(Array.from(d.ts)).toEqual([10, 20, 30]);
    expect(Array.from(d.x)).toEqual([2, 4, 6]);
    expect(Array.from(d.y)).toEqual([1, 3, 5]);
    expect(d.sessionIds).toBe(2);
  });

  it('reads NDJSON, skipping malformed lines and keeping non-finite literals for the engine', async () => {
    const text = '{"session":1,"ts":0,"x":1,"y":2}\nnot json\n{"session":1,"ts":"NaN","x":1,"y":2}\n{"ts":1,"x":1,"y":1}\n';
    const d = await readAttentionFromStream(Readable.from([text]));
    expect(d.format).toBe('ndjson');
    expect(d.rows).toBe(2);
    expect(Number.isNaN(d.ts[1])).toBe(true);
    expect(d.malformed).toBe(2);
    expect(d.firstMalformedLine).toBe(2);
  });
});
