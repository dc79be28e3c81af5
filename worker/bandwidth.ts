/**
 * Bandwidth selection. Explicit σ is taken as given (CSS pixels); 'auto' uses the normal
 * reference rule for a bivariate Gaussian kernel with a diagonal bandwidth, h_j = σ̂_j · n^(−1/6)
 * (D. W. Scott, "Multivariate Density Estimation", 1992, eq. 6.42 with d = 2), where n is the
 * effective sample size (Σw)²/Σw² of the weighted points (Kish 1965). A heatmap reads best with
 * round spots, so both axes get the geometric mean of the two per-axis rules.
 */
import type { Bandwidth } from './api.js';

/** Weighted moments of the kept points, in cells relative to the extent's origin (bin2d.ts). */
export interface BinStats {
  kept: number;
  sumW: number;
  sumWX: number;
  sumWXX: number;
  sumWY: number;
  sumWYY: number;
  sumWW: number;
  dropped: number;
}

export function readStats(slots: Float64Array): BinStats {
  return {
    kept: slots[0],
    sumW: slots[1],
    sumWX: slots[2],
    sumWXX: slots[3],
    sumWY: slots[4],
    sumWYY: slots[5],
    sumWW: slots[6],
    dropped: slots[7],
  };
}

/** Smallest automatic σ, in cells: narrower would just redraw the bins. */
const MIN_AUTO_CELLS = 1;

/** Resolves a bandwidth to σ per axis in cells, given the cell size in px. */
export function resolveBandwidth(bandwidth: Bandwidth | undefined, cellW: number, cellH: number, stats: BinStats): [number, number] {
  if (typeof bandwidth === 'number') return [bandwidth / cellW, bandwidth / cellH];
  if (Array.isArray(bandwidth)) return [bandwidth[0] / cellW, bandwidth[1] / cellH];
  return autoBandwidthCells(stats, cellW, cellH);
}

export function autoBandwidthCells(stats: BinStats, cellW: number, cellH: number): [number, number] {
  if (!(stats.sumW > 0) || !(stats.sumWW > 0)) return [MIN_AUTO_CELLS, MIN_AUTO_CELLS * (cellW / cellH)];
  const meanX = stats.sumWX / stats.sumW;
  const meanY = stats.sumWY / stats.sumW;
  // Moments are in cells; convert to px so the geometric mean is taken in page units.
  const sdX = Math.sqrt(Math.max(stats.sumWXX / stats.sumW - meanX * meanX, 0)) * cellW;
  const sdY = Math.sqrt(Math.max(stats.sumWYY / stats.sumW - meanY * meanY, 0)) * cellH;
  const nEff = (stats.sumW * stats.sumW) / stats.sumWW;
  const factor = Math.pow(nEff, -1 / 6);
  // Points spread along one axis only (a column of buttons) still get that axis's spread.
  const spread = sdX > 0 && sdY > 0 ? Math.sqrt(sdX * sdY) : Math.max(sdX, sdY);
  const sigmaPx = spread * factor;
  const floorPx = MIN_AUTO_CELLS * Math.max(cellW, cellH);
  const sigma = Number.isFinite(sigmaPx) && sigmaPx > floorPx ? sigmaPx : floorPx;
  return [sigma / cellW, sigma / cellH];
}
