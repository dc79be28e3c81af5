/**
 * createEngine() for Node: the kernels run in-process (WebAssembly needs no worker to stay off
 * a UI thread here), behind the same promise-based API as in browsers, with kernel threads
 * (worker_threads sharing the engine's memory) on the other cores.
 */
import type { Engine } from './api.js';
import { DensityEngine } from './density-engine.js';
import { EngineClient, type EngineBackend } from './client.js';
import { KernelPool, helperCountFor } from './kernel-pool.js';
import { nodeCores, spawnNodeHelper } from './kernel-threads-node.js';

export type * from './api.js';
export { HeatlensError } from './errors.js';
export { ATTENTION_DEFAULTS } from './attention-defaults.js';

export interface NodeEngineOptions {
  /** Threads for the kernels, this one included (default: every core). 1 = no kernel threads. */
  threads?: number;
}

/** How long createEngine waits for kernel threads to start before going on without them. */
const THREAD_START_TIMEOUT_MS = 2000;

export async function createEngine(options: NodeEngineOptions = {}): Promise<Engine> {
  const engine = new DensityEngine();
  const helpers = helperCountFor(options.threads ?? nodeCores());
  if (helpers > 0 && engine.instance.shared) {
    const pool = new KernelPool(engine.instance, helpers, spawnNodeHelper);
    engine.useRunner(pool);
    await pool.whenReady(THREAD_START_TIMEOUT_MS);
  }
  // The first real density then runs optimised kernels on every thread (see warmUp).
  engine.warmUp();
  const backend: EngineBackend = {
    load: async (points) => engine.load(points),
    append: async (id, points) => engine.append(id, points),
    density: async (request) => engine.density(request),
    scrollDepth: async (request) => engine.scrollDepth(request),
    loadAttention: async (samples) => engine.loadAttention(samples),
    attention: async (request) => engine.attention(request),
    dispose: async (id) => engine.dispose(id),
    stats: async () => engine.stats(),
  };
  // In-process there is nothing to transfer: points are copied once, into engine memory.
  return new EngineClient(backend, (message) => message, () => engine.close(), false);
}
