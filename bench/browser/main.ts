// The browser half of the benchmark, driven by bench/run.mjs through Playwright:
// `await window.runBench(config)` runs the shared density / bandwidth / memory scenarios
// (heatlens through its Web Worker vs fast-kde on the main thread), then the end-to-end
// "points → pixels on a 1280×4000 canvas" scenario against heatmap.js and simpleheat.

import heatmapSource from 'heatmap.js/build/heatmap.js?raw';
import simpleheat from 'simpleheat';
import type { H337 } from 'heatmap.js';
import { runSuite, makeDatasets, DEFAULT_CONFIG, fmtN, summarise } from '../suite.mjs';
import type { Scenario, SuiteConfig, Dataset, ContenderResult } from '../suite.mjs';
import { measure, adaptiveK } from '../measure.mjs';
import { EXTENT, PAGE_WIDTH, PAGE_HEIGHT } from '../data.mjs';
import { generateSessions } from '../scroll-data.mjs';
import { plainScrollDepth } from '../scroll-plain.mjs';
import { attentionInBrowser } from '../attention-browser.mjs';

/**
 * Kernel mapping for σ = 15 px (see bench/README.md): both peers stamp a sprite per point and
 * composite with source-over, so only a single isolated point can match a Gaussian; these match
 * its per-axis second moment.
 * - heatmap.js: radial gradient, alpha 1 inside 0.15·R then linear to 0 at R (blur 0.85, its
 *   default): σ² = 0.1505·R² → R = 39.
 * - simpleheat: a disk of radius r (σ² = r²/4) blurred by shadowBlur b (Gaussian, σ = b/2):
 *   σ² = (r² + b²)/4 → r = 18, b = 24.
 */
export const PEER_KERNELS = {
  'heatmap.js': { radius: 39, blur: 0.85, sigma_equivalent: 15.05 },
  simpleheat: { radius: 18, blur: 24, sigma_equivalent: 15 },
};
/** Count at which a peer's sprite reaches full alpha: 1/20 per point, simpleheat's 0.05 floor. */
const PEER_MAX = 20;

export interface BrowserConfig {
  suite: Partial<SuiteConfig>;
  /** Sizes per end-to-end contender. */
  e2e: Record<'heatlens' | 'heatmap.js' | 'simpleheat', number[]>;
  /** Sessions for the scroll-depth scenario (0 or absent: skipped). */
  scrollSessions?: number;
  /** Sessions of 200 cursor samples for the attention scenario (0 or absent: skipped). */
  attentionSessions?: number;
}

declare global {
  interface Window {
    runBench(config: BrowserConfig): Promise<unknown>;
    benchReady: boolean;
  }
}

/**
 * heatmap.js is a sloppy-mode UMD script (its colorizer assigns to the read-only
 * `ImageData.data`, which throws in strict mode code such as an ES module bundle), so it is
 * loaded the way its users load it: as a classic script defining `window.h337`.
 */
function loadHeatmapJs(): H337 {
  const w = window as unknown as { h337?: H337 };
  if (!w.h337) {
    const script = document.createElement('script');
    script.textContent = heatmapSource;
    document.head.appendChild(script);
  }
  if (!w.h337) throw new Error('heatmap.js did not define window.h337');
  return w.h337;
}

const engineModules = import.meta.glob<{ createEngine: () => Promise<any> }>('../../worker/browser.ts');

async function loadEngineFactory(): Promise<{ factory: (() => Promise<any>) | null; error: string | null }> {
  const load = engineModules['../../worker/browser.ts'];
  if (!load) return { factory: null, error: 'worker/browser.ts not found when the bench page was built' };
  try {
    const mod = await load();
    if (typeof mod.createEngine !== 'function') return { factory: null, error: 'worker/browser.ts has no createEngine export' };
    return { factory: mod.createEngine, error: null };
  } catch (e) {
    return { factory: null, error: `importing worker/browser.ts failed: ${(e as Error).message}` };
  }
}

function status(message: string): void {
  const el = document.getElementById('status');
  if (el) el.textContent = message;
  console.log(message);
}

function makeCanvas(): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.width = PAGE_WIDTH;
  canvas.height = PAGE_HEIGHT;
  document.body.appendChild(canvas);
  return canvas;
}

/** Reading one pixel back forces any deferred canvas work to finish inside the timed region. */
function flush(canvas: HTMLCanvasElement): void {
  canvas.getContext('2d')!.getImageData(0, 0, 1, 1);
}

function errorOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * Scroll depth of 1M sessions' samples (5–10 each): the engine in its Web Worker (columns
 * transferred in, copies made before the clock) beside the plain-JS implementation of the same
 * computation on the page's main thread, same data, same run.
 */
