// A failed `src` fetch leaves every map element in its error state: `heatlens-error` fires and no
// `heatlens-render` follows it (a frame after the error would tell a listener, such as the
// dashboard, that the data was merely empty), and the last data's map is off the screen.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import '../../components/index.js';
import type { ErrorDetail, MapElement, RenderDetail } from '../../components/base/map-element.js';
import { maxAlpha } from './click-map-support.js';

/** For each element: a CSV its `src` can load, with at least one event in a 200 × 150 box. */
const ELEMENTS = {
  'click-map': 'x,y\n50,50\n60,60\n',
  'scroll-map': 'session,ts,y,vh,dh\n1,0,0,100,150\n1,500,50,100,150\n2,0,0,100,150\n',
  'attention-map': 'session,ts,x,y\n1,0,50,50\n1,500,50,50\n1,1000,51,50\n',
} as const;

/** How long to watch for a stray frame after the error: many frames and engine round trips. */
const QUIET_MS = 1000;
const UNREACHABLE = 'http://127.0.0.1:1/v1/data';
const FAILING = '/heatlens-test-500';

let realFetch: typeof fetch;
beforeEach(() => {
  realFetch = window.fetch;
  // A server answering 500: only this path; everything else (the engine's own files) as usual.
  window.fetch = (input, init) =>
    String(input instanceof Request ? input.url : input).endsWith(FAILING)
      ? Promise.resolve(new Response('{"error":{"code":"internal","message":"store unavailable"}}', { status: 500, headers: { 'content-type': 'application/json' } }))
      : realFetch(input, init);
});
afterEach(() => {
  window.fetch = realFetch;
  for (const tag of Object.keys(ELEMENTS)) for (const el of document.querySelectorAll(tag)) el.remove();
});

function mount(tag: string, src: string): MapElement {
  const el = document.createElement(tag) as MapElement;
  el.setAttribute('opacity', '1');
  el.setAttribute('src', src);
  el.style.cssText = 'width:200px;height:150px';
  document.body.append(el);
  return el;
}

/** Every event the element fires, in order, from now on. */
function record(el: HTMLElement): { type: string; detail: RenderDetail | ErrorDetail }[] {
  const log: { type: string; detail: RenderDetail | ErrorDetail }[] = [];
  for (const type of ['heatlens-render', 'heatlens-error']) el.addEventListener(type, (e) => log.push({ type, detail: (e as CustomEvent).detail }));
  return log;
}

async function until(check: () => boolean, what: string): Promise<void> {
  const end = performance.now() + 30_000;
  while (!check()) {
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Waits for the first error, then watches QUIET_MS more; returns the events after the error. */
async function afterError(log: { type: string }[]): Promise<{ type: string }[]> {
  await until(() => log.some((e) => e.type === 'heatlens-error'), 'heatlens-error');
  await new Promise((r) => setTimeout(r, QUIET_MS));
  return log.slice(log.findIndex((e) => e.type === 'heatlens-error') + 1);
}

describe('a failed src fetch', () => {
  for (const [tag, csv] of Object.entries(ELEMENTS)) {
    for (const [kind, src, code] of [
      ['an unreachable server', UNREACHABLE, 'fetch-failed'],
      ['an HTTP 500 answer', FAILING, 'http-status'],
    ] as const) {
      it(`<${tag}>: ${kind} fires heatlens-error (${code}) and no heatlens-render after it`, async () => {
        const el = document.createElement(tag) as MapElement;
        const log = record(el);
        el.setAttribute('src', src);
        el.style.cssText = 'width:200px;height:150px';
        document.body.append(el);
        const after = await afterError(log);
        expect((log.find((e) => e.type === 'heatlens-error')!.detail as ErrorDetail).code).toBe(code);
        expect(after.map((e) => e.type)).toEqual([]);
        await el.updateComplete;
        expect(el.shadowRoot!.querySelector('[part="error"]')).not.toBeNull();
        // A colour change redraws nothing worth reporting: still no frame, still the error.
        el.setAttribute('colormap', 'greys');
        await new Promise((r) => setTimeout(r, QUIET_MS));
        expect(log.slice(log.findIndex((e) => e.type === 'heatlens-error') + 1).map((e) => e.type)).toEqual([]);
        expect(el.shadowRoot!.querySelector('[part="error"]')).not.toBeNull();
      });
    }

    it(`<${tag}>: a failed reload of a drawn map takes the map off the screen without a frame`, async () => {
      const good = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
      const el = mount(tag, good);
      const log = record(el);
      await until(() => log.some((e) => e.type === 'heatlens-render' && (e.detail as RenderDetail).events > 0), 'a frame with data');
      expect(maxAlpha(el.readPixels()!)).toBeGreaterThan(0);

      log.length = 0;
      el.setAttribute('src', FAILING);
      const after = await afterError(log);
      expect(log[0].type).toBe('heatlens-error');
      expect((log[0].detail as ErrorDetail).code).toBe('http-status');
      expect(after.map((e) => e.type)).toEqual([]);
      await el.updateComplete;
      expect(el.shadowRoot!.querySelector('[part="error"]')!.textContent).toContain('HTTP 500');
      // The old data's map is gone from the canvas, not only covered by the error state.
      expect(maxAlpha(el.readPixels()!)).toBe(0);

      // Good data again: a frame, and the error state is gone.
      log.length = 0;
      el.setAttribute('src', good);
      await until(() => log.some((e) => e.type === 'heatlens-render' && (e.detail as RenderDetail).events > 0), 'a frame with data');
      await el.updateComplete;
      expect(el.shadowRoot!.querySelector('[part="error"]')).toBeNull();
    });
  }
});
