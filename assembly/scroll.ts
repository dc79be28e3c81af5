// Scroll depth (DESIGN.md "Scroll depth"): per-session scroll samples → a reach curve (the
// share of sessions whose viewport bottom got into each depth bin), the fold of each session,
// and the time each depth band spent inside the viewport. Two passes, both O(samples):
//   groupSessions — validates every sample and groups the valid ones by session (a stable
//                   counting sort into `order`, so any interleaving of sessions is accepted);
//   scrollBins    — walks each session in time order and bins its depths and its time.
// The host turns the counts into shares and means, and takes the fold's quantiles
// (select.ts); everything here works on host-allocated memory and allocates nothing.
//
// Columns: sessions i32 (dense indices from 0; the host maps strings or sparse ids), ts f64
// (ms), ys / vhs / dhs f32 (CSS px: scrollY, viewport height, document height).

/** f64 slots of the statistics block. */
export const SCROLL_STATS_SLOTS: i32 = 7;
const S_DROPPED = 0; // samples dropped: non-finite, negative time, viewport or document ≤ 0, bad session
const S_MAX_DH = 1; // largest document height among valid samples (the default px extent)
const S_SESSIONS = 2; // sessions with at least one valid sample
const S_TIMED = 3; // sessions with at least two valid samples (time in view is measurable)
const S_CLAMPED = 4; // samples whose scrollY lay outside [0, dh − vh] and was clamped into it
const S_REORDERED = 5; // sessions whose samples were not in time order (sorted here)
const S_FOLD_SUM = 6; // Σ folds, for the mean

@inline export function i32At(base: usize, i: i32): i32 { return load<i32>(base + (<usize>i << 2)); }
@inline export function f64At(base: usize, i: i32): f64 { return load<f64>(base + (<usize>i << 3)); }
@inline export function f32At(base: usize, i: i32): f64 { return <f64>load<f32>(base + (<usize>i << 2)); }
@inline export function addF64(base: usize, i: i32, v: f64): void {
  const p = base + (<usize>i << 3);
  store<f64>(p, load<f64>(p) + v);
}

/**
 * Pass 1. Drops invalid samples (their session is overwritten with −1) and groups the rest by
 * session: afterwards session s's samples are `order[start, end)` in input order, with
 * end = offsets[s] and start = offsets[s − 1] (0 for s = 0). `offsets` holds sessionCount + 1
 * zeroed i32, `order` n i32. Returns the number of valid samples.
 */
export function groupSessions(
  sessions: usize, ts: usize, ys: usize, vhs: usize, dhs: usize, n: i32,
  sessionCount: i32, offsets: usize, order: usize, stats: usize,
): i32 {
  let dropped: f64 = 0;
  let maxDh: f64 = 0;
  for (let i: i32 = 0; i < n; i++) {
    const s = i32At(sessions, i);
    const t = f64At(ts, i);
    const y = f32At(ys, i);
    const vh = f32At(vhs, i);
    const dh = f32At(dhs, i);
    // One comparison chain rejects NaN too (every comparison with NaN is false). A negative
    // scrollY is kept and clamped later: it is the rubber-band overscroll of touch browsers.
    if (!(s >= 0 && s < sessionCount && t >= 0 && t < Infinity && y > -Infinity && y < Infinity &&
      vh > 0 && vh < Infinity && dh > 0 && dh < Infinity)) {
      store<i32>(sessions + (<usize>i << 2), -1);
      dropped += 1;
      continue;
    }
    if (dh > maxDh) maxDh = dh;
  }
  groupBySession(sessions, n, sessionCount, offsets, order);
  store<f64>(stats + (S_DROPPED << 3), load<f64>(stats + (S_DROPPED << 3)) + dropped);
  store<f64>(stats + (S_MAX_DH << 3), Math.max(load<f64>(stats + (S_MAX_DH << 3)), maxDh));
  return n - <i32>dropped;
}

/**
 * A stable counting sort of the samples whose session is ≥ 0 (the others were dropped): session
 * s's samples become `order[start, end)` in input order, end = offsets[s], start = offsets[s − 1]
 * (0 for s = 0). `offsets` holds sessionCount + 1 zeroed i32, `order` n i32.
 */
export function groupBySession(sessions: usize, n: i32, sessionCount: i32, offsets: usize, order: usize): void {
  for (let i: i32 = 0; i < n; i++) {
    const s = i32At(sessions, i);
    if (s < 0) continue;
    const p = offsets + (<usize>(s + 1) << 2);
    store<i32>(p, load<i32>(p) + 1);
  }
  for (let s: i32 = 1; s <= sessionCount; s++) {
    const p = offsets + (<usize>s << 2);
    store<i32>(p, load<i32>(p) + load<i32>(p - 4));
  }
  // Scatter: offsets[s] walks from session s's start to its end (= the next session's start).
  for (let i: i32 = 0; i < n; i++) {
    const s = i32At(sessions, i);
    if (s < 0) continue;
    const p = offsets + (<usize>s << 2);
    const at = load<i32>(p);
    store<i32>(order + (<usize>at << 2), i);
    store<i32>(p, at + 1);
  }
}

/** Sample a comes before b: earlier time, or the same time and earlier in the input. */
@inline function before(ts: usize, a: i32, b: i32): bool {
  const ta = f64At(ts, a), tb = f64At(ts, b);
  return ta < tb || (ta == tb && a < b);
}

/**
 * Sorts `order[from, to)` by (time, input index): Shell sort with Ciura's gaps, in place. The
 * tie-break on the index makes it equivalent to a stable sort, so equal times keep their input
 * order. Slightly late samples (the usual case) cost one short insertion each.
 */
