// The attention benchmark's plain-JS contender: the model of docs/attention.md written the way
// a careful JavaScript author would write it for 10M samples, so that the comparison measures
// WebAssembly and threads, not a slow algorithm. bench/attention-plain.mjs stays the tests'
// slow, obviously correct reference; this file must give the same map (the suite reports the
// largest difference from the engine's).
//   - typed arrays throughout, allocated once per call; nothing allocated per sample or session;
//   - sessions grouped by a counting sort (stable: input order within a session), and only a
//     session whose times go backwards is sorted (insertion sort: such sessions are nearly sorted);
//   - the gaze lag found with a forward pointer along the session's path (targets only grow);
//   - bilinear binning, then the recursive Gaussian the engine uses too: Deriche's 4th-order
//     approximation (Getreuer, "A Survey of Gaussian Convolution Algorithms", IPOL 2013), in
//     fast-kde's plain-JS implementation — O(cells) whatever the spread, where the direct
//     4σ-truncated convolution costs 281 taps per cell at the default spread.
import { dericheConfig, dericheConv2d } from 'fast-kde/src/deriche.js';

/** Session ids → dense indices in order of first appearance (−1: unusable), and their count. */
function denseIds(ids, n) {
  const out = new Int32Array(n);
  let count = 0;
  if (ArrayBuffer.isView(ids)) {
    // Numeric ids: a direct look-up table when they are not too sparse, else a Map.
    let max = -1;
    for (let i = 0; i < n; i++) if (ids[i] > max) max = ids[i];
    if (max <= 4 * n + 1024) {
      const table = new Int32Array(Math.max(0, Math.floor(max)) + 1).fill(-1);
      for (let i = 0; i < n; i++) {
        const v = ids[i];
        if (!(v >= 0 && Number.isInteger(v))) {
          out[i] = -1;
          continue;
        }
        let k = table[v];
        if (k < 0) k = table[v] = count++;
        out[i] = k;
      }
      return { out, count };
    }
  }
  const index = new Map();
  for (let i = 0; i < n; i++) {
    const v = ids[i];
    if (!(typeof v === 'string' || (typeof v === 'number' && Number.isInteger(v) && v >= 0))) {
      out[i] = -1;
      continue;
    }
    let k = index.get(v);
    if (k === undefined) index.set(v, (k = count++));
    out[i] = k;
  }
  return { out, count };
}

/** Sorts order[from, to) by (ts, input index); the slice is nearly sorted in practice. */
function insertionSortByTime(order, ts, from, to) {
  for (let i = from + 1; i < to; i++) {
    const j = order[i];
    const t = ts[j];
    let k = i - 1;
    while (k >= from && (ts[order[k]] > t || (ts[order[k]] === t && order[k] > j))) {
      order[k + 1] = order[k];
      k--;
    }
    order[k + 1] = j;
  }
}

/**
 * Clean paths: usable samples grouped by session, in time order, duplicates removed (the last of
 * equal times kept), sessions of one sample dropped. Same counts as plainAttentionWeights.
 */
function cleanPaths(samples) {
  const n = samples.ts.length;
  const { ts, x: xs, y: ys } = samples;
  const { out: ids, count } = denseIds(samples.session, n);
  const dropped = { nonFinite: 0, backwards: 0, duplicate: 0, singleSample: 0, total: 0 };
  const offsets = new Int32Array(count + 1);
  for (let i = 0; i < n; i++) {
    const s = ids[i];
    const t = ts[i], x = Math.fround(xs[i]), y = Math.fround(ys[i]);
    // Comparisons reject NaN: one chain covers every non-finite case.
    if (s < 0 || !(t > -Infinity && t < Infinity && x > -Infinity && x < Infinity && y > -Infinity && y < Infinity)) {
      ids[i] = -1;
      dropped.nonFinite++;
    } else if (t < 0) {
      ids[i] = -1;
      dropped.backwards++;
    } else offsets[s + 1]++;
  }
  for (let s = 0; s < count; s++) offsets[s + 1] += offsets[s];
  const order = new Int32Array(offsets[count]);
  const fill = offsets.slice(0, count);
  for (let i = 0; i < n; i++) if (ids[i] >= 0) order[fill[ids[i]]++] = i;

  const pt = new Float64Array(order.length), px = new Float64Array(order.length), py = new Float64Array(order.length);
  const ends = new Int32Array(count);
  let written = 0, sessions = 0, reordered = false;
  for (let s = 0; s < count; s++) {
    const from = offsets[s], to = offsets[s + 1];
    if (to === from) continue;
    for (let i = from + 1; i < to; i++) {
      if (order[i] !== order[i - 1] + 1) reordered = true;
      if (ts[order[i]] < ts[order[i - 1]]) {
        reordered = true;
        insertionSortByTime(order, ts, from, to);
        break;
      }
    }
    const first = written;
    for (let i = from; i < to; i++) {
      const j = order[i];
      if (i + 1 < to && ts[order[i + 1]] === ts[j]) {
        dropped.duplicate++;
        continue;
      }
      pt[written] = ts[j];
      px[written] = Math.fround(xs[j]);
      py[written] = Math.fround(ys[j]);
      written++;
    }
    if (written - first < 2) {
      dropped.singleSample += written - first;
      written = first;
      continue;
    }
    ends[sessions++] = written;
  }
  dropped.total = dropped.nonFinite + dropped.backwards + dropped.duplicate + dropped.singleSample;
  return { pt, px, py, ends, sessions, kept: written, dropped, reordered };
}

