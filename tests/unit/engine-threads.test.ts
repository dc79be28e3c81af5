/**
 * The paths that only large inputs take: points sorted into bands for grids that overflow the
 * cache, per-thread grids for many points on a small grid, and smoothing split across kernel
 * threads. Each is checked against the exact sum at sampled cells (the whole grid would take
 * minutes to sum exactly), and threaded against single-threaded.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { availableParallelism } from 'node:os';
import { createEngine, type Engine } from '../../worker/node.js';
import { exactDensityAt } from '../reference/exact-kde.js';
import { clusteredPoints } from '../support/clustered-points.js';


/** The engine's argmax cell plus `count` cells spread over the grid. */
function sampleCells(values: Float32Array, count: number): number[] {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  const cells = [best];
  for (let k = 1; k < count; k++) cells.push(Math.floor((k * 2654435761) % values.length));
  return cells;
}

let threaded: Engine;
let single: Engine;
beforeAll(async () => {
  threaded = await createEngine();
  single = await createEngine({ threads: 1 });
});
afterAll(async () => {
  await threaded.close();
  await single.close();
});

describe('kernel threads', () => {
  test('start one per core, at most 8 in all, and report it in stats()', async () => {
    expect((await threaded.stats()).threads).toBe(Math.min(availableParallelism(), 8));
    expect((await single.stats()).threads).toBe(1);
  });

  const cases = [
    // 800×800 cells = 2.6 MB of bins: points are sorted into bands first.
    { name: 'a grid larger than the cache (points sorted into bands)', n: 300_000, width: 800, height: 800, page: [1600, 1600], sigma: 6, weighted: true },
    // 700k points on 300×300 cells: each thread bins onto a grid of its own, then they are merged.
    { name: 'many points on a small grid (one grid per thread, merged)', n: 700_000, width: 300, height: 300, page: [1200, 1200], sigma: 12, weighted: false },
  ];
  for (const c of cases) {
    test(`${c.name} matches the exact sum at sampled cells, threaded or not`, async () => {
      const points = clusteredPoints(c.n, c.page[0], c.page[1], c.n, c.weighted);
      const request = { width: c.width, height: c.height, extent: [0, 0, c.page[0], c.page[1]] as const, bandwidth: c.sigma };
      const copy = () => ({ x: points.x.slice(), y: points.y.slice(), w: points.w?.slice() });
      const many = await threaded.density({ ...request, points: copy() });
      const one = await single.density({ ...request, points: copy() });
      const cells = sampleCells(many.values, 120);
      const exact = exactDensityAt({ ...points, extent: [0, 0, c.page[0], c.page[1]], width: c.width, height: c.height, sigma: c.sigma }, cells);
      const peak = exact[0];
      let worst = 0;
      cells.forEach((cell, k) => (worst = Math.max(worst, Math.abs(many.values[cell] - exact[k]))));
      expect(worst / peak, 'max error at sampled cells / exact peak').toBeLessThanOrEqual(0.002);
      let apart = 0;
      for (let i = 0; i < one.values.length; i++) apart = Math.max(apart, Math.abs(one.values[i] - many.values[i]));
      expect(apart / one.max, 'threaded vs single-threaded, relative to the peak').toBeLessThanOrEqual(1e-5);
      expect(many.kept).toBe(one.kept);
      expect(many.total).toBeCloseTo(one.total, 3);
    }, 60_000);
  }

  test('points dropped on the banded path are counted as on the direct path', async () => {
    const { x, y } = clusteredPoints(200_000, 1600, 1600, 7);
    for (let i = 0; i < x.length; i += 97) y[i] = i % 2 ? Number.NaN : -5; // NaN and above the extent
    for (let i = 1; i < x.length; i += 89) x[i] = 1700; // right of the extent
    let expected = 0;
    for (let i = 0; i < x.length; i++) if (!(x[i] >= 0 && x[i] <= 1600 && y[i] >= 0 && y[i] <= 1600)) expected++;
    const r = await threaded.density({ points: { x, y }, width: 800, height: 800, extent: [0, 0, 1600, 1600], bandwidth: 6 });
    expect(r.dropped).toBe(expected);
    expect(r.kept).toBe(x.length - expected);
  });
});
