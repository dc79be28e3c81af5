// Recursive (IIR) Gaussian smoothing: Deriche's 4th-order approximation.
//
// R. Deriche, "Recursively implementing the Gaussian and its derivatives", INRIA RR-1893, 1993,
// approximates the causal half of exp(−n²/2σ²) by two damped cosines,
//   h⁺(n) = (a0·cos(w0·n/σ) + a1·sin(w0·n/σ))·e^(−b0·n/σ) + (c0·cos(w1·n/σ) + c1·sin(w1·n/σ))·e^(−b1·n/σ),
// with a0 = 1.680, a1 = 3.735, b0 = 1.783, w0 = 0.6318, c0 = −0.6803, c1 = −0.2598,
// b1 = 1.723, w1 = 1.997. Each damped cosine is a pair of complex-conjugate poles, so the causal
// filter is a 4-pole recursion and the anticausal half (n < 0) is its mirror. The cost per cell
// is fixed whatever σ is. The pole/residue form and the anticausal numerator follow P. Getreuer,
// "A Survey of Gaussian Convolution Algorithms", IPOL 2013, §2.4; the filter is normalised to
// unit gain so that smoothing preserves mass.
//
// The recursion runs as two parallel second-order sections (one per damped cosine) rather than
// one fourth-order recursion: for wide kernels the poles crowd towards 1, and in float32 the
// direct form's gain 1/(1 + a1 + a2 + a3 + a4) is a quotient of roundings (at σ = 60 cells it
// lost 1% of the mass), while each section's (1 − z)(1 − z̄) keeps its digits. The gain is
// also computed from the float32-rounded poles, i.e. for the filter that actually runs.
//
// Layout: the recursion runs down the columns of a row-major block, a whole row of f32x4
// vectors at a time, so the loop-carried dependence is between rows, never between neighbouring
// lanes — the inner loop is a pure stream of independent multiply-adds (smooth2d.ts arranges
// the grid so that both axes are smoothed this way).

import { madd } from './grid';

/**
 * Coefficient block, per section (A then B): n0, n1 (causal numerator), −d1, −d2 (negated
 * denominator), m1, m2 (anticausal numerator): 12 × f32.
 */
export const COEFFICIENTS: i32 = 12;

/** The variance (cells²) that cubic B-spline binning adds per axis; removed before smoothing. */
const BINNING_VARIANCE: f64 = 1.0 / 3.0;
/** Below this σ (cells) the 4-pole fit degrades; narrower requests are clamped to it. */
const MIN_FILTER_SIGMA: f64 = 0.5;

/** The σ the recursion must apply so that binning + recursion together give `sigma` cells. */
export function filterSigma(sigma: f64): f64 {
  const s2 = sigma * sigma - BINNING_VARIANCE;
  return s2 > MIN_FILTER_SIGMA * MIN_FILTER_SIGMA ? Math.sqrt(s2) : MIN_FILTER_SIGMA;
}

/** Writes the recursion coefficients for a Gaussian of `sigma` cells to `out` (12 × f32). */
export function dericheCoefficients(sigma: f64, out: usize): void {
  // A conjugate pole pair α/(1 − z·q) + ᾱ/(1 − z̄·q) is one real second-order section
  //   (2·Re α − 2·Re(α·z̄)·q) / (1 − 2·Re z·q + |z|²·q²),
  // with pair A: α = (a0 + i·a1)/2, z = exp(−(b0 + i·w0)/σ); pair B: α = (c0 + i·c1)/2, b1, w1.
  const gainA = section(0.84, 1.8675, 1.783, 0.6318, sigma, out);
  const gainB = section(-0.34015, -0.1299, 1.723, 1.997, sigma, out + 24);
  // Unit gain overall: scale both sections' numerators by the same factor.
  const k = <f32>(1.0 / (gainA + gainB));
  for (let i = 0; i < 2; i++) {
    const p = out + <usize>i * 24;
    store<f32>(p, load<f32>(p) * k);
    store<f32>(p, load<f32>(p, 4) * k, 4);
    store<f32>(p, load<f32>(p, 16) * k, 16);
    store<f32>(p, load<f32>(p, 20) * k, 20);
  }
}

/**
 * Writes one section's n0, n1, −d1, −d2, m1, m2 (f32) at `out` and returns its DC gain (causal
 * plus anticausal), computed in f64 from the f32-rounded denominator.
 */
