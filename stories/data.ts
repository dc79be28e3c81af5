// Deterministic synthetic clicks and a drawn "screenshot" for the stories (no network needed).

function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return (state + 0.5) / 4294967296;
  };
}

export interface Hotspot {
  cx: number;
  cy: number;
  sx: number;
  sy: number;
  share: number;
}

const cache = new Map<string, { x: Float32Array; y: Float32Array }>();

/**
 * `n` clicks on a `width` × `height` page: gaussian hotspots plus 10% uniform noise. The same
 * arguments return the same arrays, so changing a colour control in Storybook does not hand the
 * element new data (which would re-bin instead of re-colouring).
 */
export function syntheticClicks(n: number, width: number, height: number, hotspots: Hotspot[], seed = 1): { x: Float32Array; y: Float32Array } {
  const key = `${n}:${width}:${height}:${seed}:${hotspots.length}`;
  let points = cache.get(key);
  if (!points) cache.set(key, (points = generate(n, width, height, hotspots, seed)));
  return points;
}

function generate(n: number, width: number, height: number, hotspots: Hotspot[], seed = 1): { x: Float32Array; y: Float32Array } {
  const rand = random(seed);
  const x = new Float32Array(n);
  const y = new Float32Array(n);
  const total = hotspots.reduce((a, h) => a + h.share, 0);
  for (let i = 0; i < n; i++) {
    if (rand() < 0.1) {
      x[i] = rand() * width;
      y[i] = rand() * height;
      continue;
    }
    let pick = rand() * total;
    let h = hotspots[0];
    for (const candidate of hotspots) {
      h = candidate;
      pick -= candidate.share;
      if (pick <= 0) break;
    }
    const r = Math.sqrt(-2 * Math.log(rand()));
    const t = 2 * Math.PI * rand();
    x[i] = h.cx + h.sx * r * Math.cos(t);
    y[i] = h.cy + h.sy * r * Math.sin(t);
  }
  return { x, y };
}

/** Hotspots on the demo landing page (see `screenshot`): nav, hero button, three plan buttons. */
export const LANDING_HOTSPOTS: Hotspot[] = [
  { cx: 1060, cy: 32, sx: 40, sy: 8, share: 2 },
  { cx: 640, cy: 330, sx: 60, sy: 12, share: 6 },
  { cx: 300, cy: 760, sx: 50, sy: 10, share: 2 },
  { cx: 640, cy: 760, sx: 50, sy: 10, share: 4 },
  { cx: 980, cy: 760, sx: 50, sy: 10, share: 1 },
  { cx: 200, cy: 1120, sx: 120, sy: 40, share: 1 },
];

