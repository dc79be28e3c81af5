// The tracker in a real headless Chromium, on a fixture page served from another origin under a
// strict CSP, posting to a real collector on 127.0.0.1: what it captures (cursor samples are in
// tracker-moves.test.ts). Boxes and coordinates come from tests/fixtures/tracker/fixture.css,
// not from the tracker.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { flush, frames, ofKind, scrollPage, useHarness, stats } from '../fixtures/tracker/harness.js';
import type { Event } from '../fixtures/tracker/format.js';

const h = useHarness();

/** Page px of a click of the fixture, with the element it must resolve to. */
const BUY = { x: 450, y: 1650, fx: 0.25, fy: 0.5, el: 'a[href="/p/pro"]' };

async function clicksOf(site: string, n: number): Promise<Event[]> {
  await h.collector.waitFor(`${n} clicks of ${site}`, () => ofKind(h.collector, site, 'click').length >= n);
  return ofKind(h.collector, site, 'click');
}

/** Whether `sel` resolves, in the page, to the element `expected` finds (an independent query). */
const resolvesTo = (page: Page, sel: string, expected: string): Promise<boolean> =>
  page.evaluate(([s, e]) => document.querySelector(s) === document.querySelector(e), [sel, expected]);

describe('clicks', () => {
  it('arrive at their page coordinates with the offset inside the target and a selector that resolves back to it', async () => {
    const site = 'clicks';
    const page = await h.open('/p/clicks', { 'data-site': site });
    // Card two: 400..600 × 300..400, plain <div>s under a generated id.
    await page.mouse.click(500, 350);
    // The icon inside the Save button: the button (100..300 × 600..650) is the target.
    await page.mouse.click(115, 615);
    // After scrolling: the Buy link, 400..600 × 1600..1700.
    await scrollPage(page, 1200);
    await page.mouse.click(BUY.x, BUY.y - 1200);
    // Inside `zoom: 2`: a 100×50 box drawn at 800..1000 × 2000..2100.
    await scrollPage(page, 1700);
    await page.mouse.click(850, 2075 - 1700);
    await flush(page);
    const [card, save, buy, zoomed] = await clicksOf(site, 4);
    const clientWidth = await page.evaluate(() => document.documentElement.clientWidth);

    expect(card).toMatchObject({ x: 500, y: 350, fx: 0.5, fy: 0.5, ia: false, rage: false, vw: 1280, vh: 800, dh: 4000, dw: clientWidth });
    expect(await resolvesTo(page, card.sel as string, '.row > .card:nth-child(2)')).toBe(true);
    expect(card.sel).not.toContain('ember1234'); // a generated id is not stable

    expect(save).toMatchObject({ x: 115, y: 615, fx: 0.075, fy: 0.3, ia: true, sel: 'button#save' });
    expect(buy).toMatchObject({ x: BUY.x, y: BUY.y, fx: BUY.fx, fy: BUY.fy, ia: true, sel: 'a[data-heatlens-id="buy-pro"]' });
    expect(await resolvesTo(page, buy.sel as string, BUY.el)).toBe(true);
    expect(zoomed).toMatchObject({ x: 850, y: 2075, fx: 0.25, fy: 0.75, ia: false });
    expect(await resolvesTo(page, zoomed.sel as string, '#zoomed')).toBe(true);
    await page.context().close();
  });

  it('name every element of a messy DOM with a selector that resolves back to it, without hashed classes or generated ids', async () => {
    const site = 'selectors';
    const page = await h.open('/p/selectors', { 'data-site': site, 'data-interval': 60_000, 'data-move-hz': 0 });
    const n = await page.evaluate(() => {
      const el = (parent: Element, tag: string, attrs: Record<string, string> = {}, ns?: string): Element => {
        const e = ns ? document.createElementNS(ns, tag) : document.createElement(tag);
        for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
        e.setAttribute('data-probe', '');
        parent.append(e);
        return e;
      };
      const root = el(document.body, 'div', { class: 'css-1x2y3z sc-aXZVg' });
      const list = el(root, 'ul', { class: 'list css-9f8e7d' });
      for (let i = 0; i < 5; i++) el(el(list, 'li', { class: 'item Item_row__3kx' }), 'span', { class: 'jsx-4021' });
      for (let i = 0; i < 2; i++) el(el(root, 'div', { id: 'dup' }), 'p'); // an id used twice
      for (let i = 0; i < 2; i++) el(el(el(root, 'section', { 'data-testid': 'panel' }), 'div'), 'span');
      el(el(root, 'div', { id: 'react-select-123-input' }), 'i');
      el(el(root, 'div', { id: ':r1:' }), 'b');
      el(el(root, 'div', { 'data-heatlens-id': 'hero "main"' }), 'div');
      const svg = el(root, 'svg', {}, 'http://www.w3.org/2000/svg');
      el(el(svg, 'g', {}, 'http://www.w3.org/2000/svg'), 'circle', {}, 'http://www.w3.org/2000/svg');
      const body = el(el(root, 'table'), 'tbody');
      for (let r = 0; r < 3; r++) {
        const tr = el(body, 'tr');
        for (let c = 0; c < 3; c++) el(tr, 'td', { class: c === 1 ? 'cell cell--mid' : 'cell' });
      }
      let deep = root;
      for (let i = 0; i < 40; i++) deep = el(deep, 'div');
      const all = [...document.querySelectorAll('[data-probe]')];
      all.forEach((e, i) => e.dispatchEvent(new MouseEvent('click', { detail: 1, bubbles: true, clientX: i, clientY: i })));
      return all.length;
    });
    await flush(page);
    const clicks = await clicksOf(site, n);
    const sels = clicks.map((c) => c.sel as string);
    const resolved = await page.evaluate(
      (list) => list.map((sel, i) => document.querySelector(sel) === document.querySelectorAll('[data-probe]')[i]),
      sels,
    );
    expect(resolved.every(Boolean)).toBe(true);
    for (const sel of sels) expect(sel).not.toMatch(/css-|sc-|jsx-|Item_row|react-select|:r1:|probe/);
    expect(sels).toContain('div[data-heatlens-id="hero\\ \\"main\\""] > div');
    expect(sels.filter((s) => s.includes('li.item:nth-of-type(3)'))).toHaveLength(2);
    await page.context().close();
  });

  it('keep CSS-px page coordinates at devicePixelRatio 2 and in a phone viewport (taps)', async () => {
    const site = 'dpr';
    const page = await h.open('/p/dpr', { 'data-site': site }, { viewport: { width: 1000, height: 700 }, deviceScaleFactor: 2 });
    expect(await page.evaluate(() => devicePixelRatio)).toBe(2);
    await scrollPage(page, 1200);
    await page.mouse.click(BUY.x, BUY.y - 1200);
    await flush(page);
    const [buy] = await clicksOf(site, 1);
    expect(buy).toMatchObject({ x: BUY.x, y: BUY.y, fx: BUY.fx, fy: BUY.fy, vw: 1000, vh: 700 });

    const phone = 'phone';
    const mobile = await h.open('/p/phone', { 'data-site': phone }, { viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true });
    await mobile.touchscreen.tap(150, 350); // card one: 100..300 × 300..400
    await flush(mobile);
    const [tap] = await clicksOf(phone, 1);
    expect(tap).toMatchObject({ x: 150, y: 350, fx: 0.25, fy: 0.5 });
    expect(await resolvesTo(mobile, tap.sel as string, '.row > .card:nth-child(1)')).toBe(true);
    expect(h.collector.hits(phone).every((hit) => hit.json?.device === 'mobile')).toBe(true);
    expect(h.collector.hits(site).every((hit) => hit.json?.device === 'desktop')).toBe(true);
    // A finger is not a cursor.
    expect(ofKind(h.collector, phone, 'move')).toEqual([]);
    await page.context().close();
    await mobile.context().close();
  });

  it('flag rage clicks: three within a second in one spot, and only those', async () => {
    const site = 'rage';
    const page = await h.open('/p/rage', { 'data-site': site });
    for (let i = 0; i < 3; i++) await page.mouse.click(500 + i * 5, 350, { delay: 30 });
    await page.mouse.click(200, 350); // elsewhere
    await page.mouse.click(800, 350);
    await flush(page);
    const clicks = await clicksOf(site, 5);
    expect(clicks.map((c) => c.rage)).toEqual([true, true, true, false, false]);
    await page.context().close();
  });

  it('are counted once for a label (not again for the control it forwards to), and not at all from the keyboard', async () => {
    const site = 'label';
    const page = await h.open('/p/label', { 'data-site': site });
    await scrollPage(page, 800);
    await page.mouse.click(150, 915 - 800); // the label for #email
    await page.focus('#save');
    await page.keyboard.press('Enter'); // a click event with no pointer position
    await page.mouse.click(1100, 100); // an empty spot: the body
    await flush(page);
    const clicks = await clicksOf(site, 2);
    await page.waitForTimeout(100);
    expect(ofKind(h.collector, site, 'click').map((c) => c.sel)).toEqual(['label#email-label', 'body']);
    expect(clicks[0]).toMatchObject({ x: 150, y: 915, ia: true });
    await page.context().close();
  });
});

