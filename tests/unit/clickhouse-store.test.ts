// The ClickHouse store on real servers: two clickhouse-server instances as two shards behind a
// Distributed table (tests/support/clickhouse.ts), one cluster for the whole file. It passes
// the same store contract as the embedded store; acknowledged batches survive SIGKILLing every
// server; batch ids dedupe across two ingest nodes; and the pre-aggregated /v1/points answer
// (cells binned inside ClickHouse) gives the density of the raw points within the engine's accuracy.
// The revision behind the read routes' ETags is the same on every node and changes with every
// write (through any node, or by heatlens migrate) and retention drop, never with reads.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClickHouseStore } from '../../ingest/clickhouse-store.js';
import { DuckDBStore } from '../../ingest/duckdb-store.js';
import { migrate } from '../../ingest/migrate.js';
import { decodePoints } from '../../ingest/points-format.js';
import type { EventRow } from '../../ingest/schema.js';
import { createEngine } from '../../worker/node.js';
import { mulberry32 } from '../../bench/data.mjs';
import { findClickHouse, startCluster, type Cluster } from '../support/clickhouse.js';
import { storeContract } from '../support/store-contract.js';
import { batch, click, getBytes, getJSON, nextId, post, startHarnessWith, type Harness } from './ingest-support.js';

// Without clickhouse-server the file fails to load with one line saying how to install it.
findClickHouse();
let cluster: Cluster;
const open: Harness<ClickHouseStore>[] = [];

async function harness(db: string): Promise<Harness<ClickHouseStore>> {
  const h = await startHarnessWith(() => ClickHouseStore.open(cluster.storeUrl(db)));
  open.push(h);
  return h;
}

beforeAll(async () => {
  cluster = await startCluster(2);
}, 60_000);
afterAll(async () => {
  for (const h of open) await h.close().catch(() => {});
  await cluster?.stop();
}, 60_000);

describe('the store contract, on two shards', () => {
  storeContract(() => harness('contract'));
});

describe('a cluster of two shards', () => {
  it('spreads batches over both shards and reads them back through the Distributed table', async () => {
    const h = await harness('spread');
    for (let i = 0; i < 20; i++) expect((await post(h.url, batch([click(i, i)]))).status).toBe(200);
    const local = await Promise.all([0, 1].map((i) => cluster.query("SELECT count() FROM spread.events_local WHERE kind = 'click'", i)));
    expect(local.map(Number).every((n) => n > 0)).toBe(true);
    expect(local.map(Number).reduce((a, b) => a + b)).toBe(20);
    expect((await getJSON(`${h.url}/v1/points?site=docs-site&format=json`)).json.total).toBe(20);
  });
});

describe('durability', () => {
  it('finds every acknowledged batch after SIGKILLing and restarting both servers', async () => {
    const h = await harness('durable');
    const sent: number[] = [];
    for (let i = 0; i < 10; i++) {
      const r = await post(h.url, batch([click(100 + i, 200 + i), click(300 + i, 400 + i)]));
      expect(r.json).toEqual({ accepted: 2 });
      sent.push(100 + i, 300 + i);
    }
    await cluster.restart();
    // The same store (its HTTP connections reconnect) and a fresh one both see all of it.
    const j = await getJSON(`${h.url}/v1/points?site=docs-site&format=json`);
    expect(j.status).toBe(200);
    expect([...j.json.x].sort((a: number, b: number) => a - b)).toEqual(sent.sort((a, b) => a - b));
    const fresh = await ClickHouseStore.open(cluster.storeUrl('durable'));
    expect((await fresh.counts('docs-site')).clicks).toBe(20);
    await fresh.close();
  }, 60_000);
});

