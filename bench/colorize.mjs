// A plain CPU colorizer for the end-to-end scenario: density grid → RGBA pixels with a
// viridis-like ramp and a linear scale. It stands in for the GPU colour stage of <click-map>,
// so heatlens' end-to-end number here is pessimistic: the real element colours on the GPU.

// Viridis control points (matplotlib's `_viridis_data` at 0, 1/8, …, 1).
const STOPS = [
  [68, 1, 84],
  [71, 44, 122],
  [59, 81, 139],
  [44, 113, 142],
  [33, 144, 141],
  [39, 173, 129],
  [92, 200, 99],
  [170, 220, 50],
  [253, 231, 37],
];

/**
 * 256 RGBA entries packed little-endian (as a 32-bit view of ImageData.data sees them). Int32,
 * not Uint32: opaque colours exceed 2³¹, and every JIT tier keeps int32 unboxed while some
 * would box such uint32 values per pixel.
 */
export function viridisLut() {
  const lut = new Int32Array(256);
  for (let i = 0; i < 256; i++) {
    const t = (i / 255) * (STOPS.length - 1);
    const k = Math.min(STOPS.length - 2, Math.floor(t));
    const f = t - k;
    const [r0, g0, b0] = STOPS[k];
    const [r1, g1, b1] = STOPS[k + 1];
    const r = Math.round(r0 + (r1 - r0) * f);
    const g = Math.round(g0 + (g1 - g0) * f);
    const b = Math.round(b0 + (b1 - b0) * f);
    // Empty cells stay transparent; opacity ramps up over the lowest quarter of the scale.
    const a = i === 0 ? 0 : Math.min(220, Math.round(40 + i * 3));
    lut[i] = (a << 24) | (b << 16) | (g << 8) | r;
  }
  return lut;
}

/**
 * Writes `values` (row-major, row 0 at the top, `width` × `height`) into `image` (an ImageData
 * of the same size) through `lut`, scaling 0..max linearly onto the 256 entries.
 *
 * Row by row through a small function: one call per frame over 5 M pixels would depend on
 * on-stack replacement to leave the interpreter, which makes single frames swing by 10×
 * whenever the JIT reconsiders; thousands of short calls tier up predictably.
 */
export function colorize(values, max, image, lut) {
  const { width, height } = image;
  const out = new Int32Array(image.data.buffer, image.data.byteOffset, width * height);
  const scale = max > 0 ? 255 / max : 0;
  for (let row = 0, start = 0; row < height; row++, start += width) {
    colorizeRow(values, out, start, start + width, scale, lut);
  }
  return image;
}

function colorizeRow(values, out, start, end, scale, lut) {
  for (let i = start; i < end; i++) {
    const t = values[i] * scale;
    out[i] = lut[t >= 255 ? 255 : t > 0 ? t | 0 : 0];
  }
}
