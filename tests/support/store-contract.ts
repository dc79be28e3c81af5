// The store contract: GET /v1/points and /v1/scroll (and, in store-contract-summaries.ts,
// /v1/moves, /v1/elements and /v1/pages; in store-contract-layout.ts, clicks placed on one layout) against known answers, whatever the store behind the handler (the embedded DuckDB one in ingest-queries.test.ts, ClickHouse in
// clickhouse-store.test.ts): segment filters compared with a plain JS filter over the same
// rows, pre-aggregation compared with binning done here by hand, scroll curves worked out on
// paper, and retention. `storeContract(start)` registers the suites in the calling file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodePoints, decodeScrollSamples } from '../../ingest/points-format.js';
import type { Device, EventRow } from '../../ingest/schema.js';
import type { Store } from '../../ingest/store.js';
import { getBytes, getJSON, type Harness } from '../unit/ingest-support.js';
import { mulberry32 } from '../../bench/data.mjs';
import { layoutContract } from './store-contract-layout.js';
import { summariesContract } from './store-contract-summaries.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2025, 10, 1);


const PATHS = ['/docs/a', '/docs/b/c', '/pricing', '/blog/2025/x'];
const DEVICES: Device[] = ['desktop', 'tablet', 'mobile'];
const VWS = [390, 800, 1280, 1920];
const rand = mulberry32(42);
const pick = <T>(a: T[]) => a[Math.floor(rand() * a.length)];

const clicks: EventRow[] = Array.from({ length: 600 }, (_, i) => ({
  t: 'click',
  site: 'q-site',
  path: pick(PATHS),
  session: `s_${String(i % 37).padStart(8, '0')}`,
  device: pick(DEVICES),
  ts: T0 + Math.floor(rand() * 30) * DAY + i,
  // Quarter-pixel coordinates are exact in float32, so binary and JSON can be compared exactly.
  x: Math.round(rand() * 1280 * 4) / 4,
  y: Math.round(rand() * 4000 * 4) / 4,
  vw: pick(VWS),
  vh: 800,
  dw: 1280,
  dh: 4000,
  sel: 'main > a',
  fx: 0.5,
  fy: 0.5,
  ia: true,
  rage: false,
}));

