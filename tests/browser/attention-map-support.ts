// Helpers for the <attention-map> browser tests: mount an element, wait for its frames, and
// write cursor samples whose attention is known in closed form (a parked cursor of n samples
// 100 ms apart holds (n − 1) × 0.1 s; a sweep faster than the speed threshold holds none).
import '../../components/index.js';
import type { AttentionMap, AttentionRenderDetail } from '../../components/attention-map.js';
import { densityRender } from './click-map-support.js';

export function mountAttention(attrs: Record<string, string>, width: number, height: number): AttentionMap {
  const el = document.createElement('attention-map');
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  el.style.width = `${width}px`;
  el.style.height = `${height}px`;
  document.body.append(el);
  return el;
}

/** The next frame that asked the engine for a grid. */
export function attentionRender(el: AttentionMap): Promise<AttentionRenderDetail> {
  return densityRender(el) as Promise<AttentionRenderDetail>;
}

export interface Samples {
  session: number[];
  ts: number[];
  x: number[];
  y: number[];
}

export function samples(...parts: Samples[]): Samples {
  return {
    session: parts.flatMap((p) => p.session),
    ts: parts.flatMap((p) => p.ts),
    x: parts.flatMap((p) => p.x),
    y: parts.flatMap((p) => p.y),
  };
}

/**
 * A cursor resting at (x, y) for `seconds`: a sample every 100 ms, each ±1 px from the spot (a
 * hand on the mouse; 20 px/s at most, far below any speed threshold).
 */
export function parked(session: number, x: number, y: number, seconds: number, t0 = 0): Samples {
  const n = Math.round(seconds * 10) + 1;
  const out: Samples = { session: [], ts: [], x: [], y: [] };
  for (let i = 0; i < n; i++) {
    out.session.push(session);
    out.ts.push(t0 + i * 100);
    out.x.push(x + (i % 3) - 1);
    out.y.push(y + ((i + 1) % 3) - 1);
  }
  return out;
}

/**
 * A cursor flung left to right along y at `speed` px/s, from x0 to x1 and jumping back, sampled
 * at 60 Hz for `seconds`: every step is faster than `speed` × (1/60 s) / (1/60 s) = speed.
 */
export function sweep(session: number, y: number, x0: number, x1: number, speed: number, seconds: number): Samples {
  const out: Samples = { session: [], ts: [], x: [], y: [] };
  const n = Math.round(seconds * 60);
  for (let i = 0; i <= n; i++) {
    const t = (i * 1000) / 60;
    out.session.push(session);
    out.ts.push(t);
    out.x.push(x0 + ((speed * t) / 1000) % (x1 - x0));
    out.y.push(y);
  }
  return out;
}

export function cleanupAttention(): void {
  for (const el of document.querySelectorAll('attention-map')) el.remove();
}
