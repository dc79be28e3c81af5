// `heatlens serve --store clickhouse://…` (the real command from dist/, in a child process)
// against one real clickhouse-server without a cluster (the single-server layout): batches go
// to ClickHouse and come back, an ingest node killed with SIGKILL loses no acknowledged batch
// (it keeps nothing that matters), and bad store URLs fail with one line. Plus the URL parser.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseStoreUrl } from '../../ingest/clickhouse-sql.js';
import { findClickHouse, startCluster, type Cluster } from '../support/clickhouse.js';
import { useServeProcesses } from '../support/serve-process.js';

// Without clickhouse-server the file fails to load with one line saying how to install it.
findClickHouse();
const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin/heatlens.js');
const dir = mkdtempSync(join(tmpdir(), 'heatlens-chserve-'));
let ch: Cluster;

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'dist/bin/main.js'))) throw new Error('dist/ is missing: run npm run build first');
  ch = await startCluster(1);
}, 60_000);
afterAll(async () => {
  await ch?.stop();
  rmSync(dir, { recursive: true, force: true });
}, 60_000);
// Registered after the clean-up above, so ingest nodes still running die first.
const spawnServe = useServeProcesses(dir);
const serve = (args: string[]) => spawnServe(['--rate-limit', 'off', ...args]);


function clickBatch(i: number) {
  return {
    v: 1,
    site: 'served',
    batch: `served_${String(i).padStart(4, '0')}`,
    session: 's_served01',
    device: 'desktop',
    sent: Date.now(),
    events: [0, 1, 2].map((k) => ({ t: 'click', ts: Date.now(), path: '/', x: i, y: k, vw: 1280, vh: 800, dw: 1280, dh: 4000, sel: 'a', fx: 0, fy: 0, ia: true, rage: false })),
  };
}

const postBatch = async (url: string, body: unknown) => {
  const r = await fetch(`${url}/v1/batch`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: r.status, json: await r.json() };
};

describe('heatlens serve --store clickhouse://', () => {
  it('stores in ClickHouse; a SIGKILLed ingest node loses no acknowledged batch and a new one sees the ids', async () => {
    const store = `clickhouse://127.0.0.1:${ch.shards[0].http}/served`;
    const s = await serve(['--store', store]);
    for (let i = 0; i < 10; i++) expect((await postBatch(s.url, clickBatch(i))).json).toEqual({ accepted: 3 });
    s.child.kill('SIGKILL');
    await s.exited;
    expect((await ch.query("SELECT count() FROM served.events_local WHERE kind = 'click'")).trim()).toBe('30');

    const again = await serve(['--store', store]);
    const p = await (await fetch(`${again.url}/v1/points?site=served&format=json`)).json();
    expect(p.total).toBe(30);
    expect(new Set(p.x)).toEqual(new Set([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]));
    expect((await postBatch(again.url, clickBatch(3))).json).toEqual({ accepted: 0, duplicate: true });
    again.child.kill('SIGTERM');
    expect((await again.exited).code).toBe(0);
  }, 60_000);

  it('--demo seeds the demo site into ClickHouse once, and the dashboard routes answer from it', async () => {
    const store = `clickhouse://127.0.0.1:${ch.shards[0].http}/demo_seeded`;
    const s = await serve(['--store', store, '--demo', '--seed', '200']);
    const pages = (await (await fetch(`${s.url}/v1/pages?site=demo`)).json()).pages;
    expect(pages.map((p: { path: string }) => p.path).sort()).toEqual(['/demo/', '/demo/docs', '/demo/pricing', '/demo/signup']);
    expect(pages[0]).toMatchObject({ path: '/demo/', width: 1280 });
    const clicks = pages.reduce((n: number, p: { clicks: number }) => n + p.clicks, 0);
    const elements = await (await fetch(`${s.url}/v1/elements?site=demo`)).json();
    expect(elements.total).toBe(clicks);
    expect((await fetch(`${s.url}/demo/`)).status).toBe(200);
    s.child.kill('SIGTERM');
    expect((await s.exited).code).toBe(0);
    const again = await serve(['--store', store, '--demo', '--seed', '200']);
    expect((await (await fetch(`${again.url}/v1/elements?site=demo`)).json()).total).toBe(clicks);
    again.child.kill('SIGTERM');
    expect((await again.exited).code).toBe(0);
  }, 60_000);

  it('fails with one line: a malformed --store exits 2, an unreachable server exits 1', () => {
    const run = (store: string) => spawnSync(process.execPath, [BIN, 'serve', '--port', '0', '--store', store], { cwd: dir, encoding: 'utf8', timeout: 30_000 });
    const bad = run('http://127.0.0.1:8123/x');
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/--store must be clickhouse:\/\//);
    const down = run('clickhouse://127.0.0.1:1/x');
    expect(down.status).toBe(1);
    expect(down.stderr.trim().split('\n')).toHaveLength(1);
    expect(down.stderr).toMatch(/cannot set up http:\/\/127\.0\.0\.1:1/);
  }, 60_000);
});

describe('parseStoreUrl', () => {
  it('reads host, HTTP port, database, cluster and shards', () => {
    expect(parseStoreUrl('clickhouse://db.internal:8123/analytics')).toEqual({
      url: 'http://db.internal:8123',
      database: 'analytics',
      cluster: undefined,
      shards: ['http://db.internal:8123'],
    });
    expect(parseStoreUrl('clickhouse://u:p@ch1/heat?cluster=c2&shards=ch1:8123,ch2')).toEqual({
      url: 'http://u:p@ch1:8123',
      database: 'heat',
      cluster: 'c2',
      shards: ['http://u:p@ch1:8123', 'http://u:p@ch2:8123'],
    });
    expect(parseStoreUrl('clickhouse://h:9').database).toBe('heatlens');
  });
  it.each([
    ['http://h/db', /must start with clickhouse/],
    ['clickhouse://h/no-dashes', /database name/],
    ['clickhouse://h/db?cluster=x;y', /cluster name/],
    ['clickhouse://h/db?replicas=2', /unknown store URL parameter "replicas"/],
  ])('refuses %s', (text, re) => {
    expect(() => parseStoreUrl(text)).toThrow(re);
  });
});
