// The store contract, continued (storeContract in store-contract.ts registers these too): what the
// dashboard reads — GET /v1/moves (cursor samples by visit), /v1/elements (clicks and rage
// clicks per element) and /v1/pages — compared with the same answers worked out here in plain
// JS from the rows written, on whichever store is behind the handler.
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeMoves } from '../../ingest/points-format.js';
import type { Device, EventRow } from '../../ingest/schema.js';
import type { Store } from '../../ingest/store.js';
import { getBytes, getJSON, type Harness } from '../unit/ingest-support.js';
import { mulberry32 } from '../../bench/data.mjs';

const DAY = 86_400_000;
// After the retention test's cutoff (store-contract.ts), which deletes from every site.
const T0 = Date.UTC(2025, 10, 5);
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const rand = mulberry32(7);
const DEVICES: Device[] = ['desktop', 'tablet', 'mobile'];
// 40 visits: 20 sessions × 2 paths, each 1–12 samples; quarter-px coordinates (exact in float32).
const moves: EventRow[] = [];
for (let s = 0; s < 20; s++) {
  const session = `s_mv${String((s * 7919) % 1000).padStart(6, '0')}`; // ids not in write order
  const device = DEVICES[s % 3];
  for (const path of ['/a', '/b']) {
    const n = 1 + Math.floor(rand() * 12);
    const start = T0 + Math.floor(rand() * 20) * DAY;
    for (let k = 0; k < n; k++) {
      moves.push({
        t: 'move', site: 'mv-site', path, session, device, ts: start + k * 100 + (path === '/b' ? 50 : 0),
        x: Math.round(rand() * 1280 * 4) / 4, y: Math.round(rand() * 4000 * 4) / 4, vw: s % 2 ? 390 : 1280, dh: 4000,
      });
    }
  }
}
// Written in reverse: the answer's order must come from the query, not from the file.
const movesWritten = [...moves].reverse();

/** The answer worked out by hand: ordered by session, path, time; visit = index of (session, path). */
function expectedMoves(keep: (r: EventRow) => boolean) {
  const rows = moves.filter(keep).sort((a, b) => cmp(a.session, b.session) || cmp(a.path, b.path) || a.ts - b.ts);
  const visit: number[] = [];
  let last = '';
  for (const r of rows) {
    const key = `${r.session} ${r.path}`;
    if (key !== last) visit.push((visit.at(-1) ?? -1) + 1);
    else visit.push(visit.at(-1)!);
    last = key;
  }
  return { rows, visit };
}

const SELS = ['main > a.buy', 'header > nav > a.signup', 'main > div.hero > span.play', 'footer > a', 'main > section#plans > a.pro'];
const clicks: EventRow[] = Array.from({ length: 300 }, (_, i) => {
  // Skewed, so the ranking has an order: selector k gets about 1/(k+1) of the clicks.
  const k = Math.min(SELS.length - 1, Math.floor(-Math.log(1 - rand()) * 1.2));
  return {
    t: 'click', site: 'el-site', path: i % 3 ? '/p' : '/q', session: `s_el${String(i % 17).padStart(6, '0')}`,
    device: DEVICES[i % 3], ts: T0 + i * 1000, x: i, y: i, vw: 1280, vh: 800, dw: 1280, dh: 4000,
    sel: i % 29 === 0 ? undefined : SELS[k], fx: 0.5, fy: 0.5, ia: true, rage: k === 2 && i % 2 === 0,
  };
});

function expectedElements(keep: (r: EventRow) => boolean, limit = 20) {
  const rows = clicks.filter(keep);
  const by = new Map<string, { clicks: number; rage: number }>();
  for (const r of rows) {
    if (r.sel === undefined) continue;
    const e = by.get(r.sel) ?? { clicks: 0, rage: 0 };
    e.clicks++;
    if (r.rage) e.rage++;
    by.set(r.sel, e);
  }
  const elements = [...by]
    .map(([selector, e]) => ({ selector, clicks: e.clicks, rage: e.rage, share: e.clicks / rows.length }))
    .sort((a, b) => b.clicks - a.clicks || cmp(a.selector, b.selector))
    .slice(0, limit);
  return { total: rows.length, elements };
}

