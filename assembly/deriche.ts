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
// Layout: the recursion runs down the columns of a row-major block, a whole row of f32x4
// vectors at a time, so the loop-carried dependence is between rows, never between neighbouring
// lanes — the inner loop is a pure stream of independent multiply-adds (smooth2d.ts arranges
// the grid so that both axes are smoothed this way).

import { madd } from './grid';

/** Coefficient block: causal numerator b0..b3, denominator a1..a4, anticausal numerator c1..c4. */
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
  // Pole pair A: residue α = (a0 + i·a1)/2 at z = exp(−(b0 + i·w0)/σ); pair B likewise.
  const ea = Math.exp(-1.783 / sigma);
  const za_re = ea * Math.cos(0.6318 / sigma);
  const za_im = -ea * Math.sin(0.6318 / sigma);
  const eb = Math.exp(-1.723 / sigma);
  const zb_re = eb * Math.cos(1.997 / sigma);
  const zb_im = -eb * Math.sin(1.997 / sigma);
  const aa_re: f64 = 0.84, aa_im: f64 = 1.8675;
  const ab_re: f64 = -0.34015, ab_im: f64 = -0.1299;
  // A conjugate pair α/(1 − z·q) + ᾱ/(1 − z̄·q) is one real 2nd-order section:
  //   (2·Re α − 2·Re(α·z̄)·q) / (1 − 2·Re z·q + |z|²·q²).
  const na0 = 2.0 * aa_re;
  const na1 = -2.0 * (aa_re * za_re + aa_im * za_im);
  const da1 = -2.0 * za_re;
  const da2 = za_re * za_re + za_im * za_im;
  const nb0 = 2.0 * ab_re;
  const nb1 = -2.0 * (ab_re * zb_re + ab_im * zb_im);
  const db1 = -2.0 * zb_re;
  const db2 = zb_re * zb_re + zb_im * zb_im;
  // Denominator D = dA·dB (degree 4), numerator N = nA·dB + nB·dA (degree 3).
  const a1 = da1 + db1;
  const a2 = da2 + da1 * db1 + db2;
  const a3 = da1 * db2 + da2 * db1;
  const a4 = da2 * db2;
  let b0 = na0 + nb0;
  let b1 = na0 * db1 + na1 + nb0 * da1 + nb1;
  let b2 = na0 * db2 + na1 * db1 + nb0 * da2 + nb1 * da1;
  let b3 = na1 * db2 + nb1 * da2;
  // Anticausal part: h⁻(n) = h⁺(−n) for n < 0, i.e. (N(q) − b0·D(q)) / D(q) run backwards.
  let c1 = b1 - b0 * a1;
  let c2 = b2 - b0 * a2;
  let c3 = b3 - b0 * a3;
  let c4 = -b0 * a4;
  // Unit gain: the causal and anticausal DC gains together must be 1.
  const denominator = 1.0 + a1 + a2 + a3 + a4;
  const gain = (b0 + b1 + b2 + b3 + c1 + c2 + c3 + c4) / denominator;
  const k = 1.0 / gain;
  b0 *= k; b1 *= k; b2 *= k; b3 *= k;
  c1 *= k; c2 *= k; c3 *= k; c4 *= k;
  store<f32>(out, <f32>b0);
  store<f32>(out, <f32>b1, 4);
  store<f32>(out, <f32>b2, 8);
  store<f32>(out, <f32>b3, 12);
  store<f32>(out, <f32>a1, 16);
  store<f32>(out, <f32>a2, 20);
  store<f32>(out, <f32>a3, 24);
  store<f32>(out, <f32>a4, 28);
  store<f32>(out, <f32>c1, 32);
  store<f32>(out, <f32>c2, 36);
  store<f32>(out, <f32>c3, 40);
  store<f32>(out, <f32>c4, 44);
}

/**
 * Smooths `width` columns (a multiple of 4) of `height` rows, read from `src` with a row stride
 * of `srcStride` cells, into `dst` (row stride `width`): dst = causal + anticausal recursion with
 * the coefficients at `coef`. `ring` is scratch for 4 rows of `width`; `zero` is a row of at
 * least `width` zeros standing in for rows beyond either end — the data is zero there, which is
 * exactly the boundary of the KDE.
 */