describe('scrolls', () => {
  it('throttle scroll samples and still report the deepest point of a quick dive', async () => {
    const site = 'scrolls';
    const page = await h.open('/p/scrolls', { 'data-site': site, 'data-scroll-ms': 250 });
    const t0 = Date.now();
    await scrollPage(page, 500);
    // Down to 3000 for a single frame, then back up: all within one throttle window.
    await page.evaluate(() => window.scrollTo(0, 3000));
    await frames(page, 1);
    await page.evaluate(() => window.scrollTo(0, 200));
    await frames(page, 1);
    for (let y = 210; y < 300; y += 10) {
      await page.evaluate((top) => window.scrollTo(0, top), y);
      await frames(page, 1);
    }
    const took = Date.now() - t0;
    await page.waitForTimeout(400);
    await flush(page);
    await h.collector.waitFor('last scroll', () => ofKind(h.collector, site, 'scroll').some((s) => s.y === 290));
    const ys = ofKind(h.collector, site, 'scroll');
    expect(Math.max(...ys.map((s) => s.y as number))).toBe(3000);
    expect(ys.at(-1)).toMatchObject({ y: 290, vh: 800, dh: 4000, vw: 1280 });
    // 12 scroll positions in `took` ms: one sample per 250 ms, plus the first and the dive.
    expect(ys.length).toBeLessThanOrEqual(Math.min(8, Math.ceil(took / 250) + 2));
    await page.context().close();
  });
});

