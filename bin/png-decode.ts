/**
 * A PNG decoder for screenshots under `heatlens render` (and the tests reading our own output).
 * It reads every image format of the PNG specification (3rd edition): greyscale at 1, 2, 4, 8
 * and 16 bits, RGB and RGBA at 8 and 16, palette at 1, 2, 4 and 8 with tRNS alpha, grey +
 * alpha at 8 and 16, the tRNS colour of greyscale and RGB images, and Adam7 interlacing —
 * screenshots come palette-quantised from optimisers, 16-bit from some capture tools, and
 * interlaced from some editors. The result is always 8-bit RGBA.
 *
 * This file reads the chunks (CRCs checked) and the header; bin/png-unfilter.ts undoes the
 * filters and interlacing, bin/png-samples.ts turns samples into RGBA. A file it cannot read
 * faithfully is refused with a PngError naming what is wrong: a wrong picture under a map is
 * worse than a clear error. Ancillary chunks (text, gamma, colour profiles) are skipped: the
 * samples are taken as sRGB, the space the map's colours are in. A screenshot tagged with
 * another profile (macOS tags its own with the display's, often Display P3) therefore comes
 * out slightly less saturated than a colour-managed browser shows it.
 */
import { constants, inflateSync } from 'node:zlib';
import { crc32 } from './png.js';
import { PngError } from './png-error.js';
import { passToRGBA, type PixelFormat } from './png-samples.js';
import { passBytes, passes, rowBytes, unfilter } from './png-unfilter.js';

export { PngError };

export interface DecodedPNG {
  width: number;
  height: number;
  /** width × height × 4 bytes, row 0 at the top, not premultiplied. */
  rgba: Uint8Array;
}

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Per colour type: its name, samples per pixel and allowed bit depths (spec §11.2.1, Table 11). */
const COLOUR_TYPES: Record<number, { name: string; channels: number; depths: readonly number[] }> = {
  0: { name: 'greyscale', channels: 1, depths: [1, 2, 4, 8, 16] },
  2: { name: 'RGB', channels: 3, depths: [8, 16] },
  3: { name: 'palette', channels: 1, depths: [1, 2, 4, 8] },
  4: { name: 'grey+alpha', channels: 2, depths: [8, 16] },
  6: { name: 'RGBA', channels: 4, depths: [8, 16] },
};

/** 2²⁸ pixels (a 1 GiB RGBA result): beyond any screenshot, and refused before allocating it. */
const MAX_PIXELS = 2 ** 28;

interface Header {
  width: number;
  height: number;
  depth: number;
  colourType: number;
  interlaced: boolean;
}

function readHeader(data: Buffer): Header {
  if (data.length !== 13) throw new PngError(`IHDR chunk has ${data.length} bytes, not 13`);
  const width = data.readUInt32BE(0);
  const height = data.readUInt32BE(4);
  const [depth, colourType, compression, filter, interlace] = data.subarray(8, 13);
  const type = COLOUR_TYPES[colourType];
  if (!type) throw new PngError(`unknown colour type ${colourType}`);
  if (!type.depths.includes(depth)) {
    throw new PngError(`bit depth ${depth} is not allowed for ${type.name} images (colour type ${colourType}: ${type.depths.join(', ')})`);
  }
  if (compression !== 0) throw new PngError(`unknown compression method ${compression}`);
  if (filter !== 0) throw new PngError(`unknown filter method ${filter}`);
  if (interlace > 1) throw new PngError(`unknown interlace method ${interlace}`);
  // PNG sizes are 31-bit (spec §11.2.1).
  if (width === 0 || height === 0 || width > 0x7fffffff || height > 0x7fffffff) throw new PngError(`bad image size ${width}×${height}`);
  if (width * height > MAX_PIXELS) throw new PngError(`image ${width}×${height} is too large (more than ${MAX_PIXELS} pixels)`);
  return { width, height, depth, colourType, interlaced: interlace === 1 };
}

/** PLTE's entries as RGBA, opaque until a tRNS chunk says otherwise. */
function readPalette(data: Buffer): Uint8Array {
  const entries = data.length / 3;
  if (!Number.isInteger(entries) || entries < 1 || entries > 256) throw new PngError(`PLTE chunk of ${data.length} bytes is not 1 to 256 RGB entries`);
  const palette = new Uint8Array(entries * 4).fill(255);
  for (let k = 0; k < entries; k++) palette.set(data.subarray(k * 3, k * 3 + 3), k * 4);
  return palette;
}

/** tRNS: alpha per palette entry (type 3), or the one transparent colour (types 0 and 2). */
function applyTransparency(data: Buffer, h: Header, format: PixelFormat): void {
  if (h.colourType === 3) {
    if (!format.palette) throw new PngError('tRNS chunk before the PLTE chunk');
    const entries = format.palette.length / 4;
    if (data.length > entries) throw new PngError(`tRNS chunk has ${data.length} alpha values for a ${entries}-entry palette`);
    for (let k = 0; k < data.length; k++) format.palette[k * 4 + 3] = data[k];
  } else if (h.colourType === 0 || h.colourType === 2) {
    const samples = h.colourType === 0 ? 1 : 3;
    if (data.length !== samples * 2) throw new PngError(`tRNS chunk of a ${COLOUR_TYPES[h.colourType].name} image must have ${samples * 2} bytes, has ${data.length}`);
    format.transparent = Array.from({ length: samples }, (_, i) => data.readUInt16BE(i * 2));
  }
  // Types 4 and 6 carry alpha in every pixel; the spec forbids tRNS there, and like libpng we
  // ignore one rather than refuse a readable image.
}

