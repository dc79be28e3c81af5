// The engine's staged cache and its API contract (worker/api.ts), in Node via createEngine():
// what is recomputed when, appends, memory accounting, validation messages, the automatic
// bandwidth, latest-wins channels, abort signals and close(). Densities are held against the
// exact float64 sum (tests/reference/exact-kde.ts), bandwidths against Scott's rule computed
// here.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEngine, type DensityRequest, type Engine } from '../../worker/node.js';
import { exactDensity, maxErrorRelativeToPeak } from '../reference/exact-kde.js';
import { clusters, keptStats, maxDiff, peak, scottBandwidth, toColumns, weights, type Extent4, type PointSet } from '../support/kde-fixtures.js';
import { rejection } from '../support/rejection.js';

const EXTENT: Extent4 = [0, 0, 96, 64];
const W = 96;
const H = 64;

const POINTS: PointSet = clusters(31, [
  { cx: 30, cy: 25, sx: 6, sy: 5, n: 300 },
  { cx: 70, cy: 40, sx: 10, sy: 8, n: 300 },
]);
POINTS.w = weights(32, POINTS.x.length, 0.1, 10);

function exact(points: PointSet, sigma: number | [number, number], extent = EXTENT, width = W, height = H): Float64Array {
  return exactDensity({ ...points, extent, width, height, sigma });
}

function slice(points: PointSet, from: number, to: number): PointSet {
  return { x: points.x.slice(from, to), y: points.y.slice(from, to), ...(points.w ? { w: points.w.slice(from, to) } : {}) };
}


let engine: Engine;
beforeEach(async () => {
  engine = await createEngine();
});
afterEach(async () => {
  await engine.close();
});

