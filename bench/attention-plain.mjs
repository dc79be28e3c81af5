// Attention maps in plain JavaScript, written from the model's definition (docs/attention.md)
// and not from the engine's code: the benchmark's plain-JS contender and the tests' reference.
//   plainAttentionWeights — cursor samples → one weighted point per sample (dwell, I-VT
//                           discount, gaze lag, optional per-session equalisation), with the
//                           drop counts by reason;
//   exactAttentionDensity — the exact Gaussian sum Σ w·exp(−|c−p|²/2σ²)/(2πσ²) at cell centres
//                           (O(points × cells): small grids, for tests);
//   plainAttention        — weights, then what a careful JS author would do for a big map:
//                           bilinear binning and a separable Gaussian blur truncated at 4σ.

/** Coordinates are stored as float32 by the engine; the reference reads them the same way. */
const f32 = Math.fround;

/** Session id → dense index, or −1 when unusable (not a string, nor an integer ≥ 0). */
function sessionIndex(ids) {
  const index = new Map();
  const out = new Int32Array(ids.length);
  for (let i = 0; i < ids.length; i++) {
    const v = ids[i];
    if (!(typeof v === 'string' || (typeof v === 'number' && Number.isInteger(v) && v >= 0))) {
      out[i] = -1;
      continue;
    }
    let k = index.get(v);
    if (k === undefined) index.set(v, (k = index.size));
    out[i] = k;
  }
  return { out, count: index.size };
}

/** Position of the path (ts ascending, xs, ys) at time t: linear between samples, clamped at the end. */
function positionAt(ts, xs, ys, t) {
  const last = ts.length - 1;
  if (t >= ts[last]) return [xs[last], ys[last]];
  let lo = 0, hi = last; // ts[lo] <= t < ts[hi]
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (ts[mid] <= t) lo = mid;
    else hi = mid;
  }
  const f = (t - ts[lo]) / (ts[hi] - ts[lo]);
  return [xs[lo] + f * (xs[hi] - xs[lo]), ys[lo] + f * (ys[hi] - ys[lo])];
}

/**
 * @param {{session: ArrayLike<number|string>, ts: ArrayLike<number>, x: ArrayLike<number>, y: ArrayLike<number>}} samples
 * @param {{idleCap: number, speedThreshold: number, fastWeight: number, lag: number, perSession: boolean}} p
 */
export function plainAttentionWeights(samples, p) {
  const n = samples.ts.length;
  const { out: ids, count } = sessionIndex(samples.session);
  const dropped = { nonFinite: 0, backwards: 0, duplicate: 0, singleSample: 0, total: 0 };
  const bySession = Array.from({ length: count }, () => []);
  for (let i = 0; i < n; i++) {
    const t = samples.ts[i], x = f32(samples.x[i]), y = f32(samples.y[i]);
    if (ids[i] < 0 || !Number.isFinite(t) || !Number.isFinite(x) || !Number.isFinite(y)) dropped.nonFinite++;
    else if (t < 0) dropped.backwards++;
    else bySession[ids[i]].push(i);
  }
  const px = [], py = [], pw = [], totals = [], owner = [];
  let reordered = false, kept = 0, sessions = 0, idleCapped = 0;
  for (const rows of bySession) {
    if (rows.length === 0) continue;
    const sorted = [...rows].sort((a, b) => samples.ts[a] - samples.ts[b] || a - b);
    if (sorted.some((r, k) => r !== rows[0] + k)) reordered = true;
    // Of equal times the last in input order stays.
    const path = sorted.filter((r, k) => k + 1 === sorted.length || samples.ts[sorted[k + 1]] !== samples.ts[r]);
    dropped.duplicate += sorted.length - path.length;
    if (path.length < 2) {
      dropped.singleSample += path.length;
      continue;
    }
    kept += path.length;
    const ts = path.map((r) => samples.ts[r]);
    const xs = path.map((r) => f32(samples.x[r]));
    const ys = path.map((r) => f32(samples.y[r]));
    let total = 0;
    for (let k = 0; k + 1 < path.length; k++) {
      const dt = ts[k + 1] - ts[k];
      const speed = (Math.hypot(xs[k + 1] - xs[k], ys[k + 1] - ys[k]) / dt) * 1000;
      if (dt > p.idleCap * 1000) idleCapped++;
      const w = (Math.min(dt, p.idleCap * 1000) / 1000) * (speed > p.speedThreshold ? p.fastWeight : 1);
      if (!(w > 0)) continue;
      const [gx, gy] = positionAt(ts, xs, ys, ts[k] + p.lag);
      px.push(gx);
      py.push(gy);
      pw.push(w);
      owner.push(sessions);
      total += w;
    }
    totals.push(total);
    sessions++;
  }
  if (p.perSession) {
    const positive = totals.filter((t) => t > 0);
    const target = positive.reduce((a, b) => a + b, 0) / positive.length;
    for (let k = 0; k < pw.length; k++) pw[k] *= target / totals[owner[k]];
  }
  dropped.total = dropped.nonFinite + dropped.backwards + dropped.duplicate + dropped.singleSample;
  return { x: Float64Array.from(px), y: Float64Array.from(py), w: Float64Array.from(pw), sessions, kept, dropped, idleCapped, reordered };
}