describe('dedup across two ingest nodes (two handlers on one cluster)', () => {
  let a: Harness<ClickHouseStore>;
  let b: Harness<ClickHouseStore>;
  beforeAll(async () => {
    a = await harness('dedup');
    b = await harness('dedup');
  });

  it('a batch id stored through one node is a duplicate on the other', async () => {
    const body = batch([click(1, 1), click(2, 2)]);
    expect((await post(a.url, body)).json).toEqual({ accepted: 2 });
    expect((await post(b.url, body)).json).toEqual({ accepted: 0, duplicate: true });
    expect((await post(a.url, body)).json).toEqual({ accepted: 0, duplicate: true });
    expect((await b.store.counts('docs-site')).clicks).toBe(2);
  });

  it('the same ids posted to both nodes at once are stored once', async () => {
    const bodies = Array.from({ length: 30 }, (_, i) => batch([click(1000 + i, 7), click(2000 + i, 7)], { site: 'race-site' }));
    const answers = await Promise.all(bodies.flatMap((body) => [post(a.url, body), post(b.url, body)]));
    expect(answers.every((r) => r.status === 200)).toBe(true);
    for (let i = 0; i < 30; i++) {
      // At least one node accepted each batch; in a true race both may have written it.
      expect(answers[2 * i].json.accepted + answers[2 * i + 1].json.accepted).toBeGreaterThanOrEqual(2);
    }
    const markers = Number(await cluster.query("SELECT count() FROM dedup.events WHERE site = 'race-site' AND kind = 'batch'"));
    const j = await getJSON(`${b.url}/v1/points?site=race-site&format=json`);
    expect(j.json.total).toBe(60);
    expect([...j.json.x].sort((p: number, q: number) => p - q)).toEqual(bodies.flatMap((_, i) => [1000 + i, 2000 + i]).sort((p, q) => p - q));
    expect(await a.store.counts('race-site')).toMatchObject({ clicks: 60, batches: 30 });
    console.log(`dedup race: ${markers - 30} of 30 ids were written by both nodes; reads kept one copy each`);
  });

  it('reads leave out a losing attempt: the later of two markers for one id, with its rows', async () => {
    const body = batch([click(5, 5)], { site: 'loser-site' });
    expect((await post(a.url, body)).json).toEqual({ accepted: 1 });
    // What a second node writes when it loses a race: a later marker and the same rows again.
    const [bucket, day, received] = (
      await cluster.query(`SELECT bucket, day, received FROM dedup.events WHERE site = 'loser-site' AND kind = 'batch' FORMAT TSV`)
    ).trim().split('\t');
    await cluster.query(
      `INSERT INTO dedup.events (site, path, kind, ts, session, device, day, bucket, batch, attempt, received, events, x, y) VALUES
       ('loser-site', '/pricing', 'click', 1, 's', 'desktop', '${day}', ${bucket}, '', 42, 0, 0, 5, 5),
       ('loser-site', '', 'batch', ${Number(received) + 5}, '', 'desktop', '${day}', ${bucket}, '${body.batch}', 42, ${Number(received) + 5}, 1, 0, 0)`,
    );
    expect(Number(await cluster.query(`SELECT count() FROM dedup.events WHERE site = 'loser-site' AND kind = 'click'`))).toBe(2);
    expect((await getJSON(`${a.url}/v1/points?site=loser-site&format=json`)).json).toMatchObject({ total: 1, x: [5] });
    expect(await b.store.counts('loser-site')).toMatchObject({ clicks: 1, batches: 1 });
  });

  it('a losing attempt’s clicks fit no element box on a layout (layout=W)', async () => {
    // One desktop click on #k (too few for a box) and a phone click on it, which stays unplaced
    // unless the loser's desktop click below, elsewhere in #k, joined the fit.
    const phone = batch([click(50, 50, { sel: '#k', fx: 0.5, fy: 0.5, vw: 390, dw: 390 })], { site: 'loser-layout', device: 'mobile' });
    const desk = batch([click(110, 210, { sel: '#k', fx: 0.1, fy: 0.2 })], { site: 'loser-layout' });
    expect((await post(a.url, phone)).json).toEqual({ accepted: 1 });
    expect((await post(a.url, desk)).json).toEqual({ accepted: 1 });
    const [bucket, day, received, ts] = (
      await cluster.query(`SELECT bucket, day, received, ts FROM dedup.events WHERE site = 'loser-layout' AND batch = '${desk.batch}' AND kind = 'batch' FORMAT TSV`)
    ).trim().split('\t');
    await cluster.query(
      `INSERT INTO dedup.events (site, path, kind, ts, session, device, day, bucket, batch, attempt, received, events, x, y, dw, sel, fx, fy) VALUES
       ('loser-layout', '/pricing', 'click', ${ts}, 's', 'desktop', '${day}', ${bucket}, '', 43, 0, 0, 190, 240, 1280, '#k', 0.9, 0.8),
       ('loser-layout', '', 'batch', ${Number(received) + 5}, '', 'desktop', '${day}', ${bucket}, '${desk.batch}', 43, ${Number(received) + 5}, 1, 0, 0, NULL, NULL, NULL, NULL)`,
    );
    const j = await getJSON(`${a.url}/v1/points?site=loser-layout&format=json&layout=1280`);
    expect(j.json).toMatchObject({ total: 1, unplaced: 1, x: [110], y: [210] });
  });
});

