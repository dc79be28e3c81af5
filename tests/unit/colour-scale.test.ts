// The colour max: the histogram quantile against a direct sort of the cells, and the default
// max against the closed-form density of a large hotspot beside a weak cluster.
import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX, densityQuantile, parseMax, resolveMax } from '../../components/gl/colour-scale.js';

/** Cells below this fraction of the peak are "no data" (the quantile's documented floor). */
const FLOOR = 1e-6;
/** The histogram's resolution: 4096 bins over [0, peak]. */
const BIN = 1 / 4096;

/** The q-quantile by definition: sort the cells above the floor, take the ⌈q·n⌉-th smallest. */
function sortedQuantile(values: Float32Array, q: number): number {
  let peak = 0;
  for (const v of values) if (v > peak) peak = v;
  const kept = [...values].filter((v) => v > peak * FLOOR).sort((a, b) => a - b);
  return kept[Math.max(0, Math.ceil(q * kept.length) - 1)];
}

function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return (state + 0.5) / 4294967296;
  };
}

/** Gaussian blobs summed at cell centres: n events, spread σ, in events / px² (1 px cells). */
function blobs(width: number, height: number, list: { cx: number; cy: number; sigma: number; n: number }[]): Float32Array {
  const out = new Float32Array(width * height);
  for (const { cx, cy, sigma, n } of list) {
    const a = n / (2 * Math.PI * sigma * sigma);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const dx = x + 0.5 - cx;
        const dy = y + 0.5 - cy;
        out[y * width + x] += a * Math.exp(-(dx * dx + dy * dy) / (2 * sigma * sigma));
      }
    }
  }
  return out;
}

const GRIDS: Record<string, () => Float32Array> = {
  'uniform values with a third of the cells empty': () => {
    const r = lcg(1);
    return Float32Array.from({ length: 20_000 }, () => (r() < 1 / 3 ? 0 : r()));
  },
  'heavy-tailed values (exponential of a normal)': () => {
    const r = lcg(2);
    return Float32Array.from({ length: 30_000 }, () => Math.exp(3 * Math.sqrt(-2 * Math.log(r())) * Math.cos(2 * Math.PI * r())));
  },
  'six smoothed clusters on a page': () =>
    blobs(320, 240, [
      { cx: 40, cy: 30, sigma: 8, n: 300 },
      { cx: 160, cy: 120, sigma: 20, n: 2000 },
      { cx: 260, cy: 60, sigma: 6, n: 50 },
      { cx: 80, cy: 200, sigma: 15, n: 700 },
      { cx: 300, cy: 220, sigma: 10, n: 100 },
      { cx: 200, cy: 40, sigma: 12, n: 400 },
    ]),
  'cells that are NaN or negative (skipped)': () => {
    const r = lcg(3);
    return Float32Array.from({ length: 10_000 }, (_, i) => (i % 7 === 0 ? NaN : i % 11 === 0 ? -r() : r() ** 2));
  },
};

describe('densityQuantile', () => {
  for (const [name, make] of Object.entries(GRIDS)) {
    it(`agrees with a sort of the cells within one histogram bin: ${name}`, () => {
      const values = make();
      let peak = 0;
      for (const v of values) if (v > peak) peak = v;
      for (const q of [0.5, 0.9, 0.95, 0.99, 0.995]) {
        const reference = sortedQuantile(values, q);
        // Without the peak given, and with it (the element passes the engine's peak).
        expect(Math.abs(densityQuantile(values, q) - reference), `q = ${q}`).toBeLessThanOrEqual(peak * BIN);
        expect(Math.abs(densityQuantile(values, q, peak) - reference), `q = ${q}`).toBeLessThanOrEqual(peak * BIN);
      }
      expect(densityQuantile(values, 1, peak)).toBe(peak);
    });
  }

  it('is 0 for a grid with nothing in it', () => {
    expect(densityQuantile(new Float32Array(100), 0.95)).toBe(0);
  });
});

describe('the default colour max', () => {
  // A hotspot with 100× the events of a weak cluster, both smoothed alike (σ = 19 px: a
  // 12 px cluster under a 15 px kernel). The weak cluster's peak is 1% of the hotspot's.
  const W = 400;
  const H = 300;
  const SIGMA = Math.hypot(12, 15);
  const values = blobs(W, H, [
    { cx: 130, cy: 100, sigma: SIGMA, n: 20_000 },
    { cx: 320, cy: 220, sigma: SIGMA, n: 200 },
  ]);
  let peak = 0;
  for (const v of values) if (v > peak) peak = v;
  const weak = values[219 * W + 319];

  it('is a percentile', () => {
    expect(parseMax(DEFAULT_MAX)).toEqual({ kind: 'quantile', q: 0.95 });
  });

  it('keeps one hotspot from setting the scale for the whole map', () => {
    expect(weak / peak).toBeCloseTo(0.01, 3);
    const max = resolveMax(parseMax(DEFAULT_MAX), values, peak);
    // Closed form for two clusters whose cells above 10⁻⁶ of the peak cover log-rings:
    // ln(peak / max) = (1 − q) · (ln 10⁶ + ln(10⁶ · 0.01)) → max = peak · e^(−0.05 · 23.03) ≈ 0.32 peak.
    const expected = peak * Math.exp(-0.05 * (Math.log(1e6) + Math.log(1e4)));
    expect(Math.abs(max - expected) / peak).toBeLessThan(0.03);
    // The weak cluster reaches at least 3% of the colour scale (alpha ramps 8× faster: 25%
    // opacity), against 1% at "100%".
    expect(weak / max).toBeGreaterThan(0.03);
  });
});
