// heatlens tracker: `import { init } from 'heatlens/tracker'`, or the script tag (auto.ts).
//
//   init({ site: 'docs-site', endpoint: 'https://ingest.example.com' });
//
// Captures clicks, cursor moves, scrolls and page views (see docs/batch-format.md) and posts
// them to `${endpoint}/v1/batch`. One tracker per page; everything it installs is guarded and
// passive, and stop() removes it.
import type { Stats } from './types.js';
import { startClicks } from './clicks.js';
import { startDelivery, type Delivery } from './delivery.js';
import { deviceClass } from './device.js';
import { watchLayout } from './layout.js';
import { startMoves } from './moves.js';
import { settle, type Options } from './options.js';
import { optedOut } from './privacy.js';
import { on, onStop, stats as counters, teardown } from './safe.js';
import { startScrolls } from './scrolls.js';
import { inSample, sessionId } from './session.js';
import { startViews } from './views.js';

export type { Options } from './options.js';
export type { Stats, TrackerEvent } from './types.js';

let live: Delivery | undefined;
/** Settles pending samples and sends everything queued by beacon: on page hide and on stop(). */
let hide = (): void => {};

/**
 * Starts the tracker. Returns whether it captures: false when Global Privacy Control or Do Not
 * Track is on and `respectDnt` is set, or when this session falls outside `sample`. Throws on
 * an invalid site or a missing endpoint; a second call while running changes nothing.
 */
export function init(options: Options): boolean {
  if (live) return true;
  const o = settle(options);
  if (o.respectDnt && optedOut()) return false;
  const session = sessionId();
  if (!inSample(session, o.sample)) return false;
  const q = (live = startDelivery(o, session, deviceClass()));
  watchLayout();
  const moves = startMoves(o.moveHz, q.push);
  const scrolls = startScrolls(o.scrollMs, q.push);
  onStop(startViews(o, q.push, scrolls.restart));
  startClicks(q.push);
  // Trailing samples and the cursor's closing sample go into the queue before it leaves with
  // the page.
  hide = () => {
    moves();
    scrolls.settle();
    q.hide();
  };
  on(document, 'visibilitychange', () => document.visibilityState === 'hidden' && hide());
  on(window, 'pagehide', () => hide());
  onStop(q.stop);
  return true;
}

/** Sends what is queued now instead of at the next interval. */
export function flush(): void {
  live?.flush();
}

/** Removes every listener and timer; queued events leave with a final beacon flush. */
export function stop(): void {
  if (!live) return;
  hide();
  teardown();
  live = undefined;
  hide = () => {};
}

/** Counters: sent, dropped (memory cap), rejected, retries, caught errors, and queued events. */
export function stats(): Stats {
  return { ...counters, queued: live ? live.queued() : 0 };
}
