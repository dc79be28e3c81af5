// Ingest load test: the real `heatlens serve` (from dist/) in a child process, loaded over
// loopback (127.0.0.1 only) by autocannon with a fixed number of batches, each with unique
// ids. It records accepted events per second and then checks, with the server stopped, that
// the store holds exactly the events that were acknowledged (zero loss, nothing twice).
// Bounded: --batches requests per scenario (and a 120 s cap), then everything stops.
//
//   node bench/ingest.mjs [--quick] [--batches N] [--events N] [--connections N] [--out FILE]
//
// Writes bench/results/ingest-<ISO date and time>.json (not committed; also FILE with --out),
// prints a table, and exits 1 if anything acknowledged is missing from the store.

import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { writeResult } from './results.mjs';

const benchDir = fileURLToPath(new URL('.', import.meta.url));
const root = join(benchDir, '..');
const BIN = join(root, 'bin/heatlens.js');
const STORE = join(root, 'dist/ingest/duckdb-store.js');

const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? Number(args[i + 1]) : fallback;
};
const quick = args.includes('--quick');
const BATCHES = flag('batches', quick ? 500 : 4000);
const EVENTS = flag('events', 100);
const CONNECTIONS = flag('connections', 16);
const MAX_SECONDS = 120;
const log = (m) => process.stdout.write(`${m}\n`);

/** A tracker-like batch: a view, clicks, moves and scrolls in the batch format's proportions. */
function batchBody(site, id, n) {
  const now = Date.now();
  const events = [];
  for (let k = 0; k < n; k++) {
    const ts = now - (n - k) * 50;
    const r = k % 10;
    if (k === 0) events.push({ t: 'view', ts, path: '/pricing', vw: 1280, vh: 800, dw: 1280, dh: 4000, ref: '/' });
    else if (r < 2) {
      events.push({ t: 'click', ts, path: '/pricing', x: (k * 37) % 1280, y: (k * 101) % 4000, vw: 1280, vh: 800, dw: 1280, dh: 4000,
        sel: 'main > section#plans > a[data-heatlens-id="buy-pro"]', fx: 0.42, fy: 0.5, ia: true, rage: false });
    } else if (r < 9) events.push({ t: 'move', ts, path: '/pricing', x: (k * 13) % 1280, y: (k * 29) % 4000, vw: 1280, dh: 4000 });
    else events.push({ t: 'scroll', ts, path: '/pricing', y: (k * 7) % 3200, vh: 800, dh: 4000, vw: 1280 });
  }
  return JSON.stringify({ v: 1, site, batch: id, session: `s_${id}`, device: 'desktop', sent: now, events });
}

function startServer(dataDir) {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--data', dataDir, '--rate-limit', 'off'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise((done) => child.on('exit', (code, signal) => done({ code, signal })));
  let out = '';
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  return new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`server did not start: ${err}`)), 30_000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        ok({ child, url: m[1], exited });
      }
    });
    exited.then(({ code }) => fail(new Error(`server exited (${code}) before listening: ${err}`)));
  });
}

async function scenario(name, url, bodies, headers) {
  let i = 0;
  let accepted = 0;
  let acknowledged = 0;
  let duplicates = 0;
  let refused = 0;
  // autocannon stops on whole-second ticks; the clock here runs to the last answer instead.
  let lastAnswer = 0;
  const started = performance.now();
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    amount: bodies.length,
    duration: MAX_SECONDS,
    timeout: 30,
    requests: [
      {
        method: 'POST',
        path: '/v1/batch',
        headers,
        setupRequest: (req) => ({ ...req, body: bodies[i++ % bodies.length] }),
        onResponse: (status, body) => {
          lastAnswer = performance.now();
          if (status !== 200) {
            refused++;
            return;
          }
          const j = JSON.parse(body);
          acknowledged++;
          accepted += j.accepted;
          if (j.duplicate) duplicates++;
        },
      },
    ],
  });
  const seconds = ((lastAnswer || performance.now()) - started) / 1000;
  return {
    name,
    batches_sent: bodies.length,
    events_per_batch: EVENTS,
    connections: CONNECTIONS,
    wall_s: Math.round(seconds * 100) / 100,
    acknowledged_batches: acknowledged,
    accepted_events: accepted,
    duplicates,
    refused,
    transport_errors: result.errors + result.timeouts,
    accepted_events_per_s: Math.round(accepted / seconds),
    batches_per_s: Math.round(acknowledged / seconds),
    latency_ms: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max },
  };
}

