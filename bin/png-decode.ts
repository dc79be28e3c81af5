/**
 * A PNG decoder for screenshots under `heatlens render` (and the tests reading our own output):
 * 8-bit greyscale, grey + alpha, RGB and RGBA, non-interlaced, every filter type, chunk CRCs
 * checked. Anything else is refused with a PngError naming what it found — palette and 16-bit
 * images are rare for screenshots, and a wrong picture under a map is worse than a clear error.
 */
import { inflateSync } from 'node:zlib';
import { crc32 } from './png.js';

export class PngError extends Error {
  override name = 'PngError';
}

export interface DecodedPNG {
  width: number;
  height: number;
  /** width × height × 4 bytes, row 0 at the top, not premultiplied. */
  rgba: Uint8Array;
}

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** Channels per colour type that we decode (PNG spec, IHDR). */
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 4: 2, 6: 4 };
const TYPE_NAMES: Record<number, string> = { 0: 'greyscale', 2: 'RGB', 3: 'palette', 4: 'grey+alpha', 6: 'RGBA' };

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** Undoes the per-scanline filters in place order; returns the unfiltered rows (stride bytes each). */
function unfilter(raw: Uint8Array, stride: number, height: number, bpp: number): Uint8Array {
  const out = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    if (filter > 4) throw new PngError(`unknown filter type ${filter} on row ${y}`);
    const src = y * (stride + 1) + 1;
    const row = y * stride;
    for (let i = 0; i < stride; i++) {
      const a = i >= bpp ? out[row + i - bpp] : 0;
      const b = y > 0 ? out[row - stride + i] : 0;
      const c = i >= bpp && y > 0 ? out[row - stride + i - bpp] : 0;
      const pred = filter === 0 ? 0 : filter === 1 ? a : filter === 2 ? b : filter === 3 ? (a + b) >> 1 : paeth(a, b, c);
      out[row + i] = (raw[src + i] + pred) & 0xff;
    }
  }
  return out;
}

/** Decodes a PNG file's bytes to RGBA; throws PngError for anything it cannot read faithfully. */
export function decodePNG(png: Uint8Array): DecodedPNG {
  const bytes = Buffer.from(png.buffer, png.byteOffset, png.byteLength);
  if (bytes.length < 33 || SIGNATURE.some((v, i) => bytes[i] !== v)) throw new PngError('not a PNG file (bad signature)');
  let width = 0;
  let height = 0;
  let channels = 0;
  const idat: Buffer[] = [];
  let ended = false;
  for (let p = 8; p < bytes.length && !ended; ) {
    if (p + 12 > bytes.length) throw new PngError('truncated chunk');
    const len = bytes.readUInt32BE(p);
    const type = bytes.toString('latin1', p + 4, p + 8);
    if (p + 12 + len > bytes.length) throw new PngError(`truncated ${type} chunk`);
    const data = bytes.subarray(p + 8, p + 8 + len);
    if (crc32(bytes.subarray(p + 4, p + 8 + len)) !== bytes.readUInt32BE(p + 8 + len)) throw new PngError(`bad CRC in ${type} chunk`);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      const [depth, colourType, , , interlace] = data.subarray(8, 13);
      const kind = TYPE_NAMES[colourType] ?? `colour type ${colourType}`;
      if (depth !== 8 || CHANNELS[colourType] === undefined) {
        throw new PngError(`unsupported PNG format: ${depth}-bit ${kind} (8-bit greyscale, RGB or RGBA only)`);
      }
      if (interlace !== 0) throw new PngError('unsupported PNG format: interlaced (save it non-interlaced)');
      if (width === 0 || height === 0) throw new PngError(`empty image ${width}×${height}`);
      channels = CHANNELS[colourType];
    } else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') ended = true;
    p += 12 + len;
  }
  if (channels === 0) throw new PngError('no IHDR chunk');
  if (idat.length === 0) throw new PngError('no image data (IDAT)');
  const stride = width * channels;
  let raw: Buffer;
  try {
    raw = inflateSync(Buffer.concat(idat));
  } catch (err) {
    throw new PngError(`corrupt image data: ${(err as Error).message}`);
  }
  if (raw.length < (stride + 1) * height) throw new PngError(`image data too short for ${width}×${height}`);
  const pixels = unfilter(raw, stride, height, channels);
  if (channels === 4) return { width, height, rgba: pixels };
  const rgba = new Uint8Array(width * height * 4);
  for (let i = 0, s = 0; i < width * height; i++, s += channels) {
    const o = i * 4;
    if (channels <= 2) rgba[o] = rgba[o + 1] = rgba[o + 2] = pixels[s];
    else {
      rgba[o] = pixels[s];
      rgba[o + 1] = pixels[s + 1];
      rgba[o + 2] = pixels[s + 2];
    }
    rgba[o + 3] = channels === 2 ? pixels[s + 1] : 255;
  }
  return { width, height, rgba };
}
