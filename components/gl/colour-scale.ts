/**
 * The colour stage's parameters, shared by the WebGL shader, the Canvas2D fallback and the
 * legend: how a density value becomes a colormap position and an alpha. DOM-free.
 *
 * value v (events / px²) → t = clamp(v / max, 0, 1) → s = scale(t) → colour LUT[s], alpha.
 */

export type ScaleName = 'linear' | 'sqrt' | 'log';
export const scaleNames: readonly ScaleName[] = ['linear', 'sqrt', 'log'];

/** Decades the log scale spans: s = log(1 + K·t) / log(1 + K), K = 10³ − 1 (so s(0.001) ≈ 0.1). */
const LOG_K = 999;

/**
 * Alpha = opacity · min(1, s · ALPHA_RAMP): the faint tail fades into the page underneath
 * instead of tinting all of it with the colormap's zero colour; zero density is transparent.
 */
export const ALPHA_RAMP = 8;

/** A colour `max`: an absolute density (events / px²) or a quantile of the non-zero cells. */
export type MaxSpec = { kind: 'absolute'; value: number } | { kind: 'quantile'; q: number };

/**
 * The default: the 95th percentile of the non-zero cells, so one hotspot cannot wash out the
 * rest of the map. Why not higher: a smoothed cluster's cells are spread evenly over the log of
 * its density (each factor e adds the same ring area), so among the cells above 10⁻⁶ of the peak
 * the q-quantile of one cluster is peak · 10^(−6(1−q)): 99.5% is 93% of the peak — the hotspot
 * still sets the scale — while 95% is 50%. With a hotspot 100× a weak cluster, 95% lifts the
 * weak cluster's alpha about 3× over "100%" (99.5% lifts it by a fifth). The top 5% of the
 * cells with data share the top colour.
 */
export const DEFAULT_MAX = '95%';

/**
 * Parses a `max` attribute: `"95%"` (a percentile of the non-zero cells) or a positive number
 * (absolute, events / px²). Throws an Error naming the accepted forms otherwise.
 */
export function parseMax(spec: string | number): MaxSpec {
  if (typeof spec === 'number') {
    if (Number.isFinite(spec) && spec > 0) return { kind: 'absolute', value: spec };
  } else {
    const text = spec.trim();
    if (text.endsWith('%')) {
      const p = Number(text.slice(0, -1));
      if (text.length > 1 && Number.isFinite(p) && p > 0 && p <= 100) return { kind: 'quantile', q: p / 100 };
    } else if (text !== '') {
      const v = Number(text);
      if (Number.isFinite(v) && v > 0) return { kind: 'absolute', value: v };
    }
  }
  throw new Error(`max must be a percentile like "99.5%" or a positive density in events/px², got "${spec}"`);
}

export function parseScale(name: string): ScaleName {
  const key = String(name).trim().toLowerCase();
  if ((scaleNames as readonly string[]).includes(key)) return key as ScaleName;
  throw new Error(`unknown scale "${name}" (valid: ${scaleNames.join(', ')})`);
}

/** Index of the scale in the shader's `scaleMode` uniform. */
export function scaleIndex(scale: ScaleName): number {
  return scale === 'linear' ? 0 : scale === 'sqrt' ? 1 : 2;
}

/** t ∈ [0, 1] → colormap position s ∈ [0, 1]. The shader (shaders.ts) mirrors this. */
export function applyScale(scale: ScaleName, t: number): number {
  if (!(t > 0)) return 0;
  const c = t > 1 ? 1 : t;
  if (scale === 'sqrt') return Math.sqrt(c);
  if (scale === 'log') return Math.log1p(LOG_K * c) / Math.log1p(LOG_K);
  return c;
}

/** The inverse of applyScale: for legend ticks placed evenly along the colour bar. */
export function invertScale(scale: ScaleName, s: number): number {
  const c = s <= 0 ? 0 : s >= 1 ? 1 : s;
  if (scale === 'sqrt') return c * c;
  if (scale === 'log') return Math.expm1(c * Math.log1p(LOG_K)) / LOG_K;
  return c;
}

/** Values below peak · this are treated as "no data" by the quantile (Gaussian tails never reach 0). */
const QUANTILE_FLOOR = 1e-6;
const HISTOGRAM_BINS = 4096;

/**
 * The q-quantile of the cells above a negligible floor, from a histogram over [0, peak]: two
 * O(n) passes and no sort, exact to 1/4096 of the peak (invisible in an 8-bit colormap), and
 * refined linearly inside the bin.
 */
export function densityQuantile(values: Float32Array, q: number, peak?: number): number {
  let max = peak ?? 0;
  if (peak === undefined) for (let i = 0; i < values.length; i++) if (values[i] > max) max = values[i];
  if (!(max > 0)) return 0;
  if (q >= 1) return max;
  const floor = max * QUANTILE_FLOOR;
  const counts = new Uint32Array(HISTOGRAM_BINS);
  const scale = HISTOGRAM_BINS / max;
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    // NaN and the empty tail fail this test and are skipped in one comparison.
    if (!(v > floor)) continue;
    const b = Math.min(HISTOGRAM_BINS - 1, Math.floor(v * scale));
    counts[b]++;
    n++;
  }
  if (n === 0) return max;
  const target = q * n;
  let seen = 0;
  for (let b = 0; b < HISTOGRAM_BINS; b++) {
    const c = counts[b];
    if (seen + c >= target) {
      const inside = c > 0 ? (target - seen) / c : 0;
      return ((b + inside) / HISTOGRAM_BINS) * max;
    }
    seen += c;
  }
  return max;
}

/** The absolute colour max for a frame: the spec resolved against this frame's values. */
export function resolveMax(spec: MaxSpec, values: Float32Array, peak: number): number {
  if (spec.kind === 'absolute') return spec.value;
  const v = densityQuantile(values, spec.q, peak);
  return v > 0 ? v : peak;
}
