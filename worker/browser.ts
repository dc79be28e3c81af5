/**
 * createEngine() for browsers: a module Web Worker runs the kernels; this thread talks to it
 * through comlink and sees only promises. Point arrays are transferred to the worker by default
 * (zero-copy; the caller's arrays are detached afterwards — pass { transfer: false } to keep
 * them) and density grids are transferred back.
 */
import { wrap, transfer, releaseProxy } from 'comlink';
import type { Engine } from './api.js';
import type { WorkerApi } from './engine.worker.js';
import { EngineClient, pointBuffers } from './client.js';

export type * from './api.js';
export { HeatlensError } from './errors.js';
export { ATTENTION_DEFAULTS } from './attention-defaults.js';

export interface BrowserEngineOptions {
  /** Use this worker instead of starting one (e.g. one built by your bundler). */
  worker?: Worker;
}

export async function createEngine(options: BrowserEngineOptions = {}): Promise<Engine> {
  const worker = options.worker ?? new Worker(new URL('./engine.worker.ts', import.meta.url), { type: 'module', name: 'heatlens-engine' });
  const remote = wrap<WorkerApi>(worker);
  // Kernel threads (cross-origin isolated pages only) start in the background; wait for them
  // so the first map already uses every core.
  await remote.ready();
  const outgoing = <T extends object>(message: T, points: Parameters<typeof pointBuffers>[0], moveBuffers: boolean, always: ArrayBuffer[] = []): T => {
    const buffers = new Set([...(moveBuffers ? pointBuffers(points) : []), ...always]);
    return buffers.size ? transfer(message, [...buffers]) : message;
  };
  return new EngineClient(
    remote,
    outgoing,
    () => {
      remote[releaseProxy]();
      worker.terminate();
    },
    true,
  );
}
