/**
 * Unfiltered PNG rows to 8-bit RGBA, for every colour type and bit depth of the PNG
 * specification (3rd edition, §6 and §13.12): samples are unpacked MSB first, 16-bit samples
 * reduced to 8 bits by rounding (v · 255 / 65535, the "accurate" reduction of §13.12; plain
 * truncation darkens by up to a step), sub-byte greyscale scaled to the full range (×255, ×85,
 * ×17), palette indices looked up with their tRNS alpha, and the tRNS colour of greyscale and
 * RGB images compared at full bit depth before any reduction.
 */
import { PngError } from './png-error.js';
import type { Pass } from './png-unfilter.js';

export interface PixelFormat {
  /** 0 greyscale, 2 RGB, 3 palette, 4 grey + alpha, 6 RGBA. */
  colourType: number;
  depth: number;
  /** Samples per pixel: 1, 3, 1, 2, 4 for the colour types above. */
  channels: number;
  /** Type 3: RGBA per entry (alpha from tRNS, 255 beyond it). */
  palette?: Uint8Array;
  /** Types 0 and 2: the samples of the one fully transparent colour, as stored (full depth). */
  transparent?: readonly number[];
}

/** One sample of `depth` bits to 0..255. */
function toByte(v: number, depth: number): number {
  if (depth === 8) return v;
  // (v·255 + 32767) / 65535 floored is v·255/65535 rounded: the quotient is never exactly .5
  // (that would need an even number equal to an odd one), so no tie rule is needed.
  if (depth === 16) return Math.floor((v * 255 + 32767) / 65535);
  return v * (255 / ((1 << depth) - 1));
}

/** The samples of one row, unpacked into `into` (width × channels of them). */
function readSamples(rows: Uint8Array, start: number, count: number, depth: number, into: Uint16Array): void {
  if (depth === 8) {
    into.set(rows.subarray(start, start + count));
  } else if (depth === 16) {
    for (let i = 0, p = start; i < count; i++, p += 2) into[i] = (rows[p] << 8) | rows[p + 1];
  } else {
    // Sub-byte samples are packed from the most significant bit of each byte (spec §7.2).
    const mask = (1 << depth) - 1;
    for (let i = 0; i < count; i++) {
      const bit = i * depth;
      into[i] = (rows[start + (bit >> 3)] >> (8 - depth - (bit & 7))) & mask;
    }
  }
}

/**
 * Writes the pixels of one pass (its rows unfiltered, `stride` bytes each) into `out`, the
 * whole image's RGBA (`imageWidth` pixels a row), at the pass's positions.
 */
export function passToRGBA(rows: Uint8Array, stride: number, pass: Pass, f: PixelFormat, out: Uint8Array, imageWidth: number): void {
  const { colourType, depth, channels, palette, transparent } = f;
  const samples = new Uint16Array(pass.width * channels);
  const entries = palette ? palette.length / 4 : 0;
  const t0 = transparent?.[0] ?? -1;
  const t1 = transparent?.[1] ?? -1;
  const t2 = transparent?.[2] ?? -1;
  for (let j = 0; j < pass.height; j++) {
    readSamples(rows, j * stride, pass.width * channels, depth, samples);
    const y = pass.y0 + j * pass.dy;
    for (let i = 0, s = 0; i < pass.width; i++, s += channels) {
      const x = pass.x0 + i * pass.dx;
      const o = (y * imageWidth + x) * 4;
      switch (colourType) {
        case 0: {
          const g = toByte(samples[s], depth);
          out[o] = out[o + 1] = out[o + 2] = g;
          out[o + 3] = samples[s] === t0 ? 0 : 255;
          break;
        }
        case 2:
          out[o] = toByte(samples[s], depth);
          out[o + 1] = toByte(samples[s + 1], depth);
          out[o + 2] = toByte(samples[s + 2], depth);
          out[o + 3] = samples[s] === t0 && samples[s + 1] === t1 && samples[s + 2] === t2 ? 0 : 255;
          break;
        case 3: {
          const k = samples[s];
          if (k >= entries) throw new PngError(`palette index ${k} at pixel (${x}, ${y}) is beyond the ${entries}-entry palette`);
          // Byte by byte: a subarray per pixel made palette images 5× slower to decode.
          const e = k * 4;
          out[o] = palette![e];
          out[o + 1] = palette![e + 1];
          out[o + 2] = palette![e + 2];
          out[o + 3] = palette![e + 3];
          break;
        }
        case 4: {
          const g = toByte(samples[s], depth);
          out[o] = out[o + 1] = out[o + 2] = g;
          out[o + 3] = toByte(samples[s + 1], depth);
          break;
        }
        default:
          out[o] = toByte(samples[s], depth);
          out[o + 1] = toByte(samples[s + 1], depth);
          out[o + 2] = toByte(samples[s + 2], depth);
          out[o + 3] = toByte(samples[s + 3], depth);
      }
    }
  }
}
