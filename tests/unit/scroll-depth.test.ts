// Scroll depth (DESIGN.md "Scroll depth") on the engine in Node: exact values on hand-made
// sessions, worked out by hand in the comments; bad samples counted; requests validated; and
// the promise API (createEngine) giving the same answer as the synchronous engine.
import { afterAll, describe, expect, it } from 'vitest';
import type { ScrollDepthRequest, ScrollSamples } from '../../worker/api.js';
import { DensityEngine } from '../../worker/density-engine.js';
import { createEngine } from '../../worker/node.js';
import { rejection } from '../support/rejection.js';

const engine = new DensityEngine();
afterAll(() => engine.close());

type Sample = [session: number | string, ts: number, y: number, vh: number, dh: number];

function columns(samples: Sample[]): ScrollSamples {
  const allNumbers = samples.every((s) => typeof s[0] === 'number');
  return {
    session: allNumbers ? samples.map((s) => s[0] as number) : samples.map((s) => String(s[0])),
    ts: Float64Array.from(samples, (s) => s[1]),
    y: Float32Array.from(samples, (s) => s[2]),
    vh: Float32Array.from(samples, (s) => s[3]),
    dh: Float32Array.from(samples, (s) => s[4]),
  };
}

function scroll(samples: Sample[], request: Omit<ScrollDepthRequest, 'samples'>) {
  return engine.scrollDepth({ samples: columns(samples), ...request });
}

describe('scroll depth: reach', () => {
  it('a session that never scrolls reaches exactly its fold', () => {
    // vh 800 on a 4000 px page, bins of 100 px: bins 0–7 start above 800, bin 8 starts at it.
    const r = scroll([[0, 1000, 0, 800, 4000]], { bins: 40, unit: 'px' });
    expect([...r.reached]).toEqual([...Array(8).fill(1), ...Array(32).fill(0)]);
    expect(r.fold).toEqual({ mean: 800, p25: 800, p50: 800, p75: 800 });
    // In percent: 800 / 4000 = 20% of the page, bins of 5%.
    const p = scroll([[0, 1000, 0, 800, 4000]], { bins: 20 });
    expect(p.unit).toBe('percent');
    expect([...p.reached]).toEqual([...Array(4).fill(1), ...Array(16).fill(0)]);
    expect(p.fold.mean).toBe(20);
  });

  it('N sessions with known deepest viewport bottoms give exactly the expected survival curve', () => {
    // Five sessions on a 1000 px page, vh 200; deepest bottoms 200, 400, 400, 700, 1000.
    const bottoms = [200, 400, 400, 700, 1000];
    const samples: Sample[] = bottoms.flatMap((bottom, s): Sample[] => [
      [s, 0, 0, 200, 1000],
      [s, 500, (bottom - 200) / 2, 200, 1000],
      [s, 900, bottom - 200, 200, 1000],
    ]);
    const r = scroll(samples, { bins: 10, unit: 'px' });
    // Bin i starts at 100·i; a session reaches it when its depth passes 100·i.
    const expected = Array.from({ length: 10 }, (_, i) => bottoms.filter((b) => b > 100 * i).length / 5);
    expect([...r.reached]).toEqual(expected);
    expect([...r.reached]).toEqual([1, 1, 0.8, 0.8, 0.4, 0.4, 0.4, 0.2, 0.2, 0.2]);
    expect([...r.binEdges]).toEqual([0, 100, 200, 300, 400, 500, 600, 700, 800, 900, 1000]);
    expect([r.sessions, r.timedSessions, r.samples, r.maxDepth]).toEqual([5, 5, 15, 1000]);
  });

  it('measures percent per sample, so pages of different heights are comparable', () => {
    // Both sessions read half their page: 1000 of 2000 px and 3000 of 6000 px.
    const r = scroll([[0, 0, 0, 1000, 2000], [1, 0, 2000, 1000, 6000], [1, 1, 0, 1000, 6000]], { bins: 4 });
    expect([...r.reached]).toEqual([1, 1, 0, 0]);
  });

  it('clips px depths at maxDepth: deeper sessions reach every bin', () => {
    // Bins of 500 px: a fold at 800 reaches bins 0 and 1; a bottom at 4000 reaches all four.
    const r = scroll([[0, 0, 0, 800, 4000], [1, 0, 3200, 800, 4000]], { bins: 4, unit: 'px', maxDepth: 2000 });
    expect([...r.reached]).toEqual([1, 1, 0.5, 0.5]);
    expect([...r.binEdges]).toEqual([0, 500, 1000, 1500, 2000]);
  });

  it('takes the fold quartiles per session (type 7), from each session’s first sample', () => {
    // First samples: 600, 700, 800, 1000 (session 3 later resizes to 2000, which must not count).
    const r = scroll(
      [[0, 0, 0, 600, 5000], [1, 0, 0, 700, 5000], [2, 0, 0, 800, 5000], [3, 0, 0, 1000, 5000], [3, 10, 0, 2000, 5000], [0, 5, 10, 600, 5000]],
      { bins: 5, unit: 'px' },
    );
    // h = 3p: p25 → 600 + 0.75·100 = 675; p50 → 700 + 0.5·100 = 750; p75 → 800 + 0.25·200 = 850.
    expect(r.fold).toEqual({ mean: 775, p25: 675, p50: 750, p75: 850 });
  });
});

