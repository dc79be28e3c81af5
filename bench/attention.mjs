// Attention benchmark in Node: 10M cursor samples (50k sessions of 200) → a 320 × 1000 grid
// over a 1280 × 4000 page, by the engine (createEngine from dist/, in-process, kernel threads
// on every core) beside the plain-JS implementation (bench/attention-plain-fast.mjs) on the same data
// in the same process, then slider changes on a loaded dataset (bench/attention-suite.mjs).
// The same scenarios run in Chromium through the engine's Web Worker (bench/browser/main.ts).
//
//   node --expose-gc --max-old-space-size=8192 bench/attention.mjs [--quick] [--sessions N] [--runs K] [--out FILE]
//
// Prints a table and writes bench/results/attention-<ISO date and time>.json (and FILE with --out).

import { existsSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ATTENTION_SEED, generateCursorSessions } from './attention-data.mjs';
import { writeResult } from './results.mjs';
import { ATTENTION_TABLE_HEAD, attentionRow, attentionScenarios } from './attention-suite.mjs';

const benchDir = fileURLToPath(new URL('.', import.meta.url));
const root = join(benchDir, '..');
const ENGINE = join(root, 'dist/worker/node.js');

const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? Number(args[i + 1]) : fallback;
};
const quick = args.includes('--quick');
const SESSIONS = flag('sessions', quick ? 5_000 : 50_000);
const RUNS = flag('runs', 3);
const outIndex = args.indexOf('--out');
const OUT = outIndex >= 0 ? args[outIndex + 1] : null;
const log = (m) => process.stdout.write(`${m}\n`);

async function main() {
  if (!existsSync(ENGINE)) throw new Error(`${ENGINE} not found (run npm run build)`);
  const { createEngine, ATTENTION_DEFAULTS } = await import(pathToFileURL(ENGINE).href);
  const started = new Date();
  const cpus = os.cpus();
  const machine = { cpu: cpus[0]?.model ?? 'unknown', cores: cpus.length, total_memory_gib: Math.round((os.totalmem() / 2 ** 30) * 10) / 10, os: `${os.type()} ${os.release()} ${os.arch()}`, node: process.version };
  log(`heatlens attention bench — ${machine.cpu}, ${machine.cores} cores, ${machine.total_memory_gib} GiB, Node ${machine.node}${quick ? ' (quick)' : ''}`);

  const t0 = performance.now();
  const data = generateCursorSessions(SESSIONS);
  log(`data: ${SESSIONS.toLocaleString('en')} sessions, ${data.ts.length.toLocaleString('en')} samples (${Math.round(performance.now() - t0)} ms to generate)`);

  const engine = await createEngine();
  let scenario;
  try {
    scenario = await attentionScenarios({ engine, params: { ...ATTENTION_DEFAULTS }, data, env: 'node', log, runs: RUNS });
    scenario.threads = (await engine.stats()).threads;
  } finally {
    await engine.close();
  }

  log('');
  for (const line of ATTENTION_TABLE_HEAD) log(line);
  log(attentionRow(scenario));
  const report = {
    date: started.toISOString(),
    quick,
    machine,
    gc_exposed: typeof globalThis.gc === 'function',
    data: { generator: 'bench/attention-data.mjs generateCursorSessions', seed: ATTENTION_SEED, sessions: SESSIONS, samples: data.ts.length },
    config: { runs: RUNS, warmup_runs: 1 },
    scenarios: [scenario],
    notes: [
      'Medians of k runs after one warm-up run, both contenders on the same arrays in the same process.',
      'heatlens: one engine.attention({samples}) call per run (copy into engine memory, grouping and sorting, weighing, binning, smoothing, copy out). plain JS: bench/attention-plain-fast.mjs fastPlainAttention — typed arrays, counting sort by session, a forward pointer for the lag, bilinear binning and the same recursive Gaussian (Deriche, 4th order, fast-kde\'s implementation).',
      'Slider changes: engine.attention on a dataset loaded once; a new spread re-smooths only, a new lag re-weighs and re-bins.',
      'max diff / peak: largest cell difference between the two grids as a share of the plain grid\'s peak (the plain binning and truncation differ slightly from the engine\'s).',
    ],
  };
  const file = await writeResult('attention-', started, report, [OUT]);
  log(`\nwrote ${file.slice(root.length + 1)}`);
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error) => {
    process.stderr.write(`bench/attention.mjs: ${error.stack ?? error.message}\n`);
    process.exit(1);
  });
}