describe('staged cache', () => {
  it('a bandwidth change on a loaded dataset re-smooths without re-binning and equals a fresh computation', async () => {
    const { id } = await engine.load(toColumns(POINTS));
    const first = await engine.density({ dataset: id, width: W, height: H, extent: EXTENT, bandwidth: 2 });
    expect(first.timings.bin).toBeGreaterThan(0);
    for (const sigma of [3, 5, 1.5, 8]) {
      const changed = await engine.density({ dataset: id, width: W, height: H, extent: EXTENT, bandwidth: sigma });
      // Soft: a wrong timing must not hide whether the values are right.
      expect.soft(changed.timings.bin, `timings.bin after switching to σ = ${sigma} (bins are cached)`).toBe(0);
      expect(changed.timings.smooth).toBeGreaterThan(0);
      const fresh = await engine.density({ points: toColumns(POINTS), width: W, height: H, extent: EXTENT, bandwidth: sigma });
      const reference = exact(POINTS, sigma);
      expect(maxDiff(changed.values, fresh.values, peak(reference))).toBeLessThanOrEqual(1e-6);
      expect(maxErrorRelativeToPeak(changed.values, reference)).toBeLessThanOrEqual(sigma >= 2 ? 0.002 : 0.005);
      expect(changed.bandwidth).toEqual([sigma, sigma]);
    }
  });

  it('the same request twice returns the cached density: no binning, no smoothing, equal values', async () => {
    const { id } = await engine.load(toColumns(POINTS));
    const request: DensityRequest = { dataset: id, width: W, height: H, extent: EXTENT, bandwidth: 3 };
    const a = await engine.density(request);
    const b = await engine.density(request);
    expect.soft(b.timings.smooth, 'timings.smooth of a cached density').toBe(0);
    expect.soft(b.timings.bin, 'timings.bin of cached bins').toBe(0);
    expect(b.values).toEqual(a.values);
    expect([b.max, b.total, b.kept, b.dropped]).toEqual([a.max, a.total, a.kept, a.dropped]);
    expect(maxErrorRelativeToPeak(b.values, exact(POINTS, 3))).toBeLessThanOrEqual(0.002);
  });

  it('the cached density is not shared with the caller: editing returned values does not change the next result', async () => {
    const { id } = await engine.load(toColumns(POINTS));
    const request: DensityRequest = { dataset: id, width: W, height: H, extent: EXTENT, bandwidth: 3 };
    const a = await engine.density(request);
    a.values.fill(-1);
    const b = await engine.density(request);
    expect(maxErrorRelativeToPeak(b.values, exact(POINTS, 3))).toBeLessThanOrEqual(0.002);
  });

  it('a new extent or grid size re-bins: values match the exact sum for the new grid', async () => {
    const { id } = await engine.load(toColumns(POINTS));
    await engine.density({ dataset: id, width: W, height: H, extent: EXTENT, bandwidth: 3 });
    const grids: Array<{ width: number; height: number; extent: Extent4 }> = [
      { width: 48, height: 32, extent: EXTENT }, // coarser grid, same extent
      { width: 80, height: 60, extent: [20, 10, 60, 40] }, // zoomed in: many points now outside
      { width: 96, height: 64, extent: [-10, -5, 110, 75] }, // zoomed out, non-square cells
      { width: W, height: H, extent: EXTENT }, // back to the first
    ];
    for (const g of grids) {
      const cell = Math.max((g.extent[2] - g.extent[0]) / g.width, (g.extent[3] - g.extent[1]) / g.height);
      const sigma = 3 * cell;
      const result = await engine.density({ dataset: id, ...g, bandwidth: sigma });
      const expected = keptStats(POINTS, g.extent);
      expect([result.width, result.height, result.extent]).toEqual([g.width, g.height, g.extent]);
      expect([result.kept, result.dropped]).toEqual([expected.kept, expected.dropped]);
      expect(Math.abs(result.total - expected.total) / expected.total).toBeLessThanOrEqual(1e-6);
      expect(maxErrorRelativeToPeak(result.values, exact(POINTS, sigma, g.extent, g.width, g.height))).toBeLessThanOrEqual(0.002);
    }
  });

  it('the extent defaults to [0, 0, width, height]', async () => {
    const result = await engine.density({ points: toColumns(POINTS), width: W, height: H, bandwidth: 3 });
    expect(result.extent).toEqual([0, 0, W, H]);
    expect(maxErrorRelativeToPeak(result.values, exact(POINTS, 3, [0, 0, W, H]))).toBeLessThanOrEqual(0.002);
  });

  it('an empty dataset gives an all-zero density', async () => {
    const { id, count } = await engine.load({ x: new Float32Array(0), y: new Float32Array(0) });
    expect(count).toBe(0);
    for (const bandwidth of [3, 'auto'] as const) {
      const result = await engine.density({ dataset: id, width: 32, height: 16, bandwidth });
      expect([result.kept, result.dropped, result.total, result.max]).toEqual([0, 0, 0, 0]);
      expect(result.values.every((v) => v === 0)).toBe(true);
    }
  });

  it('append after a density equals loading all points at once', async () => {
    const half = POINTS.x.length / 2;
    const { id } = await engine.load(toColumns(slice(POINTS, 0, half)));
    const before = await engine.density({ dataset: id, width: W, height: H, extent: EXTENT, bandwidth: 3 });
    expect(before.kept).toBe(keptStats(slice(POINTS, 0, half), EXTENT).kept);
    const info = await engine.append(id, toColumns(slice(POINTS, half, POINTS.x.length)));
    expect(info.count).toBe(POINTS.x.length);
    const after = await engine.density({ dataset: id, width: W, height: H, extent: EXTENT, bandwidth: 3 });
    const all = await engine.density({ points: toColumns(POINTS), width: W, height: H, extent: EXTENT, bandwidth: 3 });
    const reference = exact(POINTS, 3);
    expect([after.kept, after.dropped]).toEqual([keptStats(POINTS, EXTENT).kept, keptStats(POINTS, EXTENT).dropped]);
    expect(Math.abs(after.total - keptStats(POINTS, EXTENT).total) / after.total).toBeLessThanOrEqual(1e-6);
    expect(maxDiff(after.values, all.values, peak(reference))).toBeLessThanOrEqual(1e-6);
    expect(maxErrorRelativeToPeak(after.values, reference)).toBeLessThanOrEqual(0.002);
  });

  it.each([
    ['with a density after every append', true],
    ['with one density at the end', false],
  ])('100 appends of 10 points (chunks merged on the way) equal one load, %s', async (_label, densityEachTime) => {
    const points = clusters(33, [
      { cx: 40, cy: 30, sx: 8, sy: 6, n: 500 },
      { cx: 70, cy: 20, sx: 5, sy: 5, n: 510 },
    ]);
    points.w = weights(34, points.x.length, 0.1, 10);
    // The first 10 points unweighted and the rest weighted: merged chunks mix both kinds.
    for (let i = 0; i < 10; i++) points.w[i] = 1;
    const { id } = await engine.load(toColumns({ x: points.x.slice(0, 10), y: points.y.slice(0, 10) }));
    const request: DensityRequest = { dataset: id, width: W, height: H, extent: EXTENT, bandwidth: 3 };
    if (densityEachTime) await engine.density(request);
    for (let k = 1; k <= 100; k++) {
      const info = await engine.append(id, toColumns(slice(points, 10 * k, 10 * k + 10)));
      expect(info.count).toBe(10 * k + 10);
      if (densityEachTime) {
        const partial = await engine.density(request);
        expect(partial.kept + partial.dropped).toBe(10 * k + 10);
      }
    }
    const result = await engine.density(request);
    const reference = exact(points, 3);
    const expected = keptStats(points, EXTENT);
    expect([result.kept, result.dropped]).toEqual([expected.kept, expected.dropped]);
    expect(Math.abs(result.total - expected.total) / expected.total).toBeLessThanOrEqual(1e-6);
    expect(maxErrorRelativeToPeak(result.values, reference)).toBeLessThanOrEqual(0.002);
    const once = await engine.density({ points: toColumns(points), width: W, height: H, extent: EXTENT, bandwidth: 3 });
    expect(maxDiff(result.values, once.values, peak(reference))).toBeLessThanOrEqual(1e-6);
    expect((await engine.stats()).points).toBe(points.x.length);
  });
});

