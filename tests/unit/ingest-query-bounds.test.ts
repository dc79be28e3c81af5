// Crafted query values on every read route, over real HTTP servers on both stores (a DuckDB
// file and one real clickhouse-server): times outside JavaScript's Date range and dates that
// are not on the calendar answer 400 naming the parameter, never 500; the edges of the range
// and ISO dates with offsets select exactly the rows their ms say (worked out by hand below);
// a NUL in a path or selector filter reaches either store intact.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClickHouseStore } from '../../ingest/clickhouse-store.js';
import type { Store } from '../../ingest/store.js';
import { findClickHouse, startCluster, type Cluster } from '../support/clickhouse.js';
import { batch, click, getJSON, move, NOW, post, scroll, startHarness, startHarnessWith, view, type Harness } from './ingest-support.js';

findClickHouse();
let cluster: Cluster;
const harnesses: Record<string, Harness<Store>> = {};

beforeAll(async () => {
  cluster = await startCluster(1);
  harnesses.duckdb = await startHarness({ now: () => NOW });
  harnesses.clickhouse = await startHarnessWith(() => ClickHouseStore.open(cluster.storeUrl('bounds')), { now: () => NOW });
  for (const h of Object.values(harnesses)) {
    // Every event at NOW - 1000 = 2025-11-24T23:59:59.000Z (NOW is 2025-11-25T00:00:00Z).
    const at = { ts: NOW - 1000 };
    const r = await post(h.url, batch([view(at), click(10, 20, at), move(30, 40, at), scroll(1200, at)], { site: 'bounds' }));
    expect(r.status).toBe(200);
    const nul = await post(h.url, batch([click(7, 8, { path: '/a\u0000b', sel: 'main > a[title="x\u0000y"]' })], { site: 'nul' }));
    expect(nul.status).toBe(200);
  }
}, 60_000);
afterAll(async () => {
  for (const h of Object.values(harnesses)) await h.close();
  await cluster?.stop();
}, 60_000);

const ROUTES = ['/v1/points', '/v1/scroll', '/v1/moves', '/v1/elements', '/v1/pages'];

/** How many stored rows a route's answer holds, read from its JSON. */
function rowsIn(route: string, json: any): number {
  switch (route) {
    case '/v1/points':
      return json.n;
    case '/v1/scroll':
      return json.sessions;
    case '/v1/moves':
      return json.n;
    case '/v1/elements':
      return json.elements.length;
    default:
      return json.pages.length;
  }
}
const asJSON = (route: string) => (route === '/v1/points' || route === '/v1/moves' ? '&format=json' : '');

