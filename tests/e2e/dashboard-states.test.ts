// The dashboard in states of its own, each on data it posts itself: a scroll map with both of
// its colour scales and its depth markers, on screen and in the PNG export; and a server that
// goes away while the dashboard is open. Screenshots go to test-artifacts/e2e/.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodePNG } from '../../bin/png-decode.js';
import { colormapLUT } from '../../components/colormaps.js';
import { startDemoServer } from '../../scripts/demo-server.mjs';
import { batch, click, post, scroll, view } from '../unit/ingest-support.js';
import { colourBars, legendGeometry, mapsSettled, overlaps, whiteShare } from './dashboard-flow.js';
import { ARTIFACTS, openDashboard, shot, useDashboardSession } from './dashboard-session.js';

/** The PNG export's layout: 16 px margins and gaps, a caption line and a strip for titles and legends. */
const EXPORT = { pad: 16, header: 80 };

const session = useDashboardSession();

describe('dashboard states', () => {
  it('puts both scroll scales above the map, and both scales and the depth markers into the export', async () => {
    // Three visits that read the docs page for a while at three depths: seconds in view to show.
    const now = Date.now();
    for (let i = 0; i < 3; i++) {
      const t0 = now - 60_000 + i * 15_000;
      const at = (ts: number, y: number) => scroll(y, { ts: t0 + ts, path: '/demo/docs', dh: 3000 });
      const events = [view({ ts: t0, path: '/demo/docs', dh: 3000 }), at(100, 0), at(3000, 600), at(6000, 1400), at(9000, 1400)];
      expect((await post(session.server.url, batch(events, { site: 'scrolls', session: `s_7c2bbbb${i}`, sent: now }))).status).toBe(200);
    }
    const page = await openDashboard(session, '?site=scrolls&page=%2Fdemo%2Fdocs&map=scroll');
    expect(await mapsSettled(page)).toEqual(['ready: ']);
    await page.waitForFunction(() => document.querySelector('scroll-map')?.shadowRoot?.querySelectorAll('heatlens-legend').length === 2, undefined, { timeout: 10_000 });
    // Share of visitors and seconds in view: neither covers the top of the page or the
    // time-in-view band on the map's right edge.
    const [{ canvas, legends }] = await legendGeometry(page, 'scroll-map');
    expect(legends).toHaveLength(2);
    for (const legend of legends) expect(legend !== null && !overlaps(legend, canvas)).toBe(true);
    await shot(page, '3b-scroll-two-legends');
    const markers = await page.$eval('scroll-map', (el) => (el as HTMLElement & { markers: { kind: string; depth: number }[] }).markers);
    expect(markers.map((m) => m.kind)).toEqual(['reach-75', 'reach-50', 'reach-25', 'fold']);

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export')]);
    const file = join(ARTIFACTS, '3c-scroll-export.png');
    await download.saveAs(file);
    const png = decodePNG(readFileSync(file));
    const box = await page.$eval('scroll-map', (m) => {
      const r = m.getBoundingClientRect();
      return { w: Math.round(r.width), h: Math.round(r.height), extent: String((m as HTMLElement & { extent: unknown }).extent) };
    });
    expect([png.width, png.height]).toEqual([2 * EXPORT.pad + box.w, EXPORT.pad + EXPORT.header + box.h + EXPORT.pad]);
    // Two colour bars in the strip above the map.
    const bars = colourBars(png, Array.from(colormapLUT('inferno')), EXPORT.pad, EXPORT.pad + EXPORT.header);
    expect(bars.runs).toHaveLength(2);
    const pageHeight = Number(box.extent.split(',')[3]);
    const top = EXPORT.pad + EXPORT.header;
    // A marker is a white line across the map (dashed 6 on, 4 off; the fold solid) where the
    // map's colours over the page are never pure white. Read between the labels on the left
    // and the time-in-view band (the last twelfth) on the right.
    const [x0, x1] = [EXPORT.pad + Math.round(box.w / 2), EXPORT.pad + Math.floor((box.w * 11) / 12) - 4];
    for (const m of markers.filter((m) => m.kind === 'reach-50' || m.kind === 'fold')) {
      const row = top + Math.round((m.depth * box.h) / pageHeight);
      expect(whiteShare(png, row, x0, x1)).toBeGreaterThan(m.kind === 'fold' ? 0.9 : 0.5);
      expect(whiteShare(png, row - 6, x0, x1)).toBeLessThan(0.05);
    }
    await page.close();
  });

  it('keeps a failed fetch as an error, and says the server is away rather than the page missing', async () => {
    // A second server of its own, stopped half-way through.
    const away = await startDemoServer({ args: ['--seed', '0'] });
    try {
      const now = Date.now();
      const events = [view({ ts: now - 3000, path: '/a' }), click(400, 300, { ts: now - 2500, path: '/a' }), view({ ts: now - 2000, path: '/b' }), click(300, 200, { ts: now - 1000, path: '/b' })];
      expect((await post(away.url, batch(events, { site: 'away', sent: now }))).status).toBe(200);
      const page = await session.analyst.newPage();
      await page.goto(`${away.url}/?site=away&page=%2Fa`);
      expect(await mapsSettled(page)).toEqual(['ready: ']);
      await page.waitForFunction(() => (document.querySelector('.underlay') as HTMLElement | null)?.dataset.missing?.includes('not served here'));
      await away.stop();

      // The scroll samples cannot be fetched: the panel says so, and keeps saying so after the
      // element's empty frame.
      await page.check('input[name="map"][value="scroll"]');
      const [status] = await mapsSettled(page);
      expect(status).toMatch(/^error: /);
      await page.waitForTimeout(1000);
      expect(await mapsSettled(page)).toEqual([status]);
      expect(status).not.toMatch(/No visits match/);

      // Another page: its live page cannot load either, because nothing answers at all.
      await page.selectOption('#page', '/b');
      await page.waitForFunction(() => (document.querySelector('.underlay') as HTMLElement | null)?.dataset.missing?.includes('server is not answering'));
      expect(await page.$eval('.underlay', (u) => (u as HTMLElement).dataset.missing)).not.toMatch(/not served here/);
      await shot(page, '10-server-away');
      await page.close();
    } finally {
      await away.stop();
    }
  });
});
