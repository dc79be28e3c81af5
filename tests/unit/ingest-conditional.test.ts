// Conditional reads over a real HTTP server on 127.0.0.1 and a real DuckDB file: every read
// route tags its answer with the store's revision and the question asked, a matching
// If-None-Match gets 304 and HEAD gets the headers without the store's query running (counted
// by a thin wrapper that passes every call to the real store), and every path that changes
// stored rows — batches, imports, demo seeding, retention, reopening the file — changes the tag.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_SITE, seedDemo } from '../../ingest/demo.js';
import { DuckDBStore } from '../../ingest/duckdb-store.js';
import { StoreError } from '../../ingest/errors.js';
import { importFile } from '../../ingest/importers/index.js';
import { parseSites } from '../../ingest/sites.js';
import type { ElementsQuery, Filters, MovesQuery, PointsQuery, ScrollCurveQuery, ScrollSamplesQuery, Store, WriteBatch } from '../../ingest/store.js';
import { batch, click, move, NOW, post, scroll, startHarness, startHarnessWith, view, type Harness } from './ingest-support.js';

/** The real store, counting the queries that reach it (revision look-ups are not queries). */
class CountingStore implements Store {
  queries = 0;
  /** Runs once, between the handler's revision look-up and the next query. */
  beforeQuery: (() => Promise<void>) | null = null;
  constructor(readonly inner: DuckDBStore) {}
  private async query<T>(run: () => Promise<T>): Promise<T> {
    this.queries++;
    const hook = this.beforeQuery;
    this.beforeQuery = null;
    if (hook) await hook();
    return run();
  }
  points = (q: PointsQuery) => this.query(() => this.inner.points(q));
  scrollSamples = (q: ScrollSamplesQuery) => this.query(() => this.inner.scrollSamples(q));
  scrollCurve = (q: ScrollCurveQuery) => this.query(() => this.inner.scrollCurve(q));
  moves = (q: MovesQuery) => this.query(() => this.inner.moves(q));
  elements = (q: ElementsQuery) => this.query(() => this.inner.elements(q));
  pages = (q: Filters) => this.query(() => this.inner.pages(q));
  write = (b: WriteBatch) => this.inner.write(b);
  deleteBefore = (before: number) => this.inner.deleteBefore(before);
  hasBatch = (site: string, id: string) => this.inner.hasBatch(site, id);
  revision = (site: string) => this.inner.revision(site);
  counts = (site?: string) => this.inner.counts(site);
  close = () => this.inner.close();
}

const TOKEN = 'rt_conditional_7f3a';
/** Every read route, in each of its answer shapes. */
const ROUTES = [
  '/v1/points?kind=click',
  '/v1/points?kind=move&format=json',
  '/v1/scroll?mode=curve',
  '/v1/scroll?mode=samples',
  '/v1/moves?format=json',
  '/v1/elements?limit=5',
  '/v1/pages?device=desktop',
];
const TAG = /^"[A-Za-z0-9-]+\.[A-Za-z0-9_-]{16}"$/;

let h: Harness<CountingStore>;
const at = (route: string, site: string) => `${h.url}${route}&site=${site}`;
const get = (url: string, headers: Record<string, string> = {}) => fetch(url, { headers });
const head = (url: string, headers: Record<string, string> = {}) => fetch(url, { method: 'HEAD', headers });
const tagOf = async (url: string, headers: Record<string, string> = {}) => (await head(url, headers)).headers.get('etag');
const tagsOf = (site: string) => Promise.all(ROUTES.map((r) => tagOf(at(r, site))));
const traffic = (site: string, x = 100) => batch([view(), click(x, 200), click(x + 1, 300), move(x, 210), scroll(1200)], { site });

beforeAll(async () => {
  const anyOrigin = { origins: ['*'] };
  h = await startHarnessWith(async (dir) => new CountingStore(await DuckDBStore.open(dir)), {
    sites: parseSites({
      sites: { 'docs-site': anyOrigin, 'other-site': anyOrigin, 'race-site': anyOrigin, 'secret-site': { ...anyOrigin, readToken: TOKEN } },
    }),
  });
  for (const site of ['docs-site', 'other-site', 'race-site', 'secret-site']) expect((await post(h.url, traffic(site))).status).toBe(200);
});
afterAll(() => h?.close());

describe('a read answered in full', () => {
  it.each(ROUTES)('%s carries ETag "<revision>.<query hash>" and Cache-Control private, no-cache', async (route) => {
    const r = await get(at(route, 'docs-site'));
    expect(r.status).toBe(200);
    const tag = r.headers.get('etag')!;
    expect(tag).toMatch(TAG);
    expect(tag.startsWith(`"${await h.store.revision('docs-site')}.`)).toBe(true);
    expect(r.headers.get('cache-control')).toBe('private, no-cache');
    expect((await r.arrayBuffer()).byteLength).toBeGreaterThan(0);
  });
});