describe('memory accounting', () => {
  it('holds 8 bytes a point without weights and 12 with weights', async () => {
    const plain = await engine.load(toColumns({ x: POINTS.x, y: POINTS.y }));
    expect(plain.pointBytes / plain.count).toBe(8);
    let stats = await engine.stats();
    expect(stats.pointBytes / stats.points).toBe(8);
    await engine.dispose(plain.id);

    const weighted = await engine.load(toColumns(POINTS, 'f32'));
    expect(weighted.pointBytes / weighted.count).toBe(12);
    stats = await engine.stats();
    expect(stats.pointBytes / stats.points).toBe(12);
    expect(stats.datasets).toBe(1);
  });

  it('dispose frees the points and grids; a disposed id then rejects naming the id', async () => {
    const { id } = await engine.load(toColumns(POINTS));
    await engine.density({ dataset: id, width: W, height: H, extent: EXTENT, bandwidth: 3 });
    let stats = await engine.stats();
    expect(stats.points).toBe(POINTS.x.length);
    expect(stats.gridBytes).toBeGreaterThan(0);
    await engine.dispose(id);
    stats = await engine.stats();
    expect([stats.datasets, stats.points, stats.pointBytes, stats.gridBytes]).toEqual([0, 0, 0, 0]);
    const onDensity = await rejection(engine.density({ dataset: id, width: W, height: H }));
    expect(onDensity.message).toContain(String(id));
    const onAppend = await rejection(engine.append(id, toColumns(POINTS)));
    expect(onAppend.message).toContain(String(id));
  });

  it('a density of inline points leaves no dataset behind', async () => {
    await engine.density({ points: toColumns(POINTS), width: W, height: H, extent: EXTENT, bandwidth: 3 });
    expect(await engine.stats()).toMatchObject({ datasets: 0, points: 0, pointBytes: 0, gridBytes: 0 });
  });

  it('repeated load, density and dispose cycles do not grow memory', async () => {
    const cycle = async () => {
      const { id } = await engine.load(toColumns(POINTS));
      await engine.density({ dataset: id, width: 160, height: 120, bandwidth: 4 });
      await engine.dispose(id);
    };
    for (let i = 0; i < 3; i++) await cycle();
    const settled = (await engine.stats()).memoryBytes;
    for (let i = 0; i < 30; i++) await cycle();
    expect((await engine.stats()).memoryBytes).toBe(settled);
  });
});

