// Shared by the attention tests: cursor paths built sample by sample, and read-outs of a grid in
// seconds per px² (integrals over regions, centroids, error against the exact sum).
import type { AttentionSamples } from '../../worker/api.js';

export type Extent4 = [number, number, number, number];

export interface SampleRows {
  session: (number | string)[];
  ts: number[];
  x: number[];
  y: number[];
}

export function rows(): SampleRows {
  return { session: [], ts: [], x: [], y: [] };
}

export function push(r: SampleRows, session: number | string, ts: number, x: number, y: number): void {
  r.session.push(session);
  r.ts.push(ts);
  r.x.push(x);
  r.y.push(y);
}

/** A path sampled every `stepMs` from t0 for `durationMs` (both ends included), at `at(t)` (t in s from t0). */
export function addPath(r: SampleRows, session: number | string, t0: number, durationMs: number, stepMs: number, at: (t: number) => [number, number]): void {
  for (let t = 0; t <= durationMs + 1e-9; t += stepMs) {
    const [x, y] = at(t / 1000);
    push(r, session, t0 + t, x, y);
  }
}

export function columns(r: SampleRows): AttentionSamples {
  const numeric = r.session.every((s) => typeof s === 'number');
  return {
    session: numeric ? Int32Array.from(r.session as number[]) : (r.session as string[]),
    ts: Float64Array.from(r.ts),
    x: Float32Array.from(r.x),
    y: Float32Array.from(r.y),
  };
}

/** ∫ over the cells whose centres lie inside [x0, x1) × [y0, y1): seconds of attention there. */
export function integral(values: ArrayLike<number>, width: number, height: number, extent: Extent4, region: Extent4): number {
  const [ex0, ey0, ex1, ey1] = extent;
  const cw = (ex1 - ex0) / width, ch = (ey1 - ey0) / height;
  let sum = 0;
  for (let j = 0; j < height; j++) {
    const cy = ey0 + (j + 0.5) * ch;
    if (cy < region[1] || cy >= region[3]) continue;
    for (let i = 0; i < width; i++) {
      const cx = ex0 + (i + 0.5) * cw;
      if (cx >= region[0] && cx < region[2]) sum += values[j * width + i];
    }
  }
  return sum * cw * ch;
}

/** The density's centre of mass in px. */
export function centroid(values: ArrayLike<number>, width: number, height: number, extent: Extent4): [number, number] {
  const [x0, y0, x1, y1] = extent;
  const cw = (x1 - x0) / width, ch = (y1 - y0) / height;
  let m = 0, mx = 0, my = 0;
  for (let j = 0; j < height; j++) {
    for (let i = 0; i < width; i++) {
      const v = values[j * width + i];
      m += v;
      mx += v * (x0 + (i + 0.5) * cw);
      my += v * (y0 + (j + 0.5) * ch);
    }
  }
  return [mx / m, my / m];
}

/** Largest |a − b| over the cells, as a fraction of b's peak. */
export function errorOfPeak(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let peak = 0, err = 0;
  for (let i = 0; i < b.length; i++) {
    peak = Math.max(peak, Math.abs(b[i]));
    err = Math.max(err, Math.abs(a[i] - b[i]));
  }
  return err / peak;
}

/** Value of the cell containing (x, y). */
export function valueAt(values: ArrayLike<number>, width: number, height: number, extent: Extent4, x: number, y: number): number {
  const i = Math.floor(((x - extent[0]) / (extent[2] - extent[0])) * width);
  const j = Math.floor(((y - extent[1]) / (extent[3] - extent[1])) * height);
  return values[j * width + i];
}
