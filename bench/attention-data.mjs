// Deterministic cursor sessions for the attention benchmark, shared by Node (bench/attention.mjs)
// and the browser page (bench/attention-browser.mjs): cursor samples on a 1280 × 4000 px page
// as the tracker records them (a sample when the cursor moved, at most 10 a second).
import { mulberry32 } from './data.mjs';

export const ATTENTION_SEED = 0xa77e47;
export const ATTENTION_PAGE = [0, 0, 1280, 4000];
/** 320 × 1000 cells of 4 px: the grid the benchmark maps onto. */
export const ATTENTION_GRID = { width: 320, height: 1000, extent: ATTENTION_PAGE };

/**
 * `sessions` sessions of `perSession` samples each, in session order. Each session alternates
 * three behaviours: reading (the cursor drifts along a line of text at 20–150 px/s, a sample every
 * 100 ms), parking (one sample, then 0.5–30 s without one; a few gaps pass the idle cap), and
 * ballistic moves (a jump of 200–1500 px in 100–300 ms, sampled every 30–60 ms). Reading spots
 * favour a few content blocks, so the map has structure. 0.1% of samples carry a NaN, 0.05% repeat
 * the previous time, and 1% of sessions have their last two samples swapped (late delivery), so
 * every branch of the engine runs.
 */
export function generateCursorSessions(sessions, perSession = 200, seed = ATTENTION_SEED) {
  const rand = mulberry32(seed);
  const blocks = Array.from({ length: 12 }, () => [80 + rand() * 900, 100 + rand() * 3600, 200 + rand() * 300]);
  const n = sessions * perSession;
  const data = { session: new Int32Array(n), ts: new Float64Array(n), x: new Float32Array(n), y: new Float32Array(n) };
  let i = 0;
  for (let s = 0; s < sessions; s++) {
    let t = 1.7e12 + rand() * 8.64e7;
    let x = 100 + rand() * 1000;
    let y = 100 + rand() * 800;
    let mode = 0; // 0 reading, 1 parked, 2 ballistic
    let left = 0; // samples left in this behaviour
    let vx = 0, vy = 0, step = 100;
    const first = i;
    for (let k = 0; k < perSession; k++, i++) {
      if (left === 0) {
        const r = rand();
        if (r < 0.6) {
          mode = 0;
          const b = blocks[Math.floor(rand() * blocks.length)];
          x = b[0] + rand() * b[2];
          y = b[1] + rand() * 200;
          const speed = 20 + rand() * 130;
          vx = speed * (rand() < 0.9 ? 1 : -1);
          vy = speed * (rand() - 0.5) * 0.1;
          step = 100;
          left = 5 + Math.floor(rand() * 30);
        } else if (r < 0.8) {
          mode = 1;
          left = 1;
        } else {
          mode = 2;
          const dist = 200 + rand() * 1300;
          const angle = rand() * 2 * Math.PI;
          const ms = 100 + rand() * 200;
          step = 30 + rand() * 30;
          left = Math.max(2, Math.round(ms / step));
          vx = (Math.cos(angle) * dist) / (ms / 1000);
          vy = (Math.sin(angle) * dist) / (ms / 1000);
        }
      }
      data.session[i] = s;
      data.ts[i] = Math.round(t);
      data.x[i] = Math.round(Math.min(1279, Math.max(0, x)));
      data.y[i] = Math.round(Math.min(3999, Math.max(0, y)));
      left--;
      if (mode === 1) t += 500 + rand() * (rand() < 0.1 ? 30_000 : 5_000);
      else {
        t += step;
        x += (vx * step) / 1000;
        y += (vy * step) / 1000;
      }
      if (rand() < 0.001) data.x[i] = NaN;
      if (k > 0 && rand() < 0.0005) data.ts[i] = data.ts[i - 1];
    }
    if (rand() < 0.01) {
      const a = first + perSession - 1, b = a - 1;
      const tmp = data.ts[a];
      data.ts[a] = data.ts[b];
      data.ts[b] = tmp;
    }
  }
  return data;
}
