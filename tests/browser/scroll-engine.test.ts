// Scroll depth as browsers get it: through createEngine() from worker/browser.ts, the kernels in
// a module Web Worker behind comlink. Hand-computed values (as in tests/unit/scroll-depth.test.ts),
// sample columns transferred to the worker, result arrays transferred back.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEngine, type Engine, type ScrollSamples } from '../../worker/browser.js';
import { rejection } from '../support/rejection.js';

let engine: Engine;
beforeEach(async () => {
  engine = await createEngine();
});
afterEach(async () => {
  await engine.close();
});

// Page 3000 px, vh 1000. Session 0: [0,1000] for 10 s, [250,1250] for 100 s (capped at 30 s),
// then [2000,3000] (last sample: no time). Session 1 never scrolls: it reaches its fold, 1000.
function samples(): ScrollSamples {
  return {
    session: Int32Array.of(0, 1, 0, 0),
    ts: Float64Array.of(0, 0, 110_000, 10_000), // out of order: sorted by the engine
    y: Float32Array.of(0, 0, 2000, 250),
    vh: Float32Array.of(1000, 1000, 1000, 1000),
    dh: Float32Array.of(3000, 3000, 3000, 3000),
  };
}

describe('scroll depth in a Web Worker', () => {
  it('computes the reach curve, time in view and fold of hand-made sessions', async () => {
    const r = await engine.scrollDepth({ samples: samples(), bins: 6, unit: 'px' });
    expect([...r.reached]).toEqual([1, 1, 0.5, 0.5, 0.5, 0.5]);
    expect([...r.timeInView]).toEqual([25, 40, 15, 0, 0, 0]);
    expect([...r.binEdges]).toEqual([0, 500, 1000, 1500, 2000, 2500, 3000]);
    expect(r.fold).toEqual({ mean: 1000, p25: 1000, p50: 1000, p75: 1000 });
    expect([r.sessions, r.timedSessions, r.samples, r.dropped, r.clamped, r.reordered]).toEqual([2, 1, 4, 0, 0, 1]);
    expect(r.reached).toBeInstanceOf(Float64Array);
  });

  it('transfers the sample columns by default and keeps them with { transfer: false }', async () => {
    const moved = samples();
    await engine.scrollDepth({ samples: moved, bins: 4 });
    expect([moved.session, moved.ts, moved.y, moved.vh, moved.dh].map((c) => (c as Float64Array).byteLength)).toEqual([0, 0, 0, 0, 0]);
    const kept = samples();
    const r = await engine.scrollDepth({ samples: kept, bins: 4 }, { transfer: false });
    expect(kept.ts.length).toBe(4);
    expect([...r.reached]).toEqual([1, 1, 0.5, 0.5]); // percent: the fold is 33% of the page
  });

  it('bins a hundred thousand sessions and agrees with a count made here', async () => {
    const sessions = 100_000;
    const perSession = 5;
    const n = sessions * perSession;
    const s = { session: new Int32Array(n), ts: new Float64Array(n), y: new Float32Array(n), vh: new Float32Array(n), dh: new Float32Array(n) };
    const reachedHalf = { count: 0 };
    for (let k = 0; k < sessions; k++) {
      // Session k scrolls down in steps to a deepest top of (k mod 40)·100 px on a 5000 px page.
      const deepest = (k % 40) * 100;
      if (deepest + 1000 > 2500) reachedHalf.count++;
      for (let j = 0; j < perSession; j++) {
        const i = k * perSession + j;
        s.session[i] = k;
        s.ts[i] = j * 1000;
        s.y[i] = (deepest * j) / (perSession - 1);
        s.vh[i] = 1000;
        s.dh[i] = 5000;
      }
    }
    const r = await engine.scrollDepth({ samples: s, bins: 10, unit: 'px' });
    expect(r.sessions).toBe(sessions);
    // Bin 5 starts at 2500 px.
    expect(r.reached[5]).toBe(reachedHalf.count / sessions);
    expect(r.reached[0]).toBe(1);
  });

  it('rejects a bad request with a HeatlensError naming the field', async () => {
    const error = await rejection(engine.scrollDepth({ samples: samples(), bins: 0 }));
    expect(error.message).toMatch(/bins must be an integer from 1 to 100000, got 0/);
    expect(error).toMatchObject({ code: 'invalid-request' });
  });
});
