// Measures the demo site in real Chromium, the way the tracker would see it: each page's document
// size at a viewport width, and the box (page px) and tracker selector path of every element
// the seeded traffic clicks. ingest/demo-layout.ts holds the result; demo-layout.test.ts checks
// that it still matches the pages.
import type { Page } from 'playwright-core';

export interface MeasuredTarget {
  sel: string;
  x: number;
  y: number;
  w: number;
  h: number;
  ia: boolean;
  /** Where a link leads (its href attribute), or null. */
  href: string | null;
}

export interface MeasuredPage {
  dw: number;
  dh: number;
  targets: MeasuredTarget[];
  /** Targets whose inset box does not hit-test back to them (must be empty). */
  misses: string[];
}

/** What the seeded traffic clicks: everything interactive, and a few things people click anyway. */
export const TARGETS = 'a[href], button, summary, h1, h2, .play-badge, .logo-tile, .step-picture, .price';
/** Seeded clicks stay this share of the box away from each edge (rounded corners, borders). */
export const INSET = 0.15;

/**
 * Runs in the page. `selectorSource` is tracker/selector.ts compiled (its `selectorOf`), so the
 * paths are the tracker's own. Each target's inset box is hit-tested at 9 points: the element
 * found there, or its interactive ancestor (as the tracker resolves a click), must be the target.
 */
export async function measurePage(page: Page, selectorSource: string): Promise<MeasuredPage> {
  return page.evaluate(
    ({ src, targets, inset }) => {
      const selectorOf = new Function(`${src.replace(/^export /gm, '')}; return selectorOf;`)() as (el: Element) => string;
      const INTERACTIVE =
        'a[href],button,input,select,textarea,label,summary,[role=button],[role=link],[role=checkbox],[role=radio],' +
        '[role=switch],[role=tab],[role=menuitem],[role=option],[onclick],[contenteditable=""],[contenteditable=true],' +
        '[tabindex]:not([tabindex="-1"])';
      const root = document.scrollingElement || document.documentElement;
      const out: MeasuredTarget[] = [];
      const misses: string[] = [];
      for (const el of document.querySelectorAll(targets)) {
        if (el.closest('[data-heatlens-ignore]')) continue;
        const r0 = el.getBoundingClientRect();
        if (r0.width < 4 || r0.height < 4) continue; // hidden at this width
        const box = { x: r0.left + scrollX, y: r0.top + scrollY, w: r0.width, h: r0.height };
        const target = el.closest(INTERACTIVE) ?? el;
        if (target !== el) continue; // counted as its interactive ancestor
        let ok = true;
        for (const fx of [inset, 0.5, 1 - inset]) {
          for (const fy of [inset, 0.5, 1 - inset]) {
            const px = box.x + fx * box.w;
            const py = box.y + fy * box.h;
            window.scrollTo(0, Math.max(0, py - innerHeight / 2));
            const hit = document.elementFromPoint(px - scrollX, py - scrollY);
            const resolved = hit ? (hit.closest(INTERACTIVE) ?? hit) : null;
            if (resolved !== el) ok = false;
          }
        }
        window.scrollTo(0, 0);
        const sel = selectorOf(el);
        if (!ok) misses.push(sel);
        else out.push({ sel, ...box, ia: el.matches(INTERACTIVE), href: el.getAttribute('href') });
      }
      return { dw: root.scrollWidth, dh: root.scrollHeight, targets: out, misses };
    },
    { src: selectorSource, targets: TARGETS, inset: INSET },
  );
}