describe('If-None-Match', () => {
  it.each(ROUTES)('%s: the tag of the last answer gets 304, no body, the same headers, and no query', async (route) => {
    const url = at(route, 'docs-site');
    const full = await get(url);
    const tag = full.headers.get('etag')!;
    await full.arrayBuffer();
    const before = h.store.queries;
    const r = await get(url, { 'if-none-match': tag });
    expect(r.status).toBe(304);
    expect(await r.text()).toBe('');
    expect(r.headers.get('etag')).toBe(tag);
    expect(r.headers.get('cache-control')).toBe('private, no-cache');
    expect(r.headers.get('access-control-allow-origin')).toBe('*');
    expect(h.store.queries).toBe(before);
  });

  it('matches a weak W/ form, a list holding the tag, and *; not a list without it', async () => {
    const url = at('/v1/points?kind=click', 'docs-site');
    const tag = (await tagOf(url))!;
    const before = h.store.queries;
    for (const header of [`W/${tag}`, `"nope", ${tag}`, `W/"a,b", W/${tag} , "c"`, '*', ' * ']) {
      expect((await get(url, { 'if-none-match': header })).status, header).toBe(304);
    }
    expect(h.store.queries).toBe(before);
    for (const header of ['"nope"', `W/"nope", "${tag.slice(1, -2)}"`, tag.slice(1, -1), '']) {
      const r = await get(url, { 'if-none-match': header });
      expect(r.status, header).toBe(200);
      expect(r.headers.get('etag')).toBe(tag);
      await r.arrayBuffer();
    }
    expect(h.store.queries).toBe(before + 4);
  });

  it('the tag of another question (another filter on the same site) gets the full answer', async () => {
    const desktop = at('/v1/points?kind=click&device=desktop&format=json', 'docs-site');
    const mobile = at('/v1/points?kind=click&device=mobile&format=json', 'docs-site');
    const r = await get(mobile, { 'if-none-match': (await tagOf(desktop))! });
    expect(r.status).toBe(200);
    expect((await r.json()).n).toBe(0);
  });
});

describe('the query hash', () => {
  it('is the same for reordered parameters', async () => {
    const a = await tagOf(`${h.url}/v1/points?site=docs-site&kind=click&device=desktop,mobile&path=/pricing&format=json`);
    const b = await tagOf(`${h.url}/v1/points?format=json&path=/pricing&device=desktop,mobile&kind=click&site=docs-site`);
    expect(a).toMatch(TAG);
    expect(b).toBe(a);
  });

  it('differs for any other filter, answer shape or site, never for the token', async () => {
    const base = '/v1/points?site=secret-site&kind=click&token=' + TOKEN;
    const variants = ['', '&device=mobile', '&device=desktop', '&path=/pricing', '&from=1', '&to=2', '&vwmin=1', '&vwmax=2', '&selector=a', '&limit=10', '&format=json'];
    const tags = await Promise.all(variants.map((v) => tagOf(`${h.url}${base}${v}`)));
    expect(tags.every((t) => TAG.test(t!))).toBe(true);
    expect(new Set(tags).size).toBe(variants.length);
    expect(await tagOf(`${h.url}/v1/points?site=secret-site&kind=move&token=${TOKEN}`)).not.toBe(tags[0]);
    // The token in the query, at either end, or in the Authorization header: one question, one tag.
    expect(await tagOf(`${h.url}/v1/points?token=${TOKEN}&site=secret-site&kind=click`)).toBe(tags[0]);
    expect(await tagOf(`${h.url}/v1/points?site=secret-site&kind=click`, { authorization: `Bearer ${TOKEN}` })).toBe(tags[0]);
  });
});

describe('read tokens come first', () => {
  it('a protected site without the token, or with a wrong one, gets 403 and no tag even with a matching If-None-Match', async () => {
    const url = at('/v1/points?kind=click', 'secret-site');
    const tag = (await tagOf(`${url}&token=${TOKEN}`))!;
    expect(tag).toMatch(TAG);
    const before = h.store.queries;
    for (const [u, method] of [
      [url, 'GET'],
      [url, 'HEAD'],
      [`${url}&token=rt_wrong`, 'GET'],
    ] as const) {
      const r = await fetch(u, { method, headers: { 'if-none-match': tag } });
      expect(r.status).toBe(403);
      expect(r.headers.get('etag')).toBeNull();
      if (method === 'GET') expect((await r.json()).error.code).toBe('bad_token');
    }
    expect((await get(`${url}&token=${TOKEN}`, { 'if-none-match': tag })).status).toBe(304);
    expect(h.store.queries).toBe(before);
  });
});

