// The attention model (DESIGN.md "Attention", docs/attention.md) through engine.attention() in
// Node: dwell, the I-VT discount, the gaze lag, per-session equalisation and the drop reasons,
// held against hand-computed weights and the exact Gaussian sum of those weights.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ATTENTION_DEFAULTS, createEngine, type Engine } from '../../worker/node.js';
import { exactAttentionDensity, plainAttentionWeights } from '../../bench/attention-plain.mjs';
import { addPath, centroid, columns, errorOfPeak, integral, push, rows, valueAt, type Extent4 } from './attention-support.js';

let engine: Engine;
beforeAll(async () => {
  engine = await createEngine({ threads: 1 });
});
afterAll(async () => {
  await engine.close();
});

describe('the weights on a tiny input, by hand', () => {
  // Session a: still 0.5 s at (30,24); 1 s moving to (50,24) at 20 px/s; then 8 s parked there
  // (capped at 5 s); its last sample places nothing. Session b: 40 px in 0.1 s = 400 px/s,
  // above the 100 px/s threshold: 0.1 s × 0.25. Lag 250 ms: a's first sample looks at (30,24)
  // (still), its second at a quarter of the way to (50,24), its third at (50,24); b's only
  // weighted sample looks past the end of its path, at its last position.
  const params = { idleCap: 5, speedThreshold: 100, fastWeight: 0.25, lag: 250, spread: 6, perSession: false };
  const hand = { x: [30, 35, 50, 110], y: [24, 24, 24, 40], w: [0.5, 1, 5, 0.025] };
  const extent: Extent4 = [0, 0, 128, 64];
  const samples = () => {
    const r = rows();
    push(r, 'a', 0, 30, 24);
    push(r, 'a', 500, 30, 24);
    push(r, 'a', 1500, 50, 24);
    push(r, 'a', 9500, 50, 24);
    push(r, 'b', 0, 70, 40);
    push(r, 'b', 100, 110, 40);
    return columns(r);
  };

  it('the plain reference gives exactly the hand-computed points', () => {
    const p = plainAttentionWeights(samples(), params);
    expect(Array.from(p.x)).toEqual(hand.x);
    expect(Array.from(p.y)).toEqual(hand.y);
    p.w.forEach((w, k) => expect(w).toBeCloseTo(hand.w[k], 15));
    expect(p.idleCapped).toBe(1);
  });

  it('the engine places those weights: total seconds exact, density = the exact Gaussian sum', async () => {
    const r = await engine.attention({ samples: samples(), width: 128, height: 64, extent, ...params });
    expect(r.total).toBeCloseTo(6.525, 6); // float32 weights: 0.025 is not exact
    expect(r.sessions).toBe(2);
    expect(r.kept).toBe(6);
    expect(r.idleCapped).toBe(1);
    expect(r.dropped.total).toBe(0);
    expect(r.reordered).toBe(false);
    expect(r.params).toEqual(params);
    const exact = exactAttentionDensity(hand, { extent, width: 128, height: 64, spread: 6 });
    expect(errorOfPeak(r.values, exact.values)).toBeLessThanOrEqual(0.002);
    // Integral over the whole page = total seconds (the Gaussians lie well inside it).
    expect(integral(r.values, 128, 64, extent, extent)).toBeCloseTo(6.525, 2);
  });

  it('per-session equalisation: each session gets the mean total, and the total is kept', async () => {
    const r = await engine.attention({ samples: samples(), width: 128, height: 64, extent, ...params, perSession: true });
    const mean = (6.5 + 0.025) / 2;
    const w = [...hand.w.slice(0, 3).map((v) => (v * mean) / 6.5), mean];
    const exact = exactAttentionDensity({ ...hand, w }, { extent, width: 128, height: 64, spread: 6 });
    expect(errorOfPeak(r.values, exact.values)).toBeLessThanOrEqual(0.002);
    expect(r.total).toBeCloseTo(6.525, 5);
    // Session b's single point carries half of all attention now.
    expect(integral(r.values, 128, 64, extent, [80, 0, 128, 64]) / r.total).toBeCloseTo(0.5, 2);
  });
});