describe('page views', () => {
  it('split on pushState, replaceState, popstate and hashchange, and events carry the new path', async () => {
    const site = 'spa';
    const page = await h.open('/p/start', { 'data-site': site, 'data-hash': true });
    const click = async (): Promise<void> => {
      await page.mouse.click(500, 350);
    };
    await click();
    await page.evaluate(() => history.pushState({}, '', '/p/a'));
    await click();
    await page.evaluate(() => history.replaceState({}, '', '/p/b'));
    await click();
    await page.evaluate(() => history.pushState({}, '', '/p/b?tab=2')); // the query is not part of the path
    await click();
    await page.evaluate(() => history.pushState({}, '', '/p/c'));
    await click();
    await page.evaluate(() => new Promise((done) => (addEventListener('popstate', done, { once: true }), history.back())));
    await click();
    await page.evaluate(() => new Promise((done) => (addEventListener('hashchange', done, { once: true }), (location.hash = '#/settings'))));
    await click();
    await flush(page);
    await clicksOf(site, 7);
    const events = h.collector.events(site).filter((e) => e.t === 'view' || e.t === 'click');
    expect(events.map((e) => (e.t === 'view' ? `view ${e.path} <- ${e.ref ?? ''}` : `click ${e.path}`))).toEqual([
      'view /p/start <- ',
      'click /p/start',
      'view /p/a <- /p/start',
      'click /p/a',
      'view /p/b <- /p/a',
      'click /p/b',
      'click /p/b',
      'view /p/c <- /p/b',
      'click /p/c',
      'view /p/b <- /p/c',
      'click /p/b',
      'view /p/b#/settings <- /p/b',
      'click /p/b#/settings',
    ]);
    for (const v of events.filter((e) => e.t === 'view')) expect(v).toMatchObject({ vw: 1280, vh: 800, dh: 4000 });
    await page.context().close();
  });
});