/** One weighted point per sample but each session's last (docs/attention.md steps 2–5). */
function weigh(paths, p) {
  const { pt, px, py, ends, sessions, kept } = paths;
  const gx = new Float64Array(kept), gy = new Float64Array(kept), gw = new Float64Array(kept);
  const pointEnds = new Int32Array(sessions), totals = new Float64Array(sessions);
  const capMs = p.idleCap * 1000;
  let written = 0, idleCapped = 0, from = 0;
  for (let s = 0; s < sessions; s++) {
    const to = ends[s];
    let total = 0;
    let at = from; // the lagged position's segment [at, at + 1]: it only moves forward
    for (let i = from; i + 1 < to; i++) {
      const dt = pt[i + 1] - pt[i];
      const dx = px[i + 1] - px[i], dy = py[i + 1] - py[i];
      const speed = (Math.sqrt(dx * dx + dy * dy) * 1000) / dt;
      let dwell = dt;
      if (dt > capMs) {
        dwell = capMs;
        idleCapped++;
      }
      let w = dwell / 1000;
      if (speed > p.speedThreshold) w *= p.fastWeight;
      if (!(w > 0)) continue;
      const target = pt[i] + p.lag;
      while (at + 1 < to && pt[at + 1] <= target) at++;
      if (at + 1 < to) {
        const f = (target - pt[at]) / (pt[at + 1] - pt[at]);
        gx[written] = px[at] + f * (px[at + 1] - px[at]);
        gy[written] = py[at] + f * (py[at + 1] - py[at]);
      } else {
        gx[written] = px[to - 1];
        gy[written] = py[to - 1];
      }
      gw[written++] = w;
      total += w;
    }
    pointEnds[s] = written;
    totals[s] = total;
    from = to;
  }
  if (p.perSession) {
    let sum = 0, counted = 0;
    for (let s = 0; s < sessions; s++) {
      if (!(totals[s] > 0)) continue;
      sum += totals[s];
      counted++;
    }
    const target = counted ? sum / counted : 0;
    for (let s = 0, k = 0; s < sessions; s++) {
      const scale = totals[s] > 0 ? target / totals[s] : 1;
      for (; k < pointEnds[s]; k++) gw[k] *= scale;
    }
  }
  return { x: gx, y: gy, w: gw, n: written, idleCapped };
}

/** Bilinear binning (a share past the edge goes to the edge cell), Deriche smoothing, s/px². */
function density(points, { extent, width, height, spread }) {
  const [x0, y0, x1, y1] = extent;
  const cw = (x1 - x0) / width, ch = (y1 - y0) / height;
  const bins = new Float64Array(width * height);
  let total = 0;
  const { x: xs, y: ys, w: ws, n } = points;
  for (let k = 0; k < n; k++) {
    const x = xs[k], y = ys[k], w = ws[k];
    if (!(x >= x0 && x <= x1 && y >= y0 && y <= y1)) continue;
    total += w;
    const u = (x - x0) / cw - 0.5, v = (y - y0) / ch - 0.5;
    const i = Math.floor(u), j = Math.floor(v);
    const fu = u - i, fv = v - j;
    const i0 = i < 0 ? 0 : i, i1 = i + 1 >= width ? width - 1 : i + 1;
    const r0 = (j < 0 ? 0 : j) * width, r1 = (j + 1 >= height ? height - 1 : j + 1) * width;
    bins[r0 + i0] += w * (1 - fu) * (1 - fv);
    bins[r0 + i1] += w * fu * (1 - fv);
    bins[r1 + i0] += w * (1 - fu) * fv;
    bins[r1 + i1] += w * fu * fv;
  }
  const smooth = dericheConv2d(dericheConfig(spread / cw), dericheConfig(spread / ch), bins, [width, height]);
  const values = new Float32Array(width * height);
  const scale = 1 / (cw * ch);
  let max = 0;
  for (let c = 0; c < values.length; c++) {
    const v = (values[c] = smooth[c] * scale);
    if (v > max) max = v;
  }
  return { values, total, max };
}

/** The contender: samples → attention grid, with the counts plainAttention reports. */
export function fastPlainAttention(samples, params, grid) {
  const paths = cleanPaths(samples);
  const points = weigh(paths, params);
  const d = density(points, { ...grid, spread: params.spread });
  return { ...d, sessions: paths.sessions, kept: paths.kept, dropped: paths.dropped, idleCapped: points.idleCapped, reordered: paths.reordered };
}
