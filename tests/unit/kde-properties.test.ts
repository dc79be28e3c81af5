// Properties of the density that hold for any input (fast-check, fixed seeds): mass is
// preserved away from the edges, order and units of the points do not matter, bad points are
// dropped and counted and leave no trace, float32 and float64 columns are the same data, and
// random inputs stay within the accuracy limit of the exact float64 sum.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type DensityResult, type Engine } from '../../worker/node.js';
import { exactDensity, maxErrorRelativeToPeak } from '../reference/exact-kde.js';
import { keptStats, maxDiff, peak, type Extent4 } from '../support/kde-fixtures.js';

const RUNS = 40;
const f32 = Math.fround;

// The relational properties below compare two engine runs whose float32 arithmetic differs
// only in rounding (another summation order, another SIMD lane split). That rounding grows
// slowly with σ (measured: ~3.5e-7 of the peak at 2 cells, ~6e-7 at 4, ~1.2e-6 at 6, ~3e-6 at
// 12), so each property draws σ from a range where its tolerance sits above that floor;
// accuracy at any σ is held against the exact sum in kde-accuracy.test.ts.

let engine: Engine;
beforeAll(async () => {
  engine = await createEngine();
});
afterAll(async () => {
  await engine.close();
});

/** A float in [lo, hi] rounded to float32, so engine and reference see the same number. */
const float32In = (lo: number, hi: number) => fc.double({ min: lo, max: hi, noNaN: true }).map(f32);

interface Grid {
  width: number;
  height: number;
  extent: Extent4;
  cellW: number;
  cellH: number;
}

/** A grid with a non-zero origin and cells of 0.5…3 px, aspect ratio within 2:3. */
const gridArb = fc
  .record({
    width: fc.integer({ min: 48, max: 80 }),
    height: fc.integer({ min: 48, max: 80 }),
    x0: fc.integer({ min: -500, max: 500 }),
    y0: fc.integer({ min: -500, max: 2000 }),
    cellW: fc.constantFrom(0.5, 1, 1.25, 2, 3),
    aspect: fc.constantFrom(2 / 3, 0.8, 1, 1.25, 1.5),
  })
  .map(({ width, height, x0, y0, cellW, aspect }): Grid => {
    const cellH = cellW * aspect;
    return { width, height, cellW, cellH, extent: [x0, y0, x0 + width * cellW, y0 + height * cellH] };
  });

async function density(grid: Grid, x: number[], y: number[], w: number[] | undefined, sigma: number): Promise<DensityResult> {
  return engine.density({
    points: { x: Float64Array.from(x), y: Float64Array.from(y), ...(w ? { w: Float64Array.from(w) } : {}) },
    width: grid.width,
    height: grid.height,
    extent: grid.extent,
    bandwidth: sigma,
  });
}