// Pages: /home has 5 views (3 at 1280×4000, 2 at 390×6000), /pricing 2 views (1280×2600) and
// clicks, /docs only moves and scrolls (no size known).
const pv = (path: string, i: number, device: Device, vw: number, dw: number, dh: number): EventRow => ({
  t: 'view', site: 'pg-site', path, session: `s_pg${String(i).padStart(6, '0')}`, device, ts: T0 + i, vw, vh: 800, dw, dh,
});
const pageRows: EventRow[] = [
  pv('/home', 1, 'desktop', 1280, 1280, 4000), pv('/home', 2, 'desktop', 1280, 1280, 4000), pv('/home', 3, 'desktop', 1280, 1280, 4000),
  pv('/home', 4, 'mobile', 390, 390, 6000), pv('/home', 5, 'mobile', 390, 390, 6000),
  pv('/pricing', 6, 'desktop', 1280, 1280, 2600), pv('/pricing', 7, 'desktop', 1280, 1280, 2600),
  ...[1, 2, 3].map((i): EventRow => ({ ...clicks[0], site: 'pg-site', path: '/pricing', ts: T0 + 10 + i, dw: 1280, dh: 2600 })),
  { t: 'move', site: 'pg-site', path: '/docs', session: 's_pg000009', device: 'desktop', ts: T0 + 20, x: 1, y: 2, vw: 1280, dh: 3000 },
  { t: 'scroll', site: 'pg-site', path: '/docs', session: 's_pg000009', device: 'desktop', ts: T0 + 21, y: 100, vh: 800, dh: 3000, vw: 1280 },
  { t: 'move', site: 'pg-site', path: '/home', session: 's_pg000001', device: 'desktop', ts: T0 + 22, x: 1, y: 2, vw: 1280, dh: 4000 },
];

