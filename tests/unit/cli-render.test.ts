// End-to-end tests of `heatlens render`: the real CLI in a child process (needs `npm run build`)
// against a real ingest server on 127.0.0.1 with a temporary DuckDB store.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodePNG, type DecodedPNG } from '../../bin/png-decode.js';
import { crc32, encodePNG } from '../../bin/png.js';
import { colormapLUT } from '../../components/colormaps.js';
import { applyScale } from '../../components/gl/colour-scale.js';
import { BIN, useCliWorkspace, type CliResult } from '../support/cli.js';
import { useServeProcesses } from '../support/serve-process.js';
import { batch, click, move, NOW, post, scroll, startHarness, view, type Harness } from './ingest-support.js';
import { encodeReferencePNG } from './png-reference-encoder.js';

const { dir, file } = useCliWorkspace('render', 'dist/bin/commands/render.js');
const serve = useServeProcesses(dir);

/** The CLI without blocking this process: the server under test runs in it. */
function cli(args: string[]): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: dir, env: { ...process.env, HEATLENS_DEBUG: '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function png(name: string): DecodedPNG {
  return decodePNG(readFileSync(join(dir, name)));
}

const VIRIDIS = colormapLUT('viridis');

/** The colormap step whose colour is nearest to this pixel's. */
function lutIndex(image: DecodedPNG, x: number, y: number): number {
  const o = (y * image.width + x) * 4;
  let best = 0;
  let bestD = Infinity;
  for (let k = 0; k < 256; k++) {
    const d = (VIRIDIS[k * 3] - image.rgba[o]) ** 2 + (VIRIDIS[k * 3 + 1] - image.rgba[o + 1]) ** 2 + (VIRIDIS[k * 3 + 2] - image.rgba[o + 2]) ** 2;
    if (d < bestD) [best, bestD] = [k, d];
  }
  return best;
}

/** Centroid of the pixels with the highest colormap step (viridis: the highest value). */
function hottest(image: DecodedPNG): [number, number] {
  let top = -1;
  let sx = 0;
  let sy = 0;
  let n = 0;
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      if (image.rgba[(y * image.width + x) * 4 + 3] === 0) continue;
      const k = lutIndex(image, x, y);
      if (k > top) [top, sx, sy, n] = [k, 0, 0, 0];
      if (k === top) [sx, sy, n] = [sx + x, sy + y, n + 1];
    }
  }
  return [sx / n, sy / n];
}

const alpha = (image: DecodedPNG, x: number, y: number) => image.rgba[(y * image.width + x) * 4 + 3];
const pixel = (image: DecodedPNG, x: number, y: number) => [...image.rgba.subarray((y * image.width + x) * 4, (y * image.width + x) * 4 + 4)];

const SITE = 'docs-site';
const W = 400;
const H = 300;
const SIGMA = 15;
/** Click positions: a cluster of 12 at (100, 80) and a lone click at (260, 150). */
const CLICKS: Array<[number, number]> = [...Array.from({ length: 12 }, (): [number, number] => [100, 80]), [260, 150]];

let h: Harness;
let url: string;

beforeAll(async () => {
  h = await startHarness();
  url = h.url;
  const page = { dw: W, dh: H, vw: W };
  const ok = async (events: unknown[], extra: Record<string, unknown> = {}) => expect((await post(url, batch(events, extra))).status).toBe(200);
  await ok([view(page), ...CLICKS.map(([x, y]) => click(x, y, page))]);
  // One visitor's cursor parked at (300, 200) for 4 s, on /parked.
  await ok(Array.from({ length: 41 }, (_, i) => move(300, 200, { path: '/parked', ts: NOW - 9000 + i * 100 })), { session: 's_7c2ccccc' });
  // Two visits to /long, viewport 100 px: one reaches 150 px deep, the other 250 px.
  await ok([scroll(0, { path: '/long', vh: 100, dh: H, ts: NOW - 5000 }), scroll(50, { path: '/long', vh: 100, dh: H, ts: NOW - 4000 })], { session: 's_7c2ddddd' });
  await ok([scroll(0, { path: '/long', vh: 100, dh: H, ts: NOW - 5000 }), scroll(150, { path: '/long', vh: 100, dh: H, ts: NOW - 4000 })], { session: 's_7c2eeeee' });
}, 30_000);
afterAll(() => h?.close());

