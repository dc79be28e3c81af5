// The scenarios both environments run: density (heatlens vs fast-kde), bandwidth change on a
// loaded dataset, and point memory. Node (bench/node.mjs) and the browser page
// (bench/browser/main.ts) pass in their own `createEngine`; everything else is shared so the two
// halves measure exactly the same thing.

import { density2d } from 'fast-kde';
import { generate, checksum, EXTENT, PAGE_WIDTH, PAGE_HEIGHT } from './data.mjs';
import { measure, adaptiveK, round } from './measure.mjs';

export const DEFAULT_CONFIG = {
  sizes: [100_000, 1_000_000, 4_000_000],
  bandwidth: 15,
  fullGrid: [1280, 4000],
  coarseGrid: [320, 1000],
  coarseSizes: [4_000_000],
  bandwidthN: 1_000_000,
  bandwidthRuns: 15,
  k: 5,
};

/** fast-kde's documented call on the same extent and bins; typed-array accessors, weight 1. */
export function fastKde({ x, y }, [width, height], bandwidth) {
  const estimator = density2d(x, {
    x: (d) => d,
    y: (_, i) => y[i],
    weight: () => 1,
    bins: [width, height],
    extent: [[EXTENT[0], EXTENT[2]], [EXTENT[1], EXTENT[3]]],
    bandwidth,
  });
  return estimator.grid();
}

function maxOf(values) {
  let m = -Infinity;
  for (let i = 0; i < values.length; i++) if (values[i] > m) m = values[i];
  return m;
}

function copyPoints({ x, y }) {
  return { x: x.slice(), y: y.slice() };
}

/** Data sets are generated once per size (the smaller ones are prefixes of the largest). */
export function makeDatasets(sizes) {
  const largest = generate(Math.max(...sizes));
  const sets = new Map();
  for (const n of sizes) {
    const set = { x: largest.x.subarray(0, n), y: largest.y.subarray(0, n) };
    sets.set(n, { ...set, checksum: checksum(set) });
  }
  return sets;
}

function errorResult(e) {
  return { error: String(e && e.message ? e.message : e) };
}

/**
 * Runs the shared scenarios. `engineFactory` is `createEngine` or null (heatlens not built yet);
 * `log` reports progress. Returns `{ scenarios, checksums }`.
 */
export async function runSuite({ env, engineFactory, config = DEFAULT_CONFIG, log = () => {}, datasets }) {
  const cfg = { ...DEFAULT_CONFIG, ...config };
  const sizes = [...new Set([...cfg.sizes, ...cfg.coarseSizes, cfg.bandwidthN])];
  const sets = datasets ?? makeDatasets(sizes);
  const checksums = Object.fromEntries([...sets].map(([n, s]) => [n, s.checksum]));
  const scenarios = [];
  const bw = cfg.bandwidth;

  let engine = null;
  let engineError = engineFactory ? null : 'heatlens engine not available (not built yet)';
  if (engineFactory) {
    try {
      engine = await engineFactory();
    } catch (e) {
      engineError = `createEngine failed: ${e && e.message ? e.message : e}`;
    }
  }

  const heatlensDensity = async (n, grid) => {
    if (!engine) return { error: engineError };
    const data = sets.get(n);
    const [width, height] = grid;
    // Each run writes into the previous run's grid, as a map that redraws does (`into`): a
    // fresh 20 MB array per call costs more in page faults than the copy itself.
    let spare;
    try {
      const r = await measure({
        k: cfg.k,
        prepare: () => copyPoints(data),
        run: async (points) => {
          const result = await engine.density({ points, extent: EXTENT, width, height, bandwidth: bw, into: spare }, { transfer: true });
          spare = result.values;
          return result;
        },
        check: (res) => ({ engine_ms: res.timings?.total, bin_ms: res.timings?.bin, smooth_ms: res.timings?.smooth, peak: res.max, kept: res.kept, dropped: res.dropped }),
      });
      return summarise(r);
    } catch (e) {
      return errorResult(e);
    }
  };

  const fastKdeDensity = async (n, grid) => {
    const data = sets.get(n);
    try {
      const r = await measure({
        k: adaptiveK,
        run: () => fastKde(data, grid, bw),
        // fast-kde's grid holds smoothed bin weights on nodes δ = extent / (bins − 1) apart;
        // divided by the node area it is in weight per px², comparable with heatlens' `max`.
        check: (g) => ({ peak: maxOf(g) * ((grid[0] - 1) * (grid[1] - 1)) / (PAGE_WIDTH * PAGE_HEIGHT) }),
      });
      return summarise(r);
    } catch (e) {
      return errorResult(e);
    }
  };

  const densityScenario = async (id, label, n, grid) => {
    const entry = { id, env, label, n, grid, bandwidth: bw, contenders: {} };
    log(`[${env}] ${label}: heatlens`);
    entry.contenders.heatlens = { n, grid, ...(await heatlensDensity(n, grid)) };
    log(`[${env}] ${label}: fast-kde`);
    entry.contenders['fast-kde'] = { n, grid, ...(await fastKdeDensity(n, grid)) };
    scenarios.push(entry);
  };

  for (const n of cfg.sizes) {
    await densityScenario('density-full', `density ${cfg.fullGrid.join('×')} N=${fmtN(n)}`, n, cfg.fullGrid);
  }
  for (const n of cfg.coarseSizes) {
    await densityScenario('density-coarse', `density ${cfg.coarseGrid.join('×')} N=${fmtN(n)}`, n, cfg.coarseGrid);
  }

  // Bandwidth change and memory run on a fresh engine, so memoryBytes reflects one dataset.
  if (engine) {
    try {
      await engine.close();
    } catch {}
    engine = null;
  }
  log(`[${env}] bandwidth change + memory (N=${fmtN(cfg.bandwidthN)})`);
  scenarios.push(...(await bandwidthAndMemory({ env, engineFactory, engineError, cfg, data: sets.get(cfg.bandwidthN) })));

  return { scenarios, checksums };
}