function sortByTime(ts: usize, order: usize, from: i32, to: i32): void {
  const n = to - from;
  let gap: i32 = 1;
  while (gap * 9 / 4 + 1 < n) gap = gap * 9 / 4 + 1;
  for (; gap >= 1; gap = gap == 1 ? 0 : (gap <= 4 ? 1 : gap * 4 / 9)) {
    for (let i = from + gap; i < to; i++) {
      const v = i32At(order, i);
      let j = i;
      while (j - gap >= from && before(ts, v, i32At(order, j - gap))) {
        store<i32>(order + (<usize>j << 2), i32At(order, j - gap));
        j -= gap;
      }
      store<i32>(order + (<usize>j << 2), v);
    }
  }
}

/** Sorts `order[from, to)` by time if it is not in time order already; returns whether it sorted. */
export function putInTimeOrder(ts: usize, order: usize, from: i32, to: i32): bool {
  let last = f64At(ts, i32At(order, from));
  for (let i = from + 1; i < to; i++) {
    const t = f64At(ts, i32At(order, i));
    // Equal times are in input order already (the grouping is stable).
    if (t < last) {
      sortByTime(ts, order, from, to);
      return true;
    }
    last = t;
  }
  return false;
}

/**
 * Adds `dt` for the depth interval [u, v], in bins (depth / step, clipped to the extent):
 * partial bins at either end directly into `partial`, the whole bins between them as a
 * difference (+dt at the first, −dt past the last) into `diff`, so a viewport covering many
 * bins costs O(1). `partial` holds `bins` f64, `diff` bins + 1.
 */
@inline
function addInterval(u: f64, v: f64, dt: f64, bins: i32, partial: usize, diff: usize): void {
  // u, v ≥ 0: truncation is the floor.
  const ka = <i32>u;
  let kb = <i32>v;
  if (ka >= bins) return;
  if (kb >= bins) kb = bins; // v at the very end of the extent
  if (ka == kb) {
    addF64(partial, ka, dt * (v - u));
    return;
  }
  addF64(partial, ka, dt * (<f64>(ka + 1) - u));
  addF64(diff, ka + 1, dt);
  addF64(diff, kb, -dt);
  if (kb < bins) addF64(partial, kb, dt * (v - <f64>kb));
}

/**
 * Pass 2, after groupSessions. For each session, in time order (sorted here when needed):
 *   - every sample's viewport: top = scrollY clamped into [0, max(0, dh − vh)], bottom =
 *     min(top + vh, dh), as px or (percent ≠ 0) as % of that sample's document height;
 *   - its depth: the deepest bottom; reach[k] counts sessions whose depth passes the starts of
 *     exactly k bins (k = ⌈depth / step⌉, at most `bins`), reach holds bins + 1 f64;
 *   - its fold: the first sample's viewport height (px) or min(vh, dh) / dh (percent), written
 *     to folds[the session's rank among non-empty sessions];
 *   - time in view: each sample's viewport holds until the next sample, min(Δt, idleCapMs) ms;
 *     bands partly in view get the visible share (addInterval). The last sample adds nothing.
 * The extent is [0, extent] in the unit, cut into `bins` bins.
 */
export function scrollBins(
  ts: usize, ys: usize, vhs: usize, dhs: usize, offsets: usize, order: usize, sessionCount: i32,
  bins: i32, percent: i32, extent: f64, idleCapMs: f64,
  reach: usize, partial: usize, diff: usize, folds: usize, stats: usize,
): void {
  const step = extent / <f64>bins;
  let sessionsSeen: i32 = 0, timed: f64 = 0, clamped: f64 = 0, reordered: f64 = 0, foldSum: f64 = 0;
  let start: i32 = 0;
  for (let s: i32 = 0; s < sessionCount; s++) {
    const end = i32At(offsets, s);
    const from = start;
    start = end;
    if (end == from) continue;
    if (putInTimeOrder(ts, order, from, end)) reordered += 1;
    let depth: f64 = 0;
    let prevU: f64 = 0, prevV: f64 = 0, prevT: f64 = 0;
    for (let i = from; i < end; i++) {
      const j = i32At(order, i);
      const y = f32At(ys, j), vh = f32At(vhs, j), dh = f32At(dhs, j);
      const t = f64At(ts, j);
      const maxTop = Math.max(0, dh - vh);
      const top = Math.min(Math.max(y, 0), maxTop);
      if (top != y) clamped += 1;
      const bottom = Math.min(top + vh, dh);
      const scale = percent != 0 ? 100 / dh : 1.0;
      // Clipped to the extent: in px, depths past --max-depth count as reaching the end.
      const a = Math.min(top * scale, extent);
      const b = Math.min(bottom * scale, extent);
      // Divided, not multiplied by a reciprocal: a depth on a bin edge stays exactly on it.
      const u = a / step, v = b / step;
      if (i == from) {
        const fold = percent != 0 ? Math.min(vh, dh) * scale : vh;
        store<f64>(folds + (<usize>sessionsSeen << 3), fold);
        foldSum += fold;
      } else {
        const dt = Math.min(t - prevT, idleCapMs);
        if (dt > 0) addInterval(prevU, prevV, dt, bins, partial, diff);
      }
      if (b > depth) depth = b;
      prevU = u;
      prevV = v;
      prevT = t;
    }
    let k = <i32>Math.ceil(depth / step);
    if (k > bins) k = bins;
    addF64(reach, k, 1);
    sessionsSeen++;
    if (end - from >= 2) timed += 1;
  }
  addF64(stats, S_SESSIONS, <f64>sessionsSeen);
  addF64(stats, S_TIMED, timed);
  addF64(stats, S_CLAMPED, clamped);
  addF64(stats, S_REORDERED, reordered);
  addF64(stats, S_FOLD_SUM, foldSum);
}
