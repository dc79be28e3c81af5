// The default colour max in real Chromium: a hotspot with 100× the clicks of a weak cluster does
// not wash the weak cluster out of the picture, as it does when the max is the peak ("100%").
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, clusterPoints, densityRender, mount, nextRender, type Pixels } from './click-map-support.js';

afterEach(cleanup);

const W = 400;
const H = 300;
const HOT = { cx: 130, cy: 100, s: 12, n: 20_000 };
const WEAK = { cx: 320, cy: 220, s: 12, n: 200 };

/** The largest alpha within `r` CSS px of a page point. */
function alphaNear(p: Pixels, x: number, y: number, r: number): number {
  const k = p.width / W;
  let best = 0;
  for (let py = Math.floor((y - r) * k); py <= Math.ceil((y + r) * k); py++) {
    for (let px = Math.floor((x - r) * k); px <= Math.ceil((x + r) * k); px++) {
      if (px >= 0 && py >= 0 && px < p.width && py < p.height) best = Math.max(best, p.data[(py * p.width + px) * 4 + 3]);
    }
  }
  return best;
}

describe('<click-map> default max', () => {
  it('keeps a weak cluster visible beside a hotspot with 100× its clicks', async () => {
    const el = mount({ opacity: '1' }, W, H);
    const rendered = densityRender(el);
    el.points = clusterPoints([HOT, WEAK]);
    const atDefault = await rendered;
    const weakDefault = alphaNear(el.readPixels()!, WEAK.cx, WEAK.cy, 6);

    const redrawn = nextRender(el);
    el.max = '100%';
    const atPeak = await redrawn;
    const weakPeak = alphaNear(el.readPixels()!, WEAK.cx, WEAK.cy, 6);

    // The peak itself is the max at "100%"; the default is well below it.
    expect(atPeak.max).toBeGreaterThan(0);
    expect(atDefault.max / atPeak.max).toBeLessThan(0.45);
    // Independent expectation: the weak peak is ~1% of the hotspot's (100× fewer clicks, same
    // spread), and alpha = min(1, 8 · value / max) — 8 % of 255 ≈ 20 at the peak as max.
    expect(weakPeak).toBeGreaterThan(10);
    expect(weakPeak).toBeLessThan(32);
    // At the default the weak cluster is clearly there: ≥ 45 of 255 and ≥ 2.5× the "100%" alpha.
    expect(weakDefault).toBeGreaterThanOrEqual(45);
    expect(weakDefault).toBeGreaterThanOrEqual(2.5 * weakPeak);
  });
});
