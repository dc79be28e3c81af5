// Kernel density estimation: the public entry of the density kernels. Binning (bin2d.ts),
// spread statistics (moments.ts) and smoothing (smooth2d.ts) are separate calls so the worker
// can cache each stage: a new bandwidth re-smooths the cached bins, appended points are binned
// onto them, and moments are gathered only for automatic bandwidths. Binning and both smoothing
// passes take ranges, so several threads sharing the memory can split them.
export { binPoints, STATS_SLOTS } from './bin2d';
export { pointMoments, MOMENT_SLOTS } from './moments';
export { countBands, scatterBands, binBands } from './partition';
export {
  smooth, smoothScratchBytes, smoothAlongY, smoothAlongX, stripsAlongY, stripsAlongX,
  transposedBytes, stripScratchBytes, addGrid,
} from './smooth2d';
export { dericheCoefficients, filterSigma } from './deriche';
