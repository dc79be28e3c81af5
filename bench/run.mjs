// `npm run bench`: heatlens side by side with fast-kde, heatmap.js and simpleheat on the same
// data, in Node and in headless Chromium, in one run. Prints a table with ratios and PASS/MISS
// against the targets in DESIGN.md ("Performance"), and writes bench/results/<date>.json and
// bench/results/latest.json. Not a test: a missed target never fails the run.
//
//   node bench/run.mjs [--quick] [--skip-node] [--skip-browser] [--skip-ingest] [--skip-scroll] [--skip-attention]

import { CHROMIUM_BASE_ARGS, findChromium, MISSING_CHROMIUM_MESSAGE } from '../scripts/find-chromium.mjs';
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DEFAULT_CONFIG, fmtN } from './suite.mjs';
import { QUICK_CONFIG } from './node.mjs';
import { DEFAULT_SEED, CLUSTERS, NOISE_SHARE, PAGE_WIDTH, PAGE_HEIGHT } from './data.mjs';
import { printReport, ratiosOf, targetsOf } from './report.mjs';
import { RESULTS_DIR, writeResult } from './results.mjs';
import { ATTENTION_TABLE_HEAD, attentionRow } from './attention-suite.mjs';

const benchDir = fileURLToPath(new URL('.', import.meta.url));
const root = join(benchDir, '..');

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const skipNode = args.includes('--skip-node');
const skipBrowser = args.includes('--skip-browser');
const skipAttention = args.includes('--skip-attention');
/** Attention: 50k sessions of 200 cursor samples (10M), 5k with --quick. */
const ATTENTION_SESSIONS = quick ? 5_000 : 50_000;

// The project's base Chromium flags (scripts/find-chromium.mjs; none that change how canvases
// are drawn), plus one that lets the page collect garbage between runs (outside the clock).
const CHROMIUM_FLAGS = [...CHROMIUM_BASE_ARGS, process.env.BENCH_JS_FLAGS ?? '--js-flags=--expose-gc'];

/** End-to-end sizes: simpleheat and heatmap.js stop at 1M to keep the run near 10 minutes. */
const E2E = quick
  ? { heatlens: [100_000], 'heatmap.js': [100_000], simpleheat: [100_000] }
  : { heatlens: [100_000, 1_000_000], 'heatmap.js': [100_000, 1_000_000], simpleheat: [100_000, 1_000_000] };

const log = (message) => process.stdout.write(`${message}\n`);

function machineInfo() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    total_memory_bytes: os.totalmem(),
    total_memory_gib: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
  };
}

/** Share of all cores' time spent busy over `ms` (0..1): other work competing with the bench. */
async function cpuBusy(ms = 1000) {
  const total = () => os.cpus().reduce((acc, c) => {
    const t = c.times;
    acc.busy += t.user + t.nice + t.sys + t.irq;
    acc.all += t.user + t.nice + t.sys + t.irq + t.idle;
    return acc;
  }, { busy: 0, all: 0 });
  const a = total();
  await new Promise((r) => setTimeout(r, ms));
  const b = total();
  const all = b.all - a.all;
  return all > 0 ? Math.round(((b.busy - a.busy) / all) * 100) / 100 : 0;
}

