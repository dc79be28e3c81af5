// Properties of scroll depth on random sessions (fast-check): the engine agrees with the slow
// reference written from the definitions (tests/reference/scroll-depth.ts), and so does the
// plain-JS implementation the benchmark races against; reach is a survival curve; the result
// does not depend on the order of sessions or samples.
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { plainScrollDepth } from '../../bench/scroll-plain.mjs';
import type { DepthUnit, ScrollDepthResult } from '../../worker/api.js';
import { DensityEngine } from '../../worker/density-engine.js';
import { referenceScrollDepth } from '../reference/scroll-depth.js';

const engine = new DensityEngine();
afterAll(() => engine.close());

interface Sample { session: number; ts: number; y: number; vh: number; dh: number }

/** Sessions with strictly increasing times (so the order of samples is unambiguous). */
const session = fc.record({
  vh: fc.integer({ min: 100, max: 1200 }),
  dh: fc.integer({ min: 300, max: 6000 }),
  steps: fc.array(fc.record({ gap: fc.integer({ min: 1, max: 90_000 }), y: fc.integer({ min: -200, max: 7000 }), resize: fc.boolean() }), { minLength: 1, maxLength: 8 }),
});
const badValue = fc.constantFrom(NaN, Infinity, -1, 0);

const dataset = fc.record({
  sessions: fc.array(session, { minLength: 0, maxLength: 25 }),
  bad: fc.array(fc.record({ field: fc.constantFrom('ts', 'y', 'vh', 'dh'), value: badValue, at: fc.nat() }), { maxLength: 4 }),
  bins: fc.integer({ min: 1, max: 60 }),
  unit: fc.constantFrom<DepthUnit>('px', 'percent'),
  idleCap: fc.constantFrom(undefined, 5, 30),
  seed: fc.nat(),
});

type Dataset = typeof dataset extends fc.Arbitrary<infer T> ? T : never;

function flatten(d: Dataset): Sample[] {
  const out: Sample[] = [];
  d.sessions.forEach((s, id) => {
    let ts = 1000;
    for (const step of s.steps) {
      out.push({ session: id, ts, y: step.y, vh: step.resize ? s.vh + 100 : s.vh, dh: s.dh });
      ts += step.gap;
    }
  });
  for (const b of d.bad) if (out.length) (out[b.at % out.length] as unknown as Record<string, number>)[b.field] = b.value;
  return out;
}

function shuffle<T>(items: T[], seed: number): T[] {
  const a = [...items];
  let x = seed + 1;
  for (let i = a.length - 1; i > 0; i--) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    const j = x % (i + 1);
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

function columns(samples: Sample[]) {
  return {
    session: Int32Array.from(samples, (s) => s.session),
    ts: Float64Array.from(samples, (s) => s.ts),
    y: Float32Array.from(samples, (s) => s.y),
    vh: Float32Array.from(samples, (s) => s.vh),
    dh: Float32Array.from(samples, (s) => s.dh),
  };
}

function expectClose(got: ArrayLike<number>, want: ArrayLike<number>, tolerance = 1e-9) {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) expect(Math.abs(got[i] - want[i])).toBeLessThanOrEqual(tolerance * Math.max(1, Math.abs(want[i])));
}

function expectSameFold(a: ScrollDepthResult['fold'], b: ScrollDepthResult['fold']) {
  for (const k of ['mean', 'p25', 'p50', 'p75'] as const) {
    if (Number.isNaN(b[k])) expect(a[k]).toBeNaN();
    else expect(Math.abs(a[k] - b[k])).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(b[k])));
  }
}

// Fixed seed: a failure reproduces; the counterexample is printed.
const RUNS = { numRuns: 200, seed: 20261125 };

describe('scroll depth: properties', () => {
  it('agrees with the slow reference, and so does the plain-JS implementation', () => {
    fc.assert(
      fc.property(dataset, (d) => {
        const samples = flatten(d);
        const options = { bins: d.bins, unit: d.unit, ...(d.idleCap ? { idleCap: d.idleCap } : {}) };
        const want = referenceScrollDepth({ ...columns(samples), ...options });
        for (const got of [engine.scrollDepth({ samples: columns(samples), ...options }), plainScrollDepth(columns(samples), options)]) {
          expect([got.sessions, got.timedSessions, got.dropped, got.clamped]).toEqual([want.sessions, want.timedSessions, want.dropped, want.clamped]);
          // Integer px and bins make every reach comparison exact; percent goes through a division.
          if (d.unit === 'px') expect([...got.reached]).toEqual(want.reached);
          else expectClose(got.reached, want.reached, 0.5 / Math.max(1, want.sessions));
          expectClose(got.timeInView, want.timeInView);
          expectSameFold(got.fold, want.fold);
          expect(got.maxDepth).toBe(want.maxDepth);
        }
      }),
      RUNS,
    );
  });

  it('reach is a survival curve: within [0, 1], non-increasing, 1 at the top when any session is valid', () => {
    fc.assert(
      fc.property(dataset, (d) => {
        const r = engine.scrollDepth({ samples: columns(flatten(d)), bins: d.bins, unit: d.unit });
        for (let i = 0; i < r.bins; i++) {
          expect(r.reached[i]).toBeGreaterThanOrEqual(0);
          expect(r.reached[i]).toBeLessThanOrEqual(1);
          if (i > 0) expect(r.reached[i]).toBeLessThanOrEqual(r.reached[i - 1]);
        }
        expect(r.reached[0]).toBe(r.sessions > 0 ? 1 : 0);
        for (const t of r.timeInView) expect(t).toBeGreaterThanOrEqual(-1e-9);
      }),
      RUNS,
    );
  });

  it('does not depend on the order of samples or on how sessions are numbered', () => {
    fc.assert(
      fc.property(dataset, (d) => {
        const samples = flatten(d);
        const options = { bins: d.bins, unit: d.unit };
        const a = engine.scrollDepth({ samples: columns(samples), ...options });
        const renumber = shuffle(d.sessions.map((_, i) => i), d.seed);
        const permuted = shuffle(samples, d.seed + 7).map((s) => ({ ...s, session: renumber[s.session] }));
        const b = engine.scrollDepth({ samples: columns(permuted), ...options });
        expect([...b.reached]).toEqual([...a.reached]);
        expectClose(b.timeInView, a.timeInView);
        expectSameFold(b.fold, a.fold);
        expect([b.sessions, b.dropped, b.clamped]).toEqual([a.sessions, a.dropped, a.clamped]);
      }),
      RUNS,
    );
  });
});