describe('what the model is for', () => {
  const extent: Extent4 = [0, 0, 1280, 800];

  it('a cursor parked 10 s at one spot dominates a cursor sweeping fast across the page', async () => {
    const r = rows();
    // Parked: a 1 px tremor every 100 ms for 10 s (10 px/s, far below the threshold).
    addPath(r, 'parked', 0, 10_000, 100, (t) => [400 + (Math.round(t * 10) % 2), 400]);
    // Sweeping: 1200 px in 0.4 s (3000 px/s), sampled every 20 ms, three times over.
    for (let k = 0; k < 3; k++) addPath(r, `sweep${k}`, 0, 400, 20, (t) => [40 + 3000 * t, 600]);
    for (const fastWeight of [ATTENTION_DEFAULTS.fastWeight, 0.2]) {
      const m = await engine.attention({ samples: columns(r), width: 320, height: 200, extent, fastWeight });
      const near = integral(m.values, 320, 200, extent, [400 - 3 * 140, 400 - 3 * 140, 400 + 3 * 140, 400 + 3 * 140]);
      expect(near / m.total).toBeGreaterThan(0.95);
      expect(valueAt(m.values, 320, 200, extent, 400, 400)).toBeGreaterThan(20 * valueAt(m.values, 320, 200, extent, 1000, 600));
      // The parked spot's 10 s; the sweeps add at most 3 × 0.4 s × fastWeight.
      expect(m.total).toBeCloseTo(10 + 3 * 0.4 * fastWeight, 4);
    }
  });

  it('the lag moves attention along the path by speed × lag (a centroid shift)', async () => {
    const extentWide: Extent4 = [0, 0, 1280, 400];
    const speed = 50; // px/s, well below the threshold
    const seconds = 20;
    const lag = 700;
    for (const [dx, dy] of [[1, 0], [0.6, 0.8]]) {
      const r = rows();
      addPath(r, 0, 0, seconds * 1000, 100, (t) => [140 + dx * speed * t, 100 + dy * speed * t * 0.2]);
      // The vertical part is scaled to stay on the page: the actual velocity is (dx·v, 0.2·dy·v).
      const v = [dx * speed, dy * speed * 0.2];
      const grid = { width: 256, height: 80, extent: extentWide, spread: 20 };
      const still = await engine.attention({ samples: columns(r), ...grid, lag: 0 });
      const lagged = await engine.attention({ samples: columns(r), ...grid, lag });
      const [ax, ay] = centroid(still.values, 256, 80, extentWide);
      const [bx, by] = centroid(lagged.values, 256, 80, extentWide);
      // Every sample's attention moves v·lag along the path, except that samples in the path's
      // last `lag` ms look at its end: they move v·(T − t). The expected shift is the mean.
      let moved = 0;
      for (let k = 0; k < seconds * 10; k++) moved += Math.min(lag, seconds * 1000 - k * 100) / 1000;
      const factor = moved / (seconds * 10);
      expect(bx - ax).toBeCloseTo(v[0] * factor, 1);
      expect(by - ay).toBeCloseTo(v[1] * factor, 1);
    }
  });

  it('per-session equalisation makes a 1-minute and a 10-minute session weigh the same', async () => {
    const r = rows();
    addPath(r, 'short', 0, 60_000, 100, (t) => [300 + 40 * Math.sin(t), 400 + 40 * Math.cos(t)]);
    addPath(r, 'long', 0, 600_000, 100, (t) => [980 + 40 * Math.sin(t), 400 + 40 * Math.cos(t)]);
    const left: Extent4 = [0, 0, 640, 800];
    const right: Extent4 = [640, 0, 1280, 800];
    const raw = await engine.attention({ samples: columns(r), width: 320, height: 200, extent, spread: 40 });
    expect(raw.total).toBeCloseTo(660, 1);
    expect(integral(raw.values, 320, 200, extent, right) / integral(raw.values, 320, 200, extent, left)).toBeCloseTo(10, 1);
    const equal = await engine.attention({ samples: columns(r), width: 320, height: 200, extent, spread: 40, perSession: true });
    expect(equal.total).toBeCloseTo(660, 1); // each session now 330 s: still seconds
    const a = integral(equal.values, 320, 200, extent, left);
    const b = integral(equal.values, 320, 200, extent, right);
    expect(a / b).toBeCloseTo(1, 3);
    expect(a).toBeCloseTo(330, 0);
  });
});

