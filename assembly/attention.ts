// Attention (DESIGN.md "Attention"): cursor samples as a proxy for gaze. Three passes, all
// O(samples), on host-allocated memory, allocating nothing:
//   attentionPrepare — validates every sample, groups the samples by session (the counting
//                      sort of scroll.ts), puts each session in time order, drops duplicate
//                      timestamps and sessions left with one sample, and writes the clean
//                      paths session after session. Runs once, when the samples are loaded;
//   attentionWeigh   — one weighted point per sample: dwell (time to the session's next
//                      sample, capped), discounted when the cursor moves fast (I-VT), placed
//                      where the cursor is `lag` ms later. Runs again when a weighing
//                      parameter changes; the points then go through the density stages
//                      (bin2d.ts, deriche.ts) like clicks, with σ = the gaze–cursor distance;
//   equalizeSessions — optional: scales each session to the same total weight.
// The parameters' defaults and their sources live in worker/attention-defaults.ts.
//
// Columns: sessions i32 (dense indices; the host maps strings or sparse ids, −1 = unusable),
// ts f64 (ms), xs / ys f32 (page px).

import { addF64, f32At, f64At, groupBySession, i32At, putInTimeOrder } from './scroll';

/** f64 slots of attentionPrepare's statistics block. */
export const ATTENTION_PREPARE_SLOTS: i32 = 8;
const P_NON_FINITE = 0; // a non-finite time or coordinate, or an unusable session id
const P_BACKWARDS = 1; // a time before the clock's origin (< 0)
const P_DUPLICATE = 2; // a second sample of the session at the same time (the last one is kept)
const P_SINGLE = 3; // the only sample left in its session: it has no dwell and no path
const P_REORDERED = 4; // sessions whose samples were interleaved with others' or out of time order
const P_SESSIONS = 5; // sessions kept (two samples or more at distinct times)
const P_STEPS_BACK = 6; // samples timed before the previous usable sample of their session, in input order
const P_SESSIONS_BACK = 7; // sessions with at least one such step back in time

/** f64 slots of attentionWeigh's statistics block. */
export const ATTENTION_WEIGH_SLOTS: i32 = 2;
const W_IDLE_CAPPED = 0; // samples whose dwell was cut to the idle cap
const W_FAST = 1; // samples faster than the speed threshold

/**
 * Pass 1. Writes the usable samples of every session, in time order, session after session,
 * to `outT` (f64) / `outX` / `outY` (f32), and the end of each kept session's run to `ends`
 * (i32, one per kept session, cumulative). `offsets` holds sessionCount + 1 zeroed i32 and
 * `order` n i32 of scratch; `sessions` is overwritten (−1 for dropped samples). Of equal
 * timestamps in one session the last in input order is kept: it is the position the cursor
 * had reached by then. Returns the number of samples written.
 */
export function attentionPrepare(
  sessions: usize, ts: usize, xs: usize, ys: usize, n: i32, sessionCount: i32,
  offsets: usize, order: usize, outT: usize, outX: usize, outY: usize, ends: usize, stats: usize,
): i32 {
  let nonFinite: f64 = 0, backwards: f64 = 0;
  for (let i: i32 = 0; i < n; i++) {
    const s = i32At(sessions, i);
    const t = f64At(ts, i);
    const x = f32At(xs, i);
    const y = f32At(ys, i);
    // One comparison chain rejects NaN too (every comparison with NaN is false).
    const finite = s >= 0 && s < sessionCount && t > -Infinity && t < Infinity &&
      x > -Infinity && x < Infinity && y > -Infinity && y < Infinity;
    if (finite && t >= 0) continue;
    store<i32>(sessions + (<usize>i << 2), -1);
    if (finite) backwards += 1;
    else nonFinite += 1;
  }
  groupBySession(sessions, n, sessionCount, offsets, order);

  let duplicate: f64 = 0, single: f64 = 0, reordered: f64 = 0, stepsBack: f64 = 0, sessionsBack: f64 = 0;
  let written: i32 = 0, kept: i32 = 0, start: i32 = 0;
  for (let s: i32 = 0; s < sessionCount; s++) {
    const end = i32At(offsets, s);
    const from = start;
    start = end;
    if (end == from) continue;
    // Interleaved with other sessions in the input (its indices are not consecutive), and how
    // often its clock went backwards: the grouping is stable, so `order` is still input order
    // here, and a count says how messy the export was where a yes/no flag cannot.
    let interleaved = false;
    let back: f64 = 0;
    let previous = f64At(ts, i32At(order, from));
    for (let i = from + 1; i < end; i++) {
      const j = i32At(order, i);
      if (j != i32At(order, i - 1) + 1) interleaved = true;
      const t = f64At(ts, j);
      if (t < previous) back += 1;
      previous = t;
    }
    stepsBack += back;
    if (back > 0) sessionsBack += 1;
    if (putInTimeOrder(ts, order, from, end) || interleaved) reordered += 1;
    const first = written;
    for (let i = from; i < end; i++) {
      const j = i32At(order, i);
      const t = f64At(ts, j);
      if (i + 1 < end && f64At(ts, i32At(order, i + 1)) == t) {
        duplicate += 1;
        continue;
      }
      store<f64>(outT + (<usize>written << 3), t);
      store<f32>(outX + (<usize>written << 2), load<f32>(xs + (<usize>j << 2)));
      store<f32>(outY + (<usize>written << 2), load<f32>(ys + (<usize>j << 2)));
      written++;
    }
    if (written - first < 2) {
      single += <f64>(written - first);
      written = first;
      continue;
    }
    store<i32>(ends + (<usize>kept << 2), written);
    kept++;
  }
  addF64(stats, P_NON_FINITE, nonFinite);
  addF64(stats, P_BACKWARDS, backwards);
  addF64(stats, P_DUPLICATE, duplicate);
  addF64(stats, P_SINGLE, single);
  addF64(stats, P_REORDERED, reordered);
  addF64(stats, P_SESSIONS, <f64>kept);
  addF64(stats, P_STEPS_BACK, stepsBack);
  addF64(stats, P_SESSIONS_BACK, sessionsBack);
  return written;
}

