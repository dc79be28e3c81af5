/**
 * float32 → IEEE 754 binary16 bits, rounded to nearest, for half-float textures. Values are
 * normalised to [0, 1] before packing (densities in events/px² would mostly be subnormal halves).
 */
const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** mantissa >> 13, rounded to nearest, ties to even. */
function roundShift(mantissa: number): number {
  return (mantissa + 0xfff + ((mantissa >>> 13) & 1)) >>> 13;
}

export function toHalf(value: number): number {
  f32[0] = value;
  const bits = u32[0];
  const sign = (bits >>> 16) & 0x8000;
  const exponent = ((bits >>> 23) & 0xff) - 127 + 15;
  let mantissa = bits & 0x7fffff;
  if (exponent >= 31) return sign | 0x7c00; // overflow (and NaN, which never reaches here) → ∞
  if (exponent <= 0) {
    if (exponent < -10) return sign; // below the smallest subnormal
    // Subnormal: the shift truncates before rounding (a double rounding below 6·10⁻⁵ of the peak).
    mantissa = (mantissa | 0x800000) >>> (1 - exponent);
    return sign | roundShift(mantissa);
  }
  // `+`, not `|`: a rounding carry out of the mantissa correctly bumps the exponent.
  return sign | ((exponent << 10) + roundShift(mantissa));
}

/** Packs values / scale into `out` as halves. */
export function packHalves(values: Float32Array, scale: number, out: Uint16Array): void {
  const k = scale > 0 ? 1 / scale : 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    out[i] = v > 0 ? toHalf(v * k) : 0;
  }
}
