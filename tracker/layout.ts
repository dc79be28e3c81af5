// Cached layout reads. Reading innerWidth, scrollY or scrollHeight while the page has pending
// style changes forces a synchronous reflow; doing that per mouse or scroll event is the classic
// layout thrash. So event handlers only mark the cache stale, and the values are read either in
// a ResizeObserver callback (which runs after layout, when the reads are free) or at most once
// per animation frame.
import type { ViewEvent } from './types.js';
import { guard, on, onStop } from './safe.js';

/** The latest viewport size, document size and scroll offsets, in integer CSS px. */
export const L = { vw: 1, vh: 1, dw: 1, dh: 1, x: 0, y: 0 };

const listeners: Array<() => void> = [];
let frame = 0;
let view: ViewEvent | undefined;

const size = (n: number): number => Math.min(1e6, Math.max(1, Math.round(n)));

/** A page coordinate or offset as the batch format takes it: integer CSS px, 0..1e6. */
export const px = (n: number): number => Math.min(1e6, Math.max(0, Math.round(n)));

/** Calls `f` after every read of the layout. */
export const onLayout = (f: () => void): number => listeners.push(f);

/**
 * A page view is emitted when its route starts, before the new route has rendered; its document
 * size is refreshed by the reads of its first second.
 */
export function track(ev: ViewEvent): void {
  view = ev;
}

/** Reads the layout now. */
export function measure(): void {
  const root = document.scrollingElement || document.documentElement;
  L.vw = size(innerWidth);
  L.vh = size(innerHeight);
  L.dw = size(root.scrollWidth);
  L.dh = size(root.scrollHeight);
  L.x = px(scrollX);
  L.y = px(scrollY);
  if (view && Date.now() - view.ts < 1000) {
    view.vw = L.vw;
    view.vh = L.vh;
    view.dw = L.dw;
    view.dh = L.dh;
  }
  for (const f of listeners) f();
}

/** Schedules one read in the next animation frame, however many times it is called. */
export function stale(): void {
  frame ||= requestAnimationFrame(
    guard(() => {
      frame = 0;
      measure();
    }),
  );
}

/** Reads once now (at start-up) and keeps the cache fresh. */
export function watchLayout(): void {
  measure();
  // Capturing on window also sees scrolls of inner elements, which do not move the page.
  on(window, 'scroll', (e) => e.target === document && stale());
  on(window, 'resize', stale);
  if (typeof ResizeObserver == 'function') {
    const ro = new ResizeObserver(guard(measure));
    ro.observe(document.documentElement);
    onStop(() => ro.disconnect());
  }
  onStop(() => {
    cancelAnimationFrame(frame);
    frame = 0;
    listeners.length = 0;
    view = undefined;
  });
}
