// The store contract, continued (storeContract in store-contract.ts registers these too): clicks
// re-projected onto one layout, GET /v1/points?layout=W. Element boxes worked out on paper from
// a few clicks, placements checked against the boxes the clicks were generated from, and the
// pre-aggregated answer checked against the raw placed answer binned here by hand.
import { beforeAll, describe, expect, it } from 'vitest';
import { decodePoints } from '../../ingest/points-format.js';
import type { Device, EventRow } from '../../ingest/schema.js';
import type { Store } from '../../ingest/store.js';
import { getBytes, getJSON, type Harness } from '../unit/ingest-support.js';
import { mulberry32 } from '../../bench/data.mjs';
import { expectPlaced, fitLine } from './placement-reference.js';

const DAY = 86_400_000;
// After the retention test's cutoff (store-contract.ts), which deletes from every site.
const T0 = Date.UTC(2025, 10, 6);

type Size = { device: Device; vw: number; dw: number };
const DESKTOP: Size = { device: 'desktop', vw: 1280, dw: 1280 };
const TABLET: Size = { device: 'tablet', vw: 800, dw: 800 };
const PHONE: Size = { device: 'mobile', vw: 390, dw: 390 };

let serial = 0;
function clickRow(site: string, size: Size, x: number, y: number, sel: string | undefined, fx: number | undefined, fy: number | undefined, extra: Partial<EventRow> = {}): EventRow {
  serial++;
  return {
    t: 'click', site, path: '/p', session: `s_layout${String(serial % 50).padStart(4, '0')}`, ts: T0 + serial,
    vh: 800, dh: 3000, ...size, x, y, sel, fx, fy, ia: true, rage: false, ...extra,
  };
}

// The desktop (1280 px) layout of /p: '#cta' at (100, 200), 200 × 50, fitted from three clicks;
// '#one' clicked once; '#flat' clicked twice at the same fx (var(fx) = 0). Neither of those two
// has a box. Clicks on other layouts land by their fractions, or are left out.
const SITE = 'lay-site';
const desktop = [
  clickRow(SITE, DESKTOP, 120, 210, '#cta', 0.1, 0.2),
  clickRow(SITE, DESKTOP, 280, 240, '#cta', 0.9, 0.8),
  clickRow(SITE, DESKTOP, 200, 225, '#cta', 0.5, 0.5),
  clickRow(SITE, DESKTOP, 500, 500, '#one', 0.3, 0.3),
  clickRow(SITE, DESKTOP, 600, 100, '#flat', 0.5, 0.2),
  clickRow(SITE, DESKTOP, 600, 120, '#flat', 0.5, 0.8),
  clickRow(SITE, DESKTOP, 700, 900, undefined, undefined, undefined),
];
const phone = {
  cta: clickRow(SITE, PHONE, 97.5, 812, '#cta', 0.25, 0.6), // → (100 + 0.25·200, 200 + 0.6·50) = (150, 230)
  burger: clickRow(SITE, PHONE, 360, 20, '#burger', 0.5, 0.5), // no desktop clicks: unplaced
  one: clickRow(SITE, PHONE, 40, 40, '#one', 0.5, 0.5), // one desktop click: unplaced
  flat: clickRow(SITE, PHONE, 50, 50, '#flat', 0.5, 0.5), // var(fx) = 0 on desktop: unplaced
  bare: clickRow(SITE, PHONE, 60, 60, undefined, undefined, undefined), // no element recorded: unplaced
};
const tablet = clickRow(SITE, TABLET, 300, 400, '#cta', 0.75, 0.2); // → (250, 210)
// Clicks the request's path and period filters must keep out of the boxes: another page's
// '#cta' elsewhere, and the same page before a redesign moved it.
const elsewhere = [
  clickRow(SITE, DESKTOP, 900, 900, '#cta', 0.2, 0.2, { path: '/q' }),
  clickRow(SITE, DESKTOP, 990, 990, '#cta', 0.8, 0.8, { path: '/q' }),
  clickRow(SITE, DESKTOP, 10, 10, '#cta', 0.2, 0.3, { ts: T0 - DAY }),
  clickRow(SITE, DESKTOP, 20, 400, '#cta', 0.4, 0.9, { ts: T0 - DAY }),
];
const PLACED: Array<[number, number]> = [...desktop.map((r) => [r.x!, r.y!] as [number, number]), [150, 230], [250, 210]];

