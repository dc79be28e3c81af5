// Page views: one when the tracker starts, one per single-page-app route change
// (pushState, replaceState, popstate, hashchange) and one when a page comes back from the
// back/forward cache, so that every route gets its own maps.
import type { Emit, ViewEvent } from './types.js';
import type { Settings } from './options.js';
import { L, measure, stale, track } from './layout.js';
import { guard, on } from './safe.js';

let current = '';
/** Set while a tracker runs; the history wrappers outlive stop() and then do nothing. */
let onRoute: (() => void) | undefined;
let patched = false;

/** The current page's path, as every event carries it. */
export const path = (): string => current;

/** The path of a URL: no query string or fragment unless the site opted in. */
function pathOf(o: Settings, u: { pathname: string; search: string; hash: string }): string {
  return (u.pathname + (o.query ? u.search : '') + (o.hash ? u.hash : '')).slice(0, 512);
}

/** Referrer path when it is this site's own page; an outside referrer is not our business. */
function referrer(o: Settings): string | undefined {
  try {
    const u = new URL(document.referrer);
    if (u.origin === location.origin) return pathOf(o, u);
  } catch {
    // no referrer, or not a URL
  }
  return undefined;
}

/** Emits page views; `started` runs after each one (scroll depth restarts per view). */
export function startViews(o: Settings, emit: Emit, started: () => void): () => void {
  const view = (ref?: string): void => {
    current = pathOf(o, location);
    const ev: ViewEvent = { t: 'view', ts: Date.now(), path: current, vw: L.vw, vh: L.vh, dw: L.dw, dh: L.dh, ref };
    emit(ev);
    track(ev);
    stale();
    started();
  };
  onRoute = () => {
    const ref = current;
    if (pathOf(o, location) !== ref) view(ref);
  };
  if (!patched) {
    patched = true;
    for (const m of ['pushState', 'replaceState'] as const) {
      const orig = history[m];
      history[m] = function (this: History, ...args: Parameters<History['pushState']>) {
        const r = orig.apply(this, args);
        if (onRoute) guard(onRoute)();
        return r;
      };
    }
  }
  on(window, 'popstate', () => onRoute?.());
  on(window, 'hashchange', () => onRoute?.());
  on(window, 'pageshow', (e: PageTransitionEvent) => e.persisted && view());
  current = pathOf(o, location);
  // A tracker started in <head> waits for the document, so that the first view has its size.
  const first = (): void => {
    measure();
    view(referrer(o));
  };
  if (document.readyState === 'loading') on(document, 'DOMContentLoaded', first);
  else first();
  return () => (onRoute = undefined);
}
