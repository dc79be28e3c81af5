// Which stage each change re-runs: colour changes never ask the engine; a bandwidth change
// re-smooths the cached bins; new data re-bins; fast changes never show an older frame.
import { afterEach, describe, expect, it } from 'vitest';
import type { RenderDetail } from '../../components/base/map-element.js';
import { cleanup, clusterPoints, densityRender, mount, nextRender, pixels } from './click-map-support.js';

afterEach(cleanup);

const DATA = () => clusterPoints([{ cx: 150, cy: 120, s: 15, n: 2000 }, { cx: 300, cy: 200, s: 25, n: 1000 }]);

async function ready() {
  const el = mount({ opacity: '1', bandwidth: '12' }, 400, 300);
  const first = densityRender(el);
  el.points = DATA();
  await first;
  return el;
}

function differingPixels(a: Uint8Array, b: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < a.length; i += 4) if (a[i] !== b[i] || a[i + 1] !== b[i + 1] || a[i + 2] !== b[i + 2] || a[i + 3] !== b[i + 3]) n++;
  return n;
}

describe('<click-map> stages', () => {
  it('changes pixels on a colormap change without a new density computation', async () => {
    const el = await ready();
    const before = pixels(el).data;
    const requests = el.engine.densityRequests;
    const next = nextRender(el);
    el.colormap = 'inferno';
    const detail = await next;
    expect(detail).toMatchObject({ density: false, bin: 0, smooth: 0 });
    expect(el.engine.densityRequests).toBe(requests);
    expect(differingPixels(before, pixels(el).data)).toBeGreaterThan(1000);
  });

  it('re-runs only the colour stage for opacity, scale and max (attributes too)', async () => {
    const el = await ready();
    const requests = el.engine.densityRequests;
    let previous = pixels(el).data;
    for (const [name, value] of [
      ['opacity', '0.5'],
      ['scale', 'log'],
      ['max', '0.0005'],
      ['max', '90%'],
    ]) {
      const next = nextRender(el);
      el.setAttribute(name, value);
      expect((await next).density).toBe(false);
      const now = pixels(el).data;
      expect(differingPixels(previous, now), `${name}=${value}`).toBeGreaterThan(100);
      previous = now;
    }
    expect(el.engine.densityRequests).toBe(requests);
    expect(el.opacity).toBe(0.5);
    expect(el.scale).toBe('log');
  });

  it('re-smooths without re-binning when the bandwidth changes', async () => {
    const el = await ready();
    const loads = el.engine.loads;
    const next = nextRender(el);
    el.bandwidth = 30;
    const detail = await next;
    expect(detail.density).toBe(true);
    expect(detail.bin).toBe(0);
    expect(detail.smooth).toBeGreaterThan(0);
    expect(detail.bandwidth).toEqual([30, 30]);
    expect(el.engine.loads).toBe(loads);
  });

  it('double-buffers the output grid: successive densities reuse two arrays', async () => {
    const el = await ready();
    for (const s of [14, 16, 18, 20, 22]) {
      const next = nextRender(el);
      el.bandwidth = s;
      expect((await next).bandwidth).toEqual([s, s]);
    }
    // One grid on screen, one travelling to the worker and back as `into`.
    expect(el.engine.allocations).toBe(2);
  });

  it('re-bins when new data arrives', async () => {
    const el = await ready();
    const loads = el.engine.loads;
    const next = densityRender(el);
    el.points = clusterPoints([{ cx: 50, cy: 50, s: 5, n: 100 }], 99);
    const detail = await next;
    expect(detail.bin).toBeGreaterThan(0);
    expect(el.engine.loads).toBe(loads + 1);
  });

  it('never shows an older data set after a newer one when data changes fast', async () => {
    const el = await ready();
    const seen: number[] = [];
    el.addEventListener('heatlens-render', (e) => e.detail.density && seen.push(e.detail.events));
    // Data set k has 100·(k+1) points, all inside the extent: the frame's event count names it.
    const sizes = [100, 200, 300, 400, 500];
    for (const n of sizes) {
      el.points = clusterPoints([{ cx: 200, cy: 150, s: 10, n }], n);
      await new Promise((r) => setTimeout(r, 0));
    }
    while (!seen.some((e) => Math.round(e) === 500)) await nextRender(el);
    await new Promise((r) => setTimeout(r, 300));
    const order = seen.map((e) => sizes.indexOf(Math.round(e)));
    expect(order.every((k) => k >= 0)).toBe(true);
    expect(order.every((k, i) => i === 0 || k > order[i - 1])).toBe(true);
    expect(order[order.length - 1]).toBe(sizes.length - 1);
  });

  it('never shows an older frame after a newer one when changes come fast', async () => {
    const el = await ready();
    const seen: RenderDetail[] = [];
    el.addEventListener('heatlens-render', (e) => seen.push(e.detail));
    const sigmas = [5, 8, 11, 14, 17, 20, 23, 26];
    for (const s of sigmas) {
      el.bandwidth = s;
      // A separate task each time, as slider events would be.
      await new Promise((r) => setTimeout(r, 0));
    }
    const last = sigmas[sigmas.length - 1];
    while (!seen.some((d) => d.bandwidth?.[0] === last)) await nextRender(el);
    const order = seen.filter((d) => d.density).map((d) => sigmas.indexOf(d.bandwidth![0]));
    expect(order.every((k, i) => i === 0 || k > order[i - 1])).toBe(true);
    expect(order[order.length - 1]).toBe(sigmas.length - 1);
    // Nothing older arrives afterwards.
    await new Promise((r) => setTimeout(r, 300));
    expect(seen[seen.length - 1].bandwidth).toEqual([last, last]);
  });
});