async function main() {
  if (!existsSync(STORE)) {
    process.stderr.write('bench/ingest.mjs: dist/ is missing: run npm run build\n');
    process.exit(1);
  }
  const cpus = os.cpus();
  const machine = {
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    total_memory_gib: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
  };
  log(`heatlens ingest load test — ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}; ` +
    `${BATCHES} batches × ${EVENTS} events per scenario, ${CONNECTIONS} connections, loopback`);

  const dataDir = await mkdtemp(join(os.tmpdir(), 'heatlens-bench-ingest-'));
  const date = new Date();
  const scenarios = [];
  let server;
  try {
    server = await startServer(dataDir);
    // Unique batch ids per request, built before the clock starts (so is the gzip).
    const stamp = date.getTime().toString(36);
    const json = Array.from({ length: BATCHES }, (_, k) => batchBody('bench', `j${stamp}_${k}`, EVENTS));
    const gz = Array.from({ length: BATCHES }, (_, k) => gzipSync(batchBody('bench', `g${stamp}_${k}`, EVENTS)));
    scenarios.push(await scenario('json', server.url, json, { 'content-type': 'application/json' }));
    scenarios.push(await scenario('gzip', server.url, gz, { 'content-type': 'text/plain', 'content-encoding': 'gzip' }));
    // A retry storm: every batch again. All must be duplicates, nothing stored twice.
    scenarios.push(await scenario('replay (all duplicates)', server.url, json.slice(0, Math.min(json.length, 1000)), { 'content-type': 'application/json' }));
  } finally {
    if (server) {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  }

  // With the server stopped, count what the store holds.
  const { DuckDBStore } = await import(pathToFileURL(STORE).href);
  const store = await DuckDBStore.open(dataDir);
  const c = await store.counts('bench');
  await store.close();
  await rm(dataDir, { recursive: true, force: true });
  const stored = c.views + c.clicks + c.moves + c.scrolls;
  const acceptedTotal = scenarios.reduce((a, s) => a + s.accepted_events, 0);
  const sentUnique = scenarios.filter((s) => !s.name.startsWith('replay')).reduce((a, s) => a + s.batches_sent * EVENTS, 0);
  const zeroLoss = stored === acceptedTotal && acceptedTotal === sentUnique && scenarios.every((s) => s.refused === 0 && s.transport_errors === 0);

  log('');
  log('scenario                  batches   events/s   batches/s   p50 ms   p99 ms   refused   errors');
  for (const s of scenarios) {
    log(`${s.name.padEnd(24)}  ${String(s.acknowledged_batches).padStart(7)}  ${String(s.accepted_events_per_s).padStart(9)}  ${String(s.batches_per_s).padStart(10)}  ${String(s.latency_ms.p50).padStart(7)}  ${String(s.latency_ms.p99).padStart(7)}  ${String(s.refused).padStart(8)}  ${String(s.transport_errors).padStart(7)}`);
  }
  log(`stored ${stored} events = accepted ${acceptedTotal} = sent ${sentUnique}: ${zeroLoss ? 'zero loss' : 'MISMATCH'}`);

  const out = {
    date: date.toISOString(),
    quick,
    machine,
    server: 'heatlens serve --rate-limit off (child process, embedded DuckDB in a temp dir)',
    config: { batches_per_scenario: BATCHES, events_per_batch: EVENTS, connections: CONNECTIONS, client: 'autocannon 9', network: 'loopback 127.0.0.1' },
    scenarios,
    store: { ...c, events: stored },
    zero_loss: zeroLoss,
  };
  const outIndex = args.indexOf('--out');
  const file = await writeResult('ingest-', date, out, [outIndex >= 0 ? args[outIndex + 1] : null]);
  log(`wrote ${file}`);
  if (!zeroLoss) process.exitCode = 1;
}

await main();
