// Deterministic scroll sessions for the scroll-depth benchmark, shared by Node (bench/scroll.mjs)
// and the browser page (bench/browser/main.ts).
import { mulberry32 } from './data.mjs';

export const SEED = 0x5c7011;

/**
 * Deterministic sessions: a document height per session (2000–12000 px), one of four common
 * viewport heights, 5–10 samples walking down to a depth drawn so that reach decays down the
 * page, seconds to a minute apart (some idle gaps past the cap). 1% of sessions have two
 * samples swapped (late delivery), 0.1% of samples carry a bad value, and a few overshoot the
 * document (clamped), so every branch of the computation is exercised.
 */
export function generateSessions(sessions, seed = SEED) {
  const rand = mulberry32(seed);
  const VH = [667, 800, 900, 1080];
  const counts = new Uint8Array(sessions);
  let n = 0;
  for (let s = 0; s < sessions; s++) n += counts[s] = 5 + Math.floor(rand() * 6);
  const data = { session: new Int32Array(n), ts: new Float64Array(n), y: new Float32Array(n), vh: new Float32Array(n), dh: new Float32Array(n) };
  let i = 0;
  for (let s = 0; s < sessions; s++) {
    const dh = 2000 + Math.floor(rand() * 10000);
    const vh = VH[Math.floor(rand() * VH.length)];
    const deepest = Math.pow(rand(), 1.5) * (dh - vh) * 1.02; // > dh − vh for ~2%: clamped
    let ts = 1.7e12 + rand() * 8.64e7;
    const k = counts[s];
    for (let j = 0; j < k; j++, i++) {
      data.session[i] = s;
      data.ts[i] = ts;
      data.y[i] = j === 0 ? 0 : Math.round((deepest * j) / (k - 1));
      data.vh[i] = vh;
      data.dh[i] = dh;
      ts += 1000 + rand() * (rand() < 0.05 ? 600_000 : 60_000);
    }
    if (rand() < 0.01) {
      const a = i - 1, b = i - 2; // the last two samples arrive swapped
      const t = data.ts[a];
      data.ts[a] = data.ts[b];
      data.ts[b] = t;
    }
    if (rand() < 0.005) data.vh[i - 1 - Math.floor(rand() * k)] = NaN;
  }
  return data;
}
