// The demo layout table (ingest/demo-layout.ts) against the real pages in real Chromium: every
// page at the three seeded viewports measures to the same document size, element boxes and
// tracker selectors; and the real tracker, served by the real server, records a click at the
// middle of each box with exactly the selector and position the seeded traffic uses — so the
// dashboard's maps of seeded clicks line up with the live page underneath.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assetReader } from '../../ingest/assets.js';
import { DEMO_LAYOUTS, type DemoDevice } from '../../ingest/demo-layout.js';
import { staticFiles } from '../../ingest/static-files.js';
import { launchChromium } from '../../scripts/find-chromium.mjs';
import { measurePage } from './demo-measure.js';
import { getJSON, startHarness, type Harness } from './ingest-support.js';

const ROOT = resolve(import.meta.dirname, '../..');
let selectorSource: string;
let browser: Browser;
let h: Harness;

beforeAll(async () => {
  // The tracker's own selector code, as built (npm run build runs before the tests).
  selectorSource = readFileSync(join(ROOT, 'dist/tracker/selector.js'), 'utf8');
  h = await startHarness({ files: staticFiles({ webDir: join(ROOT, 'dist/web'), demoDir: join(ROOT, 'demo-site') }), asset: assetReader(ROOT) });
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await h?.close();
});

const cases = Object.entries(DEMO_LAYOUTS).flatMap(([path, byDevice]) =>
  (Object.keys(byDevice) as DemoDevice[]).map((device) => [path, device] as const),
);

describe('the layout table matches the pages', () => {
  it.each(cases)('%s on %s', async (path, device) => {
    const want = DEMO_LAYOUTS[path][device];
    const page = await browser.newPage({ viewport: { width: want.vw, height: want.vh } });
    try {
      await page.goto(`${h.url}${path}`);
      const got = await measurePage(page, selectorSource);
      expect(got.misses).toEqual([]);
      expect([got.dw, got.dh]).toEqual([want.dw, want.dh]);
      expect(got.targets.map((t) => t.sel)).toEqual(want.targets.map((t) => t[0]));
      got.targets.forEach((t, i) => {
        const [, x, y, w, hgt, ia, href] = want.targets[i];
        expect([t.x, t.y, t.w, t.h].map((v) => Math.round(v * 100) / 100), t.sel).toEqual([x, y, w, hgt].map((v) => Math.round(v * 100) / 100));
        expect([t.ia, t.href]).toEqual([ia, href]);
      });
    } finally {
      await page.close();
    }
  });
});

describe('the real tracker records what the seeded traffic says', () => {
  it.each(['/demo/', '/demo/pricing'])('a click in the middle of each box of %s: same selector, same position', async (path) => {
    const layout = DEMO_LAYOUTS[path].desktop;
    const site = path === '/demo/' ? 'layout-a' : 'layout-b';
    const page = await browser.newPage({ viewport: { width: layout.vw, height: layout.vh } });
    try {
      await page.goto(`${h.url}${path}`);
      await page.evaluate((s) => {
        // Links and buttons must not navigate between clicks; the tracker (listening on
        // document) still sees every click, as this listener on window runs first.
        window.addEventListener('click', (e) => e.preventDefault(), true);
        // The page's own tracker, restarted under a site id of this test's own.
        window.heatlens!.stop();
        window.heatlens!.init({ site: s, endpoint: location.origin, interval: 200 });
      }, site);
      const expected: Array<[string, number, number]> = [];
      for (const [sel, x, y, w, hgt] of layout.targets) {
        const cx = Math.round(x + w / 2);
        const cy = Math.round(y + hgt / 2);
        await page.evaluate((top) => window.scrollTo(0, top), Math.max(0, cy - 300));
        const scrolled = await page.evaluate(() => window.scrollY);
        await page.mouse.click(cx, cy - scrolled);
        expected.push([sel, cx, cy]);
        await page.waitForTimeout(40); // apart in time, so no three clicks make a rage burst
      }
      await page.goto('about:blank');
      let got: { total: number; elements: Array<{ selector: string; clicks: number }> } = { total: 0, elements: [] };
      for (let i = 0; i < 100 && got.total < expected.length; i++) {
        got = (await getJSON(`${h.url}/v1/elements?site=${site}&limit=1000`)).json;
        if (got.total < expected.length) await new Promise((r) => setTimeout(r, 100));
      }
      expect(got.total).toBe(expected.length);
      expect(got.elements.map((e) => e.selector).sort()).toEqual(expected.map((e) => e[0]).sort());
      expect(got.elements.every((e) => e.clicks === 1)).toBe(true);
      const points = (await getJSON(`${h.url}/v1/points?site=${site}&format=json`)).json;
      const pairs = points.x.map((x: number, i: number) => [x, points.y[i]]).sort((a: number[], b: number[]) => a[0] - b[0] || a[1] - b[1]);
      expect(pairs).toEqual(expected.map((e) => [e[1], e[2]]).sort((a, b) => a[0] - b[0] || a[1] - b[1]));
      const pages = (await getJSON(`${h.url}/v1/pages?site=${site}`)).json.pages;
      expect(pages).toEqual([expect.objectContaining({ path, views: 1, width: layout.dw, height: layout.dh })]);
    } finally {
      await page.close();
    }
  }, 60_000);
});
