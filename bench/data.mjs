// Deterministic synthetic click data shared by every contender, in Node and in the browser page.
//
// A 1280 × 4000 px page holding 20 gaussian clusters (buttons, links, hero areas) plus 10 %
// uniform noise. Cluster centres, spreads and shares come from the seed alone, and the point
// stream is sequential after that, so `generate(1e5)` is a prefix of `generate(1e6)`.
// Points falling off the page are redrawn, so no contender ever has to drop one.

export const PAGE_WIDTH = 1280;
export const PAGE_HEIGHT = 4000;
export const EXTENT = [0, 0, PAGE_WIDTH, PAGE_HEIGHT];
export const CLUSTERS = 20;
export const NOISE_SHARE = 0.1;
export const DEFAULT_SEED = 0x6ea71e25;

/** mulberry32: a tiny 32-bit PRNG (Tommy Ettinger), good enough for benchmark data. */
export function mulberry32(seed) {
  let a = seed >>> 0;
  return function next() {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The cluster layout for a seed: centres, σ (px) and cumulative shares of the clustered points. */
export function clusters(seed = DEFAULT_SEED) {
  const rand = mulberry32(seed);
  const cx = new Float64Array(CLUSTERS);
  const cy = new Float64Array(CLUSTERS);
  const sigma = new Float64Array(CLUSTERS);
  const cumulative = new Float64Array(CLUSTERS);
  let total = 0;
  for (let k = 0; k < CLUSTERS; k++) {
    cx[k] = 40 + rand() * (PAGE_WIDTH - 80);
    // Attention decays down the page: more clusters near the top.
    cy[k] = 40 + Math.pow(rand(), 1.6) * (PAGE_HEIGHT - 80);
    sigma[k] = 6 + rand() * 54; // 6..60 px: from a button to a hero block
    total += 0.2 + rand(); // unequal shares
    cumulative[k] = total;
  }
  for (let k = 0; k < CLUSTERS; k++) cumulative[k] /= total;
  return { cx, cy, sigma, cumulative };
}

/**
 * `n` points as `{ x, y }` Float32Arrays (weights are 1, so there is no `w`), plus a checksum
 * that lets Node and the browser confirm they benchmarked the same numbers.
 */
export function generate(n, seed = DEFAULT_SEED) {
  const { cx, cy, sigma, cumulative } = clusters(seed);
  const rand = mulberry32((seed ^ 0x9e3779b9) >>> 0);
  const x = new Float32Array(n);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let px, py;
    if (rand() < NOISE_SHARE) {
      px = Math.fround(rand() * PAGE_WIDTH);
      py = Math.fround(rand() * PAGE_HEIGHT);
    } else {
      const u = rand();
      let k = 0;
      while (k < CLUSTERS - 1 && u > cumulative[k]) k++;
      // Box–Muller, redrawn until the point lands on the page.
      do {
        const r = Math.sqrt(-2 * Math.log(1 - rand()));
        const t = 2 * Math.PI * rand();
        px = Math.fround(cx[k] + sigma[k] * r * Math.cos(t));
        py = Math.fround(cy[k] + sigma[k] * r * Math.sin(t));
      } while (px < 0 || px >= PAGE_WIDTH || py < 0 || py >= PAGE_HEIGHT);
    }
    x[i] = px;
    y[i] = py;
  }
  return { x, y };
}

/** Order-sensitive checksum of the point coordinates (FNV-1a over the float32 bits). */
export function checksum({ x, y }) {
  const bx = new Uint32Array(x.buffer, x.byteOffset, x.length);
  const by = new Uint32Array(y.buffer, y.byteOffset, y.length);
  let h = 0x811c9dc5;
  for (let i = 0; i < bx.length; i++) {
    h = Math.imul(h ^ bx[i], 0x01000193);
    h = Math.imul(h ^ by[i], 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}