describe('privacy', () => {
  it('an ignored subtree produces nothing: no clicks, no cursor samples, no selectors', async () => {
    const site = 'ignore';
    const page = await h.open('/p/ignore', { 'data-site': site, 'data-move-hz': 20 });
    // #private covers 700..1000 × 600..800.
    for (let i = 0; i < 10; i++) {
      await page.mouse.move(720 + i * 20, 620 + i * 15);
      await page.waitForTimeout(30);
    }
    await page.mouse.click(850, 700);
    await page.mouse.click(710, 790);
    await page.waitForTimeout(100);
    await page.mouse.click(500, 350); // outside: recorded
    await flush(page);
    await clicksOf(site, 1);
    await page.waitForTimeout(100);
    const inside = (e: Event): boolean => (e.x as number) >= 700 && (e.x as number) < 1000 && (e.y as number) >= 600 && (e.y as number) < 800;
    const events = h.collector.events(site);
    expect(events.filter((e) => e.t === 'click').length).toBe(1);
    expect(events.filter((e) => 'x' in e && inside(e))).toEqual([]);
    for (const hit of h.collector.hits(site)) expect(hit.raw).not.toMatch(/private|secret-btn|Ignored/);
    await page.context().close();
  });

  it('typed values, key presses and element text never leave the page or reach storage', async () => {
    const site = 'values';
    const secrets = ['hunter2-SECRET@example.com', 'my-secret-note', 'private-words', 'Jane Q. Private', 'Baker Street', 'Save', 'Email'];
    const page = await h.open('/p/values', { 'data-site': site, 'data-interval': 60_000 });
    await scrollPage(page, 800);
    await page.mouse.click(300, 915 - 800); // #email
    await page.keyboard.type(secrets[0]);
    await page.mouse.click(300, 980 - 800); // #note
    await page.keyboard.type(secrets[1]);
    await page.mouse.click(300, 1050 - 800); // #editor (contenteditable)
    await page.keyboard.type(secrets[2]);
    await page.mouse.click(200, 1120 - 800); // #bio (text)
    await page.keyboard.press('Tab');
    const storage = await page.evaluate(() => JSON.stringify(sessionStorage));
    // Leave the page: the rest goes out by beacon.
    await page.goto(h.site.url('/p/values-next', { 'data-site': site, 'data-interval': 60_000 }));
    const clicks = await clicksOf(site, 4);
    expect(clicks.slice(0, 4).map((c) => c.sel)).toEqual(['input#email', 'textarea#note', 'div#editor', 'p#bio']);
    expect(clicks.slice(0, 3).every((c) => c.ia)).toBe(true);
    for (const s of secrets) {
      for (const hit of h.collector.hits(site)) expect(hit.raw).not.toContain(s);
      expect(storage).not.toContain(s);
    }
    await page.context().close();
  });
});

