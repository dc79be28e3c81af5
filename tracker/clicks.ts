// Clicks and taps: page position, the target's selector path, the offset inside its box as
// fractions, whether it is interactive, and rage clicks (3+ clicks within a second, all within
// 30 px of each other).
import type { ClickEvent, Emit } from './types.js';
import { L } from './layout.js';
import { ignored } from './privacy.js';
import { on } from './safe.js';
import { selectorOf } from './selector.js';
import { path } from './views.js';

const INTERACTIVE =
  'a[href],button,input,select,textarea,label,summary,[role=button],[role=link],[role=checkbox],[role=radio],' +
  '[role=switch],[role=tab],[role=menuitem],[role=option],[onclick],[contenteditable=""],[contenteditable=true],' +
  '[tabindex]:not([tabindex="-1"])';
const RAGE_MS = 1000;
const RAGE_PX = 30;
const RAGE_CLICKS = 3;

const coord = (v: number): number => Math.min(1e6, Math.max(0, Math.round(v)));
const frac = (d: number, size: number): number => (size > 0 ? Math.min(1, Math.max(0, Math.round((d / size) * 1000) / 1000)) : 0);

export function startClicks(emit: Emit): void {
  let recent: ClickEvent[] = [];
  let stamp = '';
  on(document, 'click', (e: MouseEvent) => {
    const hit = e.target;
    // detail is 0 for clicks without a pointer position (keyboard activation, element.click()):
    // their coordinates are meaningless (0, 0). A <label> forwards its click to its control as
    // a second click with the same timeStamp and position: one physical click, counted once.
    const id = `${e.timeStamp} ${e.clientX} ${e.clientY}`;
    if (!e.detail || id === stamp || !(hit instanceof Element) || ignored(hit)) return;
    stamp = id;
    // The interactive element the user aimed at (the button, not the icon inside it).
    const control = hit.closest(INTERACTIVE);
    const el = control || hit;
    // Layout is clean here: the browser has just hit-tested this click, and this capturing
    // listener on document runs before the page's own handlers can dirty it.
    const box = el.getBoundingClientRect();
    const ev: ClickEvent = {
      t: 'click',
      ts: Date.now(),
      path: path(),
      x: coord(e.pageX),
      y: coord(e.pageY),
      vw: L.vw,
      vh: L.vh,
      dw: L.dw,
      dh: L.dh,
      sel: selectorOf(el),
      fx: frac(e.clientX - box.left, box.width),
      fy: frac(e.clientY - box.top, box.height),
      ia: !!control,
      rage: false,
    };
    recent = recent.filter((c) => ev.ts - c.ts < RAGE_MS && Math.abs(c.x - ev.x) < RAGE_PX && Math.abs(c.y - ev.y) < RAGE_PX);
    recent.push(ev);
    // Earlier clicks of the burst are still queued (batches leave every few seconds), so
    // flagging them here flags what is sent.
    if (recent.length >= RAGE_CLICKS) for (const c of recent) c.rage = true;
    emit(ev);
  });
}
