// Kernel density estimation: the public entry of the density kernels. Binning (bin2d.ts) and
// smoothing (deriche.ts) are separate calls so the worker can cache each stage: a new
// bandwidth re-smooths the cached bins, appended points are binned onto them.
export { binPoints, STATS_SLOTS } from './bin2d';
export { smooth, smoothScratchBytes, dericheCoefficients, filterSigma } from './deriche';
