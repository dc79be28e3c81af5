// Attention maps as browsers get them: createEngine() from worker/browser.ts, the kernels in a
// module Web Worker behind comlink. Hand-computed weights held against the exact Gaussian sum,
// sample columns transferred to the worker (and kept when asked), the grid transferred back,
// the staged cache and latest-wins channels across the worker boundary.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ATTENTION_DEFAULTS, createEngine, type AttentionSamples, type Engine } from '../../worker/browser.js';
import { exactAttentionDensity, plainAttentionWeights } from '../../bench/attention-plain.mjs';
import { rejection } from '../support/rejection.js';

let engine: Engine;
beforeEach(async () => {
  engine = await createEngine();
});
afterEach(async () => {
  await engine.close();
});

const EXTENT: [number, number, number, number] = [0, 0, 128, 64];
const PARAMS = { idleCap: 5, speedThreshold: 100, fastWeight: 0.25, lag: 250, spread: 6, perSession: false };

// Session 7: still 0.5 s at (30,24), 1 s moving to (50,24) (20 px/s), then parked 8 s (capped
// at 5 s). Session 3: 40 px in 0.1 s (400 px/s: × 0.25). Given interleaved and out of order.
// Lag 250 ms: weights 0.5 at (30,24), 1 at (35,24), 5 at (50,24), 0.025 at (110,40).
function samples(): AttentionSamples {
  return {
    session: Int32Array.of(7, 3, 7, 7, 3, 7),
    ts: Float64Array.of(9500, 100, 0, 1500, 0, 500),
    x: Float32Array.of(50, 110, 30, 50, 70, 30),
    y: Float32Array.of(24, 40, 24, 24, 40, 24),
  };
}
const HAND = { x: [30, 35, 50, 110], y: [24, 24, 24, 40], w: [0.5, 1, 5, 0.025] };

describe('attention in a Web Worker', () => {
  it('places hand-computed weights: the exact Gaussian sum, total seconds, counts', async () => {
    const r = await engine.attention({ samples: samples(), width: 128, height: 64, extent: EXTENT, ...PARAMS });
    const exact = exactAttentionDensity(HAND, { extent: EXTENT, width: 128, height: 64, spread: 6 });
    let err = 0;
    let peak = 0;
    for (let i = 0; i < exact.values.length; i++) {
      peak = Math.max(peak, exact.values[i]);
      err = Math.max(err, Math.abs(r.values[i] - exact.values[i]));
    }
    expect(err / peak).toBeLessThanOrEqual(0.002);
    expect(r.total).toBeCloseTo(6.525, 6);
    expect(r.sessions).toBe(2);
    expect(r.idleCapped).toBe(1);
    expect(r.reordered).toBe(true);
    expect(r.params).toEqual(PARAMS);
    expect(plainAttentionWeights(samples(), PARAMS).w.reduce((a, b) => a + b, 0)).toBeCloseTo(6.525, 12);
  });

  it('transfers the columns by default and keeps them with { transfer: false }', async () => {
    const kept = samples();
    await engine.attention({ samples: kept, width: 16, height: 16, extent: EXTENT }, { transfer: false });
    expect(kept.ts.length).toBe(6);
    const moved = samples();
    const info = await engine.loadAttention(moved);
    expect(info.sessions).toBe(2);
    expect(info.count).toBe(6);
    expect(moved.ts.length).toBe(0); // detached: it went to the worker
    await engine.dispose(info.id);
  });

  it('a spread change on a loaded dataset re-smooths only; into comes back filled', async () => {
    const { id } = await engine.loadAttention(samples());
    await engine.attention({ dataset: id, width: 128, height: 64, extent: EXTENT, ...PARAMS });
    const into = new Float32Array(128 * 64);
    const r = await engine.attention({ dataset: id, width: 128, height: 64, extent: EXTENT, ...PARAMS, spread: 9, into });
    expect(r.timings.weigh).toBe(0);
    expect(r.timings.bin).toBe(0);
    expect(r.values.length).toBe(128 * 64);
    const exact = exactAttentionDensity(HAND, { extent: EXTENT, width: 128, height: 64, spread: 9 });
    const peak = Math.max(...exact.values);
    expect(Math.abs(r.max - peak) / peak).toBeLessThanOrEqual(0.002);
    const relagged = await engine.attention({ dataset: id, width: 128, height: 64, extent: EXTENT, ...PARAMS, lag: 0 });
    expect(relagged.timings.weigh).toBeGreaterThan(0);
    expect(relagged.timings.bin).toBeGreaterThan(0);
  });

  it('latest wins on a channel; errors keep their codes across the worker boundary', async () => {
    const { id } = await engine.loadAttention(samples());
    const results = await Promise.allSettled([8, 10, 12].map((spread) => engine.attention({ dataset: id, width: 64, height: 32, extent: EXTENT, spread, channel: 'spread' })));
    expect(results[1].status).toBe('rejected');
    expect(results[2].status).toBe('fulfilled');
    if (results[2].status === 'fulfilled') expect(results[2].value.params.spread).toBe(12);
    const error = await rejection(engine.attention({ dataset: id, width: 64, height: 32, fastWeight: 2 }));
    expect((error as Error & { code?: string }).code).toBe('invalid-request');
    expect(error.message).toMatch(/fastWeight must be a number from 0 to 1/);
    expect(ATTENTION_DEFAULTS.lag).toBe(700);
  });
});