describe('density properties', () => {
  it('preserves mass for points at least 4σ inside the extent: Σ values × cell area = Σ weights (rel 2e-3)', async () => {
    await fc.assert(
      fc.asyncProperty(
        gridArb,
        fc.double({ min: 1.5, max: 3, noNaN: true }),
        fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), float32In(0.1, 10)), { minLength: 1, maxLength: 40 }),
        async (grid, cells, raw) => {
          const sigma = cells * Math.max(grid.cellW, grid.cellH);
          const [x0, y0, x1, y1] = grid.extent;
          const margin = 4 * sigma;
          const x = raw.map(([u]) => f32(x0 + margin + u * (x1 - x0 - 2 * margin)));
          const y = raw.map(([, v]) => f32(y0 + margin + v * (y1 - y0 - 2 * margin)));
          const w = raw.map(([, , wt]) => wt);
          const result = await density(grid, x, y, w, sigma);
          let mass = 0;
          for (const v of result.values) mass += v;
          mass *= grid.cellW * grid.cellH;
          const weight = w.reduce((s, v) => s + v, 0);
          expect(Math.abs(mass - weight) / weight).toBeLessThanOrEqual(2e-3);
        },
      ),
      { numRuns: RUNS, seed: 0x5eed01 },
    );
  });

  it('does not depend on the order of the points (≤ 1e-5 of the peak)', async () => {
    const grid: Grid = { width: 64, height: 48, cellW: 1, cellH: 1, extent: [0, 0, 64, 48] };
    const pointsArb = fc.array(fc.tuple(float32In(-4, 68), float32In(-4, 52), float32In(0.1, 10)), { minLength: 2, maxLength: 80 });
    await fc.assert(
      fc.asyncProperty(
        pointsArb.chain((pts) => fc.tuple(fc.constant(pts), fc.shuffledSubarray(pts, { minLength: pts.length, maxLength: pts.length }))),
        fc.double({ min: 1.5, max: 10, noNaN: true }),
        async ([pts, shuffled], sigma) => {
          const a = await density(grid, pts.map((p) => p[0]), pts.map((p) => p[1]), pts.map((p) => p[2]), sigma);
          const b = await density(grid, shuffled.map((p) => p[0]), shuffled.map((p) => p[1]), shuffled.map((p) => p[2]), sigma);
          expect([b.kept, b.dropped]).toEqual([a.kept, a.dropped]);
          if (a.kept === 0) return;
          expect(maxDiff(a.values, b.values, peak(a.values))).toBeLessThanOrEqual(1e-5);
        },
      ),
      { numRuns: RUNS, seed: 0x5eed02 },
    );
  });

  it('scales linearly with the weights: weights × k give values × k (≤ 1e-5 of the peak)', async () => {
    await fc.assert(
      fc.asyncProperty(
        gridArb,
        fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), float32In(0.1, 10)), { minLength: 1, maxLength: 60 }),
        fc.double({ min: 0.01, max: 100, noNaN: true }),
        fc.double({ min: 1.5, max: 6, noNaN: true }),
        async (grid, raw, k, cells) => {
          const sigma = cells * Math.max(grid.cellW, grid.cellH);
          const [x0, y0, x1, y1] = grid.extent;
          const x = raw.map(([u]) => f32(x0 + u * (x1 - x0)));
          const y = raw.map(([, v]) => f32(y0 + v * (y1 - y0)));
          const w = raw.map(([, , wt]) => wt);
          const base = await density(grid, x, y, w, sigma);
          const scaled = await density(grid, x, y, w.map((v) => v * k), sigma);
          const expected = Array.from(base.values, (v) => v * k);
          expect(maxDiff(scaled.values, expected, peak(expected))).toBeLessThanOrEqual(1e-5);
          expect(scaled.total / (base.total * k)).toBeCloseTo(1, 5);
        },
      ),
      { numRuns: RUNS, seed: 0x5eed03 },
    );
  });

  it('drops and counts every invalid point, and the rest is the density of the valid points alone', async () => {
    const grid: Grid = { width: 64, height: 48, cellW: 2, cellH: 2, extent: [100, 50, 228, 146] };
    const [x0, y0, x1, y1] = grid.extent;
    type Kind = 'valid' | 'zero-weight' | 'nan-x' | 'nan-y' | 'inf-x' | 'neg-inf-y' | 'left' | 'right' | 'above' | 'below' | 'neg-w' | 'nan-w' | 'inf-w';
    const kinds: Kind[] = ['valid', 'zero-weight', 'nan-x', 'nan-y', 'inf-x', 'neg-inf-y', 'left', 'right', 'above', 'below', 'neg-w', 'nan-w', 'inf-w'];
    const entry = fc.record({
      kind: fc.oneof({ weight: 4, arbitrary: fc.constant<Kind>('valid') }, { weight: 5, arbitrary: fc.constantFrom(...kinds) }),
      u: fc.double({ min: 0, max: 1, noNaN: true }),
      v: fc.double({ min: 0, max: 1, noNaN: true }),
      w: float32In(0.1, 10),
      beyond: fc.double({ min: 0.01, max: 1e6, noNaN: true }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(entry, { minLength: 1, maxLength: 60 }), fc.double({ min: 4, max: 6, noNaN: true }), async (entries, sigma) => {
        const x: number[] = [];
        const y: number[] = [];
        const w: number[] = [];
        let invalid = 0;
        for (const e of entries) {
          let px = f32(x0 + e.u * (x1 - x0));
          let py = f32(y0 + e.v * (y1 - y0));
          let pw = e.w;
          switch (e.kind) {
            case 'valid': break;
            case 'zero-weight': pw = 0; break;
            case 'nan-x': px = NaN; break;
            case 'nan-y': py = NaN; break;
            case 'inf-x': px = Infinity; break;
            case 'neg-inf-y': py = -Infinity; break;
            case 'left': px = f32(x0 - e.beyond); break;
            case 'right': px = f32(x1 + e.beyond); break;
            case 'above': py = f32(y0 - e.beyond); break;
            case 'below': py = f32(y1 + e.beyond); break;
            case 'neg-w': pw = -pw; break;
            case 'nan-w': pw = NaN; break;
            case 'inf-w': pw = Infinity; break;
          }
          if (e.kind !== 'valid' && e.kind !== 'zero-weight') invalid++;
          x.push(px);
          y.push(py);
          w.push(pw);
        }
        const keep = entries.map((e) => e.kind === 'valid' || e.kind === 'zero-weight');
        const result = await density(grid, x, y, w, sigma);
        expect(result.dropped).toBe(invalid);
        expect(result.kept + result.dropped).toBe(entries.length);
        expect(keptStats({ x, y, w }, grid.extent).dropped).toBe(invalid); // the fixture agrees

        const vx = x.filter((_, i) => keep[i]);
        const vy = y.filter((_, i) => keep[i]);
        const vw = w.filter((_, i) => keep[i]);
        const valid = await density(grid, vx, vy, vw, sigma);
        expect(result.kept).toBe(vx.length);
        const validWeight = vw.reduce((sum, v) => sum + v, 0);
        expect(Math.abs(result.total - validWeight)).toBeLessThanOrEqual(1e-6 * Math.max(validWeight, 1e-30));
        let bad = 0;
        for (const v of result.values) if (!(v >= 0)) bad++;
        expect(bad, 'NaN or negative cells').toBe(0);
        const exact = exactDensity({ x: vx, y: vy, w: vw, extent: grid.extent, width: grid.width, height: grid.height, sigma });
        const exactPeak = peak(exact);
        if (!(exactPeak > 0)) {
          expect(peak(result.values)).toBe(0);
          return;
        }
        expect(maxDiff(result.values, valid.values, exactPeak)).toBeLessThanOrEqual(1e-6);
        expect(maxErrorRelativeToPeak(result.values, exact)).toBeLessThanOrEqual(0.002);
      }),
      { numRuns: RUNS, seed: 0x5eed04 },
    );
  });

  it('gives the same result for Float64Array and Float32Array columns holding the same float32 values', async () => {
    const grid: Grid = { width: 48, height: 48, cellW: 1, cellH: 1, extent: [0, 0, 48, 48] };
    // Mostly in-extent values, with NaN, ±Infinity and out-of-range ones mixed in: all are
    // exactly representable in both types.
    const coordinate = fc.oneof({ weight: 8, arbitrary: fc.float({ min: -2, max: 50, noNaN: true }) }, { weight: 1, arbitrary: fc.float() });
    const weight = fc.oneof({ weight: 8, arbitrary: fc.float({ min: 0, max: 20, noNaN: true }) }, { weight: 1, arbitrary: fc.float() });
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(coordinate, coordinate, weight), { minLength: 1, maxLength: 60 }),
        fc.boolean(),
        fc.double({ min: 1.5, max: 8, noNaN: true }),
        async (pts, weighted, sigma) => {
          const column = (k: number) => pts.map((p) => p[k]);
          const f64 = { x: Float64Array.from(column(0)), y: Float64Array.from(column(1)), ...(weighted ? { w: Float64Array.from(column(2)) } : {}) };
          const f32s = { x: Float32Array.from(column(0)), y: Float32Array.from(column(1)), ...(weighted ? { w: Float32Array.from(column(2)) } : {}) };
          const request = { width: grid.width, height: grid.height, extent: grid.extent, bandwidth: sigma };
          const a = await engine.density({ ...request, points: f64 });
          const b = await engine.density({ ...request, points: f32s });
          expect(b.values).toEqual(a.values);
          expect([b.kept, b.dropped, b.total, b.max]).toEqual([a.kept, a.dropped, a.total, a.max]);
          const expected = keptStats({ x: pts.map((p) => p[0]), y: pts.map((p) => p[1]), ...(weighted ? { w: pts.map((p) => p[2]) } : {}) }, grid.extent);
          expect([a.kept, a.dropped]).toEqual([expected.kept, expected.dropped]);
        },
      ),
      { numRuns: RUNS, seed: 0x5eed05 },
    );
  });

  it('matches the exact sum within 0.2% of the peak for random points, extents and σ from 2 to 8 cells', async () => {
    await fc.assert(
      fc.asyncProperty(
        gridArb,
        fc.array(fc.tuple(fc.double({ min: -0.05, max: 1.05, noNaN: true }), fc.double({ min: -0.05, max: 1.05, noNaN: true }), float32In(0.1, 10)), { minLength: 1, maxLength: 60 }),
        fc.double({ min: 2, max: 8, noNaN: true }),
        async (grid, raw, cells) => {
          const sigma = cells * Math.max(grid.cellW, grid.cellH);
          const [x0, y0, x1, y1] = grid.extent;
          const x = raw.map(([u]) => f32(x0 + u * (x1 - x0)));
          const y = raw.map(([, v]) => f32(y0 + v * (y1 - y0)));
          const w = raw.map(([, , wt]) => wt);
          const result = await density(grid, x, y, w, sigma);
          const exact = exactDensity({ x, y, w, extent: grid.extent, width: grid.width, height: grid.height, sigma });
          if (!(peak(exact) > 0)) {
            expect(result.max).toBe(0);
            return;
          }
          expect(maxErrorRelativeToPeak(result.values, exact)).toBeLessThanOrEqual(0.002);
        },
      ),
      { numRuns: RUNS, seed: 0x5eed06 },
    );
  });
});
