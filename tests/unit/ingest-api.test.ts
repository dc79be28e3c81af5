// POST /v1/batch over a real HTTP server on 127.0.0.1 into a real DuckDB file: what is
// stored comes back exactly, every limit answers its status and code, repeats store nothing
// twice, and the server keeps serving after every refusal.
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gunzipCapped } from '../../ingest/body.js';
import { decodePoints } from '../../ingest/points-format.js';
import { parseSites } from '../../ingest/sites.js';
import { batch, click, getBytes, getJSON, move, NOW, post, scroll, startHarness, view, type Harness } from './ingest-support.js';

const CAP = 256 * 1024;
let h: Harness;

beforeAll(async () => {
  h = await startHarness({
    now: () => NOW,
    limits: { maxBodyBytes: 64 * 1024, maxInflatedBytes: CAP, maxEvents: 1000 },
    asset: async (name) => (name === 'tracker.js' ? new TextEncoder().encode('/* tracker */') : null),
  });
});
afterAll(() => h.close());

const counts = (site = 'docs-site') => h.store.counts(site);

describe('a valid batch', () => {
  it('is stored and its points come back with the exact coordinates sent, columnar and JSON alike', async () => {
    const site = 'exact-site';
    const clicks = [click(412.5, 1630.25), click(0.1, 3.3), click(1279.75, 0)];
    const r = await post(h.url, batch([view(), ...clicks, move(420, 1610), scroll(1200)], { site }));
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ accepted: 6 });
    expect(await counts(site)).toEqual({ views: 1, clicks: 3, moves: 1, scrolls: 1, batches: 1 });

    const j = await getJSON(`${h.url}/v1/points?site=${site}&kind=click&format=json`);
    expect(j.status).toBe(200);
    expect(j.json).toMatchObject({ n: 3, total: 3, aggregated: false, cell: 0 });
    expect(j.json.x).toEqual([412.5, 0.1, 1279.75]);
    expect(j.json.y).toEqual([1630.25, 3.3, 0]);
    expect(j.json.w).toEqual([1, 1, 1]);

    const b = await getBytes(`${h.url}/v1/points?site=${site}&kind=click`);
    expect(b.headers.get('content-type')).toBe('application/vnd.heatlens.points');
    expect(b.bytes.byteLength).toBe(32 + 12 * 3);
    const d = decodePoints(b.bytes);
    expect(d).toMatchObject({ version: 1, n: 3, total: 3, aggregated: false, cell: 0 });
    expect(Array.from(d.x)).toEqual(j.json.x.map(Math.fround));
    expect(Array.from(d.y)).toEqual(j.json.y.map(Math.fround));
    expect(Array.from(d.w)).toEqual([1, 1, 1]);

    const m = await getJSON(`${h.url}/v1/points?site=${site}&kind=move&format=json`);
    expect([m.json.x, m.json.y]).toEqual([[420], [1610]]);
  });

  it('accepts gzip and text/plain (sendBeacon) bodies', async () => {
    const site = 'gzip-site';
    expect((await post(h.url, batch([click(1, 2)], { site }), { gzip: true })).json).toEqual({ accepted: 1 });
    const plain = await post(h.url, batch([click(3, 4)], { site }), { headers: { 'content-type': 'text/plain;charset=UTF-8' } });
    expect(plain.json).toEqual({ accepted: 1 });
    const j = await getJSON(`${h.url}/v1/points?site=${site}&format=json`);
    expect(j.json.x).toEqual([1, 3]);
  });

  it('moves client times onto the server clock by the batch\'s sent time', async () => {
    const site = 'clock-site';
    // The client clock runs 1 h behind: sent = NOW - 1 h, so every ts moves forward by 1 h.
    const hour = 3_600_000;
    await post(h.url, batch([click(5, 5, { ts: NOW - hour - 10 })], { site, sent: NOW - hour }));
    const hit = await getJSON(`${h.url}/v1/points?site=${site}&from=${NOW - 10}&to=${NOW - 9}&format=json`);
    expect(hit.json.x).toEqual([5]);
  });
});

