// Never breaks the host page: every handler and timer the tracker installs runs inside a guard
// that swallows and counts exceptions, listeners are passive, and everything installed can be
// removed again by stop().
import type { Stats } from './types.js';

export const stats: Stats = { sent: 0, dropped: 0, rejected: 0, retries: 0, errors: 0, queued: 0 };

const undo: Array<() => void> = [];

/** Wraps `f` so that an exception inside it is counted instead of reaching the page. */
export function guard<A extends unknown[]>(f: (...args: A) => void): (...args: A) => void {
  return (...args) => {
    try {
      f(...args);
    } catch {
      stats.errors++;
    }
  };
}

/**
 * A passive, capturing, guarded listener. Capture phase so that a page calling
 * stopPropagation() does not hide its own clicks; passive so that scrolling never waits for us.
 */
export function on<E extends Event>(target: EventTarget, type: string, f: (event: E) => void): void {
  const g = guard(f) as EventListener;
  const opts = { capture: true, passive: true };
  target.addEventListener(type, g, opts);
  undo.push(() => target.removeEventListener(type, g, opts));
}

/** Registers a teardown step for stop(). */
export const onStop = (f: () => void): number => undo.push(f);

/** Runs and forgets every teardown step. */
export function teardown(): void {
  for (const f of undo.splice(0)) f();
}

/** setTimeout with a guarded callback. */
export const later = (f: () => void, ms: number): ReturnType<typeof setTimeout> => setTimeout(guard(f), ms);
