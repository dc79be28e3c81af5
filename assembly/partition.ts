// Partitioning points into horizontal bands of the grid before binning.
//
// A 1280×4000 grid is 20 MB, and points in arrival order hit it all over: every stencil row is
// a cache miss and, on shared memory without huge pages, a TLB miss too (measured: binning 1M
// uniformly spread points took 45 ms against 11 ms for clustered ones). A counting sort by band
// (two sequential passes) first makes each band's points land in a few hundred KB that stay in
// cache. It also lets threads bin without private grids: a stencil spans 4 rows, fewer than a
// band, so bands of the same parity never share a cell and can be binned at once (binBands).

import { PAD, paddedHeight } from './grid';
import { binPoints } from './bin2d';

// 2²³ trick for float → int (see bin2d.ts).
const MAGIC: f32 = 8388608.0;
const MAGIC_BITS: i32 = 0x4b000000;

/**
 * Bands of four points: from the top row of each point's stencil, computed with a reciprocal
 * (a row or so of rounding is harmless: a stencil spans 4 rows and a band at least 8, so bands
 * two apart never meet). Points binning would drop go to band 0 and are dropped there.
 */
@inline
function bandsOf(y: v128, y0: v128, y1: v128, scale: v128, offset: v128, lastBand: v128): v128 {
  const valid = v128.and(f32x4.ge(y, y0), f32x4.le(y, y1));
  const band = f32x4.min(f32x4.max(f32x4.floor(f32x4.add(f32x4.mul(f32x4.sub(y, y0), scale), offset)), f32x4.splat(0)), lastBand);
  return i32x4.sub(f32x4.add(v128.and(band, valid), f32x4.splat(MAGIC)), i32x4.splat(MAGIC_BITS));
}

@inline
function bandScale(height: i32, y0: f64, y1: f64, bandRows: i32): v128 {
  return f32x4.splat(<f32>(<f64>height / (y1 - y0) / <f64>bandRows));
}

@inline
function bandOffset(bandRows: i32): v128 {
  // Top stencil row = floor(v + PAD − ½) − 1, in band units.
  return f32x4.splat(<f32>((<f64>PAD - 1.5) / <f64>bandRows));
}

@inline
function lastBandOf(height: i32, bandRows: i32): i32 {
  return (paddedHeight(height) + bandRows - 1) / bandRows - 1;
}

/** Adds the number of points of each band to `counts` (i32 × bands). */
export function countBands(ys: usize, n: i32, height: i32, y0: f64, y1: f64, bandRows: i32, counts: usize): void {
  const vy0 = f32x4.splat(<f32>y0);
  const vy1 = f32x4.splat(<f32>y1);
  const scale = bandScale(height, y0, y1, bandRows);
  const offset = bandOffset(bandRows);
  const lastBand = lastBandOf(height, bandRows);
  const last = f32x4.splat(<f32>lastBand);
  const n4 = n & ~3;
  for (let i: i32 = 0; i < n4; i += 4) {
    const band = bandsOf(v128.load(ys + (<usize>i << 2)), vy0, vy1, scale, offset, last);
    increment(counts, i32x4.extract_lane(band, 0));
    increment(counts, i32x4.extract_lane(band, 1));
    increment(counts, i32x4.extract_lane(band, 2));
    increment(counts, i32x4.extract_lane(band, 3));
  }
  for (let i = n4; i < n; i++) {
    const band = bandsOf(v128.load32_splat(ys + (<usize>i << 2)), vy0, vy1, scale, offset, last);
    increment(counts, i32x4.extract_lane(band, 0));
  }
}

@inline
function increment(counts: usize, band: i32): void {
  const p = counts + (<usize>band << 2);
  store<i32>(p, load<i32>(p) + 1);
}

/**
 * Copies points to their band's next free slot: `cursors` (i32 × bands) starts as each band's
 * first free index and is advanced. `outW` = 0 drops weights; a chunk without weights (`ws` = 0)
 * writes weight 1 when `outW` is set.
 */
export function scatterBands(
  xs: usize, ys: usize, ws: usize, n: i32, height: i32, y0: f64, y1: f64, bandRows: i32,
  cursors: usize, outX: usize, outY: usize, outW: usize,
): void {
  const vy0 = f32x4.splat(<f32>y0);
  const vy1 = f32x4.splat(<f32>y1);
  const scale = bandScale(height, y0, y1, bandRows);
  const offset = bandOffset(bandRows);
  const last = f32x4.splat(<f32>lastBandOf(height, bandRows));
  const n4 = n & ~3;
  for (let i: i32 = 0; i < n4; i += 4) {
    const band = bandsOf(v128.load(ys + (<usize>i << 2)), vy0, vy1, scale, offset, last);
    place(xs, ys, ws, i, i32x4.extract_lane(band, 0), cursors, outX, outY, outW);
    place(xs, ys, ws, i + 1, i32x4.extract_lane(band, 1), cursors, outX, outY, outW);
    place(xs, ys, ws, i + 2, i32x4.extract_lane(band, 2), cursors, outX, outY, outW);
    place(xs, ys, ws, i + 3, i32x4.extract_lane(band, 3), cursors, outX, outY, outW);
  }
  for (let i = n4; i < n; i++) {
    const band = bandsOf(v128.load32_splat(ys + (<usize>i << 2)), vy0, vy1, scale, offset, last);
    place(xs, ys, ws, i, i32x4.extract_lane(band, 0), cursors, outX, outY, outW);
  }
}

@inline
function place(xs: usize, ys: usize, ws: usize, i: i32, band: i32, cursors: usize, outX: usize, outY: usize, outW: usize): void {
  const c = cursors + (<usize>band << 2);
  const slot = load<i32>(c);
  store<i32>(c, slot + 1);
  const from = <usize>i << 2;
  const to = <usize>slot << 2;
  store<f32>(outX + to, load<f32>(xs + from));
  store<f32>(outY + to, load<f32>(ys + from));
  if (outW != 0) store<f32>(outW + to, ws != 0 ? load<f32>(ws + from) : 1);
}

/**
 * Bins the partitioned points of bands from, from + 2, … (< to): `offsets` (i32 × bands + 1)
 * holds each band's first index. Returns the points dropped.
 */
export function binBands(
  xs: usize, ys: usize, ws: usize, offsets: usize, from: i32, to: i32,
  bins: usize, width: i32, height: i32, x0: f64, y0: f64, x1: f64, y1: f64, stats: usize,
): i32 {
  let dropped = 0;
  for (let b = from; b < to; b += 2) {
    const first = load<i32>(offsets + (<usize>b << 2));
    const count = load<i32>(offsets + (<usize>(b + 1) << 2)) - first;
    if (count == 0) continue;
    const at = <usize>first << 2;
    dropped += binPoints(xs + at, ys + at, ws != 0 ? ws + at : 0, count, bins, width, height, x0, y0, x1, y1, stats);
  }
  return dropped;
}
