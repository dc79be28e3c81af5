// `heatlens migrate`: a real embedded store (DuckDB under a temporary directory) holding every
// kind, several sites, hours and days, a busy hour split into several chunks and a batch sent
// twice, copied into two real clickhouse-server shards behind a Distributed table — then the
// same queries answer the same on both stores, retries of batches stored before the move are
// duplicates, and running it again copies nothing twice (only traffic added in a later hour). Plus the
// command itself from dist/: progress and summary, and one line with exit 2/1 when it cannot run.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClickHouseStore } from '../../ingest/clickhouse-store.js';
import { DuckDBStore } from '../../ingest/duckdb-store.js';
import { migrate } from '../../ingest/migrate.js';
import type { Device, EventRow } from '../../ingest/schema.js';
import type { Filters, Points, Store, WriteBatch } from '../../ingest/store.js';
import { mulberry32 } from '../../bench/data.mjs';
import { findClickHouse, startCluster, type Cluster, freePort } from '../support/clickhouse.js';

// Without clickhouse-server the file fails to load with one line saying how to install it.
findClickHouse();
const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin/heatlens.js');
const HOUR = 3_600_000;
const T0 = Date.UTC(2025, 10, 3);
const tmp = mkdtempSync(join(tmpdir(), 'heatlens-migrate-'));
let cluster: Cluster;

const rand = mulberry32(9);
const pick = <T>(a: readonly T[]) => a[Math.floor(rand() * a.length)];
const PATHS = ['/', '/docs/a', '/docs/b', '/pricing'];
const DEVICES: Device[] = ['desktop', 'tablet', 'mobile'];
const q = (v: number) => Math.round(v * 4) / 4; // quarter pixels: exact in float32 too
let tsSeq = 0;

function event(site: string, kind: EventRow['t'], hour: number, session: string): EventRow {
  // Distinct times, so ordered answers cannot tie differently on the two stores.
  const ts = T0 + hour * HOUR + (tsSeq++ % 3_000_000);
  const base = { site, path: pick(PATHS), session, device: pick(DEVICES), ts };
  switch (kind) {
    case 'click':
      return {
        t: 'click', ...base, x: q(rand() * 1280), y: q(rand() * 4000), vw: pick([390, 1280]), vh: 800, dw: 1280, dh: 4000,
        ...(rand() < 0.7 ? { sel: pick(['main > a', 'nav > button', 'footer a']), fx: 0.25, fy: 0.5, ia: rand() < 0.5 } : {}),
        ...(rand() < 0.1 ? { rage: true } : {}),
      };
    case 'move':
      return { t: 'move', ...base, x: q(rand() * 1280), y: q(rand() * 4000), vw: 1280, ...(rand() < 0.5 ? { dh: 4000 } : {}) };
    case 'scroll':
      return { t: 'scroll', ...base, y: Math.floor(rand() * 3200), vh: pick([700, 800]), ...(rand() < 0.8 ? { dh: 4000 } : {}), vw: 1280 };
    case 'view':
      return { t: 'view', ...base, vw: 1280, vh: 800, dw: 1280, dh: 4000, ...(rand() < 0.5 ? { ref: 'https://example.org/' } : {}) };
  }
}

function makeBatch(site: string, n: number, hour: number, i: number, busy = false): WriteBatch {
  const session = `s_${site}_${String(i % 9).padStart(3, '0')}`;
  const kinds: EventRow['t'][] = busy ? ['click'] : ['click', 'click', 'move', 'move', 'scroll', 'view'];
  return {
    site,
    batch: `b_${site}_${String(i).padStart(5, '0')}`,
    received: T0 + hour * HOUR + i,
    rows: Array.from({ length: n }, () => event(site, pick(kinds), hour, session)),
  };
}

/** Pairs (x, y, w) sorted: raw points come back in no particular order. */
function sorted(p: Points): number[][] {
  return Array.from(p.x, (x, i) => [x, p.y[i], p.w[i]]).sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2]);
}

