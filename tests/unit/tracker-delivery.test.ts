// The tracker's delivery in a real headless Chromium against a real collector on 127.0.0.1 that
// fails on purpose: navigations, retries with the same batch id, Retry-After, beacon splitting,
// the memory cap, sampling and privacy signals.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { flush, ofKind, useHarness, stats } from '../fixtures/tracker/harness.js';

const h = useHarness();

/** `n` clicks dispatched in one go at (10 + i, 20 + i): distinct, known positions. */
const burst = (page: Page, n: number, from = 0): Promise<void> =>
  page.evaluate(
    ([count, start]) => {
      for (let i = start; i < start + count; i++) {
        const init = { clientX: 10 + i, clientY: 20 + i, detail: 1, bubbles: true };
        document.body.dispatchEvent(new MouseEvent('click', init));
      }
    },
    [n, from],
  );

const xs = (site: string): number[] => ofKind(h.collector, site, 'click').map((c) => (c.x as number) - 10);

describe('navigation', () => {
  it('events queued when the page goes away leave by beacon (text/plain) and arrive once', async () => {
    const site = 'nav-ok';
    const attrs = { 'data-site': site, 'data-interval': 60_000 };
    const page = await h.open('/p/first', attrs);
    await page.mouse.click(500, 350);
    await page.mouse.click(200, 350);
    await page.goto(h.site.url('/p/second', attrs));
    await h.collector.waitFor('clicks of the first page', () => ofKind(h.collector, site, 'click').length >= 2);
    const first = h.collector.events(site).filter((e) => e.path === '/p/first' && e.t !== 'move');
    expect(first.map((e) => e.t)).toEqual(['view', 'click', 'click']);
    const beacons = h.collector.hits(site).filter((hit) => hit.json?.events.some((e) => e.path === '/p/first'));
    expect(beacons.map((b) => b.contentType)).toEqual(['text/plain']);
    expect(h.collector.hits(site).every((hit) => !hit.duplicate)).toBe(true);
    // One session across the tab's pages.
    const sessions = new Set(h.collector.hits(site).map((hit) => hit.json?.session));
    await flush(page);
    await h.collector.waitFor('second view', () => h.collector.events(site).some((e) => e.path === '/p/second'));
    expect(new Set(h.collector.hits(site).map((hit) => hit.json?.session))).toEqual(sessions);
    expect(sessions.size).toBe(1);
    await page.context().close();
  });

  it('batches the endpoint failed survive a navigation in sessionStorage and are sent, same id, from the next page', async () => {
    const site = 'nav-down';
    // No cursor samples: the closing one would leave on hide in a second beacon, in parallel,
    // and take whichever planned answer its arrival order gives it.
    const attrs = { 'data-site': site, 'data-interval': 60_000, 'data-move-hz': 0 };
    // The first attempt (fetch) and the beacon on page hide both die on a cut connection.
    h.collector.plan(site, ['drop', 'drop']);
    const page = await h.open('/p/first', attrs);
    await page.mouse.click(500, 350);
    await flush(page);
    await h.collector.waitFor('the failed attempt', () => h.collector.hits(site).length === 1);
    const failed = h.collector.hits(site)[0];
    await page.goto(h.site.url('/p/second', attrs));
    await h.collector.waitFor('the batch, stored', () => h.collector.events(site).some((e) => e.t === 'click'));
    const hits = h.collector.hits(site).filter((hit) => hit.batch === failed.batch);
    expect(hits.map((hit) => [hit.contentType, hit.answer])).toEqual([
      ['application/json', 'drop'],
      ['text/plain', 'drop'],
      ['application/json', 200],
    ]);
    expect(hits[2].json!.events).toEqual(failed.json!.events);
    expect(h.collector.events(site).filter((e) => e.path === '/p/first' && e.t !== 'move').map((e) => e.t)).toEqual(['view', 'click']);
    await page.context().close();
  });
});

