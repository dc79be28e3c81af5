// The GPU surface: context loss and restore, pages taller than MAX_TEXTURE_SIZE, the two
// fallbacks (float16 and quantised RGBA8 textures, Canvas2D without WebGL) agreeing with the float path,
// moving in the DOM, and devicePixelRatio changes (emulated through the DevTools protocol).
import { afterEach, describe, expect, it } from 'vitest';
import { cdp } from 'vitest/browser';
import { COLORMAPS } from '../../components/colormaps.js';
import { toHalf } from '../../components/gl/half-float.js';
import { cleanup, clusterPoints, densityRender, hottestCentroid, loseContext, maxAlpha, mount, nextError, nextRender, pixels } from './click-map-support.js';

afterEach(cleanup);

const CLUSTER = { cx: 200, cy: 150, s: 10, n: 1500 };

describe('<click-map> GPU surface', () => {
  it('redraws the same picture after the WebGL context is lost and restored', async () => {
    const el = mount({ opacity: '1' }, 400, 300);
    const first = densityRender(el);
    el.points = clusterPoints([CLUSTER]);
    await first;
    const before = pixels(el).data;
    const lose = await loseContext(el);
    expect(el.readPixels()).toBeNull();
    const redrawn = nextRender(el);
    lose.restoreContext();
    const detail = await redrawn;
    // The restore redraws from the grid kept on the CPU: no new density request.
    expect(detail.density).toBe(false);
    const after = pixels(el).data;
    expect(maxAlpha(pixels(el))).toBeGreaterThan(200);
    expect(after).toEqual(before);
  });

  it('renders a page taller than MAX_TEXTURE_SIZE (1280 × 12000 px here, past 8192): grid and canvas downsampled', async () => {
    // The page is sized from this GPU's own limit (8192 on this machine's SwiftShader: 12000 px),
    // so the test exercises the downsampling on any GPU.
    const limit = document.createElement('canvas').getContext('webgl2')!.getParameter(WebGL2RenderingContext.MAX_TEXTURE_SIZE) as number;
    const height = Math.round((limit * 12000) / 8192);
    const hotY = Math.round((height * 11000) / 12000);
    const el = mount({ colormap: 'greys', opacity: '1', max: '100%', cell: '1', bandwidth: '20' }, 1280, height);
    const rendered = densityRender(el);
    el.points = clusterPoints([{ cx: 640, cy: hotY, s: 15, n: 3000 }, { cx: 300, cy: 2000, s: 15, n: 1000 }]);
    const detail = await rendered;
    // One-px rows that do not fit a texture: the grid is downsampled to the limit's rows.
    expect([detail.gridWidth, detail.gridHeight]).toEqual([1280, limit]);
    const p = pixels(el);
    expect(p.height).toBeLessThanOrEqual(limit);
    const hot = hottestCentroid(p);
    const ky = height / p.height;
    const kx = 1280 / p.width;
    expect(Math.abs(hot.y * ky - hotY)).toBeLessThan(15);
    expect(Math.abs(hot.x * kx - 640)).toBeLessThan(10);
  });

  const fallbacks = [
    { renderer: 'webgl1', context: 'webgl', texture: 'float32' },
    { renderer: 'float16', context: 'webgl2', texture: 'float16' },
    { renderer: 'rgba8', context: 'webgl2', texture: 'rgba8' },
  ] as const;
  for (const { renderer, context, texture } of fallbacks) {
    it(`draws the same picture on ${context} with ${texture} textures as on WebGL2 with R32F`, async () => {
      const points = clusterPoints([CLUSTER]);
      const float = mount({ opacity: '1', scale: 'sqrt' }, 400, 300);
      const a = densityRender(float);
      float.points = points;
      const best = await a;
      expect([best.context, best.texture]).toEqual(['webgl2', 'float32']);
      const other = mount({ opacity: '1', scale: 'sqrt', renderer }, 400, 300);
      const b = densityRender(other);
      other.points = points;
      const got = await b;
      expect([got.context, got.texture]).toEqual([context, texture]);
      const pa = pixels(float).data;
      const pb = pixels(other).data;
      let worst = 0;
      for (let i = 0; i < pa.length; i++) worst = Math.max(worst, Math.abs(pa[i] - pb[i]));
      // At most one colormap entry apart (a value on the edge between two entries may land on
      // either side), plus one level of rounding.
      const lut = COLORMAPS.viridis;
      let step = 0;
      for (let i = 3; i < lut.length; i++) step = Math.max(step, Math.abs(lut[i] - lut[i - 3]));
      expect(worst).toBeLessThanOrEqual(step + 1);
    });
  }

  it('draws a canvas over its pixel budget at the density’s detail, the stretched picture matching the pixel-for-pixel one', async () => {
    // 1280 × 2000 px = 2.56 M pixels, over the default budget of 1920 × 1080; σ = 15 px on 4 px
    // cells is 3.75 cells, so 8 pixels per σ need ⌈8 · 320 / 3.75⌉ = 683 columns and 1067 rows.
    const points = clusterPoints([
      { cx: 400, cy: 600, s: 25, n: 4000 },
      { cx: 900, cy: 1400, s: 40, n: 3000 },
    ]);
    const attrs = { opacity: '1', bandwidth: '15', colormap: 'viridis', max: '100%' };
    const reduced = mount(attrs, 1280, 2000);
    const exact = mount({ ...attrs, 'max-canvas-pixels': 'Infinity' }, 1280, 2000);
    const a = densityRender(reduced);
    const b = densityRender(exact);
    reduced.points = points;
    exact.points = points;
    await Promise.all([a, b]);
    const small = pixels(reduced);
    const full = pixels(exact);
    expect([small.width, small.height]).toEqual([683, 1067]);
    expect([full.width, full.height]).toEqual([1280 * devicePixelRatio, 2000 * devicePixelRatio]);
    // Stretch the small picture bilinearly to the full size, as the compositor does.
    const sx = small.width / full.width;
    const sy = small.height / full.height;
    const lut = COLORMAPS.viridis;
    let step = 0;
    for (let i = 3; i < lut.length; i++) step = Math.max(step, Math.abs(lut[i] - lut[i - 3]));
    const tolerance = step + 1;
    let worst = 0;
    let over = 0;
    for (let j = 0; j < full.height; j++) {
      const v = Math.min(small.height - 1, Math.max(0, (j + 0.5) * sy - 0.5));
      const j0 = Math.floor(v);
      const j1 = Math.min(small.height - 1, j0 + 1);
      const fy = v - j0;
      for (let i = 0; i < full.width; i++) {
        const u = Math.min(small.width - 1, Math.max(0, (i + 0.5) * sx - 0.5));
        const i0 = Math.floor(u);
        const i1 = Math.min(small.width - 1, i0 + 1);
        const fx = u - i0;
        for (let c = 0; c < 4; c++) {
          const at = (y: number, x: number) => small.data[(y * small.width + x) * 4 + c];
          const top = at(j0, i0) + (at(j0, i1) - at(j0, i0)) * fx;
          const bottom = at(j1, i0) + (at(j1, i1) - at(j1, i0)) * fx;
          const want = full.data[(j * full.width + i) * 4 + c];
          const d = Math.abs(top + (bottom - top) * fy - want);
          worst = Math.max(worst, d);
          if (d > tolerance) over++;
        }
      }
    }
    // Within one colormap entry (plus rounding), as the other reduced forms of the picture —
    // except on the contour where opacity stops ramping up (a corner in alpha, which
    // interpolating colours rounds off): a few values in 100,000, under 4 % of full alpha.
    expect(over / full.data.length).toBeLessThan(1e-4);
    expect(worst).toBeLessThanOrEqual(0.04 * 255);
  });

  it('falls back to Canvas2D and still puts the hottest pixel on the cluster', async () => {
    const el = mount({ renderer: 'canvas2d', colormap: 'greys', opacity: '1', max: '100%' }, 400, 300);
    const rendered = densityRender(el);
    el.points = clusterPoints([CLUSTER, { cx: 330, cy: 240, s: 10, n: 300 }]);
    const detail = await rendered;
    expect(detail.renderer).toBe('canvas2d');
    const p = pixels(el);
    const hot = hottestCentroid(p);
    const k = 400 / p.width;
    expect(Math.hypot(hot.x * k - CLUSTER.cx, hot.y * k - CLUSTER.cy)).toBeLessThan(8);
    const corner = (p.width * (p.height - 1) + 0) * 4;
    expect(p.data[corner + 3]).toBe(0);
  });
});

