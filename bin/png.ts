/**
 * A minimal PNG encoder: 8-bit RGBA, non-interlaced, one IDAT chunk compressed with node:zlib.
 * Enough for heatmap output; no dependency on an image library.
 */
import { deflateSync } from 'node:zlib';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** CRC-32 (ISO 3309 / ITU-T V.42 polynomial, as PNG requires), table-driven. */
const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32(bytes: Uint8Array, crc = 0): number {
  let c = ~crc >>> 0;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  out.set(data, 8);
  // The CRC covers the chunk type and data, not the length.
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** Encodes `rgba` (width × height × 4 bytes, row 0 at the top) as a PNG file. */
export function encodePNG(width: number, height: number, rgba: Uint8Array): Buffer {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new RangeError(`PNG size must be positive integers, got ${width}×${height}`);
  }
  // PNG stores dimensions as 31-bit unsigned integers.
  if (width > 0x7fffffff || height > 0x7fffffff) throw new RangeError('PNG size too large');
  const stride = width * 4;
  if (rgba.length !== stride * height) {
    throw new RangeError(`RGBA data has ${rgba.length} bytes, expected ${stride * height}`);
  }

  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type: truecolour with alpha
  ihdr[10] = 0; // compression: deflate
  ihdr[11] = 0; // filter method 0
  ihdr[12] = 0; // no interlace

  // Each scanline gets a filter-type byte. "Up" (2) suits smooth density images: neighbouring
  // rows are nearly equal, so the residuals are mostly zero and deflate well; transparent areas
  // are zero either way.
  const raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    const src = y * stride;
    const dst = y * (stride + 1);
    if (y === 0) {
      raw[dst] = 0;
      raw.set(rgba.subarray(src, src + stride), dst + 1);
      continue;
    }
    raw[dst] = 2;
    const prev = src - stride;
    for (let i = 0; i < stride; i++) raw[dst + 1 + i] = (rgba[src + i] - rgba[prev + i]) & 0xff;
  }

  return Buffer.concat([
    SIGNATURE,
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 6 })),
    chunk('IEND', new Uint8Array(0)),
  ]);
}
