// The whole path in a real browser: `heatlens serve --demo --seed 0` with an empty store, a
// visitor clicks and scrolls on the demo site (the real tracker sends it), leaves the page (the
// tracker flushes), and the dashboard then shows those clicks where they were, how far the
// visitor scrolled, and the clicked element at the top of the ranking. New data arriving while
// the dashboard is open: dashboard-live.test.ts. Screenshots go to test-artifacts/e2e/.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { colormapLUT } from '../../components/colormaps.js';
import { hottestPixel, legendGeometry, linesPerText, mapsSettled, overlaps } from './dashboard-flow.js';
import { ARTIFACTS, openDashboard, shot, useDashboardSession } from './dashboard-session.js';
import { api, CLICKS, DEMO_PAGE, TARGET, VISITOR } from './demo-visit.js';
import { batch, click, post, view } from '../unit/ingest-support.js';

/** The PNG export's layout: 16 px margins and gaps, a caption line and a strip for titles and legends. */
const EXPORT = { pad: 16, header: 80 };
const utcDay = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

const session = useDashboardSession({ visit: true });

describe('npm start, end to end: demo site → tracker → server → dashboard', () => {
  it('puts the click map’s hottest pixel where the visitor clicked', async () => {
    const pageInfo = (await api<{ pages: { path: string; clicks: number; width: number; height: number }[] }>(session.server, '/v1/pages?site=demo')).pages.find((p) => p.path === DEMO_PAGE);
    expect(pageInfo?.clicks).toBe(CLICKS);
    const page = await openDashboard(session, `?page=${encodeURIComponent(DEMO_PAGE)}&opacity=1&scale=linear&max=100%25&cmap=viridis`);
    expect(await mapsSettled(page)).toEqual(['ready: ']);
    await shot(page, '1-click-map');
    const hot = await hottestPixel(page, Array.from(colormapLUT('viridis')), pageInfo!.width, pageInfo!.height);
    const mean = { x: session.visit.clicked.reduce((s, c) => s + c.x, 0) / CLICKS, y: session.visit.clicked.reduce((s, c) => s + c.y, 0) / CLICKS };
    expect(hot).not.toBeNull();
    expect(hot!.index).toBeGreaterThanOrEqual(250);
    // σ = 15 px and a ±6 px scatter: the peak is the scatter's centre to within a few px.
    expect(Math.hypot(hot!.x - mean.x, hot!.y - mean.y)).toBeLessThan(10);
    const summary = await page.$eval('[data-stat="events"] .a', (e) => e.textContent);
    expect(summary).toBe(String(CLICKS));
    // The map and its legend fit inside the panel (nothing cut off at the right edge).
    const edges = await page.$eval('click-map', (map) => ({
      stage: map.closest('.stage')!.getBoundingClientRect().right,
      map: map.getBoundingClientRect().right,
      legend: map.shadowRoot!.querySelector('heatlens-legend')!.getBoundingClientRect().right,
    }));
    expect(edges.map).toBeLessThanOrEqual(edges.stage + 0.5);
    expect(edges.legend).toBeLessThanOrEqual(edges.stage + 0.5);
    // The legend sits above the map, not on it: the header's top-right corner stays visible.
    const [{ canvas, legends }] = await legendGeometry(page, 'click-map');
    expect(legends).toHaveLength(1);
    expect(legends[0]).not.toBeNull();
    expect(overlaps(legends[0]!, canvas)).toBe(false);
    expect(legends[0]!.bottom).toBeLessThanOrEqual(canvas.top);
    // The demo site is one click away, in a new tab.
    const demo = await page.$eval('.topbar a#demo-link', (a) => ({ href: (a as HTMLAnchorElement).href, target: (a as HTMLAnchorElement).target }));
    expect(demo).toEqual({ href: `${session.server.url}/demo/`, target: '_blank' });
    expect((await fetch(demo.href)).status).toBe(200);
    expect(page.problems).toEqual([]);
    await page.close();
  });

  it('ranks the clicked element first, with its rage clicks, and filters the map by it', async () => {
    const page = await openDashboard(session, `?page=${encodeURIComponent(DEMO_PAGE)}`);
    await mapsSettled(page);
    const first = page.locator('#ranking tbody tr').first();
    await first.waitFor();
    const selector = await first.locator('button.selector').getAttribute('data-selector');
    const cells = await first.locator('td').allTextContents();
    expect(cells[0]).toMatch(new RegExp(`^${CLICKS}`));
    // Rapid clicks in one spot are rage clicks (3 within a second, within 30 px).
    expect(Number(cells[1])).toBeGreaterThanOrEqual(3);
    // The recorded selector names the element that was clicked, on the demo page itself.
    const demo = await session.analyst.newPage();
    await demo.goto(`${session.server.url}${DEMO_PAGE}`);
    expect(await demo.evaluate(({ recorded, target }) => document.querySelector(recorded) === document.querySelector(target), { recorded: selector!, target: TARGET })).toBe(true);
    await demo.close();
    await first.locator('button.selector').click();
    await page.waitForURL((url) => url.searchParams.get('selector') === selector);
    expect(await mapsSettled(page)).toEqual(['ready: ']);
    const src = await page.$eval('click-map', (el) => (el as HTMLElement & { src: string }).src);
    expect(new URL(src, session.server.url).searchParams.get('selector')).toBe(selector);
    expect(await first.locator('button.selector').getAttribute('aria-pressed')).toBe('true');
    // Long paths wrap between elements: each piece stays on one line, the whole takes several.
    expect(await first.locator('button.selector').textContent()).toBe(selector);
    const lines = await linesPerText(page, '#ranking button.selector .piece');
    expect(lines.length).toBeGreaterThan(5);
    expect(lines.every((n) => n === 1)).toBe(true);
    const height = await first.locator('button.selector').evaluate((b) => b.getBoundingClientRect().height / parseFloat(getComputedStyle(b).lineHeight));
    expect(height).toBeGreaterThan(1.5);
    await shot(page, '2-ranking-filter');
    await page.close();
  });

  it('shows how far the visitor scrolled on the scroll map', async () => {
    const page = await openDashboard(session, `?page=${encodeURIComponent(DEMO_PAGE)}`);
    await mapsSettled(page);
    // Switch the map type from the keyboard: focus the checked radio, arrow to the next one.
    await page.focus('input[name="map"][value="click"]');
    await page.keyboard.press('ArrowRight');
    await page.waitForURL((url) => url.searchParams.get('map') === 'scroll');
    expect(await mapsSettled(page)).toEqual(['ready: ']);
    await shot(page, '3-scroll-map');
    const markers = await page.$eval('scroll-map', (el) => (el as HTMLElement & { markers: { kind: string; depth: number }[] }).markers);
    const depth = (kind: string) => markers.find((m) => m.kind === kind)?.depth ?? NaN;
    // One visit: everyone reached the viewport bottom of the deepest scroll, nobody further.
    for (const kind of ['reach-75', 'reach-50', 'reach-25']) expect(Math.abs(depth(kind) - session.visit.viewportBottom)).toBeLessThanOrEqual(8);
    expect(Math.abs(depth('fold') - VISITOR.height)).toBeLessThanOrEqual(8);
    // Its scale sits above the map, clear of the top of the page.
    const [{ canvas, legends }] = await legendGeometry(page, 'scroll-map');
    expect(legends.length).toBeGreaterThan(0);
    for (const legend of legends) expect(legend !== null && !overlaps(legend, canvas)).toBe(true);
    await page.close();
  });

  it('shows the server’s refusal of a bad filter in words and keeps working', async () => {
    // A sibling combinator cannot be matched against stored selector paths: the API says 400.
    const page = await openDashboard(session, `?page=${encodeURIComponent(DEMO_PAGE)}&selector=${encodeURIComponent('div + button')}`);
    const [status] = await mapsSettled(page);
    expect(status).toMatch(/^error: .*(selector|combinator)/i);
    await shot(page, '4-error-state');
    await page.fill('#selector', '.billing');
    await page.press('#selector', 'Enter');
    expect(await mapsSettled(page)).toEqual(['ready: ']);
    expect(await page.$eval('[data-stat="events"] .a', (e) => e.textContent)).toBe(String(CLICKS));
    await page.close();
  });

  it('for a page served elsewhere, says so and takes a screenshot URL instead, into the export too', async () => {
    const now = Date.now();
    expect((await post(session.server.url, batch([view({ ts: now - 2000, path: '/checkout' }), click(400, 300, { ts: now - 1000, path: '/checkout' })], { site: 'shop', sent: now }))).status).toBe(200);
    const page = await openDashboard(session, '?site=shop&page=%2Fcheckout');
    expect(await mapsSettled(page)).toEqual(['ready: ']);
    await page.waitForFunction(() => (document.querySelector('.underlay') as HTMLElement | null)?.dataset.missing?.includes('not served here'));
    await page.selectOption('#underlay', 'image');
    await page.fill('#image', `${session.server.url}/demo/favicon.svg`);
    await page.press('#image', 'Enter');
    await page.waitForFunction(() => ((document.querySelector('.underlay img') as HTMLImageElement | null)?.naturalWidth ?? 0) > 0);
    await shot(page, '5-screenshot-underlay');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export')]);
    expect(await download.failure()).toBeNull();
    // Same-origin screenshot: it goes into the PNG, so the dashboard has nothing to warn about.
    expect(await page.isHidden('#banner')).toBe(true);
    await page.close();
  });

  it('draws the attention map, compares segments side by side, and exports a PNG', async () => {
    const page = await openDashboard(session, `?page=${encodeURIComponent(DEMO_PAGE)}&map=attention`);
    expect((await mapsSettled(page))[0]).toMatch(/^ready/);
    await shot(page, '6-attention-map');
    // Back to clicks, then a comparison set up with the sidebar's own controls.
    await page.check('input[name="map"][value="click"]');
    await page.check('input[name="compare"]');
    await page.check('input[name="b-device"][value="mobile"]');
    // Segment B over the last 7 days: today's visitor is in it, the period fills the dates.
    await page.selectOption('#b-period', '7');
    const today = new Date().toISOString().slice(0, 10);
    await page.waitForURL((url) => url.searchParams.get('b.to') === today && url.searchParams.get('b.from') !== null);
    await page.focus('#bandwidth');
    for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
    await page.waitForURL((url) => url.searchParams.get('compare') === '1' && url.searchParams.get('b.device') === 'mobile' && url.searchParams.get('bw') === '20');
    // Segment B (mobile) has no clicks: an empty state in words, not a blank panel.
    expect(await mapsSettled(page)).toEqual(['ready: ', 'empty: No clicks match these filters on this page.']);
    expect(await page.$$eval('click-map', (maps) => maps.map((m) => (m as HTMLElement & { bandwidth: number }).bandwidth))).toEqual([20, 20]);
    // The empty map has no scale to show ("0 0 0"): its legend is hidden, A's is not.
    expect((await legendGeometry(page, 'click-map')).map((m) => m.legends.map((l) => l !== null))).toEqual([[true], [false]]);
    // Each card's A and B values stay on one line each.
    const values = await linesPerText(page, '.cards dd span');
    expect(values).toHaveLength(8);
    expect(values.every((n) => n === 1)).toBe(true);
    await shot(page, '7-compare');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export')]);
    const file = join(ARTIFACTS, '8-export.png');
    await download.saveAs(file);
    const png = readFileSync(file);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    // Both maps side by side under a caption: 16 px margins, 16 px between, the header strip.
    const boxes = await page.$$eval('click-map', (maps) => maps.map((m) => m.getBoundingClientRect()).map((r) => [Math.round(r.width), Math.round(r.height)]));
    expect(boxes).toHaveLength(2);
    expect(png.readUInt32BE(16)).toBe(16 + boxes[0][0] + 16 + boxes[1][0] + 16);
    expect(png.readUInt32BE(20)).toBe(16 + EXPORT.header + Math.max(boxes[0][1], boxes[1][1]) + 16);
    // The live demo page is same-origin, so it went into the image: no note about leaving it out.
    expect(await page.isHidden('#banner')).toBe(true);
    await page.close();
  });
  it('shows a backwards date range as an error by its fields, beside a working dashboard', async () => {
    const page = await openDashboard(session, `?page=${encodeURIComponent(DEMO_PAGE)}&from=2099-01-10&to=2099-01-01`);
    expect(await mapsSettled(page)).toEqual(['held: Nothing to show: The date range ends before it starts.']);
    expect(await page.textContent('#banner')).toBe('The date range ends before it starts.');
    // The panels are placed (the page's own loading message is gone) and the fields say what is wrong.
    expect(await page.$$eval('#panels > *', (els) => els.map((e) => e.className))).toEqual(['panel']);
    expect(await page.textContent('#a-dates-error')).toBe('The date range ends before it starts.');
    expect(await page.$$eval('[data-range="dates"] input', (inputs) => inputs.filter((i) => i.closest('[data-segment="a-"]')).map((i) => i.getAttribute('aria-invalid')))).toEqual(['true', 'true']);
    expect(await page.textContent('#ranking')).toMatch(/^Not ranked: The date range ends before it starts/);
    await shot(page, '9-backwards-range');

    // Typing a start that fits makes it a working range: the map shows it, the marks go.
    await page.fill('#a-from', utcDay(-1));
    expect(await mapsSettled(page)).toEqual(['ready: ']);
    expect(await page.isHidden('#banner')).toBe(true);
    expect(await page.isHidden('#a-dates-error')).toBe(true);
    expect(await page.getAttribute('#a-from', 'aria-invalid')).toBeNull();
    expect(await page.$eval('[data-stat="events"] .a', (e) => e.textContent)).toBe(String(CLICKS));
    const src = await page.$eval('click-map', (el) => (el as HTMLElement & { src: string }).src);

    // Typing an end before it: the map stays as it was, and the panel says it is not this range.
    await page.fill('#a-to', '2000-01-01');
    const [status] = await mapsSettled(page);
    expect(status).toBe('held: Not showing the filters as typed: The date range ends before it starts. The map still shows the previous ones.');
    expect(await page.$eval('click-map', (el) => (el as HTMLElement & { src: string }).src)).toBe(src);
    expect(await page.$eval('.stage', (el) => getComputedStyle(el, '::after').content)).toContain('Not showing the filters as typed');
    expect(await page.textContent('#banner')).toBe('The date range ends before it starts.');
    await page.close();
  });

  it('says "loading" from the moment a filter changes, while the new layout is fetched', async () => {
    const page = await openDashboard(session, `?page=${encodeURIComponent(DEMO_PAGE)}`);
    expect(await mapsSettled(page)).toEqual(['ready: ']);
    // Read in the same task as the click: before any answer from the server could arrive.
    const device = await page.evaluate(() => {
      (document.querySelector('input[name="a-device"][value="mobile"]') as HTMLInputElement).click();
      const panel = document.querySelector<HTMLElement>('.panel')!;
      return [panel.dataset.status, panel.querySelector('.panel-status')!.textContent];
    });
    expect(device).toEqual(['loading', 'Loading…']);
    expect(await mapsSettled(page)).toEqual(['empty: No clicks match these filters on this page.']);
    const viewport = await page.evaluate(() => {
      const input = document.querySelector('#a-vwmin') as HTMLInputElement;
      input.value = '300';
      input.dispatchEvent(new Event('input', { bubbles: true }));
      return document.querySelector<HTMLElement>('.panel')!.dataset.status;
    });
    expect(viewport).toBe('loading');
    expect(await mapsSettled(page)).toEqual(['empty: No clicks match these filters on this page.']);
    await page.close();
  });
});
