// Page-side helpers of the dashboard end-to-end test: what the test reads from the maps it
// drives, computed in the page (pixel buffers stay in the browser).
import type { Page } from 'playwright-core';

export interface Hotspot {
  /** Page px (document coordinates of the mapped page). */
  x: number;
  y: number;
  /** Colormap index of the hottest pixel, 0…255. */
  index: number;
  pixels: number;
}

/**
 * The hottest place of the click map on screen: every opaque pixel is matched to its nearest
 * colormap entry (the map draws `opacity=1`, `max=100%`, linear scale, so the densest cell is
 * the last entry), and the hottest entries' pixels are averaged and mapped to page px.
 */
export function hottestPixel(page: Page, lut: number[], pageWidth: number, pageHeight: number): Promise<Hotspot | null> {
  return page.evaluate(
    ({ lut, pageWidth, pageHeight }) => {
      const el = document.querySelector('click-map') as (HTMLElement & { readPixels(): { width: number; height: number; data: Uint8Array } | null }) | null;
      const px = el?.readPixels();
      if (!px) return null;
      const { width, height, data } = px;
      const index = new Int16Array(width * height).fill(-1);
      let best = -1;
      for (let p = 0; p < width * height; p++) {
        if (data[4 * p + 3] < 250) continue;
        let nearest = 0;
        let dist = Infinity;
        for (let k = 0; k < 256; k++) {
          const dr = data[4 * p] - lut[3 * k];
          const dg = data[4 * p + 1] - lut[3 * k + 1];
          const db = data[4 * p + 2] - lut[3 * k + 2];
          const d = dr * dr + dg * dg + db * db;
          if (d < dist) {
            dist = d;
            nearest = k;
          }
        }
        index[p] = nearest;
        if (nearest > best) best = nearest;
      }
      if (best < 0) return null;
      let sx = 0;
      let sy = 0;
      let n = 0;
      for (let p = 0; p < width * height; p++) {
        if (index[p] < best - 2) continue;
        sx += (p % width) + 0.5;
        sy += Math.floor(p / width) + 0.5;
        n++;
      }
      return { x: ((sx / n) * pageWidth) / width, y: ((sy / n) * pageHeight) / height, index: best, pixels: n };
    },
    { lut, pageWidth, pageHeight },
  );
}

/** Waits until every map panel on the dashboard has finished (ready, empty or error). */
export async function mapsSettled(page: Page, timeout = 90_000): Promise<string[]> {
  await page.waitForFunction(
    () => {
      const panels = [...document.querySelectorAll<HTMLElement>('.panel')];
      return panels.length > 0 && panels.every((p) => p.dataset.status && p.dataset.status !== 'loading');
    },
    undefined,
    { timeout },
  );
  return page.$$eval('.panel', (panels) => panels.map((p) => `${(p as HTMLElement).dataset.status}: ${p.querySelector('.panel-status')?.textContent ?? ''}`));
}

export interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** The boxes of a map's canvas and of each legend it shows (hidden legends have none). */
export function legendGeometry(page: Page, tag: string): Promise<{ canvas: Box; legends: (Box | null)[] }[]> {
  return page.$$eval(tag, (maps) =>
    maps.map((map) => {
      const box = (el: Element): Box | null => {
        if (el.getClientRects().length === 0) return null;
        const r = el.getBoundingClientRect();
        return { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
      };
      return {
        canvas: box(map.shadowRoot!.querySelector('canvas')!)!,
        legends: [...map.shadowRoot!.querySelectorAll('heatlens-legend')].map(box),
      };
    }),
  );
}

export function overlaps(a: Box, b: Box): boolean {
  return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
}

/** How many text lines each piece of `selector` takes (a Range per text node: one rect per line). */
export function linesPerText(page: Page, selector: string): Promise<number[]> {
  return page.$$eval(selector, (els) =>
    els.flatMap((el) =>
      [...el.childNodes]
        .filter((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim() !== '')
        .map((n) => {
          const range = document.createRange();
          range.selectNodeContents(n);
          return range.getClientRects().length;
        }),
    ),
  );
}

export interface Rgba {
  width: number;
  height: number;
  rgba: Uint8Array;
}

/** Share of the pixels of row `y` between x0 and x1 that are pure white. */
export function whiteShare(png: Rgba, y: number, x0: number, x1: number): number {
  let white = 0;
  for (let x = x0; x < x1; x++) {
    const i = 4 * (y * png.width + x);
    if (png.rgba[i] === 255 && png.rgba[i + 1] === 255 && png.rgba[i + 2] === 255) white++;
  }
  return white / (x1 - x0);
}

/**
 * Colour bars in a band of rows: on the row with the most colormap-coloured pixels, the runs
 * of such pixels at least 60 px long. Greys (text, borders, the white background) are not
 * colormap colours; the colormap's near-black end is not counted either.
 */
export function colourBars(png: Rgba, lut: number[], top: number, bottom: number): { row: number; runs: [number, number][] } {
  const coloured = (i: number) => {
    const [r, g, b] = [png.rgba[i], png.rgba[i + 1], png.rgba[i + 2]];
    if (Math.abs(r - g) + Math.abs(g - b) + Math.abs(r - b) < 60) return false;
    for (let k = 32; k < 256; k++) if (Math.abs(r - lut[3 * k]) + Math.abs(g - lut[3 * k + 1]) + Math.abs(b - lut[3 * k + 2]) < 12) return true;
    return false;
  };
  let best = { row: -1, runs: [] as [number, number][], count: 0 };
  for (let y = top; y < bottom; y++) {
    const runs: [number, number][] = [];
    let start = -1;
    let count = 0;
    for (let x = 0; x <= png.width; x++) {
      const on = x < png.width && coloured(4 * (y * png.width + x));
      if (on) count++;
      if (on && start < 0) start = x;
      if (!on && start >= 0) {
        if (x - start >= 60) runs.push([start, x]);
        start = -1;
      }
    }
    if (count > best.count) best = { row: y, runs, count };
  }
  return { row: best.row, runs: best.runs };
}