/** Decodes a PNG file's bytes to RGBA; throws PngError for anything it cannot read faithfully. */
export function decodePNG(png: Uint8Array): DecodedPNG {
  const bytes = Buffer.from(png.buffer, png.byteOffset, png.byteLength);
  if (bytes.length < 8 || SIGNATURE.some((v, i) => bytes[i] !== v)) throw new PngError('not a PNG file (bad signature)');
  let header: Header | undefined;
  let format: PixelFormat | undefined;
  const idat: Buffer[] = [];
  // Anything after IEND is ignored, as browsers do: some tools append data to images. A file
  // that ends without IEND is read too (browsers draw it); missing image data is caught below.
  for (let p = 8, ended = false; !ended && p < bytes.length; ) {
    if (p + 12 > bytes.length) throw new PngError('truncated chunk');
    const len = bytes.readUInt32BE(p);
    const type = bytes.toString('latin1', p + 4, p + 8);
    if (p + 12 + len > bytes.length) throw new PngError(`truncated ${type} chunk`);
    const data = bytes.subarray(p + 8, p + 8 + len);
    if (crc32(bytes.subarray(p + 4, p + 8 + len)) !== bytes.readUInt32BE(p + 8 + len)) throw new PngError(`bad CRC in ${type} chunk`);
    p += 12 + len;
    if (!header || !format) {
      if (type !== 'IHDR') throw new PngError(`the first chunk is ${type}, not IHDR`);
      header = readHeader(data);
      const { colourType, depth } = header;
      format = { colourType, depth, channels: COLOUR_TYPES[colourType].channels };
      continue;
    }
    if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') ended = true;
    else if (type === 'PLTE') {
      if (idat.length > 0) throw new PngError('PLTE chunk after the image data');
      if (format.palette) throw new PngError('more than one PLTE chunk');
      // Greyscale images must not have one and RGB ones may suggest one: only type 3 uses it.
      if (header.colourType === 3) format.palette = readPalette(data);
    } else if (type === 'tRNS') {
      if (idat.length > 0) throw new PngError('tRNS chunk after the image data');
      applyTransparency(data, header, format);
    } else if (type === 'IHDR') throw new PngError('more than one IHDR chunk');
    // A critical chunk (first letter upper case) that we do not know changes how the image
    // reads (Apple's CgBI, for one, byte-swaps pixels): the spec says refuse it (§5.4).
    else if (/^[A-Z]/.test(type)) throw new PngError(`unknown critical chunk ${type}`);
  }
  if (!header || !format) throw new PngError('no IHDR chunk');
  if (header.colourType === 3 && !format.palette) throw new PngError('palette image (colour type 3) without a PLTE chunk');
  if (idat.length === 0) throw new PngError('no image data (IDAT)');
  return decodePixels(header, format, idat);
}

/** Bytes past the image's own that a stream may inflate to before it counts as hostile. */
const INFLATE_SLACK = 1 << 20;

function decodePixels(h: Header, format: PixelFormat, idat: Buffer[]): DecodedPNG {
  const { width, height, depth, interlaced } = h;
  const bitsPerPixel = format.channels * depth;
  const list = passes(width, height, interlaced);
  const needed = list.reduce((n, pass) => n + passBytes(pass, bitsPerPixel), 0);
  let raw: Buffer;
  try {
    // A sync flush returns what a cut-off stream holds instead of throwing "unexpected end of
    // file", so that a truncated file is reported as such below, with its numbers.
    // The cap keeps a hostile file (a few KB that inflate to gigabytes) from taking the memory:
    // what a valid image holds, plus room for the trailing bytes some encoders leave.
    raw = inflateSync(Buffer.concat(idat), { finishFlush: constants.Z_SYNC_FLUSH, maxOutputLength: needed + INFLATE_SLACK });
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new PngError(`image data inflates past the ${needed} bytes a ${width}×${height} image needs (more than ${INFLATE_SLACK} bytes too many)`);
    }
    throw new PngError(`corrupt image data: ${(err as Error).message}`);
  }
  const kind = `${width}×${height} ${depth}-bit ${COLOUR_TYPES[h.colourType].name}${interlaced ? ' interlaced' : ''}`;
  if (raw.length < needed) throw new PngError(`image data truncated: ${raw.length} bytes where a ${kind} image needs ${needed}`);
  // Filters work on whole bytes: a pixel narrower than a byte compares with the byte before.
  const bpp = Math.max(1, bitsPerPixel >> 3);
  if (!interlaced && h.colourType === 6 && depth === 8) {
    // The common screenshot: the unfiltered rows are already the result.
    return { width, height, rgba: unfilter(raw, 0, width * 4, height, bpp) };
  }
  const rgba = new Uint8Array(width * height * 4);
  let offset = 0;
  list.forEach((pass, n) => {
    if (pass.width === 0 || pass.height === 0) return;
    const stride = rowBytes(pass.width, bitsPerPixel);
    const rows = unfilter(raw, offset, stride, pass.height, bpp, interlaced ? ` of pass ${n + 1}` : '');
    passToRGBA(rows, stride, pass, format, rgba, width);
    offset += passBytes(pass, bitsPerPixel);
  });
  return { width, height, rgba };
}
