// Delivery that loses nothing a browser lets it keep.
//
// Events wait in `pending` until `interval` ms have passed, or `maxEvents` or `maxBytes` are
// reached; they then become batches, each with a random id that every later attempt repeats,
// so the server stores a batch once however often it arrives. One batch is in flight at a time,
// oldest first. A network error, 5xx or 429 keeps the batch and waits (Retry-After when the
// server gives one, exponential backoff otherwise); any other 4xx drops it for good.
//
// When the page is hidden or unloaded, everything left goes out with sendBeacon, split to fit
// its size limit. What the browser refuses, and batches the endpoint had already failed (a
// beacon to a failing endpoint is likely lost, and the id makes a second copy harmless), stay
// in sessionStorage for the next page of the tab. A hard cap on queued events drops the oldest.
import type { Device, TrackerEvent } from './types.js';
import type { Settings } from './options.js';
import { body, bytes, eventBytes, split, type Head } from './batch.js';
import { backoff, retryAfter } from './retry.js';
import { randomId } from './session.js';
import { guard, later, stats } from './safe.js';
import { load, store } from './storage.js';
import { beacon, post } from './transport.js';

interface Batch {
  /** Batch id, kept across attempts, beacons and pages. */
  id: string;
  events: TrackerEvent[];
  /** Attempts so far. */
  n: number;
  /** Beaconed since its last fetch: one beacon per hide (visibilitychange and pagehide both come). */
  beaconed?: boolean;
}

const KEY = 'heatlens:queue';
const ID_SAMPLE = 'b_' + 'x'.repeat(20);

export interface Delivery {
  push(e: TrackerEvent): void;
  flush(): void;
  hide(): void;
  queued(): number;
  stop(): void;
}

export function startDelivery(o: Settings, session: string, device: Device): Delivery {
  const head: Head = { site: o.site, key: o.key, session, device };
  let pending: TrackerEvent[] = [];
  let pendingBytes = 0;
  let batches: Batch[] = [];
  let busy: Batch | undefined;
  let waiting: ReturnType<typeof setTimeout> | 0 = 0;
  /** Until when a 429's Retry-After forbids sending, beacons included. */
  let hold = 0;
  let timer: ReturnType<typeof setTimeout> | 0 = 0;

  const queued = (): number => batches.reduce((n, b) => n + b.events.length, pending.length);

  const save = (): void => {
    const left = batches.filter((b) => b.events.length);
    store(KEY, left.length || pending.length ? JSON.stringify({ b: left, e: pending }) : null);
  };

  const drop = (b: Batch): void => {
    batches = batches.filter((x) => x !== b);
  };

  /** Oldest events go first; the batch in flight cannot be touched. */
  const trim = (): void => {
    for (let n = queued(); n > o.maxQueue; n--) {
      const b = batches.find((x) => x !== busy && x.events.length);
      if (b) {
        // A retry with fewer events under the same id is still idempotent: the server keeps
        // whichever copy of the id arrives first.
        b.events.shift();
        if (!b.events.length) drop(b);
      } else if (pending.length) pendingBytes -= eventBytes(pending.shift()!);
      else break;
      stats.dropped++;
    }
  };

  /** Turns pending events into batches of at most `limit` bytes. */
  const cut = (limit: number): void => {
    for (const events of split(head, ID_SAMPLE, pending, limit, o.maxEvents)) batches.push({ id: randomId('b_'), events, n: 0 });
    pending = [];
    pendingBytes = 0;
  };

  const pump = (): void => {
    const b = batches[0];
    if (!b || busy || waiting) return;
    busy = b;
    b.beaconed = false;
    if (b.n++) stats.retries++;
    const text = body(head, b.id, b.events);
    post(o.url, text, bytes(text)).then(
      guard(([status, after]) => {
        busy = undefined;
        if (status >= 200 && status < 300) {
          drop(b);
          stats.sent += b.events.length;
        } else if (status && status !== 429 && status < 500) {
          drop(b);
          stats.rejected += b.events.length;
        } else {
          const wait = status === 429 ? retryAfter(after) : undefined;
          if (wait !== undefined) hold = Date.now() + wait;
          waiting = later(() => {
            waiting = 0;
            pump();
          }, wait ?? backoff(b.n));
        }
        save();
        pump();
      }),
    );
  };

  const flush = (): void => {
    clearTimeout(timer);
    timer = 0;
    if (pending.length) cut(o.maxBytes);
    pump();
  };

  // Batches a previous page of this tab could not deliver.
  try {
    const saved = JSON.parse(load(KEY) || 'null') as { b: Batch[]; e: TrackerEvent[] } | null;
    if (saved) {
      batches = saved.b.filter((b) => b.id && b.events.length);
      pending = saved.e.slice();
      for (const e of pending) pendingBytes += eventBytes(e);
      trim();
      later(flush, 0);
    }
  } catch {
    stats.errors++;
  }

  return {
    push(e) {
      pending.push(e);
      pendingBytes += eventBytes(e);
      trim();
      if (pending.length >= o.maxEvents || pendingBytes >= o.maxBytes) {
        clearTimeout(timer);
        timer = later(flush, 0);
      } else timer ||= later(flush, o.interval);
    },
    flush,
    hide() {
      clearTimeout(timer);
      timer = 0;
      cut(o.beaconLimit);
      if (Date.now() >= hold) {
        for (const b of batches) {
          if (b === busy || b.beaconed) continue;
          const text = body(head, b.id, b.events);
          if (bytes(text) <= o.beaconLimit && beacon(o.url, text)) {
            b.beaconed = true;
            // A batch the endpoint already failed is kept (and saved) until a fetch confirms
            // it; a first attempt handed to the browser counts as delivered.
            if (b.n++) stats.retries++;
            else {
              stats.sent += b.events.length;
              b.events = [];
            }
          }
        }
        batches = batches.filter((b) => b.events.length);
      }
      save();
    },
    queued,
    stop() {
      clearTimeout(timer);
      clearTimeout(waiting);
      timer = waiting = 0;
    },
  };
}
