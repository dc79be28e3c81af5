// Weighted spread of the points inside an extent, for the normal-reference bandwidth rule.
// A pass of its own, run only when an automatic bandwidth is asked for, so that binning with an
// explicit σ does not pay for it. Sums are in px relative to the extent's origin (which keeps
// the squares small) and accumulate in f64: they feed a square root of a difference.

/** f64 slots written: Σw, Σw·x, Σw·x², Σw·y, Σw·y², Σw². */
export const MOMENT_SLOTS: i32 = 6;

export function pointMoments(xs: usize, ys: usize, ws: usize, n: i32, x0: f64, y0: f64, x1: f64, y1: f64, out: usize): void {
  let sw: f64 = 0, swx: f64 = 0, swxx: f64 = 0, swy: f64 = 0, swyy: f64 = 0, sww: f64 = 0;
  for (let i: i32 = 0; i < n; i++) {
    const at = <usize>i << 2;
    const x = <f64>load<f32>(xs + at);
    const y = <f64>load<f32>(ys + at);
    const w: f64 = ws != 0 ? <f64>load<f32>(ws + at) : 1.0;
    // The same acceptance test as binning (bin2d.ts), so both see the same points.
    if (!(x >= <f64><f32>x0 && x <= <f64><f32>x1 && y >= <f64><f32>y0 && y <= <f64><f32>y1 && w >= 0.0 && w < Infinity)) continue;
    const u = x - x0;
    const v = y - y0;
    sw += w;
    swx += w * u;
    swxx += w * u * u;
    swy += w * v;
    swyy += w * v * v;
    sww += w * w;
  }
  store<f64>(out, load<f64>(out) + sw);
  store<f64>(out, load<f64>(out, 8) + swx, 8);
  store<f64>(out, load<f64>(out, 16) + swxx, 16);
  store<f64>(out, load<f64>(out, 24) + swy, 24);
  store<f64>(out, load<f64>(out, 32) + swyy, 32);
  store<f64>(out, load<f64>(out, 40) + sww, 40);
}
