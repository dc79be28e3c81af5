// reload(): every map element fetches its `src` again and draws the new answer, keeping the
// frame on screen until then (what a live dashboard does every few seconds). A `src` served with
// an ETag is asked with a HEAD first, and an unchanged answer costs no fetch and no frame.
import { afterEach, describe, expect, it } from 'vitest';
import { server } from 'vitest/browser';
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

/** Every request the page makes, as "METHOD url", while `during` runs. */
async function requestsDuring(during: () => Promise<void>): Promise<string[]> {
  const seen: string[] = [];
  const realFetch = window.fetch;
  window.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input instanceof Request ? input.url : input);
    seen.push(`${init?.method ?? 'GET'} ${new URL(url, location.href).pathname}`);
    return realFetch(input, init);
  };
  try {
    await during();
  } finally {
    window.fetch = realFetch;
  }
  return seen;
}

/** Frames drawn with data while `during` runs. */
async function framesDuring(el: HTMLElement, during: () => Promise<void>): Promise<RenderDetail[]> {
  const frames: RenderDetail[] = [];
  const on = (e: Event) => {
    const d = (e as CustomEvent<RenderDetail>).detail;
    if (d.density && d.gridWidth > 0) frames.push(d);
  };
  el.addEventListener('heatlens-render', on);
  try {
    await during();
  } finally {
    el.removeEventListener('heatlens-render', on);
  }
  return frames;
}

/** Long enough for a HEAD to the dev server and the fetch it would trigger to have started. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 400));

// The data files live under test-artifacts/ and are served by the test server (Vite's static
// files, which carry a weak ETag of size and modification time and answer HEAD).
const FILES: Array<{ tag: string; before: string; after: string }> = [
  { tag: 'click-map', before: 'x,y\n100,100\n110,105\n300,200\n', after: 'x,y\n100,100\n110,105\n300,200\n320,210\n330,215\n' },
  {
    tag: 'scroll-map',
    before: 'session,ts,y,vh,dh\na,0,0,100,400\na,1000,200,100,400\nb,0,0,100,400\n',
    after: 'session,ts,y,vh,dh\na,0,0,100,400\na,1000,200,100,400\nb,0,0,100,400\nc,0,0,100,400\nc,900,300,100,400\n',
  },
  {
    tag: 'attention-map',
    before: 'session,ts,x,y\na,0,100,100\na,3000,102,101\na,3500,300,200\n',
    after: 'session,ts,x,y\na,0,100,100\na,3000,102,101\na,3500,300,200\nb,0,50,60\nb,2000,52,61\n',
  },
];

describe('map elements: reload() of a src with an ETag', () => {
  for (const { tag, before, after } of FILES) {
    it(`<${tag}> asks with a HEAD, skips an unchanged answer and loads a changed one`, async () => {
      const file = `test-artifacts/browser/reload-${tag}.csv`;
      await server.commands.writeFile(file, before);
      const el = document.createElement(tag) as MapElement;
      el.style.cssText = 'display:block;width:400px;height:300px';
      el.setAttribute('src', `/${file}`);
      const first = dataFrame(el);
      document.body.append(el);
      mounted.push(el);
      await first;

      // Same file: one HEAD, no GET, nothing redrawn.
      let frames: RenderDetail[] = [];
      const unchanged = await requestsDuring(async () => {
        frames = await framesDuring(el, async () => {
          el.reload();
          await settle();
        });
      });
      expect(unchanged).toEqual([`HEAD /${file}`]);
      expect(frames).toEqual([]);

      // Changed file (another size, so another validator): HEAD, then the GET, then a new frame.
      await server.commands.writeFile(file, after);
      const changed = await requestsDuring(async () => {
        const again = dataFrame(el);
        el.reload();
        await again;
      });
      expect(changed).toEqual([`HEAD /${file}`, `GET /${file}`]);

      // A map in its error state is fetched in full, whatever the validator says.
      await server.commands.writeFile(file, 'not,a,header\n');
      const failed = new Promise((resolve) => el.addEventListener('heatlens-error', resolve, { once: true }));
      el.reload();
      await failed;
      await server.commands.writeFile(file, after);
      const recovered = await requestsDuring(async () => {
        const again = dataFrame(el);
        el.reload();
        await again;
      });
      expect(recovered).toEqual([`GET /${file}`]);
      await server.commands.removeFile(file);
    });
  }
});