async function bandwidthAndMemory({ env, engineFactory, engineError, cfg, data }) {
  const n = cfg.bandwidthN;
  const [width, height] = cfg.coarseGrid;
  const bwEntry = { id: 'bandwidth-change', env, label: `bandwidth change ${width}×${height} N=${fmtN(n)} (loaded)`, n, grid: cfg.coarseGrid, contenders: {} };
  const memEntry = { id: 'memory', env, label: `memory N=${fmtN(n)} (loaded)`, n, contenders: {} };
  if (!engineFactory || engineError) {
    bwEntry.contenders.heatlens = { n, grid: cfg.coarseGrid, error: engineError };
    memEntry.contenders.heatlens = { n, error: engineError };
    return [bwEntry, memEntry];
  }
  let engine;
  try {
    engine = await engineFactory();
    const empty = await engine.stats();
    const points = copyPoints(data);
    const t0 = performance.now();
    const ds = await engine.load(points, { transfer: true });
    const loadMs = performance.now() - t0;
    const loaded = await engine.stats();

    const request = (bandwidth) => ({ dataset: ds.id, extent: EXTENT, width, height, bandwidth });
    const t1 = performance.now();
    const first = await engine.density(request(cfg.bandwidth));
    const firstMs = performance.now() - t1;

    // Each call uses a bandwidth different from the previous one, so the engine must smooth
    // again but may reuse its bins.
    const bandwidths = [];
    for (let i = 0; i < cfg.bandwidthRuns + 1; i++) bandwidths.push(cfg.bandwidth + (i % 2 ? 1 : -1) * (1 + (i % 5)) * 0.5);
    let call = 0;
    const r = await measure({
      k: cfg.bandwidthRuns,
      warmup: 1,
      run: () => engine.density(request(bandwidths[call++])),
      check: (res) => ({ engine_ms: res.timings?.total, bin_ms: res.timings?.bin, smooth_ms: res.timings?.smooth }),
    });
    const s = summarise(r);
    const afterDensity = await engine.stats();
    bwEntry.contenders.heatlens = {
      n,
      grid: cfg.coarseGrid,
      ...s,
      bandwidths: bandwidths.slice(1, 1 + s.k),
      first_call_ms: round(firstMs),
      first_call_engine: first.timings,
      load_ms: round(loadMs),
      // The engine should report bin = 0 when it reuses its bins; allow timer noise.
      bins_reused: r.extra.every((e) => typeof e.bin_ms === 'number' && e.bin_ms <= Math.max(0.05, 0.05 * (first.timings?.bin ?? 0))),
    };
    memEntry.contenders.heatlens = {
      n,
      points: loaded.points,
      threads: loaded.threads,
      pointBytes: loaded.pointBytes,
      bytes_per_point: round(loaded.pointBytes / loaded.points, 3),
      memoryBytes: loaded.memoryBytes,
      memoryBytes_empty: empty.memoryBytes,
      gridBytes_after_density: afterDensity.gridBytes,
      memoryBytes_after_density: afterDensity.memoryBytes,
    };
    await engine.dispose(ds.id);
    const disposed = await engine.stats();
    memEntry.contenders.heatlens.pointBytes_after_dispose = disposed.pointBytes;
  } catch (e) {
    bwEntry.contenders.heatlens ??= { n, grid: cfg.coarseGrid, ...errorResult(e) };
    memEntry.contenders.heatlens ??= { n, ...errorResult(e) };
  } finally {
    if (engine) {
      try {
        await engine.close();
      } catch {}
    }
  }
  return [bwEntry, memEntry];
}

/** Folds per-run engine details into medians next to the wall-clock numbers. */
export function summarise(r) {
  const out = { median_ms: r.median_ms, runs_ms: r.runs_ms, k: r.k, warmup: r.warmup };
  if (r.extra.length) {
    const keys = Object.keys(r.extra[0]);
    for (const key of keys) {
      const vals = r.extra.map((e) => e[key]).filter((v) => typeof v === 'number');
      if (!vals.length) continue;
      const sorted = [...vals].sort((a, b) => a - b);
      const m = sorted.length >> 1;
      const med = sorted.length % 2 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
      if (key.endsWith('_ms')) {
        out[`${key.slice(0, -3)}_median_ms`] = round(med);
        out[`${key.slice(0, -3)}_runs_ms`] = r.extra.map((e) => (typeof e[key] === 'number' ? round(e[key]) : null));
      } else {
        out[key] = med;
      }
    }
  }
  return out;
}

export function fmtN(n) {
  return n >= 1e6 ? `${n / 1e6}M` : n >= 1e3 ? `${n / 1e3}k` : String(n);
}

export { PAGE_WIDTH, PAGE_HEIGHT, EXTENT };
