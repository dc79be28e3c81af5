/**
 * Density grid → RGBA pixels with a colormap lookup table: the CPU counterpart of the
 * components' GPU colour stage, used for PNG output. DOM-free.
 */

export interface ColorizeOptions {
  /**
   * Fraction of `max` below which a cell is fully transparent. Default 1/255: anything that
   * would land in the lowest colormap step is noise on top of a page, not signal.
   */
  cutoff?: number;
  /**
   * Fraction of `max` at which alpha reaches 1. Between `cutoff` and `ramp` alpha rises
   * linearly, so the map's faint tail fades into the page instead of ending in a hard edge.
   */
  ramp?: number;
}

/**
 * Maps `values` linearly from [0, max] onto the 256-entry `lut` (256 × [r, g, b]) and returns
 * RGBA bytes in the same cell order. Cells that are zero, negligible, negative or non-finite get
 * alpha 0; a `max` that is not a positive finite number yields a fully transparent image.
 */
export function colorize(
  values: Float32Array,
  max: number,
  lut: Uint8Array,
  options: ColorizeOptions = {},
): Uint8Array {
  if (lut.length !== 256 * 3) throw new RangeError(`colormap LUT must have 768 bytes, got ${lut.length}`);
  const out = new Uint8Array(values.length * 4);
  if (!(max > 0) || !Number.isFinite(max)) return out;

  const cutoff = options.cutoff ?? 1 / 255;
  const ramp = Math.max(options.ramp ?? 0.25, cutoff);
  const inv = 1 / max;
  const alphaScale = ramp > cutoff ? 255 / (ramp - cutoff) : Infinity;

  for (let i = 0; i < values.length; i++) {
    const t = values[i] * inv;
    // `!(t >= cutoff)` also catches NaN.
    if (!(t >= cutoff)) continue;
    const k = t >= 1 ? 255 : Math.round(t * 255);
    const o = i * 4;
    out[o] = lut[k * 3];
    out[o + 1] = lut[k * 3 + 1];
    out[o + 2] = lut[k * 3 + 2];
    out[o + 3] = t >= ramp ? 255 : Math.min(255, Math.round((t - cutoff) * alphaScale));
  }
  return out;
}
