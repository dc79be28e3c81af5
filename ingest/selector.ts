/**
 * The CSS-selector filter on click targets. Clicks store the target's selector path as the
 * tracker wrote it (`main > section#plans > a[data-heatlens-id="buy-pro"]`); a selector given
 * today is matched against those stored paths, so it filters clicks recorded before it was
 * written. A click matches when its target or one of its recorded ancestors matches (like
 * `target.closest(selector)`), so `.pricing` keeps clicks inside `.pricing`.
 *
 * Supported (see ingest/README.md): selector lists `a, b`; descendant (space) and child (`>`)
 * combinators; `*` and type selectors; `#id`, `.class`; `[attr]`, `[attr=v]`, `~=`, `|=`,
 * `^=`, `$=`, `*=` with an optional ` i` flag; `:nth-child(An+B)`, `:nth-of-type(An+B)`,
 * `:first-child`, `:first-of-type` (only where the path recorded a position); `:not(…)` of
 * compound selectors. Sibling combinators and other pseudo-classes are refused: a stored path
 * has no siblings and no state to test them against.
 *
 * Only what the path recorded is known about an element: an attribute the tracker did not
 * write counts as absent, and a child combinator needs a recorded `>` link.
 */

export class SelectorError extends Error {
  override name = 'SelectorError';
}

type AttrOp = '' | '=' | '~=' | '|=' | '^=' | '$=' | '*=';

interface AttrTest {
  name: string;
  op: AttrOp;
  value: string;
  insensitive: boolean;
}

interface Nth {
  a: number;
  b: number;
}

/** One compound selector; a stored path's elements use the same shape (nth as a=0, b=index). */
export interface Compound {
  tag: string | null; // lower case; null is "*"
  ids: string[];
  classes: string[];
  attrs: AttrTest[];
  nthChild: Nth[];
  nthOfType: Nth[];
  not: Compound[];
}

/** Compounds from the root-most to the subject; links[i] joins parts[i-1] and parts[i]. */
export interface Complex {
  parts: Compound[];
  links: Array<'>' | ' '>;
}

class Parser {
  i = 0;
  constructor(readonly s: string) {}

  fail(what: string): never {
    throw new SelectorError(`${what} at position ${this.i + 1} of selector "${this.s}"`);
  }
  peek(): string {
    return this.s[this.i] ?? '';
  }
  skipSpace(): boolean {
    const start = this.i;
    while (/\s/.test(this.peek()) && this.i < this.s.length) this.i++;
    return this.i > start;
  }

  ident(): string {
    let out = '';
    for (;;) {
      const c = this.peek();
      if (c === '\\') {
        this.i++;
        const hex = /^[0-9a-fA-F]{1,6}/.exec(this.s.slice(this.i));
        if (hex) {
          this.i += hex[0].length;
          if (/\s/.test(this.peek())) this.i++; // a hex escape may be ended by one space
          out += String.fromCodePoint(Math.min(parseInt(hex[0], 16), 0x10ffff));
        } else if (this.i < this.s.length) out += this.s[this.i++];
        else this.fail('escape at end');
      } else if (c !== '' && (/[\w-]/.test(c) || c.charCodeAt(0) >= 0x80)) {
        out += c;
        this.i++;
      } else break;
    }
    if (!out) this.fail('expected a name');
    return out;
  }

  string(): string {
    const quote = this.s[this.i++];
    let out = '';
    while (this.i < this.s.length && this.s[this.i] !== quote) {
      if (this.s[this.i] === '\\') {
        this.i++;
        const hex = /^[0-9a-fA-F]{1,6}/.exec(this.s.slice(this.i));
        if (hex) {
          this.i += hex[0].length;
          if (/\s/.test(this.peek())) this.i++;
          out += String.fromCodePoint(Math.min(parseInt(hex[0], 16), 0x10ffff));
          continue;
        }
      }
      out += this.s[this.i++] ?? '';
    }
    if (this.s[this.i] !== quote) this.fail('unterminated string');
    this.i++;
    return out;
  }

