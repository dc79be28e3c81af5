/**
 * A first-fit allocator over WebAssembly linear memory. The kernels never allocate: the host
 * decides where points, grids and scratch live, so typed-array views can be written directly
 * and large blocks freed when a dataset is disposed. Blocks are 16-byte aligned for v128
 * access. Growing memory detaches existing views, so callers re-read `views()` after allocating.
 */
import { HeatlensError } from './errors.js';

const PAGE = 65536;
const ALIGN = 16;

interface FreeBlock {
  offset: number;
  size: number;
}

export class LinearHeap {
  private readonly free: FreeBlock[] = [];
  private readonly used = new Map<number, number>();
  private top: number;

  constructor(
    private readonly memory: WebAssembly.Memory,
    base: number,
    /** Zeroes a range; the kernels' memory.fill is far faster than a JS fill on shared memory. */
    private readonly zero: (offset: number, bytes: number) => void = (offset, bytes) => new Uint8Array(memory.buffer, offset, bytes).fill(0),
  ) {
    this.top = align(base);
  }

  /** Bytes currently handed out. */
  get allocatedBytes(): number {
    let total = 0;
    for (const size of this.used.values()) total += size;
    return total;
  }

  /** Allocates `bytes` (rounded up to 16) and returns the offset; contents are unspecified. */
  alloc(bytes: number): number {
    const size = align(Math.max(bytes, ALIGN));
    for (let i = 0; i < this.free.length; i++) {
      const block = this.free[i];
      if (block.size < size) continue;
      const offset = block.offset;
      if (block.size === size) this.free.splice(i, 1);
      else {
        block.offset += size;
        block.size -= size;
      }
      this.used.set(offset, size);
      return offset;
    }
    const offset = this.top;
    const end = offset + size;
    const capacity = this.memory.buffer.byteLength;
    if (end > capacity) {
      const pages = Math.ceil((end - capacity) / PAGE);
      try {
        this.memory.grow(pages);
      } catch {
        throw new HeatlensError('out-of-memory', `out of memory: could not grow the engine's memory to ${Math.ceil(end / 2 ** 20)} MiB`);
      }
    }
    this.top = end;
    this.used.set(offset, size);
    return offset;
  }

  /** Allocates and zero-fills. */
  calloc(bytes: number): number {
    const offset = this.alloc(bytes);
    this.zero(offset, align(Math.max(bytes, ALIGN)));
    return offset;
  }

  release(offset: number): void {
    const size = this.used.get(offset);
    if (size === undefined) return;
    this.used.delete(offset);
    if (offset + size === this.top) {
      this.top = offset;
      // The block below the old top may now be free at the top as well.
      const last = this.free[this.free.length - 1];
      if (last && last.offset + last.size === this.top) {
        this.top = last.offset;
        this.free.pop();
      }
      return;
    }
    // Keep the free list sorted by offset and merge neighbours so large grids can be reused.
    let i = 0;
    while (i < this.free.length && this.free[i].offset < offset) i++;
    this.free.splice(i, 0, { offset, size });
    const next = this.free[i + 1];
    if (next && offset + size === next.offset) {
      this.free[i].size += next.size;
      this.free.splice(i + 1, 1);
    }
    const prev = this.free[i - 1];
    if (prev && prev.offset + prev.size === offset) {
      prev.size += this.free[i].size;
      this.free.splice(i, 1);
    }
  }
}

function align(n: number): number {
  return Math.ceil(n / ALIGN) * ALIGN;
}
