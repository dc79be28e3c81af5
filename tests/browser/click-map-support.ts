// Helpers for the <click-map> browser tests: mount an element, wait for its frames, read its
// pixels back and find the hottest one.
import '../../components/index.js';
import type { ClickMap } from '../../components/click-map.js';
import type { ErrorDetail, RenderDetail } from '../../components/base/map-element.js';

export function mount(attrs: Record<string, string>, width: number, height: number): ClickMap {
  const el = document.createElement('click-map');
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  el.style.width = `${width}px`;
  el.style.height = `${height}px`;
  document.body.append(el);
  return el;
}

export function nextRender(el: HTMLElement, timeoutMs = 30_000): Promise<RenderDetail> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no heatlens-render within the time limit')), timeoutMs);
    el.addEventListener(
      'heatlens-render',
      (e) => {
        clearTimeout(timer);
        resolve((e as CustomEvent<RenderDetail>).detail);
      },
      { once: true },
    );
  });
}

/**
 * Waits for the first frame that used the engine (a colour-only first frame may come before
 * data). One listener throughout, so no frame can slip between two waits.
 */
export function densityRender(el: HTMLElement, timeoutMs = 30_000): Promise<RenderDetail> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      el.removeEventListener('heatlens-render', on);
      reject(new Error('no heatlens-render with data within the time limit'));
    }, timeoutMs);
    const on = (e: Event) => {
      const d = (e as CustomEvent<RenderDetail>).detail;
      if (!(d.density && d.gridWidth > 0)) return;
      clearTimeout(timer);
      el.removeEventListener('heatlens-render', on);
      resolve(d);
    };
    el.addEventListener('heatlens-render', on);
  });
}

/**
 * Loses the map's WebGL context and resolves once it may be restored: Chromium accepts
 * restoreContext only after the lost event has been fully dispatched. Returns the extension,
 * whose restoreContext() the test calls when it is ready for the redraw.
 */
export async function loseContext(el: HTMLElement): Promise<WEBGL_lose_context> {
  const canvas = el.shadowRoot!.querySelector('canvas')!;
  // The element asked for WebGL2; a canvas hands back the kind it already has.
  const lose = canvas.getContext('webgl2')!.getExtension('WEBGL_lose_context')!;
  const lost = new Promise((r) => canvas.addEventListener('webglcontextlost', r, { once: true }));
  lose.loseContext();
  await lost;
  await new Promise((r) => setTimeout(r, 0));
  return lose;
}

export function nextError(el: HTMLElement, timeoutMs = 30_000): Promise<ErrorDetail> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no heatlens-error within the time limit')), timeoutMs);
    el.addEventListener(
      'heatlens-error',
      (e) => {
        clearTimeout(timer);
        resolve((e as CustomEvent<ErrorDetail>).detail);
      },
      { once: true },
    );
  });
}

export interface Pixels {
  width: number;
  height: number;
  data: Uint8Array;
}

export function pixels(el: ClickMap): Pixels {
  const p = el.readPixels();
  if (!p) throw new Error('the element has nothing drawn to read back');
  return p;
}

/** The pixel with the largest red channel (with `greys` at opacity 1, red = colour position). */
export function hottest(p: Pixels): { x: number; y: number; value: number } {
  let best = -1;
  let at = 0;
  for (let i = 0; i < p.width * p.height; i++) {
    const r = p.data[i * 4];
    if (r > best) {
      best = r;
      at = i;
    }
  }
  return { x: at % p.width, y: Math.floor(at / p.width), value: best };
}

/** Centroid of the pixels whose red channel equals the maximum (a flat-topped peak's centre). */
export function hottestCentroid(p: Pixels): { x: number; y: number; value: number } {
  const { value } = hottest(p);
  let sx = 0;
  let sy = 0;
  let n = 0;
  for (let i = 0; i < p.width * p.height; i++) {
    if (p.data[i * 4] === value) {
      sx += i % p.width;
      sy += Math.floor(i / p.width);
      n++;
    }
  }
  return { x: sx / n + 0.5, y: sy / n + 0.5, value };
}

export function maxAlpha(p: Pixels): number {
  let m = 0;
  for (let i = 3; i < p.data.length; i += 4) if (p.data[i] > m) m = p.data[i];
  return m;
}

/** Deterministic gaussian clusters (Box–Muller on a small LCG). */
export function clusterPoints(clusters: { cx: number; cy: number; s: number; n: number }[], seed = 7): { x: Float32Array; y: Float32Array } {
  let state = seed >>> 0;
  const rand = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return (state + 0.5) / 4294967296;
  };
  const total = clusters.reduce((a, c) => a + c.n, 0);
  const x = new Float32Array(total);
  const y = new Float32Array(total);
  let k = 0;
  for (const c of clusters) {
    for (let i = 0; i < c.n; i++) {
      const r = Math.sqrt(-2 * Math.log(rand()));
      const t = 2 * Math.PI * rand();
      x[k] = c.cx + c.s * r * Math.cos(t);
      y[k] = c.cy + c.s * r * Math.sin(t);
      k++;
    }
  }
  return { x, y };
}

export function cleanup(): void {
  for (const el of document.querySelectorAll('click-map')) el.remove();
}
