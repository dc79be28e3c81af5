// The PNG decoder against an independent encoder (./png-reference-encoder.ts) over every colour
// type × bit depth × interlace method of the PNG specification, each pixel's expected RGBA
// written out from the specification's rules; then against Chromium's own decoding of PNGs
// Chromium wrote and of the reference encoder's images; then each broken file's error.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodePNG, PngError } from '../../bin/png-decode.js';
import { launchChromium } from '../../scripts/find-chromium.mjs';
import { ROOT } from '../support/cli.js';
import { CHANNELS, encodeReferencePNG, imageStream, PNG_SIGNATURE, pngChunk, type RawImage } from './png-reference-encoder.js';

/** mulberry32: a small seeded generator, so every run tests the same images. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) >>> 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** A sample at `depth` bits to 8 bits, as the task states it: 16-bit rounded, sub-byte scaled. */
function to8(v: number, depth: number): number {
  if (depth === 16) return Math.round((v * 255) / 65535);
  return v * ({ 1: 255, 2: 85, 4: 17, 8: 1 } as Record<number, number>)[depth];
}

/** 16-bit values either side of a rounding boundary (257·k + 128 → k, 257·k + 129 → k + 1) and the ends. */
const EDGES_16 = [0, 65535, 128, 129, 32767, 32768, 65534, 257 * 100 + 128, 257 * 100 + 129, 1];

interface Case {
  img: RawImage;
  expected: Uint8Array;
}

/**
 * A random image of the format, with its expected RGBA. With `trns`: palette images get alpha
 * for the first half of their entries; greyscale and RGB ones a transparent colour that a
 * quarter of the pixels have, and an eighth have a colour one bit away from it (opaque).
 */
function makeCase(colourType: number, depth: number, trns: boolean, width: number, height: number, interlaced: boolean, seed: number): Case {
  const next = random(seed);
  const max = 2 ** depth - 1;
  const channels = CHANNELS[colourType];
  const value = () => (depth === 16 && next() < 0.3 ? EDGES_16[Math.floor(next() * EDGES_16.length)] : Math.floor(next() * (max + 1)));
  const img: RawImage = { width, height, colourType, depth, samples: [], interlaced, filterShift: seed % 5 };
  const expected = new Uint8Array(width * height * 4);
  if (colourType === 3) {
    // Not a full palette at 2 and 8 bits: indices beyond it exist but are not used.
    const entries = { 1: 2, 2: 3, 4: 16, 8: 200 }[depth as 1 | 2 | 4 | 8];
    img.palette = Array.from({ length: entries }, () => [0, 0, 0].map(() => Math.floor(next() * 256)) as [number, number, number]);
    if (trns) img.trns = Array.from({ length: Math.ceil(entries / 2) }, (_, k) => (k === 0 ? 0 : Math.floor(next() * 256)));
    for (let i = 0; i < width * height; i++) {
      const k = Math.floor(next() * entries);
      img.samples.push(k);
      expected.set([...img.palette[k], img.trns?.[k] ?? 255], i * 4);
    }
    return { img, expected };
  }
  const colour = channels <= 2 ? 1 : 3;
  const transparent = trns ? Array.from({ length: colour }, value) : undefined;
  if (transparent) img.trns = transparent.flatMap((v) => [v >> 8, v & 0xff]);
  for (let i = 0; i < width * height; i++) {
    const r = next();
    let px = Array.from({ length: channels }, value);
    if (transparent && r < 0.25) px = [...transparent];
    else if (transparent && r < 0.375) {
      const flip = Math.floor(next() * colour);
      px = transparent.map((v, c) => (c === flip ? v ^ 1 : v));
    }
    img.samples.push(...px);
    const rgb = colour === 1 ? [px[0], px[0], px[0]] : px.slice(0, 3);
    const hidden = transparent !== undefined && transparent.every((v, c) => v === px[c]);
    const alpha = channels === 2 || channels === 4 ? to8(px[channels - 1], depth) : hidden ? 0 : 255;
    expected.set([...rgb.map((v) => to8(v, depth)), alpha], i * 4);
  }
  return { img, expected };
}