export function summariesContract(harness: () => Harness<Store>): void {
  let h: Harness<Store>;
  beforeAll(async () => {
    h = harness();
    await h.store.write({ site: 'mv-site', batch: 'seed_moves', received: T0, rows: movesWritten });
    await h.store.write({ site: 'el-site', batch: 'seed_elements', received: T0, rows: clicks });
    await h.store.write({ site: 'pg-site', batch: 'seed_pages', received: T0, rows: pageRows });
  });

  describe('GET /v1/moves', () => {
    const cases: Array<[string, (r: EventRow) => boolean]> = [
      ['', () => true],
      ['path=/b', (r) => r.path === '/b'],
      ['device=desktop,mobile', (r) => r.device !== 'tablet'],
      [`from=${T0 + 5 * DAY}&to=${T0 + 12 * DAY}`, (r) => r.ts >= T0 + 5 * DAY && r.ts < T0 + 12 * DAY],
      ['vwmax=400', (r) => (r.vw as number) <= 400],
    ];
    it.each(cases)('%s: samples by visit then time, JSON and binary alike', async (query, keep) => {
      const want = expectedMoves(keep);
      const j = await getJSON(`${h.url}/v1/moves?site=mv-site&format=json&${query}`);
      expect(j.status).toBe(200);
      expect(j.json).toEqual({
        n: want.rows.length,
        visits: new Set(want.rows.map((r) => `${r.session} ${r.path}`)).size,
        truncated: false,
        t: want.rows.map((r) => r.ts),
        visit: want.visit,
        x: want.rows.map((r) => r.x),
        y: want.rows.map((r) => r.y),
      });
      const res = await getBytes(`${h.url}/v1/moves?site=mv-site&${query}`);
      expect(res.headers.get('content-type')).toBe('application/vnd.heatlens.moves');
      expect(res.bytes.byteLength).toBe(32 + 20 * want.rows.length);
      expect(String.fromCharCode(...res.bytes.subarray(0, 4))).toBe('HLMV');
      const b = decodeMoves(res.bytes);
      expect(b.visits).toBe(j.json.visits);
      expect(b.truncated).toBe(false);
      expect([Array.from(b.t), Array.from(b.visit), Array.from(b.x), Array.from(b.y)]).toEqual([j.json.t, j.json.visit, j.json.x, j.json.y]);
    });

    it.each([1, 5, 40, 100])('limit=%i keeps whole visits from the start of the visit order, and says so', async (limit) => {
      const all = expectedMoves(() => true);
      // The visits that fit whole, in order.
      let keep = 0;
      while (keep < all.rows.length && keep < limit) keep++;
      if (keep < all.rows.length) while (keep > 0 && all.visit[keep - 1] === all.visit[keep]) keep--;
      const j = await getJSON(`${h.url}/v1/moves?site=mv-site&format=json&limit=${limit}`);
      expect(j.json.n).toBe(keep);
      expect(j.json.truncated).toBe(keep < all.rows.length);
      expect(j.json.t).toEqual(all.rows.slice(0, keep).map((r) => r.ts));
      expect(j.json.visits).toBe(keep ? all.visit[keep - 1] + 1 : 0);
      const b = decodeMoves((await getBytes(`${h.url}/v1/moves?site=mv-site&limit=${limit}`)).bytes);
      expect([b.t.length, b.truncated, b.visits]).toEqual([keep, j.json.truncated, j.json.visits]);
    });

    it('answers an unknown site with no samples', async () => {
      expect((await getJSON(`${h.url}/v1/moves?site=nobody&format=json`)).json).toEqual({ n: 0, visits: 0, truncated: false, t: [], visit: [], x: [], y: [] });
    });
  });

  describe('GET /v1/elements', () => {
    const cases: Array<[string, (r: EventRow) => boolean, number?]> = [
      ['', () => true],
      ['path=/q', (r) => r.path === '/q'],
      ['device=mobile', (r) => r.device === 'mobile'],
      [`from=${T0 + 100_000}`, (r) => r.ts >= T0 + 100_000],
      ['limit=2', () => true, 2],
      ['selector=main', (r) => r.sel?.startsWith('main >') === true],
      ['selector=a.signup%2C%23plans', (r) => r.sel === SELS[1] || r.sel === SELS[4]],
    ];
    it.each(cases)('%s: clicks and rage clicks per element, most clicked first', async (query, keep, limit) => {
      const j = await getJSON(`${h.url}/v1/elements?site=el-site&${query}`);
      expect(j.status).toBe(200);
      const want = expectedElements(keep, limit);
      expect(j.json.total).toBe(want.total);
      expect(j.json.elements.map((e: { share: number }) => ({ ...e, share: 0 }))).toEqual(want.elements.map((e) => ({ ...e, share: 0 })));
      j.json.elements.forEach((e: { share: number }, i: number) => expect(e.share).toBeCloseTo(want.elements[i].share, 12));
    });

    it('counts the rage clicks the tracker flagged', async () => {
      const j = await getJSON(`${h.url}/v1/elements?site=el-site`);
      const play = j.json.elements.find((e: { selector: string }) => e.selector === SELS[2]);
      expect(play.rage).toBe(clicks.filter((r) => r.sel === SELS[2] && r.rage).length);
      expect(play.rage).toBeGreaterThan(0);
      expect(j.json.elements.filter((e: { rage: number }) => e.rage > 0)).toHaveLength(1);
    });

    it('a selector matching nothing gives an empty ranking', async () => {
      expect((await getJSON(`${h.url}/v1/elements?site=el-site&selector=table`)).json).toEqual({ total: 0, elements: [] });
    });
  });

  describe('GET /v1/pages', () => {
    it('lists every page with its counts, most viewed first, and its most common document size', async () => {
      const j = await getJSON(`${h.url}/v1/pages?site=pg-site`);
      expect(j.status).toBe(200);
      expect(j.json).toEqual({
        pages: [
          { path: '/home', views: 5, clicks: 0, moves: 1, scrolls: 0, width: 1280, height: 4000 },
          { path: '/pricing', views: 2, clicks: 3, moves: 0, scrolls: 0, width: 1280, height: 2600 },
          { path: '/docs', views: 0, clicks: 0, moves: 1, scrolls: 1, width: null, height: null },
        ],
      });
    });

    it('applies the segment filters, sizes included', async () => {
      const j = await getJSON(`${h.url}/v1/pages?site=pg-site&device=mobile`);
      expect(j.json).toEqual({ pages: [{ path: '/home', views: 2, clicks: 0, moves: 0, scrolls: 0, width: 390, height: 6000 }] });
      const k = await getJSON(`${h.url}/v1/pages?site=pg-site&path=/p*`);
      expect(k.json.pages.map((p: { path: string }) => p.path)).toEqual(['/pricing']);
    });
  });

  describe('bad parameters', () => {
    it.each([
      ['/v1/moves?site=mv-site&limit=0', 'invalid_parameter', 'limit'],
      ['/v1/moves?site=mv-site&limit=10000001', 'invalid_parameter', 'limit'],
      ['/v1/moves?site=mv-site&format=csv', 'invalid_parameter', 'format'],
      ['/v1/moves?site=mv-site&kind=move', 'unknown_parameter', 'kind'],
      ['/v1/moves', 'invalid_parameter', 'site'],
      ['/v1/elements?site=el-site&limit=1001', 'invalid_parameter', 'limit'],
      ['/v1/elements?site=el-site&selector=a%2Bb', 'unsupported_selector', 'selector'],
      ['/v1/elements?site=el-site&format=json', 'unknown_parameter', 'format'],
      ['/v1/pages?site=pg-site&limit=3', 'unknown_parameter', 'limit'],
      ['/v1/pages?site=bad%20site', 'invalid_parameter', 'site'],
      [`/v1/pages?site=pg-site&from=${T0}&to=${T0 - 1}`, 'invalid_parameter', 'to'],
      ['/v1/pages?site=pg-site&site=other', 'repeated_parameter', 'site'],
    ])('%s → 400 %s (%s)', async (url, code, path) => {
      const r = await getJSON(`${h.url}${url}`);
      expect(r.status).toBe(400);
      expect(r.json.error).toMatchObject({ code, path });
      expect(typeof r.json.error.message).toBe('string');
    });
  });
}