describe('HEAD', () => {
  it.each(ROUTES)('%s: 200 with the ETag and Content-Type of GET, no body, no Content-Length or total, no query', async (route) => {
    const url = at(route, 'docs-site');
    const full = await get(url);
    await full.arrayBuffer();
    const before = h.store.queries;
    const r = await head(url);
    expect(r.status).toBe(200);
    expect(r.headers.get('etag')).toBe(full.headers.get('etag'));
    expect(r.headers.get('content-type')).toBe(full.headers.get('content-type'));
    expect(r.headers.get('cache-control')).toBe('private, no-cache');
    expect(r.headers.get('access-control-allow-origin')).toBe('*');
    expect(r.headers.get('content-length')).toBeNull();
    expect(r.headers.get('x-heatlens-total')).toBeNull();
    expect(await r.text()).toBe('');
    expect(h.store.queries).toBe(before);
  });

  it('with a matching If-None-Match is a 304 too', async () => {
    const url = at('/v1/elements?limit=5', 'docs-site');
    expect((await head(url, { 'if-none-match': (await tagOf(url))! })).status).toBe(304);
  });
});

describe('errors carry no tag', () => {
  it('a bad parameter is a 400 with the usual JSON body and no-store, and HEAD gets the same status', async () => {
    for (const url of [at('/v1/points?kind=hover', 'docs-site'), at('/v1/scroll?bin=-1', 'docs-site'), `${h.url}/v1/pages?sight=docs-site`]) {
      const r = await get(url, { 'if-none-match': '*' });
      expect(r.status).toBe(400);
      expect(r.headers.get('etag')).toBeNull();
      expect(r.headers.get('cache-control')).toBe('no-store');
      expect((await r.json()).error.code).toMatch(/^(invalid_parameter|unknown_parameter)$/);
      const hd = await head(url);
      expect(hd.status).toBe(400);
      expect(hd.headers.get('etag')).toBeNull();
    }
  });

  it('a store failure during the query is a 503 without a tag', async () => {
    h.store.beforeQuery = async () => {
      throw new StoreError('disk I/O error');
    };
    const r = await get(at('/v1/pages?device=desktop', 'docs-site'));
    expect(r.status).toBe(503);
    expect(r.headers.get('etag')).toBeNull();
    expect((await r.json()).error.code).toBe('store_unavailable');
  });
});

describe('writes and tags', () => {
  it('a batch for another site leaves every tag of this site as it was', async () => {
    const before = await tagsOf('docs-site');
    expect((await post(h.url, traffic('other-site', 500))).json).toEqual({ accepted: 5 });
    expect(await tagsOf('docs-site')).toEqual(before);
  });

  it('a batch for the site changes every tag of its read routes, and the old tag gets the new data', async () => {
    const url = at('/v1/points?kind=click&format=json', 'docs-site');
    const before = await tagsOf('docs-site');
    const old = (await tagOf(url))!;
    const sent = traffic('docs-site', 700);
    expect((await post(h.url, sent)).json).toEqual({ accepted: 5 });
    const after = await tagsOf('docs-site');
    after.forEach((t, i) => expect(t, ROUTES[i]).not.toBe(before[i]));
    const r = await get(url, { 'if-none-match': old });
    expect(r.status).toBe(200);
    expect((await r.json()).x).toContain(700);
    // The same batch again is a duplicate: nothing stored, nothing changed.
    expect((await post(h.url, sent)).json).toEqual({ accepted: 0, duplicate: true });
    expect(await tagsOf('docs-site')).toEqual(after);
  });

  it('reads the revision before the query: a write landing in between leaves the tag older than the data, so revalidation refetches', async () => {
    const url = at('/v1/points?kind=click&format=json', 'race-site');
    const before = (await tagOf(url))!;
    h.store.beforeQuery = async () => {
      expect((await post(h.url, batch([click(999, 999)], { site: 'race-site' }))).status).toBe(200);
    };
    const r = await get(url);
    expect((await r.json()).x).toContain(999);
    expect(r.headers.get('etag')).toBe(before);
    const again = await get(url, { 'if-none-match': before });
    expect(again.status).toBe(200);
    expect(again.headers.get('etag')).not.toBe(before);
    expect((await again.json()).x).toContain(999);
  });
});

