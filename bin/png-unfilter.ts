/**
 * PNG scanline filters and Adam7 interlacing (PNG specification, 3rd edition, §7.3, §8.2, §9).
 * Filtering works on bytes, whatever the pixel format: each row starts with a filter-type byte
 * and predicts each byte from the byte one pixel to the left (`bpp` bytes back, at least 1 for
 * sub-byte pixels), the byte above, and the one above-left. An interlaced image is seven
 * reduced images, one after the other in the data stream, each filtered as an image of its own.
 */
import { PngError } from './png-error.js';

/** Bytes in one row of `width` pixels of `bitsPerPixel`, sub-byte rows padded to a whole byte. */
export function rowBytes(width: number, bitsPerPixel: number): number {
  return Math.ceil((width * bitsPerPixel) / 8);
}

/** One reduced image of an interlaced PNG: its pixels are at (x0 + i·dx, y0 + j·dy). */
export interface Pass {
  x0: number;
  y0: number;
  dx: number;
  dy: number;
  width: number;
  height: number;
}

/** Adam7's seven passes as [x0, y0, dx, dy] (spec §8.2). */
const ADAM7: ReadonlyArray<readonly [number, number, number, number]> = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
];

/**
 * The passes of an image: one covering it all when not interlaced, else Adam7's seven. A pass
 * with no pixel (small images) stays in the list with a zero size: it has no bytes, not even
 * filter bytes, in the data stream.
 */
export function passes(width: number, height: number, interlaced: boolean): Pass[] {
  if (!interlaced) return [{ x0: 0, y0: 0, dx: 1, dy: 1, width, height }];
  return ADAM7.map(([x0, y0, dx, dy]) => ({
    x0,
    y0,
    dx,
    dy,
    width: Math.max(0, Math.ceil((width - x0) / dx)),
    height: Math.max(0, Math.ceil((height - y0) / dy)),
  }));
}

/** Bytes a pass takes in the decompressed stream: its rows plus one filter byte each. */
export function passBytes(pass: Pass, bitsPerPixel: number): number {
  if (pass.width === 0 || pass.height === 0) return 0;
  return (rowBytes(pass.width, bitsPerPixel) + 1) * pass.height;
}

/**
 * Undoes the filters of `height` rows of `stride` bytes starting at `raw[offset]` (each row
 * preceded by its filter byte); returns the rows back to back without the filter bytes.
 * `where` names the rows in error messages (" of pass 3" for an interlaced image).
 */
export function unfilter(raw: Uint8Array, offset: number, stride: number, height: number, bpp: number, where = ''): Uint8Array {
  const out = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const src = offset + y * (stride + 1) + 1;
    const filter = raw[src - 1];
    const row = y * stride;
    const up = row - stride;
    // Each filter its own loop: the choice is per row, and the byte loop is the hot one.
    switch (filter) {
      case 0:
        out.set(raw.subarray(src, src + stride), row);
        break;
      case 1:
        for (let i = 0; i < stride; i++) out[row + i] = raw[src + i] + (i >= bpp ? out[row + i - bpp] : 0);
        break;
      case 2:
        if (y === 0) out.set(raw.subarray(src, src + stride), row);
        else for (let i = 0; i < stride; i++) out[row + i] = raw[src + i] + out[up + i];
        break;
      case 3:
        for (let i = 0; i < stride; i++) {
          const a = i >= bpp ? out[row + i - bpp] : 0;
          const b = y > 0 ? out[up + i] : 0;
          out[row + i] = raw[src + i] + ((a + b) >> 1);
        }
        break;
      case 4:
        for (let i = 0; i < stride; i++) {
          const a = i >= bpp ? out[row + i - bpp] : 0;
          const b = y > 0 ? out[up + i] : 0;
          const c = i >= bpp && y > 0 ? out[up + i - bpp] : 0;
          // Paeth (spec §9.4): the neighbour nearest to a + b − c, ties in the order a, b, c.
          const pa = Math.abs(b - c);
          const pb = Math.abs(a - c);
          const pc = Math.abs(a + b - 2 * c);
          out[row + i] = raw[src + i] + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
        }
        break;
      default:
        throw new PngError(`unknown filter type ${filter} on row ${y}${where}`);
    }
  }
  return out;
}
