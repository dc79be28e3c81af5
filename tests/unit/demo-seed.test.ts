// The seeded demo traffic: a small seeding into a real DuckDB store behind the real handler
// (counts, clicks inside their elements' boxes on the demo layout, the busiest page, rage clicks
// only on the element that looks clickable but is not, cursor trails with dwells and fast moves),
// and the default size worked out by generating it without storing it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_DEMO_SESSIONS, DEMO_SITE, demoBatches, seedDemo, type SeedProgress } from '../../ingest/demo.js';
import { DEMO_LAYOUTS, type DemoDevice } from '../../ingest/demo-layout.js';
import type { EventRow } from '../../ingest/schema.js';
import { getJSON, startHarness, type Harness } from './ingest-support.js';

const NOW = Date.UTC(2026, 10, 25, 12);
const DAY = 86_400_000;
const SESSIONS = 400;
let h: Harness;
let rows: EventRow[];
const progress: SeedProgress[] = [];
let seeded = 0;

beforeAll(async () => {
  h = await startHarness();
  rows = [...demoBatches(SESSIONS, NOW)].flatMap((b) => b.rows);
  seeded = await seedDemo(h.store, { sessions: SESSIONS, now: NOW, onProgress: (p) => progress.push(p) });
});
afterAll(() => h?.close());

const kinds = (rs: EventRow[]) => ({
  views: rs.filter((r) => r.t === 'view').length,
  clicks: rs.filter((r) => r.t === 'click').length,
  moves: rs.filter((r) => r.t === 'move').length,
  scrolls: rs.filter((r) => r.t === 'scroll').length,
});

