// The attention benchmark's scenarios, run the same way in Node (bench/attention.mjs) and in
// the Chromium page (bench/browser/main.ts): the engine beside the plain-JS implementation
// (bench/attention-plain-fast.mjs: typed arrays, counting sort, recursive Gaussian) on the same
// cursor samples (bench/attention-data.mjs), then what
// a user's slider does to a loaded dataset (a new spread re-smooths; a new lag re-weighs).
import { ATTENTION_GRID } from './attention-data.mjs';
import { fastPlainAttention } from './attention-plain-fast.mjs';
import { measure } from './measure.mjs';

const copy = (d) => ({ session: d.session.slice(), ts: d.ts.slice(), x: d.x.slice(), y: d.y.slice() });

/** Largest |a − b| as a fraction of b's peak. */
function errorOfPeak(a, b) {
  let peak = 0, err = 0;
  for (let i = 0; i < b.length; i++) {
    if (b[i] > peak) peak = b[i];
    const d = Math.abs(a[i] - b[i]);
    if (d > err) err = d;
  }
  return err / peak;
}

/**
 * `params` are the engine's defaults (ATTENTION_DEFAULTS), passed in so this file runs unbundled in Node.
 * @param {{ engine: any, params: any, data: ReturnType<typeof import('./attention-data.mjs').generateCursorSessions>, env: string, log: (m: string) => void, runs?: number }} o
 */
export async function attentionScenarios({ engine, params, data, env, log, runs = 3 }) {
  const samples = data.ts.length;
  const grid = ATTENTION_GRID;
  const label = `${(samples / 1e6).toFixed(1)}M cursor samples → ${grid.width}×${grid.height} attention grid`;

  log(`[${env}] ${label}: heatlens (one call: transfer, load, weigh, bin, smooth)`);
  let engineResult;
  const heatlens = await measure({
    k: runs,
    prepare: () => copy(data),
    run: (s) => engine.attention({ samples: s, ...grid, ...params }),
    check: (r) => {
      engineResult = r;
      return { timings: r.timings };
    },
  });

  log(`[${env}] ${label}: plain JS`);
  let plainResult;
  const plain = await measure({
    k: runs,
    run: () => fastPlainAttention(data, params, grid),
    check: (r) => {
      plainResult = r;
    },
  });

  log(`[${env}] ${label}: a loaded dataset, slider changes`);
  const loadStart = performance.now();
  const { id } = await engine.loadAttention(copy(data));
  const loadMs = performance.now() - loadStart;
  await engine.attention({ dataset: id, ...grid, ...params });
  let spreadStep = 0;
  const spread = await measure({
    k: 5,
    run: () => engine.attention({ dataset: id, ...grid, ...params, spread: params.spread + 10 * (1 + (spreadStep++ % 5)) }),
    check: (r) => ({ timings: r.timings }),
  });
  let lagStep = 0;
  const lag = await measure({
    k: 5,
    run: () => engine.attention({ dataset: id, ...grid, ...params, lag: 100 * (1 + (lagStep++ % 9)) }),
    check: (r) => ({ timings: r.timings }),
  });
  await engine.dispose(id);

  const agree = {
    max_abs_diff_of_peak: errorOfPeak(engineResult.values, plainResult.values),
    total_s: { heatlens: engineResult.total, plain: plainResult.total },
    counts_equal: engineResult.sessions === plainResult.sessions && engineResult.kept === plainResult.kept &&
      engineResult.idleCapped === plainResult.idleCapped && engineResult.dropped.total === plainResult.dropped.total,
  };
  return {
    id: 'attention',
    env,
    label,
    samples,
    sessions: engineResult.sessions,
    grid: { width: grid.width, height: grid.height, extent: grid.extent },
    params,
    contenders: {
      heatlens: { median_ms: heatlens.median_ms, runs_ms: heatlens.runs_ms, engine_timings_last_run_ms: engineResult.timings },
      'plain JS': { median_ms: plain.median_ms, runs_ms: plain.runs_ms },
    },
    ratio: plain.median_ms / heatlens.median_ms,
    interactive: {
      load_ms: Math.round(loadMs),
      spread_change: { median_ms: spread.median_ms, runs_ms: spread.runs_ms, timings: spread.extra.at(-1)?.timings },
      lag_change: { median_ms: lag.median_ms, runs_ms: lag.runs_ms, timings: lag.extra.at(-1)?.timings },
    },
    agree,
    summary: { total_s: engineResult.total, sessions: engineResult.sessions, kept: engineResult.kept, dropped: engineResult.dropped, idle_capped: engineResult.idleCapped, reordered: engineResult.reordered },
  };
}

/** One line per scenario for the printed table. */
export function attentionRow(s) {
  if (s.error) return `| attention (${s.env}) | error: ${s.error} |`;
  const h = s.contenders.heatlens.median_ms, p = s.contenders['plain JS'].median_ms;
  return `| ${s.label} (${s.env}) | ${h.toFixed(0)} ms | ${p.toFixed(0)} ms | ${s.ratio.toFixed(1)}× | ${s.interactive.spread_change.median_ms.toFixed(1)} ms | ${s.interactive.lag_change.median_ms.toFixed(0)} ms | ${(s.agree.max_abs_diff_of_peak * 100).toFixed(2)} % |`;
}

export const ATTENTION_TABLE_HEAD = [
  '| scenario | heatlens (one call) | plain JS | heatlens is | spread change (loaded) | lag change (loaded) | max diff / peak |',
  '|---|---|---|---|---|---|---|',
];
