// The tracker's pure parts in Node: batch bodies, splitting by a byte limit, Retry-After and
// backoff. Sizes are checked with Buffer.byteLength, not the tracker's own measure.
import { describe, expect, it } from 'vitest';
import { body, split, type Head } from '../../tracker/batch.js';
import { backoff, retryAfter } from '../../tracker/retry.js';
import type { TrackerEvent } from '../../tracker/types.js';
import { checkBatch, type Batch } from '../fixtures/tracker/format.js';

const head: Head = { site: 'docs-site', session: 's_0123456789abcdefghij', device: 'desktop' };
const ID = 'b_abcdefghij0123456789';

function click(i: number, sel = 'main > a'): TrackerEvent {
  return { t: 'click', ts: 1_764_028_800_000 + i, path: '/pricing', x: i, y: 2 * i, vw: 1280, vh: 800, dw: 1280, dh: 4000, sel, fx: 0.5, fy: 0.25, ia: true, rage: false };
}

describe('batch bodies', () => {
  it('carry exactly the fields of docs/batch-format.md, and no key when there is none', () => {
    const json = JSON.parse(body(head, ID, [click(1)], 1_764_028_801_000)) as Batch;
    expect(Object.keys(json)).toEqual(['v', 'site', 'batch', 'session', 'device', 'sent', 'events']);
    expect(json).toMatchObject({ v: 1, site: 'docs-site', batch: ID, session: head.session, device: 'desktop', sent: 1_764_028_801_000 });
    expect(checkBatch(json)).toEqual([]);
    const keyed = JSON.parse(body({ ...head, key: 'pk_3f9a' }, ID, [click(1)])) as Batch;
    expect(keyed.key).toBe('pk_3f9a');
    expect(checkBatch(keyed)).toEqual([]);
  });
});

describe('splitting', () => {
  const limits = [600, 1000, 3000, 60_000];
  // Multi-byte selectors: a limit counts UTF-8 bytes, not UTF-16 code units.
  const events = [...Array(250).keys()].map((i) => click(i, i % 3 ? `div#x${i % 10} > a` : 'section#prix-été > a[data-testid="café-☕"]'));

  for (const limit of limits) {
    it(`keeps every body within ${limit} bytes and 40 events, in order, losing nothing`, () => {
      const runs = split(head, ID, events, limit, 40);
      expect(runs.flat()).toEqual(events);
      for (const run of runs) {
        expect(run.length).toBeGreaterThan(0);
        expect(run.length).toBeLessThanOrEqual(40);
        expect(Buffer.byteLength(body(head, ID, run))).toBeLessThanOrEqual(limit);
      }
      // Greedy: no run could have taken the next event.
      for (let i = 0; i < runs.length - 1; i++) {
        const more = [...runs[i], runs[i + 1][0]];
        expect(more.length > 40 || Buffer.byteLength(body(head, ID, more)) > limit).toBe(true);
      }
    });
  }

  it('gives an event too large for any body a run of its own', () => {
    const big = click(0, 'div > '.repeat(150) + 'a');
    const runs = split(head, ID, [click(1), big, click(2)], 600, 100);
    expect(runs).toEqual([[click(1)], [big], [click(2)]]);
  });
});

describe('Retry-After', () => {
  const now = Date.parse('2025-11-25T00:00:00Z');
  it('reads delay-seconds and HTTP dates (RFC 9110 §10.2.3)', () => {
    expect(retryAfter('2', now)).toBe(2000);
    expect(retryAfter(' 120 ', now)).toBe(120_000);
    expect(retryAfter('Tue, 25 Nov 2025 00:00:30 GMT', now)).toBe(30_000);
  });
  it('treats a past date as now, caps absurd waits at an hour, and ignores garbage', () => {
    expect(retryAfter('Mon, 24 Nov 2025 23:00:00 GMT', now)).toBe(0);
    expect(retryAfter('86400', now)).toBe(3_600_000);
    expect(retryAfter('soon', now)).toBeUndefined();
    expect(retryAfter('-5', now)).toBeUndefined();
    expect(retryAfter('', now)).toBeUndefined();
    expect(retryAfter(null, now)).toBeUndefined();
  });
});

describe('backoff', () => {
  it('doubles per attempt from 0.5–1 s, with jitter, up to a minute', () => {
    expect([backoff(1, 1000, 60_000, 0), backoff(1, 1000, 60_000, 1)]).toEqual([500, 1000]);
    expect([backoff(3, 1000, 60_000, 0), backoff(3, 1000, 60_000, 1)]).toEqual([2000, 4000]);
    expect(backoff(20, 1000, 60_000, 1)).toBe(60_000);
    expect(backoff(20, 1000, 60_000, 0)).toBe(30_000);
  });
});
