// The engine as browsers get it: createEngine() from worker/browser.ts starts
// worker/engine.worker.ts as a module Worker and talks to it through comlink. Densities are held
// against the exact float64 sum (tests/reference/exact-kde.ts).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEngine, type DensityRequest, type Engine } from '../../worker/browser.js';
import { exactDensity, maxErrorRelativeToPeak } from '../reference/exact-kde.js';
import { clusters, keptStats, toColumns, weights, type Extent4, type PointSet } from '../support/kde-fixtures.js';
import { rejection } from '../support/rejection.js';

const EXTENT: Extent4 = [40, 80, 232, 208]; // 2 px cells on a 96×64 grid
const W = 96;
const H = 64;
const SIGMA = 6; // 3 cells

const POINTS: PointSet = clusters(51, [
  { cx: 90, cy: 120, sx: 12, sy: 10, n: 400 },
  { cx: 180, cy: 170, sx: 20, sy: 15, n: 400 },
  { cx: 225, cy: 90, sx: 6, sy: 6, n: 100 }, // partly beyond the extent
]);
POINTS.w = weights(52, POINTS.x.length, 0.1, 10);

const EXACT = exactDensity({ ...POINTS, extent: EXTENT, width: W, height: H, sigma: SIGMA });

function request(extra: Partial<DensityRequest> = {}): DensityRequest {
  return { points: toColumns(POINTS, 'f32'), width: W, height: H, extent: EXTENT, bandwidth: SIGMA, ...extra };
}


let engine: Engine;
beforeEach(async () => {
  engine = await createEngine();
});
afterEach(async () => {
  await engine.close();
});

