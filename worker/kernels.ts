/**
 * The WebAssembly kernels, instantiated synchronously from the bytes embedded at build time
 * (worker/generated/kernels-wasm.ts). Synchronous instantiation lets the worker expose its API
 * in the same turn it starts, so no message can arrive before anyone listens.
 */
import { KERNELS_WASM_BASE64, KERNELS_RELAXED_WASM_BASE64 } from './generated/kernels-wasm.js';

/** The raw exports of assembly/index.ts. Offsets are byte offsets into `memory`. */
export interface KernelExports {
  memory: WebAssembly.Memory;
  heapBase(): number;
  padding(): number;
  paddedWidth(width: number): number;
  paddedHeight(height: number): number;
  binPoints(
    xs: number, ys: number, ws: number, n: number,
    bins: number, width: number, height: number,
    x0: number, y0: number, x1: number, y1: number,
    stats: number,
  ): number;
  pointMoments(xs: number, ys: number, ws: number, n: number, x0: number, y0: number, x1: number, y1: number, out: number): void;
  smoothScratchBytes(width: number, height: number): number;
  smooth(bins: number, out: number, width: number, height: number, sigmaX: number, sigmaY: number, scale: number, scratch: number): number;
  dericheCoefficients(sigma: number, out: number): void;
  filterSigma(sigma: number): number;
  STATS_SLOTS: WebAssembly.Global;
}

function decodeBase64(text: string): Uint8Array {
  if (typeof atob === 'function') {
    const binary = atob(text);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  }
  return new Uint8Array(Buffer.from(text, 'base64'));
}

let compiled: WebAssembly.Module | undefined;

/** Which build runs here: 'relaxed' (fused multiply-add) where the engine validates it, else 'simd'. */
export function kernelFlavour(): 'relaxed' | 'simd' {
  return pickBuild().flavour;
}

function pickBuild(): { flavour: 'relaxed' | 'simd'; bytes: Uint8Array } {
  const relaxed = decodeBase64(KERNELS_RELAXED_WASM_BASE64);
  if (WebAssembly.validate(relaxed as BufferSource)) return { flavour: 'relaxed', bytes: relaxed };
  const simd = decodeBase64(KERNELS_WASM_BASE64);
  if (!WebAssembly.validate(simd as BufferSource)) {
    throw new Error('heatlens needs WebAssembly SIMD (Chrome 91+, Firefox 89+, Safari 16.4+, Node 16.4+)');
  }
  return { flavour: 'simd', bytes: simd };
}

export function instantiateKernels(): KernelExports {
  compiled ??= new WebAssembly.Module(pickBuild().bytes as BufferSource);
  const instance = new WebAssembly.Instance(compiled, {
    env: {
      abort(_message: number, _file: number, line: number, column: number) {
        throw new Error(`heatlens kernel aborted at ${line}:${column}`);
      },
    },
  });
  return instance.exports as unknown as KernelExports;
}