describe('heatlens render: click maps from the server', () => {
  it('sizes the page from GET /v1/pages; the hottest pixel is on the cluster, a far corner is transparent', async () => {
    const r = await cli(['render', '--url', url, '--site', SITE, '--path', '/pricing', '--out', 'clicks.png']);
    expect(r.stderr).toMatch(/clicks\.png: click map 400×300 px \(grid 100×75\), 13 clicks, dropped 0/);
    expect(r.code).toBe(0);
    const image = png('clicks.png');
    expect([image.width, image.height]).toEqual([W, H]);
    const [x, y] = hottest(image);
    expect(Math.hypot(x + 0.5 - 100, y + 0.5 - 80)).toBeLessThan(3);
    expect(alpha(image, W - 1, H - 1)).toBe(0);
    expect(alpha(image, 100, 80)).toBe(Math.round(255 * 0.85));
  });

  it('matches the exact Gaussian KDE through the same colormap, scale and max, within one colormap step', async () => {
    // --cell 1 puts a grid cell centre under every pixel centre: what remains is the engine's error.
    const max = 0.004;
    const r = await cli(['render', '--url', url, '--site', SITE, '--path', '/pricing', '--width', `${W}`, '--height', `${H}`, '--cell', '1', '--bandwidth', `${SIGMA}`, '--max', `${max}`, '--scale', 'sqrt', '--out', 'exact.png']);
    expect(r.code, r.stderr).toBe(0);
    const image = png('exact.png');
    const exact = (px: number, py: number) =>
      CLICKS.reduce((f, [cx, cy]) => f + Math.exp(-((px - cx) ** 2 + (py - cy) ** 2) / (2 * SIGMA * SIGMA)), 0) / (2 * Math.PI * SIGMA * SIGMA);
    for (const [x, y] of [[100, 80], [110, 85], [120, 70], [130, 100], [260, 150], [270, 160], [180, 115]]) {
      const s = applyScale('sqrt', exact(x + 0.5, y + 0.5) / max);
      expect(Math.abs(lutIndex(image, x, y) - Math.round(s * 255)), `pixel ${x},${y}`).toBeLessThanOrEqual(1);
      expect(Math.abs(alpha(image, x, y) - Math.round(255 * 0.85 * Math.min(1, s * 8)))).toBeLessThanOrEqual(2);
    }
  });

  it('at the default 4 px cells, every drawn pixel is within two colormap steps of the exact KDE', async () => {
    // Bilinear sampling between cell centres 4 px apart errs by up to h²/8 · |f''| ≈ 0.9 % of the
    // peak at σ = 15 px, about one more step of the sqrt scale near the top.
    const max = 0.004;
    const r = await cli(['render', '--url', url, '--site', SITE, '--path', '/pricing', '--width', `${W}`, '--height', `${H}`, '--bandwidth', `${SIGMA}`, '--max', `${max}`, '--scale', 'sqrt', '--out', 'cell4.png']);
    expect(r.code, r.stderr).toBe(0);
    const image = png('cell4.png');
    let drawn = 0;
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        if (alpha(image, x, y) === 0) continue;
        drawn++;
        const f = CLICKS.reduce((a, [cx, cy]) => a + Math.exp(-((x + 0.5 - cx) ** 2 + (y + 0.5 - cy) ** 2) / (2 * SIGMA * SIGMA)), 0) / (2 * Math.PI * SIGMA * SIGMA);
        const step = Math.round(applyScale('sqrt', f / max) * 255);
        if (Math.abs(lutIndex(image, x, y) - step) > 2) expect.fail(`pixel ${x},${y}: step ${lutIndex(image, x, y)}, exact ${step}`);
      }
    }
    expect(drawn).toBeGreaterThan(10_000);
  });

  it('composites over a screenshot: transparent parts show it exactly, the cluster changes it', async () => {
    const shot = new Uint8Array(W * H * 4);
    for (let i = 0; i < W * H; i++) shot.set([(i * 7) % 256, (i >> 3) % 256, 200, 255], i * 4);
    writeFileSync(join(dir, 'shot.png'), encodePNG(W, H, shot));
    const r = await cli(['render', '--url', url, '--site', SITE, '--path', '/pricing', '--under', 'shot.png', '--out', 'over.png']);
    expect(r.code, r.stderr).toBe(0);
    const image = png('over.png');
    for (const [x, y] of [[W - 1, H - 1], [390, 10], [5, 290]]) expect(pixel(image, x, y)).toEqual([...shot.subarray((y * W + x) * 4, (y * W + x) * 4 + 4)]);
    const o = (80 * W + 100) * 4;
    expect(pixel(image, 100, 80)).not.toEqual([...shot.subarray(o, o + 4)]);
    expect(image.rgba[o + 3]).toBe(255);

    // A screenshot of another width is scaled to the page width, and the user is told.
    writeFileSync(join(dir, 'half.png'), encodePNG(W / 2, H / 2, new Uint8Array((W / 2) * (H / 2) * 4).fill(128)));
    const s = await cli(['render', '--url', url, '--site', SITE, '--path', '/pricing', '--under', 'half.png', '--out', 'half-over.png']);
    expect(s.code, s.stderr).toBe(0);
    expect(s.stderr).toMatch(/half\.png is 200×150; scaled to 400×300/);
    expect(pixel(png('half-over.png'), W - 1, H - 1)).toEqual([128, 128, 128, 128]);
  });

  it('draws over a palette screenshot, interlaced, with transparent entries, as its colours are', async () => {
    // 4-bit palette, Adam7: 16 entries in 40 px squares; entry 0 fully transparent, entry 1 half.
    const entries: Array<[number, number, number]> = Array.from({ length: 16 }, (_, k) => [k * 16, 255 - k * 8, (k * 53) % 256]);
    const index = (x: number, y: number) => (Math.floor(x / 40) ^ Math.floor(y / 40)) & 15;
    const samples = Array.from({ length: W * H }, (_, i) => index(i % W, Math.floor(i / W)));
    writeFileSync(join(dir, 'palette.png'), encodeReferencePNG({ width: W, height: H, colourType: 3, depth: 4, samples, palette: entries, trns: [0, 128], interlaced: true }));
    const r = await cli(['render', '--url', url, '--site', SITE, '--path', '/pricing', '--under', 'palette.png', '--out', 'palette-over.png']);
    expect(r.code, r.stderr).toBe(0);
    const image = png('palette-over.png');
    // Far from every click the map is transparent: the screenshot shows as its palette says.
    for (const [x, y] of [[W - 1, H - 1], [390, 10], [5, 290], [0, 0], [45, 5], [205, 250]]) {
      const k = index(x, y);
      expect(pixel(image, x, y), `${x},${y}`).toEqual([...entries[k], k === 0 ? 0 : k === 1 ? 128 : 255]);
    }
    // The cluster sits on a square of entry 0: over a transparent screenshot pixel the map is itself.
    expect(index(100, 80)).toBe(0);
    expect(alpha(image, 100, 80)).toBe(Math.round(255 * 0.85));
  });
});