describe.each(['duckdb', 'clickhouse'])('on the %s store', (name) => {
  const url = () => harnesses[name].url;

  it.each(ROUTES)('%s answers 400 naming from or to for times outside the Date range or off the calendar', async (route) => {
    const cases: Array<[string, string, RegExp]> = [
      ['from=99999999999999999999', 'from', /Date range/],
      ['to=99999999999999999999', 'to', /Date range/],
      ['from=8640000000000001', 'from', /Date range/],
      ['to=-8640000000000001', 'to', /Date range/],
      ['from=9223372036854775808', 'from', /Date range/],
      ['from=%2B275760-09-13T00:00:00.001Z', 'from', /Date range/],
      ['to=-271821-04-19', 'to', /Date range/],
      ['from=2026-02-30', 'from', /February 2026 has 28 days/],
      ['from=2025-02-29', 'from', /February 2025 has 28 days/],
      ['to=2100-02-29T00:00Z', 'to', /February 2100 has 28 days/],
      ['from=2026-04-31', 'from', /April 2026 has 30 days/],
      ['from=2026-13-01', 'from', /no month 13/],
      ['from=2026-01-01T24:30', 'from', /time of day/],
      ['from=2026-01-01T23:60', 'from', /time of day/],
      ['from=2026-01-01T00:00%2B24:00', 'from', /UTC offset/],
      ['from=March%207,%202026', 'from', /ISO 8601/],
      ['from=1e5', 'from', /ISO 8601/],
      ['from=NaN', 'from', /ISO 8601/],
    ];
    for (const [q, param, message] of cases) {
      const r = await getJSON(`${url()}${route}?site=bounds&${q}`);
      expect([q, r.status, r.json.error?.code, r.json.error?.path]).toEqual([q, 400, 'invalid_parameter', param]);
      expect([q, r.json.error.message]).toEqual([q, expect.stringMatching(new RegExp(`^parameter ${param} `))]);
      expect([q, r.json.error.message]).toEqual([q, expect.stringMatching(message)]);
    }
  });

  it.each(ROUTES)('%s takes the edges of the Date range and leap days, and selects by them exactly', async (route) => {
    const cases: Array<[string, number]> = [
      ['from=-8640000000000000&to=8640000000000000', 1],
      ['from=-271821-04-20&to=%2B275760-09-13', 1],
      ['from=8640000000000000', 0],
      ['to=-8640000000000000', 0],
      ['from=2024-02-29&to=2025-11-25', 1],
      ['from=2000-02-29T00:00Z&to=2025-11-24', 0],
    ];
    for (const [q, rows] of cases) {
      const r = await getJSON(`${url()}${route}?site=bounds&${q}${asJSON(route)}`);
      expect([q, r.status]).toEqual([q, 200]);
      expect([q, rowsIn(route, r.json)]).toEqual([q, rows]);
    }
  });

  it('reads ISO dates with offsets and fractions as the ms they name', async () => {
    // The click is at 2025-11-24T23:59:59.000Z; `from` is inclusive, `to` exclusive.
    const cases: Array<[string, number]> = [
      ['from=2025-11-24T23:59:59Z&to=2025-11-25', 1],
      ['from=2025-11-24T23:59:59.001Z', 0],
      ['from=2025-11-24T23:59:58.9999Z&to=2025-11-24T23:59:59.0009Z', 0], // both truncate to ms: [58.999, 59.000)
      ['from=2025-11-25T00:59:59%2B01:00&to=2025-11-25T01:00:00%2B0100', 1],
      ['to=2025-11-24T18:59:59-05', 0],
      ['to=2025-11-24T18:59:59,001-05:00', 1],
      ['from=2025-11-24T24:00:00Z', 0], // the end of the 24th is the start of the 25th
      ['from=%2B002025-11-25', 0],
      ['from=2025-11&to=2025-12', 1],
    ];
    for (const [q, n] of cases) {
      const r = await getJSON(`${url()}/v1/points?site=bounds&format=json&${q}`);
      expect([q, r.status, r.json.n]).toEqual([q, 200, n]);
    }
  });

  it('passes a NUL in a path or selector filter to the store and finds the click stored with it', async () => {
    const exact = await getJSON(`${url()}/v1/points?site=nul&path=/a%00b&format=json`);
    expect([exact.status, exact.json.x]).toEqual([200, [7]]);
    const glob = await getJSON(`${url()}/v1/points?site=nul&path=/a%00*&format=json`);
    expect([glob.status, glob.json.x]).toEqual([200, [7]]);
    const none = await getJSON(`${url()}/v1/pages?site=nul&path=%00`);
    expect([none.status, none.json.pages]).toEqual([200, []]);
    const sel = await getJSON(`${url()}/v1/points?site=nul&selector=a&format=json`);
    expect([sel.status, sel.json.x]).toEqual([200, [7]]);
  });

  it('answers 400 for overlong, negative or fractional sizes and limits on every route that takes them', async () => {
    const cases: Array<[string, string]> = [
      ['/v1/points?vwmin=-1', 'vwmin'],
      ['/v1/points?vwmax=99999999999999999999', 'vwmax'],
      ['/v1/points?layout=-1280', 'layout'],
      ['/v1/points?layout=1280.5', 'layout'],
      ['/v1/points?limit=99999999999999999999', 'limit'],
      ['/v1/scroll?bin=-5', 'bin'],
      ['/v1/scroll?bin=NaN', 'bin'],
      ['/v1/scroll?bin=99999999999999999999', 'bin'],
      ['/v1/moves?limit=1e3', 'limit'],
      ['/v1/elements?limit=0', 'limit'],
      [`/v1/pages?path=/${'a'.repeat(600)}`, 'path'],
      [`/v1/elements?selector=${'a'.repeat(1100)}`, 'selector'],
    ];
    for (const [q, param] of cases) {
      const r = await getJSON(`${url()}${q}&site=bounds`);
      expect([q, r.status, r.json.error?.path]).toEqual([q, 400, param]);
    }
  });
});
