// The whole path in a real browser: `heatlens serve --demo --seed 0` with an empty store, a
// visitor clicks and scrolls on the demo site (the real tracker sends it), leaves the page (the
// tracker flushes), and the dashboard then shows those clicks where they were, how far the
// visitor scrolled, and the clicked element at the top of the ranking. Screenshots go to
// test-artifacts/e2e/.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { colormapLUT } from '../../components/colormaps.js';
import { launchChromium } from '../../scripts/find-chromium.mjs';
import { hottestPixel, legendGeometry, linesPerText, mapsSettled, overlaps } from './dashboard-flow.js';
import { ROOT, startDemoServer, type DemoServer } from '../../scripts/demo-server.mjs';
import { batch, click, post, view } from '../unit/ingest-support.js';

const ARTIFACTS = join(ROOT, 'test-artifacts', 'e2e');
const DEMO_PAGE = '/demo/pricing';
/** A button that does not navigate: 40 clicks on it stay on the page. */
const TARGET = '.billing .billing-option:nth-of-type(2)';
const CLICKS = 40;
const SCROLL_TO = 900;
const VISITOR = { width: 1280, height: 800 };
/** The PNG export's layout: 16 px margins and gaps, a caption line and a strip for titles and legends. */
const EXPORT = { pad: 16, header: 80 };
const utcDay = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

let server: DemoServer;
let browser: Browser;
let analyst: BrowserContext;
const clicked: { x: number; y: number }[] = [];
/** The target button's box on the visitor's (desktop) layout, in page px. */
let targetBox = { x: 0, y: 0, width: 0, height: 0 };
let viewportBottom = 0;

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: false });
}

async function api<T>(path: string): Promise<T> {
  const res = await fetch(`${server.url}${path}`);
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** Polls until the server holds what the visitor did (the tracker delivers asynchronously). */
async function until(what: string, check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}\n${server.output()}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function openDashboard(query: string): Promise<Page> {
  const page = await analyst.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(`${server.url}/${query}`);
  (page as Page & { problems?: string[] }).problems = problems;
  return page;
}

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  execFileSync(process.execPath, [join(ROOT, 'scripts/build-web.mjs')], { cwd: ROOT, stdio: 'inherit' });
  server = await startDemoServer({ args: ['--seed', '0'] });
  browser = await launchChromium();
  analyst = await browser.newContext({ viewport: { width: 1600, height: 1000 }, acceptDownloads: true });

  // The visitor: a fresh context (its own session), a desktop viewport.
  const visitor = await browser.newContext({ viewport: VISITOR });
  const page = await visitor.newPage();
  await page.goto(`${server.url}${DEMO_PAGE}`);
  await page.waitForFunction(() => document.readyState === 'complete');
  const box = await page.locator(TARGET).boundingBox();
  if (!box) throw new Error(`${TARGET} is not visible on ${DEMO_PAGE}`);
  const scrollY = await page.evaluate(() => window.scrollY);
  targetBox = { x: box.x, y: box.y + scrollY, width: box.width, height: box.height };
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  // Read the plans first: the cursor rests on each plan for a while (attention), then goes to
  // the button.
  for (const [x, y] of [[300, 500], [640, 520], [980, 540]]) {
    await page.mouse.move(x, y, { steps: 8 });
    await page.waitForTimeout(400);
  }
  await page.mouse.move(cx, cy, { steps: 8 });
  // A small deterministic scatter around the button's centre, well inside the button.
  for (let i = 0; i < CLICKS; i++) {
    const dx = ((i * 7) % 13) - 6;
    const dy = ((i * 5) % 9) - 4;
    await page.mouse.click(cx + dx, cy + dy);
    clicked.push({ x: cx + dx, y: cy + dy + scrollY });
  }
  await page.evaluate((y) => window.scrollTo(0, y), SCROLL_TO);
  await page.waitForFunction((y) => Math.abs(window.scrollY - y) < 1, SCROLL_TO);
  viewportBottom = (await page.evaluate(() => window.scrollY + window.innerHeight)) as number;
  // Let the tracker's scroll throttle fire, then leave: the page hide flushes the batch.
  await page.waitForTimeout(1200);
  await page.goto(`${server.url}/demo/`);
  await page.waitForFunction(() => document.readyState === 'complete');
  await visitor.close();

  await until('the 40 clicks', async () => {
    const r = await api<{ total: number }>(`/v1/points?site=demo&path=${encodeURIComponent(DEMO_PAGE)}&format=json`);
    return r.total >= CLICKS;
  });
  await until('the scroll to the known depth', async () => {
    const r = await api<{ y: number[]; vh: number[] }>(`/v1/scroll?site=demo&path=${encodeURIComponent(DEMO_PAGE)}&mode=samples&format=json`);
    return r.y.some((y, i) => y + r.vh[i] >= viewportBottom);
  });
}, 180_000);