describe('a small seeding', () => {
  it('stores every generated event under the site "demo", and reports its progress up to 100%', async () => {
    expect(seeded).toBe(rows.length);
    const c = await h.store.counts(DEMO_SITE);
    expect({ views: c.views, clicks: c.clicks, moves: c.moves, scrolls: c.scrolls }).toEqual(kinds(rows));
    expect(progress.at(-1)).toEqual({ sessions: SESSIONS, totalSessions: SESSIONS, events: rows.length });
    for (let i = 1; i < progress.length; i++) expect(progress[i].sessions).toBeGreaterThan(progress[i - 1].sessions);
    expect(new Set(rows.map((r) => r.session)).size).toBe(SESSIONS);
  });

  it('resumes an interrupted seeding without storing any batch twice', async () => {
    const other = await startHarness();
    try {
      const sessions = 7000; // enough rows for two stored batches
      let reports = 0;
      const interrupted = seedDemo(other.store, {
        sessions,
        now: NOW,
        onProgress: () => {
          if (++reports === 1) throw new Error('interrupted');
        },
      });
      await expect(interrupted).rejects.toThrow('interrupted');
      const want = kinds([...demoBatches(sessions, NOW)].flatMap((b) => b.rows));
      const partial = await other.store.counts(DEMO_SITE);
      expect(partial.clicks).toBeGreaterThan(0);
      expect(partial.clicks).toBeLessThan(want.clicks);
      await seedDemo(other.store, { sessions, now: NOW });
      const c = await other.store.counts(DEMO_SITE);
      expect({ views: c.views, clicks: c.clicks, moves: c.moves, scrolls: c.scrolls }).toEqual(want);
      expect(await seedDemo(other.store, { sessions, now: NOW })).toBe(0);
    } finally {
      await other.close();
    }
  }, 60_000);

  it('does nothing once a seeding has completed', async () => {
    expect(await seedDemo(h.store, { sessions: SESSIONS, now: NOW })).toBe(0);
    expect((await h.store.counts(DEMO_SITE)).clicks).toBe(kinds(rows).clicks);
  });

  it('seeds a store whose site "demo" holds an older demo\'s events, and only once', async () => {
    const other = await startHarness();
    try {
      const old = { t: 'click' as const, site: DEMO_SITE, path: '/', session: 's_olddemo1', device: 'desktop' as const, ts: NOW - DAY, x: 1, y: 1 };
      await other.store.write({ site: DEMO_SITE, batch: 'old_demo_1', received: NOW, rows: [old] });
      expect(await seedDemo(other.store, { sessions: 20, now: NOW })).toBeGreaterThan(0);
      expect(await seedDemo(other.store, { sessions: 20, now: NOW })).toBe(0);
    } finally {
      await other.close();
    }
  });

  it('lands every click inside the box of the element it names, on the layout of its device', () => {
    const clicks = rows.filter((r) => r.t === 'click');
    expect(clicks.length).toBeGreaterThan(1000);
    for (const c of clicks) {
      const layout = DEMO_LAYOUTS[c.path][c.device as DemoDevice];
      const target = layout.targets.find((t) => t[0] === c.sel);
      expect(target, `${c.path} ${c.device} ${c.sel}`).toBeDefined();
      const [, x, y, w, hgt, ia] = target!;
      const inside = c.x! >= x && c.x! <= x + w && c.y! >= y && c.y! <= y + hgt;
      expect(inside, `${c.sel} at ${c.x},${c.y} outside ${x},${y} ${w}×${hgt}`).toBe(true);
      expect([c.vw, c.vh, c.dw, c.dh, c.ia]).toEqual([layout.vw, layout.vh, layout.dw, layout.dh, ia]);
      expect(c.fx).toBeCloseTo((c.x! - x) / w, 2);
      expect(c.fy).toBeCloseTo((c.y! - y) / hgt, 2);
    }
  });

  it('spreads sessions over the last 30 days, on all three device layouts', () => {
    for (const r of rows) {
      expect(r.ts).toBeLessThan(NOW);
      expect(r.ts).toBeGreaterThan(NOW - 31 * DAY);
    }
    const days = new Set(rows.filter((r) => r.t === 'view').map((r) => Math.floor(r.ts / DAY)));
    expect(days.size).toBeGreaterThanOrEqual(25);
    const widths = new Map<string, Set<number>>();
    for (const r of rows) (widths.get(r.device) ?? widths.set(r.device, new Set()).get(r.device)!).add(r.vw!);
    expect(Object.fromEntries([...widths].map(([d, s]) => [d, [...s]]))).toEqual({ desktop: [1280], tablet: [820], mobile: [390] });
  });

  it('reaches every page after the first through a click on a link to it', () => {
    let navigations = 0;
    for (let i = 1; i < rows.length; i++) {
      const v = rows[i];
      if (v.t !== 'view' || v.ref === undefined) continue;
      navigations++;
      // The last click before this view, in the same session, on the page it came from.
      let j = i - 1;
      while (j >= 0 && !(rows[j].t === 'click' && rows[j].session === v.session)) j--;
      const c = rows[j];
      expect([c.session, c.path]).toEqual([v.session, v.ref]);
      const target = DEMO_LAYOUTS[c.path][c.device as DemoDevice].targets.find((t) => t[0] === c.sel)!;
      expect(target[6]?.replace(/#.*$/, ''), `${c.sel} → ${v.path}`).toBe(v.path);
      expect(c.ts).toBeLessThan(v.ts);
    }
    expect(navigations).toBeGreaterThan(SESSIONS / 4);
  });

  it('scrolls stay within each page, and cursors move only on desktops', () => {
    for (const r of rows) {
      if (r.t === 'scroll') expect(r.y! + r.vh!).toBeLessThanOrEqual(r.dh!);
      if (r.t === 'move') {
        expect(r.device).toBe('desktop');
        expect(r.x!).toBeLessThanOrEqual(1280);
        expect(r.y!).toBeLessThanOrEqual(r.dh!);
      }
    }
  });

  it('gives the landing page the most views and clicks (GET /v1/pages)', async () => {
    const { json } = await getJSON(`${h.url}/v1/pages?site=demo`);
    expect(json.pages.map((p: { path: string }) => p.path).sort()).toEqual(['/demo/', '/demo/docs', '/demo/pricing', '/demo/signup']);
    expect(json.pages[0]).toMatchObject({ path: '/demo/', width: 1280, height: DEMO_LAYOUTS['/demo/'].desktop.dh });
    const byClicks = [...json.pages].sort((a, b) => b.clicks - a.clicks);
    expect(byClicks[0].path).toBe('/demo/');
  });

  it('has rage clicks only on the picture that looks like a video (GET /v1/elements)', async () => {
    const { json } = await getJSON(`${h.url}/v1/elements?site=demo&path=/demo/&limit=1000`);
    const raging = json.elements.filter((e: { rage: number }) => e.rage > 0);
    expect(raging.map((e: { selector: string }) => e.selector)).toEqual(['section#hero > div.wrap > div.hero-shot > span.play-badge']);
    // Every rage click is one of a burst of at least 3 within a second and 30 px, as the tracker flags them.
    const rage = rows.filter((r) => r.t === 'click' && r.rage);
    for (const r of rage) {
      const burst = rage.filter((o) => o.session === r.session && Math.abs(o.ts - r.ts) < 1000 && Math.abs(o.x! - r.x!) < 30 && Math.abs(o.y! - r.y!) < 30);
      expect(burst.length).toBeGreaterThanOrEqual(3);
    }
  });

  it('moves the cursor like a hand: many slow samples (dwells) and some fast ones (aimed moves), not uniform noise', () => {
    const moves = rows.filter((r) => r.t === 'move');
    expect(moves.length).toBeGreaterThan(1000);
    let slow = 0;
    let fast = 0;
    let pairs = 0;
    for (let i = 1; i < moves.length; i++) {
      const a = moves[i - 1];
      const b = moves[i];
      if (a.session !== b.session || a.path !== b.path) continue;
      const speed = (Math.hypot(b.x! - a.x!, b.y! - a.y!) / (b.ts - a.ts)) * 1000;
      pairs++;
      if (speed < 100) slow++;
      if (speed > 1000) fast++;
      expect(b.ts).toBeGreaterThanOrEqual(a.ts + 100); // at most 10 samples a second, like the tracker
    }
    expect(slow / pairs).toBeGreaterThan(0.2);
    expect(fast / pairs).toBeGreaterThan(0.1);
  });
});

describe('the default seeding (generated, not stored)', () => {
  it('is tens of thousands of sessions with at least a million clicks on the busiest page', () => {
    const clicks = new Map<string, number>();
    let sessions = 0;
    let events = 0;
    for (const b of demoBatches(DEFAULT_DEMO_SESSIONS, NOW)) {
      sessions = b.sessions;
      events += b.rows.length;
      for (const r of b.rows) if (r.t === 'click') clicks.set(r.path, (clicks.get(r.path) ?? 0) + 1);
    }
    expect(sessions).toBe(DEFAULT_DEMO_SESSIONS);
    expect(sessions).toBeGreaterThanOrEqual(20_000);
    const ranked = [...clicks].sort((a, b) => b[1] - a[1]);
    expect(ranked[0][0]).toBe('/demo/');
    expect(ranked[0][1]).toBeGreaterThanOrEqual(1_000_000);
    console.log(`default demo seeding: ${sessions} sessions, ${events} events, ${ranked.map(([p, n]) => `${p} ${n}`).join(', ')} clicks`);
  }, 120_000);
});
