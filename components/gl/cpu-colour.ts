/**
 * The colour stage on the CPU, for canvases without WebGL: the grid is coloured at its own
 * resolution into an ImageData (the same mapping as shaders.ts) and drawn scaled with
 * smoothing, which gives the bilinear look of the GPU path.
 */
import { ALPHA_RAMP, applyScale, type ScaleName } from './colour-scale.js';

export function colourGrid(
  values: Float32Array,
  width: number,
  height: number,
  lut: Uint8Array,
  maxValue: number,
  opacity: number,
  scale: ScaleName,
  out: Uint8ClampedArray,
): void {
  const inv = maxValue > 0 ? 1 / maxValue : 0;
  for (let i = 0, o = 0; i < width * height; i++, o += 4) {
    const v = values[i];
    if (!(v > 0) || inv === 0) {
      out[o] = out[o + 1] = out[o + 2] = out[o + 3] = 0;
      continue;
    }
    const s = applyScale(scale, v * inv);
    const k = Math.round(s * 255) * 3;
    // ImageData is not premultiplied.
    out[o] = lut[k];
    out[o + 1] = lut[k + 1];
    out[o + 2] = lut[k + 2];
    out[o + 3] = Math.round(255 * opacity * Math.min(1, s * ALPHA_RAMP));
  }
}
