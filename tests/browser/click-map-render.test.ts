// <click-map> in real Chromium (WebGL on SwiftShader): pixels read back from the canvas.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, clusterPoints, densityRender, hottestCentroid, maxAlpha, mount, nextRender, pixels } from './click-map-support.js';

afterEach(cleanup);

const W = 640;
const H = 480;
// The densest cluster is A: 3× the points of B at the same spread.
const A = { cx: 180, cy: 140, s: 12, n: 3000 };
const B = { cx: 470, cy: 350, s: 12, n: 1000 };

describe('<click-map> drawing', () => {
  it('puts the hottest pixel on the densest cluster', async () => {
    const el = mount({ colormap: 'greys', opacity: '1', max: '100%', bandwidth: '10', cell: '2' }, W, H);
    const rendered = densityRender(el);
    el.points = clusterPoints([A, B]);
    const detail = await rendered;
    expect(detail.renderer).toBe('webgl');
    const p = pixels(el);
    expect([p.width, p.height]).toEqual([W * devicePixelRatio, H * devicePixelRatio]);
    const hot = hottestCentroid(p);
    const k = W / p.width;
    expect(hot.value).toBe(255);
    expect(Math.hypot(hot.x * k - A.cx, hot.y * k - A.cy)).toBeLessThan(6);
  });

  it('draws zero density fully transparent: no data, and far from every point', async () => {
    const el = mount({ opacity: '1' }, W, H);
    const first = await nextRender(el);
    expect(first.gridWidth).toBe(0);
    expect(maxAlpha(pixels(el))).toBe(0);

    const rendered = densityRender(el);
    el.points = clusterPoints([{ cx: 100, cy: 100, s: 5, n: 500 }]);
    await rendered;
    const p = pixels(el);
    expect(maxAlpha(p)).toBeGreaterThan(200);
    // 380 px (≈ 25 σ of data + kernel) away from the cluster, the density is 0 to float precision.
    for (const [x, y] of [
      [W - 1, H - 1],
      [W - 1, 0],
      [0, H - 1],
      [500, 400],
    ]) {
      const i = (y * devicePixelRatio * p.width + x * devicePixelRatio) * 4;
      expect([...p.data.subarray(i, i + 4)]).toEqual([0, 0, 0, 0]);
    }
  });

  it('follows its size: a resize redraws at the new size', async () => {
    const el = mount({}, 320, 240);
    const first = densityRender(el);
    el.points = clusterPoints([{ cx: 160, cy: 120, s: 10, n: 200 }]);
    await first;
    const again = nextRender(el);
    el.style.width = '400px';
    await again;
    expect(pixels(el).width).toBe(400 * devicePixelRatio);
  });
});
