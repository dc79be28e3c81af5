// End-to-end tests of `heatlens scroll`: the real CLI in a child process (needs `npm run build`),
// plus the sample reader on its own (bin/read-scroll.ts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readScrollFromStream } from '../../bin/read-scroll.js';
import { useCliWorkspace } from '../support/cli.js';

const { dir, cli, file } = useCliWorkspace('scroll', 'dist/bin/commands/scroll.js');

function json(name: string) {
  return JSON.parse(readFileSync(join(dir, name), 'utf8'));
}

// Page 3000 px, vh 1000. "a": 0 → 250 (after 10 s) → 2000 (after 100 s more); "b" never scrolls.
const ROWS = [
  ['a', 0, 0, 1000, 3000],
  ['a', 10000, 250, 1000, 3000],
  ['a', 110000, 2000, 1000, 3000],
  ['b', 0, 0, 1000, 3000],
];
const CSV = `session,ts,y,vh,dh\n${ROWS.map((r) => r.join(',')).join('\n')}\n`;
const NDJSON = ROWS.map(([session, ts, y, vh, dh]) => JSON.stringify({ session, ts, y, vh, dh })).join('\n');

describe('heatlens scroll', () => {
  it('writes the reach curve, time in view and fold computed by hand', () => {
    const r = cli(['scroll', '--in', file('s.csv', CSV), '--bins', '6', '--unit', 'px', '--out', 'out.json']);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(r.code).toBe(0);
    const j = json('out.json');
    expect(j).toMatchObject({
      bins: 6,
      unit: 'px',
      binEdges: [0, 500, 1000, 1500, 2000, 2500, 3000],
      reached: [1, 1, 0.5, 0.5, 0.5, 0.5],
      // [0,1000] 10 s; [250,1250] 100 s capped at 30 s; the last sample adds nothing.
      timeInView: [25, 40, 15, 0, 0, 0],
      fold: { mean: 1000, p25: 1000, p50: 1000, p75: 1000 },
      sessions: 2,
      timedSessions: 1,
      dropped: 0,
      malformed: 0,
      maxDepth: 3000,
      idleCap: 30,
    });
    expect(r.stderr).toMatch(/^heatlens: out\.json: 6 bins \(px\), 2 sessions, dropped 0, clamped 0, reordered 0, malformed 0, \d+ ms\n$/);
  });

  it('defaults to percent of the document and reads NDJSON the same as CSV', () => {
    expect(cli(['scroll', '--in', file('s2.csv', CSV), '--bins', '4', '--out', 'c.json']).code).toBe(0);
    expect(cli(['scroll', '--in', file('s2.ndjson', NDJSON), '--bins', '4', '--out', 'n.json']).code).toBe(0);
    const c = json('c.json');
    expect(c.unit).toBe('percent');
    expect(c.binEdges).toEqual([0, 25, 50, 75, 100]);
    expect(c.reached).toEqual([1, 1, 0.5, 0.5]); // b's fold is 1000/3000 = 33% of the page, past 25%
    expect(json('n.json')).toEqual(c);
  });

  it('takes --max-depth and --idle-cap', () => {
    expect(cli(['scroll', '--in', file('s3.csv', CSV), '--bins', '2', '--unit', 'px', '--max-depth', '1000', '--idle-cap', '5', '--out', 'm.json']).code).toBe(0);
    const j = json('m.json');
    expect(j.binEdges).toEqual([0, 500, 1000]);
    expect(j.reached).toEqual([1, 1]);
    // [0,1000] 5 s; [250,1000] (clipped) 5 s.
    expect(j.timeInView).toEqual([7.5, 10]);
    expect(j.idleCap).toBe(5);
  });

  it('skips malformed rows and counts dropped and clamped samples', () => {
    const text = `${CSV}c,5,nope,1000,3000\nonly,three,fields\nd,0,-20,800,NaN\n,0,0,800,3000\ne,0,5000,800,3000\n`;
    const r = cli(['scroll', '--in', file('bad.csv', text), '--bins', '4', '--out', 'bad.json']);
    expect(r.code).toBe(0);
    const lines = r.stderr.trim().split('\n');
    expect(lines[0]).toBe('heatlens: skipped 3 malformed rows (first at line 6)');
    expect(lines).toHaveLength(2);
    const j = json('bad.json');
    expect([j.malformed, j.dropped, j.clamped, j.sessions]).toEqual([3, 1, 1, 3]);
  });

  it('stops with one line and exit 2 on a bad command line', () => {
    const input = file('ok.csv', CSV);
    const cases: [string[], RegExp][] = [
      [['--bins', '4', '--out', 'x.json'], /missing --in FILE/],
      [['--in', input, '--out', 'x.json'], /missing --bins N/],
      [['--in', input, '--bins', '0', '--out', 'x.json'], /--bins must be a positive integer up to 100000, got "0"/],
      [['--in', input, '--bins', '4', '--unit', 'em', '--out', 'x.json'], /--unit must be px or percent, got "em"/],
      [['--in', input, '--bins', '4', '--max-depth', '900', '--out', 'x.json'], /--max-depth needs --unit px/],
      [['--in', input, '--bins', '4', '--unit', 'px', '--max-depth', '-1', '--out', 'x.json'], /--max-depth must be a positive number of px/],
      [['--in', input, '--bins', '4', '--idle-cap', 'long', '--out', 'x.json'], /--idle-cap must be a positive number of seconds/],
      [['--in', input, '--bins', '4', '--out', 'x.png'], /unsupported output extension ".png"/],
      [['--in', input, '--bins', '4', '--out', 'x.json', '--colormap', 'viridis'], /unknown flag --colormap for scroll/],
    ];
    for (const [args, pattern] of cases) {
      const r = cli(['scroll', ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/^heatlens: [^\n]+\n$/);
      expect(r.stderr).toMatch(pattern);
    }
  });

  it('stops with one line and exit 1 when the input cannot be used', () => {
    const cases: [string, RegExp][] = [
      ['missing.csv', /input file not found: missing\.csv/],
      [file('nohead.csv', 'a,b,c\n1,2,3\n'), /CSV header must name columns session,ts,y,vh,dh/],
      [file('allbad.csv', 'session,ts,y,vh,dh\nx,1,2\n'), /no valid rows in allbad\.csv: 1 malformed row \(first at line 2\)/],
      [file('empty.csv', 'session,ts,y,vh,dh\n'), /no samples in empty\.csv/],
    ];
    for (const [input, pattern] of cases) {
      const r = cli(['scroll', '--in', input, '--bins', '4', '--out', 'x.json']);
      expect(r.code, input).toBe(1);
      expect(r.stderr).toMatch(/^heatlens: [^\n]+\n$/);
      expect(r.stderr).toMatch(pattern);
    }
  });

  it('is listed in heatlens --help and has its own --help', () => {
    expect(cli(['--help']).stdout).toMatch(/^ {2}scroll +scroll depth/m);
    const r = cli(['scroll', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: heatlens scroll --in FILE --bins N/);
  });
});

describe('readScrollFromStream', () => {
  function trickle(text: string, size: number): Readable {
    const bytes = Buffer.from(text);
    const parts: Buffer[] = [];
    for (let i = 0; i < bytes.length; i += size) parts.push(bytes.subarray(i, i + size));
    return Readable.from(parts);
  }

  it('numbers sessions densely, takes columns in any order and survives any chunking', async () => {
    const text = '\ufeffdh,vh,y,ts,session,extra\r\n4000,800,10,5,"x,1",z\r\n4000,800,20,6,y,z\r\nbad\r\n4000,800,30,7,"x,1",z\r\n';
    for (const size of [1, 3, 1024]) {
      const r = await readScrollFromStream(trickle(text, size));
      expect([...r.session], `chunk size ${size}`).toEqual([0, 1, 0]);
      expect([...r.ts]).toEqual([5, 6, 7]);
      expect([...r.y]).toEqual([10, 20, 30]);
      expect([r.rows, r.sessionIds, r.malformed, r.firstMalformedLine]).toEqual([3, 2, 1, 4]);
    }
  });

  it('reads NDJSON with numeric or string sessions and skips objects missing a key', async () => {
    const text = '{"session":7,"ts":1,"y":0,"vh":800,"dh":900}\n{"session":"7","ts":2,"y":0,"vh":800,"dh":900}\n{"ts":1,"y":0,"vh":1,"dh":1}\n[1]\n{"session":"s","ts":"NaN","y":0,"vh":800,"dh":900}\n';
    const r = await readScrollFromStream(Readable.from([text]));
    expect(r.format).toBe('ndjson');
    expect([...r.session]).toEqual([0, 0, 1]); // 7 and "7" name the same session in a text file
    expect(Number.isNaN(r.ts[2])).toBe(true);
    expect(r.malformed).toBe(2);
  });
});
