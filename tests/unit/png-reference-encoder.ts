// An independent PNG encoder for the decoder's tests, written from the specification (3rd
// edition) and sharing no code with bin/: any colour type and bit depth, the five filters
// chosen row by row, Adam7 by the spec's 8×8 pass pattern (not by start/step tables), the
// data stream split over several IDAT chunks, ancillary chunks the decoder must skip.
import { deflateSync } from 'node:zlib';

export interface RawImage {
  width: number;
  height: number;
  colourType: number;
  depth: number;
  /** width × height × channels samples at full bit depth, row-major. */
  samples: number[];
  /** Type 3: [r, g, b] per entry. */
  palette?: Array<[number, number, number]>;
  /** The tRNS chunk's bytes, as the spec lays them out for the colour type. */
  trns?: number[];
  interlaced?: boolean;
  /** Added to the row counter that picks each row's filter type (row n gets (n + shift) mod 5). */
  filterShift?: number;
}

export const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

/** CRC-32 bit by bit (polynomial 0xEDB88320, reflected), no table: a second implementation. */
export function crc(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return (c ^ 0xffffffff) >>> 0;
}

export function pngChunk(type: string, data: Uint8Array | number[]): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), Buffer.from(data)]);
  const out = Buffer.alloc(body.length + 8);
  out.writeUInt32BE(body.length - 4, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc(body), body.length + 4);
  return out;
}

export const PNG_SIGNATURE = Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]);

/** The spec's Adam7 figure: the pass (1–7) of each pixel, repeated every 8 pixels each way. */
const ADAM7_PATTERN = [
  [1, 6, 4, 6, 2, 6, 4, 6],
  [7, 7, 7, 7, 7, 7, 7, 7],
  [5, 6, 5, 6, 5, 6, 5, 6],
  [7, 7, 7, 7, 7, 7, 7, 7],
  [3, 6, 4, 6, 3, 6, 4, 6],
  [7, 7, 7, 7, 7, 7, 7, 7],
  [5, 6, 5, 6, 5, 6, 5, 6],
  [7, 7, 7, 7, 7, 7, 7, 7],
];

/** The reduced images of an image as lists of rows of pixel indices; one image if not interlaced. */
function reducedImages(width: number, height: number, interlaced: boolean): number[][][] {
  const all = Array.from({ length: height }, (_, y) => Array.from({ length: width }, (_, x) => y * width + x));
  if (!interlaced) return [all];
  return [1, 2, 3, 4, 5, 6, 7].map((pass) =>
    all.map((row, y) => row.filter((_, x) => ADAM7_PATTERN[y % 8][x % 8] === pass)).filter((row) => row.length > 0),
  );
}

/** One row's samples packed MSB first at `depth` bits, 16-bit big-endian, the last byte zero-padded. */
function packRow(values: number[], depth: number): number[] {
  const bytes: number[] = [];
  if (depth === 16) {
    for (const v of values) bytes.push(v >> 8, v & 0xff);
    return bytes;
  }
  let bits = '';
  for (const v of values) bits += v.toString(2).padStart(depth, '0');
  bits = bits.padEnd(Math.ceil(bits.length / 8) * 8, '0');
  for (let i = 0; i < bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
  return bytes;
}

/** The filtered bytes of one row (spec §9.2), `prior` the unfiltered row above (zeros for the first). */
function filterRow(type: number, row: number[], prior: number[], bpp: number): number[] {
  return row.map((x, i) => {
    const a = i >= bpp ? row[i - bpp] : 0;
    const b = prior[i];
    const c = i >= bpp ? prior[i - bpp] : 0;
    const p = a + b - c;
    const [pa, pb, pc] = [Math.abs(p - a), Math.abs(p - b), Math.abs(p - c)];
    const paeth = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    const predictor = [0, a, b, Math.floor((a + b) / 2), paeth][type];
    return (x - predictor + 256) % 256;
  });
}

/** The decompressed data stream: every reduced image's rows, each with its filter byte. */
export function imageStream(img: RawImage): Buffer {
  const channels = CHANNELS[img.colourType];
  const bpp = Math.max(1, Math.ceil((channels * img.depth) / 8));
  const out: number[] = [];
  let rowCount = img.filterShift ?? 0;
  for (const rows of reducedImages(img.width, img.height, img.interlaced ?? false)) {
    let prior: number[] | undefined;
    for (const pixels of rows) {
      const row = packRow(pixels.flatMap((i) => img.samples.slice(i * channels, (i + 1) * channels)), img.depth);
      const type = rowCount++ % 5;
      out.push(type, ...filterRow(type, row, prior ?? row.map(() => 0), bpp));
      prior = row;
    }
  }
  return Buffer.from(out);
}

/** A whole PNG file; `stream` replaces the image's own data stream (to write broken files). */
export function encodeReferencePNG(img: RawImage, stream = imageStream(img)): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(img.width, 0);
  ihdr.writeUInt32BE(img.height, 4);
  ihdr.set([img.depth, img.colourType, 0, 0, img.interlaced ? 1 : 0], 8);
  const zlib = deflateSync(stream);
  // Three IDAT chunks of uneven sizes: a decoder must concatenate them before inflating.
  const cuts = [0, Math.floor(zlib.length / 3), Math.floor((zlib.length * 4) / 5), zlib.length];
  const idats = cuts.slice(1).map((end, i) => pngChunk('IDAT', zlib.subarray(cuts[i], end)));
  return Buffer.concat([
    PNG_SIGNATURE,
    pngChunk('IHDR', ihdr),
    pngChunk('tEXt', Buffer.from('Software\0heatlens tests', 'latin1')),
    ...(img.palette ? [pngChunk('PLTE', img.palette.flat())] : []),
    ...(img.trns ? [pngChunk('tRNS', img.trns)] : []),
    ...idats,
    pngChunk('tIME', [0x07, 0xea, 11, 25, 6, 0, 0]),
    pngChunk('IEND', []),
  ]);
}
