/**
 * Synthetic visitors of the demo site, for `heatlens serve --demo`: sessions spread over the last
 * 30 days with a daily rhythm, on desktop, tablet and mobile layouts, that land on a page, read
 * down it as far as their patience takes them, click what they came for and move on to the next
 * page or leave. Every click lands inside the box of a real element of the page, with the
 * selector path the tracker would record (ingest/demo-layout.ts), so maps line up with the live
 * page. Deterministic: the same seed gives the same traffic.
 *
 * The cursor (desktop only: the tracker ignores touch) follows the pattern eye-tracking studies
 * describe for pointing and reading: fast aimed movements with a minimum-jerk velocity profile
 * (Flash & Hogan, J. Neurosci. 1985) whose duration follows Fitts' law (Fitts, 1954; constants
 * of the order MacKenzie, HCI 1992 measured for mice), then dwells with small drift where the
 * visitor reads or aims — so attention maps get fixations, not uniform noise.
 */
import { DEMO_LAYOUTS, type DemoDevice, type DemoLayout, type DemoTarget } from './demo-layout.js';
import type { EventRow } from './schema.js';

export const DEMO_SITE = 'demo';
/** Tracker limits: cursor samples at most 10 per second, scroll samples at least 250 ms apart. */
const MOVE_MS = 100;
const SCROLL_MS = 250;
const DAY = 86_400_000;
/**
 * Share of desktop sessions given cursor trails. Trails are most of the rows (ten samples a second
 * while the hand moves); a tenth of the sessions already gives the landing page's attention map
 * over a million samples, and keeps the first start quick.
 */
const CURSOR_SHARE = 0.1;
/** Seeded clicks keep this share of the box away from each edge (as demo-layout.test.ts checks). */
export const CLICK_INSET = 0.15;

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Page = '/demo/' | '/demo/pricing' | '/demo/docs' | '/demo/signup';

/** Where a session starts, and where a visitor goes from each page (the rest leave). */
const ENTRY: Array<[Page, number]> = [['/demo/', 0.72], ['/demo/pricing', 0.14], ['/demo/docs', 0.14]];
const NEXT: Record<Page, Array<[Page, number]>> = {
  '/demo/': [['/demo/pricing', 0.34], ['/demo/signup', 0.16], ['/demo/docs', 0.12]],
  '/demo/pricing': [['/demo/signup', 0.3], ['/demo/', 0.1], ['/demo/docs', 0.08]],
  '/demo/docs': [['/demo/signup', 0.12], ['/demo/pricing', 0.1], ['/demo/', 0.06]],
  '/demo/signup': [],
};
const DEVICES: Array<[DemoDevice, number]> = [['desktop', 0.58], ['mobile', 0.34], ['tablet', 0.08]];
/** Mean clicks per page visit: busy pages with tabs, FAQs and a fake video collect many. */
const CLICKS: Record<Page, Record<DemoDevice, number>> = {
  '/demo/': { desktop: 20, tablet: 15, mobile: 13 },
  '/demo/pricing': { desktop: 6, tablet: 5, mobile: 4 },
  '/demo/docs': { desktop: 4, tablet: 3, mobile: 2 },
  '/demo/signup': { desktop: 3, tablet: 3, mobile: 3 },
};

