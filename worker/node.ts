/**
 * createEngine() for Node: the kernels run in-process (WebAssembly needs no worker to stay off
 * a UI thread here), behind the same promise-based API as in browsers.
 */
import type { Engine } from './api.js';
import { DensityEngine } from './density-engine.js';
import { EngineClient, type EngineBackend } from './client.js';

export type * from './api.js';
export { HeatlensError } from './errors.js';

export async function createEngine(): Promise<Engine> {
  const engine = new DensityEngine();
  const backend: EngineBackend = {
    load: async (points) => engine.load(points),
    append: async (id, points) => engine.append(id, points),
    density: async (request) => engine.density(request),
    dispose: async (id) => engine.dispose(id),
    stats: async () => engine.stats(),
  };
  // In-process there is nothing to transfer: points are copied once, into engine memory.
  return new EngineClient(backend, (message) => message, () => {}, false);
}
