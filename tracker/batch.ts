// Batch bodies (docs/batch-format.md) and splitting events into bodies that fit a byte limit.
// Pure functions: no DOM, so they are tested in Node.
import type { Device, TrackerEvent } from './types.js';

/** The envelope fields that are the same for every batch of a page. */
export interface Head {
  site: string;
  key?: string;
  session: string;
  device: Device;
}

const encoder = new TextEncoder();

/** UTF-8 length of a string: what a byte limit counts. */
export const bytes = (s: string): number => encoder.encode(s).length;

/** UTF-8 length of an event's JSON. */
export const eventBytes = (e: TrackerEvent): number => bytes(JSON.stringify(e));

/** The JSON body of one batch, stamped with the time it is sent. */
export function body(head: Head, batch: string, events: TrackerEvent[], sent = Date.now()): string {
  return JSON.stringify({
    v: 1,
    site: head.site,
    key: head.key || undefined,
    batch,
    session: head.session,
    device: head.device,
    sent,
    events,
  });
}

/**
 * Splits events, in order, into runs whose bodies (with a batch id as long as `id`) stay within
 * `limit` bytes and `max` events. An event too large for any body on its own gets a run of its
 * own; none is lost.
 */
export function split(head: Head, id: string, events: TrackerEvent[], limit: number, max: number): TrackerEvent[][] {
  // `sent` always has 13 digits (until the year 2286); each event after the first adds a comma.
  const empty = bytes(body(head, id, [], 1e12));
  const runs: TrackerEvent[][] = [];
  let run: TrackerEvent[] = [];
  let size = empty;
  for (const e of events) {
    const n = eventBytes(e);
    if (run.length && (size + 1 + n > limit || run.length >= max)) {
      runs.push(run);
      run = [];
      size = empty;
    }
    size += (run.length ? 1 : 0) + n;
    run.push(e);
  }
  if (run.length) runs.push(run);
  return runs;
}
