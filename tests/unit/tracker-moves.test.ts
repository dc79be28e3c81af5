// Cursor samples of the tracker in a real headless Chromium, on the fixture page (another
// origin, strict CSP), posting to a real collector on 127.0.0.1: the mouse moving, the page
// scrolling under a resting mouse, the closing sample on page hide, and pointers that are not a
// mouse. Page positions are computed here from the mouse's client position and the scroll
// offset the test set (fixture.css gives the boxes), not taken from the tracker.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { flush, frames, ofKind, scrollPage, useHarness } from '../fixtures/tracker/harness.js';
import type { Event } from '../fixtures/tracker/format.js';

const h = useHarness();

const moves = (site: string, path?: string): Event[] => ofKind(h.collector, site, 'move').filter((m) => !path || m.path === path);
const xy = (events: Event[]): Array<[unknown, unknown]> => events.map((m) => [m.x, m.y]);

/** Waits until the collector holds `n` move samples of `site`. */
async function movesOf(site: string, n: number, path?: string): Promise<Event[]> {
  await h.collector.waitFor(`${n} moves of ${site}`, () => moves(site, path).length >= n);
  return moves(site, path);
}

/** At `hz`: never two samples closer than 1000/hz ms by the page's own clock. */
function expectRate(samples: Event[], hz: number): void {
  for (let i = 1; i < samples.length; i++) expect(samples[i].ts - samples[i - 1].ts).toBeGreaterThanOrEqual(1000 / hz - 1);
}

/**
 * Plays a page visibility change: a headless page cannot be hidden while it stays loaded (a
 * second tab in front leaves it visible), so the state is overridden while the event runs.
 */
const setVisibility = (page: Page, state: 'hidden' | 'visible'): Promise<void> =>
  page.evaluate((s) => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => s });
    document.dispatchEvent(new Event('visibilitychange'));
    if (s === 'visible') delete (document as { visibilityState?: string }).visibilityState;
  }, state);

/** Leaves for another fixture page: the first page hides and its queue leaves by beacon. */
const leave = (page: Page, site: string): Promise<unknown> => page.goto(h.site.url('/p/next', { 'data-site': site, 'data-interval': 60_000 }));

describe('the mouse moving', () => {
  it('is sampled at most moveHz times a second, only when it moved, ending where it stopped', async () => {
    const site = 'moves';
    const page = await h.open('/p/moves', { 'data-site': site, 'data-move-hz': 10 });
    const path: Array<[number, number]> = [];
    for (let i = 0; i < 30; i++) {
      const p: [number, number] = [100 + i * 10, 200 + i * 5];
      path.push(p);
      await page.mouse.move(...p);
      await page.waitForTimeout(25);
    }
    await page.waitForTimeout(300);
    await flush(page);
    await h.collector.waitFor('moves', () => moves(site).some((m) => m.x === 390));
    const count = moves(site).length;
    // The cursor rests at the same spot: more move events, no more samples.
    for (let i = 0; i < 5; i++) {
      await page.mouse.move(390, 345);
      await page.waitForTimeout(30);
    }
    await page.waitForTimeout(200);
    await flush(page);
    await page.waitForTimeout(200);
    const all = moves(site);
    expect(all.length).toBe(count);
    const visited = new Set(path.map(([x, y]) => `${x},${y}`));
    for (const m of all) expect(visited.has(`${m.x},${m.y}`)).toBe(true);
    expect(all.at(-1)).toMatchObject({ x: 390, y: 345, vw: 1280, dh: 4000 });
    // At 10 Hz: never two samples within 100 ms by the page's own clock (a busy machine can
    // deliver the 30 moves late, so the count is bounded by the span the page saw, not by the
    // test's wall clock), and fewer samples than positions.
    expect(all.length).toBeGreaterThanOrEqual(3);
    expect(all.length).toBeLessThan(path.length);
    expect(all.length).toBeLessThanOrEqual(Math.floor((all.at(-1)!.ts - all[0].ts) / 99) + 1);
    expectRate(all, 10);
    for (let i = 1; i < all.length; i++) expect(all[i].x !== all[i - 1].x || all[i].y !== all[i - 1].y).toBe(true);
    await page.context().close();
  });
});