afterAll(async () => {
  await analyst?.close().catch(() => undefined);
  await browser?.close().catch(() => undefined);
  await server?.stop();
});

describe('npm start, end to end: demo site → tracker → server → dashboard', () => {
  it('puts the click map’s hottest pixel where the visitor clicked', async () => {
    const pageInfo = (await api<{ pages: { path: string; clicks: number; width: number; height: number }[] }>('/v1/pages?site=demo')).pages.find((p) => p.path === DEMO_PAGE);
    expect(pageInfo?.clicks).toBe(CLICKS);
    const page = await openDashboard(`?page=${encodeURIComponent(DEMO_PAGE)}&opacity=1&scale=linear&max=100%25&cmap=viridis`);
    expect(await mapsSettled(page)).toEqual(['ready: ']);
    await shot(page, '1-click-map');
    const hot = await hottestPixel(page, Array.from(colormapLUT('viridis')), pageInfo!.width, pageInfo!.height);
    const mean = { x: clicked.reduce((s, c) => s + c.x, 0) / CLICKS, y: clicked.reduce((s, c) => s + c.y, 0) / CLICKS };
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
    expect(demo).toEqual({ href: `${server.url}/demo/`, target: '_blank' });
    expect((await fetch(demo.href)).status).toBe(200);
    expect((page as Page & { problems?: string[] }).problems).toEqual([]);
    await page.close();
  });

  it('ranks the clicked element first, with its rage clicks, and filters the map by it', async () => {
    const page = await openDashboard(`?page=${encodeURIComponent(DEMO_PAGE)}`);
    await mapsSettled(page);
    const first = page.locator('#ranking tbody tr').first();
    await first.waitFor();
    const selector = await first.locator('button.selector').getAttribute('data-selector');
    const cells = await first.locator('td').allTextContents();
    expect(cells[0]).toMatch(new RegExp(`^${CLICKS}`));
    // Rapid clicks in one spot are rage clicks (3 within a second, within 30 px).
    expect(Number(cells[1])).toBeGreaterThanOrEqual(3);
    // The recorded selector names the element that was clicked, on the demo page itself.
    const demo = await analyst.newPage();
    await demo.goto(`${server.url}${DEMO_PAGE}`);
    expect(await demo.evaluate(({ recorded, target }) => document.querySelector(recorded) === document.querySelector(target), { recorded: selector!, target: TARGET })).toBe(true);
    await demo.close();
    await first.locator('button.selector').click();
    await page.waitForURL((url) => url.searchParams.get('selector') === selector);
    expect(await mapsSettled(page)).toEqual(['ready: ']);
    const src = await page.$eval('click-map', (el) => (el as HTMLElement & { src: string }).src);
    expect(new URL(src, server.url).searchParams.get('selector')).toBe(selector);
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
    const page = await openDashboard(`?page=${encodeURIComponent(DEMO_PAGE)}`);
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
    for (const kind of ['reach-75', 'reach-50', 'reach-25']) expect(Math.abs(depth(kind) - viewportBottom)).toBeLessThanOrEqual(8);
    expect(Math.abs(depth('fold') - VISITOR.height)).toBeLessThanOrEqual(8);
    // Its scale sits above the map, clear of the top of the page.
    const [{ canvas, legends }] = await legendGeometry(page, 'scroll-map');
    expect(legends.length).toBeGreaterThan(0);
    for (const legend of legends) expect(legend !== null && !overlaps(legend, canvas)).toBe(true);
    await page.close();
  });

  it('shows the server’s refusal of a bad filter in words and keeps working', async () => {
    // A sibling combinator cannot be matched against stored selector paths: the API says 400.
    const page = await openDashboard(`?page=${encodeURIComponent(DEMO_PAGE)}&selector=${encodeURIComponent('div + button')}`);
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
    expect((await post(server.url, batch([view({ ts: now - 2000, path: '/checkout' }), click(400, 300, { ts: now - 1000, path: '/checkout' })], { site: 'shop', sent: now }))).status).toBe(200);
    const page = await openDashboard('?site=shop&page=%2Fcheckout');
    expect(await mapsSettled(page)).toEqual(['ready: ']);
    await page.waitForFunction(() => (document.querySelector('.underlay') as HTMLElement | null)?.dataset.missing?.includes('not served here'));
    await page.selectOption('#underlay', 'image');
    await page.fill('#image', `${server.url}/demo/favicon.svg`);
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
    const page = await openDashboard(`?page=${encodeURIComponent(DEMO_PAGE)}&map=attention`);
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
    const page = await openDashboard(`?page=${encodeURIComponent(DEMO_PAGE)}&from=2099-01-10&to=2099-01-01`);
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
    const page = await openDashboard(`?page=${encodeURIComponent(DEMO_PAGE)}`);
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

  // Last: it adds clicks the tests above do not expect.
  it('shows new clicks without a reload when Live is on', async () => {
    const page = await openDashboard(`?page=${encodeURIComponent(DEMO_PAGE)}`);
    expect(await mapsSettled(page)).toEqual(['ready: ']);
    const events = () => page.$eval('[data-stat="events"] .a', (e) => e.textContent);
    expect(await events()).toBe(String(CLICKS));

    // Nothing new yet: a refresh asks the points with a HEAD (answered from the store's
    // revision), the JSON reads are revalidated (304), and the map is not drawn again.
    await page.evaluate(() => {
      const w = window as Window & { frames_?: number };
      w.frames_ = 0;
      document.querySelector('click-map')!.addEventListener('heatlens-render', () => (w.frames_! += 1));
    });
    const asked: string[] = [];
    const answered: Promise<string>[] = [];
    const v1 = (url: string) => new URL(url).pathname.startsWith('/v1/');
    page.on('request', (r) => {
      if (v1(r.url())) asked.push(`${r.method()} ${new URL(r.url()).pathname}`);
    });
    page.on('response', (r) => {
      // A 304 reaches the page as the cached 200, so the bytes on the wire tell them apart.
      if (v1(r.url())) answered.push(r.request().sizes().then((z) => `${r.request().method()} ${new URL(r.url()).pathname} ${z.responseBodySize} bytes`));
    });
    const head = page.waitForResponse((r) => r.request().method() === 'HEAD' && new URL(r.url()).pathname === '/v1/points');
    await page.click('#refresh');
    expect((await head).status()).toBe(200);
    await page.waitForTimeout(500);
    expect(asked.filter((r) => r.endsWith('/v1/points'))).toEqual(['HEAD /v1/points']);
    const transfers = await Promise.all(answered);
    expect(transfers.filter((r) => r.startsWith('GET /v1/pages'))).toEqual(['GET /v1/pages 0 bytes']);
    expect(transfers.filter((r) => r.startsWith('GET')).every((r) => r.endsWith(' 0 bytes'))).toBe(true);
    expect(await page.evaluate(() => (window as Window & { frames_?: number }).frames_)).toBe(0);

    // A colour change redraws from the grid the map holds: nothing is fetched again.
    asked.length = 0;
    const recoloured = page.evaluate(
      () => new Promise<void>((resolve) => document.querySelector('click-map')!.addEventListener('heatlens-render', () => resolve(), { once: true })),
    );
    await page.selectOption('#colormap', 'viridis');
    await recoloured;
    await page.waitForTimeout(300);
    expect(asked.filter((r) => r.endsWith('/v1/points'))).toEqual([]);

    await page.check('#live');
    // A second visitor clicks five more times and leaves.
    const visitor = await browser.newContext({ viewport: VISITOR });
    const tab = await visitor.newPage();
    await tab.goto(`${server.url}${DEMO_PAGE}`);
    const box = (await tab.locator(TARGET).boundingBox())!;
    for (let i = 0; i < 5; i++) await tab.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await tab.goto(`${server.url}/demo/`);
    await visitor.close();
    await page.waitForFunction((want) => document.querySelector('[data-stat="events"] .a')?.textContent === want, String(CLICKS + 5), { timeout: 30_000 });
    expect((page as Page & { problems?: string[] }).problems).toEqual([]);
    await page.close();
  });

  it('places a phone visitor’s clicks on the same button of the desktop layout', async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const tab = await phone.newPage();
    await tab.goto(`${server.url}${DEMO_PAGE}`);
    const target = tab.locator(TARGET);
    await target.scrollIntoViewIfNeeded();
    const box = (await target.boundingBox())!;
    // Across the button: from a fifth of the way in to three quarters, top to bottom.
    const spots = Array.from({ length: 12 }, (_, i) => ({ fx: 0.2 + 0.05 * i, fy: 0.25 + 0.04 * i }));
    for (const { fx, fy } of spots) await tab.mouse.click(box.x + fx * box.width, box.y + fy * box.height);
    await tab.goto(`${server.url}/demo/`);
    await phone.close();
    const phoneClicks = `/v1/points?site=demo&path=${encodeURIComponent(DEMO_PAGE)}&kind=click&vwmax=500&format=json`;
    await until('the phone clicks', async () => (await api<{ total: number }>(phoneClicks)).total >= spots.length);

    // On the desktop layout (the page's typical width), each lands inside the desktop button,
    // in the same place within it.
    const width = (await api<{ pages: { path: string; width: number }[] }>('/v1/pages?site=demo')).pages.find((p) => p.path === DEMO_PAGE)!.width;
    const placed = await api<{ x: number[]; y: number[]; unplaced: number }>(`${phoneClicks}&layout=${width}`);
    expect([placed.x.length, placed.unplaced]).toEqual([spots.length, 0]);
    const order = placed.x.map((_, i) => i).sort((a, b) => placed.x[a] - placed.x[b]);
    // Within 2 px: mouse events carry whole pixels on both layouts.
    const misplaced = order.map((i, k) => Math.hypot(placed.x[i] - (targetBox.x + spots[k].fx * targetBox.width), placed.y[i] - (targetBox.y + spots[k].fy * targetBox.height)));
    expect(Math.max(...misplaced)).toBeLessThan(2);

    // The dashboard's all-devices map asks for that layout: every click is on the page.
    const page = await openDashboard(`?page=${encodeURIComponent(DEMO_PAGE)}`);
    expect(await mapsSettled(page)).toEqual(['ready: ']);
    expect(await page.$eval('[data-stat="events"] .a', (e) => e.textContent)).toBe(String(CLICKS + 5 + spots.length));
    expect(await page.$eval('[data-stat="dropped"] .a', (e) => e.textContent)).toBe('0');
    await shot(page, '8-phone-clicks-on-desktop-layout');
    expect((page as Page & { problems?: string[] }).problems).toEqual([]);
    await page.close();
  });

});
