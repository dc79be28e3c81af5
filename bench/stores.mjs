// The embedded store against ClickHouse at 10M stored clicks, in one run: bulk ingest rate
// (each store filled through its store API in large batches), HTTP ingest rate through a real
// `heatlens serve` on each (a bounded number of tracker batches), and GET /v1/points latency
// for the busiest page — raw points (binary and JSON) and pre-aggregated cells.
//
//   node bench/stores.mjs [--rows N] [--http-batches N] [--runs N] [--out FILE]
//
// Needs `npm run build` and clickhouse-server (Debian: apt-get install -y clickhouse-server):
// one server is started here on loopback ports with a temporary data directory (the
// single-server layout), and stopped — with every `heatlens serve` — at the end, also on
// failure. Writes bench/results/stores-<ISO date and time>.json and prints a table.

import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { mulberry32 } from './data.mjs';
import { writeResult } from './results.mjs';

const benchDir = fileURLToPath(new URL('.', import.meta.url));
const root = join(benchDir, '..');
const BIN = join(root, 'bin/heatlens.js');
const dist = (p) => pathToFileURL(join(root, 'dist/ingest', p)).href;

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? Number(args[i + 1]) : fallback;
};
const ROWS = opt('rows', 10_000_000);
const FILL_BATCH = 100_000;
const HTTP_BATCHES = opt('http-batches', 1000);
const HTTP_EVENTS = 100;
const CONNECTIONS = 16;
const RUNS = opt('runs', 7);
const DAYS = 30;
const DAY = 86_400_000;
const SITE = 'bench';
const PATHS = ['/', '/pricing', '/docs', '/docs/install', '/blog', '/blog/post-1', '/about', '/contact', '/careers', '/changelog'];
const log = (m) => process.stdout.write(`${m}\n`);

const children = new Set();
const cleanups = [];
async function cleanup() {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const f of cleanups.splice(0).reverse()) await f().catch(() => {});
}
process.once('SIGINT', () => void cleanup().then(() => process.exit(130)));

function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });
}

