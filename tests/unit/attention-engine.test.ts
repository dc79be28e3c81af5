// engine.attention() and engine.loadAttention() as an API in Node: the staged cache (what is
// recomputed when), agreement with the plain-JS reference on many random sessions, validation
// messages, datasets and dispose, latest-wins channels, abort signals and `into`.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ATTENTION_DEFAULTS, createEngine, HeatlensError, type AttentionRequest, type Engine } from '../../worker/node.js';
import { exactAttentionDensity, plainAttentionWeights } from '../../bench/attention-plain.mjs';
import { mulberry32 } from '../../bench/data.mjs';
import { addPath, columns, errorOfPeak, rows, type Extent4 } from './attention-support.js';
import { rejection } from '../support/rejection.js';

const EXTENT: Extent4 = [0, 0, 640, 480];
const W = 96;
const H = 72;

/** 40 sessions of slow wandering, quick flicks and pauses, some past the idle cap. */
function randomSessions(seed: number) {
  const rand = mulberry32(seed);
  const r = rows();
  for (let s = 0; s < 40; s++) {
    let t = rand() * 1000;
    let x = 100 + rand() * 440;
    let y = 80 + rand() * 320;
    for (let k = 0; k < 30; k++) {
      r.session.push(s);
      r.ts.push(Math.round(t));
      r.x.push(Math.round(x));
      r.y.push(Math.round(y));
      const flick = rand() < 0.2;
      t += flick ? 30 + rand() * 50 : rand() < 0.1 ? 6000 + rand() * 4000 : 100 + rand() * 400;
      x = Math.min(600, Math.max(40, x + (rand() - 0.5) * (flick ? 300 : 30)));
      y = Math.min(440, Math.max(40, y + (rand() - 0.5) * (flick ? 300 : 30)));
    }
  }
  return columns(r);
}

let engine: Engine;
beforeEach(async () => {
  engine = await createEngine();
});
afterEach(async () => {
  await engine.close();
});

describe('against the plain-JS reference', () => {
  for (const params of [
    { ...ATTENTION_DEFAULTS, spread: 20 },
    { ...ATTENTION_DEFAULTS, spread: 12, lag: 0, fastWeight: 0.3, speedThreshold: 300, idleCap: 2 },
    { ...ATTENTION_DEFAULTS, spread: 25, lag: 1200, perSession: true },
  ]) {
    it(`matches the exact sum of the reference's weights (lag ${params.lag}, fastWeight ${params.fastWeight}, perSession ${params.perSession})`, async () => {
      const samples = randomSessions(7);
      const r = await engine.attention({ samples, width: W, height: H, extent: EXTENT, ...params });
      const plain = plainAttentionWeights(samples, params);
      const exact = exactAttentionDensity(plain, { extent: EXTENT, width: W, height: H, spread: params.spread });
      expect(errorOfPeak(r.values, exact.values)).toBeLessThanOrEqual(0.002);
      expect(r.total).toBeCloseTo(exact.total, 3);
      const peak = Math.max(...exact.values);
      expect(Math.abs(r.max - peak) / peak).toBeLessThanOrEqual(0.002);
      expect(r.sessions).toBe(plain.sessions);
      expect(r.kept).toBe(plain.kept);
      expect(r.idleCapped).toBe(plain.idleCapped);
      expect(r.dropped).toEqual(plain.dropped);
    });
  }
});

describe('staged cache', () => {
  it('a spread change re-smooths only; the result equals a fresh computation', async () => {
    const { id, sessions, count } = await engine.loadAttention(randomSessions(3));
    expect(sessions).toBe(40);
    expect(count).toBe(1200);
    const first = await engine.attention({ dataset: id, width: W, height: H, extent: EXTENT, spread: 10 });
    expect(first.timings.weigh).toBeGreaterThan(0);
    expect(first.timings.bin).toBeGreaterThan(0);
    const wider = await engine.attention({ dataset: id, width: W, height: H, extent: EXTENT, spread: 30 });
    expect(wider.timings.weigh).toBe(0);
    expect(wider.timings.bin).toBe(0);
    expect(wider.timings.smooth).toBeGreaterThan(0);
    const fresh = await engine.attention({ samples: randomSessions(3), width: W, height: H, extent: EXTENT, spread: 30 });
    expect(Array.from(wider.values)).toEqual(Array.from(fresh.values));
    // The same request again is served from the cache at every stage.
    const again = await engine.attention({ dataset: id, width: W, height: H, extent: EXTENT, spread: 30 });
    expect([again.timings.weigh, again.timings.bin, again.timings.smooth]).toEqual([0, 0, 0]);
    expect(Array.from(again.values)).toEqual(Array.from(fresh.values));
  });

  it('a weighing parameter change re-weighs and re-bins; a grid change re-bins only', async () => {
    const { id } = await engine.loadAttention(randomSessions(4));
    const base: AttentionRequest = { dataset: id, width: W, height: H, extent: EXTENT, spread: 15 };
    await engine.attention(base);
    for (const change of [{ lag: 300 }, { idleCap: 1 }, { speedThreshold: 200 }, { fastWeight: 0.5 }, { perSession: true }]) {
      const r = await engine.attention({ ...base, ...change });
      expect(r.timings.weigh, JSON.stringify(change)).toBeGreaterThan(0);
      expect(r.timings.bin, JSON.stringify(change)).toBeGreaterThan(0);
      expect(r.params).toMatchObject(change);
      const fresh = await engine.attention({ samples: randomSessions(4), width: W, height: H, extent: EXTENT, spread: 15, ...change });
      expect(Array.from(r.values)).toEqual(Array.from(fresh.values));
      await engine.attention(base); // back to the defaults
    }
    const regrid = await engine.attention({ ...base, width: 64, height: 48 });
    expect(regrid.timings.weigh).toBe(0);
    expect(regrid.timings.bin).toBeGreaterThan(0);
  });

  it('datasets: ids apart from point datasets, counted in stats, freed by dispose', async () => {
    const before = await engine.stats();
    const points = await engine.load({ x: [1, 2], y: [1, 2] });
    const a = await engine.loadAttention(randomSessions(5));
    expect(a.id).not.toBe(points.id);
    await engine.attention({ dataset: a.id, width: W, height: H, extent: EXTENT });
    const during = await engine.stats();
    expect(during.datasets).toBe(before.datasets + 2);
    expect(during.points).toBe(before.points + 2 + a.count);
    expect(during.gridBytes).toBeGreaterThan(before.gridBytes);
    await engine.dispose(a.id);
    await engine.dispose(points.id);
    const after = await engine.stats();
    expect(after.datasets).toBe(before.datasets);
    expect(after.pointBytes).toBe(before.pointBytes);
    expect(after.gridBytes).toBe(before.gridBytes);
    const gone = await rejection(engine.attention({ dataset: a.id, width: W, height: H }));
    expect(gone).toBeInstanceOf(HeatlensError);
    expect((gone as HeatlensError).code).toBe('unknown-dataset');
  });
});