describe('repeated batch ids', () => {
  it('answer {accepted: 0, duplicate: true} and store nothing twice', async () => {
    const site = 'dup-site';
    const b = batch([click(1, 1), click(2, 2)], { site });
    expect((await post(h.url, b)).json).toEqual({ accepted: 2 });
    expect((await post(h.url, b)).json).toEqual({ accepted: 0, duplicate: true });
    expect((await post(h.url, b, { gzip: true })).json).toEqual({ accepted: 0, duplicate: true });
    expect(await counts(site)).toMatchObject({ clicks: 2, batches: 1 });
  });

  it('store one copy when identical batches arrive concurrently', async () => {
    const site = 'race-site';
    const b = batch([click(7, 7), move(8, 8), scroll(9)], { site });
    const answers = await Promise.all(Array.from({ length: 12 }, () => post(h.url, b)));
    expect(answers.map((a) => a.status)).toEqual(Array(12).fill(200));
    expect(answers.filter((a) => a.json.accepted === 3)).toHaveLength(1);
    expect(answers.filter((a) => a.json.duplicate === true)).toHaveLength(11);
    expect(await counts(site)).toEqual({ views: 0, clicks: 1, moves: 1, scrolls: 1, batches: 1 });
  });

  it('are per site: the same id under another site is a different batch', async () => {
    const b = batch([click(1, 1)], { site: 'site-one' });
    expect((await post(h.url, b)).json).toEqual({ accepted: 1 });
    expect((await post(h.url, { ...b, site: 'site-two' })).json).toEqual({ accepted: 1 });
  });
});

describe('bad batches answer 400 with the JSON path of the bad field and store nothing', () => {
  const cases: Array<[string, unknown, string, string]> = [
    ['a negative coordinate', batch([click(1, 1), click(2, 2), move(3, 3), click(-1, 5)]), 'out_of_range', 'events[3].x'],
    ['a coordinate past 1e6', batch([move(1, 1_000_001)]), 'out_of_range', 'events[0].y'],
    ['a string coordinate', batch([click('12' as unknown as number, 1)]), 'invalid_type', 'events[0].x'],
    ['a missing field', batch([{ ...move(1, 1), vw: undefined }]), 'missing_field', 'events[0].vw'],
    ['an unknown kind', batch([{ ...move(1, 1), t: 'hover' }]), 'unknown_kind', 'events[0].t'],
    ['a fractional size', batch([view({ vh: 800.5 })]), 'invalid_type', 'events[0].vh'],
    ['a fraction above 1', batch([click(1, 1, { fx: 1.5 })]), 'out_of_range', 'events[0].fx'],
    ['a long selector', batch([click(1, 1, { sel: 'a'.repeat(1025) })]), 'out_of_range', 'events[0].sel'],
    ['a long path', batch([move(1, 1, { path: `/${'p'.repeat(512)}` })]), 'out_of_range', 'events[0].path'],
    ['a short batch id', batch([move(1, 1)], { batch: 'b_1' }), 'invalid_format', 'batch'],
    ['a bad site id', batch([move(1, 1)], { site: 'docs site' }), 'invalid_format', 'site'],
    ['an unknown device', batch([move(1, 1)], { device: 'tv' }), 'invalid_value', 'device'],
    ['another version', batch([move(1, 1)], { v: 2 }), 'invalid_value', 'v'],
    ['no events', batch([]), 'out_of_range', 'events'],
    ['an array body', [1, 2, 3], 'invalid_type', ''],
  ];
  it.each(cases)('%s', async (_name, body, code, path) => {
    const before = await h.store.counts();
    const r = await post(h.url, body);
    expect(r.status).toBe(400);
    expect(r.json.error).toMatchObject({ code, path });
    expect(typeof r.json.error.message).toBe('string');
    expect(r.json.error.message).not.toMatch(/\n|at .*\(/);
    expect(await h.store.counts()).toEqual(before);
  });

  it('a non-finite number (1e400 parses to Infinity)', async () => {
    const raw = JSON.stringify(batch([move(1, 1)])).replace('"x":1', '"x":1e400');
    const r = await post(h.url, null, { raw });
    expect(r.status).toBe(400);
    expect(r.json.error).toMatchObject({ code: 'invalid_type', path: 'events[0].x' });
  });

  it('broken JSON, invalid UTF-8 and broken gzip', async () => {
    expect((await post(h.url, null, { raw: '{"v":1,' })).json.error).toMatchObject({ code: 'bad_json', path: '' });
    expect((await post(h.url, null, { raw: new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]) })).json.error.code).toBe('bad_encoding');
    const r = await post(h.url, null, { raw: 'not gzip at all', headers: { 'content-encoding': 'gzip' } });
    expect(r.status).toBe(400);
    expect(r.json.error.code).toBe('bad_gzip');
  });
});

