// A CSS selector path for an element, stable across page loads and deploys: anchored at the
// nearest unique `data-heatlens-id` or hand-written id, made of tag names with test ids or
// readable class names, and `:nth-of-type` only where siblings would otherwise be confused.
// Generated ids (`ember123`, `:r1:`) and hashed class names (`css-1x2y3`, `sc-aXZVg`) change
// with every build, so they are left out. Never any text, value, href or title.

/** Attributes authors add to name elements, best first. */
const NAMES = ['data-heatlens-id', 'data-testid', 'data-test', 'data-cy'];
/** A hand-written id: a letter, then word characters or dashes, and no run of 3+ digits. */
const STABLE_ID = /^(?!.*\d{3})[A-Za-z][\w-]{0,63}$/;
/** A readable class: lowercase words joined by - or _ (BEM included); hashes have digits or capitals. */
const WORD = /^[a-z]+([_-]+[a-z]+)*$/;
const MAX = 1024;

const unique = (sel: string): boolean => document.querySelectorAll(sel).length === 1;

function step(el: Element): [sel: string, anchor: boolean] {
  const tag = el.localName;
  const id = el.id;
  if (id && STABLE_ID.test(id)) {
    const sel = tag + '#' + CSS.escape(id);
    if (unique(sel)) return [sel, true];
  }
  for (const name of NAMES) {
    const v = el.getAttribute(name);
    if (v && v.length <= 100) {
      const sel = `${tag}[${name}="${CSS.escape(v)}"]`;
      return [sel, unique(sel)];
    }
  }
  for (const c of el.classList) if (WORD.test(c)) return [tag + '.' + c, false];
  return [tag, false];
}

/** A selector that `document.querySelector` resolves back to `el` (for elements in the document). */
export function selectorOf(el: Element): string {
  const body = document.body;
  const steps: string[] = [];
  let anchored = false;
  for (let e: Element | null = el; e && e !== body && e !== document.documentElement; e = e.parentElement) {
    const [named, anchor] = step(e);
    let sel = named;
    if (anchor) {
      steps.unshift(sel);
      anchored = true;
      break;
    }
    const parent: Element | null = e.parentElement;
    if (parent) {
      for (const sib of parent.children) {
        if (sib !== e && sib.matches(sel)) {
          // The position among siblings of the same tag, which is what :nth-of-type counts.
          let i = 1;
          for (let s: Element | null = e.previousElementSibling; s; s = s.previousElementSibling) if (s.localName === e.localName) i++;
          sel += `:nth-of-type(${i})`;
          break;
        }
      }
    }
    steps.unshift(sel);
  }
  if (!steps.length) return el.localName;
  let out = steps.join(' > ');
  if (out.length > MAX - 7) {
    // Absurdly deep trees: keep the end of the path, which still names the element.
    while (out.length > MAX && steps.length > 1) out = (steps.shift(), steps.join(' > '));
    return out.slice(-MAX);
  }
  // An unanchored path starts below <body>; pin it there if it also matches something earlier.
  return anchored || document.querySelector(out) === el ? out : 'body > ' + out;
}