describe('<click-map> when drawing fails', () => {
  it('shows a render error and fires heatlens-error instead of waiting forever', async () => {
    const el = mount({ opacity: '1' }, 300, 200);
    const first = densityRender(el);
    el.points = clusterPoints([{ cx: 150, cy: 100, s: 10, n: 500 }]);
    await first;
    // The surface refusing to draw stands for a browser that refuses the GPU work.
    const surface = (el as unknown as { surface: { draw: () => number } }).surface;
    surface.draw = () => {
      throw new Error('the GPU said no');
    };
    const failed = nextError(el);
    el.colormap = 'inferno';
    const detail = await failed;
    expect(detail).toEqual({ code: 'render', message: 'the map could not be drawn: the GPU said no' });
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part="error"]')?.textContent).toContain('the GPU said no');
  });
});

describe('<click-map> in the DOM', () => {
  it('draws again after being moved to another parent', async () => {
    const el = mount({ opacity: '1' }, 300, 200);
    const first = densityRender(el);
    el.points = clusterPoints([{ cx: 150, cy: 100, s: 10, n: 500 }]);
    await first;
    const before = pixels(el).data;
    const box = document.createElement('div');
    document.body.append(box);
    const again = densityRender(el);
    box.append(el);
    await again;
    expect(pixels(el).data).toEqual(before);
    box.remove();
  });
});