/** The first pixel that differs, as a readable line, or null. */
function firstDifference(actual: Uint8Array, expected: Uint8Array, width: number): string | null {
  for (let i = 0; i < expected.length; i += 4) {
    for (let c = 0; c < 4; c++) {
      if (actual[i + c] !== expected[i + c]) {
        const p = i / 4;
        return `pixel (${p % width}, ${Math.floor(p / width)}): got [${actual.subarray(i, i + 4)}], expected [${expected.subarray(i, i + 4)}]`;
      }
    }
  }
  return actual.length === expected.length ? null : `${actual.length} bytes, expected ${expected.length}`;
}

const FORMATS: Array<[colourType: number, name: string, depths: number[], withTrns: boolean[]]> = [
  [0, 'greyscale', [1, 2, 4, 8, 16], [false, true]],
  [2, 'RGB', [8, 16], [false, true]],
  [3, 'palette', [1, 2, 4, 8], [false, true]],
  [4, 'grey+alpha', [8, 16], [false]],
  [6, 'RGBA', [8, 16], [false]],
];
/** 1×1 and 2×3 leave Adam7 passes empty; 33 px rows of 1-bit samples end in a padded byte. */
const SIZES: Array<[number, number]> = [[1, 1], [2, 3], [7, 5], [13, 11], [33, 9], [64, 17]];

const cases = FORMATS.flatMap(([type, name, depths, trnsChoices]) =>
  depths.flatMap((depth) =>
    trnsChoices.flatMap((trns) =>
      [false, true].map((interlaced) => ({ type, depth, trns, interlaced, title: `${depth}-bit ${name}${trns ? ' with tRNS' : ''}${interlaced ? ', interlaced' : ''}` })),
    ),
  ),
);

describe('decodePNG: every colour type × bit depth × interlace, against the reference encoder', () => {
  it.each(cases.map((c) => [c.title, c] as const))('%s', (_, { type, depth, trns, interlaced }) => {
    SIZES.forEach(([w, h], n) => {
      const { img, expected } = makeCase(type, depth, trns, w, h, interlaced, 1000 * type + 10 * depth + n);
      const out = decodePNG(encodeReferencePNG(img));
      expect([out.width, out.height]).toEqual([w, h]);
      expect(firstDifference(out.rgba, expected, w), `${w}×${h}`).toBeNull();
    });
  });

  it('reduces 16-bit samples by rounding, not truncation', () => {
    // 257·k + 128 is just under k + ½ and 257·k + 129 just over; v / 257 floored would give k for both.
    const samples = [0, 128, 129, 32767, 32896, 65406, 65407, 65534, 65535];
    const out = decodePNG(encodeReferencePNG({ width: samples.length, height: 1, colourType: 0, depth: 16, samples }));
    expect([...out.rgba].filter((_, i) => i % 4 === 0)).toEqual([0, 0, 1, 127, 128, 254, 255, 255, 255]);
  });

  it('compares the tRNS colour at full bit depth: 16-bit samples one step away stay opaque', () => {
    const samples = [0x1234, 0x5678, 0x9abc, 0x1234, 0x5678, 0x9abd, 0x1235, 0x5678, 0x9abc];
    const out = decodePNG(encodeReferencePNG({ width: 3, height: 1, colourType: 2, depth: 16, samples, trns: [0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc] }));
    expect([out.rgba[3], out.rgba[7], out.rgba[11]]).toEqual([0, 255, 255]);
    // The three pixels reduce to the same 8-bit colour: only full depth tells them apart.
    expect([...out.rgba.subarray(4, 7)]).toEqual([...out.rgba.subarray(8, 11)]);
  });

  it('ignores bytes after IEND, extra bytes after the image data, and ancillary chunks', () => {
    const { img, expected } = makeCase(6, 8, false, 5, 4, false, 7);
    const withGarbage = Buffer.concat([encodeReferencePNG(img), Buffer.from('trailing garbage')]);
    expect(firstDifference(decodePNG(withGarbage).rgba, expected, 5)).toBeNull();
    const longer = encodeReferencePNG(img, Buffer.concat([imageStream(img), Buffer.alloc(40, 9)]));
    expect(firstDifference(decodePNG(longer).rgba, expected, 5)).toBeNull();
  });
});