async function sameAnswers(a: Store, b: Store, site: string): Promise<void> {
  expect(await b.counts(site)).toEqual(await a.counts(site));
  const filters: Filters[] = [
    { site },
    { site, path: '/docs/*' },
    { site, path: '/', devices: ['mobile', 'tablet'] },
    { site, from: T0 + 5 * HOUR, to: T0 + 30 * HOUR, vwmin: 1000 },
  ];
  for (const f of filters) {
    for (const kind of ['click', 'move'] as const) {
      const [pa, pb] = [await a.points({ ...f, kind, limit: 1_000_000 }), await b.points({ ...f, kind, limit: 1_000_000 })];
      expect(pb.total).toBe(pa.total);
      expect(pb.aggregated).toBe(false);
      expect(sorted(pb)).toEqual(sorted(pa));
      // Pre-aggregated: the same cells, counts and centroids.
      const [ga, gb] = [await a.points({ ...f, kind, limit: 40 }), await b.points({ ...f, kind, limit: 40 })];
      expect([gb.total, gb.aggregated, gb.cell]).toEqual([ga.total, ga.aggregated, ga.cell]);
      const [sa, sb] = [sorted(ga), sorted(gb)];
      expect(sb.length).toBe(sa.length);
      sb.forEach((r, i) => r.forEach((v, j) => expect(v).toBeCloseTo(sa[i][j], 6)));
    }
    const sel = (s: string) => s.startsWith('nav');
    expect(sorted(await b.points({ ...f, kind: 'click', selector: sel, limit: 1000 }))).toEqual(
      sorted(await a.points({ ...f, kind: 'click', selector: sel, limit: 1000 })),
    );
    expect(await b.scrollSamples({ ...f, limit: 100_000 })).toEqual(await a.scrollSamples({ ...f, limit: 100_000 }));
    for (const unit of ['pct', 'px'] as const) {
      const c = { ...f, unit, bin: unit === 'pct' ? 5 : 200 };
      expect(await b.scrollCurve(c)).toEqual(await a.scrollCurve(c));
    }
  }
}


function cli(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, 'migrate', ...args], { cwd: tmp, encoding: 'utf8', env: { ...process.env, HEATLENS_DEBUG: '' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const dataDir = join(tmp, 'data');
const sites = ['shop', 'blog.example'];

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'dist/bin/main.js'))) throw new Error('dist/ is missing: run npm run build first');
  cluster = await startCluster(2);
  const store = await DuckDBStore.open(dataDir);
  try {
    let i = 0;
    for (const site of sites) {
      // 40 batches over two days of hours, of every kind.
      for (let b = 0; b < 40; b++) expect((await store.write(makeBatch(site, 5 + (b % 11), (b * 7) % 48, i++))).duplicate).toBe(false);
    }
    // A busy hour: more clicks than one chunk of 50 holds (the library test uses chunkRows 50).
    for (let b = 0; b < 6; b++) await store.write(makeBatch('shop', 40, 50, i++, true));
    // The same batch sent twice: stored once.
    const twice = makeBatch('shop', 8, 3, 9999);
    expect((await store.write(twice)).duplicate).toBe(false);
    expect(await store.write({ ...twice, rows: twice.rows.slice(0, 2) })).toEqual({ accepted: 0, duplicate: true });
  } finally {
    await store.close();
  }
}, 120_000);
afterAll(async () => {
  await cluster?.stop();
  rmSync(tmp, { recursive: true, force: true });
}, 60_000);