/**
 * Pass 2, over attentionPrepare's output (`sessionCount` kept sessions ending at `ends`). Each
 * sample but a session's last becomes one point:
 *   weight — its dwell, min(Δt, idleCapMs) in seconds (Δt to the session's next sample),
 *            times fastWeight when the cursor's speed over Δt is above speedThreshold (px/s);
 *   place  — the cursor's position lagMs later, linear between samples, the session's last
 *            position beyond its end.
 * Points of weight 0 are not written. Writes the points to outX / outY / outW (f32), each
 * session's end in the output to outEnds (i32, cumulative) and its total weight to totals
 * (f64). Returns the number of points written.
 */
export function attentionWeigh(
  ts: usize, xs: usize, ys: usize, ends: usize, sessionCount: i32,
  idleCapMs: f64, speedThreshold: f64, fastWeight: f64, lagMs: f64,
  outX: usize, outY: usize, outW: usize, outEnds: usize, totals: usize, stats: usize,
): i32 {
  let capped: f64 = 0, fast: f64 = 0;
  let written: i32 = 0, from: i32 = 0;
  for (let s: i32 = 0; s < sessionCount; s++) {
    const to = i32At(ends, s);
    let total: f64 = 0;
    // The lagged position's segment: [at, at + 1]. It only moves forward, as time does.
    let at = from;
    for (let i = from; i + 1 < to; i++) {
      const t0 = f64At(ts, i);
      const dt = f64At(ts, i + 1) - t0; // > 0: attentionPrepare removed equal times
      const dx = f32At(xs, i + 1) - f32At(xs, i);
      const dy = f32At(ys, i + 1) - f32At(ys, i);
      const speed = Math.sqrt(dx * dx + dy * dy) * 1000 / dt;
      let dwell = dt;
      if (dt > idleCapMs) {
        dwell = idleCapMs;
        capped += 1;
      }
      let w = dwell / 1000;
      if (speed > speedThreshold) {
        w *= fastWeight;
        fast += 1;
      }
      const w32 = <f32>w;
      if (!(w32 > 0)) continue;
      const target = t0 + lagMs;
      while (at + 1 < to && f64At(ts, at + 1) <= target) at++;
      let gx: f64, gy: f64;
      if (at + 1 < to) {
        const ta = f64At(ts, at);
        const f = (target - ta) / (f64At(ts, at + 1) - ta);
        gx = f32At(xs, at) + f * (f32At(xs, at + 1) - f32At(xs, at));
        gy = f32At(ys, at) + f * (f32At(ys, at + 1) - f32At(ys, at));
      } else {
        gx = f32At(xs, to - 1);
        gy = f32At(ys, to - 1);
      }
      const o = <usize>written << 2;
      store<f32>(outX + o, <f32>gx);
      store<f32>(outY + o, <f32>gy);
      store<f32>(outW + o, w32);
      total += <f64>w32;
      written++;
    }
    store<i32>(outEnds + (<usize>s << 2), written);
    store<f64>(totals + (<usize>s << 3), total);
    from = to;
  }
  addF64(stats, W_IDLE_CAPPED, capped);
  addF64(stats, W_FAST, fast);
  return written;
}

/**
 * Pass 3 (optional). Scales every session with a positive total so that its total becomes the
 * mean total of those sessions: each visitor counts the same and the unit stays seconds.
 * Sessions without weight stay without. Returns that mean (0 when no session has weight).
 */
export function equalizeSessions(outW: usize, outEnds: usize, totals: usize, sessionCount: i32): f64 {
  let sum: f64 = 0, counted: f64 = 0;
  for (let s: i32 = 0; s < sessionCount; s++) {
    const total = f64At(totals, s);
    if (total > 0) {
      sum += total;
      counted += 1;
    }
  }
  if (counted == 0) return 0;
  const target = sum / counted;
  let from: i32 = 0;
  for (let s: i32 = 0; s < sessionCount; s++) {
    const to = i32At(outEnds, s);
    const total = f64At(totals, s);
    if (total > 0) {
      const scale = target / total;
      for (let i = from; i < to; i++) {
        const p = outW + (<usize>i << 2);
        store<f32>(p, <f32>(<f64>load<f32>(p) * scale));
      }
      store<f64>(totals + (<usize>s << 3), target);
    }
    from = to;
  }
  return target;
}
