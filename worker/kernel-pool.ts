/**
 * Kernel threads: extra instances of the kernels, each on its own thread, sharing the engine's
 * WebAssembly memory, so one density can use every core. Binning splits the points (each
 * thread fills a grid of its own, merged afterwards) and both smoothing passes split their
 * strips (smooth2d.ts).
 *
 * The engine thread hands out one call per helper through a small shared control block and
 * blocks with Atomics.wait until all are done, so the engine itself stays synchronous. Helpers
 * spin up in the background; until they report ready, work runs on the engine thread alone.
 * Both the engine thread (a Web Worker or Node) and the helpers may block; a browser page's
 * main thread never runs this.
 */
import type { KernelExports, Kernels } from './kernels.js';
import { HELPER_SOURCE, KERNEL_NAMES, SLOT_INTS, SLOT_FLOATS, STATE, type KernelName } from './kernel-thread-source.js';

export type { KernelName } from './kernel-thread-source.js';

export interface KernelCall {
  kernel: KernelName;
  args: number[];
}

/** Runs rounds of kernel calls: call i of a round on thread i, all threads of a round at once. */
export interface KernelRunner {
  /** Threads a round may use (the engine thread included). */
  readonly threads: number;
  run(calls: KernelCall[]): number[];
  close(): void;
}

/** The one-thread runner: every call on the engine thread, in order. */
export class LocalRunner implements KernelRunner {
  readonly threads = 1;
  constructor(private readonly kernels: KernelExports) {}
  run(calls: KernelCall[]): number[] {
    return calls.map((c) => invoke(this.kernels, c));
  }
  close(): void {}
}

/** What the host provides to start a helper thread running HELPER_SOURCE. */
export interface HelperThread {
  postMessage(message: unknown): void;
  onReady(callback: () => void): void;
  terminate(): void;
}
export type SpawnHelper = (source: string) => HelperThread;

/** A helper that does not answer within this long is taken to have died. */
const HELPER_TIMEOUT_MS = 120_000;

export class KernelPool implements KernelRunner {
  private readonly control: Int32Array;
  private readonly args: Float64Array;
  private readonly helpers: HelperThread[] = [];
  private readonly ready: number[] = [];
  private readonly waiting: (() => void)[] = [];
  private closed = false;

  constructor(
    private readonly kernels: Kernels,
    helperCount: number,
    spawn: SpawnHelper,
  ) {
    if (!kernels.shared) throw new Error('kernel threads need a shared memory');
    const buffer = new SharedArrayBuffer(helperCount * (SLOT_INTS * 4 + SLOT_FLOATS * 8));
    this.control = new Int32Array(buffer, 0, helperCount * SLOT_INTS);
    this.args = new Float64Array(buffer, helperCount * SLOT_INTS * 4, helperCount * SLOT_FLOATS);
    for (let index = 0; index < helperCount; index++) {
      let helper: HelperThread;
      try {
        helper = spawn(HELPER_SOURCE);
      } catch {
        break; // e.g. a Content-Security-Policy without blob: workers: fewer threads, still correct
      }
      helper.onReady(() => {
        if (this.closed) return;
        this.ready.push(index);
        if (this.ready.length === this.helpers.length) for (const resolve of this.waiting.splice(0)) resolve();
      });
      helper.postMessage({ module: kernels.module, memory: kernels.memory, control: buffer, index, helpers: helperCount });
      this.helpers.push(helper);
    }
  }

  get threads(): number {
    return 1 + this.ready.length;
  }

  /** Resolves once every helper is ready, or after `timeoutMs` with whatever is ready then. */
  whenReady(timeoutMs: number): Promise<number> {
    if (this.ready.length === this.helpers.length) return Promise.resolve(this.threads);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(this.threads), timeoutMs);
      this.waiting.push(() => {
        clearTimeout(timer);
        resolve(this.threads);
      });
    });
  }

  run(calls: KernelCall[]): number[] {
    if (calls.length > this.threads) throw new Error(`${calls.length} calls for ${this.threads} threads`);
    const helpers = this.ready.slice(0, calls.length - 1);
    for (let i = 1; i < calls.length; i++) this.post(helpers[i - 1], calls[i]);
    const results = new Array<number>(calls.length);
    let failure: unknown;
    try {
      results[0] = invoke(this.kernels.exports, calls[0]);
    } catch (error) {
      failure = error;
    }
    // Always wait for every helper before returning: they are writing into shared memory.
    for (let i = 1; i < calls.length; i++) {
      try {
        results[i] = this.collect(helpers[i - 1]);
      } catch (error) {
        failure ??= error;
      }
    }
    if (failure) throw failure;
    return results;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (let index = 0; index < this.helpers.length; index++) {
      Atomics.store(this.control, index * SLOT_INTS, STATE.stop);
      Atomics.notify(this.control, index * SLOT_INTS);
      this.helpers[index].terminate();
    }
    this.ready.length = 0;
  }

  private post(index: number, call: KernelCall): void {
    const slot = index * SLOT_INTS;
    const base = index * SLOT_FLOATS;
    this.control[slot + 1] = KERNEL_NAMES.indexOf(call.kernel);
    this.control[slot + 2] = call.args.length;
    for (let i = 0; i < call.args.length; i++) this.args[base + i] = call.args[i];
    Atomics.store(this.control, slot, STATE.posted);
    Atomics.notify(this.control, slot);
  }

  private collect(index: number): number {
    const slot = index * SLOT_INTS;
    const deadline = Date.now() + HELPER_TIMEOUT_MS;
    let state: number;
    while ((state = Atomics.load(this.control, slot)) === STATE.posted) {
      if (Date.now() > deadline) {
        this.ready.splice(this.ready.indexOf(index), 1);
        throw new Error('a kernel thread stopped responding');
      }
      Atomics.wait(this.control, slot, STATE.posted, 1000);
    }
    Atomics.store(this.control, slot, STATE.idle);
    if (state === STATE.failed) throw new Error('a kernel thread failed');
    return this.args[index * SLOT_FLOATS + SLOT_FLOATS - 1];
  }
}

function invoke(kernels: KernelExports, call: KernelCall): number {
  const fn = kernels[call.kernel] as (...args: number[]) => number | void;
  const result = fn(...call.args);
  return typeof result === 'number' ? result : 0;
}

/** Helper threads to start: one per core beyond the engine's own, at most 7. */
export function helperCountFor(cores: number): number {
  return Math.max(0, Math.min(7, Math.floor(cores) - 1));
}