// Over the limit: five elements with known desktop boxes, each fitted from 40 clicks placed
// exactly on it, and 300 phone and tablet clicks on them or on a sixth element desktop lacks.
const AGG = 'lay-agg-site';
const rand = mulberry32(11);
const BOXES = Array.from({ length: 5 }, (_, k) => ({ sel: `main > div.card:nth-of-type(${k + 1}) > a`, x: 40 + 230 * k, y: 150 + 310 * k, w: 150 + 10 * k, h: 40 + 5 * k }));
const HIDDEN = 'header > button.menu';
const aggRows: EventRow[] = [];
for (const b of BOXES) {
  for (let i = 0; i < 40; i++) {
    const fx = rand();
    const fy = rand();
    aggRows.push(clickRow(AGG, DESKTOP, b.x + fx * b.w, b.y + fy * b.h, b.sel, fx, fy));
  }
}
const aggExpected: Array<[number, number]> = aggRows.map((r) => [r.x!, r.y!]);
let aggUnplaced = 0;
for (let i = 0; i < 300; i++) {
  const k = Math.floor(rand() * 6);
  const fx = rand();
  const fy = rand();
  const size = i % 3 ? PHONE : TABLET;
  const b = BOXES[k];
  aggRows.push(clickRow(AGG, size, rand() * size.dw, rand() * 3000, b?.sel ?? HIDDEN, fx, fy));
  if (b) aggExpected.push([b.x + fx * b.w, b.y + fy * b.h]);
  else aggUnplaced++;
}

const byXY = (a: number[], b: number[]) => a[0] - b[0] || a[1] - b[1];
const pairs = (j: { x: number[]; y: number[] }) => j.x.map((x, i) => [x, j.y[i]]).sort(byXY);

