// reload(): every map element fetches its `src` again and draws the new answer, keeping the
// frame on screen until then (what a live dashboard does every few seconds).
import { afterEach, describe, expect, it } from 'vitest';
import '../../components/index.js';
import type { MapElement, RenderDetail } from '../../components/index.js';

const mounted: HTMLElement[] = [];
afterEach(() => {
  while (mounted.length) mounted.pop()!.remove();
});

function dataFrame(el: HTMLElement): Promise<RenderDetail> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no heatlens-render with data')), 30_000);
    const on = (e: Event) => {
      const d = (e as CustomEvent<RenderDetail>).detail;
      if (!d.density || d.gridWidth === 0) return;
      clearTimeout(timer);
      el.removeEventListener('heatlens-render', on);
      resolve(d);
    };
    el.addEventListener('heatlens-render', on);
  });
}

const csv = (text: string) => URL.createObjectURL(new Blob([text], { type: 'text/csv' }));

const CASES: Array<{ tag: string; src: string }> = [
  { tag: 'click-map', src: csv('x,y\n100,100\n110,105\n300,200\n') },
  { tag: 'scroll-map', src: csv('session,ts,y,vh,dh\na,0,0,100,400\na,1000,200,100,400\nb,0,0,100,400\n') },
  { tag: 'attention-map', src: csv('session,ts,x,y\na,0,100,100\na,3000,102,101\na,3500,300,200\n') },
];

describe('map elements: reload()', () => {
  for (const { tag, src } of CASES) {
    it(`<${tag}> fetches src again and redraws, the old frame shown meanwhile`, async () => {
      const el = document.createElement(tag) as MapElement;
      el.style.cssText = 'display:block;width:400px;height:300px';
      el.setAttribute('src', src);
      const first = dataFrame(el);
      document.body.append(el);
      mounted.push(el);
      await first;
      const fetched: string[] = [];
      const realFetch = window.fetch;
      window.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
        fetched.push(String(input instanceof Request ? input.url : input));
        return realFetch(input, init);
      };
      try {
        const again = dataFrame(el);
        el.reload();
        // Until the new answer is in, the old picture stays (no blank frame in between).
        expect(el.readPixels()!.data.some((v) => v > 0)).toBe(true);
        await again;
      } finally {
        window.fetch = realFetch;
      }
      expect(fetched).toEqual([src]);
    });
  }
});
