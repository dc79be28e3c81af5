// End-to-end tests of `heatlens density`: the real CLI in a child process (needs `npm run build`).
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodePNG } from '../../bin/png-decode.js';
import { BIN, useCliWorkspace } from '../support/cli.js';

const { dir, cli, file } = useCliWorkspace('cli', 'dist/bin/main.js');

function readF32(name: string): Float32Array {
  const buf = readFileSync(join(dir, name));
  const out = new Float32Array(buf.length / 4);
  for (let i = 0; i < out.length; i++) out[i] = buf.readFloatLE(i * 4);
  return out;
}

type Point = [x: number, y: number, w: number];

/** The exact density of DESIGN.md at cell centres, row 0 at the top. */
function reference(points: Point[], extent: number[], width: number, height: number, sigma: number): Float64Array {
  const [x0, y0, x1, y1] = extent;
  const out = new Float64Array(width * height);
  const norm = 1 / (2 * Math.PI * sigma * sigma);
  for (let j = 0; j < height; j++) {
    const cy = y0 + ((j + 0.5) * (y1 - y0)) / height;
    for (let i = 0; i < width; i++) {
      const cx = x0 + ((i + 0.5) * (x1 - x0)) / width;
      let f = 0;
      for (const [px, py, w] of points) f += w * Math.exp(-((cx - px) ** 2 + (cy - py) ** 2) / (2 * sigma * sigma));
      out[j * width + i] = f * norm;
    }
  }
  return out;
}

function maxAbsError(got: Float32Array, want: Float64Array): { err: number; peak: number } {
  let err = 0;
  let peak = 0;
  for (let i = 0; i < want.length; i++) {
    err = Math.max(err, Math.abs(got[i] - want[i]));
    peak = Math.max(peak, want[i]);
  }
  return { err, peak };
}

function toCSV(points: Point[]): string {
  return `x,y,w\n${points.map((p) => p.join(',')).join('\n')}\n`;
}

const POINTS: Point[] = [
  [260, 320, 1],
  [180, 262.5, 2],
  [351.3, 401, 0.5],
  [104, 207, 1], // 4 px inside the top-left corner: the boundary must not distort it
  [263, 318, 1.5],
];
const EXTENT = [100, 200, 420, 440]; // 64×48 cells of 5×5 px

describe('heatlens density: values', () => {
  it('writes W×H little-endian float32 matching the exact Gaussian sum (σ = 2 cells)', () => {
    const input = file('ref.csv', toCSV(POINTS));
    const r = cli(['density', '--in', input, '--width', '64', '--height', '48', '--bandwidth', '10', '--extent', EXTENT.join(','), '--out', 'ref.f32']);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, 'ref.f32')).length).toBe(64 * 48 * 4);
    const { err, peak } = maxAbsError(readF32('ref.f32'), reference(POINTS, EXTENT, 64, 48, 10));
    expect(err / peak).toBeLessThanOrEqual(0.002);
  });

  it('is accurate on non-square cells and a wider kernel', () => {
    const extent = [0, 0, 640, 240]; // cells 10 × 5 px; σ = 20 px is 2 and 4 cells
    const points: Point[] = [[320, 120, 1], [100, 60, 3], [600, 10, 1], [322.5, 140, 2]];
    const input = file('aniso.csv', toCSV(points));
    const r = cli(['density', '--in', input, '--width', '64', '--height', '48', '--bandwidth', '20', '--extent', extent.join(','), '--out', 'aniso.f32']);
    expect(r.code).toBe(0);
    const { err, peak } = maxAbsError(readF32('aniso.f32'), reference(points, extent, 64, 48, 20));
    expect(err / peak).toBeLessThanOrEqual(0.002);
  });

  it('writes JSON with the grid, counts and the same values as .f32', () => {
    const input = file('json.csv', `${toCSV(POINTS)}50,50,1\nNaN,300,1\n`);
    const r = cli(['density', '--in', input, '--width', '64', '--height', '48', '--bandwidth', '10', '--extent', EXTENT.join(','), '--out', 'out.json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8'));
    expect(j).toMatchObject({ width: 64, height: 48, extent: EXTENT, bandwidth: [10, 10], kept: 5, dropped: 2 });
    expect(j.total).toBeCloseTo(6, 4);
    expect(j.values).toHaveLength(64 * 48);
    expect(cli(['density', '--in', input, '--width', '64', '--height', '48', '--bandwidth', '10', '--extent', EXTENT.join(','), '--out', 'json.f32']).code).toBe(0);
    const f32 = readF32('json.f32');
    expect(j.values.map((v: number) => Math.fround(v))).toEqual([...f32]);
    expect(j.max).toBeCloseTo(Math.max(...f32), 6);
    // The one-line summary reports the counts.
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/kept 5, dropped 2, malformed 0/);
  });

  it('gives identical output for the same points as CSV and as NDJSON', () => {
    const csv = file('same.csv', toCSV(POINTS));
    const nd = file('same.ndjson', POINTS.map(([x, y, w]) => JSON.stringify({ x, y, w })).join('\n'));
    const args = ['--width', '64', '--height', '48', '--bandwidth', '7.5', '--extent', EXTENT.join(',')];
    expect(cli(['density', '--in', csv, ...args, '--out', 'a.f32']).code).toBe(0);
    expect(cli(['density', '--in', nd, ...args, '--out', 'b.f32']).code).toBe(0);
    expect(readFileSync(join(dir, 'a.f32')).equals(readFileSync(join(dir, 'b.f32')))).toBe(true);
  });

  it('defaults the extent to 0,0,W,H and the bandwidth to auto', () => {
    const input = file('auto.ndjson', '{"x":10,"y":10}\n{"x":20,"y":15}\n{"x":40,"y":30}\n');
    const r = cli(['density', '--in', input, '--width', '50', '--height', '40', '--out', 'auto.json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(readFileSync(join(dir, 'auto.json'), 'utf8'));
    expect(j.extent).toEqual([0, 0, 50, 40]);
    expect(j.bandwidth.every((s: number) => Number.isFinite(s) && s > 0)).toBe(true);
    expect(j.kept).toBe(3);
  });
});

