// GET /v1/points?layout=W over HTTP, on the embedded store (the store contract in
// tests/support/store-contract-layout.ts checks the placements on both stores): clicks sent as
// the tracker sends them, the parameter's validation, the unplaced count in JSON and in a
// header that a page on another origin can read in a real Chromium, ETags per layout, and the
// demo's phone and tablet clicks placed inside the desktop boxes of the elements they hit (on
// the embedded store and on one ClickHouse server).
import { createServer, type Server } from 'node:http';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodePointsBinary, parsePointsJson } from '../../components/points-source.js';
import { ClickHouseStore } from '../../ingest/clickhouse-store.js';
import { DEMO_LAYOUTS } from '../../ingest/demo-layout.js';
import { demoBatches, seedDemo } from '../../ingest/demo.js';
import { decodePoints } from '../../ingest/points-format.js';
import type { EventRow } from '../../ingest/schema.js';
import type { Store } from '../../ingest/store.js';
import { launchChromium } from '../../scripts/find-chromium.mjs';
import { expectPlaced, fitLine } from '../support/placement-reference.js';
import { findClickHouse, startCluster } from '../support/clickhouse.js';
import { batch, click, getBytes, getJSON, post, startHarness, startHarnessWith, type Harness } from './ingest-support.js';

let h: Harness;
const SITE = 'layout-site';
const at = (query: string) => `${h.url}/v1/points?site=${SITE}&path=/pricing&${query}`;

beforeAll(async () => {
  h = await startHarness();
  // Desktop: '#cta' at (100, 200), 200 × 50 on the 1280 px layout.
  const desktop = [
    click(120, 210, { sel: 'main > a#cta', fx: 0.1, fy: 0.2 }),
    click(280, 240, { sel: 'main > a#cta', fx: 0.9, fy: 0.8 }),
    click(200, 225, { sel: 'main > a#cta', fx: 0.5, fy: 0.5 }),
  ];
  const phone = [
    click(97.5, 812, { sel: 'main > a#cta', fx: 0.25, fy: 0.6, vw: 390, dw: 390 }),
    click(350, 20, { sel: 'header > button#burger', fx: 0.5, fy: 0.5, vw: 390, dw: 390 }),
  ];
  expect((await post(h.url, batch(desktop, { site: SITE, session: 's_desktop1' }))).json).toEqual({ accepted: 3 });
  expect((await post(h.url, batch(phone, { site: SITE, session: 's_phone001', device: 'mobile' }))).json).toEqual({ accepted: 2 });
});
afterAll(() => h?.close());

describe('GET /v1/points?layout=W', () => {
  it('answers in JSON with the placed points and the unplaced count', async () => {
    const j = await getJSON(at('format=json&layout=1280'));
    expect(j.status).toBe(200);
    expect(j.json).toMatchObject({ n: 4, total: 4, unplaced: 1, aggregated: false, cell: 0 });
    expectPlaced(j.json, [[120, 210], [150, 230], [200, 225], [280, 240]]);
    expect(j.headers.get('x-heatlens-unplaced')).toBe('1');
  });

  it('answers in binary with the header (the format itself is unchanged)', async () => {
    const r = await getBytes(at('layout=1280'));
    expect(r.status).toBe(200);
    expect(r.headers.get('x-heatlens-unplaced')).toBe('1');
    expect(r.headers.get('x-heatlens-total')).toBe('4');
    const b = decodePoints(r.bytes);
    // The header's last word carries the count too, for clients that read only the body.
    expect(b).toMatchObject({ n: 4, total: 4, unplaced: 1, aggregated: false });
    expect(Array.from(b.x).sort((p, q) => p - q)).toEqual([120, 150, 200, 280]);
  });

  it('<click-map>’s decoders read the unplaced count from both answers', async () => {
    const body = async (url: string) => (await fetch(url)).arrayBuffer();
    expect(decodePointsBinary(await body(at('layout=1280')))).toMatchObject({ total: 4, unplaced: 1 });
    const text = await (await fetch(at('format=json&layout=1280'))).text();
    expect(parsePointsJson(text)).toMatchObject({ total: 4, unplaced: 1 });
    expect(decodePointsBinary(await body(at(''))).unplaced).toBe(0);
  });

  it('without layout: the stored points, no header and no field', async () => {
    const j = await getJSON(at('format=json'));
    expect(j.json.total).toBe(5);
    expect(j.json).not.toHaveProperty('unplaced');
    expect(j.headers.get('x-heatlens-unplaced')).toBeNull();
    const b = await getBytes(at(''));
    expect(b.headers.get('x-heatlens-unplaced')).toBeNull();
    expect(decodePoints(b.bytes).unplaced).toBe(0);
  });

  it('each layout is its own answer for the ETag', async () => {
    const tags = await Promise.all(['', '&layout=1280', '&layout=390'].map(async (q) => (await fetch(at(`format=json${q}`))).headers.get('etag')));
    expect(new Set(tags).size).toBe(3);
    const again = await fetch(at('format=json&layout=1280'), { headers: { 'if-none-match': tags[1]! } });
    expect(again.status).toBe(304);
  });

  it('refuses a bad layout with a 400 naming it, and keeps serving', async () => {
    const cases: Array<[string, string, string]> = [
      ['kind=move&layout=1280', 'invalid_parameter', 'parameter layout applies to kind=click only'],
      ['layout=0', 'invalid_parameter', 'parameter layout must be ≥ 1'],
      ['layout=100001', 'invalid_parameter', 'parameter layout must be ≤ 100000'],
      ['layout=abc', 'invalid_parameter', 'parameter layout must be a whole number'],
      ['layout=1280.5', 'invalid_parameter', 'parameter layout must be a whole number'],
      ['layout=', 'invalid_parameter', 'parameter layout must be a whole number'],
      ['layout=1280&layout=390', 'repeated_parameter', 'parameter layout is given more than once'],
    ];
    for (const [q, code, message] of cases) {
      const r = await getJSON(at(q));
      expect([q, r.status, r.json.error]).toEqual([q, 400, { code, message, path: 'layout' }]);
      expect(r.headers.get('access-control-allow-origin')).toBe('*');
    }
    expect((await getJSON(at('format=json&layout=100000'))).json).toMatchObject({ total: 0, unplaced: 5 });
  });
});