async function runNodeHalf() {
  const dir = await mkdtemp(join(os.tmpdir(), 'heatlens-bench-node-'));
  const out = join(dir, 'node.json');
  try {
    const code = await new Promise((resolve, reject) => {
      const child = spawn(
        process.execPath,
        ['--expose-gc', '--max-old-space-size=8192', join(benchDir, 'node.mjs'), '--out', out, ...(quick ? ['--quick'] : [])],
        { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] },
      );
      child.on('error', reject);
      child.on('exit', (c, signal) => resolve(signal ? `signal ${signal}` : c));
    });
    if (code !== 0) return { env: 'node', error: `bench/node.mjs exited with ${code}`, scenarios: [] };
    return JSON.parse(await readFile(out, 'utf8'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Runs a self-contained benchmark script in its own process; it writes its JSON to `--out`. */
async function runChild(script, flags = []) {
  const dir = await mkdtemp(join(os.tmpdir(), 'heatlens-bench-'));
  const out = join(dir, 'result.json');
  try {
    const code = await new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [...flags, join(benchDir, script), '--out', out, ...(quick ? ['--quick'] : [])], {
        cwd: root,
        stdio: ['ignore', 'inherit', 'inherit'],
      });
      child.on('error', reject);
      child.on('exit', (c, signal) => resolve(signal ? `signal ${signal}` : c));
    });
    const report = existsSync(out) ? JSON.parse(await readFile(out, 'utf8')) : null;
    return code === 0 ? report : { error: `bench/${script} exited with ${code}`, report };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function chromiumPath() {
  const found = findChromium();
  if (!found) throw new Error(MISSING_CHROMIUM_MESSAGE);
  return found;
}

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
};

/** A tiny static server for the built page; cross-origin isolated for fine-grained timers. */
function serve(dir) {
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const file = normalize(join(dir, path.endsWith('/') ? `${path}index.html` : path));
    if (!file.startsWith(dir + sep) && file !== dir) {
      res.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, {
        'Content-Type': MIME[extname(file)] ?? 'application/octet-stream',
        'Cache-Control': 'no-store',
        'Cross-Origin-Opener-Policy': 'same-origin',
        'Cross-Origin-Embedder-Policy': 'require-corp',
        'Cross-Origin-Resource-Policy': 'same-origin',
      });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

async function runBrowserHalf() {
  const outDir = await mkdtemp(join(os.tmpdir(), 'heatlens-bench-page-'));
  let server;
  let browser;
  const info = {};
  try {
    log('[browser] building bench/browser with Vite');
    const { build } = await import('vite');
    await build({
      root: join(benchDir, 'browser'),
      base: './',
      configFile: false,
      logLevel: 'warn',
      clearScreen: false,
      build: { outDir, emptyOutDir: true, target: 'es2022', sourcemap: false, reportCompressedSize: false, chunkSizeWarningLimit: 100_000 },
      worker: { format: 'es' },
    });
    server = await serve(outDir);
    const url = `http://127.0.0.1:${server.address().port}/`;

    const { chromium } = await import('playwright-core');
    const executablePath = await chromiumPath();
    // launch() gives every run a fresh, temporary user-data-dir.
    browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_FLAGS });
    info.chromium = browser.version();
    info.chromium_path = executablePath;
    info.chromium_flags = CHROMIUM_FLAGS;
    const page = await browser.newPage();
    page.on('console', (m) => {
      const text = m.text();
      // The canvas peers read back pixels by design; Chromium's advice about it is noise here.
      if (text.includes('willReadFrequently')) return;
      if (m.type() === 'error' || m.type() === 'warning' || text.startsWith('[browser]')) log(text);
    });
    page.on('pageerror', (e) => log(`[browser] page error: ${e.message}`));
    const crashed = new Promise((_, reject) => page.on('crash', () => reject(new Error('the bench page crashed (out of memory?)'))));
    await page.goto(url);
    await page.waitForFunction(() => window.benchReady === true, null, { timeout: 60_000 });
    const suite = quick ? { ...DEFAULT_CONFIG, ...QUICK_CONFIG } : DEFAULT_CONFIG;
    const result = await Promise.race([page.evaluate((config) => window.runBench(config), { suite, e2e: E2E, scrollSessions: quick ? 100_000 : 1_000_000, attentionSessions: skipAttention ? 0 : ATTENTION_SESSIONS }), crashed]);
    return { ...result, ...info };
  } catch (e) {
    return { env: 'browser', error: e instanceof Error ? e.message : String(e), scenarios: [], ...info };
  } finally {
    if (browser) await browser.close().catch(() => {});
    if (server) await new Promise((r) => server.close(r));
    await rm(outDir, { recursive: true, force: true });
  }
}


