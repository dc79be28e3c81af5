// Cursor moves: the mouse's page position, sampled at most `hz` times a second (the last
// position of a burst is kept by a trailing sample), and only when it changed. Touch and pen
// pointers are not cursors: a finger dragging is a scroll, not attention.
//
// The attention model (docs/attention.md) puts each sample's dwell, the time until the next
// sample, at the sample's page position. Two things move that position or end that time
// without a pointer event, so they are sampled too:
// - a scroll under a resting mouse (a visitor reading with the wheel or the keyboard) carries
//   the cursor down the page: its page position is its client position plus the new scroll
//   offsets, sampled through the same limiter;
// - hiding the page ends the last resting place, which has no next sample to give it a dwell:
//   one closing sample at the current position, even unchanged, credits it.
import type { Emit } from './types.js';
import { L, onLayout, px } from './layout.js';
import { ignored } from './privacy.js';
import { later, on } from './safe.js';
import { path } from './views.js';

/** Starts capture; returns the function that closes the cursor's path now (on page hide). */
export function startMoves(hz: number, emit: Emit): () => void {
  if (!(hz > 0)) return () => {};
  const gap = 1000 / hz;
  let last = -Infinity;
  let timer: ReturnType<typeof setTimeout> | 0 = 0;
  // Whether the mouse is over the page: false before its first event, after it left the window
  // (its last client position is stale) and after a touch or pen pointer took over.
  let known = false;
  let cx = 0;
  let cy = 0;
  let x = -1;
  let y = -1;
  let sentX = -1;
  let sentY = -1;
  // Scroll offsets at the previous layout read: a scroll is a change of these.
  let sx = L.x;
  let sy = L.y;
  // The element under the cursor; undefined once a scroll has moved other content under it.
  let target: EventTarget | null | undefined = null;
  // One closing sample per hide: a navigation fires both visibilitychange and pagehide.
  let closed = false;
  const allowed = (): boolean => {
    // After a scroll the pointer event's target is no longer under the cursor, and an ignored
    // subtree may have moved under it (or away). Hit-testing costs a layout when styles are
    // dirty, so it is done here, once per sample (at most `hz` a second), not per scroll frame.
    target ??= document.elementFromPoint(cx, cy);
    return !(target instanceof Element && ignored(target));
  };
  const send = (): void => {
    sentX = x;
    sentY = y;
    last = Date.now();
    emit({ t: 'move', ts: last, path: path(), x, y, vw: L.vw, dh: L.dh });
  };
  const sample = (): void => {
    timer = 0;
    if ((x !== sentX || y !== sentY) && allowed()) send();
  };
  const schedule = (): void => {
    timer ||= later(sample, Math.max(0, last + gap - Date.now()));
  };
  const pointer = (e: PointerEvent): void => {
    if (!(known = e.pointerType == 'mouse')) return;
    cx = e.clientX;
    cy = e.clientY;
    x = px(e.pageX);
    y = px(e.pageY);
    target = e.target;
    schedule();
  };
  on(document, 'pointermove', pointer);
  // A tap fires no pointermove, and it must still end the mouse position.
  on(document, 'pointerdown', pointer);
  // No related target: the pointer left the document.
  on(document, 'pointerout', (e: PointerEvent) => e.relatedTarget || (known = false));
  on(document, 'visibilitychange', () => document.visibilityState == 'visible' && (closed = false));
  onLayout(() => {
    if (L.x === sx && L.y === sy) return;
    sx = L.x;
    sy = L.y;
    if (!known) return;
    x = px(cx + sx);
    y = px(cy + sy);
    target = undefined;
    schedule();
  });
  return () => {
    const pending = timer;
    clearTimeout(timer);
    timer = 0;
    // The closing sample stands in for a pending one: same position, and it is later.
    if (known && !closed) {
      closed = true;
      if (allowed()) send();
    } else if (pending) {
      sample();
    }
  };
}
