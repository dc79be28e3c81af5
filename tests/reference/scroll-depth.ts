/**
 * The slow, direct scroll depth that the engine computes (DESIGN.md "Scroll depth"), written
 * from the definitions and independently of the kernels: sessions grouped with a Map, sorted
 * with Array.prototype.sort, time in view as the overlap of each interval with each bin, the
 * quartiles from a fully sorted list. Values are taken as float32 where the engine stores them
 * as float32 (y, vh, dh).
 */
export interface ScrollInput {
  session: ArrayLike<number | string>;
  ts: ArrayLike<number>;
  y: ArrayLike<number>;
  vh: ArrayLike<number>;
  dh: ArrayLike<number>;
  bins: number;
  unit?: 'px' | 'percent';
  maxDepth?: number;
  idleCap?: number;
}

export interface ScrollReference {
  reached: number[];
  timeInView: number[];
  fold: { mean: number; p25: number; p50: number; p75: number };
  sessions: number;
  timedSessions: number;
  dropped: number;
  clamped: number;
  maxDepth: number;
}

export function quantileType7(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const h = (sorted.length - 1) * p;
  const j = Math.floor(h);
  return j + 1 < sorted.length ? sorted[j] + (h - j) * (sorted[j + 1] - sorted[j]) : sorted[j];
}

export function referenceScrollDepth(input: ScrollInput): ScrollReference {
  const { bins, unit = 'percent', idleCap = 30 } = input;
  const groups = new Map<string, { ts: number; y: number; vh: number; dh: number; i: number }[]>();
  let dropped = 0;
  let maxDh = 0;
  for (let i = 0; i < input.ts.length; i++) {
    const id = input.session[i];
    const [ts, y, vh, dh] = [input.ts[i], Math.fround(input.y[i]), Math.fround(input.vh[i]), Math.fround(input.dh[i])];
    const goodId = typeof id === 'string' || (Number.isInteger(id) && id >= 0);
    if (!goodId || ![ts, y, vh, dh].every(Number.isFinite) || ts < 0 || vh <= 0 || dh <= 0) {
      dropped++;
      continue;
    }
    maxDh = Math.max(maxDh, dh);
    const key = `${typeof id}:${id}`;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key)!.push({ ts, y, vh, dh, i });
  }
  const E = unit === 'percent' ? 100 : input.maxDepth ?? maxDh;
  const step = E / bins;
  const reachedCount = new Array<number>(bins).fill(0);
  const time = new Array<number>(bins).fill(0);
  const folds: number[] = [];
  let clamped = 0;
  let timed = 0;
  for (const samples of groups.values()) {
    samples.sort((a, b) => a.ts - b.ts || a.i - b.i);
    let depth = 0;
    const views = samples.map((s) => {
      const top = Math.min(Math.max(s.y, 0), Math.max(0, s.dh - s.vh));
      if (top !== s.y) clamped++;
      const bottom = Math.min(top + s.vh, s.dh);
      const k = unit === 'percent' ? 100 / s.dh : 1;
      return { a: Math.min(top * k, E), b: Math.min(bottom * k, E), ts: s.ts };
    });
    for (const v of views) depth = Math.max(depth, v.b);
    const first = samples[0];
    folds.push(unit === 'percent' ? (Math.min(first.vh, first.dh) * 100) / first.dh : first.vh);
    for (let i = 0; i < bins; i++) if (depth / step > i) reachedCount[i]++;
    if (views.length >= 2) timed++;
    for (let p = 0; p + 1 < views.length; p++) {
      const dt = Math.min(views[p + 1].ts - views[p].ts, idleCap * 1000) / 1000;
      for (let i = 0; i < bins; i++) {
        const overlap = Math.max(0, Math.min(views[p].b, (i + 1) * step) - Math.max(views[p].a, i * step));
        time[i] += (dt * overlap) / step;
      }
    }
  }
  const S = groups.size;
  const sorted = [...folds].sort((a, b) => a - b);
  return {
    reached: reachedCount.map((c) => (S > 0 ? c / S : 0)),
    timeInView: time.map((t) => (timed > 0 ? t / timed : 0)),
    fold: {
      mean: S > 0 ? folds.reduce((a, b) => a + b, 0) / S : NaN,
      p25: quantileType7(sorted, 0.25),
      p50: quantileType7(sorted, 0.5),
      p75: quantileType7(sorted, 0.75),
    },
    sessions: S,
    timedSessions: timed,
    dropped,
    clamped,
    maxDepth: E,
  };
}
