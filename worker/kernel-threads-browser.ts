/** Kernel threads for browsers: Blob-URL Web Workers started from the engine worker. */
import type { SpawnHelper } from './kernel-pool.js';

export const spawnBrowserHelper: SpawnHelper = (source) => {
  const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
  const worker = new Worker(url, { name: 'heatlens-kernels' });
  return {
    postMessage: (message) => worker.postMessage(message),
    onReady: (callback) => worker.addEventListener('message', () => callback(), { once: true }),
    terminate: () => {
      worker.terminate();
      URL.revokeObjectURL(url);
    },
  };
};

export function browserCores(): number {
  return typeof navigator !== 'undefined' && navigator.hardwareConcurrency > 0 ? navigator.hardwareConcurrency : 1;
}