describe('heatlens density: PNG', () => {
  it('writes a valid RGBA PNG: transparent where density is negligible, top colour at the peak', () => {
    const input = file('png.csv', toCSV(POINTS));
    const base = ['density', '--in', input, '--width', '64', '--height', '48', '--bandwidth', '10', '--extent', EXTENT.join(',')];
    expect(cli([...base, '--out', 'out.f32']).code).toBe(0);
    const values = readF32('out.f32');
    let peak = 0;
    for (let i = 1; i < values.length; i++) if (values[i] > values[peak]) peak = i;
    const empty = 47 * 64 + 63; // bottom-right corner, > 5σ from every point

    for (const [colormap, top] of [['viridis', [0xfd, 0xe7, 0x25]], ['inferno', [0xfc, 0xff, 0xa4]]] as const) {
      const args = colormap === 'viridis' ? [] : ['--colormap', colormap];
      expect(cli([...base, ...args, '--out', `${colormap}.png`]).code).toBe(0);
      const bytes = readFileSync(join(dir, `${colormap}.png`));
      // IHDR: 8-bit RGBA (colour type 6), not interlaced — what every viewer reads.
      expect([bytes[24], bytes[25], bytes[28]]).toEqual([8, 6, 0]);
      const png = decodePNG(bytes);
      expect([png.width, png.height]).toEqual([64, 48]);
      expect([...png.rgba.subarray(peak * 4, peak * 4 + 4)]).toEqual([...top, 255]);
      expect(png.rgba[empty * 4 + 3]).toBe(0);
    }
  });
});

