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

interface Started {
  worker: Worker;
  /** Why the worker may fail to start, for the error a page gets when it does. */
  hint: string;
  /** Releases what starting it took (the blob: URL of a cross-origin start). */
  release: () => void;
}

/**
 * Starts the engine worker. The expression below must stay literal and single: Vite, webpack and
 * Parcel find the worker file by its `new Worker(new URL(…, import.meta.url))` shape, and
 * vite.lib.config.ts rewrites exactly one of it for the library.
 */
function newEngineWorker(): Worker {
  return new Worker(new URL('./engine.worker.ts', import.meta.url), { type: 'module', name: 'heatlens-engine' });
}

/**
 * The URL and options the bundler gave the engine worker, without starting it: the worker's file
 * name is only known after bundling (content hash), and only that one expression knows it, so it
 * is evaluated once with a constructor that records its arguments in place of the global one.
 * Synchronous, so nothing else can observe the swap.
 */
function engineWorkerScript(): { url: URL; options?: WorkerOptions } {
  const native = globalThis.Worker;
  let seen: { url: URL; options?: WorkerOptions } | undefined;
  globalThis.Worker = function record(url: string | URL, options?: WorkerOptions) {
    seen = { url: new URL(url, location.href), options };
  } as unknown as typeof Worker;
  try {
    newEngineWorker();
  } finally {
    globalThis.Worker = native;
  }
  if (!seen) throw new Error('heatlens: the engine worker’s URL could not be determined');
  return seen;
}

/**
 * Browsers start workers only from the page's own origin, so when heatlens.js was imported from
 * another origin (a `heatlens serve`, a CDN), the worker is started from a same-origin blob:
 * module whose only line imports the real script. Module workers may import cross-origin scripts
 * served with CORS, and the imported script keeps its own URL as import.meta.url, so whatever it
 * resolves relative to itself still comes from its server. A page that sets a
 * Content-Security-Policy must allow both in `worker-src`, `blob:` and the script's origin: a
 * module worker fetches its imports as worker scripts too.
 */
function startEngineWorker(): Started {
  let script: { url: URL; options?: WorkerOptions } | undefined;
  try {
    return { worker: newEngineWorker(), hint: '', release: () => {} };
  } catch (error) {
    // Only a refusal because of the script's origin has another way to start; anything else
    // (no Worker support, a same-origin refusal) is the page's answer.
    script = error instanceof DOMException && error.name === 'SecurityError' ? engineWorkerScript() : undefined;
    if (!script || script.url.origin === location.origin) throw error;
  }
  const source = `import ${JSON.stringify(script.url.href)};\n`;
  const blob = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
  const hint =
    `it is on another origin (${script.url.origin}), so it is started from a blob: module that imports it: ` +
    `a Content-Security-Policy on this page must allow worker-src blob: ${script.url.origin}, and ${script.url.origin} must serve the script with CORS (Access-Control-Allow-Origin)`;
  try {
    return { worker: new Worker(blob, { ...script.options, type: 'module' }), hint, release: () => URL.revokeObjectURL(blob) };
  } catch (error) {
    URL.revokeObjectURL(blob);
    throw new Error(`heatlens: the engine worker (${script.url.href}) could not start: ${hint} (${(error as Error)?.message ?? String(error)})`);
  }
}

/**
 * Resolves when the worker answers `ready`; rejects when it fires `error` first. A worker whose
 * script cannot be fetched, is refused by a Content-Security-Policy or throws while it loads
 * never answers, and the page would otherwise wait for ever.
 */
function readyOrError(ready: Promise<number>, started: Started): Promise<number> {
  return new Promise((resolve, reject) => {
    const failed = (event: Event) => {
      const detail = event instanceof ErrorEvent && event.message ? `: ${event.message}` : '';
      const hint = started.hint ? ` (${started.hint})` : '';
      reject(new Error(`heatlens: the engine worker could not start${detail}${hint}`));
    };
    started.worker.addEventListener('error', failed, { once: true });
    ready.then(resolve, reject).finally(() => started.worker.removeEventListener('error', failed));
  });
}

export async function createEngine(options: BrowserEngineOptions = {}): Promise<Engine> {
  const started: Started = options.worker ? { worker: options.worker, hint: '', release: () => {} } : startEngineWorker();
  const { worker } = started;
  const remote = wrap<WorkerApi>(worker);
  // Kernel threads (cross-origin isolated pages only) start in the background; wait for them
  // so the first map already uses every core.
  try {
    await readyOrError(remote.ready(), started);
  } catch (error) {
    remote[releaseProxy]();
    worker.terminate();
    throw error;
  } finally {
    // The worker has loaded its script (or never will): the blob: URL is no longer needed.
    started.release();
  }
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
