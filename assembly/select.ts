// Order statistics without sorting: quickselect (Hoare, "Algorithm 65: Find", CACM 1961) with a
// three-way partition (Dijkstra's Dutch national flag), so that the many equal values of real
// data (viewport heights cluster on a few device sizes) cost nothing extra. Expected O(n).
// The array is reordered in place; nothing is allocated.

@inline
function at(values: usize, i: i32): f64 {
  return load<f64>(values + (<usize>i << 3));
}

@inline
function put(values: usize, i: i32, v: f64): void {
  store<f64>(values + (<usize>i << 3), v);
}

@inline
function swap(values: usize, i: i32, j: i32): void {
  const t = at(values, i);
  put(values, i, at(values, j));
  put(values, j, t);
}

/**
 * Moves the k-th smallest (0-based) of `values[0, n)` (f64, no NaN) to index k, with everything
 * before it ≤ and everything after it ≥, and returns it.
 */
export function selectKth(values: usize, n: i32, k: i32): f64 {
  let lo: i32 = 0;
  let hi: i32 = n - 1;
  while (hi > lo) {
    // Median of three as the pivot: sorted or reversed input stays linear.
    const mid = lo + ((hi - lo) >> 1);
    const a = at(values, lo), b = at(values, mid), c = at(values, hi);
    const pivot = a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
    // [lo, lt) < pivot, [lt, i) == pivot, (gt, hi] > pivot.
    let lt = lo, i = lo, gt = hi;
    while (i <= gt) {
      const v = at(values, i);
      if (v < pivot) swap(values, lt++, i++);
      else if (v > pivot) swap(values, i, gt--);
      else i++;
    }
    if (k < lt) hi = lt - 1;
    else if (k > gt) lo = gt + 1;
    else return pivot;
  }
  return at(values, k);
}

/**
 * The p-quantile of `values[0, n)` by Hyndman & Fan's definition 7 (the default of R and NumPy):
 * with h = (n − 1)·p, the linear interpolation between the ⌊h⌋-th and the next order statistic.
 * Reorders the values; returns NaN for n = 0.
 */
export function quantile7(values: usize, n: i32, p: f64): f64 {
  if (n <= 0) return NaN;
  const h = <f64>(n - 1) * p;
  const j = <i32>Math.floor(h);
  const g = h - <f64>j;
  const low = selectKth(values, n, j);
  if (g == 0 || j + 1 >= n) return low;
  // After the selection everything past j is ≥ low: the next order statistic is their minimum.
  let next = Infinity;
  for (let i = j + 1; i < n; i++) next = Math.min(next, at(values, i));
  return low + g * (next - low);
}
