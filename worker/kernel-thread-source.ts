/**
 * The program a kernel thread runs, as source text: a Blob-URL Web Worker in browsers, an
 * `eval` worker_thread in Node. Keeping it a self-contained string means no bundler has to find
 * and emit a second worker file, and it runs unchanged from TypeScript sources (tests) and
 * from the built package.
 *
 * Protocol (one slot per helper in a SharedArrayBuffer): Int32 [state, kernel, argc, …] and
 * Float64 [args…, result]. The engine writes the call and sets state = posted; the helper runs
 * it, writes the result, sets done (or failed) and notifies; the engine sets idle again.
 */

export const KERNEL_NAMES = ['binPoints', 'countBands', 'scatterBands', 'binBands', 'pointMoments', 'smoothAlongY', 'smoothAlongX', 'addGrid'] as const;
export type KernelName = (typeof KERNEL_NAMES)[number];

export const SLOT_INTS = 16;
export const SLOT_FLOATS = 16;
export const STATE = { idle: 0, posted: 1, done: 2, failed: 3, stop: 4 } as const;

export const HELPER_SOURCE = `
'use strict';
const NAMES = ${JSON.stringify(KERNEL_NAMES)};
const SLOT_INTS = ${SLOT_INTS}, SLOT_FLOATS = ${SLOT_FLOATS};
const IDLE = ${STATE.idle}, POSTED = ${STATE.posted}, DONE = ${STATE.done}, FAILED = ${STATE.failed}, STOP = ${STATE.stop};
const inNode = typeof self === 'undefined';
const port = inNode ? require('node:worker_threads').parentPort : self;
function start(message) {
  const { module, memory, control, index, helpers } = message;
  const kernels = new WebAssembly.Instance(module, { env: { memory } }).exports;
  const ints = new Int32Array(control, 0, helpers * SLOT_INTS);
  const floats = new Float64Array(control, helpers * SLOT_INTS * 4, helpers * SLOT_FLOATS);
  const slot = index * SLOT_INTS, base = index * SLOT_FLOATS;
  const args = [];
  port.postMessage('ready');
  for (;;) {
    let state;
    while ((state = Atomics.load(ints, slot)) !== POSTED && state !== STOP) Atomics.wait(ints, slot, state);
    if (state === STOP) break;
    args.length = ints[slot + 2];
    for (let i = 0; i < args.length; i++) args[i] = floats[base + i];
    try {
      const result = kernels[NAMES[ints[slot + 1]]](...args);
      floats[base + SLOT_FLOATS - 1] = typeof result === 'number' ? result : 0;
      Atomics.store(ints, slot, DONE);
    } catch (error) {
      Atomics.store(ints, slot, FAILED);
    }
    Atomics.notify(ints, slot);
  }
  if (inNode) process.exit(0); else self.close();
}
if (inNode) port.once('message', start); else self.onmessage = (event) => start(event.data);
`;
