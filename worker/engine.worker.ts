/**
 * The Web Worker that owns the kernels: it instantiates them synchronously and exposes the
 * staged DensityEngine through comlink. Results cross back by transfer, never by copy. On a
 * cross-origin isolated page the memory is shared and kernel threads start on the other cores.
 */
import { expose, transfer } from 'comlink';
import type { AttentionRequest, AttentionSamples, DatasetId, DensityRequest, PointColumns, ScrollDepthRequest } from './api.js';
import { DensityEngine } from './density-engine.js';
import { KernelPool, helperCountFor } from './kernel-pool.js';
import { browserCores, spawnBrowserHelper } from './kernel-threads-browser.js';
import { keepErrorCodes } from './worker-errors.js';

keepErrorCodes();

const engine = new DensityEngine();
const helpers = helperCountFor(browserCores());
const pool = helpers > 0 && engine.instance.shared ? new KernelPool(engine.instance, helpers, spawnBrowserHelper) : undefined;
if (pool) engine.useRunner(pool);

/** How long `ready` waits for kernel threads before going on without them. */
const THREAD_START_TIMEOUT_MS = 2000;

const api = {
  /** Resolves with the number of kernel threads once they have started (or given up waiting). */
  ready: async () => (pool ? pool.whenReady(THREAD_START_TIMEOUT_MS) : 1),
  load: (points: PointColumns) => engine.load(points),
  append: (id: DatasetId, points: PointColumns) => engine.append(id, points),
  density(request: DensityRequest) {
    const result = engine.density(request);
    return transfer(result, [result.values.buffer]);
  },
  scrollDepth(request: ScrollDepthRequest) {
    const result = engine.scrollDepth(request);
    return transfer(result, [result.binEdges.buffer, result.reached.buffer, result.timeInView.buffer]);
  },
  loadAttention: (samples: AttentionSamples) => engine.loadAttention(samples),
  attention(request: AttentionRequest) {
    const result = engine.attention(request);
    return transfer(result, [result.values.buffer]);
  },
  dispose: (id: DatasetId) => engine.dispose(id),
  stats: () => engine.stats(),
};

export type WorkerApi = typeof api;

expose(api);

// Let the kernels reach optimised code before the first real map (see DensityEngine.warmUp);
// requests that arrive meanwhile simply queue behind it.
setTimeout(() => engine.warmUp(), 0);
