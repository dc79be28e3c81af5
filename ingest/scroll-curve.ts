/**
 * `GET /v1/scroll?mode=curve`: the rules both stores follow, and the survival curve built from
 * their per-visit histograms. The rules are the engine's (`engine.scrollDepth`, README "Scroll
 * depth: what the numbers mean"), so the server's curve and a map drawn from samples agree:
 *
 * - a sample's viewport top is scrollY clamped into [0, max(0, dh − vh)], its bottom
 *   min(top + vh, dh) — in px, or in % of that sample's document height;
 * - a visit's depth is its deepest bottom, a page view counting as its first screen;
 * - bins are half-open from below, (i·bin, (i+1)·bin]: a depth exactly on an edge has not
 *   entered the bin under it, so reach[i] is the share of visits whose depth passed i·bin
 *   (reach[0] = 1);
 * - a visit's fold is its first viewport height (min(vh, dh) / dh in percent), binned alike.
 */
import { QueryError } from './errors.js';

/** Most bins a scroll curve may have. */
export const MAX_CURVE_BINS = 100_000;

/** Unknown document heights stand in as "no bottom": a px-only import still has a depth. */
export const NO_DOCUMENT_HEIGHT = 1e300;

/** Bin index of a depth under the (i·bin, (i+1)·bin] rule, as SQL over `value`. */
export function binIndexSql(value: string, bin: number): string {
  return `greatest(0, ceil(${value} / ${bin}) - 1)`;
}

export interface CurveHistograms {
  /** [bin index, visits] pairs of the visits' depths. */
  depth: Array<[number, number]>;
  /** [bin index, visits] pairs of the visits' folds. */
  fold: Array<[number, number]>;
}

/** Turns per-visit histograms into the survival curve and the fold distribution. */
export function buildCurve(unit: 'px' | 'pct', bin: number, h: CurveHistograms) {
  // Percent curves always run to 100 %; px curves to the deepest visit.
  let bins = unit === 'pct' ? Math.ceil(100 / bin - 1e-9) : 0;
  for (const [b] of [...h.depth, ...h.fold]) if (Number.isFinite(b)) bins = Math.max(bins, b + 1);
  if (bins > MAX_CURVE_BINS) {
    throw new QueryError('too_many_bins', `the curve would have ${bins} bins, more than ${MAX_CURVE_BINS}: use a larger bin`, 'bin');
  }
  const depthHist = new Float64Array(bins);
  const fold: number[] = new Array(bins).fill(0);
  let sessions = 0;
  for (const [b, n] of h.depth) {
    if (!Number.isFinite(b)) continue;
    depthHist[b] += n;
    sessions += n;
  }
  for (const [b, n] of h.fold) if (Number.isFinite(b)) fold[b] += n;
  const reach: number[] = new Array(bins).fill(0);
  let above = 0;
  for (let i = bins - 1; i >= 0; i--) {
    above += depthHist[i];
    reach[i] = sessions > 0 ? above / sessions : 0;
  }
  return { unit, bin, sessions, reach, fold };
}
