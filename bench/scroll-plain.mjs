// Scroll depth in plain JavaScript: the same computation as the engine (assembly/scroll.ts +
// worker/scroll-engine.ts) written the way a careful JS author would — typed arrays, a counting
// sort by session, O(1) per sample pair — so the benchmark compares like with like. Session ids
// must already be dense integers 0…S−1 (as bench/scroll.mjs generates them); the defaults and
// rules (idle cap, clamping, dropping, percent per sample) are the engine's.

const before = (ts, a, b) => ts[a] < ts[b] || (ts[a] === ts[b] && a < b);

/**
 * @param {{session: Int32Array, ts: Float64Array, y: Float32Array, vh: Float32Array, dh: Float32Array}} s
 * @param {{bins: number, unit?: 'px'|'percent', maxDepth?: number, idleCap?: number}} o
 */
export function plainScrollDepth(s, { bins, unit = 'percent', maxDepth, idleCap = 30 }) {
  const n = s.ts.length;
  let sessionCount = 0;
  for (let i = 0; i < n; i++) if (s.session[i] + 1 > sessionCount) sessionCount = s.session[i] + 1;
  const offsets = new Int32Array(sessionCount + 1);
  const valid = new Uint8Array(n);
  let dropped = 0;
  let maxDh = 0;
  for (let i = 0; i < n; i++) {
    const t = s.ts[i], y = s.y[i], vh = s.vh[i], dh = s.dh[i], id = s.session[i];
    if (!(id >= 0 && t >= 0 && t < Infinity && Number.isFinite(y) && vh > 0 && vh < Infinity && dh > 0 && dh < Infinity)) {
      dropped++;
      continue;
    }
    valid[i] = 1;
    if (dh > maxDh) maxDh = dh;
    offsets[id + 1]++;
  }
  for (let k = 1; k <= sessionCount; k++) offsets[k] += offsets[k - 1];
  const order = new Int32Array(n - dropped);
  for (let i = 0; i < n; i++) if (valid[i]) order[offsets[s.session[i]]++] = i;

  const percent = unit === 'percent';
  const extent = percent ? 100 : maxDepth ?? maxDh;
  const step = extent / bins;
  const capMs = idleCap * 1000;
  const reach = new Float64Array(bins + 1);
  const partial = new Float64Array(bins);
  const diff = new Float64Array(bins + 1);
  const folds = new Float64Array(sessionCount);
  let sessions = 0, timed = 0, clamped = 0, reordered = 0, foldSum = 0;
  let start = 0;
  for (let k = 0; k < sessionCount; k++) {
    const from = start, end = offsets[k];
    start = end;
    if (end === from) continue;
    for (let i = from + 1; i < end; i++) {
      if (before(s.ts, order[i], order[i - 1])) {
        const slice = Array.from(order.subarray(from, end)).sort((a, b) => s.ts[a] - s.ts[b] || a - b);
        order.set(slice, from);
        reordered++;
        break;
      }
    }
    let depth = 0, prevA = 0, prevB = 0, prevT = 0;
    for (let i = from; i < end; i++) {
      const j = order[i];
      const y = s.y[j], vh = s.vh[j], dh = s.dh[j], t = s.ts[j];
      const top = Math.min(Math.max(y, 0), Math.max(0, dh - vh));
      if (top !== y) clamped++;
      const bottom = Math.min(top + vh, dh);
      const scale = percent ? 100 / dh : 1;
      const a = Math.min(top * scale, extent), b = Math.min(bottom * scale, extent);
      if (i === from) {
        const fold = percent ? Math.min(vh, dh) * scale : vh;
        folds[sessions] = fold;
        foldSum += fold;
      } else {
        const dt = Math.min(t - prevT, capMs);
        if (dt > 0) {
          const u = prevA / step, v = prevB / step;
          const ka = Math.floor(u);
          const kb = Math.min(Math.floor(v), bins);
          if (ka < bins) {
            if (ka === kb) partial[ka] += dt * (v - u);
            else {
              partial[ka] += dt * (ka + 1 - u);
              diff[ka + 1] += dt;
              diff[kb] -= dt;
              if (kb < bins) partial[kb] += dt * (v - kb);
            }
          }
        }
      }
      if (b > depth) depth = b;
      prevA = a; prevB = b; prevT = t;
    }
    reach[Math.min(Math.ceil(depth / step), bins)]++;
    sessions++;
    if (end - from >= 2) timed++;
  }
  const reached = new Float64Array(bins);
  const timeInView = new Float64Array(bins);
  let beyond = reach[bins];
  for (let i = bins - 1; i >= 0; i--) {
    reached[i] = sessions > 0 ? beyond / sessions : 0;
    beyond += reach[i];
  }
  let whole = 0;
  for (let i = 0; i < bins; i++) {
    whole += diff[i];
    timeInView[i] = timed > 0 ? (partial[i] + whole) / timed / 1000 : 0;
  }
  const sorted = folds.subarray(0, sessions).sort();
  const q = (p) => {
    if (sessions === 0) return NaN;
    const h = (sessions - 1) * p, j = Math.floor(h);
    return j + 1 < sessions ? sorted[j] + (h - j) * (sorted[j + 1] - sorted[j]) : sorted[j];
  };
  return {
    bins, unit, reached, timeInView,
    fold: { mean: sessions > 0 ? foldSum / sessions : NaN, p25: q(0.25), p50: q(0.5), p75: q(0.75) },
    sessions, timedSessions: timed, samples: n - dropped, dropped, clamped, reordered, maxDepth: extent,
  };
}