async function scrollDepth(sessions: number, engineFactory: (() => Promise<any>) | null): Promise<Scenario> {
  const entry: Scenario = { id: 'scroll-depth', env: 'browser', label: `scroll depth ${fmtN(sessions)} sessions, 100 bins`, n: sessions, contenders: {} } as Scenario;
  status(`[browser] ${entry.label}`);
  const data = generateSessions(sessions);
  const request = { bins: 100, unit: 'percent' as const, idleCap: 30 };
  const copy = () => ({ session: data.session.slice(), ts: data.ts.slice(), y: data.y.slice(), vh: data.vh.slice(), dh: data.dh.slice() });
  if (engineFactory) {
    const engine = await engineFactory();
    try {
      const r = await measure({ k: 5, prepare: copy, run: (samples: ReturnType<typeof copy>) => engine.scrollDepth({ samples, ...request }) });
      entry.contenders.heatlens = { n: sessions, ...summarise(r) };
    } catch (e) {
      entry.contenders.heatlens = { n: sessions, error: errorOf(e) };
    } finally {
      await engine.close();
    }
  }
  const r = await measure({ k: 5, run: () => plainScrollDepth(data, request) });
  entry.contenders['plain JS'] = { n: sessions, ...summarise(r) };
  return entry;
}

async function endToEnd(config: BrowserConfig, sets: Map<number, Dataset>, engineFactory: (() => Promise<any>) | null, engineError: string | null): Promise<Scenario[]> {
  const sizes = [...new Set(Object.values(config.e2e).flat())].sort((a, b) => a - b);
  const scenarios: Scenario[] = [];
  let engine: any = null;
  if (engineFactory && config.e2e.heatlens.length) {
    try {
      engine = await engineFactory();
    } catch (e) {
      engineError = `createEngine failed: ${errorOf(e)}`;
    }
  }
  // A peer whose previous (smaller) size took over 1.5 s is already JIT-warm and would spend many
  // seconds on a warm-up run: it goes straight to measured runs.
  const previousMedian: Record<string, number> = {};
  const warmupFor = (name: string) => ((previousMedian[name] ?? 0) > 1500 ? 0 : 1);

  for (const n of sizes) {
    const data = sets.get(n)!;
    const entry: Scenario = {
      id: 'end-to-end',
      env: 'browser',
      label: `end to end ${PAGE_WIDTH}×${PAGE_HEIGHT} px N=${fmtN(n)}`,
      n,
      grid: [PAGE_WIDTH, PAGE_HEIGHT],
      bandwidth: 15,
      contenders: {},
    };
    const run = async (name: string, body: () => Promise<Omit<ContenderResult, 'n'>>) => {
      if (!config.e2e[name as keyof BrowserConfig['e2e']].includes(n)) {
        entry.contenders[name] = { n, skipped: true, reason: 'not run at this size (time budget)' };
        return;
      }
      status(`[browser] ${entry.label}: ${name}`);
      try {
        const r = await body();
        entry.contenders[name] = { n, grid: [PAGE_WIDTH, PAGE_HEIGHT], ...r };
        if (typeof r.median_ms === 'number') previousMedian[name] = r.median_ms;
      } catch (e) {
        entry.contenders[name] = { n, error: errorOf(e) };
      }
    };

    // heatlens end to end is the <click-map> element itself, as it ships (its default 4 px cells:
    // a 320 × 1000 grid, σ = 3.75 cells; the 1280 × 4000 px element is over its pixel budget, so
    // it draws a 683 × 2134 buffer — 8 pixels per σ — that the browser stretches):
    // points set → density in its worker → colour stage on the GPU (SwiftShader here) → frame;
    // the clock stops at its heatlens-render event plus a 1-pixel readPixels that waits for the
    // GPU to finish.
    await run('heatlens', async () => {
      await import('../../components/index.js');
      const el = document.createElement('click-map') as HTMLElement & { points?: unknown };
      el.setAttribute('bandwidth', '15');
      el.setAttribute('extent', EXTENT.join(','));
      el.style.cssText = `display:block;position:relative;width:${PAGE_WIDTH}px;height:${PAGE_HEIGHT}px`;
      document.body.appendChild(el);
      const frame = () =>
        new Promise<Record<string, unknown>>((resolve, reject) => {
          el.addEventListener('heatlens-render', (e) => resolve((e as CustomEvent).detail), { once: true });
          el.addEventListener('heatlens-error', (e) => reject(new Error(String((e as CustomEvent).detail?.message))), { once: true });
        });
      try {
        const r = await measure({
          k: 5,
          prepare: () => ({ x: data.x.slice(), y: data.y.slice() }),
          run: async (points) => {
            const done = frame();
            el.points = points;
            const detail = await done;
            const canvas = el.shadowRoot?.querySelector('canvas');
            const gl = canvas?.getContext('webgl') ?? canvas?.getContext('webgl2');
            if (gl) gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, new Uint8Array(4));
            return { density_ms: detail.total, gpu_ms: detail.gpu, renderer: detail.renderer, canvas: canvas ? [canvas.width, canvas.height] : null };
          },
          check: (out) => out,
        });
        return summarise(r);
      } finally {
        el.remove();
      }
    });

    // Both peers take pixel positions: rounded to whole pixels (heatmap.js keys its store by
    // them) and built into each peer's input format before the clock starts.
    await run('heatmap.js', async () => {
      const h337 = loadHeatmapJs();
      const points: Array<{ x: number; y: number; value: number }> = [];
      for (let i = 0; i < n; i++) points.push({ x: Math.round(data.x[i]), y: Math.round(data.y[i]), value: 1 });
      const { radius, blur } = PEER_KERNELS['heatmap.js'];
      let container: HTMLDivElement | null = null;
      const r = await measure({
        k: adaptiveK,
        warmup: warmupFor('heatmap.js'),
        prepare: () => {
          container?.remove();
          container = document.createElement('div');
          container.style.cssText = `width:${PAGE_WIDTH}px;height:${PAGE_HEIGHT}px;position:relative`;
          document.body.appendChild(container);
          return container;
        },
        run: (c) => {
          const heatmap = h337.create({ container: c, radius, blur, maxOpacity: 0.85, minOpacity: 0, width: PAGE_WIDTH, height: PAGE_HEIGHT });
          heatmap.setData({ max: PEER_MAX, min: 0, data: points });
          flush(heatmap._renderer.canvas);
        },
      });
      (container as HTMLDivElement | null)?.remove();
      return { ...summarise(r), kernel: PEER_KERNELS['heatmap.js'] };
    });

    await run('simpleheat', async () => {
      const points: Array<[number, number, number]> = [];
      for (let i = 0; i < n; i++) points.push([Math.round(data.x[i]), Math.round(data.y[i]), 1]);
      const { radius, blur } = PEER_KERNELS.simpleheat;
      let canvas: HTMLCanvasElement | null = null;
      const r = await measure({
        k: adaptiveK,
        warmup: warmupFor('simpleheat'),
        prepare: () => {
          canvas?.remove();
          canvas = makeCanvas();
          return canvas;
        },
        run: (c) => {
          simpleheat(c).data(points).radius(radius, blur).max(PEER_MAX).draw();
          flush(c);
        },
      });
      (canvas as HTMLCanvasElement | null)?.remove();
      return { ...summarise(r), kernel: PEER_KERNELS.simpleheat };
    });

    scenarios.push(entry);
  }
  if (engine) await engine.close();
  return scenarios;
}