describe('bad samples are dropped and counted by reason, never thrown', () => {
  it('counts non-finite values, negative times, duplicates and single-sample sessions; caps huge gaps', async () => {
    const r = rows();
    addPath(r, 'ok', 1000, 2000, 500, (t) => [100 + 10 * t, 100]); // 5 samples
    push(r, 'ok', 1200, NaN, 100); // non-finite x
    push(r, 'ok', Infinity, 100, 100); // non-finite time
    push(r, 'ok', 1300, 100, -Infinity); // non-finite y
    push(r, 'ok', -40, 100, 100); // before the clock's origin
    push(r, 'ok', 1500, 104, 100); // same time as the sample at 1500: the later one is kept
    push(r, 'ok', 3_600_000, 100, 100); // an hour later: dwell capped
    push(r, 'alone', 10, 300, 300); // a session of one sample
    push(r, 'twice', 10, 300, 300); // two samples at one time: a duplicate, then one sample left
    push(r, 'twice', 10, 310, 300);
    const samples = columns(r);
    const m = await engine.attention({ samples, width: 64, height: 64, extent: [0, 0, 640, 640], lag: 0 });
    expect(m.dropped).toEqual({ nonFinite: 3, backwards: 1, duplicate: 2, singleSample: 2, total: 8 });
    expect(m.kept).toBe(6);
    expect(m.sessions).toBe(1);
    expect(m.idleCapped).toBe(1);
    // Dwell: 0.5 s × 4 (the sample at 1500 now at x = 104), then the last real one capped at 5 s.
    expect(m.total).toBeCloseTo(0.5 * 4 + 5, 6);
    const plain = plainAttentionWeights(samples, { ...ATTENTION_DEFAULTS, lag: 0 });
    expect(plain.dropped).toEqual(m.dropped);
    expect(plain.w.reduce((a, b) => a + b, 0)).toBeCloseTo(m.total, 6);
  });

  it('an unusable session id is dropped as non-finite; no usable sample at all gives an empty map', async () => {
    const samples = { session: [-1, 2.5, NaN, 7], ts: [0, 1, 2, 3], x: [1, 1, 1, 1], y: [1, 1, 1, 1] };
    const m = await engine.attention({ samples, width: 8, height: 8 });
    expect(m.dropped).toEqual({ nonFinite: 3, backwards: 0, duplicate: 0, singleSample: 1, total: 4 });
    expect(m.total).toBe(0);
    expect(m.max).toBe(0);
    expect(m.values.every((v) => v === 0)).toBe(true);
  });

  it('interleaved, out-of-order input gives the same map as sorted input, and says it was reordered', async () => {
    const r = rows();
    addPath(r, 0, 0, 3000, 100, (t) => [200 + 30 * t, 200]);
    addPath(r, 1, 50, 3000, 100, (t) => [400, 300 + 20 * t]);
    const sorted = columns(r);
    const order = sorted.ts.map((_, i) => i).sort((a, b) => ((a * 7919) % 61) - ((b * 7919) % 61) || a - b);
    const shuffled = {
      session: Int32Array.from(order, (i) => (sorted.session as Int32Array)[i]),
      ts: Float64Array.from(order, (i) => sorted.ts[i]),
      x: Float32Array.from(order, (i) => sorted.x[i]),
      y: Float32Array.from(order, (i) => sorted.y[i]),
    };
    const grid = { width: 64, height: 64, extent: [0, 0, 640, 640] as Extent4, spread: 30 };
    const a = await engine.attention({ samples: sorted, ...grid });
    const b = await engine.attention({ samples: shuffled, ...grid });
    expect(a.reordered).toBe(false);
    expect(b.reordered).toBe(true);
    expect(b.dropped.total).toBe(0);
    expect(b.total).toBeCloseTo(a.total, 9);
    expect(errorOfPeak(b.values, a.values)).toBeLessThan(1e-6);
  });
});