describe('invalid requests reject with specific messages', () => {
  const points = () => toColumns(slice(POINTS, 0, 20));
  const cases: Array<[string, () => DensityRequest, RegExp]> = [
    ['width 0', () => ({ points: points(), width: 0, height: 10 }), /width.*integer.*got 0/],
    ['non-integer width', () => ({ points: points(), width: 10.5, height: 10 }), /width.*integer.*got 10\.5/],
    ['width too big', () => ({ points: points(), width: 16385, height: 10 }), /width.*16384.*got 16385/],
    ['height NaN', () => ({ points: points(), width: 10, height: NaN }), /height.*integer/],
    ['too many cells', () => ({ points: points(), width: 8192, height: 8192 }), /8192×8192.*cells/],
    ['extent with x1 = x0', () => ({ points: points(), width: 10, height: 10, extent: [5, 0, 5, 10] }), /extent.*x1 > x0/],
    ['extent with x1 < x0', () => ({ points: points(), width: 10, height: 10, extent: [50, 0, 5, 10] }), /extent.*x1 > x0.*\[50, 0, 5, 10\]/],
    ['extent with y1 < y0', () => ({ points: points(), width: 10, height: 10, extent: [0, 10, 10, 0] }), /extent.*y1 > y0/],
    ['extent with Infinity', () => ({ points: points(), width: 10, height: 10, extent: [0, 0, Infinity, 10] }), /extent must be four finite numbers/],
    ['extent with NaN', () => ({ points: points(), width: 10, height: 10, extent: [0, NaN, 10, 10] }), /extent must be four finite numbers/],
    ['extent of three numbers', () => ({ points: points(), width: 10, height: 10, extent: [0, 0, 10] as unknown as Extent4 }), /extent must be four finite numbers/],
    ['bandwidth 0', () => ({ points: points(), width: 10, height: 10, bandwidth: 0 }), /bandwidth must be a positive number.*got 0/],
    ['bandwidth negative', () => ({ points: points(), width: 10, height: 10, bandwidth: -2 }), /bandwidth must be a positive number.*got -2/],
    ['bandwidth NaN', () => ({ points: points(), width: 10, height: 10, bandwidth: NaN }), /bandwidth must be a positive number/],
    ['bandwidth pair with 0', () => ({ points: points(), width: 10, height: 10, bandwidth: [2, 0] }), /bandwidth must be a positive number.*\[2,0\]/],
    ['bandwidth string', () => ({ points: points(), width: 10, height: 10, bandwidth: 'wide' as unknown as 'auto' }), /bandwidth.*got "wide"/],
    ['neither points nor dataset', () => ({ width: 10, height: 10 }), /needs either dataset.*or points/],
  ];

  it.each(cases)('%s', async (_name, request, message) => {
    const error = await rejection(engine.density(request()));
    expect(error.message).toMatch(message);
    expect(error.name).toBe('HeatlensError');
    expect((error as Error & { code?: string }).code).toBe('invalid-request');
  });

  it('name the non-finite value they got (NaN, Infinity), not null', async () => {
    // worker/request.ts promises "every bad field gets a message naming it and its value".
    const bandwidth = await rejection(engine.density({ points: points(), width: 10, height: 10, bandwidth: NaN }));
    expect(bandwidth.message).toMatch(/NaN/);
    const extent = await rejection(engine.density({ points: points(), width: 10, height: 10, extent: [0, 0, Infinity, 10] }));
    expect(extent.message).toMatch(/Infinity/);
  });

  it('mismatched column lengths name both lengths, for load, append and inline points', async () => {
    const bad = { x: new Float64Array(5), y: new Float64Array(3) };
    const onLoad = await rejection(engine.load(bad));
    expect(onLoad.message).toMatch(/x has 5 values but .*y has 3/);
    const weighted = { x: new Float64Array(4), y: new Float64Array(4), w: new Float64Array(7) };
    expect((await rejection(engine.load(weighted))).message).toMatch(/w has 7 values but .*x has 4/);
    const inline = await rejection(engine.density({ points: bad, width: 10, height: 10 }));
    expect(inline.message).toMatch(/5.*3/);

    const { id } = await engine.load(toColumns(slice(POINTS, 0, 50)));
    const onAppend = await rejection(engine.append(id, bad));
    expect(onAppend.message).toMatch(/5.*3/);
    // Nothing is lost: the dataset is unchanged and still usable.
    const after = await engine.density({ dataset: id, width: W, height: H, extent: EXTENT, bandwidth: 3 });
    expect(after.kept + after.dropped).toBe(50);
    expect(maxErrorRelativeToPeak(after.values, exact(slice(POINTS, 0, 50), 3))).toBeLessThanOrEqual(0.002);
  });

  it('missing or malformed point columns are rejected with a message naming the column', async () => {
    expect((await rejection(engine.load(undefined as never))).message).toMatch(/points must be an object/);
    expect((await rejection(engine.load({ x: new Float64Array(3) } as never))).message).toMatch(/points\.y must be/);
    expect((await rejection(engine.load({ x: 'abc', y: new Float64Array(3) } as never))).message).toMatch(/points\.x must be/);
    expect((await engine.stats()).datasets).toBe(0);
  });

  it('a density of an unknown dataset names the id', async () => {
    expect((await rejection(engine.density({ dataset: 4242, width: 10, height: 10 }))).message).toMatch(/4242/);
  });
});