describe('a page on another origin', () => {
  let browser: Browser;
  let page: Server;
  let pageUrl: string;
  beforeAll(async () => {
    page = createServer((_, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>other origin</title>'));
    await new Promise<void>((ok) => page.listen(0, '127.0.0.1', ok));
    pageUrl = `http://127.0.0.1:${(page.address() as { port: number }).port}/`;
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await new Promise((done) => page?.close(done));
  });

  it('reads the unplaced count (CORS exposes the header)', async () => {
    const tab = await browser.newPage();
    try {
      await tab.goto(pageUrl);
      const seen = await tab.evaluate(async (url) => {
        const r = await fetch(url);
        return { unplaced: r.headers.get('x-heatlens-unplaced'), total: r.headers.get('x-heatlens-total'), origin: location.origin };
      }, at('layout=1280'));
      expect(seen.origin).not.toBe(new URL(h.url).origin);
      expect(seen).toMatchObject({ unplaced: '1', total: '4' });
    } finally {
      await tab.close();
    }
  });
});

// The embedded store, and one ClickHouse server without a cluster (its single-server layout:
// the store contract covers the Distributed one).
const demoStores: Array<[string, () => Promise<Harness<Store>>]> = [
  ['the embedded store', () => startHarness()],
  [
    'one ClickHouse server',
    async () => {
      findClickHouse();
      const server = await startCluster(1);
      const hc = await startHarnessWith(() => ClickHouseStore.open(`clickhouse://127.0.0.1:${server.shards[0].http}/layout_demo`));
      return {
        ...hc,
        async close() {
          await hc.close();
          await server.stop();
        },
      };
    },
  ],
];

describe.each(demoStores)('the demo site on %s: phone and tablet clicks on the desktop layout', (_, open) => {
  const NOW = Date.UTC(2026, 10, 25, 12);
  const SESSIONS = 1500;
  const PAGE = DEMO_LAYOUTS['/demo/'];
  let demo: Harness<Store>;
  let rows: EventRow[];
  beforeAll(async () => {
    demo = await open();
    await seedDemo(demo.store, { sessions: SESSIONS, now: NOW });
    // The same traffic, generated again here (generation is deterministic).
    rows = [...demoBatches(SESSIONS, NOW)].flatMap((b) => b.rows).filter((r) => r.t === 'click' && r.path === '/demo/');
  }, 60_000);
  afterAll(() => demo?.close());

  it('places each at its spot of its element, fitted from the desktop clicks, within a pixel of the real box', async () => {
    const j = await getJSON(`${demo.url}/v1/points?site=demo&path=/demo/&device=mobile,tablet&layout=1280&format=json`);
    const others = rows.filter((r) => r.device !== 'desktop');
    expect(j.json).toMatchObject({ total: others.length, unplaced: 0, aggregated: false });

    const bySel = new Map<string, EventRow[]>();
    for (const r of rows) if (r.dw === 1280) bySel.set(r.sel!, [...(bySel.get(r.sel!) ?? []), r]);
    const boxes = new Map([...bySel].map(([sel, d]) => [sel, { x: fitLine(d.map((c) => c.x!), d.map((c) => c.fx!)), y: fitLine(d.map((c) => c.y!), d.map((c) => c.fy!)) }]));
    const truth = new Map(PAGE.desktop.targets.map(([sel, x, y, w, h]) => [sel, { x, y, w, h }]));
    const want: number[][] = [];
    for (const r of others) {
      const box = boxes.get(r.sel!)!;
      const p = [box.x.at + r.fx! * box.x.size, box.y.at + r.fy! * box.y.size];
      // The fit recovers the page's real box (stored x and fx are rounded, hence a pixel).
      const t = truth.get(r.sel!)!;
      expect(Math.abs(p[0] - (t.x + r.fx! * t.w))).toBeLessThan(1);
      expect(Math.abs(p[1] - (t.y + r.fy! * t.h))).toBeLessThan(1);
      want.push(p);
    }
    expectPlaced(j.json, want);
    // Without layout, many of the same clicks fall outside the desktop page.
    const raw = (await getJSON(`${demo.url}/v1/points?site=demo&path=/demo/&device=mobile,tablet&format=json`)).json;
    const outside = (xs: number[], ys: number[]) => xs.filter((x, i) => x > PAGE.desktop.dw || ys[i] > PAGE.desktop.dh).length;
    expect(outside(raw.x, raw.y)).toBeGreaterThan(0);
    expect(outside(j.json.x, j.json.y)).toBe(0);
  }, 60_000);
});