const ihdr = (w: number, h: number, depth: number, type: number, interlace = 0) => {
  const b = Buffer.alloc(13);
  b.writeUInt32BE(w, 0);
  b.writeUInt32BE(h, 4);
  b.set([depth, type, 0, 0, interlace], 8);
  return b;
};
const file = (...chunks: Buffer[]) => Buffer.concat([PNG_SIGNATURE, ...chunks, pngChunk('IEND', [])]);
const refused = (png: Buffer) => {
  try {
    decodePNG(png);
  } catch (err) {
    expect(err).toBeInstanceOf(PngError);
    return (err as Error).message;
  }
  throw new Error('decoded a broken file');
};

describe('decodePNG: broken files get a PngError saying what is wrong', () => {
  it('a decompression bomb: 10 KB of data inflating to 64 MB for a 1 × 1 image', () => {
    const bomb = deflateSync(Buffer.alloc(64 << 20), { level: 9 });
    expect(bomb.length).toBeLessThan(100_000);
    expect(refused(file(pngChunk('IHDR', ihdr(1, 1, 8, 6)), pngChunk('IDAT', bomb)))).toBe(
      'image data inflates past the 5 bytes a 1×1 image needs (more than 1048576 bytes too many)',
    );
  });

  it('a palette image without PLTE', () => {
    expect(refused(file(pngChunk('IHDR', ihdr(2, 1, 8, 3)), pngChunk('IDAT', deflateSync(Buffer.from([0, 0, 0])))))).toBe('palette image (colour type 3) without a PLTE chunk');
  });

  it('a palette index beyond the palette, with its pixel', () => {
    const img: RawImage = { width: 3, height: 2, colourType: 3, depth: 2, samples: [0, 1, 0, 1, 0, 3], palette: [[1, 2, 3], [4, 5, 6]] };
    expect(refused(encodeReferencePNG(img))).toBe('palette index 3 at pixel (2, 1) is beyond the 2-entry palette');
    expect(refused(encodeReferencePNG({ ...img, interlaced: true }))).toBe('palette index 3 at pixel (2, 1) is beyond the 2-entry palette');
  });

  it('a bit depth the colour type does not allow', () => {
    const one = (depth: number, type: number) => refused(file(pngChunk('IHDR', ihdr(1, 1, depth, type))));
    expect(one(4, 2)).toBe('bit depth 4 is not allowed for RGB images (colour type 2: 8, 16)');
    expect(one(16, 3)).toBe('bit depth 16 is not allowed for palette images (colour type 3: 1, 2, 4, 8)');
    expect(one(1, 6)).toBe('bit depth 1 is not allowed for RGBA images (colour type 6: 8, 16)');
    expect(one(2, 4)).toBe('bit depth 2 is not allowed for grey+alpha images (colour type 4: 8, 16)');
    expect(one(3, 0)).toBe('bit depth 3 is not allowed for greyscale images (colour type 0: 1, 2, 4, 8, 16)');
    expect(one(8, 5)).toBe('unknown colour type 5');
  });

  it('image data shorter than the image needs, with both byte counts', () => {
    // 9×4 RGB at 8 bits: 4 rows of 1 + 27 bytes. Interlaced 8×8 1-bit grey: the passes have
    // 1, 1, 1, 2, 2, 4 and 4 rows of at most 8 pixels, each a filter byte and one byte: 30 bytes.
    const rgb = makeCase(2, 8, false, 9, 4, false, 3).img;
    expect(refused(encodeReferencePNG(rgb, imageStream(rgb).subarray(0, 100)))).toBe('image data truncated: 100 bytes where a 9×4 8-bit RGB image needs 112');
    const grey = makeCase(0, 1, false, 8, 8, true, 4).img;
    expect(imageStream(grey).length).toBe(30);
    expect(refused(encodeReferencePNG(grey, imageStream(grey).subarray(0, 29)))).toBe('image data truncated: 29 bytes where a 8×8 1-bit greyscale interlaced image needs 30');
    // A zlib stream cut in the middle (the file itself cut inside its last IDAT chunk, CRC fixed).
    const zlib = deflateSync(imageStream(rgb));
    const cut = file(pngChunk('IHDR', ihdr(9, 4, 8, 2)), pngChunk('IDAT', zlib.subarray(0, zlib.length - 30)));
    expect(refused(cut)).toMatch(/^image data truncated: \d+ bytes where a 9×4 8-bit RGB image needs 112$/);
  });

  it('bad CRCs, unknown filters, unknown critical chunks, a misplaced or oversized tRNS', () => {
    const { img } = makeCase(3, 4, true, 6, 6, false, 11);
    const good = encodeReferencePNG(img);
    const idat = good.indexOf('IDAT', 0, 'latin1');
    const flipped = Buffer.from(good);
    flipped[idat + 6] ^= 0x40;
    expect(refused(flipped)).toBe('bad CRC in IDAT chunk');
    const stream = imageStream(img);
    stream[0] = 7;
    expect(refused(encodeReferencePNG(img, stream))).toBe('unknown filter type 7 on row 0');
    expect(refused(encodeReferencePNG({ ...img, interlaced: true }, Buffer.concat([Buffer.from([0, 0, 0, 0]), Buffer.from([9]), Buffer.alloc(100)])))).toBe('unknown filter type 9 on row 0 of pass 3');
    const gray = pngChunk('IHDR', ihdr(1, 1, 8, 0));
    expect(refused(file(gray, pngChunk('CgBI', [0, 0, 0, 0])))).toBe('unknown critical chunk CgBI');
    expect(refused(file(gray, pngChunk('tRNS', [0, 1, 2, 3])))).toBe('tRNS chunk of a greyscale image must have 2 bytes, has 4');
    const ihdr3 = pngChunk('IHDR', ihdr(1, 1, 8, 3));
    expect(refused(file(ihdr3, pngChunk('tRNS', [0]), pngChunk('PLTE', [1, 2, 3])))).toBe('tRNS chunk before the PLTE chunk');
    expect(refused(file(ihdr3, pngChunk('PLTE', [1, 2, 3]), pngChunk('tRNS', [0, 0])))).toBe('tRNS chunk has 2 alpha values for a 1-entry palette');
    expect(refused(file(pngChunk('tEXt', [65, 0, 66])))).toBe('the first chunk is tEXt, not IHDR');
    expect(refused(Buffer.from('GIF89a...'))).toBe('not a PNG file (bad signature)');
  });
});