describe('automatic bandwidth', () => {
  const extent: Extent4 = [100, 200, 420, 440];

  it("equals Scott's rule for weighted points, ignoring dropped ones, and the density uses it", async () => {
    const points = clusters(41, [
      { cx: 200, cy: 280, sx: 30, sy: 20, n: 400 },
      { cx: 330, cy: 380, sx: 20, sy: 35, n: 300 },
      { cx: 50, cy: 300, sx: 5, sy: 5, n: 50 }, // outside the extent: must not count
    ]);
    points.w = weights(42, points.x.length, 0.1, 10);
    points.w[3] = -1; // dropped for its weight
    const expected = scottBandwidth(points, extent, 160, 120);
    const result = await engine.density({ points: toColumns(points), width: 160, height: 120, extent });
    expect(result.dropped).toBe(keptStats(points, extent).dropped);
    expect(Math.abs(result.bandwidth[0] - expected) / expected).toBeLessThanOrEqual(1e-6);
    expect(Math.abs(result.bandwidth[1] - expected) / expected).toBeLessThanOrEqual(1e-6);
    expect(expected / 2).toBeGreaterThan(2); // ≥ 2 cells (2 px cells): the 0.2% limit applies
    expect(maxErrorRelativeToPeak(result.values, exactDensity({ ...points, extent, width: 160, height: 120, sigma: expected }))).toBeLessThanOrEqual(0.002);
  });

  it("equals Scott's rule for unweighted points ('auto' given explicitly)", async () => {
    const points = clusters(43, [{ cx: 250, cy: 300, sx: 40, sy: 25, n: 777 }]);
    const expected = scottBandwidth(points, extent, 160, 120);
    const result = await engine.density({ points: toColumns(points), width: 160, height: 120, extent, bandwidth: 'auto' });
    expect(result.bandwidth[0]).toBeCloseTo(expected, 5);
    expect(result.bandwidth[1]).toBeCloseTo(expected, 5);
  });

  it('never goes below one cell (the larger side of non-square cells)', async () => {
    // 2 × 3 px cells; five points within 0.2 px of each other.
    const points: PointSet = { x: [50, 50.1, 50.2, 50.1, 50], y: [40, 40.1, 40.2, 40, 40.2] };
    const result = await engine.density({ points: toColumns(points), width: 64, height: 32, extent: [0, 0, 128, 96] });
    expect(result.bandwidth).toEqual([3, 3]);
    expect(scottBandwidth(points, [0, 0, 128, 96], 64, 32)).toBe(3);
  });

  it('is recomputed over all points after appends (including merged chunks)', async () => {
    const points = clusters(44, [
      { cx: 180, cy: 260, sx: 15, sy: 10, n: 200 },
      { cx: 350, cy: 400, sx: 25, sy: 20, n: 400 },
    ]);
    points.w = weights(45, points.x.length, 0.5, 5);
    const { id } = await engine.load(toColumns(slice(points, 0, 20)));
    const request: DensityRequest = { dataset: id, width: 160, height: 120, extent };
    for (let k = 1; k < 30; k++) {
      await engine.append(id, toColumns(slice(points, 20 * k, 20 * k + 20)));
      // Alternate automatic and explicit bandwidths so the cached moments lag behind the bins.
      const partial = await engine.density(k % 3 === 0 ? { ...request, bandwidth: 6 } : request);
      if (k % 3 !== 0) {
        const expected = scottBandwidth(slice(points, 0, 20 * k + 20), extent, 160, 120);
        expect(Math.abs(partial.bandwidth[0] - expected) / expected, `after append ${k}`).toBeLessThanOrEqual(1e-6);
      }
    }
    const final = await engine.density(request);
    const expected = scottBandwidth(points, extent, 160, 120);
    expect(Math.abs(final.bandwidth[0] - expected) / expected).toBeLessThanOrEqual(1e-6);
  });
});