describe('scroll depth: time in view', () => {
  it('credits each viewport until the next sample, capped at the idle cap, visible share per bin', () => {
    // Page 3000 px, vh 1000, bins of 500 px. Session 0:
    //   t = 0 s    y = 0     → [0, 1000]   for 10 s: bins 0, 1 get 10 s
    //   t = 10 s   y = 250   → [250, 1250] for 100 s, capped at 30 s: bin 0 ½·30, bin 1 30, bin 2 ½·30
    //   t = 110 s  y = 2000  → [2000, 3000]: the last sample, no known end, nothing
    // Session 1: one sample, not timed (reaches its fold, counts in reach, not in time means).
    const r = scroll(
      [[0, 0, 0, 1000, 3000], [0, 10_000, 250, 1000, 3000], [0, 110_000, 2000, 1000, 3000], [1, 0, 0, 1000, 3000]],
      { bins: 6, unit: 'px' },
    );
    expect([...r.timeInView]).toEqual([25, 40, 15, 0, 0, 0]);
    expect([r.sessions, r.timedSessions, r.idleCap]).toEqual([2, 1, 30]);
    expect([...r.reached]).toEqual([1, 1, 0.5, 0.5, 0.5, 0.5]);
    // With a 5 s cap: bins 0, 1 get 5 s each, then 2.5, 5, 2.5.
    const capped = scroll([[0, 0, 0, 1000, 3000], [0, 10_000, 250, 1000, 3000], [0, 110_000, 2000, 1000, 3000]], { bins: 6, unit: 'px', idleCap: 5 });
    expect([...capped.timeInView]).toEqual([7.5, 10, 2.5, 0, 0, 0]);
  });

  it('averages over timed sessions, and a viewport covering many bins costs the same', () => {
    // Two sessions each 10 s at [0, 900] with bins of 1 px: every one of the first 900 bins 10 s.
    const r = scroll([[0, 0, 0, 900, 1000], [0, 10_000, 0, 900, 1000], [1, 0, 0, 900, 1000], [1, 10_000, 100, 900, 1000]], { bins: 1000, unit: 'px' });
    expect(r.timeInView.slice(0, 900).every((t) => t === 10)).toBe(true);
    expect(r.timeInView.slice(900).every((t) => t === 0)).toBe(true);
  });
});