describe('validation', () => {
  const samples = () => columns((() => {
    const r = rows();
    addPath(r, 0, 0, 1000, 100, (t) => [10 + t, 10]);
    return r;
  })());

  it.each([
    [{ idleCap: 0 }, /idleCap must be a positive number of seconds, got 0/],
    [{ idleCap: NaN }, /idleCap must be a positive number of seconds, got NaN/],
    [{ speedThreshold: -1 }, /speedThreshold must be a positive number of px\/s, got -1/],
    [{ fastWeight: 1.5 }, /fastWeight must be a number from 0 to 1, got 1.5/],
    [{ lag: -10 }, /lag must be a number of ms from 0 to 60000, got -10/],
    [{ spread: 0 }, /spread must be a positive number of px, got 0/],
    [{ perSession: 'yes' }, /perSession must be true or false, got "yes"/],
    [{ width: 0 }, /width must be an integer/],
    [{ extent: [0, 0, -1, 10] }, /extent must have x1 > x0/],
  ])('%j is refused with a message naming the field', async (change, message) => {
    const error = await rejection(engine.attention({ samples: samples(), width: 16, height: 16, ...(change as object) }));
    expect(error).toBeInstanceOf(HeatlensError);
    expect((error as HeatlensError).code).toBe('invalid-request');
    expect(error.message).toMatch(message);
  });

  it('refuses malformed sample columns with invalid-points, and a request with neither dataset nor samples', async () => {
    const short = { session: [0, 0], ts: [0, 1], x: [1], y: [1, 2] };
    const e1 = await rejection(engine.attention({ samples: short, width: 8, height: 8 }));
    expect((e1 as HeatlensError).code).toBe('invalid-points');
    expect(e1.message).toMatch(/samples.x has 1 values but samples.session has 2/);
    const e2 = await rejection(engine.loadAttention({ session: [0], ts: 'now', x: [1], y: [1] } as never));
    expect(e2.message).toMatch(/samples.ts must be/);
    const e3 = await rejection(engine.attention({ width: 8, height: 8 }));
    expect(e3.message).toMatch(/needs either dataset .* or samples/);
    // The engine keeps working.
    expect((await engine.attention({ samples: samples(), width: 8, height: 8 })).sessions).toBe(1);
  });
});

describe('channels, abort and into, as for density', () => {
  const request = (channel?: string, spread = 10): AttentionRequest => ({
    samples: randomSessions(9), width: W, height: H, extent: EXTENT, spread, ...(channel === undefined ? {} : { channel }),
  });

  it('three back-to-back requests on one channel: the middle one is superseded, the last resolves', async () => {
    const [first, middle, last] = await Promise.allSettled([
      engine.attention(request('slider', 8)),
      engine.attention(request('slider', 12)),
      engine.attention(request('slider', 16)),
    ]);
    if (first.status === 'rejected') expect((first.reason as Error).name).toBe('AbortError');
    expect(middle.status).toBe('rejected');
    if (middle.status === 'rejected') expect((middle.reason as Error).name).toBe('AbortError');
    expect(last.status).toBe('fulfilled');
    if (last.status === 'fulfilled') expect(last.value.params.spread).toBe(16);
  });

  it('an aborted signal rejects with AbortError; the engine keeps working', async () => {
    const before = new AbortController();
    before.abort();
    expect((await rejection(engine.attention(request(), { signal: before.signal }))).name).toBe('AbortError');
    const during = new AbortController();
    const pending = engine.attention(request('x'), { signal: during.signal });
    during.abort();
    expect((await rejection(pending)).name).toBe('AbortError');
    expect((await engine.attention(request('x'))).sessions).toBe(40);
  });

  it('fills `into` and returns it as `values`; a wrong buffer is refused', async () => {
    const fresh = await engine.attention(request());
    const into = new Float32Array(W * H).fill(-1);
    const r = await engine.attention({ ...request(), into });
    expect(r.values).toBe(into);
    expect(Array.from(into)).toEqual(Array.from(fresh.values));
    const wrong = await rejection(engine.attention({ ...request(), into: new Float32Array(5) }));
    expect(wrong.message).toMatch(/into must be a Float32Array of width × height/);
  });
});
