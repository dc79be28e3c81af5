// The canvas of every map element covers the element's box on screen — measured from layout
// (getBoundingClientRect), not from the drawing buffer, which has its size whatever the layout.
import { afterEach, describe, expect, it } from 'vitest';
import '../../components/index.js';
import type { MapElement } from '../../components/base/map-element.js';

const TAGS = ['click-map', 'scroll-map', 'attention-map'] as const;

afterEach(() => {
  for (const tag of TAGS) for (const el of document.querySelectorAll(tag)) el.remove();
  for (const el of document.querySelectorAll('.layout-test')) el.remove();
});

async function settle(el: MapElement): Promise<HTMLCanvasElement> {
  await el.updateComplete;
  // One frame for layout and the ResizeObserver.
  await new Promise((r) => requestAnimationFrame(() => r(null)));
  return el.shadowRoot!.querySelector('canvas')!;
}

function box(el: Element): [number, number, number, number] {
  const r = el.getBoundingClientRect();
  return [r.left, r.top, r.width, r.height];
}

describe('map canvas layout', () => {
  for (const tag of TAGS) {
    it(`<${tag}> with nothing slotted in and a CSS height: the canvas covers the element`, async () => {
      const el = document.createElement(tag) as MapElement;
      el.style.width = '420px';
      el.style.height = '600px';
      document.body.append(el);
      const canvas = await settle(el);
      expect(box(el)).toEqual([box(el)[0], box(el)[1], 420, 600]);
      expect(box(canvas)).toEqual(box(el));
    });

    it(`<${tag}> with only a CSS min-height: the canvas covers the element`, async () => {
      const el = document.createElement(tag) as MapElement;
      el.style.width = '300px';
      el.style.minHeight = '250px';
      document.body.append(el);
      const canvas = await settle(el);
      expect(box(el)[3]).toBe(250);
      expect(box(canvas)).toEqual(box(el));
    });

    it(`<${tag}> stretched by a flex container: the canvas covers the element`, async () => {
      const row = document.createElement('div');
      row.className = 'layout-test';
      row.style.cssText = 'display:flex;height:333px;width:500px';
      const el = document.createElement(tag) as MapElement;
      el.style.flex = '1';
      row.append(el);
      document.body.append(row);
      const canvas = await settle(el);
      expect(box(el).slice(2)).toEqual([500, 333]);
      expect(box(canvas)).toEqual(box(el));
    });

    it(`<${tag}> sized by a slotted page: the canvas covers the page`, async () => {
      const el = document.createElement(tag) as MapElement;
      el.style.display = 'inline-block';
      const page = document.createElement('div');
      page.style.cssText = 'width:360px;height:480px';
      el.append(page);
      document.body.append(el);
      const canvas = await settle(el);
      expect(box(el).slice(2)).toEqual([360, 480]);
      expect(box(canvas)).toEqual(box(el));
    });

    it(`<${tag}> with a CSS height taller than its slotted page: the canvas covers the element, not the page`, async () => {
      const el = document.createElement(tag) as MapElement;
      el.style.cssText = 'width:360px;height:500px';
      const page = document.createElement('div');
      page.style.cssText = 'width:360px;height:200px';
      el.append(page);
      document.body.append(el);
      const canvas = await settle(el);
      expect(box(canvas)).toEqual(box(el));
    });
  }
});