describe('heatlens render: attention and scroll maps from the server', () => {
  it('attention: a parked cursor is the hottest spot; far from it, with a narrow spread, nothing', async () => {
    const r = await cli(['render', '--url', url, '--site', SITE, '--path', '/parked', '--map', 'attention', '--width', `${W}`, '--height', `${H}`, '--spread', '20', '--out', 'attention.png']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/1 sessions/);
    const image = png('attention.png');
    const [x, y] = hottest(image);
    expect(Math.hypot(x + 0.5 - 300, y + 0.5 - 200)).toBeLessThan(3);
    expect(alpha(image, 0, 0)).toBe(0);
  });

  it('scroll: the top has reach 1, half-way between the two depths 0.5, below both nothing', async () => {
    const r = await cli(['render', '--url', url, '--site', SITE, '--path', '/long', '--map', 'scroll', '--width', `${W}`, '--height', `${H}`, '--out', 'scroll.png']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/2 visits/);
    const image = png('scroll.png');
    const a = Math.round(255 * 0.85);
    expect(pixel(image, 10, 0)).toEqual([...VIRIDIS.subarray(255 * 3, 256 * 3), a]);
    expect(pixel(image, 300, 200)).toEqual([...VIRIDIS.subarray(128 * 3, 129 * 3), a]);
    expect(alpha(image, 10, 290)).toBe(0);
  });
});