describe('the host page', () => {
  it('gets one global, passive listeners, no CSP violations, and no exception from the tracker', async () => {
    const site = 'host';
    const bare = await h.open('/p/host', { 'data-site': site, notracker: true });
    const page = await h.open('/p/host', { 'data-site': site });
    const globals = (p: Page) => p.evaluate(() => Object.getOwnPropertyNames(window));
    const before = new Set(await globals(bare));
    expect((await globals(page)).filter((g) => !before.has(g))).toEqual(['heatlens']);

    // Listeners on window and document, with and without the tracker: the tracker's are passive.
    const listeners = async (p: Page) => {
      const cdp = await p.context().newCDPSession(p);
      const out: string[] = [];
      for (const expr of ['window', 'document']) {
        const { result } = await cdp.send('Runtime.evaluate', { expression: expr });
        const { listeners: ls } = await cdp.send('DOMDebugger.getEventListeners', { objectId: result.objectId! });
        for (const l of ls) out.push(`${expr} ${l.type} passive=${l.passive}`);
      }
      return out;
    };
    const own = await listeners(bare);
    const added = await listeners(page);
    for (const l of own) added.splice(added.indexOf(l), 1);
    expect(added.length).toBeGreaterThanOrEqual(8);
    expect(added.filter((l) => !l.endsWith('passive=true'))).toEqual([]);

    // A throwing DOM method under the tracker's click handler: counted, not thrown.
    await page.evaluate(() => {
      document.getElementById('bomb')!.getBoundingClientRect = () => {
        throw new Error('boom');
      };
    });
    await scrollPage(page, 1000);
    await page.mouse.click(150, 1225 - 1000);
    await page.mouse.click(1100, 350); // an empty spot: captured
    await page.evaluate(() => history.pushState({}, '', '/p/host-2'));
    await page.mouse.move(600, 400);
    await flush(page);
    await clicksOf(site, 1);
    const s = await stats(page);
    expect(s.errors).toBe(1);
    expect(await page.evaluate(() => window.pageClicks)).toBe(2);
    expect(await page.evaluate(() => window.pageErrors)).toEqual([]);
    expect(await page.evaluate(() => window.violations)).toEqual([]);

    // stop() takes every listener away again, and the page's history still works.
    await page.evaluate(() => window.heatlens!.stop());
    expect((await listeners(page)).sort()).toEqual([...own].sort());
    await page.evaluate(() => history.pushState({}, '', '/p/host-3'));
    expect(new URL(page.url()).pathname).toBe('/p/host-3');
    await bare.context().close();
    await page.context().close();
  });

  it('the ES module build works from `import { init }` and adds no global', async () => {
    const site = 'esm';
    const bare = await h.open('/p/esm', { 'data-site': site, notracker: true });
    const page = await h.open('/p/esm', { 'data-site': site, 'data-interval': 100, esm: true });
    await page.waitForFunction(() => document.documentElement.dataset.tracking === 'true');
    const before = new Set(await bare.evaluate(() => Object.getOwnPropertyNames(window)));
    expect((await page.evaluate(() => Object.getOwnPropertyNames(window))).filter((g) => !before.has(g))).toEqual([]);
    await page.mouse.click(500, 350);
    const [card] = await clicksOf(site, 1);
    expect(card).toMatchObject({ x: 500, y: 350, fx: 0.5, fy: 0.5, path: '/p/esm' });
    expect(await page.evaluate(() => window.violations)).toEqual([]);
    await bare.context().close();
    await page.context().close();
  });

  it('forces no layout per event: DOM writes interleaved with move, scroll and resize events cost what they cost without it', async () => {
    const layouts = async (page: Page): Promise<number> => {
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Performance.enable');
      const count = async (): Promise<number> =>
        (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'LayoutCount')!.value;
      await frames(page);
      const before = await count();
      await page.evaluate(() => {
        const el = document.getElementById('bio')!;
        for (let i = 0; i < 200; i++) {
          el.style.width = `${300 + (i % 50)}px`; // invalidates layout
          document.body.dispatchEvent(new PointerEvent('pointermove', { pointerType: 'mouse', clientX: i, clientY: i, bubbles: true }));
          document.dispatchEvent(new Event('scroll'));
          window.dispatchEvent(new Event('resize'));
        }
      });
      return (await count()) - before;
    };
    const bare = await h.open('/p/layout', { 'data-site': 'layout', notracker: true });
    const page = await h.open('/p/layout', { 'data-site': 'layout', 'data-move-hz': 60 });
    const without = await layouts(bare);
    const withTracker = await layouts(page);
    // 200 forced layouts would show as +200; a frame rendered during the measurement as +1.
    expect(withTracker - without).toBeLessThanOrEqual(2);
    await bare.context().close();
    await page.context().close();
  });
});

declare global {
  interface Window {
    violations: string[];
    pageErrors: string[];
    pageClicks: number;
  }
}
