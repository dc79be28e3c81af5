import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { crc32, encodePNG } from '../../bin/png.js';

interface Chunk {
  type: string;
  data: Buffer;
  crcOk: boolean;
}

function chunks(png: Buffer): Chunk[] {
  const out: Chunk[] = [];
  let p = 8;
  while (p < png.length) {
    const len = png.readUInt32BE(p);
    const type = png.toString('latin1', p + 4, p + 8);
    const data = png.subarray(p + 8, p + 8 + len);
    const crcOk = png.readUInt32BE(p + 8 + len) === crc32(png.subarray(p + 4, p + 8 + len));
    out.push({ type, data, crcOk });
    p += 12 + len;
  }
  return out;
}

/** Independent decoder for 8-bit RGBA, non-interlaced PNGs, all five filter types. */
function decode(png: Buffer): { width: number; height: number; rgba: Uint8Array } {
  const list = chunks(png);
  const ihdr = list[0].data;
  const width = ihdr.readUInt32BE(0);
  const height = ihdr.readUInt32BE(4);
  const raw = inflateSync(Buffer.concat(list.filter((c) => c.type === 'IDAT').map((c) => c.data)));
  const stride = width * 4;
  const rgba = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    for (let i = 0; i < stride; i++) {
      const v = raw[y * (stride + 1) + 1 + i];
      const a = i >= 4 ? rgba[y * stride + i - 4] : 0;
      const b = y > 0 ? rgba[(y - 1) * stride + i] : 0;
      const c = i >= 4 && y > 0 ? rgba[(y - 1) * stride + i - 4] : 0;
      const pa = Math.abs(b - c);
      const pb = Math.abs(a - c);
      const pc = Math.abs(a + b - 2 * c);
      const paeth = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      const pred = [0, a, b, (a + b) >> 1, paeth][filter];
      rgba[y * stride + i] = (v + pred) & 0xff;
    }
  }
  return { width, height, rgba };
}

describe('crc32', () => {
  it('matches the standard check value', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
    expect(crc32(Buffer.from('IEND'))).toBe(0xae426082);
  });
});

describe('encodePNG', () => {
  it('writes the signature, IHDR, IDAT and IEND with valid CRCs', () => {
    const png = encodePNG(3, 2, new Uint8Array(3 * 2 * 4));
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const list = chunks(png);
    expect(list.map((c) => c.type)).toEqual(['IHDR', 'IDAT', 'IEND']);
    expect(list.every((c) => c.crcOk)).toBe(true);
    const ihdr = list[0].data;
    expect(ihdr.length).toBe(13);
    expect([ihdr.readUInt32BE(0), ihdr.readUInt32BE(4), ...ihdr.subarray(8)]).toEqual([3, 2, 8, 6, 0, 0, 0]);
    expect(list[2].data.length).toBe(0);
  });

  it('round-trips pixels exactly, including across rows', () => {
    const width = 17;
    const height = 11;
    const rgba = new Uint8Array(width * height * 4);
    let s = 12345;
    for (let i = 0; i < rgba.length; i++) {
      s = (s * 1103515245 + 12345) >>> 0;
      rgba[i] = s >>> 24;
    }
    const out = decode(encodePNG(width, height, rgba));
    expect(out.width).toBe(width);
    expect(out.height).toBe(height);
    expect(Buffer.from(out.rgba).equals(Buffer.from(rgba))).toBe(true);
  });

  it('puts row 0 at the top', () => {
    const rgba = new Uint8Array(1 * 2 * 4);
    rgba.set([255, 0, 0, 255], 0);
    rgba.set([0, 0, 255, 255], 4);
    const out = decode(encodePNG(1, 2, rgba));
    expect([...out.rgba.subarray(0, 4)]).toEqual([255, 0, 0, 255]);
  });

  it('compresses a mostly transparent image well', () => {
    const png = encodePNG(512, 512, new Uint8Array(512 * 512 * 4));
    expect(png.length).toBeLessThan(4096);
  });

  it('rejects bad sizes and mismatched data', () => {
    expect(() => encodePNG(0, 1, new Uint8Array(0))).toThrow(RangeError);
    expect(() => encodePNG(1.5, 1, new Uint8Array(6))).toThrow(RangeError);
    expect(() => encodePNG(2, 2, new Uint8Array(15))).toThrow(/expected 16/);
  });
});