describe('a scroll under a resting mouse', () => {
  it('moves the sample by the scrolled px (same x), through the same limit, and not again for the same spot', async () => {
    const site = 'scroll-rest';
    const page = await h.open('/p/scroll-rest', { 'data-site': site, 'data-move-hz': 10 });
    await page.mouse.move(500, 200);
    await page.waitForTimeout(150);
    await scrollPage(page, 300);
    await page.waitForTimeout(150);
    // A pointer event at the cursor's new page position, a scroll event without a new offset:
    // nothing new to send.
    await page.mouse.move(500, 200);
    await page.evaluate(() => document.dispatchEvent(new Event('scroll'))); // no change of offset
    await frames(page);
    await page.waitForTimeout(150);
    await flush(page);
    expect(xy(await movesOf(site, 2))).toEqual([
      [500, 200],
      [500, 500],
    ]);

    // 15 scroll steps of 20 px, one per frame, right after a mouse move: the scroll samples share
    // the 10 Hz limit with the move, each is the cursor's page position at an offset the page
    // really had, and the last is where the page stopped.
    await page.mouse.move(600, 100); // page (600, 400)
    await page.waitForTimeout(30);
    const offsets = new Set([300]);
    for (let k = 1; k <= 15; k++) {
      offsets.add(300 + 20 * k);
      await page.evaluate((top) => window.scrollTo(0, top), 300 + 20 * k);
      await frames(page, 1);
    }
    await page.waitForTimeout(300);
    await flush(page);
    await h.collector.waitFor('the last scroll sample', () => moves(site).some((m) => m.y === 100 + 600));
    const burst = moves(site).slice(2);
    expect(burst[0]).toMatchObject({ x: 600, y: 400 });
    expect(burst.at(-1)).toMatchObject({ x: 600, y: 700, vw: 1280, dh: 4000 });
    for (const m of burst) expect(m.x === 600 && offsets.has((m.y as number) - 100)).toBe(true);
    expect(burst.length).toBeLessThan(16);
    expect(burst.length).toBeLessThanOrEqual(Math.floor((burst.at(-1)!.ts - burst[0].ts) / 99) + 1);
    expectRate(moves(site), 10);
    await page.context().close();
  });

  it('follows wheel and keyboard scrolls to where they end', async () => {
    const site = 'scroll-keys';
    const page = await h.open('/p/scroll-keys', { 'data-site': site, 'data-move-hz': 10 });
    await page.mouse.move(640, 300);
    await page.waitForTimeout(150);
    await page.keyboard.press('End'); // to the bottom: 4000 − 800
    await page.waitForFunction(() => scrollY === 3200);
    await page.waitForTimeout(250);
    await page.mouse.wheel(0, -1000);
    await page.waitForFunction(() => scrollY === 2200);
    await page.waitForTimeout(250);
    await flush(page);
    await h.collector.waitFor('the wheel sample', () => moves(site).some((m) => m.y === 300 + 2200));
    const all = moves(site);
    const atBottom = all.findIndex((m) => m.y === 300 + 3200);
    expect(all[0]).toMatchObject({ x: 640, y: 300 });
    expect(atBottom).toBeGreaterThan(0);
    expect(all.at(-1)).toMatchObject({ x: 640, y: 2500 });
    // A smooth scroll passes through offsets on its way; every sample stays on the cursor's line.
    for (const m of all) expect(m.x).toBe(640);
    for (const m of all.slice(1, atBottom)) expect(m.y as number).toBeGreaterThan(300);
    for (const m of all.slice(atBottom + 1)) expect((m.y as number) >= 2500 && (m.y as number) < 3400).toBe(true);
    expectRate(all, 10);
    await page.context().close();
  });

  it('sends nothing while an ignored subtree is under the cursor, whichever moved it there', async () => {
    const site = 'scroll-ignore';
    const page = await h.open('/p/scroll-ignore', { 'data-site': site, 'data-move-hz': 10 });
    // #private covers 700..1000 × 600..800 of the page.
    await page.mouse.move(800, 100);
    await page.waitForTimeout(150);
    await scrollPage(page, 550); // page (800, 650): inside
    await page.waitForTimeout(150);
    await page.mouse.move(800, 150); // page (800, 700): inside
    await page.waitForTimeout(150);
    await scrollPage(page, 800); // page (800, 950): outside
    await page.waitForTimeout(150);
    await page.mouse.move(800, 50); // page (800, 850): outside
    await page.waitForTimeout(150);
    await scrollPage(page, 100); // page (800, 150): outside
    await page.waitForTimeout(150);
    await flush(page);
    await page.waitForTimeout(100);
    expect(xy(await movesOf(site, 4))).toEqual([
      [800, 100],
      [800, 950],
      [800, 850],
      [800, 150],
    ]);
    await page.context().close();
  });

  it('sends nothing once the mouse has left the window', async () => {
    const site = 'scroll-left';
    const page = await h.open('/p/scroll-left', { 'data-site': site, 'data-interval': 60_000 });
    await page.mouse.move(300, 200);
    await page.waitForTimeout(150);
    await page.mouse.move(-10, -10);
    await scrollPage(page, 400);
    await page.waitForTimeout(150);
    await leave(page, site);
    await h.collector.waitFor('the scroll of the first page', () => ofKind(h.collector, site, 'scroll').some((s) => s.y === 400));
    expect(xy(moves(site))).toEqual([[300, 200]]);
    await page.context().close();
  });
});