describe('latest wins, abort and close', () => {
  const request = (channel?: string, sigma = 3): DensityRequest => ({
    points: toColumns(POINTS),
    width: W,
    height: H,
    extent: EXTENT,
    bandwidth: sigma,
    ...(channel === undefined ? {} : { channel }),
  });

  it('three back-to-back requests on one channel: the middle one is aborted, the last resolves', async () => {
    const [first, middle, last] = await Promise.allSettled([
      engine.density(request('drag', 2)),
      engine.density(request('drag', 4)),
      engine.density(request('drag', 6)),
    ]);
    if (first.status === 'rejected') expect((first.reason as Error).name).toBe('AbortError');
    expect(middle.status).toBe('rejected');
    if (middle.status === 'rejected') {
      expect((middle.reason as Error).name).toBe('AbortError');
      expect((middle.reason as Error).message).toContain('drag');
    }
    expect(last.status).toBe('fulfilled');
    if (last.status === 'fulfilled') {
      expect(last.value.bandwidth).toEqual([6, 6]);
      expect(maxErrorRelativeToPeak(last.value.values, exact(POINTS, 6))).toBeLessThanOrEqual(0.002);
    }
    // The channel is free again afterwards.
    const again = await engine.density(request('drag', 3));
    expect(again.bandwidth).toEqual([3, 3]);
  });

  it('requests on different channels (or none) all resolve', async () => {
    const results = await Promise.all([
      engine.density(request('a', 2)),
      engine.density(request('b', 3)),
      engine.density(request('c', 4)),
      engine.density(request(undefined, 5)),
      engine.density(request(undefined, 6)),
    ]);
    results.forEach((r, i) => {
      expect(r.bandwidth).toEqual([i + 2, i + 2]);
      expect(maxErrorRelativeToPeak(r.values, exact(POINTS, i + 2))).toBeLessThanOrEqual(0.002);
    });
  });

  it('a signal aborted before the request rejects with AbortError', async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await rejection(engine.density(request(), { signal: controller.signal }));
    expect(error.name).toBe('AbortError');

    const withReason = new AbortController();
    withReason.abort('user left the page');
    expect((await rejection(engine.density(request(), { signal: withReason.signal }))).name).toBe('AbortError');
  });

  it('a signal aborted during the request rejects with AbortError, and the engine keeps working', async () => {
    const controller = new AbortController();
    const pending = engine.density(request('x'), { signal: controller.signal });
    controller.abort();
    expect((await rejection(pending)).name).toBe('AbortError');
    const next = await engine.density(request('x', 4));
    expect(maxErrorRelativeToPeak(next.values, exact(POINTS, 4))).toBeLessThanOrEqual(0.002);
  });

  it('after close() every call rejects', async () => {
    const { id } = await engine.load(toColumns(POINTS));
    await engine.close();
    for (const call of [
      () => engine.density(request()),
      () => engine.density({ dataset: id, width: W, height: H }),
      () => engine.load(toColumns(POINTS)),
      () => engine.append(id, toColumns(POINTS)),
      () => engine.stats(),
      () => engine.dispose(id),
    ]) {
      expect((await rejection(call())).message).toMatch(/closed/);
    }
    await engine.close(); // closing twice is harmless
  });
});

describe('writing into a caller’s buffer', () => {
  it('fills `into` and returns it as `values`, with the same numbers as a fresh array', async () => {
    const fresh = await engine.density({ points: toColumns(POINTS), width: 40, height: 30, extent: [0, 0, 200, 150], bandwidth: 8 });
    const into = new Float32Array(40 * 30).fill(-1);
    const reused = await engine.density({ points: toColumns(POINTS), width: 40, height: 30, extent: [0, 0, 200, 150], bandwidth: 8, into });
    expect(reused.values).toBe(into);
    expect(Array.from(into)).toEqual(Array.from(fresh.values));
  });

  it('refuses a buffer of the wrong size or type, naming what it got', async () => {
    const small = engine.density({ points: toColumns(POINTS), width: 40, height: 30, into: new Float32Array(10) });
    expect((await rejection(small)).message).toMatch(/into must be a Float32Array of width × height = 1200 values, got a Float32Array of 10/);
    const wrongType = engine.density({ points: toColumns(POINTS), width: 40, height: 30, into: new Float64Array(1200) as unknown as Float32Array });
    expect((await rejection(wrongType)).message).toMatch(/got a Float64Array of 1200/);
  });
});
