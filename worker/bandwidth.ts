/**
 * Bandwidth selection. Explicit σ is taken as given (CSS pixels); 'auto' uses the normal
 * reference rule for a bivariate Gaussian kernel with a diagonal bandwidth, h_j = σ̂_j · n^(−1/6)
 * (D. W. Scott, "Multivariate Density Estimation", 1992, eq. 6.42 with d = 2), where n is the
 * effective sample size (Σw)²/Σw² of the weighted points (Kish 1965). A heatmap reads best with
 * round spots, so both axes get the geometric mean of the two per-axis rules.
 */
/** Weighted moments of the kept points in px relative to the extent's origin (moments.ts). */
export interface PointMoments {
  sumW: number;
  sumWX: number;
  sumWXX: number;
  sumWY: number;
  sumWYY: number;
  sumWW: number;
}

export function readMoments(slots: Float64Array): PointMoments {
  return { sumW: slots[0], sumWX: slots[1], sumWXX: slots[2], sumWY: slots[3], sumWYY: slots[4], sumWW: slots[5] };
}

/** Smallest automatic σ, in cells: narrower would just redraw the bins. */
const MIN_AUTO_CELLS = 1;

/** An explicit bandwidth as σ per axis in cells, given the cell size in px. */
export function explicitBandwidthCells(bandwidth: number | readonly [number, number], cellW: number, cellH: number): [number, number] {
  return typeof bandwidth === 'number' ? [bandwidth / cellW, bandwidth / cellH] : [bandwidth[0] / cellW, bandwidth[1] / cellH];
}

/** The automatic bandwidth as σ per axis in cells. */
export function autoBandwidthCells(m: PointMoments, cellW: number, cellH: number): [number, number] {
  const floorPx = MIN_AUTO_CELLS * Math.max(cellW, cellH);
  if (!(m.sumW > 0) || !(m.sumWW > 0)) return [floorPx / cellW, floorPx / cellH];
  const meanX = m.sumWX / m.sumW;
  const meanY = m.sumWY / m.sumW;
  const sdX = Math.sqrt(Math.max(m.sumWXX / m.sumW - meanX * meanX, 0));
  const sdY = Math.sqrt(Math.max(m.sumWYY / m.sumW - meanY * meanY, 0));
  const nEff = (m.sumW * m.sumW) / m.sumWW;
  const factor = Math.pow(nEff, -1 / 6);
  // Points spread along one axis only (a column of buttons) still get that axis's spread.
  const spread = sdX > 0 && sdY > 0 ? Math.sqrt(sdX * sdY) : Math.max(sdX, sdY);
  const sigmaPx = spread * factor;
  const sigma = Number.isFinite(sigmaPx) && sigmaPx > floorPx ? sigmaPx : floorPx;
  return [sigma / cellW, sigma / cellH];
}
