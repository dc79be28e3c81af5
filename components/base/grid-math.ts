/**
 * Page ↔ grid arithmetic for the read-out and the legend, in DESIGN.md's units: a density is in
 * events per px² at cell centres x0 + (i + ½)·(x1 − x0)/W, so summing value × cell area over a
 * region gives the expected number of events in it. DOM-free.
 */
import type { Extent } from '../../worker/api.js';

export interface Grid {
  values: Float32Array;
  width: number;
  height: number;
  extent: Extent;
}

/** Expected events within `radius` px of the page point (x, y): Σ value × cell area over the disc. */
export function eventsNear(grid: Grid, x: number, y: number, radius: number): number {
  const [x0, y0, x1, y1] = grid.extent;
  const cw = (x1 - x0) / grid.width;
  const ch = (y1 - y0) / grid.height;
  const r2 = radius * radius;
  const i0 = Math.max(0, Math.floor((x - radius - x0) / cw));
  const i1 = Math.min(grid.width - 1, Math.ceil((x + radius - x0) / cw));
  const j0 = Math.max(0, Math.floor((y - radius - y0) / ch));
  const j1 = Math.min(grid.height - 1, Math.ceil((y + radius - y0) / ch));
  let sum = 0;
  for (let j = j0; j <= j1; j++) {
    const dy = y0 + (j + 0.5) * ch - y;
    for (let i = i0; i <= i1; i++) {
      const dx = x0 + (i + 0.5) * cw - x;
      if (dx * dx + dy * dy <= r2) sum += grid.values[j * grid.width + i];
    }
  }
  return sum * cw * ch;
}

/** A count for people: 3 significant digits, thousands grouped, "<0.01" rather than 0.0001. */
export function formatCount(n: number): string {
  if (!(n > 0)) return '0';
  if (n < 0.01) return '<0.01';
  if (n >= 1000) return Math.round(n).toLocaleString('en-US');
  return Number(n.toPrecision(3)).toString();
}

/** Parses "x0,y0,x1,y1" or "width,height" (origin 0, 0); null for empty. */
export function parseExtent(text: string | null): Extent | null {
  if (text === null || text.trim() === '') return null;
  const parts = text.split(/[\s,]+/).filter(Boolean).map(Number);
  const e = parts.length === 2 ? [0, 0, parts[0], parts[1]] : parts;
  if (e.length !== 4 || e.some((v) => !Number.isFinite(v)) || !(e[2] > e[0]) || !(e[3] > e[1])) {
    throw new Error(`extent must be "x0,y0,x1,y1" or "width,height" with x1 > x0 and y1 > y0, got "${text}"`);
  }
  return [e[0], e[1], e[2], e[3]];
}