describe('retries', () => {
  it('a 500 is retried after a backoff with the same batch id, and the id deduplicates a batch stored twice', async () => {
    const site = 'retry';
    // The first attempt is stored but answered 500 (a response lost on the way back).
    h.collector.plan(site, [{ status: 500, store: true }]);
    const page = await h.open('/p/retry', { 'data-site': site });
    await page.mouse.click(500, 350);
    await flush(page);
    await h.collector.waitFor('the retry', () => h.collector.hits(site).length >= 2);
    const [first, second] = h.collector.hits(site);
    expect(second.batch).toBe(first.batch);
    expect(second.json!.events).toEqual(first.json!.events);
    expect(second.json!.sent).toBeGreaterThan(first.json!.sent);
    expect(second.at - first.at).toBeGreaterThanOrEqual(450); // backoff: 0.5–1 s for attempt 1
    expect([first.answer, second.answer, second.duplicate]).toEqual([500, 200, true]);
    expect(ofKind(h.collector, site, 'click')).toHaveLength(1);
    // The collector records the retry before its 200 has reached the page: wait for the tracker to count it.
    const stored = h.collector.events(site).length;
    await expect.poll(() => stats(page), { timeout: 5_000 }).toMatchObject({ retries: 1, sent: stored });
    await page.context().close();
  });

  it('a network error (connection cut) is retried with the same id', async () => {
    const site = 'retry-net';
    h.collector.plan(site, ['drop']);
    const page = await h.open('/p/net', { 'data-site': site });
    await page.mouse.click(500, 350);
    await flush(page);
    await h.collector.waitFor('the retry', () => h.collector.hits(site).length >= 2);
    const [first, second] = h.collector.hits(site);
    expect([first.answer, second.answer]).toEqual(['drop', 200]);
    expect(second.batch).toBe(first.batch);
    await page.context().close();
  });

  it('a 429 with Retry-After waits as long as asked (longer than its own backoff), then retries the same id', async () => {
    const site = 'retry-429';
    h.collector.plan(site, [{ status: 429, retryAfter: '2' }]);
    const page = await h.open('/p/slow', { 'data-site': site });
    await page.mouse.click(500, 350);
    await flush(page);
    await h.collector.waitFor('the retry', () => h.collector.hits(site).length >= 2, 8000);
    const [first, second] = h.collector.hits(site);
    expect(second.batch).toBe(first.batch);
    expect(second.at - first.at).toBeGreaterThanOrEqual(1990);
    expect(second.at - first.at).toBeLessThan(5000);
    expect(second.answer).toBe(200);
    await page.context().close();
  });
});

describe('limits', () => {
  it('sendBeacon splitting keeps every beacon under its limit and loses nothing', async () => {
    const site = 'split';
    const attrs = { 'data-site': site, 'data-beacon-limit': 3000, 'data-max-bytes': 500_000, 'data-max-events': 1000, 'data-max-queue': 5000, 'data-interval': 60_000 };
    const page = await h.open('/p/split', attrs);
    await burst(page, 500);
    expect(h.collector.hits(site)).toEqual([]);
    await page.goto(h.site.url('/p/split-next', attrs));
    await h.collector.waitFor('500 clicks', () => ofKind(h.collector, site, 'click').length >= 500);
    const beacons = h.collector.hits(site).filter((hit) => hit.contentType === 'text/plain');
    expect(beacons.length).toBeGreaterThan(10); // ~85 kB of clicks in bodies of ≤ 3000 bytes
    for (const b of beacons) expect(b.size).toBeLessThanOrEqual(3000);
    // The Fetch standard caps keepalive bodies in flight at 64 KiB, so the browser refuses the
    // last beacons; those batches waited in sessionStorage and came from the next page by fetch.
    const later = h.collector.hits(site).filter((hit) => hit.contentType === 'application/json' && hit.json!.events.some((e) => e.path === '/p/split'));
    expect(later.length).toBeGreaterThan(0);
    // Every click exactly once (beacons travel in parallel, so batches arrive in any order).
    expect(xs(site).sort((a, b) => a - b)).toEqual([...Array(500).keys()]);
    expect(h.collector.hits(site).every((hit) => !hit.duplicate)).toBe(true);
    await page.context().close();
  });

  it('the memory cap drops the oldest events while the endpoint is down, and counts them', async () => {
    const site = 'cap';
    h.collector.plan(site, ['drop']);
    const page = await h.open('/p/cap', { 'data-site': site, 'data-max-queue': 50, 'data-max-events': 20, 'data-interval': 60_000 });
    // The view and 30 clicks: 20 go out as a batch (and fail), 11 wait.
    await burst(page, 30);
    await h.collector.waitFor('the failed attempt', () => h.collector.hits(site).length === 1);
    await page.waitForTimeout(50);
    // 60 more: 91 queued, so the 41 oldest go (the failed batch, the waiting one, 10 pending).
    await burst(page, 60, 30);
    expect(await stats(page)).toMatchObject({ dropped: 41, queued: 50 });
    await h.collector.waitFor('the kept 50', () => ofKind(h.collector, site, 'click').length >= 50);
    await page.waitForTimeout(100);
    expect(xs(site)).toEqual([...Array(50).keys()].map((i) => 40 + i));
    expect(ofKind(h.collector, site, 'view')).toEqual([]);
    await page.context().close();
  });
});