  nth(): Nth {
    const start = this.i;
    const close = this.s.indexOf(')', start);
    if (close < 0) this.fail('expected ")"');
    const text = this.s.slice(start, close).trim().toLowerCase().replace(/\s+/g, '');
    this.i = close;
    if (text === 'odd') return { a: 2, b: 1 };
    if (text === 'even') return { a: 2, b: 0 };
    const m = /^(?:([+-]?\d*)n)?([+-]?\d+)?$/.exec(text);
    if (!m || text === '') this.fail('expected An+B');
    const a = m[1] === undefined ? 0 : m[1] === '' || m[1] === '+' ? 1 : m[1] === '-' ? -1 : Number(m[1]);
    const b = m[2] === undefined ? 0 : Number(m[2]);
    return { a, b };
  }

  compound(): Compound {
    const c: Compound = { tag: null, ids: [], classes: [], attrs: [], nthChild: [], nthOfType: [], not: [] };
    let any = false;
    if (this.peek() === '*') {
      this.i++;
      any = true;
    } else if (/[\w\\-]/.test(this.peek()) || this.peek().charCodeAt(0) >= 0x80) {
      c.tag = this.ident().toLowerCase();
      any = true;
    }
    for (;;) {
      const ch = this.peek();
      if (ch === '#') {
        this.i++;
        c.ids.push(this.ident());
      } else if (ch === '.') {
        this.i++;
        c.classes.push(this.ident());
      } else if (ch === '[') {
        this.i++;
        this.skipSpace();
        const name = this.ident().toLowerCase();
        this.skipSpace();
        let op: AttrOp = '';
        let value = '';
        let insensitive = false;
        const m = /^([~|^$*]?=)/.exec(this.s.slice(this.i));
        if (m) {
          op = m[1] as AttrOp;
          this.i += m[1].length;
          this.skipSpace();
          value = this.peek() === '"' || this.peek() === "'" ? this.string() : this.ident();
          this.skipSpace();
          if (/[is]/i.test(this.peek()) && /[\s\]]/.test(this.s[this.i + 1] ?? '')) {
            insensitive = this.peek().toLowerCase() === 'i';
            this.i++;
            this.skipSpace();
          }
        }
        if (this.peek() !== ']') this.fail('expected "]"');
        this.i++;
        c.attrs.push({ name, op, value, insensitive });
      } else if (ch === ':') {
        this.i++;
        if (this.peek() === ':') this.fail('pseudo-elements are not supported');
        const name = this.ident().toLowerCase();
        if (name === 'first-child') c.nthChild.push({ a: 0, b: 1 });
        else if (name === 'first-of-type') c.nthOfType.push({ a: 0, b: 1 });
        else if (name === 'nth-child' || name === 'nth-of-type' || name === 'not') {
          if (this.peek() !== '(') this.fail(`expected "(" after :${name}`);
          this.i++;
          if (name === 'not') {
            for (;;) {
              this.skipSpace();
              c.not.push(this.compound());
              this.skipSpace();
              if (this.peek() === ',') {
                this.i++;
                continue;
              }
              break;
            }
          } else (name === 'nth-child' ? c.nthChild : c.nthOfType).push(this.nth());
          if (this.peek() !== ')') this.fail('expected ")"');
          this.i++;
        } else this.fail(`the pseudo-class :${name} is not supported`);
      } else break;
      any = true;
    }
    if (!any) this.fail(this.peek() ? `unexpected "${this.peek()}"` : 'expected a selector');
    return c;
  }

  complex(): Complex {
    const parts: Compound[] = [this.compound()];
    const links: Array<'>' | ' '> = [];
    for (;;) {
      const spaced = this.skipSpace();
      const ch = this.peek();
      if (ch === '' || ch === ',' || ch === ')') break;
      if (ch === '+' || ch === '~') this.fail(`the sibling combinator "${ch}" is not supported`);
      if (ch === '>') {
        this.i++;
        this.skipSpace();
        links.push('>');
      } else if (spaced) links.push(' ');
      else this.fail(`unexpected "${ch}"`);
      parts.push(this.compound());
    }
    return { parts, links };
  }
}

/** Parses a selector list; throws SelectorError (with the position) outside the subset. */
export function parseSelector(text: string): Complex[] {
  if (text.length > 1024) throw new SelectorError('selector longer than 1024 chars');
  const p = new Parser(text);
  const list: Complex[] = [];
  for (;;) {
    p.skipSpace();
    list.push(p.complex());
    p.skipSpace();
    if (p.peek() === ',') {
      p.i++;
      continue;
    }
    if (p.i < text.length) p.fail(`unexpected "${p.peek()}"`);
    return list;
  }
}