describe('pre-aggregation inside ClickHouse', () => {
  it('weighted cells give the density of the raw points within the engine accuracy (0.2% of the peak)', async () => {
    const h = await harness('agg');
    const rand = mulberry32(7);
    const gauss = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
    const N = 60_000;
    const rows: EventRow[] = [];
    for (let i = 0; i < N; i++) {
      const c = i % 6;
      const x = Math.min(1279, Math.max(0, 200 + c * 180 + gauss() * 60));
      const y = Math.min(3999, Math.max(0, 500 + c * 550 + gauss() * 200));
      rows.push({ t: 'click', site: 'agg-site', path: '/', session: 's_aggregate', device: 'desktop', ts: 1_764_028_800_000 + i, x, y });
    }
    for (let i = 0; i < N; i += 20_000) await h.store.write({ site: 'agg-site', batch: nextId('agg'), received: Date.now(), rows: rows.slice(i, i + 20_000) });

    const raw = decodePoints((await getBytes(`${h.url}/v1/points?site=agg-site&limit=1000000`)).bytes);
    const agg = decodePoints((await getBytes(`${h.url}/v1/points?site=agg-site&limit=20000`)).bytes);
    expect(raw.aggregated).toBe(false);
    expect(raw.n).toBe(N);
    expect(agg.aggregated).toBe(true);
    expect(agg.n).toBeLessThanOrEqual(20_000);
    expect(Array.from(agg.w).reduce((s, v) => s + v, 0)).toBe(N);

    const engine = await createEngine();
    try {
      const request = { extent: [0, 0, 1280, 4000] as [number, number, number, number], width: 320, height: 1000, bandwidth: 40 };
      const exact = await engine.density({ ...request, points: { x: raw.x, y: raw.y } });
      const binned = await engine.density({ ...request, points: { x: agg.x, y: agg.y, w: agg.w } });
      let worst = 0;
      for (let i = 0; i < exact.values.length; i++) worst = Math.max(worst, Math.abs(exact.values[i] - binned.values[i]));
      console.log(`pre-aggregation: ${agg.n} cells of ${agg.cell} px for ${N} points; max density error ${((worst / exact.max) * 100).toFixed(3)}% of the peak`);
      expect(binned.total).toBeCloseTo(exact.total, 6);
      expect(worst / exact.max).toBeLessThanOrEqual(0.002);
    } finally {
      await engine.close();
    }
  }, 60_000);
});