function section(alphaRe: f64, alphaIm: f64, decay: f64, frequency: f64, sigma: f64, out: usize): f64 {
  const e = Math.exp(-decay / sigma);
  const zRe = e * Math.cos(frequency / sigma);
  const zIm = -e * Math.sin(frequency / sigma);
  const d1 = <f64><f32>(-2.0 * zRe);
  const d2 = <f64><f32>(zRe * zRe + zIm * zIm);
  const n0 = <f64><f32>(2.0 * alphaRe);
  const n1 = <f64><f32>(-2.0 * (alphaRe * zRe + alphaIm * zIm));
  // Anticausal half h⁻(n) = h⁺(−n) for n < 0: numerator N(q) − n0·D(q), run backwards.
  const m1 = n1 - n0 * d1;
  const m2 = -n0 * d2;
  store<f32>(out, <f32>n0);
  store<f32>(out, <f32>n1, 4);
  store<f32>(out, <f32>-d1, 8);
  store<f32>(out, <f32>-d2, 12);
  store<f32>(out, <f32>m1, 16);
  store<f32>(out, <f32>m2, 20);
  const denominator = 1.0 + d1 + d2;
  return (n0 + n1 + m1 + m2) / denominator;
}

/**
 * Smooths `width` columns (a multiple of 4) of `height` rows, read from `src` with a row stride
 * of `srcStride` cells, into `dst` (row stride `width`): dst = causal + anticausal recursion,
 * each the sum of two second-order sections, with the coefficients at `coef`. `ring` is scratch
 * for 4 rows of `width`; `zero` is a row of at least `width` zeros standing in for rows beyond
 * either end — the data is zero there, which is exactly the boundary of the KDE.
 */
export function smoothColumns(src: usize, srcStride: i32, dst: usize, width: i32, height: i32, coef: usize, ring: usize, zero: usize): void {
  const an0 = v128.load32_splat(coef);
  const an1 = v128.load32_splat(coef + 4);
  const ad1 = v128.load32_splat(coef + 8);
  const ad2 = v128.load32_splat(coef + 12);
  const am1 = v128.load32_splat(coef + 16);
  const am2 = v128.load32_splat(coef + 20);
  const bn0 = v128.load32_splat(coef + 24);
  const bn1 = v128.load32_splat(coef + 28);
  const bd1 = v128.load32_splat(coef + 32);
  const bd2 = v128.load32_splat(coef + 36);
  const bm1 = v128.load32_splat(coef + 40);
  const bm2 = v128.load32_splat(coef + 44);
  const inRow = <usize>srcStride << 2;
  const outRow = <usize>width << 2;
  // Each section's last two output rows live in the ring: A in rows 0–1, B in rows 2–3; row
  // r & 1 holds the value from two rows back until it is overwritten (each lane reads first).
  const ringA = ring;
  const ringB = ring + 2 * outRow;

  // Causal: y[r] = n0·x[r] + n1·x[r−1] − d1·y[r−1] − d2·y[r−2], per section; dst = yA + yB.
  memory.fill(ring, 0, outRow << 2);
  for (let r: i32 = 0; r < height; r++) {
    const x0 = src + <usize>r * inRow;
    const x1 = r >= 1 ? x0 - inRow : zero;
    const newer = <usize>((r + 1) & 1) * outRow; // row r−1
    const older = <usize>(r & 1) * outRow; // row r−2, to be replaced by row r
    const out = dst + <usize>r * outRow;
    for (let o: usize = 0; o < outRow; o += 16) {
      const xr = v128.load(x0 + o);
      const xp = v128.load(x1 + o);
      const ya = madd(ad2, v128.load(ringA + older + o), madd(ad1, v128.load(ringA + newer + o), madd(an1, xp, f32x4.mul(an0, xr))));
      const yb = madd(bd2, v128.load(ringB + older + o), madd(bd1, v128.load(ringB + newer + o), madd(bn1, xp, f32x4.mul(bn0, xr))));
      v128.store(ringA + older + o, ya);
      v128.store(ringB + older + o, yb);
      v128.store(out + o, f32x4.add(ya, yb));
    }
  }

  // Anticausal: z[r] = m1·x[r+1] + m2·x[r+2] − d1·z[r+1] − d2·z[r+2], per section, added to dst.
  memory.fill(ring, 0, outRow << 2);
  for (let r: i32 = height - 1; r >= 0; r--) {
    const x0 = src + <usize>r * inRow;
    const x1 = r + 1 < height ? x0 + inRow : zero;
    const x2 = r + 2 < height ? x0 + 2 * inRow : zero;
    const newer = <usize>((r + 1) & 1) * outRow; // row r+1
    const older = <usize>(r & 1) * outRow; // row r+2, to be replaced by row r
    const out = dst + <usize>r * outRow;
    for (let o: usize = 0; o < outRow; o += 16) {
      const xn = v128.load(x1 + o);
      const xnn = v128.load(x2 + o);
      const za = madd(ad2, v128.load(ringA + older + o), madd(ad1, v128.load(ringA + newer + o), madd(am2, xnn, f32x4.mul(am1, xn))));
      const zb = madd(bd2, v128.load(ringB + older + o), madd(bd1, v128.load(ringB + newer + o), madd(bm2, xnn, f32x4.mul(bm1, xn))));
      v128.store(ringA + older + o, za);
      v128.store(ringB + older + o, zb);
      v128.store(out + o, f32x4.add(v128.load(out + o), f32x4.add(za, zb)));
    }
  }
}