window.runBench = async (config: BrowserConfig) => {
  const t0 = performance.now();
  const suite: SuiteConfig = { ...DEFAULT_CONFIG, ...config.suite };
  const sizes = [...new Set([...suite.sizes, ...suite.coarseSizes, suite.bandwidthN, ...Object.values(config.e2e).flat()])];
  status(`[browser] generating ${sizes.map(fmtN).join(', ')} points`);
  const sets = makeDatasets(sizes);
  const { factory, error } = await loadEngineFactory();
  if (error) status(`[browser] heatlens unavailable: ${error}`);
  const { scenarios, checksums } = await runSuite({ env: 'browser', engineFactory: factory, config: suite, log: status, datasets: sets });
  if (error) {
    for (const s of scenarios) if (s.contenders.heatlens?.error) s.contenders.heatlens.error = error;
  }
  scenarios.push(...(await endToEnd(config, sets, factory, error)));
  if (config.scrollSessions) scenarios.push(await scrollDepth(config.scrollSessions, factory));
  const attention = config.attentionSessions ? await attentionInBrowser(config.attentionSessions, factory, status) : undefined;
  status('[browser] done');
  return {
    env: 'browser',
    config,
    scenarios,
    attention,
    checksums,
    peer_kernels: PEER_KERNELS,
    user_agent: navigator.userAgent,
    hardware_concurrency: navigator.hardwareConcurrency,
    cross_origin_isolated: globalThis.crossOriginIsolated === true,
    gc_exposed: typeof (globalThis as { gc?: unknown }).gc === 'function',
    wall_ms: Math.round(performance.now() - t0),
  };
};
window.benchReady = true;
status('ready');