describe('scroll depth: bad samples', () => {
  it('drops non-finite values, negative times and non-positive heights, and counts them', () => {
    const r = scroll(
      [[0, 0, 0, 800, 4000], [0, NaN, 100, 800, 4000], [0, -1, 100, 800, 4000], [0, 5, Infinity, 800, 4000], [0, 6, 100, 0, 4000], [0, 7, 100, 800, -5], [0, 8, 100, 800, NaN], [1, 0, 0, -800, 4000]],
      { bins: 4, unit: 'px' },
    );
    expect([r.dropped, r.samples, r.sessions]).toEqual([7, 1, 1]);
    expect([...r.reached]).toEqual([1, 0, 0, 0]);
  });

  it('clamps scrollY below 0 and beyond the document into [0, dh − vh], and counts it', () => {
    // -50 (rubber band) → 0; 9000 on a 4000 px page → 3200, so the session reached the bottom.
    const r = scroll([[0, 0, -50, 800, 4000], [0, 1000, 9000, 800, 4000]], { bins: 4, unit: 'px' });
    expect(r.clamped).toBe(2);
    expect([...r.reached]).toEqual([1, 1, 1, 1]);
    expect([...r.timeInView]).toEqual([0.8, 0, 0, 0]); // [0, 800] for 1 s in bins of 1000 px
  });

  it('sorts out-of-order samples by time within a session and counts the session', () => {
    const inOrder: Sample[] = [[0, 0, 0, 1000, 3000], [0, 10_000, 250, 1000, 3000], [0, 20_000, 2000, 1000, 3000]];
    const shuffled: Sample[] = [inOrder[2], inOrder[0], inOrder[1]];
    const a = scroll(inOrder, { bins: 6, unit: 'px' });
    const b = scroll(shuffled, { bins: 6, unit: 'px' });
    expect([a.reordered, b.reordered]).toEqual([0, 1]);
    expect([...b.timeInView]).toEqual([...a.timeInView]);
    expect([...b.reached]).toEqual([...a.reached]);
    expect(b.fold).toEqual(a.fold);
  });

  it('drops samples whose session id is unusable, and accepts strings and sparse integers', () => {
    const base: Sample[] = [[0, 0, 0, 800, 4000], [1, 0, 1000, 800, 4000], [1, 1, 0, 800, 4000]];
    const dense = scroll(base, { bins: 8, unit: 'px' });
    const strings = scroll(base.map(([s, ...rest]) => [`visitor-${s}`, ...rest] as Sample), { bins: 8, unit: 'px' });
    const sparse = scroll(base.map(([s, ...rest]) => [(s as number) * 1e9 + 7, ...rest] as Sample), { bins: 8, unit: 'px' });
    for (const r of [strings, sparse]) {
      expect([...r.reached]).toEqual([...dense.reached]);
      expect(r.sessions).toBe(2);
    }
    const bad = engine.scrollDepth({ samples: { ...columns(base), session: [-1, 1.5, 1] }, bins: 8, unit: 'px' });
    expect([bad.dropped, bad.sessions]).toEqual([2, 1]);
    const typed = engine.scrollDepth({ samples: { ...columns(base), session: Int32Array.of(-3, 1, 1) }, bins: 8, unit: 'px' });
    expect([typed.dropped, typed.sessions]).toEqual([1, 1]);
    const sparseTyped = engine.scrollDepth({ samples: { ...columns(base), session: Int32Array.of(2_000_000_000, 7, 7) }, bins: 8, unit: 'px' });
    expect([...sparseTyped.reached]).toEqual([...dense.reached]);
  });

  it('answers an input with no valid sample with zeros and an undefined fold, not an error', () => {
    for (const samples of [[], [[0, NaN, 0, 800, 4000]]] as Sample[][]) {
      const r = scroll(samples, { bins: 3, unit: 'px' });
      expect([...r.reached]).toEqual([0, 0, 0]);
      expect([...r.timeInView]).toEqual([0, 0, 0]);
      expect(r.sessions).toBe(0);
      expect(Number.isNaN(r.fold.p50) && Number.isNaN(r.fold.mean)).toBe(true);
    }
  });

  it('rejects bad requests with messages naming the field', () => {
    const samples = columns([[0, 0, 0, 800, 4000]]);
    const attempt = (request: Partial<ScrollDepthRequest>) => () => engine.scrollDepth({ samples, bins: 4, ...request } as ScrollDepthRequest);
    expect(attempt({ bins: 0 })).toThrow(/bins must be an integer from 1 to 100000, got 0/);
    expect(attempt({ bins: 2.5 })).toThrow(/bins must be an integer/);
    expect(attempt({ unit: 'em' as 'px' })).toThrow(/unit must be 'px' or 'percent'/);
    expect(attempt({ unit: 'px', maxDepth: -1 })).toThrow(/maxDepth must be a positive number/);
    expect(attempt({ maxDepth: 1000 })).toThrow(/maxDepth applies to unit 'px' only/);
    expect(attempt({ idleCap: 0 })).toThrow(/idleCap must be a positive number of seconds/);
    expect(attempt({ samples: { ...samples, dh: new Float32Array(2) } })).toThrow(/samples.dh has 2 values but samples.session has 1/);
    expect(attempt({ samples: undefined })).toThrow(/samples must be an object/);
  });

  it('keeps no memory between requests', () => {
    const before = engine.stats();
    scroll(Array.from({ length: 5000 }, (_, i): Sample => [i % 97, i, i, 800, 20_000]), { bins: 100 });
    const after = engine.stats();
    expect([after.points, after.pointBytes, after.gridBytes]).toEqual([before.points, before.pointBytes, before.gridBytes]);
  });
});

describe('scroll depth through createEngine (Node)', () => {
  it('resolves with the same result as the engine and rejects bad requests with a HeatlensError', async () => {
    const api = await createEngine({ threads: 1 });
    try {
      const samples: Sample[] = [[0, 0, 0, 800, 4000], [0, 5000, 1200, 800, 4000], [1, 0, 0, 600, 4000]];
      const r = await api.scrollDepth({ samples: columns(samples), bins: 8, unit: 'px' });
      const direct = scroll(samples, { bins: 8, unit: 'px' });
      expect([...r.reached]).toEqual([...direct.reached]);
      expect([...r.timeInView]).toEqual([...direct.timeInView]);
      const error = await rejection(api.scrollDepth({ samples: columns(samples), bins: -3 }));
      expect(error).toMatchObject({ name: 'HeatlensError', code: 'invalid-request' });
    } finally {
      await api.close();
    }
  });
});