async function main() {
  const started = new Date();
  const t0 = performance.now();
  const machine = machineInfo();
  machine.cpu_busy_before = await cpuBusy();
  log(`heatlens bench — ${machine.cpu}, ${machine.cores} cores, ${machine.total_memory_gib} GiB, Node ${machine.node}${quick ? ' (quick)' : ''}`);

  const node = skipNode ? { env: 'node', skipped: true, scenarios: [] } : await runNodeHalf();
  const browserResult = skipBrowser ? { env: 'browser', skipped: true, scenarios: [] } : await runBrowserHalf();
  // The ingest server under a bounded loopback load, and scroll-depth binning against plain JS.
  const ingest = args.includes('--skip-ingest') ? { skipped: true } : await runChild('ingest.mjs');
  const scroll = args.includes('--skip-scroll') ? { skipped: true } : await runChild('scroll.mjs', ['--expose-gc']);
  // Attention maps of 10M cursor samples in Node here; the browser half ran the same scenario.
  const attentionNode = skipAttention ? { skipped: true } : await runChild('attention.mjs', ['--expose-gc', '--max-old-space-size=8192']);
  const attention = {
    node: attentionNode,
    browser: browserResult.attention ?? (skipAttention ? { skipped: true } : null),
  };
  if (browserResult.chromium) machine.chromium = browserResult.chromium;

  const scenarios = [...(node.scenarios ?? []), ...(browserResult.scenarios ?? [])];
  const notes = [
    'Times are medians of k measured runs after a warm-up run (k and warm-up recorded per contender); input copies and format conversion happen before the clock starts.',
    'heatlens (browser) is the end-to-end promise time through its Web Worker, transfer of the points and return of the grid included; heatlens (node) runs in-process. Each heatlens run writes into the previous run\'s grid (`into`), as a redrawing map does.',
    'heatlens may use its kernel threads (see threads under memory; the page is cross-origin isolated); the peers are single-threaded by design.',
    'fast-kde runs on the main thread (browser) or in-process (node): density2d(...).grid() with bins = grid, the page extent and bandwidth 15.',
    'End to end: heatlens is the <click-map> element as it ships (default 4 px cells; a 1280×4000 px element is over its default pixel budget, so it shades a 683×2134 drawing buffer — 8 pixels per σ, the detail the density holds — which the browser stretches to the page, like the peers\' canvases composited outside the timer): points set → heatlens-render, plus a 1-pixel readPixels so the GPU (SwiftShader, software) has finished; heatmap.js h337.create(...).setData(...); simpleheat(canvas).data().radius().max().draw(). Every contender ends with a 1-pixel getImageData so deferred canvas work is inside the timer.',
    `Peer kernels for σ = 15 px: heatmap.js radius 39 (blur 0.85); simpleheat radius 18, blur 24 (see bench/README.md). heatmap.js and simpleheat run at ${[...new Set([...E2E['heatmap.js'], ...E2E.simpleheat])].map(fmtN).join(' and ')} points only (time budget).`,
  ];
  machine.cpu_busy_after = await cpuBusy();
  const busy = Math.max(machine.cpu_busy_before, machine.cpu_busy_after);
  if (busy > 0.25) {
    notes.push(`Other work was using the CPU (${Math.round(machine.cpu_busy_before * 100)} % of all cores busy in the second before the run, ${Math.round(machine.cpu_busy_after * 100)} % after): the numbers are noisier than usual.`);
  }
  const checksumsAgree = compareChecksums(node.checksums, browserResult.checksums);
  if (checksumsAgree === false) notes.push('WARNING: Node and the browser generated different data (checksums differ).');

  const wallMs = Math.round(performance.now() - t0);
  const report = {
    date: started.toISOString(),
    wall_s: Math.round(wallMs / 100) / 10,
    quick,
    machine,
    data: {
      generator: 'bench/data.mjs',
      seed: DEFAULT_SEED,
      page: [PAGE_WIDTH, PAGE_HEIGHT],
      clusters: CLUSTERS,
      noise_share: NOISE_SHARE,
      weights: 1,
      checksums: { node: node.checksums ?? null, browser: browserResult.checksums ?? null },
      checksums_agree: checksumsAgree,
    },
    config: { suite: quick ? { ...DEFAULT_CONFIG, ...QUICK_CONFIG } : DEFAULT_CONFIG, e2e: E2E },
    environments: {
      node: pick(node, ['error', 'skipped', 'gc_exposed', 'wall_ms']),
      browser: pick(browserResult, ['error', 'skipped', 'chromium', 'chromium_path', 'chromium_flags', 'user_agent', 'hardware_concurrency', 'cross_origin_isolated', 'gc_exposed', 'wall_ms', 'peer_kernels']),
    },
    scenarios,
    ingest,
    scroll,
    attention,
    ratios: ratiosOf(scenarios),
    targets: targetsOf(scenarios),
    notes,
  };

  printReport(report, log);
  const attentionRows = [attention.node?.scenarios?.[0], attention.browser].filter((s) => s && !s.skipped);
  if (attentionRows.length) {
    log('');
    for (const line of ATTENTION_TABLE_HEAD) log(line);
    for (const s of attentionRows) log(attentionRow(s));
  }

  const file = await writeResult('', started, report, [join(RESULTS_DIR, 'latest.json')]);
  log(`\nwrote ${file.slice(root.length + 1)} and bench/results/latest.json (${report.wall_s} s)`);
}

function compareChecksums(a, b) {
  if (!a || !b) return null;
  const shared = Object.keys(a).filter((n) => n in b);
  if (!shared.length) return null;
  return shared.every((n) => a[n] === b[n]);
}

function pick(obj, keys) {
  const out = {};
  for (const k of keys) if (obj[k] !== undefined) out[k] = obj[k];
  return out;
}

main().catch((e) => {
  console.error(`bench failed: ${e instanceof Error ? e.message : e}`);
  process.exitCode = 1;
});