export function smoothColumns(src: usize, srcStride: i32, dst: usize, width: i32, height: i32, coef: usize, ring: usize, zero: usize): void {
  const b0 = v128.load32_splat(coef);
  const b1 = v128.load32_splat(coef + 4);
  const b2 = v128.load32_splat(coef + 8);
  const b3 = v128.load32_splat(coef + 12);
  // The feedback coefficients are negated once here so every tap is a multiply-add.
  const a1 = f32x4.neg(v128.load32_splat(coef + 16));
  const a2 = f32x4.neg(v128.load32_splat(coef + 20));
  const a3 = f32x4.neg(v128.load32_splat(coef + 24));
  const a4 = f32x4.neg(v128.load32_splat(coef + 28));
  const c1 = v128.load32_splat(coef + 32);
  const c2 = v128.load32_splat(coef + 36);
  const c3 = v128.load32_splat(coef + 40);
  const c4 = v128.load32_splat(coef + 44);
  const inRow = <usize>srcStride << 2;
  const outRow = <usize>width << 2;

  // Causal: y[r] = b0·x[r] + b1·x[r−1] + b2·x[r−2] + b3·x[r−3] − a1·y[r−1] − … − a4·y[r−4].
  for (let r: i32 = 0; r < height; r++) {
    const x0 = src + <usize>r * inRow;
    const x1 = r >= 1 ? x0 - inRow : zero;
    const x2 = r >= 2 ? x0 - 2 * inRow : zero;
    const x3 = r >= 3 ? x0 - 3 * inRow : zero;
    const y0 = dst + <usize>r * outRow;
    const y1 = r >= 1 ? y0 - outRow : zero;
    const y2 = r >= 2 ? y0 - 2 * outRow : zero;
    const y3 = r >= 3 ? y0 - 3 * outRow : zero;
    const y4 = r >= 4 ? y0 - 4 * outRow : zero;
    for (let o: usize = 0; o < outRow; o += 16) {
      // Two independent chains of multiply-adds, joined at the end (negated a's: see above).
      const input = madd(b3, v128.load(x3 + o), madd(b2, v128.load(x2 + o), madd(b1, v128.load(x1 + o), f32x4.mul(b0, v128.load(x0 + o)))));
      const feedback = madd(a4, v128.load(y4 + o), madd(a3, v128.load(y3 + o), madd(a2, v128.load(y2 + o), f32x4.mul(a1, v128.load(y1 + o)))));
      v128.store(y0 + o, f32x4.add(input, feedback));
    }
  }

  // Anticausal: z[r] = c1·x[r+1] + … + c4·x[r+4] − a1·z[r+1] − … − a4·z[r+4], added to dst.
  // Only the last four z rows are alive, so they live in a ring; slot r & 3 holds z[r+4] until
  // it is overwritten with z[r] (each lane reads before it writes).
  memory.fill(ring, 0, outRow << 2);
  for (let r: i32 = height - 1; r >= 0; r--) {
    const x0 = src + <usize>r * inRow;
    const x1 = r + 1 < height ? x0 + inRow : zero;
    const x2 = r + 2 < height ? x0 + 2 * inRow : zero;
    const x3 = r + 3 < height ? x0 + 3 * inRow : zero;
    const x4 = r + 4 < height ? x0 + 4 * inRow : zero;
    const z1 = ring + <usize>((r + 1) & 3) * outRow;
    const z2 = ring + <usize>((r + 2) & 3) * outRow;
    const z3 = ring + <usize>((r + 3) & 3) * outRow;
    const z0 = ring + <usize>(r & 3) * outRow; // holds z[r+4] on entry
    const out = dst + <usize>r * outRow;
    for (let o: usize = 0; o < outRow; o += 16) {
      const input = madd(c4, v128.load(x4 + o), madd(c3, v128.load(x3 + o), madd(c2, v128.load(x2 + o), f32x4.mul(c1, v128.load(x1 + o)))));
      const feedback = madd(a4, v128.load(z0 + o), madd(a3, v128.load(z3 + o), madd(a2, v128.load(z2 + o), f32x4.mul(a1, v128.load(z1 + o)))));
      const z = f32x4.add(input, feedback);
      v128.store(z0 + o, z);
      v128.store(out + o, f32x4.add(v128.load(out + o), z));
    }
  }
}