/** A stored selector path as a chain of elements; null when it cannot be read as one. */
export function parseStoredPath(sel: string): Complex | null {
  try {
    const list = parseSelector(sel);
    return list.length === 1 ? list[0] : null;
  } catch {
    return null;
  }
}

function nthIndex(list: Nth[]): number | undefined {
  // A recorded position is a plain number (`:nth-of-type(3)`), i.e. a = 0.
  const exact = list.find((n) => n.a === 0);
  return exact?.b;
}

function nthMatches(n: Nth, index: number | undefined): boolean {
  if (index === undefined) return false;
  if (n.a === 0) return index === n.b;
  const k = (index - n.b) / n.a;
  return Number.isInteger(k) && k >= 0;
}

function attrValue(el: Compound, name: string): string | undefined {
  if (name === 'id') return el.ids.length ? el.ids[0] : el.attrs.find((a) => a.name === 'id' && a.op === '=')?.value;
  if (name === 'class') {
    const extra = el.attrs.filter((a) => a.name === 'class' && a.op === '=').map((a) => a.value);
    return el.classes.length || extra.length ? [...el.classes, ...extra].join(' ') : undefined;
  }
  const a = el.attrs.find((x) => x.name === name);
  if (!a) return undefined;
  return a.op === '=' ? a.value : a.op === '' ? '' : undefined;
}

function attrMatches(t: AttrTest, el: Compound): boolean {
  let v = attrValue(el, t.name);
  if (v === undefined) return false;
  if (t.op === '') return true;
  let want = t.value;
  if (t.insensitive) {
    v = v.toLowerCase();
    want = want.toLowerCase();
  }
  switch (t.op) {
    case '=':
      return v === want;
    case '~=':
      return want !== '' && !/\s/.test(want) && v.split(/\s+/).includes(want);
    case '|=':
      return v === want || v.startsWith(`${want}-`);
    case '^=':
      return want !== '' && v.startsWith(want);
    case '$=':
      return want !== '' && v.endsWith(want);
    case '*=':
      return want !== '' && v.includes(want);
  }
}

function compoundMatches(q: Compound, el: Compound): boolean {
  if (q.tag !== null && q.tag !== el.tag) return false;
  for (const id of q.ids) if (!el.ids.includes(id) && attrValue(el, 'id') !== id) return false;
  const classes = attrValue(el, 'class')?.split(/\s+/) ?? [];
  for (const c of q.classes) if (!classes.includes(c)) return false;
  for (const a of q.attrs) if (!attrMatches(a, el)) return false;
  const child = nthIndex(el.nthChild);
  for (const n of q.nthChild) if (!nthMatches(n, child)) return false;
  const ofType = nthIndex(el.nthOfType);
  for (const n of q.nthOfType) if (!nthMatches(n, ofType)) return false;
  for (const n of q.not) if (compoundMatches(n, el)) return false;
  return true;
}

/** Whether query part k matches element j with its left context matching j's ancestors. */
function matchAt(q: Complex, k: number, path: Complex, j: number): boolean {
  if (!compoundMatches(q.parts[k], path.parts[j])) return false;
  if (k === 0) return true;
  if (q.links[k - 1] === '>') return j > 0 && path.links[j - 1] === '>' && matchAt(q, k - 1, path, j - 1);
  for (let i = j - 1; i >= 0; i--) if (matchAt(q, k - 1, path, i)) return true;
  return false;
}

/** Whether the element at the end of `path`, or one of its recorded ancestors, matches. */
export function pathMatches(query: readonly Complex[], path: Complex): boolean {
  for (const q of query) {
    for (let j = path.parts.length - 1; j >= 0; j--) if (matchAt(q, q.parts.length - 1, path, j)) return true;
  }
  return false;
}

/** A compiled filter over stored selector strings. */
export function selectorFilter(selector: string): (stored: string) => boolean {
  const query = parseSelector(selector);
  return (stored) => {
    const path = parseStoredPath(stored);
    return path !== null && pathMatches(query, path);
  };
}
