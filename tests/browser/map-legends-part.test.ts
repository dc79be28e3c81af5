// The legends' part: every map element stacks its legends in `part="legends"`, so one rule from
// the page moves them all — out of the map, above it, as the dashboard does — while the read-out
// stays on the map when its `base` clips.
import { afterEach, describe, expect, it } from 'vitest';
import '../../components/index.js';
import { densityRender } from './click-map-support.js';
import type { ScrollMap } from '../../components/scroll-map.js';

const MAPS = ['click-map', 'scroll-map', 'attention-map'] as const;

/** Lifts the legends above the map and clips the read-out to it; `.hittable` makes the read-out hit-testable. */
const PAGE_CSS = `
  .lifted { overflow: visible; }
  .lifted.clipped::part(base) { overflow: hidden; }
  .lifted::part(legends) { top: auto; right: 0; bottom: calc(100% + 8px); flex-direction: row-reverse; align-items: flex-end; }
  .hittable::part(readout) { pointer-events: auto; }
`;

const mounted: Element[] = [];
afterEach(() => {
  while (mounted.length) mounted.pop()!.remove();
});

function mount(tag: string, attrs: Record<string, string>, className = ''): HTMLElement & { updateComplete: Promise<unknown> } {
  const style = document.createElement('style');
  style.textContent = PAGE_CSS;
  document.head.append(style);
  mounted.push(style);
  const el = document.createElement(tag) as HTMLElement & { updateComplete: Promise<unknown> };
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  el.className = className;
  // Room above the map for lifted legends, inside the viewport for hit testing.
  el.style.cssText = 'display: block; margin: 120px 0 0 300px; width: 400px; height: 300px';
  document.body.append(el);
  mounted.push(el);
  return el;
}

/** What the page would hit at the centre of `box` (the map's shadow tree resolved). */
function hitAt(el: HTMLElement, box: DOMRect): Element | null {
  return el.shadowRoot!.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
}

describe('the legends part', () => {
  it('holds the legend of every map element, over the top right corner by default', async () => {
    for (const tag of MAPS) {
      const el = mount(tag, { legend: '' });
      await el.updateComplete;
      const stack = el.shadowRoot!.querySelector('[part="legends"]')!;
      expect(stack, `<${tag}> part="legends"`).not.toBeNull();
      expect(stack.querySelector('[part="legend"]'), `<${tag}> legend inside it`).not.toBeNull();
      const map = el.getBoundingClientRect();
      const legend = stack.querySelector('[part="legend"]')!.getBoundingClientRect();
      // --heatlens-legend-inset: 8 px from the top and the right.
      expect(legend.top - map.top).toBeCloseTo(8, 0);
      expect(map.right - legend.right).toBeCloseTo(8, 0);
      el.removeAttribute('legend');
      await el.updateComplete;
      expect(el.shadowRoot!.querySelector('[part="legends"]'), `<${tag}> without legend`).toBeNull();
    }
  });

  it('moves both scroll-map legends above the map with one rule, drawn there though the base clips', async () => {
    const el = mount('scroll-map', { legend: '', 'time-in-view': '' }, 'lifted clipped') as unknown as ScrollMap;
    const frame = densityRender(el);
    // Two sessions in view for a while: a time-in-view scale to show.
    el.samples = { session: [0, 0, 1, 1], ts: [0, 2000, 0, 3000], y: [0, 100, 0, 200], vh: [100, 100, 100, 100], dh: [300, 300, 300, 300] };
    await frame;
    await el.updateComplete;
    const map = el.getBoundingClientRect();
    const legends = [...el.shadowRoot!.querySelectorAll('[part="legends"] > heatlens-legend')];
    expect(legends.map((l) => l.getAttribute('part'))).toEqual(['legend', 'time-legend']);
    const boxes = legends.map((l) => l.getBoundingClientRect());
    for (const [i, box] of boxes.entries()) {
      expect(box.bottom, `legend ${i} above the map`).toBeLessThanOrEqual(map.top - 8 + 0.5);
      expect(box.width, `legend ${i} drawn`).toBeGreaterThan(0);
      // Outside the host's box, yet hit there: nothing clips it away.
      expect(hitAt(el, box), `legend ${i} visible`).toBe(legends[i]);
    }
    // Side by side, the main scale on the right edge of the map.
    expect(boxes[0].right).toBeCloseTo(map.right, 0);
    expect(boxes[1].right).toBeLessThanOrEqual(boxes[0].left);
  });

  it('keeps the read-out on the map when the base clips, and lets it spill when nothing does', async () => {
    for (const clipped of [true, false]) {
      const el = mount('click-map', { legend: '' }, `lifted hittable${clipped ? ' clipped' : ''}`);
      await el.updateComplete;
      const map = el.getBoundingClientRect();
      // At the bottom right corner the read-out (offset 12 px right and down) lies wholly outside the map.
      el.dispatchEvent(new PointerEvent('pointermove', { clientX: map.right - 2, clientY: map.bottom - 2, pointerType: 'mouse', bubbles: true }));
      await el.updateComplete;
      const readout = el.shadowRoot!.querySelector('[part="readout"]')!;
      const box = readout.getBoundingClientRect();
      expect(box.top).toBeGreaterThanOrEqual(map.bottom);
      expect(hitAt(el, box) === readout, clipped ? 'clipped by the base' : 'spills without a clip').toBe(!clipped);
      el.remove();
    }
  });
});
