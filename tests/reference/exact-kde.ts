/**
 * The exact, slow density that the engine approximates (DESIGN.md, "Density"):
 *   f(c) = Σ wᵢ · exp(−|c − pᵢ|² / 2σ²) / (2πσ²)   at cell centres x0 + (i + ½)·(x1 − x0)/W,
 * in float64, written independently of the kernels. Points outside the extent or with
 * non-finite values are skipped, as the engine drops them.
 */
export interface ExactInput {
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  w?: ArrayLike<number>;
  extent: [number, number, number, number];
  width: number;
  height: number;
  sigma: number | [number, number];
}

export function exactDensity({ x, y, w, extent, width, height, sigma }: ExactInput): Float64Array {
  const [x0, y0, x1, y1] = extent;
  const [sx, sy] = typeof sigma === 'number' ? [sigma, sigma] : sigma;
  const dx = (x1 - x0) / width;
  const dy = (y1 - y0) / height;
  const norm = 1 / (2 * Math.PI * sx * sy);
  const out = new Float64Array(width * height);
  // Separable: exp(−(a² / 2sx² + b² / 2sy²)) = exp(−a²/2sx²)·exp(−b²/2sy²), truncated at 12σ
  // where the terms are below 1e−31 of the peak.
  const gx = new Float64Array(width);
  const gy = new Float64Array(height);
  for (let k = 0; k < x.length; k++) {
    const px = x[k];
    const py = y[k];
    const pw = w ? w[k] : 1;
    if (!(px >= x0 && px <= x1 && py >= y0 && py <= y1 && pw >= 0 && Number.isFinite(pw))) continue;
    for (let i = 0; i < width; i++) {
      const a = x0 + (i + 0.5) * dx - px;
      gx[i] = Math.abs(a) > 12 * sx ? 0 : Math.exp((-a * a) / (2 * sx * sx));
    }
    for (let j = 0; j < height; j++) {
      const b = y0 + (j + 0.5) * dy - py;
      gy[j] = Math.abs(b) > 12 * sy ? 0 : Math.exp((-b * b) / (2 * sy * sy));
    }
    for (let j = 0; j < height; j++) {
      const g = gy[j] * pw * norm;
      if (g === 0) continue;
      const row = j * width;
      for (let i = 0; i < width; i++) out[row + i] += g * gx[i];
    }
  }
  return out;
}

/** Max |approx − exact| divided by the exact peak. */
export function maxErrorRelativeToPeak(approx: ArrayLike<number>, exact: Float64Array): number {
  let peak = 0;
  let worst = 0;
  for (let i = 0; i < exact.length; i++) {
    peak = Math.max(peak, exact[i]);
    worst = Math.max(worst, Math.abs(approx[i] - exact[i]));
  }
  return worst / peak;
}

/** The exact density at chosen cells only (index = row · width + column), for grids too large to sum whole. */
export function exactDensityAt(input: ExactInput, cells: readonly number[]): Float64Array {
  const { x, y, w, extent, width, height, sigma } = input;
  const [x0, y0, x1, y1] = extent;
  const [sx, sy] = typeof sigma === 'number' ? [sigma, sigma] : sigma;
  const dx = (x1 - x0) / width;
  const dy = (y1 - y0) / height;
  const norm = 1 / (2 * Math.PI * sx * sy);
  const out = new Float64Array(cells.length);
  cells.forEach((cell, k) => {
    const cx = x0 + ((cell % width) + 0.5) * dx;
    const cy = y0 + (Math.floor(cell / width) + 0.5) * dy;
    let sum = 0;
    for (let i = 0; i < x.length; i++) {
      const pw = w ? w[i] : 1;
      if (!(x[i] >= x0 && x[i] <= x1 && y[i] >= y0 && y[i] <= y1 && pw >= 0 && Number.isFinite(pw))) continue;
      const a = (cx - x[i]) / sx;
      const b = (cy - y[i]) / sy;
      const e = a * a + b * b;
      if (e < 200) sum += pw * Math.exp(-0.5 * e);
    }
    out[k] = sum * norm;
  });
  return out;
}