describe('heatlens density: errors', () => {
  const ok = () => ['--in', file('ok.csv', 'x,y\n1,2\n'), '--width', '10', '--height', '10'];

  function expectOneLine(r: ReturnType<typeof cli>, code: number, pattern: RegExp) {
    expect(r.code).toBe(code);
    expect(r.stderr).toMatch(/^heatlens: [^\n]+\n$/);
    expect(r.stderr).toMatch(pattern);
  }

  it('rejects an unknown flag with one line and exit code 2', () => {
    const r = cli(['density', ...ok(), '--foo', '1', '--out', 'x.f32']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('heatlens: unknown flag --foo for density (see heatlens density --help)\n');
  });

  it('rejects missing values and missing required flags', () => {
    expectOneLine(cli(['density', ...ok(), '--out']), 2, /missing value for --out/);
    expectOneLine(cli(['density', ...ok(), '--bandwidth', '--out', 'x.f32']), 2, /missing value for --bandwidth/);
    expectOneLine(cli(['density', '--width', '10', '--height', '10', '--out', 'x.f32']), 2, /missing --in/);
    expectOneLine(cli(['density', ...ok()]), 2, /missing --out/);
    expectOneLine(cli(['density', '--in', 'ok.csv', '--height', '10', '--out', 'x.f32']), 2, /missing --width/);
  });

  it('validates width, height, bandwidth, extent, colormap and output extension', () => {
    for (const w of ['0', '12.5', 'abc', '-3', '100000']) {
      expectOneLine(cli(['density', '--in', 'ok.csv', '--width', w, '--height', '10', '--out', 'x.f32']), 2, /--width must be a positive integer/);
    }
    for (const b of ['0', '-1', 'abc', 'Infinity', '1,2,3']) {
      expectOneLine(cli(['density', ...ok(), '--bandwidth', b, '--out', 'x.f32']), 2, /--bandwidth must be/);
    }
    expectOneLine(cli(['density', ...ok(), '--extent', '0,0,10', '--out', 'x.f32']), 2, /--extent must be 4 finite numbers/);
    expectOneLine(cli(['density', ...ok(), '--extent', '0,0,10,abc', '--out', 'x.f32']), 2, /--extent must be 4 finite numbers/);
    expectOneLine(cli(['density', ...ok(), '--extent', '10,0,5,10', '--out', 'x.f32']), 2, /x1 > x0 and y1 > y0/);
    expectOneLine(cli(['density', ...ok(), '--colormap', 'jet', '--out', 'x.png']), 2, /unknown colormap "jet" \(valid: viridis/);
    expectOneLine(cli(['density', ...ok(), '--out', 'x.txt']), 2, /unsupported output extension "\.txt"/);
    expect(existsSync(join(dir, 'x.f32'))).toBe(false);
  });

  it('accepts negative extents and --flag=value', () => {
    const input = file('neg.csv', 'x,y\n-5,-5\n');
    const r = cli(['density', `--in=${input}`, '--width', '10', '--height', '10', '--extent', '-10,-10,0,0', '--out', 'neg.f32']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/kept 1, dropped 0/);
  });

  it('reports a missing input file with exit code 1 and no stack trace', () => {
    const r = cli(['density', '--in', 'nope.csv', '--width', '10', '--height', '10', '--out', 'x.f32']);
    expectOneLine(r, 1, /input file not found: nope\.csv/);
  });

  it('skips and counts malformed rows', () => {
    const input = file('bad-rows.csv', 'x,y,w\n1,2,1\n3,4,1\n5,6\nabc,1,1\n7,8,1\n1,2,3,4\n9,9,1\n');
    const r = cli(['density', '--in', input, '--width', '10', '--height', '10', '--bandwidth', '2', '--out', 'bad.f32']);
    expect(r.code).toBe(0);
    const lines = r.stderr.trim().split('\n');
    expect(lines[0]).toBe('heatlens: skipped 3 malformed rows (first at line 4)');
    expect(lines[1]).toMatch(/kept 4, dropped 0, malformed 3/);
  });

  it('fails when no row is valid or the CSV has no header', () => {
    expectOneLine(cli(['density', '--in', file('all-bad.csv', 'x,y\na,b\n1\n'), '--width', '10', '--height', '10', '--out', 'x.f32']), 1, /no valid rows in all-bad\.csv: 2 malformed rows \(first at line 2\)/);
    expectOneLine(cli(['density', '--in', file('nohead.csv', '1,2\n3,4\n'), '--width', '10', '--height', '10', '--out', 'x.f32']), 1, /header must name columns x and y/);
    expectOneLine(cli(['density', '--in', file('empty.ndjson', '\n'), '--width', '10', '--height', '10', '--out', 'x.f32']), 1, /no points in empty\.ndjson/);
  });

  it('reports an output directory that does not exist', () => {
    expectOneLine(cli(['density', ...ok(), '--out', 'no/such/dir/x.f32']), 1, /cannot write no\/such\/dir\/x\.f32/);
  });
});

describe('heatlens: dispatcher', () => {
  it('prints usage for --help, with exit code 0', () => {
    const top = cli(['--help']);
    expect(top.code).toBe(0);
    expect(top.stdout).toMatch(/Usage: heatlens <command>/);
    expect(top.stdout).toMatch(/density/);
    const sub = cli(['density', '--help']);
    expect(sub.code).toBe(0);
    expect(sub.stdout).toMatch(/Usage: heatlens density --in FILE/);
    expect(cli(['help', 'density']).stdout).toBe(sub.stdout);
  });

  it('rejects an unknown command with one line and exit code 2', () => {
    const r = cli(['frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('heatlens: unknown command "frobnicate" (see heatlens --help)\n');
  });

  it('says so when the TypeScript has not been built', () => {
    const fake = join(dir, 'unbuilt');
    mkdirSync(join(fake, 'bin'), { recursive: true });
    copyFileSync(BIN, join(fake, 'bin/heatlens.js'));
    writeFileSync(join(fake, 'package.json'), '{"type":"module"}');
    const r = cli(['--help'], join(fake, 'bin/heatlens.js'));
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('heatlens: not built yet — run npm run build\n');
  });
});
