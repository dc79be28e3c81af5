// 4×4 block transposes with f32x4 shuffles, used to turn smoothing along rows into smoothing
// down columns (see deriche.ts for why columns).

/** Transposes the 4×4 block whose rows are a, b, c, d; calls back with the four new rows. */
@inline
function row0(a: v128, b: v128, c: v128, d: v128): v128 {
  return v128.shuffle<f32>(v128.shuffle<f32>(a, b, 0, 4, 1, 5), v128.shuffle<f32>(c, d, 0, 4, 1, 5), 0, 1, 4, 5);
}
@inline
function row1(a: v128, b: v128, c: v128, d: v128): v128 {
  return v128.shuffle<f32>(v128.shuffle<f32>(a, b, 0, 4, 1, 5), v128.shuffle<f32>(c, d, 0, 4, 1, 5), 2, 3, 6, 7);
}
@inline
function row2(a: v128, b: v128, c: v128, d: v128): v128 {
  return v128.shuffle<f32>(v128.shuffle<f32>(a, b, 2, 6, 3, 7), v128.shuffle<f32>(c, d, 2, 6, 3, 7), 0, 1, 4, 5);
}
@inline
function row3(a: v128, b: v128, c: v128, d: v128): v128 {
  return v128.shuffle<f32>(v128.shuffle<f32>(a, b, 2, 6, 3, 7), v128.shuffle<f32>(c, d, 2, 6, 3, 7), 2, 3, 6, 7);
}

/**
 * Writes the transpose of `src` (`width` × `height` cells, row stride `width`, both multiples
 * of 4) into `dst` with row stride `dstStride`: dst[c][r] = src[r][c].
 */
export function transposeInto(src: usize, width: i32, height: i32, dst: usize, dstStride: i32): void {
  const srcRow = <usize>width << 2;
  const dstRow = <usize>dstStride << 2;
  for (let r: i32 = 0; r < height; r += 4) {
    const s = src + <usize>r * srcRow;
    for (let c: i32 = 0; c < width; c += 4) {
      const p = s + (<usize>c << 2);
      const a = v128.load(p);
      const b = v128.load(p + srcRow);
      const cc = v128.load(p + 2 * srcRow);
      const d = v128.load(p + 3 * srcRow);
      const q = dst + <usize>c * dstRow + (<usize>r << 2);
      v128.store(q, row0(a, b, cc, d));
      v128.store(q + dstRow, row1(a, b, cc, d));
      v128.store(q + 2 * dstRow, row2(a, b, cc, d));
      v128.store(q + 3 * dstRow, row3(a, b, cc, d));
    }
  }
}

/**
 * Writes out[j][x] = max(src[(x + skip)][j] · scale, 0) for j < rows, x < width, where `src`
 * has row stride `srcStride` (a multiple of 4, at least rows rounded up to 4) and `out` has
 * row stride `width`. Clamping at zero removes the recursion's few-parts-per-million ringing
 * below zero: a density is never negative. Returns the largest value written.
 */
export function transposeCropInto(src: usize, srcStride: i32, skip: i32, rows: i32, out: usize, width: i32, scale: f32): f32 {
  const srcRow = <usize>srcStride << 2;
  const outRow = <usize>width << 2;
  const s = f32x4.splat(scale);
  const zero = f32x4.splat(0);
  let peak = zero;
  const w4 = width & ~3;
  const r4 = rows & ~3;
  for (let j: i32 = 0; j < r4; j += 4) {
    for (let x: i32 = 0; x < w4; x += 4) {
      const p = src + <usize>(x + skip) * srcRow + (<usize>j << 2);
      const a = v128.load(p);
      const b = v128.load(p + srcRow);
      const c = v128.load(p + 2 * srcRow);
      const d = v128.load(p + 3 * srcRow);
      const o0 = f32x4.max(f32x4.mul(row0(a, b, c, d), s), zero);
      const o1 = f32x4.max(f32x4.mul(row1(a, b, c, d), s), zero);
      const o2 = f32x4.max(f32x4.mul(row2(a, b, c, d), s), zero);
      const o3 = f32x4.max(f32x4.mul(row3(a, b, c, d), s), zero);
      const q = out + <usize>j * outRow + (<usize>x << 2);
      v128.store(q, o0);
      v128.store(q + outRow, o1);
      v128.store(q + 2 * outRow, o2);
      v128.store(q + 3 * outRow, o3);
      peak = f32x4.max(peak, f32x4.max(f32x4.max(o0, o1), f32x4.max(o2, o3)));
    }
  }
  let best = max(max(f32x4.extract_lane(peak, 0), f32x4.extract_lane(peak, 1)), max(f32x4.extract_lane(peak, 2), f32x4.extract_lane(peak, 3)));
  // Ragged right and bottom edges, cell by cell.
  for (let j: i32 = 0; j < rows; j++) {
    for (let x: i32 = j < r4 ? w4 : 0; x < width; x++) {
      const v = max(load<f32>(src + <usize>(x + skip) * srcRow + (<usize>j << 2)) * scale, <f32>0);
      store<f32>(out + <usize>j * outRow + (<usize>x << 2), v);
      best = max(best, v);
    }
  }
  return best;
}