async function startClickHouse() {
  const bin = [process.env.CLICKHOUSE_SERVER, '/usr/sbin/clickhouse-server', '/usr/bin/clickhouse-server'].find((c) => c && existsSync(c));
  if (!bin) throw new Error('clickhouse-server is not installed (apt-get install -y clickhouse-server) or set CLICKHOUSE_SERVER');
  const dir = mkdtempSync(join(os.tmpdir(), 'heatlens-bench-ch-'));
  cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
  const http = await freePort();
  let tcp = await freePort();
  while (tcp === http) tcp = await freePort();
  for (const d of ['data', 'tmp', 'user_files', 'format_schemas']) mkdirSync(join(dir, d), { recursive: true });
  writeFileSync(join(dir, 'config.xml'), `<?xml version="1.0"?>
<yandex>
  <logger><level>warning</level><log>${dir}/server.log</log><errorlog>${dir}/error.log</errorlog></logger>
  <listen_host>127.0.0.1</listen_host>
  <http_port>${http}</http_port>
  <tcp_port>${tcp}</tcp_port>
  <path>${dir}/data/</path>
  <tmp_path>${dir}/tmp/</tmp_path>
  <user_files_path>${dir}/user_files/</user_files_path>
  <format_schema_path>${dir}/format_schemas/</format_schema_path>
  <users_config>${dir}/users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <timezone>UTC</timezone>
  <mark_cache_size>268435456</mark_cache_size>
</yandex>
`);
  writeFileSync(join(dir, 'users.xml'), `<?xml version="1.0"?>
<yandex>
  <profiles><default></default></profiles>
  <users><default><password></password><networks><ip>127.0.0.1</ip></networks><profile>default</profile><quota>default</quota></default></users>
  <quotas><default></default></quotas>
</yandex>
`);
  const proc = spawn(bin, [`--config-file=${dir}/config.xml`], { stdio: ['ignore', 'ignore', 'ignore'] });
  children.add(proc);
  const exited = new Promise((done) => proc.on('exit', done));
  cleanups.push(async () => {
    if (proc.exitCode === null && proc.signalCode === null) {
      proc.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
    }
  });
  const url = `http://127.0.0.1:${http}`;
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${url}/ping`, { signal: AbortSignal.timeout(1000) })).ok) {
        const version = (await (await fetch(url, { method: 'POST', body: 'SELECT version()' })).text()).trim();
        return { url, http, version, dir };
      }
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('clickhouse-server did not start');
}

function startServe(storeArgs) {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--rate-limit', 'off', ...storeArgs], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  const exited = new Promise((done) => child.on('exit', (code) => done(code)));
  let out = '';
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  return new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`serve did not start: ${err}`)), 60_000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        ok({ url: m[1], stop });
      }
    });
    void exited.then((code) => fail(new Error(`serve exited (${code}) before listening: ${err}`)));
  });
}

const T_END = Math.floor(Date.now() / DAY) * DAY; // data ends at today's midnight (UTC)
const T_START = T_END - DAYS * DAY;

/** Batch i of the fill: FILL_BATCH clicks in its slice of the DAYS days, half on '/'. */
function fillBatch(i, batches) {
  const rand = mulberry32(1000 + i);
  const t0 = T_START + Math.floor((i * DAYS * DAY) / batches);
  const span = Math.floor((DAYS * DAY) / batches);
  const rows = new Array(FILL_BATCH);
  for (let k = 0; k < FILL_BATCH; k++) {
    const busy = rand() < 0.5;
    // A few hot spots plus noise, on a 1280 × 4000 page.
    const hot = rand() < 0.8;
    const cx = hot ? 200 + 300 * Math.floor(rand() * 4) : 0;
    const cy = hot ? 300 + 900 * Math.floor(rand() * 4) : 0;
    const x = hot ? Math.min(1279, Math.max(0, cx + (rand() + rand() + rand() - 1.5) * 80)) : rand() * 1280;
    const y = hot ? Math.min(3999, Math.max(0, cy + (rand() + rand() + rand() - 1.5) * 80)) : rand() * 4000;
    rows[k] = {
      t: 'click',
      site: SITE,
      path: busy ? '/' : PATHS[1 + Math.floor(rand() * (PATHS.length - 1))],
      session: `s_${String(Math.floor(rand() * 200_000)).padStart(8, '0')}`,
      device: rand() < 0.6 ? 'desktop' : 'mobile',
      ts: t0 + Math.floor((k * span) / FILL_BATCH),
      x: Math.round(x * 4) / 4,
      y: Math.round(y * 4) / 4,
      vw: 1280,
      vh: 800,
      dw: 1280,
      dh: 4000,
      ...(rand() < 0.3 ? { sel: 'main > section > a', fx: 0.5, fy: 0.5, ia: true } : {}),
    };
  }
  return { site: SITE, batch: `fill_${String(i).padStart(6, '0')}`, received: t0 + span - 1, rows };
}

async function fill(store, name) {
  const batches = Math.ceil(ROWS / FILL_BATCH);
  let gen = 0;
  let write = 0;
  for (let i = 0; i < batches; i++) {
    const g0 = performance.now();
    const b = fillBatch(i, batches);
    if (i === batches - 1 && ROWS % FILL_BATCH) b.rows.length = ROWS % FILL_BATCH;
    const w0 = performance.now();
    await store.write(b);
    write += performance.now() - w0;
    gen += w0 - g0;
    if ((i + 1) % 10 === 0 || i === batches - 1) process.stdout.write(`\r  ${name}: ${((i + 1) * FILL_BATCH).toLocaleString('en-US')} rows written, ${(write / 1000).toFixed(1)} s in the store`);
  }
  process.stdout.write('\n');
  return { rows: ROWS, batches, batch_rows: FILL_BATCH, write_s: round(write / 1000, 2), rows_per_s: Math.round(ROWS / (write / 1000)), generate_s: round(gen / 1000, 2) };
}

function trackerBatch(id, n) {
  const now = Date.now();
  const events = [];
  for (let k = 0; k < n; k++) {
    events.push({ t: 'click', ts: now - (n - k) * 50, path: PATHS[k % PATHS.length], x: (k * 37) % 1280, y: (k * 101) % 4000, vw: 1280, vh: 800, dw: 1280, dh: 4000, sel: 'main > a', fx: 0.5, fy: 0.5, ia: true, rage: false });
  }
  return JSON.stringify({ v: 1, site: SITE, batch: id, session: `s_${id.slice(-12)}`, device: 'desktop', sent: now, events });
}

async function httpIngest(url, tag) {
  const bodies = Array.from({ length: HTTP_BATCHES }, (_, i) => trackerBatch(`http_${tag}_${String(i).padStart(8, '0')}`, HTTP_EVENTS));
  let next = 0;
  let accepted = 0;
  let refused = 0;
  const lat = [];
  const t0 = performance.now();
  const deadline = t0 + 120_000;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (next < bodies.length && performance.now() < deadline) {
        const body = bodies[next++];
        const s = performance.now();
        const r = await fetch(`${url}/v1/batch`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
        const j = await r.json();
        lat.push(performance.now() - s);
        if (r.status === 200) accepted += j.accepted;
        else refused++;
      }
    }),
  );
  const secs = (performance.now() - t0) / 1000;
  lat.sort((a, b) => a - b);
  return {
    batches: lat.length,
    events_per_batch: HTTP_EVENTS,
    connections: CONNECTIONS,
    accepted_events: accepted,
    refused,
    wall_s: round(secs, 2),
    events_per_s: Math.round(accepted / secs),
    batches_per_s: Math.round(lat.length / secs),
    latency_ms: { p50: round(lat[Math.floor(lat.length * 0.5)], 1), p99: round(lat[Math.floor(lat.length * 0.99)], 1) },
  };
}

const round = (v, d) => Math.round(v * 10 ** d) / 10 ** d;

async function latency(url, query) {
  const times = [];
  let info;
  for (let i = 0; i <= RUNS; i++) {
    const s = performance.now();
    const r = await fetch(`${url}/v1/points?${query}`);
    const buf = Buffer.from(await r.arrayBuffer());
    const t = performance.now() - s;
    if (r.status !== 200) throw new Error(`GET /v1/points?${query}: ${r.status} ${buf.toString().slice(0, 200)}`);
    if (i === 0) {
      // The first answer warms caches and tells what came back; it is not timed.
      info = { bytes: buf.length };
      if (query.includes('format=json')) {
        const j = JSON.parse(buf.toString());
        Object.assign(info, { points: j.x.length, total: j.total, aggregated: j.aggregated, cell: j.cell });
      } else {
        const { decodePoints } = await import(dist('points-format.js'));
        const p = decodePoints(new Uint8Array(buf));
        Object.assign(info, { points: p.x.length, total: p.total, aggregated: p.aggregated, cell: p.cell });
      }
      continue;
    }
    times.push(t);
  }
  times.sort((a, b) => a - b);
  return { ...info, median_ms: round(times[Math.floor(times.length / 2)], 1), min_ms: round(times[0], 1), max_ms: round(times.at(-1), 1), runs: RUNS };
}

const DAY_Q = `from=${T_END - DAY}&to=${T_END}`;
const QUERIES = [
  { name: 'raw, binary (busiest page, last day)', q: `site=${SITE}&path=/&kind=click&${DAY_Q}&limit=10000000` },
  { name: 'raw, JSON (busiest page, last day)', q: `site=${SITE}&path=/&kind=click&${DAY_Q}&limit=10000000&format=json` },
  { name: 'pre-aggregated ≤ 1M cells, binary (busiest page, all)', q: `site=${SITE}&path=/&kind=click` },
  { name: 'pre-aggregated ≤ 100k cells, binary (busiest page, all)', q: `site=${SITE}&path=/&kind=click&limit=100000` },
  { name: 'pre-aggregated ≤ 100k cells, JSON (busiest page, all)', q: `site=${SITE}&path=/&kind=click&limit=100000&format=json` },
];

async function main() {
  if (!existsSync(join(root, 'dist/ingest/clickhouse-store.js'))) throw new Error('dist/ is missing: run npm run build');
  const started = performance.now();
  const cpus = os.cpus();
  const machine = {
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    total_memory_gib: round(os.totalmem() / 2 ** 30, 1),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    // The machine may be shared: a load average above the core count means the numbers are low.
    load_average_start: os.loadavg().map((v) => round(v, 2)),
  };
  const ch = await startClickHouse();
  log(`heatlens stores benchmark — ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}, ClickHouse ${ch.version}; ` +
    `${ROWS.toLocaleString('en-US')} clicks per store, loopback`);
  const dataDir = mkdtempSync(join(os.tmpdir(), 'heatlens-bench-stores-'));
  cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
  const storeUrl = `clickhouse://127.0.0.1:${ch.http}/bench`;
  const { DuckDBStore } = await import(dist('duckdb-store.js'));
  const { ClickHouseStore } = await import(dist('clickhouse-store.js'));

  const stores = [
    { name: 'embedded (DuckDB)', open: () => DuckDBStore.open(dataDir), serveArgs: ['--data', dataDir] },
    { name: 'ClickHouse', open: () => ClickHouseStore.open(storeUrl), serveArgs: ['--data', dataDir, '--store', storeUrl] },
  ];
  const results = [];
  for (const s of stores) {
    log(`${s.name}:`);
    const store = await s.open();
    let bulk;
    try {
      bulk = await fill(store, 'bulk fill');
    } finally {
      await store.close();
    }
    if (s.name.startsWith('Click')) {
      // Measure the stored state, not the fill's aftermath: wait (≤ 180 s) for background merges.
      const m0 = performance.now();
      const merging = async () => Number((await (await fetch(ch.url, { method: 'POST', body: 'SELECT count() FROM system.merges' })).text()).trim());
      while ((await merging()) > 0 && performance.now() - m0 < 180_000) await new Promise((r) => setTimeout(r, 500));
      bulk.merges_settled_s = round((performance.now() - m0) / 1000, 1);
      const parts = await (await fetch(ch.url, { method: 'POST', body: "SELECT count() FROM system.parts WHERE database = 'bench' AND active" })).text();
      bulk.active_parts = Number(parts.trim());
      log(`  background merges done after ${bulk.merges_settled_s} s (${bulk.active_parts} active parts)`);
    }
    const serve = await startServe(s.serveArgs);
    let http;
    const points = [];
    try {
      http = await httpIngest(serve.url, s.name.startsWith('Click') ? 'ch' : 'duck');
      if (http.refused > 0 || http.accepted_events !== http.batches * HTTP_EVENTS) throw new Error(`HTTP ingest: ${http.refused} batches refused`);
      log(`  HTTP ingest: ${http.events_per_s.toLocaleString('en-US')} events/s`);
      for (const { name, q } of QUERIES) {
        const r = await latency(serve.url, q);
        points.push({ name, query: q, ...r });
        log(`  ${name}: ${r.median_ms} ms (${r.points.toLocaleString('en-US')} points of ${r.total.toLocaleString('en-US')}, ${(r.bytes / 1e6).toFixed(1)} MB)`);
      }
    } finally {
      await serve.stop();
    }
    let size;
    if (s.name.startsWith('Click')) {
      const r = await fetch(ch.url, { method: 'POST', body: "SELECT sum(bytes_on_disk) FROM system.parts WHERE database = 'bench' AND active" });
      size = Number((await r.text()).trim());
    } else {
      const { statSync } = await import('node:fs');
      size = statSync(join(dataDir, 'heatlens.duckdb')).size;
    }
    results.push({ store: s.name, bulk_ingest: bulk, http_ingest: http, points, disk_bytes: size });
  }

  machine.load_average_end = os.loadavg().map((v) => round(v, 2));
  const date = new Date();
  const out = {
    benchmark: 'stores',
    date: date.toISOString(),
    machine,
    clickhouse: { version: ch.version, layout: 'one server (events_local), default settings, same machine' },
    rows: ROWS,
    data: `${ROWS.toLocaleString('en-US')} clicks of one site over ${DAYS} days, half on the busiest page "/"; fill batches of ${FILL_BATCH.toLocaleString('en-US')} rows through the store API`,
    results,
    wall_s: round((performance.now() - started) / 1000, 1),
  };
  const oi = args.indexOf('--out');
  const file = await writeResult('stores-', date, out, [oi >= 0 ? args[oi + 1] : null]);

  const [a, b] = results;
  const rows = [
    ['bulk ingest, store API (rows/s)', a.bulk_ingest.rows_per_s.toLocaleString('en-US'), b.bulk_ingest.rows_per_s.toLocaleString('en-US')],
    [`HTTP ingest, ${HTTP_EVENTS}-click batches (events/s)`, a.http_ingest.events_per_s.toLocaleString('en-US'), b.http_ingest.events_per_s.toLocaleString('en-US')],
    ['HTTP ingest p50 / p99 (ms)', `${a.http_ingest.latency_ms.p50} / ${a.http_ingest.latency_ms.p99}`, `${b.http_ingest.latency_ms.p50} / ${b.http_ingest.latency_ms.p99}`],
    ...a.points.map((p, i) => [`/v1/points ${p.name} (median ms)`, String(p.median_ms), String(b.points[i].median_ms)]),
    ['on disk (MB)', (a.disk_bytes / 1e6).toFixed(0), (b.disk_bytes / 1e6).toFixed(0)],
  ];
  const head = ['scenario', 'embedded', 'ClickHouse'];
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r) => `| ${r.map((c, i) => (i === 0 ? c.padEnd(w[i]) : c.padStart(w[i]))).join(' | ')} |`;
  log('');
  log(line(head));
  log(`|${w.map((n) => '-'.repeat(n + 2)).join('|')}|`);
  for (const r of rows) log(line(r));
  log(`\nwrote ${file} (${out.wall_s} s)`);
}

main()
  .then(cleanup)
  .catch(async (e) => {
    process.stderr.write(`bench/stores.mjs: ${e instanceof Error ? e.message : e}\n`);
    await cleanup();
    process.exit(1);
  });
