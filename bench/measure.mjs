// Timing helpers shared by the Node and the browser halves of the benchmark.

export function median(values) {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Collects garbage between runs when the runtime exposes it (node --expose-gc, --js-flags). */
export function collectGarbage() {
  if (typeof globalThis.gc === 'function') globalThis.gc();
}

/**
 * Runs `run(input)` `warmup + k` times and keeps the last k timings. `prepare()` builds each
 * run's input (fresh copies of transferable arrays) before the clock starts; `check(out)` sees
 * each output after the clock stops. `k` may be a function of the first (warm-up or measured)
 * time, so multi-second contenders get fewer runs.
 */
export async function measure({ run, prepare, check, warmup = 1, k = 5, budgetMs = Infinity }) {
  const runs = [];
  const extra = [];
  let target = typeof k === 'number' ? k : undefined;
  let first;
  for (let i = 0; target === undefined || i < warmup + target; i++) {
    const input = prepare ? await prepare() : undefined;
    collectGarbage();
    const t0 = performance.now();
    const out = await run(input);
    const ms = performance.now() - t0;
    if (first === undefined) {
      first = ms;
      if (target === undefined) target = k(ms);
    }
    const info = check ? await check(out) : undefined;
    if (i >= warmup) {
      runs.push(ms);
      if (info !== undefined) extra.push(info);
    }
    // A run that blows the budget keeps what it has (at least one measured run).
    if (runs.length > 0 && sum(runs) > budgetMs) break;
  }
  return { median_ms: round(median(runs)), runs_ms: runs.map((v) => round(v)), k: runs.length, warmup, extra };
}

/** k as a function of the first run's time: 5 for fast contenders, fewer for slow ones. */
export function adaptiveK(ms) {
  return ms < 1500 ? 5 : ms < 20000 ? 3 : 1;
}

function sum(values) {
  let s = 0;
  for (const v of values) s += v;
  return s;
}

export function round(ms, digits = 2) {
  const f = 10 ** digits;
  return Math.round(ms * f) / f;
}
