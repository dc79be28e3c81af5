// Layout of the working grids shared by the density kernels.
//
// Binning writes into a padded grid so that the cubic B-spline stencil of a point on the very
// edge of the extent (it reaches two cells beyond the point's own cell) never needs a bounds
// check, and so that mass binned just outside the visible cells still takes part in smoothing,
// as it does in the exact sum. Rows and columns are rounded up to multiples of four so that
// every row is a whole number of f32x4 vectors and the 4×4 transposes need no tail.

/** Cells of zero padding on every side of the binned grid. */
export const PAD: i32 = 2;

/** Columns of the padded grid for `width` visible columns (a multiple of 4). */
@inline
export function paddedWidth(width: i32): i32 {
  return (width + 2 * PAD + 3) & ~3;
}

/** Rows of the padded grid for `height` visible rows (a multiple of 4). */
@inline
export function paddedHeight(height: i32): i32 {
  return (height + 2 * PAD + 3) & ~3;
}

/** Byte offset of cell (column, row) in a row-major f32 grid `stride` cells wide. */
@inline
export function cellOffset(column: i32, row: i32, stride: i32): usize {
  return (<usize>row * <usize>stride + <usize>column) << 2;
}

/** a·b + c on four lanes. (Relaxed-SIMD fused multiply-add was measured: no gain here.) */
@inline
export function madd(a: v128, b: v128, c: v128): v128 {
  return f32x4.add(f32x4.mul(a, b), c);
}