describe('the revision behind ETags, across two ingest nodes', () => {
  let a: Harness<ClickHouseStore>;
  let b: Harness<ClickHouseStore>;
  beforeAll(async () => {
    a = await harness('revision');
    b = await harness('revision');
  });
  const clickRow = (site: string, ts: number, x: number): EventRow => ({ t: 'click', site, path: '/', session: 's_revision', device: 'desktop', ts, x, y: 1 });

  it('is the same on every node, changes after a write through either node, and not after reads, duplicates or other sites', async () => {
    const r0 = await a.store.revision('rev-site');
    expect(await b.store.revision('rev-site')).toBe(r0);
    const first = batch([click(1, 1)], { site: 'rev-site' });
    expect((await post(a.url, first)).json).toEqual({ accepted: 1 });
    const r1 = await b.store.revision('rev-site');
    expect(r1).not.toBe(r0);
    expect(await a.store.revision('rev-site')).toBe(r1);

    // The node that did not write tags its answers with the new revision, and the tag holds while nothing changes.
    const url = `${b.url}/v1/points?site=rev-site&format=json`;
    const full = await fetch(url);
    const tag = full.headers.get('etag')!;
    expect(tag.startsWith(`"${r1}.`)).toBe(true);
    expect((await full.json()).x).toEqual([1]);
    for (const route of ['/v1/points?', '/v1/scroll?', '/v1/moves?', '/v1/elements?', '/v1/pages?']) {
      expect((await fetch(`${a.url}${route}site=rev-site`)).status).toBe(200);
    }
    expect((await post(b.url, first)).json).toEqual({ accepted: 0, duplicate: true });
    expect((await post(a.url, batch([click(2, 2)], { site: 'other-rev-site' }))).json).toEqual({ accepted: 1 });
    expect(await a.store.revision('rev-site')).toBe(r1);
    expect((await fetch(url, { headers: { 'if-none-match': tag } })).status).toBe(304);

    expect((await post(b.url, batch([click(3, 3)], { site: 'rev-site' }))).json).toEqual({ accepted: 1 });
    expect(await a.store.revision('rev-site')).not.toBe(r1);
    const fresh = await fetch(`${a.url}/v1/points?format=json&site=rev-site`, { headers: { 'if-none-match': tag } });
    expect(fresh.status).toBe(200);
    expect([...(await fresh.json()).x].sort()).toEqual([1, 3]);
  });

  it('changes when retention drops a day of the site, even if its latest batch stays', async () => {
    const old = Date.UTC(2025, 0, 1, 12);
    await a.store.write({ site: 'ret-site', batch: nextId('old'), received: old, rows: [clickRow('ret-site', old, 5)] });
    await a.store.write({ site: 'ret-site', batch: nextId('new'), received: Date.now(), rows: [clickRow('ret-site', Date.now(), 6)] });
    const before = await b.store.revision('ret-site');
    expect(await a.store.deleteBefore(Date.UTC(2025, 0, 3))).toBe(1);
    const after = await b.store.revision('ret-site');
    expect(after).not.toBe(before);
    expect((await getJSON(`${b.url}/v1/points?site=ret-site&format=json`)).json.x).toEqual([6]);
    // A sweep with nothing left to drop changes nothing.
    expect(await a.store.deleteBefore(Date.UTC(2025, 0, 3))).toBe(0);
    expect(await b.store.revision('ret-site')).toBe(after);
  });

  it('changes when heatlens migrate copies an embedded store in; a re-run that copies nothing leaves it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'heatlens-revision-'));
    try {
      const source = await DuckDBStore.open(dir);
      await source.write({ site: 'mig-site', batch: 'b_migrated', received: Date.now(), rows: [clickRow('mig-site', Date.now(), 7)] });
      await source.close();
      const before = await a.store.revision('mig-site');
      expect((await migrate(dir, cluster.storeUrl('revision'))).copied.click).toBe(1);
      const after = await a.store.revision('mig-site');
      expect(after).not.toBe(before);
      expect((await migrate(dir, cluster.storeUrl('revision'))).skippedChunks).toBe(1);
      expect(await a.store.revision('mig-site')).toBe(after);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