describe('page hide', () => {
  it('closes the resting cursor with one sample at the same spot and a later time, in the beacon that leaves with the page', async () => {
    const site = 'close';
    const page = await h.open('/p/close', { 'data-site': site, 'data-interval': 60_000 });
    await page.mouse.move(300, 200);
    await page.waitForTimeout(150);
    // Times on the page's clock before each step: a sample the step caused is stamped after it
    // (how long after depends on timers and frames, so no fixed gap is asserted).
    const scrolling = await page.evaluate(() => Date.now());
    await scrollPage(page, 100); // page (300, 300)
    await page.waitForTimeout(600);
    const hiding = await page.evaluate(() => Date.now());
    await leave(page, site); // visibilitychange and pagehide: one closing sample
    const [rest, scrolled, closing] = await movesOf(site, 3, '/p/close');
    await page.waitForTimeout(200);
    expect(xy(moves(site, '/p/close'))).toEqual([
      [300, 200],
      [300, 300],
      [300, 300],
    ]);
    expect(rest.ts).toBeLessThanOrEqual(scrolling);
    expect(scrolled.ts).toBeGreaterThanOrEqual(scrolling);
    expect(scrolled.ts).toBeLessThanOrEqual(hiding);
    expect(closing.ts).toBeGreaterThanOrEqual(hiding);
    const carried = h.collector.hits(site).filter((hit) => hit.json!.events.some((e) => e.t === 'move' && e.ts === closing.ts));
    expect(carried.map((hit) => hit.contentType)).toEqual(['text/plain']);
    await page.context().close();
  });

  it('closes once per hide, again after the page was shown, and never over an ignored subtree', async () => {
    const site = 'close-again';
    const page = await h.open('/p/close-again', { 'data-site': site, 'data-interval': 60_000 });
    await page.mouse.move(300, 200);
    await page.waitForTimeout(150);
    // The page's clock before each hide: its closing sample is stamped after it.
    const firstHide = await page.evaluate(() => Date.now());
    await setVisibility(page, 'hidden');
    await setVisibility(page, 'hidden');
    await setVisibility(page, 'visible');
    await page.waitForTimeout(150);
    const secondHide = await page.evaluate(() => Date.now());
    await setVisibility(page, 'hidden');
    await setVisibility(page, 'visible');
    await page.mouse.move(800, 700); // #private
    await page.waitForTimeout(150);
    await leave(page, site);
    await h.collector.waitFor('the beacon of the first page', () => h.collector.events(site).some((e) => e.t === 'view' && e.path === '/p/close-again'));
    await movesOf(site, 3);
    await page.waitForTimeout(300);
    const all = moves(site);
    expect(xy(all)).toEqual([
      [300, 200],
      [300, 200],
      [300, 200],
    ]);
    expect(all[0].ts).toBeLessThanOrEqual(firstHide);
    expect([all[1].ts >= firstHide && all[1].ts <= secondHide, all[2].ts >= secondHide]).toEqual([true, true]);
    await page.context().close();
  });
});

describe('pointers that are not a mouse', () => {
  it('a touch-only session sends no cursor samples: not on taps, scrolls or page hide', async () => {
    const site = 'touch';
    const options = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true };
    const page = await h.open('/p/touch', { 'data-site': site, 'data-interval': 60_000 }, options);
    await page.touchscreen.tap(150, 350);
    await scrollPage(page, 500);
    await page.touchscreen.tap(150, 350);
    await page.waitForTimeout(150);
    await leave(page, site);
    await h.collector.waitFor('taps and scroll of the first page', () => ofKind(h.collector, site, 'click').length === 2 && ofKind(h.collector, site, 'scroll').length > 0);
    expect(ofKind(h.collector, site, 'click').map((c) => [c.x, c.y])).toEqual([
      [150, 350],
      [150, 850],
    ]);
    expect(moves(site)).toEqual([]);
    await page.context().close();
  });

  it('a tap or a pen after the mouse ends the mouse position: no scroll samples, no closing sample', async () => {
    const site = 'hybrid';
    const page = await h.open('/p/hybrid', { 'data-site': site, 'data-interval': 60_000 }, { hasTouch: true });
    await page.mouse.move(300, 200);
    await page.waitForTimeout(150);
    await page.touchscreen.tap(150, 350);
    await scrollPage(page, 400);
    await page.waitForTimeout(150);
    // A pen hovering and touching down (Chromium's input domain; Playwright has no pen).
    const cdp = await page.context().newCDPSession(page);
    await page.mouse.move(300, 200); // page (300, 600): the mouse is back
    await page.waitForTimeout(150);
    await page.evaluate(() => {
      window.pointerTypes = [];
      document.addEventListener('pointerdown', (e) => window.pointerTypes.push(e.pointerType));
    });
    for (const type of ['mouseMoved', 'mousePressed', 'mouseReleased'] as const) {
      await cdp.send('Input.dispatchMouseEvent', { type, x: 500, y: 100, pointerType: 'pen', button: type === 'mouseMoved' ? 'none' : 'left', clickCount: 1 });
    }
    expect(await page.evaluate(() => window.pointerTypes)).toEqual(['pen']);
    await scrollPage(page, 600);
    await page.waitForTimeout(150);
    await leave(page, site);
    await h.collector.waitFor('the last scroll of the first page', () => ofKind(h.collector, site, 'scroll').some((s) => s.y === 600));
    expect(xy(moves(site))).toEqual([
      [300, 200],
      [300, 600],
    ]);
    await page.context().close();
  });
});

declare global {
  interface Window {
    pointerTypes: string[];
  }
}
