// Cursor moves: the latest mouse position, sampled at most `hz` times a second (the last
// position of a burst is kept by a trailing sample), and only when it changed. Touch and pen
// pointers are not cursors: a finger dragging is a scroll, not attention.
import type { Emit } from './types.js';
import { L } from './layout.js';
import { ignored } from './privacy.js';
import { later, on } from './safe.js';
import { path } from './views.js';

/** Starts capture; returns the function that emits a pending sample now (on page hide). */
export function startMoves(hz: number, emit: Emit): () => void {
  if (!(hz > 0)) return () => {};
  const gap = 1000 / hz;
  let last = -Infinity;
  let timer: ReturnType<typeof setTimeout> | 0 = 0;
  let x = -1;
  let y = -1;
  let sentX = -1;
  let sentY = -1;
  let target: EventTarget | null = null;
  const sample = (): void => {
    timer = 0;
    if ((x === sentX && y === sentY) || (target instanceof Element && ignored(target))) return;
    sentX = x;
    sentY = y;
    last = Date.now();
    emit({ t: 'move', ts: last, path: path(), x, y, vw: L.vw, dh: L.dh });
  };
  on(document, 'pointermove', (e: PointerEvent) => {
    if (e.pointerType !== 'mouse') return;
    x = Math.min(1e6, Math.max(0, Math.round(e.pageX)));
    y = Math.min(1e6, Math.max(0, Math.round(e.pageY)));
    target = e.target;
    timer ||= later(sample, Math.max(0, last + gap - Date.now()));
  });
  return () => {
    if (timer) {
      clearTimeout(timer);
      sample();
    }
  };
}
