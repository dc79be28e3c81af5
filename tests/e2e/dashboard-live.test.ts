// The dashboard while the store grows under it, after the same desktop visit as
// dashboard.test.ts (demo-visit.ts): Live shows new clicks without a reload (and an unchanged
// store costs a HEAD and revalidations, no new frame), and a phone visitor's clicks land on the
// same button of the desktop layout. In this order: each adds clicks the next one counts.
// Screenshots go to test-artifacts/e2e/.
import { describe, expect, it } from 'vitest';
import { mapsSettled } from './dashboard-flow.js';
import { openDashboard, shot, useDashboardSession } from './dashboard-session.js';
import { api, CLICKS, DEMO_PAGE, TARGET, until, VISITOR } from './demo-visit.js';


const session = useDashboardSession({ visit: true });

describe('dashboard, live: new data while it is open', () => {
  it('shows new clicks without a reload when Live is on', async () => {
    const page = await openDashboard(session, `?page=${encodeURIComponent(DEMO_PAGE)}`);
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
    const visitor = await session.browser.newContext({ viewport: VISITOR });
    const tab = await visitor.newPage();
    await tab.goto(`${session.server.url}${DEMO_PAGE}`);
    const box = (await tab.locator(TARGET).boundingBox())!;
    for (let i = 0; i < 5; i++) await tab.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await tab.goto(`${session.server.url}/demo/`);
    await visitor.close();
    await page.waitForFunction((want) => document.querySelector('[data-stat="events"] .a')?.textContent === want, String(CLICKS + 5), { timeout: 30_000 });
    expect(page.problems).toEqual([]);
    await page.close();
  });

  it('places a phone visitor’s clicks on the same button of the desktop layout', async () => {
    const phone = await session.browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const tab = await phone.newPage();
    await tab.goto(`${session.server.url}${DEMO_PAGE}`);
    const target = tab.locator(TARGET);
    await target.scrollIntoViewIfNeeded();
    const box = (await target.boundingBox())!;
    // Across the button: from a fifth of the way in to three quarters, top to bottom.
    const spots = Array.from({ length: 12 }, (_, i) => ({ fx: 0.2 + 0.05 * i, fy: 0.25 + 0.04 * i }));
    for (const { fx, fy } of spots) await tab.mouse.click(box.x + fx * box.width, box.y + fy * box.height);
    await tab.goto(`${session.server.url}/demo/`);
    await phone.close();
    const phoneClicks = `/v1/points?site=demo&path=${encodeURIComponent(DEMO_PAGE)}&kind=click&vwmax=500&format=json`;
    await until(session.server, 'the phone clicks', async () => (await api<{ total: number }>(session.server, phoneClicks)).total >= spots.length);

    // On the desktop layout (the page's typical width), each lands inside the desktop button,
    // in the same place within it.
    const width = (await api<{ pages: { path: string; width: number }[] }>(session.server, '/v1/pages?site=demo')).pages.find((p) => p.path === DEMO_PAGE)!.width;
    const placed = await api<{ x: number[]; y: number[]; unplaced: number }>(session.server, `${phoneClicks}&layout=${width}`);
    expect([placed.x.length, placed.unplaced]).toEqual([spots.length, 0]);
    const order = placed.x.map((_, i) => i).sort((a, b) => placed.x[a] - placed.x[b]);
    // Within 2 px: mouse events carry whole pixels on both layouts.
    const misplaced = order.map((i, k) => Math.hypot(placed.x[i] - (session.visit.targetBox.x + spots[k].fx * session.visit.targetBox.width), placed.y[i] - (session.visit.targetBox.y + spots[k].fy * session.visit.targetBox.height)));
    expect(Math.max(...misplaced)).toBeLessThan(2);

    // The dashboard's all-devices map asks for that layout: every click is on the page.
    const page = await openDashboard(session, `?page=${encodeURIComponent(DEMO_PAGE)}`);
    expect(await mapsSettled(page)).toEqual(['ready: ']);
    expect(await page.$eval('[data-stat="events"] .a', (e) => e.textContent)).toBe(String(CLICKS + 5 + spots.length));
    expect(await page.$eval('[data-stat="dropped"] .a', (e) => e.textContent)).toBe('0');
    await shot(page, '8-phone-clicks-on-desktop-layout');
    expect(page.problems).toEqual([]);
    await page.close();
  });
});