describe('consent', () => {
  it('a partial sampling rate keeps exactly the sessions whose id falls under it, on every page', async () => {
    // The draw is the session id's first six base-36 digits as a fraction: "a00000…" is 10/36 ≈
    // 0.28 (inside a rate of 0.5), "u00000…" is 30/36 ≈ 0.83 (outside).
    const visit = async (session: string, paths: string[]) => {
      const context = await h.browser.newContext();
      await context.addInitScript((id) => sessionStorage.setItem('heatlens:session', id), session);
      const page = await context.newPage();
      for (const path of paths) {
        await page.goto(h.site.url(path, { 'data-site': 'sample-half', 'data-sample': 0.5 }));
        await page.mouse.click(300, 200);
        await flush(page);
      }
      await context.close();
    };
    const inside = `s_a${'0'.repeat(19)}`;
    const outside = `s_u${'0'.repeat(19)}`;
    await visit(outside, ['/p/half-1', '/p/half-2']);
    await visit(inside, ['/p/half-1', '/p/half-2']);
    await h.collector.waitFor('both pages of the sampled session', () => ofKind(h.collector, 'sample-half', 'click').length >= 2);
    const sessions = new Set(h.collector.hits('sample-half').map((hit) => hit.json?.session));
    expect([...sessions]).toEqual([inside]);
    expect(ofKind(h.collector, 'sample-half', 'click').map((e) => e.path).sort()).toEqual(['/p/half-1', '/p/half-2']);
  });

  it('sampling and Global Privacy Control decide per session: nothing captured, nothing sent', async () => {
    const out = await h.open('/p/sampled', { 'data-site': 'sample-0', 'data-sample': 0 });
    await out.mouse.click(500, 350);
    expect(await out.evaluate(() => window.heatlens!.flush === undefined)).toBe(false);
    expect(await stats(out)).toMatchObject({ queued: 0 });

    const gpc = { 'data-site': 'gpc', 'data-respect-dnt': true };
    const context = await h.browser.newContext();
    await context.addInitScript(() => Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true }));
    const page = await context.newPage();
    await page.goto(h.site.url('/p/gpc', gpc));
    await page.mouse.click(500, 350);
    expect(await stats(page)).toMatchObject({ queued: 0 });
    // The same visitor on a site that does not ask to honour it is tracked.
    await page.goto(h.site.url('/p/gpc', { 'data-site': 'gpc-ignored' }));
    await page.mouse.click(500, 350);
    await flush(page);
    await h.collector.waitFor('the click', () => ofKind(h.collector, 'gpc-ignored', 'click').length === 1);

    await out.goto(h.site.url('/p/sampled-2', { 'data-site': 'sample-0', 'data-sample': 0 }));
    await out.close();
    await page.close();
    expect(h.collector.hits('sample-0')).toEqual([]);
    expect(h.collector.hits('gpc')).toEqual([]);
    await out.context().close();
    await context.close();
  });
});