describe('heatlens render: local data and errors', () => {
  it('--in renders a CSV of clicks like the server data', async () => {
    file('clicks.csv', `x,y,w\n50,40,3\n150,60,1\n`);
    const r = await cli(['render', '--in', 'clicks.csv', '--width', '200', '--height', '100', '--out', 'local.png']);
    expect(r.code, r.stderr).toBe(0);
    const image = png('local.png');
    expect([image.width, image.height]).toEqual([200, 100]);
    const [x, y] = hottest(image);
    expect(Math.hypot(x + 0.5 - 50, y + 0.5 - 40)).toBeLessThan(3);
  });

  it('--in renders scroll samples from a CSV: reach 1 at the top, nothing below the deepest visit', async () => {
    file('scrolls.csv', `session,ts,y,vh,dh\na,0,0,100,300\na,1000,100,100,300\n`);
    const r = await cli(['render', '--in', 'scrolls.csv', '--map', 'scroll', '--width', '50', '--height', '300', '--out', 'local-scroll.png']);
    expect(r.code, r.stderr).toBe(0);
    const image = png('local-scroll.png');
    expect(pixel(image, 25, 100)).toEqual([...VIRIDIS.subarray(255 * 3, 256 * 3), Math.round(255 * 0.85)]);
    expect(alpha(image, 25, 210)).toBe(0);
  });

  it('--time-in-view adds the band on the right edge, coloured by mean seconds in view', async () => {
    // One visit: 0–100 px in view for 1 s, then 100–200 px for 3 s (the longest), 200–300 never.
    file('dwell.csv', `session,ts,y,vh,dh\na,0,0,100,300\na,1000,100,100,300\na,4000,100,100,300\n`);
    const r = await cli(['render', '--in', 'dwell.csv', '--map', 'scroll', '--time-in-view', '--width', '120', '--height', '300', '--out', 'band.png']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/longest mean time in view 3\.00 s/);
    const image = png('band.png');
    const a = Math.round(255 * 0.85);
    const colour = (i: number) => [...VIRIDIS.subarray(i * 3, i * 3 + 3), a];
    // The band is the last of 12 columns: x 110–120. 1 s of 3 is a third of the colormap.
    expect(pixel(image, 115, 50)).toEqual(colour(85));
    expect(pixel(image, 115, 150)).toEqual(colour(255));
    // Left of it, the reach gradient: every visitor reached 200 px.
    expect(pixel(image, 25, 50)).toEqual(colour(255));
    expect(alpha(image, 115, 250)).toBe(0);
    expect((await cli(['render', '--in', 'dwell.csv', '--width', '120', '--height', '300', '--time-in-view', '--out', 'x.png'])).code).toBe(2);
  });

  it('--in renders cursor samples from a CSV: the parked cursor is the hottest spot', async () => {
    // Colour max at the peak: the top colour marks the hottest cells only (the default 95%
    // saturates the whole core, whose centre the lag pulls along the path).
    const rows = Array.from({ length: 21 }, (_, i) => `v1,${i * 100},${i < 20 ? '60,30' : '10,90'}`);
    file('moves.csv', `session,ts,x,y\n${rows.join('\n')}\n`);
    const r = await cli(['render', '--in', 'moves.csv', '--map', 'attention', '--width', '200', '--height', '120', '--spread', '10', '--max', '100%', '--out', 'local-attention.png']);
    expect(r.code, r.stderr).toBe(0);
    const [x, y] = hottest(png('local-attention.png'));
    expect(Math.hypot(x + 0.5 - 60, y + 0.5 - 30)).toBeLessThan(3);
  });

  it('passes the segment filters to the server: no mobile clicks, an empty (transparent) map and a warning', async () => {
    const r = await cli(['render', '--url', url, '--site', SITE, '--path', '/pricing', '--device', 'mobile', '--width', '40', '--height', '30', '--out', 'mobile.png']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/warning: nothing to draw/);
    expect(png('mobile.png').rgba.every((v) => v === 0)).toBe(true);
  });

  it('usage errors exit 2 with one line', async () => {
    for (const args of [['--bogus'], ['--in', 'clicks.csv', '--out', 'x.png'], ['--url', url, '--site', SITE, '--path', '/p', '--out', 'x.jpg'], ['--in', 'clicks.csv', '--width', '9', '--height', '9', '--max', 'lots', '--out', 'x.png'], ['--in', 'clicks.csv', '--width', '9000', '--height', '9000', '--out', 'x.png'], ['--in', 'clicks.csv', '--width', '900', '--height', '900', '--cell', '0.1', '--out', 'x.png'], ['--url', url, '--site', SITE, '--path', '/p', '--map', 'scroll', '--bandwidth', '9', '--out', 'x.png']]) {
      const r = await cli(['render', ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });

  it('runtime errors exit 1 with one line: server unreachable, a refused request, a bad screenshot', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const down = await cli(['render', '--url', `http://127.0.0.1:${port}`, '--site', SITE, '--path', '/pricing', '--out', 'x.png']);
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(/^heatlens: cannot reach http:\/\/127\.0\.0\.1:\d+: ECONNREFUSED\n$/);

    const refused = await cli(['render', '--url', url, '--site', SITE, '--path', '/pricing', '--width', '10', '--height', '10', '--from', 'yesterday', '--out', 'x.png']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^heatlens: \/v1\/points: server answered 400: .*\(from\)\n$/);

    file('bad.png', 'not an image');
    const bad = await cli(['render', '--url', url, '--site', SITE, '--path', '/pricing', '--under', 'bad.png', '--out', 'x.png']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe('heatlens: bad.png: not a PNG file (bad signature)\n');

    writeFileSync(join(dir, 'no-palette.png'), rawPNG(2, 2, 4, 3, [[0x01], [0x10]]));
    const noPalette = await cli(['render', '--url', url, '--site', SITE, '--path', '/pricing', '--under', 'no-palette.png', '--out', 'x.png']);
    expect(noPalette.code).toBe(1);
    expect(noPalette.stderr).toBe('heatlens: no-palette.png: palette image (colour type 3) without a PLTE chunk\n');
    expect(existsSync(join(dir, 'x.png'))).toBe(false);
  });
});

describe('heatlens render: a site with a read token', () => {
  it('without --token fails naming the 403 and the token, writing nothing; with the token it draws', async () => {
    const TOKEN = 'r3ad-t0ken-for-docs';
    file('sites.json', JSON.stringify({ sites: { 'locked-site': { origins: ['*'], readToken: TOKEN } } }));
    const server = await serve(['--data', 'locked-data', '--sites', 'sites.json']);
    const page = { dw: W, dh: H, vw: W };
    expect((await post(server.url, batch([view(page), ...CLICKS.map(([x, y]) => click(x, y, page))], { site: 'locked-site' }))).status).toBe(200);
    const args = ['render', '--url', server.url, '--site', 'locked-site', '--path', '/pricing', '--out', 'locked.png'];

    const without = await cli(args);
    expect(without.code).toBe(1);
    expect(without.stderr).toBe('heatlens: /v1/pages: server answered 403: site locked-site has a read token: give it with --token T\n');
    expect(existsSync(join(dir, 'locked.png'))).toBe(false);
    // With the page size given, the first request is for the clicks: refused the same way.
    const sized = await cli([...args, '--width', `${W}`, '--height', `${H}`, '--token', 'not-it']);
    expect(sized.code).toBe(1);
    expect(sized.stderr).toBe('heatlens: /v1/points: server answered 403: the --token given is not the read token of site locked-site\n');
    expect(existsSync(join(dir, 'locked.png'))).toBe(false);

    const withToken = await cli([...args, '--token', TOKEN]);
    expect(withToken.code, withToken.stderr).toBe(0);
    expect(withToken.stderr).toMatch(/locked\.png: click map 400×300 px \(grid 100×75\), 13 clicks, dropped 0/);
    const [x, y] = hottest(png('locked.png'));
    expect(Math.hypot(x + 0.5 - 100, y + 0.5 - 80)).toBeLessThan(3);
    // Stopped here, not at the end of the file: its store is inside the workspace removed then.
    server.child.kill('SIGTERM');
    await server.exited;
  });
});

/** A PNG of any IHDR, written chunk by chunk (unfiltered rows), for the decoder's formats. */
function rawPNG(width: number, height: number, depth: number, colourType: number, rows: number[][], interlace = 0): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, 'latin1');
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
    return Buffer.concat([head, data, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([depth, colourType, 0, 0, interlace], 8);
  const raw = Buffer.from(rows.flatMap((row) => [0, ...row]));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

describe('PNG decoder (bin/png-decode.ts)', () => {
  it('reads RGB and greyscale as opaque RGBA, and RGBA with every filter as written', () => {
    expect([...decodePNG(rawPNG(2, 1, 8, 2, [[1, 2, 3, 4, 5, 6]])).rgba]).toEqual([1, 2, 3, 255, 4, 5, 6, 255]);
    expect([...decodePNG(rawPNG(2, 1, 8, 0, [[7, 9]])).rgba]).toEqual([7, 7, 7, 255, 9, 9, 9, 255]);
    expect([...decodePNG(rawPNG(1, 1, 8, 4, [[7, 100]])).rgba]).toEqual([7, 7, 7, 100]);
    const rgba = new Uint8Array(16 * 9 * 4).map((_, i) => (i * 37) % 251);
    expect(decodePNG(encodePNG(16, 9, rgba)).rgba).toEqual(rgba);
  });

  it('reads palette, 16-bit and interlaced files; refuses corrupt ones with a message naming the problem', () => {
    const palette = encodeReferencePNG({ width: 2, height: 1, colourType: 3, depth: 1, samples: [1, 0], palette: [[1, 2, 3], [4, 5, 6]], trns: [0] });
    expect([...decodePNG(palette).rgba]).toEqual([4, 5, 6, 255, 1, 2, 3, 0]);
    // 16-bit samples rounded to 8 bits: 0x1234 / 257 = 18.1, 0x5678 / 257 = 86.1, 0x9abc / 257 = 154.1.
    expect([...decodePNG(rawPNG(1, 1, 16, 2, [[0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc]])).rgba]).toEqual([18, 86, 154, 255]);
    // A 1×1 interlaced image is Adam7's first pass alone.
    expect([...decodePNG(rawPNG(1, 1, 8, 2, [[9, 8, 7]], 1)).rgba]).toEqual([9, 8, 7, 255]);
    expect(() => decodePNG(rawPNG(1, 1, 8, 3, [[0]]))).toThrow(/without a PLTE chunk/);
    const broken = rawPNG(1, 1, 8, 2, [[0, 0, 0]]);
    broken[20] ^= 1;
    expect(() => decodePNG(broken)).toThrow(/bad CRC in IHDR/);
  });
});
