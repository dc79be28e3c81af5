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
