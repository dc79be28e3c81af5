// Scrolls: the viewport's top (scrollY) sampled at most every `ms`, plus the deepest point of
// each page view. A throttle alone would lose a quick dive to the bottom and back, so a turning
// point deeper than anything sent yet is sent at once.
import type { Emit } from './types.js';
import { L, onLayout } from './layout.js';
import { later } from './safe.js';
import { path } from './views.js';

export interface ScrollCapture {
  /** A new page view began: depth starts again. */
  restart(): void;
  /** Emits a pending sample now (on page hide). */
  settle(): void;
}

export function startScrolls(ms: number, emit: Emit): ScrollCapture {
  let sent = 0; // last y sent
  let deepest = 0; // deepest y sent in this view
  let prev = 0; // y at the previous layout read
  let last = -Infinity;
  let timer: ReturnType<typeof setTimeout> | 0 = 0;
  const send = (y: number): void => {
    sent = y;
    if (y > deepest) deepest = y;
    last = Date.now();
    emit({ t: 'scroll', ts: last, path: path(), y, vh: L.vh, dh: L.dh, vw: L.vw });
  };
  const tick = (): void => {
    timer = 0;
    if (L.y !== sent) send(L.y);
  };
  onLayout(() => {
    const y = L.y;
    if (y === prev) return;
    if (y < prev && prev > deepest) send(prev);
    prev = y;
    timer ||= later(tick, Math.max(0, last + ms - Date.now()));
  });
  return {
    restart() {
      deepest = 0;
      sent = 0;
      prev = L.y;
      if (L.y > 0) send(L.y);
    },
    settle() {
      if (timer) {
        clearTimeout(timer);
        tick();
      }
    },
  };
}