/**
 * Chromium's own decoding of a PNG, as RGBA. `canvas`: drawn on a 2D canvas and read back with
 * getImageData, exact for opaque pixels (a 2D canvas stores premultiplied colour, which rounds
 * translucent ones). `webgl`: uploaded as a WebGL texture without premultiplication or colour
 * conversion, which WebGL requires to be the file's own values, and read back from a framebuffer.
 */
async function chromiumDecode(page: Page, png: Buffer, via: 'canvas' | 'webgl'): Promise<Uint8Array> {
  const base64 = await page.evaluate(
    async ({ b64, via }) => {
      const blob = await (await fetch(`data:image/png;base64,${b64}`)).blob();
      const bitmap = await createImageBitmap(blob, { premultiplyAlpha: 'none', colorSpaceConversion: 'none' });
      const canvas = document.createElement('canvas');
      [canvas.width, canvas.height] = [bitmap.width, bitmap.height];
      let px: Uint8Array;
      if (via === 'canvas') {
        const ctx = canvas.getContext('2d')!;
        ctx.drawImage(bitmap, 0, 0);
        px = new Uint8Array(ctx.getImageData(0, 0, bitmap.width, bitmap.height).data.buffer);
      } else {
        const gl = canvas.getContext('webgl2')!;
        gl.bindTexture(gl.TEXTURE_2D, gl.createTexture());
        gl.pixelStorei(gl.UNPACK_PREMULTIPLY_ALPHA_WEBGL, false);
        gl.pixelStorei(gl.UNPACK_COLORSPACE_CONVERSION_WEBGL, gl.NONE);
        gl.texImage2D(gl.TEXTURE_2D, 0, gl.RGBA, gl.RGBA, gl.UNSIGNED_BYTE, bitmap);
        gl.bindFramebuffer(gl.FRAMEBUFFER, gl.createFramebuffer());
        gl.framebufferTexture2D(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT0, gl.TEXTURE_2D, gl.getParameter(gl.TEXTURE_BINDING_2D), 0);
        px = new Uint8Array(bitmap.width * bitmap.height * 4);
        // Framebuffer row 0 is the texture's first row, the image's top row: no flip needed.
        gl.readPixels(0, 0, bitmap.width, bitmap.height, gl.RGBA, gl.UNSIGNED_BYTE, px);
      }
      let text = '';
      for (let i = 0; i < px.length; i += 0x8000) text += String.fromCharCode(...px.subarray(i, i + 0x8000));
      return btoa(text);
    },
    { b64: png.toString('base64'), via },
  );
  return new Uint8Array(Buffer.from(base64, 'base64'));
}

