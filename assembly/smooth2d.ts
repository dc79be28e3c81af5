// Separable 2-D Gaussian smoothing of the padded bins, in cache-sized strips.
//
// A 1280×4000 grid is 20 MB: passing over it whole for each of causal/anticausal × x/y plus
// two transposes is bandwidth-bound. Instead each pass works on a strip of STRIP columns whose
// working set stays in L2: smooth the strip down its columns, then transpose it straight into
// place; the second pass does the same on the transposed grid and writes the visible cells
// out, scaled, cropped and clamped. Memory sees each grid once per pass.

import { PAD, paddedWidth, paddedHeight } from './grid';
import { dericheCoefficients, filterSigma, smoothColumns } from './deriche';
import { transposeInto, transposeCropInto } from './transpose';

/** Columns per strip: 64 × 4096 rows × 4 B = 1 MB, about one core's L2; fewer columns pay more per-row overhead (measured: 32 columns was 20% slower on a 1280×4000 grid). */
const STRIP: i32 = 64;

/** Bytes of scratch `smooth` needs: the transposed grid, one strip, a ring, a zero row, coefficients. */
export function smoothScratchBytes(width: i32, height: i32): usize {
  const pw = <usize>paddedWidth(width);
  const ph = <usize>paddedHeight(height);
  return ((pw * ph) << 2) + ((<usize>STRIP * max(pw, ph)) << 2) + (<usize>STRIP << 4) + (<usize>STRIP << 2) + 64;
}

/**
 * Smooths the padded bins of a `width` × `height` grid with a Gaussian of σ = (`sigmaX`,
 * `sigmaY`) cells (binning's own variance is accounted for in filterSigma) and writes the
 * visible cells, times `scale`, to `out` (row-major, `width` × `height`). `scratch` holds
 * smoothScratchBytes(width, height) bytes. The bins are left untouched, so a new σ can be
 * applied without binning again. Returns the maximum value written.
 */
export function smooth(bins: usize, out: usize, width: i32, height: i32, sigmaX: f64, sigmaY: f64, scale: f32, scratch: usize): f32 {
  const pw = paddedWidth(width);
  const ph = paddedHeight(height);
  const transposed = scratch; // ph cells wide, pw tall
  const strip = transposed + ((<usize>pw * <usize>ph) << 2);
  const ring = strip + ((<usize>STRIP * <usize>max(pw, ph)) << 2);
  const zero = ring + (<usize>STRIP << 4);
  const coef = zero + (<usize>STRIP << 2);
  memory.fill(zero, 0, <usize>STRIP << 2);

  // Along y: strips of padded columns, smoothed down all padded rows, transposed into place.
  dericheCoefficients(filterSigma(sigmaY), coef);
  for (let c: i32 = 0; c < pw; c += STRIP) {
    const columns = min(STRIP, pw - c);
    smoothColumns(bins + (<usize>c << 2), pw, strip, columns, ph, coef, ring, zero);
    transposeInto(strip, columns, ph, transposed + <usize>c * (<usize>ph << 2), ph);
  }

  // Along x: strips of visible rows (columns of the transposed grid), smoothed down all padded
  // columns, then cropped out. A ragged last strip is rounded up to whole vectors: the extra
  // rows exist in the padding and are simply not written out.
  dericheCoefficients(filterSigma(sigmaX), coef);
  let peak: f32 = 0;
  for (let y: i32 = 0; y < height; y += STRIP) {
    const rows = min(STRIP, height - y);
    const columns = (rows + 3) & ~3;
    smoothColumns(transposed + (<usize>(y + PAD) << 2), ph, strip, columns, pw, coef, ring, zero);
    peak = max(peak, transposeCropInto(strip, columns, PAD, rows, out + ((<usize>y * <usize>width) << 2), width, scale));
  }
  return peak;
}