describe('cross-origin reads', () => {
  it('expose the ETag to the page, and a preflight allows If-None-Match', async () => {
    const r = await get(at('/v1/points?kind=click', 'docs-site'), { origin: 'https://app.example.com' });
    expect(r.headers.get('access-control-allow-origin')).toBe('*');
    const exposed = r.headers.get('access-control-expose-headers')!.split(',').map((s) => s.trim().toLowerCase());
    expect(exposed).toEqual(expect.arrayContaining(['etag', 'x-heatlens-total', 'x-heatlens-aggregated']));
    const pre = await fetch(at('/v1/points?kind=click', 'docs-site'), {
      method: 'OPTIONS',
      headers: { origin: 'https://app.example.com', 'access-control-request-method': 'GET', 'access-control-request-headers': 'if-none-match' },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-headers')!.toLowerCase()).toContain('if-none-match');
  });
});

describe('every other write path changes the revision', () => {
  let w: Harness;
  const pagesTag = (site: string) => tagOf(`${w.url}/v1/pages?site=${site}`);
  beforeAll(async () => {
    w = await startHarness();
  });
  afterAll(() => w?.close());

  it('an import changes the site tag once; importing the same file again stores nothing and changes nothing', async () => {
    const csv = join(w.dir, 'clicks.csv');
    writeFileSync(csv, `t,ts,path,session,device,x,y\nclick,${NOW - 5000},/docs,s_imported1,desktop,40,50\n`);
    const before = await pagesTag('import-site');
    expect((await importFile(w.store, 'csv', csv, 'import-site', NOW)).rows).toHaveLength(1);
    const after = await pagesTag('import-site');
    expect(after).not.toBe(before);
    expect((await importFile(w.store, 'csv', csv, 'import-site', NOW)).duplicate).toBe(true);
    expect(await pagesTag('import-site')).toBe(after);
  });

  it('demo seeding changes the tag of site demo; a second start (already seeded) changes nothing', async () => {
    const before = await pagesTag(DEMO_SITE);
    expect(await seedDemo(w.store, { sessions: 3, now: NOW })).toBeGreaterThan(0);
    const after = await pagesTag(DEMO_SITE);
    expect(after).not.toBe(before);
    expect(await seedDemo(w.store, { sessions: 3, now: NOW })).toBe(0);
    expect(await pagesTag(DEMO_SITE)).toBe(after);
  });

  it('retention that deletes rows changes every site tag; a sweep that deletes nothing does not', async () => {
    expect((await post(w.url, batch([click(1, 1)], { site: 'kept-site' }))).status).toBe(200);
    const sites = ['import-site', DEMO_SITE, 'kept-site'];
    const before = await Promise.all(sites.map(pagesTag));
    // The import's click (ts NOW - 5000) and the demo's past month go; kept-site's click (now) stays.
    expect(await w.store.deleteBefore(NOW - 4000)).toBeGreaterThan(1);
    expect((await w.store.counts('kept-site')).clicks).toBe(1);
    const after = await Promise.all(sites.map(pagesTag));
    after.forEach((t, i) => expect(t, sites[i]).not.toBe(before[i]));
    expect(await w.store.deleteBefore(NOW - 4000)).toBe(0);
    expect(await Promise.all(sites.map(pagesTag))).toEqual(after);
  });

  it('a store reopened over the same file never repeats a revision, even with unchanged rows', async () => {
    const dir = join(w.dir, 'reopened');
    const first = await DuckDBStore.open(dir);
    await first.write({ site: 'docs-site', batch: 'b_reopen', received: NOW, rows: [{ t: 'click', site: 'docs-site', path: '/', session: 's_reopen1', device: 'desktop', ts: NOW, x: 1, y: 2 }] });
    const r1 = await first.revision('docs-site');
    await first.close();
    const second = await DuckDBStore.open(dir);
    try {
      expect((await second.counts('docs-site')).clicks).toBe(1);
      const r2 = await second.revision('docs-site');
      expect(r2).not.toBe(r1);
      // Reads leave it alone.
      await second.points({ site: 'docs-site', kind: 'click', limit: 10 });
      await second.pages({ site: 'docs-site' });
      expect(await second.revision('docs-site')).toBe(r2);
    } finally {
      await second.close();
    }
  });

  it('a closed store answers 503 (no tag) rather than a tag it cannot vouch for', async () => {
    const s = await startHarness();
    try {
      await s.store.close();
      const r = await get(`${s.url}/v1/pages?site=docs-site`);
      expect(r.status).toBe(503);
      expect(r.headers.get('etag')).toBeNull();
    } finally {
      await s.close();
    }
  });
});
