/**
 * The picture of `heatlens render`: a grid of densities sampled at every page pixel the way the
 * elements' GPU stage samples its texture (bilinear between cell centres, clamped at the edges),
 * coloured by the elements' own CPU colour stage (components/gl/cpu-colour.ts), and composited
 * over a screenshot scaled to the page width.
 */
import { colourGrid } from '../components/gl/cpu-colour.js';
import type { ScaleName } from '../components/gl/colour-scale.js';
import type { Extent } from '../worker/api.js';
import type { DecodedPNG } from './png-decode.js';

export interface PageGrid {
  values: Float32Array;
  width: number;
  height: number;
  extent: Extent;
}

/** Grid value at page point (x, y): the bilinear filter of a texture whose texels sit at cell centres. */
function resampleToPage(grid: PageGrid, pageWidth: number, pageHeight: number): Float32Array {
  const [x0, y0, x1, y1] = grid.extent;
  const cw = (x1 - x0) / grid.width;
  const ch = (y1 - y0) / grid.height;
  // Per-column indices and weights are the same on every row: computed once.
  const i0 = new Int32Array(pageWidth);
  const i1 = new Int32Array(pageWidth);
  const fx = new Float32Array(pageWidth);
  for (let px = 0; px < pageWidth; px++) {
    const u = Math.min(grid.width - 1, Math.max(0, (px + 0.5 - x0) / cw - 0.5));
    i0[px] = Math.floor(u);
    i1[px] = Math.min(grid.width - 1, i0[px] + 1);
    fx[px] = u - i0[px];
  }
  const out = new Float32Array(pageWidth * pageHeight);
  const v = grid.values;
  for (let py = 0; py < pageHeight; py++) {
    const t = Math.min(grid.height - 1, Math.max(0, (py + 0.5 - y0) / ch - 0.5));
    const j0 = Math.floor(t);
    const r0 = j0 * grid.width;
    const r1 = Math.min(grid.height - 1, j0 + 1) * grid.width;
    const fy = t - j0;
    const row = py * pageWidth;
    for (let px = 0; px < pageWidth; px++) {
      const a = v[r0 + i0[px]] + (v[r0 + i1[px]] - v[r0 + i0[px]]) * fx[px];
      const b = v[r1 + i0[px]] + (v[r1 + i1[px]] - v[r1 + i0[px]]) * fx[px];
      out[row + px] = a + (b - a) * fy;
    }
  }
  return out;
}

export interface ColourOptions {
  lut: Uint8Array;
  /** Absolute colour max (already resolved from a percentile where one was asked for). */
  max: number;
  opacity: number;
  scale: ScaleName;
}

/** The map as the elements draw it, pageWidth × pageHeight RGBA, not premultiplied. */
export function colourPage(grid: PageGrid, pageWidth: number, pageHeight: number, o: ColourOptions): Uint8Array {
  const values = resampleToPage(grid, pageWidth, pageHeight);
  const out = new Uint8ClampedArray(pageWidth * pageHeight * 4);
  colourGrid(values, pageWidth, pageHeight, o.lut, o.max, o.opacity, o.scale, out);
  return new Uint8Array(out.buffer);
}

/**
 * The screenshot resized to `width` px wide, its aspect kept (bilinear, per channel on
 * alpha-weighted colour so transparent pixels do not bleed); unchanged when already that wide.
 */
export function scaleToWidth(image: DecodedPNG, width: number): DecodedPNG {
  if (image.width === width) return image;
  const height = Math.max(1, Math.round((image.height * width) / image.width));
  const sx = image.width / width;
  const sy = image.height / height;
  const src = image.rgba;
  const out = new Uint8Array(width * height * 4);
  const at = (x: number, y: number) => (y * image.width + x) * 4;
  for (let y = 0; y < height; y++) {
    const v = Math.min(image.height - 1, Math.max(0, (y + 0.5) * sy - 0.5));
    const y0 = Math.floor(v);
    const y1 = Math.min(image.height - 1, y0 + 1);
    const fy = v - y0;
    for (let x = 0; x < width; x++) {
      const u = Math.min(image.width - 1, Math.max(0, (x + 0.5) * sx - 0.5));
      const x0 = Math.floor(u);
      const x1 = Math.min(image.width - 1, x0 + 1);
      const fx = u - x0;
      const corners = [at(x0, y0), at(x1, y0), at(x0, y1), at(x1, y1)];
      const weights = [(1 - fx) * (1 - fy), fx * (1 - fy), (1 - fx) * fy, fx * fy];
      let a = 0;
      const c = [0, 0, 0];
      for (let k = 0; k < 4; k++) {
        const wa = weights[k] * src[corners[k] + 3];
        a += wa;
        for (let ch = 0; ch < 3; ch++) c[ch] += wa * src[corners[k] + ch];
      }
      const o = (y * width + x) * 4;
      for (let ch = 0; ch < 3; ch++) out[o + ch] = a > 0 ? Math.round(c[ch] / a) : 0;
      out[o + 3] = Math.round(a);
    }
  }
  return { width, height, rgba: out };
}

/**
 * `map` (pageWidth × pageHeight) over `under` (same width; rows beyond its height have nothing
 * under them), Porter–Duff "over" on straight alpha. Where the map is transparent the
 * screenshot's pixel comes through unchanged.
 */
export function compositeOver(map: Uint8Array, under: DecodedPNG, pageWidth: number, pageHeight: number): Uint8Array {
  const out = new Uint8Array(map.length);
  const rows = Math.min(pageHeight, under.height);
  out.set(map.subarray(rows * pageWidth * 4), rows * pageWidth * 4);
  for (let i = 0; i < rows * pageWidth * 4; i += 4) {
    const a = map[i + 3] / 255;
    const b = under.rgba[i + 3] / 255;
    if (a === 0) {
      out.set(under.rgba.subarray(i, i + 4), i);
      continue;
    }
    const alpha = a + b * (1 - a);
    for (let ch = 0; ch < 3; ch++) out[i + ch] = Math.round((map[i + ch] * a + under.rgba[i + ch] * b * (1 - a)) / alpha);
    out[i + 3] = Math.round(alpha * 255);
  }
  return out;
}