export function storeContract(start: () => Promise<Harness<Store>>): void {
    let h: Harness<Store>;
  beforeAll(async () => {
    h = await start();
    await h.store.write({ site: 'q-site', batch: 'seed_clicks', received: T0, rows: clicks });
  });
  afterAll(() => h?.close());
  summariesContract(() => h);
  layoutContract(() => h);

  const sortPairs = (x: number[], y: number[]) =>
    x.map((v, i) => [v, y[i]]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);

  describe('segment filters', () => {
    const cases: Array<[string, (r: EventRow) => boolean]> = [
      ['', () => true],
      ['path=/pricing', (r) => r.path === '/pricing'],
      ['path=/docs/*', (r) => /^\/docs\/[^/]*$/.test(r.path)],
      ['path=/docs/**', (r) => r.path.startsWith('/docs/')],
      ['path=/{pricing,blog/**}', (r) => r.path === '/pricing' || r.path.startsWith('/blog/')],
      ['device=mobile', (r) => r.device === 'mobile'],
      ['device=mobile,tablet', (r) => r.device !== 'desktop'],
      [`from=${T0 + 10 * DAY}&to=${T0 + 20 * DAY}`, (r) => r.ts >= T0 + 10 * DAY && r.ts < T0 + 20 * DAY],
      [`from=${new Date(T0 + 25 * DAY).toISOString()}`, (r) => r.ts >= T0 + 25 * DAY],
      ['vwmin=800&vwmax=1280', (r) => (r.vw as number) >= 800 && (r.vw as number) <= 1280],
      ['path=/docs/**&device=desktop&vwmin=1000', (r) => r.path.startsWith('/docs/') && r.device === 'desktop' && (r.vw as number) >= 1000],
    ];
    it.each(cases)('%s', async (query, keep) => {
      const want = clicks.filter(keep);
      const j = await getJSON(`${h.url}/v1/points?site=q-site&format=json&${query}`);
      expect(j.status).toBe(200);
      expect(j.json.total).toBe(want.length);
      expect(sortPairs(j.json.x, j.json.y)).toEqual(sortPairs(want.map((r) => r.x as number), want.map((r) => r.y as number)));
      const b = decodePoints((await getBytes(`${h.url}/v1/points?site=q-site&${query}`)).bytes);
      expect([Array.from(b.x), Array.from(b.y)]).toEqual([j.json.x, j.json.y]);
    });

    it('another site sees none of them', async () => {
      expect((await getJSON(`${h.url}/v1/points?site=elsewhere&format=json`)).json).toMatchObject({ n: 0, total: 0 });
    });
  });

  describe('pre-aggregation when more rows match than the limit', () => {
    it.each([50, 200, 599])('limit=%i: weighted cell centroids whose weights sum to the matching rows', async (limit) => {
      const j = await getJSON(`${h.url}/v1/points?site=q-site&format=json&limit=${limit}`);
      expect(j.json.aggregated).toBe(true);
      expect(j.json.n).toBeLessThanOrEqual(limit);
      expect(j.json.total).toBe(clicks.length);
      expect(j.json.w.reduce((a: number, b: number) => a + b, 0)).toBe(clicks.length);
      expect(j.headers.get('x-heatlens-total')).toBe(String(clicks.length));

      // The same binning by hand, with the cell size the server chose.
      const cell = j.json.cell;
      expect(cell).toBeGreaterThanOrEqual(1);
      const cells = new Map<string, { sx: number; sy: number; n: number }>();
      for (const r of clicks) {
        const k = `${Math.floor((r.y as number) / cell)},${Math.floor((r.x as number) / cell)}`;
        const c = cells.get(k) ?? { sx: 0, sy: 0, n: 0 };
        c.sx += r.x as number;
        c.sy += r.y as number;
        c.n++;
        cells.set(k, c);
      }
      const want = [...cells.values()].map((c) => [c.sx / c.n, c.sy / c.n, c.n]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      const got = j.json.x.map((x: number, i: number) => [x, j.json.y[i], j.json.w[i]]).sort((a: number[], b: number[]) => a[0] - b[0] || a[1] - b[1]);
      expect(got.length).toBe(want.length);
      got.forEach((g: number[], i: number) => {
        expect(g[0]).toBeCloseTo(want[i][0], 6);
        expect(g[1]).toBeCloseTo(want[i][1], 6);
        expect(g[2]).toBe(want[i][2]);
      });
      // A finer cell would not have fitted: the server picked the finest of its candidates.
      const b = decodePoints((await getBytes(`${h.url}/v1/points?site=q-site&limit=${limit}`)).bytes);
      expect(b).toMatchObject({ aggregated: true, n: j.json.n, total: clicks.length, cell });
      expect(Array.from(b.w).reduce((a, v) => a + v, 0)).toBe(clicks.length);
    });

    it('a limit at or above the matches returns raw points', async () => {
      expect((await getJSON(`${h.url}/v1/points?site=q-site&format=json&limit=600`)).json).toMatchObject({ aggregated: false, n: 600 });
    });

    it('aggregates together with filters', async () => {
      const want = clicks.filter((r) => r.device === 'mobile').length;
      const j = await getJSON(`${h.url}/v1/points?site=q-site&format=json&device=mobile&limit=10`);
      expect(j.json).toMatchObject({ aggregated: true, total: want });
      expect(j.json.n).toBeLessThanOrEqual(10);
    });
  });

  describe('the CSS-selector filter on stored click targets', () => {
    const SELS = {
      buy: 'main > section#plans > a[data-heatlens-id="buy-pro"]',
      signup: 'header > nav.top > a.signup',
      plan2: 'main > section#plans > div.plan:nth-of-type(2) > a.buy',
      checkout: 'button#checkout',
      footer: 'footer > ul > li:nth-of-type(3) > a',
      weird: 'main > div[data-testid="a,b \\"c\\""] > span',
    };
    const X: Record<string, number> = { buy: 1, signup: 2, plan2: 3, checkout: 4, footer: 5, weird: 6 };
    beforeAll(async () => {
      // Recorded a month before the selectors below were written: the filter is retroactive.
      const rows: EventRow[] = Object.entries(SELS).flatMap(([k, sel]) =>
        [0, 1].map((j) => ({
          t: 'click' as const,
          site: 'sel-site',
          path: '/p',
          session: 's_selector',
          device: 'desktop' as const,
          ts: T0 - 30 * DAY + j,
          x: X[k],
          y: j,
          sel,
        })),
      );
      await h.store.write({ site: 'sel-site', batch: 'seed_selectors', received: T0, rows });
    });

    const cases: Array<[string, string[]]> = [
      ['#plans', ['buy', 'plan2']],
      ['a.signup', ['signup']],
      ['nav > a', ['signup']],
      ['main a', ['buy', 'plan2']],
      ['main > a', []],
      ['[data-heatlens-id^="buy"]', ['buy']],
      ['a[data-heatlens-id="BUY-PRO" i]', ['buy']],
      ['div.plan:nth-of-type(2)', ['plan2']],
      ['div.plan:nth-of-type(1)', []],
      ['li:nth-of-type(odd) > a', ['footer']],
      ['li:nth-child(3)', []],
      ['a:not(.buy)', ['buy', 'signup', 'footer']],
      ['button, footer', ['checkout', 'footer']],
      ['BUTTON#checkout', ['checkout']],
      ['section#PLANS', []],
      ['[data-testid="a,b \\"c\\""] span', ['weird']],
      ['*', Object.keys(SELS)],
    ];
    it.each(cases)('%s', async (selector, want) => {
      const j = await getJSON(`${h.url}/v1/points?site=sel-site&format=json&selector=${encodeURIComponent(selector)}`);
      expect(j.status).toBe(200);
      const got = [...new Set(j.json.x as number[])].sort();
      expect(got).toEqual(want.map((k) => X[k]).sort());
      expect(j.json.total).toBe(want.length * 2);
    });

    it('combines with the time filter', async () => {
      const j = await getJSON(`${h.url}/v1/points?site=sel-site&format=json&selector=%23plans&to=${T0 - 30 * DAY + 1}`);
      expect(j.json.total).toBe(2); // one of each matching pair
    });
  });

  describe('GET /v1/scroll', () => {
    // Three visits to /p (dh 4000, vh 800):
    //   A: a view, scrolls to y 0 and 1200 → deepest bottom 2000
    //   B: a view only                    → deepest bottom 800 (the fold)
    //   C: one scroll to y 3200           → deepest bottom 4000
    // and one visit to /q that the path filter must leave out.
    beforeAll(async () => {
      const base = { site: 'scroll-site', device: 'desktop' as const, path: '/p' };
      const rows: EventRow[] = [
        { t: 'view', ...base, session: 's_visit_A', ts: T0, vw: 1280, vh: 800, dw: 1280, dh: 4000 },
        { t: 'scroll', ...base, session: 's_visit_A', ts: T0 + 2, y: 1200, vh: 800, dh: 4000, vw: 1280 },
        { t: 'scroll', ...base, session: 's_visit_A', ts: T0 + 1, y: 0, vh: 800, dh: 4000, vw: 1280 },
        { t: 'view', ...base, session: 's_visit_B', ts: T0, vw: 1280, vh: 800, dw: 1280, dh: 4000 },
        { t: 'scroll', ...base, session: 's_visit_C', ts: T0 + 5, y: 3200, vh: 800, dh: 4000, vw: 1280 },
        { t: 'scroll', ...base, path: '/q', session: 's_visit_D', ts: T0, y: 100, vh: 800, dh: 4000, vw: 1280 },
      ];
      await h.store.write({ site: 'scroll-site', batch: 'seed_scroll', received: T0, rows });
      // Another site, so the samples answers below stay as they are.
      const edge = { ...base, site: 'edge-site' };
      const edgeRows: EventRow[] = [
        // /e: E overscrolls (scrollY 5000 on a 3000 px page with a 1000 px window: clamped to
        // 2000, so its deepest bottom is the page's end, 3000); F only sees its first screen,
        // whose bottom lies exactly on the 1000 px edge.
        { t: 'view', ...edge, path: '/e', session: 's_visit_E', ts: T0, vw: 1280, vh: 1000, dw: 1280, dh: 3000 },
        { t: 'scroll', ...edge, path: '/e', session: 's_visit_E', ts: T0 + 1, y: 0, vh: 1000, dh: 3000, vw: 1280 },
        { t: 'scroll', ...edge, path: '/e', session: 's_visit_E', ts: T0 + 2, y: 5000, vh: 1000, dh: 3000, vw: 1280 },
        { t: 'view', ...edge, path: '/e', session: 's_visit_F', ts: T0, vw: 1280, vh: 1000, dw: 1280, dh: 3000 },
        // /g: the window grows from 600 to 1500 px tall after the first screen; the fold is the first.
        { t: 'view', ...edge, path: '/g', session: 's_visit_G', ts: T0, vw: 1280, vh: 600, dw: 1280, dh: 3000 },
        { t: 'scroll', ...edge, path: '/g', session: 's_visit_G', ts: T0 + 1, y: 0, vh: 1500, dh: 3000, vw: 1280 },
      ];
      await h.store.write({ site: 'edge-site', batch: 'seed_edges', received: T0, rows: edgeRows });
    });

    // Bins are (i·bin, (i+1)·bin]: a visit reaches bin i when its depth passes i·bin, as in
    // engine.scrollDepth. Depths on /p: A 2000, B 800, C 4000 px; every fold 800 px.
    it('curve in px: the share of visits whose viewport bottom passed the start of each bin', async () => {
      const j = await getJSON(`${h.url}/v1/scroll?site=scroll-site&path=/p&bin=1000`);
      expect(j.status).toBe(200);
      expect(j.json).toEqual({ unit: 'px', bin: 1000, sessions: 3, reach: [1, 2 / 3, 1 / 3, 1 / 3], fold: [3, 0, 0, 0] });
    });

    it('curve in percent of the document height (50 %, 20 %, 100 %)', async () => {
      const j = await getJSON(`${h.url}/v1/scroll?site=scroll-site&path=/p&unit=pct&bin=25`);
      expect(j.json).toEqual({ unit: 'pct', bin: 25, sessions: 3, reach: [1, 2 / 3, 1 / 3, 1 / 3], fold: [3, 0, 0, 0] });
    });

    it('clamps overscroll into the page and leaves a depth on an edge in the bin above it', async () => {
      const j = await getJSON(`${h.url}/v1/scroll?site=edge-site&path=/e&bin=1000`);
      expect(j.json).toEqual({ unit: 'px', bin: 1000, sessions: 2, reach: [1, 0.5, 0.5], fold: [2, 0, 0] });
    });

    it('takes each visit’s first viewport height as its fold', async () => {
      const j = await getJSON(`${h.url}/v1/scroll?site=edge-site&path=/g&bin=500`);
      expect(j.json).toEqual({ unit: 'px', bin: 500, sessions: 1, reach: [1, 1, 1], fold: [0, 1, 0] });
    });

    it('samples per visit, ordered by session then time, JSON and binary alike', async () => {
      const j = await getJSON(`${h.url}/v1/scroll?site=scroll-site&mode=samples&format=json`);
      expect(j.json).toEqual({
        n: 4,
        truncated: false,
        sessions: ['s_visit_A', 's_visit_C', 's_visit_D'],
        paths: ['/p', '/p', '/q'],
        visit: [0, 0, 1, 2],
        t: [T0 + 1, T0 + 2, T0 + 5, T0],
        y: [0, 1200, 3200, 100],
        vh: [800, 800, 800, 800],
        dh: [4000, 4000, 4000, 4000],
      });
      const b = decodeScrollSamples((await getBytes(`${h.url}/v1/scroll?site=scroll-site&mode=samples`)).bytes);
      expect(b.visits).toBe(3);
      expect(Array.from(b.t)).toEqual(j.json.t);
      expect(Array.from(b.visit)).toEqual(j.json.visit);
      expect(Array.from(b.y)).toEqual(j.json.y);
    });

    it('drops whole visits, never half of one, past the limit', async () => {
      const j = await getJSON(`${h.url}/v1/scroll?site=scroll-site&mode=samples&format=json&limit=2`);
      expect(j.json).toMatchObject({ n: 2, truncated: true, sessions: ['s_visit_A'], visit: [0, 0] });
      const k = await getJSON(`${h.url}/v1/scroll?site=scroll-site&mode=samples&format=json&limit=1`);
      expect(k.json).toMatchObject({ n: 0, truncated: true, sessions: [] });
    });

    it('refuses curve-only parameters on samples and a curve too fine to send', async () => {
      expect((await getJSON(`${h.url}/v1/scroll?site=scroll-site&mode=samples&bin=5`)).status).toBe(400);
      expect((await getJSON(`${h.url}/v1/scroll?site=scroll-site&format=binary`)).status).toBe(400);
      await h.store.write({
        site: 'deep-site',
        batch: 'seed_deep',
        received: T0,
        rows: [{ t: 'scroll', site: 'deep-site', path: '/', session: 's_deepdeep', device: 'desktop', ts: T0, y: 999_000, vh: 1000, dh: 1_000_000 }],
      });
      const r = await getJSON(`${h.url}/v1/scroll?site=deep-site&bin=1`);
      expect([r.status, r.json.error.code, r.json.error.path]).toEqual([400, 'too_many_bins', 'bin']);
    });
  });

  describe('batch ids', () => {
    it('hasBatch knows the batches stored, per site', async () => {
      expect(await h.store.hasBatch('q-site', 'seed_clicks')).toBe(true);
      expect(await h.store.hasBatch('q-site', 'never_sent')).toBe(false);
      expect(await h.store.hasBatch('other-site', 'seed_clicks')).toBe(false);
      await h.store.write({ site: 'q-site', batch: 'empty_marker', received: T0, rows: [] });
      expect(await h.store.hasBatch('q-site', 'empty_marker')).toBe(true);
    });
  });

  describe('retention', () => {
    it('deletes events older than the cutoff and the batch ids received before it', async () => {
      const site = 'ret-site';
      const row = (ts: number, x: number): EventRow => ({ t: 'move', site, path: '/', session: 's_retention', device: 'desktop', ts, x, y: 1 });
      await h.store.write({ site, batch: 'old_batch1', received: T0 - 40 * DAY, rows: [row(T0 - 40 * DAY, 1), row(T0 - 31 * DAY, 2)] });
      await h.store.write({ site, batch: 'new_batch1', received: T0, rows: [row(T0 - 29 * DAY, 3), row(T0, 4)] });
      await h.store.deleteBefore(T0 - 30 * DAY);
      const j = await getJSON(`${h.url}/v1/points?site=${site}&kind=move&format=json`);
      expect(j.json.x).toEqual([3, 4]);
      expect((await h.store.counts(site)).batches).toBe(1);
      // Deleting an old batch's id lets a (very late) retry in again; a recent one stays a duplicate.
      expect(await h.store.write({ site, batch: 'new_batch1', received: T0, rows: [row(T0, 5)] })).toEqual({ accepted: 0, duplicate: true });
    });
  });
}