/**
 * The exact sum at the centres of a width × height grid over extent (points outside the extent
 * are left out, as the engine drops them). Returns {values (float64), total}.
 */
export function exactAttentionDensity(points, { extent, width, height, spread }) {
  const [x0, y0, x1, y1] = extent;
  const cw = (x1 - x0) / width, ch = (y1 - y0) / height;
  const values = new Float64Array(width * height);
  const two = 2 * spread * spread;
  const norm = 1 / (Math.PI * two);
  let total = 0;
  for (let k = 0; k < points.w.length; k++) {
    const x = points.x[k], y = points.y[k], w = points.w[k];
    if (!(x >= x0 && x <= x1 && y >= y0 && y <= y1)) continue;
    total += w;
    for (let j = 0; j < height; j++) {
      const b = y0 + (j + 0.5) * ch - y;
      const row = w * norm * Math.exp((-b * b) / two);
      for (let i = 0; i < width; i++) {
        const a = x0 + (i + 0.5) * cw - x;
        values[j * width + i] += row * Math.exp((-a * a) / two);
      }
    }
  }
  return { values, total };
}

/** A big map the plain way: bilinear binning, then a separable Gaussian blur truncated at 4σ. */
export function plainAttentionDensity(points, { extent, width, height, spread }) {
  const [x0, y0, x1, y1] = extent;
  const cw = (x1 - x0) / width, ch = (y1 - y0) / height;
  const bins = new Float64Array(width * height);
  let total = 0;
  for (let k = 0; k < points.w.length; k++) {
    const x = points.x[k], y = points.y[k], w = points.w[k];
    if (!(x >= x0 && x <= x1 && y >= y0 && y <= y1)) continue;
    total += w;
    const u = (x - x0) / cw - 0.5, v = (y - y0) / ch - 0.5;
    const i = Math.floor(u), j = Math.floor(v);
    const fu = u - i, fv = v - j;
    // A share that would land outside the grid (a point within half a cell of the edge) goes
    // to the edge cell, half a cell away, rather than being lost.
    for (const [di, dj, share] of [[0, 0, (1 - fu) * (1 - fv)], [1, 0, fu * (1 - fv)], [0, 1, (1 - fu) * fv], [1, 1, fu * fv]]) {
      const ii = Math.min(width - 1, Math.max(0, i + di)), jj = Math.min(height - 1, Math.max(0, j + dj));
      bins[jj * width + ii] += w * share;
    }
  }
  const blur = (src, dst, n, stride, count, lineStride, sigmaCells) => {
    const r = Math.ceil(4 * sigmaCells);
    const kernel = new Float64Array(2 * r + 1);
    for (let d = -r; d <= r; d++) kernel[d + r] = Math.exp((-d * d) / (2 * sigmaCells * sigmaCells)) / (Math.sqrt(2 * Math.PI) * sigmaCells);
    for (let line = 0; line < count; line++) {
      const base = line * lineStride;
      for (let a = 0; a < n; a++) {
        let sum = 0;
        const from = Math.max(0, a - r), to = Math.min(n - 1, a + r);
        for (let b = from; b <= to; b++) sum += src[base + b * stride] * kernel[b - a + r];
        dst[base + a * stride] = sum;
      }
    }
  };
  const tmp = new Float64Array(width * height);
  blur(bins, tmp, width, 1, height, width, spread / cw);
  const values = new Float32Array(width * height);
  const out = new Float64Array(width * height);
  blur(tmp, out, height, width, width, 1, spread / ch);
  const scale = 1 / (cw * ch);
  let max = 0;
  for (let c = 0; c < out.length; c++) {
    values[c] = out[c] * scale;
    if (values[c] > max) max = values[c];
  }
  return { values, total, max };
}

/** The plain-JS contender of the benchmark: weights, then the plain density. */
export function plainAttention(samples, params, grid) {
  const weights = plainAttentionWeights(samples, params);
  const density = plainAttentionDensity(weights, { ...grid, spread: params.spread });
  return { ...density, sessions: weights.sessions, kept: weights.kept, dropped: weights.dropped, idleCapped: weights.idleCapped };
}
