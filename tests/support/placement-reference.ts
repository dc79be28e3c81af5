// References for the layout tests (GET /v1/points?layout=W): the least-squares box straight from
// its formula, and a comparison of placed points that ignores their order.
import { expect } from 'vitest';

/** Least squares of v on f, from the definition: v ≈ at + size·f (population moments). */
export function fitLine(v: number[], f: number[]): { at: number; size: number } {
  const n = v.length;
  const mf = f.reduce((a, b) => a + b, 0) / n;
  const mv = v.reduce((a, b) => a + b, 0) / n;
  let cov = 0;
  let vf = 0;
  for (let i = 0; i < n; i++) {
    cov += (f[i] - mf) * (v[i] - mv);
    vf += (f[i] - mf) ** 2;
  }
  return { at: mv - (cov / vf) * mf, size: cov / vf };
}

// Sorted on a 1e-4 px grid, so two answers equal to 1e-6 sort alike.
const key = (p: number[]) => [Math.round(p[0] * 1e4), Math.round(p[1] * 1e4)];
const byKey = (a: number[], b: number[]) => key(a)[0] - key(b)[0] || key(a)[1] - key(b)[1];

/** Expects the answer's points to be `want` in any order, each coordinate within 1e-6 px. */
export function expectPlaced(got: { x: ArrayLike<number>; y: ArrayLike<number> }, want: number[][]): void {
  const g = Array.from(got.x, (x, i) => [x, got.y[i]]).sort(byKey);
  const w = [...want].sort(byKey);
  expect(g.length).toBe(w.length);
  g.forEach((p, i) => {
    expect(Math.abs(p[0] - w[i][0])).toBeLessThan(1e-6);
    expect(Math.abs(p[1] - w[i][1])).toBeLessThan(1e-6);
  });
}
