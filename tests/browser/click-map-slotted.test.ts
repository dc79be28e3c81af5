// <click-map> over a slotted page: the element takes the page's size, and the hottest pixel on
// screen sits over the spot of the page where the clicks were, measured in screen coordinates.
import { afterEach, describe, expect, it } from 'vitest';
import '../../components/index.js';
import type { ClickMap } from '../../components/click-map.js';
import { clusterPoints, densityRender, hottestCentroid } from './click-map-support.js';

let box: HTMLElement | null = null;
afterEach(() => {
  box?.remove();
  box = null;
});

const PAGE = { width: 520, height: 700 };
const SPOT = { cx: 430, cy: 610, s: 6, n: 3000 };
const OTHER = { cx: 60, cy: 40, s: 6, n: 1000 };

describe('<click-map> over slotted content', () => {
  for (const [kind, slotted] of [
    ['an <img>', () => {
      const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${PAGE.width}" height="${PAGE.height}"><rect width="100%" height="100%" fill="#eee"/></svg>`;
      const img = document.createElement('img');
      img.width = PAGE.width;
      img.height = PAGE.height;
      img.alt = '';
      img.src = `data:image/svg+xml,${encodeURIComponent(svg)}`;
      return img;
    }],
    ['a <div>', () => {
      const div = document.createElement('div');
      div.style.cssText = `width:${PAGE.width}px;height:${PAGE.height}px;background:#eee`;
      return div;
    }],
  ] as const) {
    it(`lines the hottest screen pixel up with the clicked spot of ${kind}`, async () => {
      // Offset from the viewport's corner, so that page and screen coordinates differ.
      box = document.createElement('div');
      box.style.cssText = 'padding:37px 0 0 23px';
      const el = document.createElement('click-map') as ClickMap;
      for (const [k, v] of Object.entries({ colormap: 'greys', opacity: '1', max: '100%', bandwidth: '8', cell: '2' })) el.setAttribute(k, v);
      // A block takes its container's width; shrink-wrapped, the element is the page's size.
      el.style.display = 'inline-block';
      const page = slotted();
      el.append(page);
      box.append(el);
      document.body.append(box);

      const rendered = densityRender(el);
      el.points = clusterPoints([SPOT, OTHER]);
      const detail = await rendered;
      expect([el.clientWidth, el.clientHeight]).toEqual([PAGE.width, PAGE.height]);
      expect([detail.gridWidth, detail.gridHeight]).toEqual([PAGE.width / 2, PAGE.height / 2]);

      // readPixels redraws the frame on screen; it must not compute or announce a new one.
      const requests = el.engine.densityRequests;
      let renders = 0;
      el.addEventListener('heatlens-render', () => renders++);
      const p = el.readPixels()!;
      expect(el.engine.densityRequests).toBe(requests);
      expect(renders).toBe(0);

      // Buffer pixel → screen point through the canvas's laid-out box; the spot → screen point
      // through the slotted page's own box.
      const canvas = el.shadowRoot!.querySelector('canvas')!.getBoundingClientRect();
      const shown = page.getBoundingClientRect();
      expect([canvas.left, canvas.top, canvas.width, canvas.height]).toEqual([shown.left, shown.top, shown.width, shown.height]);
      const hot = hottestCentroid(p);
      const screenX = canvas.left + (hot.x * canvas.width) / p.width;
      const screenY = canvas.top + (hot.y * canvas.height) / p.height;
      expect(Math.abs(screenX - (shown.left + SPOT.cx))).toBeLessThan(3);
      expect(Math.abs(screenY - (shown.top + SPOT.cy))).toBeLessThan(3);
      expect(shown.left).toBe(23 + document.body.getBoundingClientRect().left);
    });
  }
});