/** The PNG's IHDR colour type and bit depth, to say what a file from Chromium is. */
const formatOf = (png: Buffer) => `${png[24]}-bit type ${png[25]}${png[28] ? ' interlaced' : ''}`;

describe('decodePNG agrees with Chromium pixel for pixel', () => {
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    browser = await launchChromium();
    page = await browser.newPage();
  }, 60_000);
  afterAll(() => browser?.close());

  it('on a page screenshot Chromium wrote, read back with getImageData', async () => {
    await page.setContent(`<body style="margin:0;background:linear-gradient(135deg,#f00,#0f8 40%,#00f)">
      <p style="font:bold 15px sans-serif;color:#222;margin:8px">Pricing — Pro €19/mo</p>
      <div style="width:120px;height:40px;margin:6px;border-radius:12px;background:rgba(255,255,255,.55);box-shadow:0 3px 9px #0008"></div>
      <svg width="150" height="40"><circle cx="20" cy="20" r="17" fill="orange"/><path d="M40 35 L140 5" stroke="navy" stroke-width="3"/></svg></body>`);
    const shot = await page.screenshot({ clip: { x: 0, y: 0, width: 181, height: 137 } });
    const ours = decodePNG(shot);
    expect([ours.width, ours.height]).toEqual([181, 137]);
    expect(firstDifference(ours.rgba, await chromiumDecode(page, shot, 'canvas'), 181), formatOf(shot)).toBeNull();
  });

  it('on a translucent canvas Chromium exported as 8-bit RGBA, read back without premultiplication', async () => {
    const b64 = await page.evaluate(() => {
      const canvas = document.createElement('canvas');
      [canvas.width, canvas.height] = [97, 61];
      const ctx = canvas.getContext('2d')!;
      const g = ctx.createRadialGradient(40, 30, 2, 40, 30, 45);
      g.addColorStop(0, 'rgba(255, 220, 0, 1)');
      g.addColorStop(0.5, 'rgba(230, 20, 90, 0.5)');
      g.addColorStop(1, 'rgba(0, 40, 255, 0)');
      ctx.fillStyle = g;
      ctx.fillRect(0, 0, 97, 61);
      ctx.fillStyle = 'rgba(10, 200, 120, 0.3)';
      ctx.fillRect(50, 5, 40, 50);
      return canvas.toDataURL('image/png').split(',')[1];
    });
    const png = Buffer.from(b64, 'base64');
    expect(formatOf(png)).toBe('8-bit type 6');
    const ours = decodePNG(png);
    const alphas = new Set(ours.rgba.filter((_, i) => i % 4 === 3));
    expect(alphas.size).toBeGreaterThan(100);
    expect(firstDifference(ours.rgba, await chromiumDecode(page, png, 'webgl'), 97)).toBeNull();
  });

  it('on the README dashboard picture (docs/dashboard.png)', async () => {
    const png = readFileSync(join(ROOT, 'docs/dashboard.png'));
    const ours = decodePNG(png);
    expect(firstDifference(ours.rgba, await chromiumDecode(page, png, 'canvas'), ours.width), formatOf(png)).toBeNull();
  });

  // Chromium reduces 16-bit samples by keeping the high byte (v >> 8), not by rounding, so the
  // 16-bit formats are held to the formula above instead.
  const eightBitOutput = cases.filter((c) => c.depth <= 8).map((c) => [c.title, c] as const);
  it.each(eightBitOutput)('on the reference encoder: %s', async (_, { type, depth, trns, interlaced }) => {
    const { img } = makeCase(type, depth, trns, 45, 23, interlaced, 77 + type * depth);
    const png = encodeReferencePNG(img);
    expect(firstDifference(decodePNG(png).rgba, await chromiumDecode(page, png, 'webgl'), 45)).toBeNull();
  });
});
