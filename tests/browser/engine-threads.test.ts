// Kernel threads in the browser: the test page is served cross-origin isolated (see
// vitest.config.ts), so the engine worker shares its memory with helper workers. A large grid
// (binned band by band, smoothed in strips split across threads) is held against the exact sum
// at sampled cells, and `into` buffers travel to the worker and back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../worker/browser.js';
import { exactDensityAt } from '../reference/exact-kde.js';
import { clusteredPoints } from '../support/clustered-points.js';


let engine: Engine;
beforeAll(async () => {
  engine = await createEngine();
});
afterAll(async () => {
  await engine.close();
});

describe('kernel threads in a cross-origin isolated page', () => {
  it('the page is isolated and the engine runs on every core (at most 8 threads)', async () => {
    expect(crossOriginIsolated).toBe(true);
    expect((await engine.stats()).threads).toBe(Math.min(navigator.hardwareConcurrency, 8));
  });

  it('a large threaded density matches the exact sum at sampled cells, written into a reused buffer', async () => {
    const size = 1200;
    const width = 800;
    const points = clusteredPoints(250_000, size, size, 99);
    const request = { width, height: width, extent: [0, 0, size, size] as const, bandwidth: 6 };
    let into: Float32Array = new Float32Array(width * width);
    const first = await engine.density({ ...request, points: { x: points.x.slice(), y: points.y.slice() }, into });
    expect(into.byteLength, 'the buffer went to the worker').toBe(0);
    expect(first.values.length).toBe(width * width);
    let best = 0;
    for (let i = 1; i < first.values.length; i++) if (first.values[i] > first.values[best]) best = i;
    const cells = [best, ...Array.from({ length: 60 }, (_, k) => Math.floor((k * 2654435761) % first.values.length))];
    const exact = exactDensityAt({ ...points, extent: [0, 0, size, size], width, height: width, sigma: 6 }, cells);
    let worst = 0;
    cells.forEach((cell, k) => (worst = Math.max(worst, Math.abs(first.values[cell] - exact[k]))));
    expect(worst / exact[0]).toBeLessThanOrEqual(0.002);
    // The returned array can go straight back as the next request's buffer.
    into = first.values;
    const again = await engine.density({ ...request, points: { x: points.x.slice(), y: points.y.slice() }, into, bandwidth: 9 });
    expect(again.values.length).toBe(width * width);
    expect(again.max).toBeLessThan(first.max);
  }, 60_000);

  it('an into buffer of the wrong size is refused with a message naming both sizes', async () => {
    const error = await engine.density({ points: { x: [1], y: [1] }, width: 10, height: 10, into: new Float32Array(99) }).catch((e: Error) => e);
    expect(String((error as Error).message)).toMatch(/100 values, got a Float32Array of 99/);
  });
});
