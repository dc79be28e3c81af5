// <attention-map> in real Chromium: pixels read back from the canvas, against inputs whose
// attention is known in closed form (DESIGN.md "Attention": dwell-weighted, fast moves discounted).
import { afterEach, describe, expect, it } from 'vitest';
import { hottestCentroid, loseContext, maxAlpha, nextRender } from './click-map-support.js';
import { attentionRender, cleanupAttention, mountAttention, parked, samples, sweep } from './attention-map-support.js';

afterEach(cleanupAttention);

const W = 400;
const H = 300;
const GREYS = { colormap: 'greys', opacity: '1', max: '100%' };

describe('<attention-map> drawing', () => {
  it('puts the hottest pixel where a cursor was parked, not on a fast sweep with 12× the samples', async () => {
    const el = mountAttention({ ...GREYS, spread: '15', cell: '2' }, W, H);
    const rendered = attentionRender(el);
    // 101 samples parked at (120, 100) for 10 s; 1201 samples swept at 2000 px/s along y = 220 for
    // 20 s. A blur of every sample would make the sweep line hotter (1201 / 300 px per unit
    // length beats 101 in one spot at σ = 15); dwell and the speed threshold make it weigh nothing.
    el.samples = samples(parked(1, 120, 100, 10), sweep(2, 220, 50, 350, 2000, 20));
    const detail = await rendered;
    expect(detail.renderer).toBe('webgl');
    // Independent reference: 100 gaps of 0.1 s parked; fast-weight 0 (the default) keeps nothing of the sweep.
    expect(detail.seconds).toBeCloseTo(10, 3);
    expect(detail.events).toBeCloseTo(10, 3);
    expect(detail.sessions).toBe(2);
    const p = el.readPixels()!;
    const hot = hottestCentroid(p);
    const k = W / p.width;
    expect(hot.value).toBe(255);
    expect(Math.hypot(hot.x * k - 120, hot.y * k - 100)).toBeLessThan(4);
  });

  it('counts the sweep when ballistic moves are given full weight (fast-weight 1)', async () => {
    const el = mountAttention({ ...GREYS, spread: '15', 'fast-weight': '1' }, W, H);
    const rendered = attentionRender(el);
    el.samples = samples(parked(1, 120, 100, 10), sweep(2, 220, 50, 350, 2000, 20));
    // 10 s parked + 1200 gaps of 1/60 s swept.
    expect((await rendered).seconds).toBeCloseTo(30, 2);
  });

  it('draws zero attention fully transparent: no data, far from the cursor, and only fast moves', async () => {
    const el = mountAttention({ opacity: '1', spread: '10' }, W, H);
    const first = await nextRender(el);
    expect(first.gridWidth).toBe(0);
    expect(maxAlpha(el.readPixels()!)).toBe(0);

    let rendered = attentionRender(el);
    el.samples = parked(1, 60, 60, 3);
    await rendered;
    const p = el.readPixels()!;
    expect(maxAlpha(p)).toBeGreaterThan(200);
    // ≥ 250 px (25 σ) from the cursor the attention is 0 to float precision.
    for (const [x, y] of [
      [W - 1, H - 1],
      [W - 1, 0],
      [0, H - 1],
    ]) {
      const i = (y * devicePixelRatio * p.width + x * devicePixelRatio) * 4;
      expect([...p.data.subarray(i, i + 4)]).toEqual([0, 0, 0, 0]);
    }

    // Data, but nothing slower than the threshold: zero seconds, nothing drawn.
    rendered = attentionRender(el);
    el.samples = sweep(3, 150, 20, 380, 2500, 5);
    const detail = await rendered;
    expect(detail.seconds).toBe(0);
    expect(detail.kept).toBeGreaterThan(0);
    expect(maxAlpha(el.readPixels()!)).toBe(0);
  });

  it('takes its size from the slotted page and lines attention up with it', async () => {
    const el = document.createElement('attention-map');
    for (const [k, v] of Object.entries({ ...GREYS, spread: '12' })) el.setAttribute(k, v);
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="520" height="700"><rect width="100%" height="100%" fill="#eee"/></svg>';
    el.innerHTML = `<img width="520" height="700" alt="" src="data:image/svg+xml,${encodeURIComponent(svg)}">`;
    // A block takes its container's width; shrink-wrapped, the element is the page's size.
    el.style.display = 'inline-block';
    document.body.append(el);
    const rendered = attentionRender(el);
    el.samples = samples(parked(1, 430, 610, 3), parked(2, 60, 40, 1));
    const detail = await rendered;
    expect([el.clientWidth, el.clientHeight]).toEqual([520, 700]);
    expect(detail.seconds).toBeCloseTo(4, 3);
    const p = el.readPixels()!;
    const hot = hottestCentroid(p);
    expect(Math.hypot(hot.x / devicePixelRatio - 430, hot.y / devicePixelRatio - 610)).toBeLessThan(4);
  });

  it('redraws the same picture after the WebGL context is lost and restored, without asking the engine', async () => {
    const el = mountAttention({ opacity: '1', spread: '15' }, W, H);
    const rendered = attentionRender(el);
    el.samples = parked(1, 200, 150, 2);
    await rendered;
    const before = el.readPixels()!.data;
    const lose = await loseContext(el);
    const requests = el.engine.densityRequests;
    const redrawn = nextRender(el);
    lose.restoreContext();
    expect((await redrawn).density).toBe(false);
    expect(el.engine.densityRequests).toBe(requests);
    expect(el.readPixels()!.data).toEqual(before);
  });

  it('draws with the Canvas2D fallback as well', async () => {
    const el = mountAttention({ ...GREYS, spread: '15', renderer: 'canvas2d' }, W, H);
    const rendered = attentionRender(el);
    el.samples = samples(parked(1, 300, 200, 4), parked(2, 80, 60, 1));
    const detail = await rendered;
    expect(detail.renderer).toBe('canvas2d');
    const p = el.readPixels()!;
    const hot = hottestCentroid(p);
    expect(Math.hypot(hot.x * (W / p.width) - 300, hot.y * (W / p.width) - 200)).toBeLessThan(4);
  });

  it('reports the engine’s dropped samples by reason in heatlens-render', async () => {
    const el = mountAttention({ spread: '10' }, W, H);
    const rendered = attentionRender(el);
    const good = parked(1, 100, 100, 2);
    el.samples = samples(
      good,
      { session: [1], ts: [5000], x: [NaN], y: [100] }, // non-finite
      { session: [1], ts: [-50], x: [100], y: [100] }, // before the clock's origin
      { session: [1], ts: [100], x: [101], y: [100] }, // a second sample at t = 100 ms
      { session: [9], ts: [0], x: [300], y: [200] }, // a session of one sample
    );
    const detail = await rendered;
    expect(detail.drops).toEqual({ nonFinite: 1, backwards: 1, duplicate: 1, singleSample: 1, total: 4 });
    expect(detail.dropped).toBe(4);
    expect(detail.kept).toBe(good.ts.length);
    expect(detail.sessions).toBe(1);
    expect(detail.seconds).toBeCloseTo(2, 3);
  });
});
