// A WebGL context that is handed out but then fails — regl cannot set up on it, a shader does not
// compile, a texture is refused, or a restored context cannot be rebuilt — must not leave a blank
// map: the element draws with Canvas2D on a fresh canvas (the old one can never give a 2D
// context), and when even that is refused it shows the error state and fires heatlens-error.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, clusterPoints, densityRender, hottestCentroid, loseContext, mount, nextError, nextRender, type Pixels } from './click-map-support.js';

const realGetContext = HTMLCanvasElement.prototype.getContext;

/**
 * From now on, WebGL contexts are handed out but throw from the named methods; with `no2d`,
 * 2D contexts are refused as well. Returns the undo.
 */
function breakContexts(failing: string[], no2d = false): () => void {
  HTMLCanvasElement.prototype.getContext = function (this: HTMLCanvasElement, kind: string, options?: unknown) {
    if (kind === '2d' && no2d) return null;
    const ctx = (realGetContext as (k: string, o?: unknown) => RenderingContext | null).call(this, kind, options);
    if (!ctx || (kind !== 'webgl2' && kind !== 'webgl')) return ctx;
    return new Proxy(ctx, {
      get(target, key) {
        if (typeof key === 'string' && failing.includes(key)) {
          return () => {
            throw new Error(`${key} is unavailable`);
          };
        }
        const value = Reflect.get(target, key);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  } as typeof HTMLCanvasElement.prototype.getContext;
  return () => {
    HTMLCanvasElement.prototype.getContext = realGetContext;
  };
}

let undo: (() => void) | null = null;
afterEach(() => {
  undo?.();
  undo = null;
  cleanup();
});

const W = 400;
const H = 300;
const HOT = { cx: 130, cy: 100, s: 12, n: 2000 };
const WEAK = { cx: 320, cy: 220, s: 12, n: 300 };
const GREYS = { colormap: 'greys', opacity: '1', max: '100%' };

/** The pixels on screen, read from the element's 2D canvas itself (not through the element). */
function screenPixels(canvas: HTMLCanvasElement): Pixels {
  const ctx = realGetContext.call(canvas, '2d') as CanvasRenderingContext2D | null;
  if (!ctx) throw new Error('the canvas on screen has no 2D context');
  const image = ctx.getImageData(0, 0, canvas.width, canvas.height);
  return { width: canvas.width, height: canvas.height, data: new Uint8Array(image.data.buffer) };
}

function expectHottestOnCluster(p: Pixels): void {
  const hot = hottestCentroid(p);
  const k = W / p.width;
  expect(hot.value).toBeGreaterThan(200);
  expect(Math.hypot(hot.x * k - HOT.cx, hot.y * k - HOT.cy)).toBeLessThan(6);
}

describe('<click-map> when WebGL fails after the context was obtained', () => {
  for (const [what, failing] of [
    ['regl cannot set up (getParameter throws)', ['getParameter']],
    ['the density texture is refused (createTexture throws)', ['createTexture']],
    ['the shaders do not compile (createShader throws)', ['createShader']],
  ] as const) {
    it(`draws with Canvas2D on a fresh canvas when ${what}`, async () => {
      undo = breakContexts([...failing]);
      const el = mount(GREYS, W, H);
      const rendered = densityRender(el);
      el.points = clusterPoints([HOT, WEAK]);
      const detail = await rendered;
      undo();
      undo = null;
      expect(detail.renderer).toBe('canvas2d');
      expect(detail.context).toBeNull();
      const canvas = el.shadowRoot!.querySelector('canvas')!;
      expect(el.shadowRoot!.querySelectorAll('canvas').length).toBe(1);
      expect(canvas.getAttribute('part')).toBe('canvas');
      // On screen over the whole element, as the first canvas was.
      const box = canvas.getBoundingClientRect();
      expect([box.width, box.height]).toEqual([W, H]);
      expectHottestOnCluster(screenPixels(canvas));
      expect(el.shadowRoot!.querySelector('[part="error"]')).toBeNull();
    });
  }

  it('switches to Canvas2D when a WebGL draw throws after frames were drawn', async () => {
    const el = mount(GREYS, W, H);
    const first = densityRender(el);
    el.points = clusterPoints([HOT, WEAK]);
    expect((await first).renderer).toBe('webgl');
    // The density layer refusing to draw stands for a driver failing mid-session.
    const surface = (el as unknown as { surface: { layer: { draw: () => void } } }).surface;
    surface.layer.draw = () => {
      throw new Error('the driver said no');
    };
    const redrawn = nextRender(el);
    el.colormap = 'greys';
    el.opacity = 0.99;
    const detail = await redrawn;
    expect(detail.renderer).toBe('canvas2d');
    expectHottestOnCluster(screenPixels(el.shadowRoot!.querySelector('canvas')!));
    expect(el.shadowRoot!.querySelector('[part="error"]')).toBeNull();
  });

  it('shows the error state with code renderer-unavailable when Canvas2D is refused too', async () => {
    undo = breakContexts(['getParameter'], true);
    const el = mount(GREYS, W, H);
    const renders: unknown[] = [];
    el.addEventListener('heatlens-render', (e) => renders.push(e));
    const failed = nextError(el);
    el.points = clusterPoints([HOT]);
    const error = await failed;
    expect(error.code).toBe('renderer-unavailable');
    expect(error.message).toMatch(/neither a WebGL nor a Canvas2D context/);
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part="error"]')!.textContent).toMatch(/cannot be drawn/);
    expect(renders).toEqual([]);
  });

  it('draws with Canvas2D when a lost context comes back but cannot be set up again', async () => {
    const el = mount(GREYS, W, H);
    const first = densityRender(el);
    el.points = clusterPoints([HOT, WEAK]);
    expect((await first).renderer).toBe('webgl');
    const canvas = el.shadowRoot!.querySelector('canvas')!;
    const lose = await loseContext(el);
    undo = breakContexts(['getParameter']);
    const redrawn = nextRender(el);
    lose.restoreContext();
    const detail = await redrawn;
    undo();
    undo = null;
    expect(detail.renderer).toBe('canvas2d');
    // Redrawn from the grid kept on the CPU: no new density.
    expect(detail.density).toBe(false);
    const now = el.shadowRoot!.querySelector('canvas')!;
    expect(now).not.toBe(canvas);
    expectHottestOnCluster(screenPixels(now));
  });
});
