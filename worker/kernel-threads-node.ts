/** Kernel threads for Node: `eval` worker_threads that never keep the process alive. */
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import type { SpawnHelper } from './kernel-pool.js';

export const spawnNodeHelper: SpawnHelper = (source) => {
  const worker = new Worker(source, { eval: true, name: 'heatlens-kernels' });
  worker.unref();
  // A helper that fails to start just never reports ready; its error must not crash the host.
  worker.on('error', () => {});
  return {
    postMessage: (message) => worker.postMessage(message),
    onReady: (callback) => worker.once('message', callback),
    terminate: () => void worker.terminate(),
  };
};

export function nodeCores(): number {
  return availableParallelism();
}
