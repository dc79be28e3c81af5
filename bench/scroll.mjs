// Scroll-depth benchmark: 1M sessions' scroll samples (5–10 each) binned by the engine in Node
// (createEngine from dist/, the kernels of assembly/scroll.ts) beside a plain-JS implementation
// of the same computation (bench/scroll-plain.mjs), on the same data in the same process.
// Both results are compared (they must agree) and each is timed as the median of k runs after
// a warm-up run; the engine's time includes copying the columns into its memory.
//
//   node --expose-gc bench/scroll.mjs [--quick] [--sessions N] [--bins N] [--runs K] [--out FILE]
//
// Prints a table and writes bench/results/scroll-<ISO date and time>.json (and FILE with --out).

import { existsSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { generateSessions, SEED } from './scroll-data.mjs';
import { writeResult } from './results.mjs';
import { plainScrollDepth } from './scroll-plain.mjs';

const benchDir = fileURLToPath(new URL('.', import.meta.url));
const root = join(benchDir, '..');
const ENGINE = join(root, 'dist/worker/node.js');

const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? Number(args[i + 1]) : fallback;
};
const quick = args.includes('--quick');
const SESSIONS = flag('sessions', quick ? 100_000 : 1_000_000);
const BINS = flag('bins', 100);
const RUNS = flag('runs', quick ? 3 : 5);
const outIndex = args.indexOf('--out');
const OUT = outIndex >= 0 ? args[outIndex + 1] : null;
const log = (m) => process.stdout.write(`${m}\n`);


function median(values) {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

async function time(label, run) {
  const times = [];
  let result;
  for (let r = 0; r <= RUNS; r++) {
    globalThis.gc?.();
    const t0 = performance.now();
    result = await run();
    const ms = performance.now() - t0;
    if (r > 0) times.push(ms); // the first run warms up
  }
  log(`  ${label}: ${times.map((t) => t.toFixed(0)).join(', ')} ms`);
  return { result, median_ms: median(times), runs_ms: times };
}

function maxDiff(a, b) {
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
}

async function main() {
  if (!existsSync(ENGINE)) throw new Error(`${ENGINE} not found (run npm run build)`);
  const { createEngine } = await import(pathToFileURL(ENGINE).href);
  const started = new Date();
  const cpus = os.cpus();
  const machine = { cpu: cpus[0]?.model ?? 'unknown', cores: cpus.length, total_memory_gib: Math.round((os.totalmem() / 2 ** 30) * 10) / 10, os: `${os.type()} ${os.release()} ${os.arch()}`, node: process.version };
  log(`heatlens scroll bench — ${machine.cpu}, ${machine.cores} cores, ${machine.total_memory_gib} GiB, Node ${machine.node}${quick ? ' (quick)' : ''}`);

  const t0 = performance.now();
  const data = generateSessions(SESSIONS);
  const samples = data.ts.length;
  log(`data: ${SESSIONS.toLocaleString('en')} sessions, ${samples.toLocaleString('en')} samples (${Math.round(performance.now() - t0)} ms to generate)`);

  const engine = await createEngine({ threads: 1 });
  const scenarios = [];
  try {
    for (const unit of ['percent', 'px']) {
      log(`${unit}, ${BINS} bins:`);
      const options = { bins: BINS, unit };
      const heatlens = await time('heatlens (wasm)', () => engine.scrollDepth({ samples: data, ...options }));
      const plain = await time('plain JS      ', () => plainScrollDepth(data, options));
      const h = heatlens.result, p = plain.result;
      const agree = {
        reached_max_abs_diff: maxDiff(h.reached, p.reached),
        time_in_view_max_abs_diff_s: maxDiff(h.timeInView, p.timeInView),
        fold_equal: ['mean', 'p25', 'p50', 'p75'].every((k) => Math.abs(h.fold[k] - p.fold[k]) <= 1e-9 * Math.abs(p.fold[k])),
        counts_equal: ['sessions', 'timedSessions', 'dropped', 'clamped', 'reordered'].every((k) => h[k] === p[k]),
      };
      scenarios.push({
        id: `scroll-${unit}`,
        unit,
        bins: BINS,
        sessions: SESSIONS,
        samples,
        contenders: {
          heatlens: { median_ms: heatlens.median_ms, runs_ms: heatlens.runs_ms, engine_timings_last_run_ms: h.timings },
          'plain-js': { median_ms: plain.median_ms, runs_ms: plain.runs_ms },
        },
        ratio: plain.median_ms / heatlens.median_ms,
        agree,
        summary: { sessions: h.sessions, dropped: h.dropped, clamped: h.clamped, reordered: h.reordered, fold: h.fold, reached_at_50: h.reached[Math.floor(BINS / 2)] },
      });
    }
  } finally {
    await engine.close();
  }

  log('');
  log('| scenario | samples | heatlens (wasm) | plain JS | heatlens is | results agree |');
  log('|---|---|---|---|---|---|');
  for (const s of scenarios) {
    const ok = s.agree.counts_equal && s.agree.fold_equal && s.agree.reached_max_abs_diff < 1e-12 && s.agree.time_in_view_max_abs_diff_s < 1e-6;
    log(`| scroll depth, ${s.bins} bins, ${s.unit}, ${(s.sessions / 1e6).toString()}M sessions | ${(s.samples / 1e6).toFixed(2)}M | ${s.contenders.heatlens.median_ms.toFixed(0)} ms | ${s.contenders['plain-js'].median_ms.toFixed(0)} ms | ${s.ratio.toFixed(1)}× | ${ok ? 'yes' : 'NO'} |`);
  }
  const report = {
    date: started.toISOString(),
    quick,
    machine,
    gc_exposed: typeof globalThis.gc === 'function',
    data: { generator: 'bench/scroll-data.mjs generateSessions', seed: SEED, sessions: SESSIONS, samples },
    config: { bins: BINS, runs: RUNS, warmup_runs: 1, threads: 1 },
    scenarios,
    notes: [
      'Medians of k runs after one warm-up run, both contenders on the same typed arrays in the same process.',
      'heatlens: engine.scrollDepth through createEngine (Node, in-process), copies into engine memory and the session renumbering check included; plain JS: bench/scroll-plain.mjs, the same algorithm on the same arrays.',
    ],
  };
  const file = await writeResult('scroll-', started, report, [OUT]);
  log(`\nwrote ${file.slice(root.length + 1)}`);
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error) => {
    process.stderr.write(`bench/scroll.mjs: ${error.message}\n`);
    process.exit(1);
  });
}