export function layoutContract(harness: () => Harness<Store>): void {
  describe('clicks re-projected onto one layout (layout=W)', () => {
    let base: string;
    beforeAll(async () => {
      const h = harness();
      base = `${h.url}/v1/points?site=${SITE}&path=/p&from=${T0}&format=json`;
      await h.store.write({ site: SITE, batch: 'seed_layout', received: T0, rows: [...desktop, ...Object.values(phone), tablet, ...elsewhere] });
      await h.store.write({ site: AGG, batch: 'seed_layout_agg', received: T0, rows: aggRows });
    });

    it('keeps the layout’s own clicks, places the others by their element’s fitted box, counts the rest as unplaced', async () => {
      const j = await getJSON(`${base}&layout=1280`);
      expect(j.status).toBe(200);
      expect(j.json).toMatchObject({ total: PLACED.length, unplaced: 4, aggregated: false });
      expect(j.headers.get('x-heatlens-unplaced')).toBe('4');
      expect(j.headers.get('x-heatlens-total')).toBe(String(PLACED.length));
      expectPlaced(j.json, PLACED);
      // Desktop clicks exactly as stored.
      for (const r of desktop) expect(pairs(j.json)).toContainEqual([r.x, r.y]);
    });

    it('the binary answer carries the same points and the unplaced header', async () => {
      const r = await getBytes(`${base.replace('&format=json', '')}&layout=1280`);
      expect(r.headers.get('x-heatlens-unplaced')).toBe('4');
      const b = decodePoints(r.bytes);
      expect(b).toMatchObject({ n: PLACED.length, total: PLACED.length, unplaced: 4, aggregated: false });
      // 150, 230, 250 and 210 are exact in float32.
      expectPlaced({ x: Array.from(b.x), y: Array.from(b.y) }, PLACED);
    });

    it('a segment of phones is placed over the desktop boxes (device filters do not reach the boxes)', async () => {
      const j = await getJSON(`${base}&layout=1280&device=mobile`);
      expect(j.json).toMatchObject({ total: 1, unplaced: 4 });
      expectPlaced(j.json, [[150, 230]]);
      const v = await getJSON(`${base}&layout=1280&vwmax=800`);
      expect(v.json).toMatchObject({ total: 2, unplaced: 4 });
      expectPlaced(v.json, [[150, 230], [250, 210]]);
    });

    it('with a selector filter, only those clicks are placed', async () => {
      const j = await getJSON(`${base}&layout=1280&selector=${encodeURIComponent('#cta')}`);
      expect(j.json).toMatchObject({ total: 5, unplaced: 0 });
      expectPlaced(j.json, [[120, 210], [280, 240], [200, 225], [150, 230], [250, 210]]);
      const none = await getJSON(`${base}&layout=1280&selector=${encodeURIComponent('#nothing')}`);
      expect(none.json).toMatchObject({ total: 0, unplaced: 0, n: 0 });
      expect(none.headers.get('x-heatlens-unplaced')).toBe('0');
    });

    it('fits boxes from the period and page asked only', async () => {
      // Without the period filter the redesign's two clicks join the fit: '#cta' becomes the
      // least-squares box of all five desktop clicks, worked out here from the formula.
      const cta = [...desktop.slice(0, 3), ...elsewhere.slice(2)];
      const bx = fitLine(cta.map((r) => r.x!), cta.map((r) => r.fx!));
      const by = fitLine(cta.map((r) => r.y!), cta.map((r) => r.fy!));
      const j = await getJSON(`${base.replace(`&from=${T0}`, '')}&layout=1280&device=mobile&selector=${encodeURIComponent('#cta')}`);
      expectPlaced(j.json, [[bx.at + 0.25 * bx.size, by.at + 0.6 * by.size]]);
    });

    it('another layout: the phone layout has no boxes, so every other click is unplaced', async () => {
      const j = await getJSON(`${base}&layout=390`);
      expect(j.json).toMatchObject({ total: 5, unplaced: desktop.length + 1 });
      expectPlaced(j.json, Object.values(phone).map((r) => [r.x!, r.y!]));
    });

    it('an element whose fitted box would be upside down has none: its other-layout clicks are unplaced', async () => {
      // Desktop clicks whose x falls as fx rises ('#flip'), or y as fy rises ('#tall') — two
      // clicks close together with rounded fractions, or an element that moved: the fit is a
      // negative width or height, which no element has.
      const site = 'lay-flip-site';
      const rows = [
        clickRow(site, DESKTOP, 310, 100, '#flip', 0.2, 0.2),
        clickRow(site, DESKTOP, 300, 120, '#flip', 0.8, 0.8),
        clickRow(site, DESKTOP, 500, 100, '#tall', 0.2, 0.2),
        clickRow(site, DESKTOP, 600, 90, '#tall', 0.8, 0.8),
        clickRow(site, PHONE, 40, 40, '#flip', 0.5, 0.5),
        clickRow(site, PHONE, 50, 50, '#tall', 0.5, 0.5),
      ];
      await harness().store.write({ site, batch: 'seed_layout_flip', received: T0, rows });
      const j = await getJSON(`${harness().url}/v1/points?site=${site}&path=/p&from=${T0}&format=json&layout=1280`);
      expect(j.json).toMatchObject({ total: 4, unplaced: 2 });
    });

    it('without layout, nothing changes: no unplaced field, no header', async () => {
      const j = await getJSON(base);
      expect(j.json.total).toBe(desktop.length + 6);
      expect(j.json).not.toHaveProperty('unplaced');
      expect(j.headers.get('x-heatlens-unplaced')).toBeNull();
    });

    it('places clicks on boxes fitted from many clicks, each at its true spot', async () => {
      const j = await getJSON(`${harness().url}/v1/points?site=${AGG}&format=json&layout=1280`);
      expect(j.json).toMatchObject({ total: aggExpected.length, unplaced: aggUnplaced, aggregated: false });
      expectPlaced(j.json, aggExpected);
    });

    it.each([40, 150])('limit=%i: cells binned from the placed coordinates, weights summing to the placed total', async (limit) => {
      const url = `${harness().url}/v1/points?site=${AGG}&format=json&layout=1280`;
      const raw = (await getJSON(url)).json;
      const j = await getJSON(`${url}&limit=${limit}`);
      expect(j.json).toMatchObject({ aggregated: true, total: aggExpected.length, unplaced: aggUnplaced });
      expect(j.headers.get('x-heatlens-unplaced')).toBe(String(aggUnplaced));
      expect(j.json.n).toBeLessThanOrEqual(limit);
      expect(j.json.w.reduce((a: number, b: number) => a + b, 0)).toBe(aggExpected.length);
      // The raw placed answer binned by hand with the server's cell size.
      const cell = j.json.cell;
      const cells = new Map<string, { sx: number; sy: number; n: number }>();
      raw.x.forEach((x: number, i: number) => {
        const key = `${Math.floor(raw.y[i] / cell)},${Math.floor(x / cell)}`;
        const c = cells.get(key) ?? { sx: 0, sy: 0, n: 0 };
        c.sx += x;
        c.sy += raw.y[i];
        c.n++;
        cells.set(key, c);
      });
      const want = [...cells.values()].map((c) => [c.sx / c.n, c.sy / c.n, c.n]).sort(byXY);
      const got = j.json.x.map((x: number, i: number) => [x, j.json.y[i], j.json.w[i]]).sort(byXY);
      expect(got.length).toBe(want.length);
      got.forEach((g: number[], i: number) => {
        expect(Math.abs(g[0] - want[i][0])).toBeLessThan(1e-6);
        expect(Math.abs(g[1] - want[i][1])).toBeLessThan(1e-6);
        expect(g[2]).toBe(want[i][2]);
      });
    });
  });
}