describe('<click-map> and devicePixelRatio', () => {
  it('resizes its drawing buffer when the device pixel ratio changes', async () => {
    const el = mount({ opacity: '1' }, 300, 200);
    const first = densityRender(el);
    el.points = clusterPoints([{ cx: 150, cy: 100, s: 10, n: 500 }]);
    await first;
    expect(pixels(el).width).toBe(300 * devicePixelRatio);
    const session = cdp();
    const redrawn = nextRender(el);
    await session.send('Emulation.setDeviceMetricsOverride', { width: 1280, height: 800, deviceScaleFactor: 2, mobile: false });
    try {
      await redrawn;
      expect(devicePixelRatio).toBe(2);
      const p = pixels(el);
      expect([p.width, p.height]).toEqual([600, 400]);
      expect(maxAlpha(p)).toBeGreaterThan(200);
    } finally {
      await session.send('Emulation.clearDeviceMetricsOverride', {});
    }
  });
});

describe('float16 packing', () => {
  it('rounds float32 to the nearest IEEE 754 half (reference bit patterns)', () => {
    const cases: [number, number][] = [
      [0, 0x0000],
      [1, 0x3c00],
      [0.5, 0x3800],
      [1 / 3, 0x3555],
      [65504, 0x7bff],
      [2 ** -14, 0x0400], // smallest normal
      [2 ** -24, 0x0001], // smallest subnormal
      [1 + 2 ** -11, 0x3c00], // a tie rounds to even... here down to 1
      [1 + 3 * 2 ** -11, 0x3c02], // ...and here up
    ];
    for (const [v, bits] of cases) expect(toHalf(v), String(v)).toBe(bits);
  });
});
