// Separable 2-D Gaussian smoothing of the padded bins, in cache-sized strips.
//
// A 1280×4000 grid is 20 MB: passing over it whole for each of causal/anticausal × x/y plus
// two transposes is bandwidth-bound. Instead each pass works on a strip of STRIP columns whose
// working set stays in L2: smooth the strip down its columns, then transpose it straight into
// place; the second pass does the same on the transposed grid and writes the visible cells
// out, scaled, cropped and clamped. Memory sees each grid once per pass.
//
// Strips are independent, so the two passes take strip ranges: threads sharing the memory can
// each take a range (worker/kernel-pool.ts), with a barrier between the passes.

import { PAD, paddedWidth, paddedHeight } from './grid';
import { dericheCoefficients, filterSigma, smoothColumns } from './deriche';
import { transposeInto, transposeCropInto } from './transpose';

/**
 * Columns per strip: 64 × 4096 rows × 4 B = 1 MB, about one core's L2; narrower strips pay
 * more per-row overhead (measured: 32 columns was 20% slower on a 1280×4000 grid).
 */
const STRIP: i32 = 64;

/** Strips of the first pass (along y) for a grid `width` cells wide. */
export function stripsAlongY(width: i32): i32 {
  return (paddedWidth(width) + STRIP - 1) / STRIP;
}

/** Strips of the second pass (along x) for a grid `height` cells tall. */
export function stripsAlongX(height: i32): i32 {
  return (height + STRIP - 1) / STRIP;
}

/** Bytes of the transposed intermediate grid, shared by every thread. */
export function transposedBytes(width: i32, height: i32): usize {
  return (<usize>paddedWidth(width) * <usize>paddedHeight(height)) << 2;
}

/**
 * Bytes of scratch each smoothing thread needs. Layout: one strip (STRIP columns by the longer
 * padded side), a 4-row ring, a zero row, the filter coefficients.
 */
export function stripScratchBytes(width: i32, height: i32): usize {
  return coefficientsAt(0, width, height) + 64;
}

@inline
function ringOf(scratch: usize, width: i32, height: i32): usize {
  return scratch + ((<usize>STRIP * <usize>max(paddedWidth(width), paddedHeight(height))) << 2);
}

/** The zero row, zeroed here: a strip pass may start on scratch another pass left dirty. */
@inline
function zeroRowOf(scratch: usize, width: i32, height: i32): usize {
  const zero = ringOf(scratch, width, height) + (<usize>STRIP << 4);
  memory.fill(zero, 0, <usize>STRIP << 2);
  return zero;
}

@inline
function coefficientsAt(scratch: usize, width: i32, height: i32): usize {
  return ringOf(scratch, width, height) + (<usize>STRIP << 4) + (<usize>STRIP << 2);
}

/** The coefficient block, filled for a Gaussian of `sigma` cells (binning's variance removed). */
@inline
function coefficientsOf(scratch: usize, width: i32, height: i32, sigma: f64): usize {
  const coef = coefficientsAt(scratch, width, height);
  dericheCoefficients(filterSigma(sigma), coef);
  return coef;
}

/**
 * First pass: smooths strips [from, to) of padded columns of `bins` down all padded rows with
 * σ = `sigmaY` cells, and writes them transposed into `transposed` (padded-height cells wide).
 */
export function smoothAlongY(bins: usize, transposed: usize, width: i32, height: i32, sigmaY: f64, from: i32, to: i32, scratch: usize): void {
  const pw = paddedWidth(width);
  const ph = paddedHeight(height);
  const strip = scratch;
  const ring = ringOf(scratch, width, height);
  const zero = zeroRowOf(scratch, width, height);
  const coef = coefficientsOf(scratch, width, height, sigmaY);
  for (let s = from; s < to; s++) {
    const c = s * STRIP;
    const columns = min(STRIP, pw - c);
    smoothColumns(bins + (<usize>c << 2), pw, strip, columns, ph, coef, ring, zero);
    transposeInto(strip, columns, ph, transposed + <usize>c * (<usize>ph << 2), ph);
  }
}

/**
 * Second pass: smooths strips [from, to) of visible rows (columns of `transposed`) along x with
 * σ = `sigmaX` cells and writes them, times `scale`, to their rows of `out` (row-major,
 * `width` × `height`). Returns the largest value written. A ragged last strip is rounded up to
 * whole vectors: the extra rows exist in the padding and are simply not written out.
 */
export function smoothAlongX(transposed: usize, out: usize, width: i32, height: i32, sigmaX: f64, scale: f32, from: i32, to: i32, scratch: usize): f32 {
  const pw = paddedWidth(width);
  const ph = paddedHeight(height);
  const strip = scratch;
  const ring = ringOf(scratch, width, height);
  const zero = zeroRowOf(scratch, width, height);
  const coef = coefficientsOf(scratch, width, height, sigmaX);
  let peak: f32 = 0;
  for (let s = from; s < to; s++) {
    const y = s * STRIP;
    const rows = min(STRIP, height - y);
    const columns = (rows + 3) & ~3;
    smoothColumns(transposed + (<usize>(y + PAD) << 2), ph, strip, columns, pw, coef, ring, zero);
    peak = max(peak, transposeCropInto(strip, columns, PAD, rows, out + ((<usize>y * <usize>width) << 2), width, scale));
  }
  return peak;
}

/** Bytes of scratch the one-thread `smooth` needs. */
export function smoothScratchBytes(width: i32, height: i32): usize {
  return transposedBytes(width, height) + stripScratchBytes(width, height);
}

/**
 * Smooths the padded bins of a `width` × `height` grid with a Gaussian of σ = (`sigmaX`,
 * `sigmaY`) cells (binning's own variance is accounted for in filterSigma) and writes the
 * visible cells, times `scale`, to `out` (row-major). `scratch` holds smoothScratchBytes bytes.
 * The bins are left untouched, so a new σ can be applied without binning again. Returns the
 * maximum value written. This is both passes on one thread.
 */
export function smooth(bins: usize, out: usize, width: i32, height: i32, sigmaX: f64, sigmaY: f64, scale: f32, scratch: usize): f32 {
  const transposed = scratch;
  const threadScratch = scratch + transposedBytes(width, height);
  smoothAlongY(bins, transposed, width, height, sigmaY, 0, stripsAlongY(width), threadScratch);
  return smoothAlongX(transposed, out, width, height, sigmaX, scale, 0, stripsAlongX(height), threadScratch);
}

/** dst[i] += src[i] for i < count (a multiple of 4): merges per-thread bins. */
export function addGrid(dst: usize, src: usize, count: i32): void {
  const end = dst + (<usize>count << 2);
  let s = src;
  for (let d = dst; d < end; d += 16) {
    v128.store(d, f32x4.add(v128.load(d), v128.load(s)));
    s += 16;
  }
}
