// The Node half of the benchmark: heatlens in-process vs fast-kde, same data, one process.
//
//   node --expose-gc bench/node.mjs [--quick] [--out FILE]
//
// bench/run.mjs spawns this in its own process (clean heap, --expose-gc); it writes its results
// as JSON to --out (or stdout) and progress to stderr.

import { writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { runSuite, DEFAULT_CONFIG } from './suite.mjs';

const ENGINE_PATH = fileURLToPath(new URL('../dist/worker/node.js', import.meta.url));

export const QUICK_CONFIG = {
  sizes: [100_000],
  coarseSizes: [100_000],
  bandwidthN: 100_000,
  bandwidthRuns: 3,
  k: 2,
};

async function loadEngineFactory() {
  if (!existsSync(ENGINE_PATH)) return { factory: null, error: `${ENGINE_PATH} not found (run npm run build)` };
  try {
    const mod = await import(pathToFileURL(ENGINE_PATH).href);
    if (typeof mod.createEngine !== 'function') return { factory: null, error: 'dist/worker/node.js has no createEngine export' };
    return { factory: mod.createEngine, error: null };
  } catch (e) {
    return { factory: null, error: `importing dist/worker/node.js failed: ${e.message}` };
  }
}

export async function runNode({ quick = false, log = (m) => process.stderr.write(m + '\n') } = {}) {
  const config = quick ? { ...DEFAULT_CONFIG, ...QUICK_CONFIG } : DEFAULT_CONFIG;
  const { factory, error } = await loadEngineFactory();
  if (error) log(`[node] heatlens unavailable: ${error}`);
  const t0 = performance.now();
  const { scenarios, checksums } = await runSuite({ env: 'node', engineFactory: factory, config, log });
  if (error) {
    for (const s of scenarios) if (s.contenders.heatlens?.error) s.contenders.heatlens.error = error;
  }
  return { env: 'node', config, scenarios, checksums, gc_exposed: typeof globalThis.gc === 'function', wall_ms: Math.round(performance.now() - t0) };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const quick = args.includes('--quick');
  const outIndex = args.indexOf('--out');
  const out = outIndex >= 0 ? args[outIndex + 1] : null;
  const result = await runNode({ quick });
  const json = JSON.stringify(result, null, 2);
  if (out) await writeFile(out, json);
  else process.stdout.write(json + '\n');
}
