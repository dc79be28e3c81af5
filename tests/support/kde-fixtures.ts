// Deterministic point sets and small helpers shared by the engine tests (unit and browser).
// Nothing here calls the engine: expected numbers come from tests/reference/exact-kde.ts and
// from plain float64 arithmetic in this file.

import { mulberry32 } from '../../bench/data.mjs';
export type Extent4 = [number, number, number, number];

export interface PointSet {
  x: number[];
  y: number[];
  w?: number[];
}

/** mulberry32 (bench/data.mjs): a small, fast, seedable generator, the same sequence everywhere. */
export const rng: (seed: number) => () => number = mulberry32;

/** A standard normal deviate (Box–Muller) from a uniform generator. */
export function normal(random: () => number): number {
  const u = 1 - random();
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

export interface Cluster {
  cx: number;
  cy: number;
  sx: number;
  sy: number;
  n: number;
}

/**
 * Points drawn from gaussian clusters, rounded to float32 so the engine (which stores float32)
 * and the float64 reference see exactly the same coordinates.
 */
export function clusters(seed: number, spec: Cluster[]): PointSet {
  const random = rng(seed);
  const x: number[] = [];
  const y: number[] = [];
  for (const c of spec) {
    for (let i = 0; i < c.n; i++) {
      x.push(Math.fround(c.cx + c.sx * normal(random)));
      y.push(Math.fround(c.cy + c.sy * normal(random)));
    }
  }
  return { x, y };
}

/** Weights spread log-uniformly over [lo, hi], rounded to float32. */
export function weights(seed: number, n: number, lo = 0.1, hi = 10): number[] {
  const random = rng(seed);
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(Math.fround(lo * Math.pow(hi / lo, random())));
  return out;
}

export function inside(extent: Extent4, x: number, y: number): boolean {
  const [x0, y0, x1, y1] = extent;
  return x >= x0 && x <= x1 && y >= y0 && y <= y1;
}

export function validWeight(w: number): boolean {
  return Number.isFinite(w) && w >= 0;
}

/** Points kept by the engine's documented rule, and their total weight, in float64. */
export function keptStats(points: PointSet, extent: Extent4): { kept: number; dropped: number; total: number } {
  let kept = 0;
  let total = 0;
  for (let i = 0; i < points.x.length; i++) {
    const w = points.w ? points.w[i] : 1;
    if (inside(extent, points.x[i], points.y[i]) && validWeight(w)) {
      kept++;
      total += w;
    }
  }
  return { kept, dropped: points.x.length - kept, total };
}

export function toColumns(points: PointSet, type: 'f32' | 'f64' = 'f64') {
  const T = type === 'f32' ? Float32Array : Float64Array;
  return {
    x: T.from(points.x),
    y: T.from(points.y),
    ...(points.w ? { w: T.from(points.w) } : {}),
  };
}

export function peak(values: ArrayLike<number>): number {
  let p = -Infinity;
  for (let i = 0; i < values.length; i++) if (values[i] > p) p = values[i];
  return p;
}

/** Max |a − b| over all cells divided by `scale`. */
export function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>, scale = 1): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst / scale;
}

/**
 * Scott's normal-reference bandwidth for the weighted points inside `extent`, in px, computed
 * directly: σ = sqrt(sdX·sdY)·n_eff^(−1/6), n_eff = (Σw)²/Σw², weighted population SDs, with a
 * floor of one cell (the larger side).
 */
export function scottBandwidth(points: PointSet, extent: Extent4, width: number, height: number): number {
  let sw = 0;
  let sww = 0;
  let mx = 0;
  let my = 0;
  const keep: number[] = [];
  for (let i = 0; i < points.x.length; i++) {
    const w = points.w ? points.w[i] : 1;
    if (!inside(extent, points.x[i], points.y[i]) || !validWeight(w)) continue;
    keep.push(i);
    sw += w;
    sww += w * w;
    mx += w * points.x[i];
    my += w * points.y[i];
  }
  const cell = Math.max((extent[2] - extent[0]) / width, (extent[3] - extent[1]) / height);
  if (!(sw > 0)) return cell;
  mx /= sw;
  my /= sw;
  let vx = 0;
  let vy = 0;
  for (const i of keep) {
    const w = points.w ? points.w[i] : 1;
    vx += w * (points.x[i] - mx) ** 2;
    vy += w * (points.y[i] - my) ** 2;
  }
  const sdX = Math.sqrt(vx / sw);
  const sdY = Math.sqrt(vy / sw);
  const spread = sdX > 0 && sdY > 0 ? Math.sqrt(sdX * sdY) : Math.max(sdX, sdY);
  const sigma = spread * Math.pow((sw * sw) / sww, -1 / 6);
  return sigma > cell ? sigma : cell;
}
