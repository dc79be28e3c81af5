// What engine.attention() counts besides drops, on tiny hand-made samples whose counts are
// worked out by hand in the comments: negative time steps (a sample timed before the previous
// usable sample of its session, in input order) per sample and per session, fast samples, and
// idle-capped samples — and that the counts leave the older fields as they were.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../worker/node.js';
import { columns, push, rows } from './attention-support.js';

const EXTENT: [number, number, number, number] = [0, 0, 200, 100];
const GRID = { width: 40, height: 20, extent: EXTENT, spread: 5, lag: 0, idleCap: 5, fastWeight: 0.5 };

let engine: Engine;
beforeEach(async () => {
  engine = await createEngine();
});
afterEach(async () => {
  await engine.close();
});

/** Each session's samples listed in input order; the cursor stands still unless noted. */
function messy() {
  const r = rows();
  // s0: 0, 300, 200, 100, 400 → 300→200 and 200→100 step back: 2 samples.
  for (const t of [0, 300, 200, 100, 400]) push(r, 0, t, 10, 10);
  // s1 and s2 interleaved, each in time order: no step back. s1 moves 50 px in 100 ms
  // (500 px/s, fast at 100 px/s) then 1 px in 100 ms (10 px/s, slow).
  push(r, 1, 0, 0, 50);
  push(r, 2, 0, 100, 50);
  push(r, 1, 100, 50, 50);
  push(r, 2, 100, 100, 50);
  push(r, 1, 200, 51, 50);
  push(r, 2, 200, 100, 50);
  // s3: 500, 100 → 1 sample back.
  push(r, 3, 500, 20, 20);
  push(r, 3, 100, 20, 20);
  // s4: 100, (1000 with x = NaN: dropped), 500 → the usable ones go forward: 0.
  push(r, 4, 100, 30, 30);
  push(r, 4, 1000, NaN, 30);
  push(r, 4, 500, 30, 30);
  // s5: 300, (−5: dropped), 200 → 300→200 steps back: 1.
  push(r, 5, 300, 40, 40);
  push(r, 5, -5, 40, 40);
  push(r, 5, 200, 40, 40);
  // s6: 200, 100, 100 → 200→100 steps back; the equal times are a duplicate, not a step: 1.
  push(r, 6, 200, 60, 60);
  push(r, 6, 100, 60, 60);
  push(r, 6, 100, 60, 60);
  // s7: 0, 9000 → one dwell of 9 s, capped at 5 s.
  push(r, 7, 0, 70, 70);
  push(r, 7, 9000, 70, 70);
  return columns(r);
}

describe('counts', () => {
  it('counts negative time steps per sample and per session, fast and idle-capped samples', async () => {
    const r = await engine.attention({ samples: messy(), ...GRID, speedThreshold: 100 });
    // Steps back: s0 2, s3 1, s5 1, s6 1 → 5 samples in 4 sessions.
    expect(r.counts).toEqual({ reordered: { sessions: 4, samples: 5 }, fast: 1, idleCapped: 1 });
    expect(r.reordered).toBe(true);
    expect(r.idleCapped).toBe(1);
    expect(r.dropped).toEqual({ nonFinite: 1, backwards: 1, duplicate: 1, singleSample: 0, total: 3 });
    expect(r.sessions).toBe(8);
  });

  it('counts fast samples again when the speed threshold changes on a loaded dataset', async () => {
    const { id } = await engine.loadAttention(messy());
    // s1's steps are 500 and 10 px/s; every other step is 0 px/s.
    const fastAt = async (speedThreshold: number, fastWeight = 0.5) =>
      (await engine.attention({ dataset: id, ...GRID, speedThreshold, fastWeight })).counts.fast;
    expect(await fastAt(600)).toBe(0);
    expect(await fastAt(100)).toBe(1);
    expect(await fastAt(5)).toBe(2);
    // A zero weight places nothing, but the samples were still fast.
    expect(await fastAt(5, 0)).toBe(2);
    const again = await engine.attention({ dataset: id, ...GRID, speedThreshold: 5, spread: 9 });
    expect(again.counts.reordered).toEqual({ sessions: 4, samples: 5 });
  });

  it('counts nothing for sessions given one after another in time order', async () => {
    const r = rows();
    for (let s = 0; s < 3; s++) for (let k = 0; k < 4; k++) push(r, `visit-${s}`, 1000 * s + 250 * k, 20 + s, 30);
    const result = await engine.attention({ samples: columns(r), ...GRID, speedThreshold: 100 });
    expect(result.counts).toEqual({ reordered: { sessions: 0, samples: 0 }, fast: 0, idleCapped: 0 });
    expect(result.reordered).toBe(false);
  });

  it('counts a session given backwards as one step back per sample after its first', async () => {
    const r = rows();
    for (const t of [400, 300, 200, 100, 0]) push(r, 'late', t, 50, 50);
    const result = await engine.attention({ samples: columns(r), ...GRID });
    expect(result.counts.reordered).toEqual({ sessions: 1, samples: 4 });
    expect(result.kept).toBe(5);
  });
});