describe('engine in a Web Worker', () => {
  it('computes the density of a cluster set within 0.2% of the exact peak (σ = 3 cells)', async () => {
    const result = await engine.density(request());
    expect(maxErrorRelativeToPeak(result.values, EXACT)).toBeLessThanOrEqual(0.002);
    const expected = keptStats(POINTS, EXTENT);
    expect([result.kept, result.dropped]).toEqual([expected.kept, expected.dropped]);
    expect(Math.abs(result.total - expected.total) / expected.total).toBeLessThanOrEqual(1e-6);
    expect(result.bandwidth).toEqual([SIGMA, SIGMA]);
  });

  it('returns values as a Float32Array of width × height cells', async () => {
    const result = await engine.density(request());
    expect(result.values).toBeInstanceOf(Float32Array);
    expect(result.values.length).toBe(W * H);
    expect(result.values.byteLength).toBe(W * H * 4);
    expect([result.width, result.height]).toEqual([W, H]);
    expect(result.extent).toEqual(EXTENT);
  });

  it('transfers point arrays by default: the caller’s arrays are detached afterwards', async () => {
    const loaded = toColumns(POINTS, 'f32');
    const info = await engine.load(loaded);
    expect(info.count).toBe(POINTS.x.length);
    expect([loaded.x.byteLength, loaded.y.byteLength, loaded.w!.byteLength]).toEqual([0, 0, 0]);

    const inline = request();
    await engine.density(inline);
    expect([(inline.points!.x as Float32Array).byteLength, (inline.points!.y as Float32Array).byteLength]).toEqual([0, 0]);

    const appended = toColumns({ x: [100, 110], y: [120, 130] });
    await engine.append(info.id, appended);
    expect(appended.x.byteLength).toBe(0);

    const fromDataset = await engine.density({ dataset: info.id, width: W, height: H, extent: EXTENT, bandwidth: SIGMA });
    const all: PointSet = { x: [...POINTS.x, 100, 110], y: [...POINTS.y, 120, 130], w: [...POINTS.w!, 1, 1] };
    const exact = exactDensity({ ...all, extent: EXTENT, width: W, height: H, sigma: SIGMA });
    expect(maxErrorRelativeToPeak(fromDataset.values, exact)).toBeLessThanOrEqual(0.002);
  });

  it('transfers columns that share one buffer once', async () => {
    const buffer = new ArrayBuffer(2 * POINTS.x.length * 4);
    const x = new Float32Array(buffer, 0, POINTS.x.length);
    const y = new Float32Array(buffer, POINTS.x.length * 4, POINTS.x.length);
    x.set(POINTS.x);
    y.set(POINTS.y);
    const result = await engine.density({ points: { x, y }, width: W, height: H, extent: EXTENT, bandwidth: SIGMA });
    expect(buffer.byteLength).toBe(0);
    const exact = exactDensity({ x: POINTS.x, y: POINTS.y, extent: EXTENT, width: W, height: H, sigma: SIGMA });
    expect(maxErrorRelativeToPeak(result.values, exact)).toBeLessThanOrEqual(0.002);
  });

  it('keeps the caller’s arrays intact with { transfer: false }', async () => {
    const loaded = toColumns(POINTS, 'f32');
    const info = await engine.load(loaded, { transfer: false });
    expect(loaded.x.byteLength).toBe(POINTS.x.length * 4);
    expect(Array.from(loaded.x)).toEqual(POINTS.x);
    expect(Array.from(loaded.w!)).toEqual(POINTS.w);

    const inline = request();
    const result = await engine.density(inline, { transfer: false });
    expect((inline.points!.x as Float32Array).byteLength).toBe(POINTS.x.length * 4);
    expect(Array.from(inline.points!.y)).toEqual(POINTS.y);
    expect(maxErrorRelativeToPeak(result.values, EXACT)).toBeLessThanOrEqual(0.002);

    const more = toColumns({ x: [100], y: [120] });
    await engine.append(info.id, more, { transfer: false });
    expect(Array.from(more.x)).toEqual([100]);
  });

  it('latest wins on a channel across the worker boundary; other channels all resolve', async () => {
    const [first, middle, last] = await Promise.allSettled([
      engine.density(request({ channel: 'slider', bandwidth: 4 })),
      engine.density(request({ channel: 'slider', bandwidth: 5 })),
      engine.density(request({ channel: 'slider', bandwidth: SIGMA })),
    ]);
    if (first.status === 'rejected') expect((first.reason as Error).name).toBe('AbortError');
    expect(middle.status).toBe('rejected');
    if (middle.status === 'rejected') expect((middle.reason as Error).name).toBe('AbortError');
    expect(last.status).toBe('fulfilled');
    if (last.status === 'fulfilled') {
      expect(last.value.bandwidth).toEqual([SIGMA, SIGMA]);
      expect(maxErrorRelativeToPeak(last.value.values, EXACT)).toBeLessThanOrEqual(0.002);
    }

    const others = await Promise.all(['a', 'b', 'c'].map((channel) => engine.density(request({ channel }))));
    for (const r of others) expect(maxErrorRelativeToPeak(r.values, EXACT)).toBeLessThanOrEqual(0.002);
  });

  it('an aborted signal rejects with AbortError', async () => {
    const before = new AbortController();
    before.abort();
    expect((await rejection(engine.density(request(), { signal: before.signal }))).name).toBe('AbortError');
    const during = new AbortController();
    const pending = engine.density(request(), { signal: during.signal });
    during.abort();
    expect((await rejection(pending)).name).toBe('AbortError');
    // The worker is still healthy.
    const next = await engine.density(request());
    expect(maxErrorRelativeToPeak(next.values, EXACT)).toBeLessThanOrEqual(0.002);
  });

  it('errors thrown in the worker arrive as rejections with the specific message', async () => {
    const zeroWidth = await rejection(engine.density(request({ width: 0 })));
    expect(zeroWidth.message).toBe('width must be an integer from 1 to 16384, got 0');
    const badExtent = await rejection(engine.density(request({ extent: [10, 0, 5, 10] })));
    expect(badExtent.message).toMatch(/extent must have x1 > x0 and y1 > y0, got \[10, 0, 5, 10\]/);
    const mismatch = await rejection(engine.load({ x: new Float32Array(5), y: new Float32Array(3) }));
    expect(mismatch.message).toMatch(/x has 5 values but .*y has 3/);
    const unknown = await rejection(engine.density({ dataset: 987, width: 10, height: 10 }));
    expect(unknown.message).toMatch(/987/);
    // The worker survives its errors.
    const ok = await engine.density(request());
    expect(maxErrorRelativeToPeak(ok.values, EXACT)).toBeLessThanOrEqual(0.002);
  });

  it('errors from the worker keep their name and code, as in Node', async () => {
    const error = (await rejection(engine.density(request({ width: 0 })))) as Error & { code?: string };
    expect(error.name).toBe('HeatlensError');
    expect(error.code).toBe('invalid-request');
  });

  it('stats and dispose work across the boundary', async () => {
    const info = await engine.load(toColumns(POINTS, 'f32'));
    let stats = await engine.stats();
    expect(stats.points).toBe(POINTS.x.length);
    expect(stats.pointBytes).toBe(12 * POINTS.x.length);
    await engine.dispose(info.id);
    stats = await engine.stats();
    expect([stats.datasets, stats.points]).toEqual([0, 0]);
    expect((await rejection(engine.density({ dataset: info.id, width: 10, height: 10 }))).message).toContain(String(info.id));
  });

  it('close() terminates the worker and later calls reject', async () => {
    const worker = new Worker(new URL('../../worker/engine.worker.ts', import.meta.url), { type: 'module' });
    let terminated = 0;
    const terminate = worker.terminate.bind(worker);
    worker.terminate = () => {
      terminated++;
      terminate();
    };
    const own = await createEngine({ worker });
    const result = await own.density(request());
    expect(maxErrorRelativeToPeak(result.values, EXACT)).toBeLessThanOrEqual(0.002);
    await own.close();
    expect(terminated).toBe(1);
    expect((await rejection(own.density(request()))).message).toMatch(/closed/);
    expect((await rejection(own.stats())).message).toMatch(/closed/);
    await own.close();
    expect(terminated).toBe(1);
  });

  it('a request still in flight when close() is called settles (rejects) instead of hanging', async () => {
    const own = await createEngine();
    const pending = own.density(request());
    await own.close();
    const outcome = await Promise.race([
      pending.then(
        () => 'resolved',
        (error: Error) => `rejected: ${error.message}`,
      ),
      new Promise<string>((resolve) => setTimeout(() => resolve('still pending 2 s after close()'), 2000)),
    ]);
    expect(outcome).toMatch(/^(resolved|rejected: .*closed)/);
  });
});