/** How much an element draws clicks, by its selector path; everything else weighs 1. */
const ATTRACTION: Array<[RegExp, number]> = [
  [/a#hero-cta$/, 30],
  [/a\[data-heatlens-id="plan-growth"\]$/, 30],
  [/button#signup-submit$/, 30],
  [/span\.play-badge$/, 4],
  [/a\.button$/, 14],
  [/a\[data-heatlens-id="plan-starter"\]$/, 14],
  [/button#sso-/, 12],
  [/a#(hero-pricing|footer-cta|docs-signup)$/, 11],
  [/button\.copy-button$/, 15],
  [/button\.billing-option/, 10],
  [/a\[data-heatlens-id="plan-scale"\]$/, 8],
  [/button\.tab/, 8],
  [/summary$/, 7],
  [/a\.nav-link/, 6],
  [/(a\.doc-nav-link|button\.vote)/, 4],
  [/a\.logo$/, 4],
  [/a\.card-link$/, 3],
  [/(a\.compare-more|a\.footer-link|a\.terms-link)/, 2],
  [/div\.logo-tile/, 0.5],
];
/** The picture that looks like a video: visitors who try it often click again and again. */
const RAGE_TARGET = /span\.play-badge$/;

function attraction(sel: string): number {
  for (const [re, w] of ATTRACTION) if (re.test(sel)) return w;
  return 1;
}

function pick<T>(rand: () => number, items: Array<[T, number]>): T | undefined {
  let u = rand();
  for (const [item, p] of items) {
    if (u < p) return item;
    u -= p;
  }
  return undefined;
}

/** Knuth's Poisson sampler: fine for the small means above. */
function poisson(rand: () => number, mean: number): number {
  const limit = Math.exp(-mean);
  let k = 0;
  for (let p = rand(); p > limit; p *= rand()) k++;
  return k;
}

interface Cumulative {
  targets: readonly DemoTarget[];
  weights: Float64Array;
}
const cumulative = new Map<DemoLayout, Cumulative>();

/** Picks a target whose middle lies above `depth` (and that `keep` accepts), by attraction. */
function pickTarget(rand: () => number, layout: DemoLayout, depth: number, keep: (t: DemoTarget) => boolean = () => true): DemoTarget | undefined {
  let c = cumulative.get(layout);
  if (!c) {
    c = { targets: layout.targets, weights: Float64Array.from(layout.targets, (t) => attraction(t[0])) };
    cumulative.set(layout, c);
  }
  let total = 0;
  const eligible = (t: DemoTarget) => t[2] + t[4] / 2 <= depth && keep(t);
  for (let i = 0; i < c.targets.length; i++) if (eligible(c.targets[i])) total += c.weights[i];
  if (total === 0) return undefined;
  let u = rand() * total;
  for (let i = 0; i < c.targets.length; i++) {
    const t = c.targets[i];
    if (!eligible(t)) continue;
    if (u < c.weights[i]) return t;
    u -= c.weights[i];
  }
  return undefined;
}

/**
 * One session's events, in time order. `start` is its first page view (ms); `rand` the shared
 * generator (the caller's sequence of sessions fixes the traffic).
 */
export function demoSession(rand: () => number, session: string, start: number): EventRow[] {
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const device = pick(rand, DEVICES) ?? 'desktop';
  const mouse = device === 'desktop' && rand() < CURSOR_SHARE;
  const rows: EventRow[] = [];
  let page = pick(rand, ENTRY) ?? '/demo/';
  let ts = start;
  let ref: string | undefined;
  for (let visits = 0; visits < 6; visits++) {
    const layout = DEMO_LAYOUTS[page][device];
    const { vw, vh, dw, dh } = layout;
    const base = { site: DEMO_SITE, path: page, session, device } as const;
    rows.push({ t: 'view', ...base, ts, vw, vh, dw, dh, ...(ref ? { ref } : {}) });
    // How far this visitor reads: a third reach the bottom, the rest stop on the way (a survival curve).
    const depth = rand() < 0.33 ? dh : vh + (dh - vh) * Math.pow(rand(), 1.5);
    const clicks: DemoTarget[] = [];
    for (let k = poisson(rand, CLICKS[page][device]); k > 0; k--) {
      const t = pickTarget(rand, layout, depth);
      if (t) clicks.push(t);
    }
    clicks.sort((a, b) => a[2] - b[2]);
    let top = 0;
    let cx = vw * (0.3 + 0.4 * rand());
    let cy = vh * (0.2 + 0.5 * rand());

    const scrollTo = (want: number) => {
      want = Math.round(Math.min(Math.max(0, want), dh - vh));
      if (want === top) return;
      // A gesture of a few hundred ms, sampled as the tracker does; the cursor rides along.
      const steps = 1 + Math.floor(Math.abs(want - top) / 500);
      for (let s = 1; s <= steps; s++) {
        ts += SCROLL_MS + Math.floor(rand() * 150);
        rows.push({ t: 'scroll', ...base, ts, y: Math.round(top + ((want - top) * s) / steps), vh, dh, vw });
      }
      // The hand stays put on the screen, so the cursor moves down the page with it.
      cy += want - top;
      top = want;
    };
    const moveTo = (x: number, y: number) => {
      if (!mouse) return;
      // Fitts' law duration, minimum-jerk profile: slow start, fast middle, slow landing.
      const dist = Math.hypot(x - cx, y - cy);
      const duration = 100 + 150 * Math.log2(1 + dist / 40);
      const n = Math.max(1, Math.round(duration / MOVE_MS));
      const x0 = cx;
      const y0 = cy;
      for (let i = 1; i <= n; i++) {
        const tau = i / n;
        const s = tau * tau * tau * (10 - 15 * tau + 6 * tau * tau);
        ts += MOVE_MS;
        rows.push({ t: 'move', ...base, ts, x: clampRound(x0 + (x - x0) * s, dw), y: clampRound(y0 + (y - y0) * s, dh), vw, dh });
      }
      cx = x;
      cy = y;
    };
    const dwell = (ms: number) => {
      // Reading or aiming: the hand rests, with a small drift now and then.
      const end = ts + ms;
      while (mouse && ts + 400 < end) {
        ts += 250 + Math.floor(rand() * 500);
        cx += gauss() * 3;
        cy += gauss() * 3;
        rows.push({ t: 'move', ...base, ts, x: clampRound(cx, dw), y: clampRound(cy, dh), vw, dh });
      }
      ts = Math.max(ts, Math.round(end));
    };
    const read = () => {
      // A fixation on the content in view, left-weighted as readers scan (the F pattern).
      const x = dw * (0.1 + 0.55 * Math.pow(rand(), 1.4));
      const y = top + vh * (0.15 + 0.7 * rand());
      moveTo(x, y);
      dwell(400 + Math.exp(6.5 + 0.6 * gauss()));
    };

    const click = (t: DemoTarget) => {
      const [sel, bx, by, bw, bh, ia] = t;
      if (by < top || by + bh > top + vh) scrollTo(by + bh / 2 - vh * (0.3 + 0.4 * rand()));
      if (rand() < 0.5) read();
      const inside = () => Math.min(1 - CLICK_INSET, Math.max(CLICK_INSET, 0.5 + 0.16 * gauss()));
      const fx = inside();
      const fy = inside();
      const x = Math.round(bx + fx * bw);
      const y = Math.round(by + fy * bh);
      moveTo(x, y);
      dwell(150 + Math.exp(5.5 + 0.5 * gauss()));
      const burst = RAGE_TARGET.test(sel) && rand() < 0.45 ? 3 + Math.floor(rand() * 4) : 1;
      for (let b = 0; b < burst; b++) {
        if (b > 0) ts += 120 + Math.floor(rand() * 120);
        const jx = b ? Math.round(gauss() * 3) : 0;
        const jy = b ? Math.round(gauss() * 3) : 0;
        const px = Math.min(Math.max(x + jx, bx + CLICK_INSET * bw), bx + (1 - CLICK_INSET) * bw);
        const py = Math.min(Math.max(y + jy, by + CLICK_INSET * bh), by + (1 - CLICK_INSET) * bh);
        rows.push({
          t: 'click',
          ...base,
          ts,
          x: Math.round(px),
          y: Math.round(py),
          vw,
          vh,
          dw,
          dh,
          sel,
          fx: Math.round(((Math.round(px) - bx) / bw) * 1000) / 1000,
          fy: Math.round(((Math.round(py) - by) / bh) * 1000) / 1000,
          ia,
          rage: burst >= 3,
        });
      }
    };

    read();
    for (const t of clicks) click(t);
    // Read on to where this visitor's patience ends.
    while (top + vh < depth - 1) {
      scrollTo(Math.min(depth - vh, top + vh * (0.5 + 0.4 * rand())));
      if (rand() < 0.6) read();
    }
    // Leaving for another page of the site means clicking a link to it: one in reach, or in
    // the header (back up the page). No such link: the visitor leaves the site instead.
    const next = pick(rand, NEXT[page]);
    const link = next && pickTarget(rand, layout, Math.max(depth, 100), (t) => linkPath(t[6]) === next);
    if (!next || !link) break;
    click(link);
    ts += 300 + Math.floor(rand() * 1200);
    ref = page;
    page = next;
  }
  return rows;
}

/** The demo page a link leads to (`/demo/docs#x` → `/demo/docs`), or null for none. */
function linkPath(href: string | null): string | null {
  return href === null ? null : href.replace(/[#?].*$/, '');
}

function clampRound(v: number, hi: number): number {
  return Math.min(hi, Math.max(0, Math.round(v)));
}

/**
 * A session start within the 30 days before `now`: busier on weekdays and in the afternoon
 * (UTC), quieter at night — drawn by rejection against that rhythm.
 */
export function sessionStart(rand: () => number, now: number): number {
  for (;;) {
    // Sessions last minutes: starting 15 minutes back at the latest keeps every event in the past.
    const t = now - 900_000 - Math.floor(rand() * 30 * DAY);
    const d = new Date(t);
    const hour = d.getUTCHours() + d.getUTCMinutes() / 60;
    const daily = 0.25 + 0.75 * Math.pow(Math.sin((Math.PI * Math.max(0, hour - 6)) / 18), 2);
    const weekly = d.getUTCDay() === 0 || d.getUTCDay() === 6 ? 0.6 : 1;
    if (rand() < daily * weekly) return t;
  }
}

/** A session id in the tracker's format: random, so ordering by id is a random order. */
export function sessionId(rand: () => number): string {
  let s = 's_';
  for (let i = 0; i < 16; i++) s += 'abcdefghijklmnopqrstuvwxyz0123456789'[Math.floor(rand() * 36)];
  return s;
}