describe('heatlens migrate into a cluster of two shards', () => {
  it('copies every event and batch id: the same queries answer the same on both stores', async () => {
    const progress: number[] = [];
    const r = await migrate(dataDir, cluster.storeUrl('moved'), { chunkRows: 50, onProgress: (p) => progress.push(p.done) });
    const src = await DuckDBStore.open(dataDir);
    const dst = await ClickHouseStore.open(cluster.storeUrl('moved'));
    try {
      const total = await src.counts();
      const events = total.views + total.clicks + total.moves + total.scrolls;
      expect(r.total).toBe(events);
      expect(r.copied).toEqual({ view: total.views, click: total.clicks, move: total.moves, scroll: total.scrolls });
      expect(r.skipped).toBe(0);
      expect(r.batches).toBe(total.batches);
      // The busy hour (240 clicks) went in 5 parts of at most 50; progress only grows, to the total.
      expect(await dst.markers('shop', '~clicks.')).toContain(`~clicks.${(T0 + 50 * HOUR) / HOUR}.5of5`);
      expect(progress.at(-1)).toBe(events);
      expect(progress.every((v, k) => k === 0 || v >= progress[k - 1])).toBe(true);
      expect(await dst.counts()).toEqual(total);
      for (const site of sites) await sameAnswers(src, dst, site);
      // Both shards hold a share.
      const local = await Promise.all([0, 1].map((s) => cluster.query("SELECT count() FROM moved.events_local WHERE kind != 'batch'", s)));
      expect(local.map(Number).every((n) => n > 0)).toBe(true);
      // Retries of batches stored before the move (incl. the one sent twice) are duplicates.
      expect(await dst.write(makeBatch('shop', 3, 3, 9999))).toEqual({ accepted: 0, duplicate: true });
      expect(await dst.write(makeBatch('blog.example', 3, 3, 41))).toEqual({ accepted: 0, duplicate: true });
    } finally {
      await src.close();
      await dst.close();
    }
  }, 120_000);

  it('copies nothing twice when run again, and only traffic added in a later hour', async () => {
    const rows = async () => Number(await cluster.query('SELECT count() FROM moved.events'));
    const before = await rows();
    const again = await migrate(dataDir, cluster.storeUrl('moved'), { chunkRows: 50 });
    expect(again.copied).toEqual({ view: 0, click: 0, move: 0, scroll: 0 });
    expect(again.chunks).toBe(0);
    expect(again.batches).toBe(0);
    expect(again.skipped).toBe(again.total);
    expect(await rows()).toBe(before);

    // New traffic in a later hour, then a third run copies just that.
    const store = await DuckDBStore.open(dataDir);
    const extra = makeBatch('shop', 12, 60, 20_000);
    await store.write(extra);
    await store.close();
    const third = await migrate(dataDir, cluster.storeUrl('moved'), { chunkRows: 50 });
    const n = third.copied.view + third.copied.click + third.copied.move + third.copied.scroll;
    expect(n).toBe(12);
    expect(third.batches).toBe(1);
    const src = await DuckDBStore.open(dataDir);
    const dst = await ClickHouseStore.open(cluster.storeUrl('moved'));
    try {
      for (const site of sites) await sameAnswers(src, dst, site);
    } finally {
      await src.close();
      await dst.close();
    }
  }, 120_000);
});

describe('the command', () => {
  it('migrates with a progress line and a summary, and says so when there is nothing left', () => {
    const url = `clickhouse://127.0.0.1:${cluster.shards[0].http}/cli`;
    const first = cli(['--from', dataDir, '--to', url]);
    expect(first.err).toMatch(/migrate: [\d,]+ \/ [\d,]+ events \(100%\)/);
    expect(first.err).toMatch(/^heatlens: migrated [\d,]+ events \([\d,]+ clicks, [\d,]+ moves, [\d,]+ scrolls, [\d,]+ page views\) in \d+ chunks and \d+ batch ids in [\d.]+ s; already there: 0 events, 0 batch ids$/m);
    expect(first.code).toBe(0);
    const second = cli(['--from', dataDir, '--to', url]);
    expect(second.code).toBe(0);
    expect(second.err).toMatch(/migrated 0 events .* in 0 chunks and 0 batch ids .*already there: [1-9][\d,]* events, [1-9]\d* batch ids$/m);
  }, 60_000);

  it('stops with one line: exit 2 for a bad command line, 1 when the store or server is missing', async () => {
    const oneLine = (r: { err: string }) => expect(r.err.trimEnd().split('\n')).toHaveLength(1);
    for (const args of [
      ['--from', dataDir],
      ['--to', 'clickhouse://127.0.0.1:8123/x'],
      ['--from', dataDir, '--to', 'postgres://127.0.0.1/x'],
      ['--from', dataDir, '--to', 'clickhouse://127.0.0.1:8123/bad-name'],
      ['--from', dataDir, '--to', 'clickhouse://127.0.0.1:8123/x', '--chunk', '5'],
    ]) {
      const r = cli(args);
      expect(r.code, args.join(' ')).toBe(2);
      oneLine(r);
    }
    const missing = cli(['--from', join(tmp, 'nowhere'), '--to', `clickhouse://127.0.0.1:${cluster.shards[0].http}/x`]);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/^heatlens: no embedded store at .*nowhere.*heatlens\.duckdb\n$/);
    const down = cli(['--from', dataDir, '--to', `clickhouse://127.0.0.1:${await freePort()}/x`]);
    expect(down.code).toBe(1);
    expect(down.err).toMatch(/^heatlens: cannot set up /);
    oneLine(down);
  }, 60_000);
});