describe('limits', () => {
  it('415 for other media types and encodings', async () => {
    const a = await post(h.url, batch([move(1, 1)]), { headers: { 'content-type': 'application/xml' } });
    expect([a.status, a.json.error.code]).toEqual([415, 'unsupported_media_type']);
    const b = await post(h.url, batch([move(1, 1)]), { headers: { 'content-encoding': 'br' } });
    expect([b.status, b.json.error.code]).toEqual([415, 'unsupported_encoding']);
  });

  it('413 for a body over the limit, declared or streamed without a length', async () => {
    const big = JSON.stringify(batch(Array.from({ length: 600 }, (_, i) => click(i, i))));
    expect(big.length).toBeGreaterThan(64 * 1024);
    const declared = await post(h.url, null, { raw: big });
    expect([declared.status, declared.json.error.code]).toEqual([413, 'body_too_large']);

    const bytes = new TextEncoder().encode(big);
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < bytes.length; i += 8192) c.enqueue(bytes.subarray(i, i + 8192));
        c.close();
      },
    });
    const res = await fetch(`${h.url}/v1/batch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
    expect((await res.json()).error.code).toBe('body_too_large');
  });

  it('413 too_many_events past 1000 events, before validating them', async () => {
    const h2 = await startHarness({ limits: { maxEvents: 10 } });
    try {
      const r = await post(h2.url, batch(Array.from({ length: 11 }, () => ({ junk: true }))));
      expect(r.status).toBe(413);
      expect(r.json.error).toMatchObject({ code: 'too_many_events', path: 'events' });
      expect((await post(h2.url, batch(Array.from({ length: 10 }, (_, i) => move(i, i))))).json).toEqual({ accepted: 10 });
    } finally {
      await h2.close();
    }
    const r = await post(h.url, batch(Array.from({ length: 1001 }, () => ({}))), { gzip: true });
    expect([r.status, r.json.error.code]).toEqual([413, 'too_many_events']);
  });

  it('413 for a gzip body that inflates past the cap (a valid batch padded with spaces)', async () => {
    const padded = JSON.stringify(batch([move(1, 1)])) + ' '.repeat(CAP);
    const r = await post(h.url, null, { raw: padded, gzip: true });
    expect(r.status).toBe(413);
    expect(r.json.error.code).toBe('decompressed_too_large');
  });

  it('a gzip bomb (1 GiB of zeros in < 1 MiB) is refused without inflating it all', async () => {
    // gzip members may be concatenated: 16 members of 64 MiB of zeros each.
    const member = gzipSync(Buffer.alloc(64 * 1024 * 1024), { level: 9 });
    const bomb = Buffer.concat(Array(16).fill(member));
    expect(bomb.byteLength).toBeLessThan(1024 * 1024);

    // The decompressor itself stops within one zlib chunk of the cap.
    const err = await gunzipCapped(bomb, CAP).catch((e) => e);
    expect(err.code).toBe('decompressed_too_large');
    expect(err.inflated).toBeGreaterThan(CAP);
    expect(err.inflated).toBeLessThanOrEqual(CAP + 64 * 1024);

    // And over HTTP (the server's wire limit is raised to let the bomb in).
    const h2 = await startHarness({ limits: { maxBodyBytes: 2 * 1024 * 1024, maxInflatedBytes: CAP } });
    try {
      const started = performance.now();
      const res = await fetch(`${h2.url}/v1/batch`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
        body: bomb,
      });
      const ms = performance.now() - started;
      expect(res.status).toBe(413);
      expect((await res.json()).error.code).toBe('decompressed_too_large');
      // Inflating 1 GiB takes seconds; stopping at the cap takes milliseconds.
      expect(ms).toBeLessThan(1000);
      expect((await post(h2.url, batch([move(1, 1)]))).status).toBe(200);
    } finally {
      await h2.close();
    }
  });
});

describe('routes', () => {
  it('/healthz, /tracker.js, and JSON 404/405 elsewhere', async () => {
    expect(await getJSON(`${h.url}/healthz`)).toMatchObject({ status: 200, json: { ok: true } });
    const t = await fetch(`${h.url}/tracker.js`);
    expect(t.status).toBe(200);
    expect(t.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(await t.text()).toBe('/* tracker */');
    for (const path of ['/', '/heatlens.js', '/nope']) {
      const r = await getJSON(`${h.url}${path}`);
      expect(r.status).toBe(404);
      expect(r.json.error).toMatchObject({ code: 'not_found' });
    }
    const g = await getJSON(`${h.url}/v1/batch`);
    expect([g.status, g.json.error.code, g.headers.get('allow')]).toEqual([405, 'method_not_allowed', 'POST, OPTIONS']);
  });

  it('/tracker.js is a JSON 404 until the tracker is built', async () => {
    const h2 = await startHarness({ asset: async () => null });
    try {
      const r = await getJSON(`${h2.url}/tracker.js`);
      expect([r.status, r.json.error.code]).toEqual([404, 'not_built']);
    } finally {
      await h2.close();
    }
  });

  it('bad query parameters answer 400 naming the parameter', async () => {
    const cases: Array<[string, string, string]> = [
      ['kind=hover', 'invalid_parameter', 'kind'],
      ['limit=0', 'invalid_parameter', 'limit'],
      ['device=tv', 'invalid_parameter', 'device'],
      ['from=yesterday', 'invalid_parameter', 'from'],
      ['vwmin=500&vwmax=100', 'invalid_parameter', 'vwmax'],
      ['path=/a/{b', 'invalid_parameter', 'path'],
      ['selector=a%20%2B%20b', 'unsupported_selector', 'selector'],
      ['kind=move&selector=a', 'invalid_parameter', 'selector'],
      ['devices=mobile', 'unknown_parameter', 'devices'],
      ['limit=5&limit=6', 'repeated_parameter', 'limit'],
    ];
    for (const [q, code, path] of cases) {
      const r = await getJSON(`${h.url}/v1/points?site=docs-site&${q}`);
      expect([q, r.status, r.json.error.code, r.json.error.path]).toEqual([q, 400, code, path]);
    }
    const noSite = await getJSON(`${h.url}/v1/points`);
    expect([noSite.status, noSite.json.error.path]).toEqual([400, 'site']);
  });

  it('keeps serving valid batches after all of the above', async () => {
    expect((await post(h.url, batch([click(10, 10)], { site: 'after-site' }))).json).toEqual({ accepted: 1 });
  });
});

describe('sites: CORS allow-list, preflight, keys, read tokens', () => {
  let s: Harness;
  const DOCS = 'https://docs.example.com';
  const OTHER = 'https://other.example.com';
  beforeAll(async () => {
    s = await startHarness({
      sites: parseSites({
        sites: {
          'docs-site': { origins: [DOCS, 'https://*.preview.example.com'], key: 'pk_test_123' },
          other: { origins: [OTHER], readToken: 'rt_secret' },
        },
      }),
    });
  });
  afterAll(() => s.close());
  const keyed = (events: unknown[], extra = {}) => batch(events, { key: 'pk_test_123', ...extra });

  it('answers a preflight from an allowed origin and refuses others', async () => {
    const ok = await fetch(`${s.url}/v1/batch`, {
      method: 'OPTIONS',
      headers: { origin: DOCS, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, content-encoding' },
    });
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe(DOCS);
    expect(ok.headers.get('access-control-allow-methods')).toBe('POST');
    expect(ok.headers.get('access-control-allow-headers')).toMatch(/Content-Type.*Content-Encoding/);
    expect(ok.headers.get('vary')).toBe('Origin');
    const wild = await fetch(`${s.url}/v1/batch`, { method: 'OPTIONS', headers: { origin: 'https://pr-42.preview.example.com' } });
    expect(wild.status).toBe(204);

    const bad = await fetch(`${s.url}/v1/batch`, { method: 'OPTIONS', headers: { origin: 'https://evil.example' } });
    expect(bad.status).toBe(403);
    expect(bad.headers.get('access-control-allow-origin')).toBeNull();
    expect((await bad.json()).error.code).toBe('origin_not_allowed');
  });

  it('lets an allowed origin post with the key and read the answer', async () => {
    const r = await post(s.url, keyed([click(1, 1)]), { headers: { origin: DOCS } });
    expect(r.status).toBe(200);
    expect(r.headers.get('access-control-allow-origin')).toBe(DOCS);
    // So that a tracker on that origin can read a 429's Retry-After.
    expect(r.headers.get('access-control-expose-headers')).toBe('Retry-After');
  });

  it('refuses origins not allowed for the site, unknown sites, missing and wrong keys', async () => {
    const before = await s.store.counts();
    const evil = await post(s.url, keyed([click(1, 1)]), { headers: { origin: 'https://evil.example' } });
    expect([evil.status, evil.json.error.code]).toEqual([403, 'origin_not_allowed']);
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
    const cross = await post(s.url, keyed([click(1, 1)]), { headers: { origin: OTHER } });
    expect([cross.status, cross.json.error.code]).toEqual([403, 'origin_not_allowed']);
    const unknown = await post(s.url, keyed([click(1, 1)], { site: 'nope' }));
    expect([unknown.status, unknown.json.error.code, unknown.json.error.path]).toEqual([403, 'unknown_site', 'site']);
    const missing = await post(s.url, batch([click(1, 1)]), { headers: { origin: DOCS } });
    expect([missing.status, missing.json.error.code, missing.json.error.path]).toEqual([403, 'bad_key', 'key']);
    expect(missing.headers.get('access-control-allow-origin')).toBe(DOCS);
    const wrong = await post(s.url, keyed([click(1, 1)], { key: 'pk_test_124' }));
    expect([wrong.status, wrong.json.error.code]).toEqual([403, 'bad_key']);
    expect(await s.store.counts()).toEqual(before);
  });

  it('accepts a request without Origin (server to server) when the key matches', async () => {
    expect((await post(s.url, keyed([click(2, 2)]))).status).toBe(200);
  });

  it('needs the read token for a site that has one', async () => {
    await post(s.url, batch([click(3, 3)], { site: 'other' }), { headers: { origin: OTHER } });
    const denied = await getJSON(`${s.url}/v1/points?site=other&format=json`);
    expect([denied.status, denied.json.error.code]).toEqual([403, 'bad_token']);
    const res = await fetch(`${s.url}/v1/points?site=other&format=json`, { headers: { authorization: 'Bearer rt_secret' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect((await res.json()).x).toEqual([3]);
    const viaParam = await getJSON(`${s.url}/v1/points?site=other&format=json&token=rt_secret`);
    expect(viaParam.status).toBe(200);
  });
});

describe('rate limit per site and IP', () => {
  it('answers 429 with Retry-After when a bucket is empty, and refills with time', async () => {
    let clock = NOW;
    const r = await startHarness({ now: () => clock, rateLimit: { perSecond: 0.5, burst: 3 }, trustProxy: true });
    try {
      const from = (ip: string) => ({ headers: { 'x-forwarded-for': ip } });
      for (let i = 0; i < 3; i++) expect((await post(r.url, batch([move(i, i)]), from('10.0.0.1'))).status).toBe(200);
      const limited = await post(r.url, batch([move(9, 9)]), from('10.0.0.1'));
      expect(limited.status).toBe(429);
      expect(limited.json.error.code).toBe('rate_limited');
      expect(limited.headers.get('retry-after')).toBe('2'); // one token at 0.5/s
      // Other IPs and other sites have their own buckets.
      expect((await post(r.url, batch([move(1, 1)]), from('10.0.0.2'))).status).toBe(200);
      expect((await post(r.url, batch([move(1, 1)], { site: 'another' }), from('10.0.0.1'))).status).toBe(200);
      clock += 2000;
      expect((await post(r.url, batch([move(1, 1)]), from('10.0.0.1'))).status).toBe(200);
      expect((await post(r.url, batch([move(1, 1)]), from('10.0.0.1'))).status).toBe(429);
    } finally {
      await r.close();
    }
  });
});