/** A landing page drawn as SVG (a stand-in for a real screenshot), `width` × `height` px. */
export function screenshot(width = 1280, height = 1300): string {
  const plan = (x: number, title: string) =>
    `<rect x="${x - 150}" y="520" width="300" height="300" rx="12" fill="#fff" stroke="#d0d7e2"/>` +
    `<text x="${x}" y="580" font-size="26" text-anchor="middle" fill="#1d2433">${title}</text>` +
    `<rect x="${x - 70}" y="740" width="140" height="40" rx="8" fill="#2f6fde"/>` +
    `<text x="${x}" y="767" font-size="16" text-anchor="middle" fill="#fff">Choose</text>`;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="system-ui, sans-serif">
    <rect width="100%" height="100%" fill="#f5f7fb"/>
    <rect width="100%" height="64" fill="#1d2433"/>
    <text x="40" y="40" font-size="22" fill="#fff">heatlens demo</text>
    <text x="1060" y="38" font-size="16" fill="#fff" text-anchor="middle">Sign in</text>
    <text x="640" y="220" font-size="48" text-anchor="middle" fill="#1d2433">Maps of real clicks</text>
    <rect x="560" y="308" width="160" height="44" rx="8" fill="#2f6fde"/>
    <text x="640" y="336" font-size="18" text-anchor="middle" fill="#fff">Start free</text>
    ${plan(300, 'Free')}${plan(640, 'Pro')}${plan(980, 'Team')}
    <rect x="60" y="1000" width="1160" height="240" rx="12" fill="#e8edf5"/>
    <text x="200" y="1125" font-size="20" text-anchor="middle" fill="#1d2433">FAQ</text>
  </svg>`;
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}

/** Cursor samples as the tracker sends them, grouped by session and in time order. */
export interface SyntheticMoves {
  session: Uint32Array;
  ts: Float64Array;
  x: Float32Array;
  y: Float32Array;
}

/** Where visitors of the landing page read and hover (see `screenshot`): headline, hero, plans, FAQ. */
export const LANDING_READING: Hotspot[] = [
  { cx: 640, cy: 215, sx: 220, sy: 18, share: 5 },
  { cx: 640, cy: 330, sx: 70, sy: 14, share: 3 },
  { cx: 300, cy: 640, sx: 110, sy: 90, share: 2 },
  { cx: 640, cy: 640, sx: 110, sy: 90, share: 4 },
  { cx: 980, cy: 640, sx: 110, sy: 90, share: 1 },
  { cx: 640, cy: 1120, sx: 500, sy: 80, share: 2 },
];

const MOVE_HZ = 10;
const movesCache = new Map<string, SyntheticMoves>();

/**
 * `sessions` visits of a `width` × `height` page, sampled like the tracker (10 Hz, only while
 * the cursor moves): each visitor reads a few regions — a slow drift along a line, the
 * fixation-like part that carries attention — with fast ballistic moves between them and now
 * and then a parked cursor (a long silent gap, which the idle cap limits). Memoised like
 * `syntheticClicks`.
 */
export function syntheticMoves(sessions: number, width: number, height: number, regions: Hotspot[] = LANDING_READING, seed = 5): SyntheticMoves {
  const key = `${sessions}:${width}:${height}:${seed}:${regions.length}`;
  let moves = movesCache.get(key);
  if (!moves) movesCache.set(key, (moves = generateMoves(sessions, width, height, regions, seed)));
  return moves;
}

function generateMoves(sessions: number, width: number, height: number, regions: Hotspot[], seed: number): SyntheticMoves {
  const rand = random(seed);
  const total = regions.reduce((a, r) => a + r.share, 0);
  const pick = () => {
    let p = rand() * total;
    for (const r of regions) if ((p -= r.share) <= 0) return r;
    return regions[regions.length - 1];
  };
  const session: number[] = [];
  const ts: number[] = [];
  const xs: number[] = [];
  const ys: number[] = [];
  const step = 1000 / MOVE_HZ;
  for (let s = 0; s < sessions; s++) {
    let t = Date.UTC(2026, 10, 1) + s * 61_000;
    let x = rand() * width;
    let y = rand() * Math.min(height, 800);
    const emit = () => {
      session.push(s);
      ts.push(Math.round(t));
      xs.push(Math.min(width, Math.max(0, x)));
      ys.push(Math.min(height, Math.max(0, y)));
    };
    emit();
    const visits = 2 + Math.floor(rand() * 5);
    for (let v = 0; v < visits; v++) {
      const r = pick();
      // Ballistic: 1500–3000 px/s to the start of a line in the region, a few samples in flight.
      const tx = r.cx - r.sx * (0.5 + 0.5 * rand());
      const ty = r.cy + r.sy * (2 * rand() - 1);
      const flight = (Math.hypot(tx - x, ty - y) / (1500 + 1500 * rand())) * 1000;
      const x0 = x;
      const y0 = y;
      for (let k = 1; k * step < flight; k++) {
        t += step;
        x = x0 + ((tx - x0) * k * step) / flight;
        y = y0 + ((ty - y0) * k * step) / flight;
        emit();
      }
      t += step;
      x = tx;
      y = ty;
      emit();
      // Reading: drift rightwards at 40–120 px/s with a little jitter for 1–6 s.
      const speed = 40 + 80 * rand();
      const dwell = 1000 + 5000 * rand();
      for (let d = step; d <= dwell; d += step) {
        t += step;
        x += (speed * step) / 1000 + (rand() - 0.5) * 2;
        y += (rand() - 0.5) * 2;
        emit();
      }
      // Parked: the cursor rests and sends nothing for 2–20 s.
      if (rand() < 0.25) t += 2000 + 18_000 * rand();
    }
  }
  return { session: Uint32Array.from(session), ts: Float64Array.from(ts), x: Float32Array.from(xs), y: Float32Array.from(ys) };
}
