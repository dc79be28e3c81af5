/**
 * Synthetic traffic for `heatlens serve --demo`: a few hundred visits to a 1280 × 4000 px
 * demo page with clicks clustered on its buttons, cursor trails and scroll sessions, stored
 * under the site `demo` when the store has none yet. Deterministic (mulberry32, fixed seed).
 */
import type { EventRow } from './schema.js';
import type { Store } from './store.js';

export const DEMO_SITE = 'demo';
export const DEMO_PATH = '/';
const PAGE_W = 1280;
const PAGE_H = 4000;

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Hot spots: [x, y, spread px, selector path]. */
const TARGETS: Array<[number, number, number, string]> = [
  [640, 420, 40, 'main > section#hero > a.cta'],
  [1100, 40, 20, 'header > nav > a.signup'],
  [300, 1600, 60, 'main > section#plans > div.plan:nth-of-type(1) > a.buy'],
  [640, 1600, 60, 'main > section#plans > div.plan:nth-of-type(2) > a.buy'],
  [980, 1600, 60, 'main > section#plans > div.plan:nth-of-type(3) > a.buy'],
  [640, 3600, 80, 'footer > a.contact'],
];

export function demoRows(visits = 400, now = Date.now()): EventRow[] {
  const rand = mulberry32(0x6ea71e25);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const rows: EventRow[] = [];
  const clamp = (v: number, hi: number) => Math.min(hi, Math.max(0, v));
  for (let v = 0; v < visits; v++) {
    const session = `demo_${v.toString(36).padStart(6, '0')}`;
    const mobile = rand() < 0.3;
    const vw = mobile ? 390 : 1280;
    const vh = mobile ? 844 : 800;
    const device = mobile ? 'mobile' : 'desktop';
    let ts = now - Math.floor(rand() * 7 * 86_400_000);
    const common = { site: DEMO_SITE, path: DEMO_PATH, session, device } as const;
    rows.push({ t: 'view', ...common, ts, vw, vh, dw: PAGE_W, dh: PAGE_H });
    // Depth: most visitors leave early, some read to the end (a survival curve).
    const depth = Math.min(PAGE_H, vh + (PAGE_H - vh) * Math.pow(rand(), 1.6));
    for (let y = 0; y + vh < depth; y += 200 + rand() * 400) {
      ts += 500 + Math.floor(rand() * 3000);
      rows.push({ t: 'scroll', ...common, ts, y: Math.round(y), vh, dh: PAGE_H, vw });
      for (let m = 0; m < 8; m++) {
        ts += 50;
        rows.push({ t: 'move', ...common, ts, x: clamp(PAGE_W / 2 + gauss() * 250, PAGE_W), y: clamp(y + vh / 2 + gauss() * 150, PAGE_H), vw, dh: PAGE_H });
      }
    }
    const clicks = Math.floor(rand() * 4);
    for (let k = 0; k < clicks; k++) {
      const [cx, cy, s, sel] = TARGETS[Math.floor(rand() * TARGETS.length)];
      if (cy > depth) continue;
      ts += 300;
      rows.push({
        t: 'click',
        ...common,
        ts,
        x: clamp(cx + gauss() * s, PAGE_W),
        y: clamp(cy + gauss() * s * 0.4, PAGE_H),
        vw,
        vh,
        dw: PAGE_W,
        dh: PAGE_H,
        sel,
        fx: rand(),
        fy: rand(),
        ia: true,
        rage: false,
      });
    }
  }
  return rows;
}

/** Seeds the demo site unless it already has data; resolves to the rows stored. */
export async function seedDemo(store: Store, now = Date.now()): Promise<number> {
  const counts = await store.counts(DEMO_SITE);
  if (counts.views + counts.clicks + counts.moves + counts.scrolls > 0) return 0;
  const rows = demoRows(400, now);
  const r = await store.write({ site: DEMO_SITE, batch: `demo_seed_${now}`, received: now, rows });
  return r.accepted;
}
