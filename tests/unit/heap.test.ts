// The allocator over WebAssembly memory: alignment, reuse of freed blocks, merging of
// neighbours, growth, and a clear error when memory cannot grow.
import { describe, expect, it } from 'vitest';
import { LinearHeap } from '../../worker/heap.js';

describe('LinearHeap', () => {
  it('hands out 16-byte aligned, non-overlapping blocks above the base', () => {
    const heap = new LinearHeap(new WebAssembly.Memory({ initial: 1 }), 1000);
    const a = heap.alloc(10);
    const b = heap.alloc(33);
    expect(a).toBeGreaterThanOrEqual(1000);
    expect([a % 16, b % 16]).toEqual([0, 0]);
    expect(b).toBeGreaterThanOrEqual(a + 16);
    expect(heap.allocatedBytes).toBe(16 + 48);
  });

  it('reuses a freed block and merges freed neighbours into one', () => {
    const heap = new LinearHeap(new WebAssembly.Memory({ initial: 1 }), 0);
    const a = heap.alloc(64);
    const b = heap.alloc(64);
    const c = heap.alloc(64);
    heap.alloc(16); // keeps c off the top
    heap.release(a);
    heap.release(b);
    expect(heap.alloc(128)).toBe(a); // a and b merged
    heap.release(c);
    expect(heap.alloc(64)).toBe(c);
  });

  it('grows the memory when needed and zeroes calloc blocks', () => {
    const memory = new WebAssembly.Memory({ initial: 1 });
    const heap = new LinearHeap(memory, 0);
    const big = heap.alloc(200_000);
    expect(memory.buffer.byteLength).toBeGreaterThanOrEqual(big + 200_000);
    new Uint8Array(memory.buffer, big, 200_000).fill(7);
    heap.release(big);
    const zeroed = heap.calloc(1000);
    expect(new Uint8Array(memory.buffer, zeroed, 1000).every((v) => v === 0)).toBe(true);
  });

  it('fails with an out-of-memory HeatlensError when memory cannot grow', () => {
    const heap = new LinearHeap(new WebAssembly.Memory({ initial: 1, maximum: 2 }), 0);
    let error: unknown;
    try {
      heap.alloc(3 * 65536);
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ name: 'HeatlensError', code: 'out-of-memory' });
    expect(String((error as Error).message)).toMatch(/could not grow the engine's memory to 1 MiB/);
  });
});
