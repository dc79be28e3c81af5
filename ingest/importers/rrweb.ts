/**
 * rrweb recordings (the JSON array of events `rrweb.record` emits, or `{events: [...]}`):
 * mouse clicks, mouse and touch moves and page scrolls become clicks, moves and scrolls, and
 * each Meta event (a page load) a page view. rrweb records client coordinates, so the page
 * scroll (scroll events on the document node, and the full snapshot's initial offset) is
 * added to get page coordinates. Click targets get a selector path built from the recorded
 * DOM (full snapshot plus mutations), in the tracker's style. One recording is one session.
 *
 * Constants are rrweb's (packages/types): EventType, IncrementalSource, MouseInteractions,
 * and serialized NodeType.
 */
import { createHash } from 'node:crypto';
import { ID_RE } from '../schema.js';
import { Collector, deviceOf, ImportError, pathOf, type ImportReport } from './collect.js';

const EVENT_FULL_SNAPSHOT = 2;
const EVENT_INCREMENTAL = 3;
const EVENT_META = 4;
const SRC_MUTATION = 0;
const SRC_MOUSE_MOVE = 1;
const SRC_MOUSE_INTERACTION = 2;
const SRC_SCROLL = 3;
const SRC_VIEWPORT_RESIZE = 4;
const SRC_TOUCH_MOVE = 6;
const INTERACTION_CLICK = 2;
const NODE_DOCUMENT = 0;
const NODE_ELEMENT = 2;

interface DomNode {
  tag: string | null; // null for non-elements
  attrs: Record<string, unknown>;
  parent: number | null;
  children: number[];
}

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

const READABLE_CLASS = /^[a-z]+([_-]+[a-z]+)*$/;
const NAMES = ['data-heatlens-id', 'data-testid', 'data-test', 'data-cy'];

function cssEscape(s: string): string {
  return s.replace(/[^\w-]/g, (c) => `\\${c}`);
}

class Dom {
  nodes = new Map<number, DomNode>();
  documentId: number | null = null;

  reset(root: Json): void {
    this.nodes.clear();
    this.documentId = num(root.id) ?? null;
    this.add(root, null);
  }

  add(node: Json, parent: number | null, before?: number | null): void {
    const id = num(node.id);
    if (id === undefined) return;
    const type = num(node.type);
    const tag = type === NODE_ELEMENT && typeof node.tagName === 'string' ? node.tagName.toLowerCase() : null;
    if (type === NODE_DOCUMENT && parent === null) this.documentId = id;
    this.nodes.set(id, { tag, attrs: isObj(node.attributes) ? node.attributes : {}, parent, children: [] });
    if (parent !== null) {
      const p = this.nodes.get(parent);
      if (p) {
        const at = before == null ? -1 : p.children.indexOf(before);
        if (at < 0) p.children.push(id);
        else p.children.splice(at, 0, id);
      }
    }
    if (Array.isArray(node.childNodes)) for (const child of node.childNodes) if (isObj(child)) this.add(child, id);
  }

  remove(id: number): void {
    const n = this.nodes.get(id);
    if (!n) return;
    if (n.parent !== null) {
      const p = this.nodes.get(n.parent);
      if (p) p.children = p.children.filter((c) => c !== id);
    }
    for (const c of n.children) this.remove(c);
    this.nodes.delete(id);
  }

  /** A selector path like the tracker's: anchored at an id, else tag names with names/classes. */
  selector(id: number): string {
    const steps: string[] = [];
    for (let at: number | null = id; at !== null; ) {
      const n = this.nodes.get(at);
      if (!n || n.tag === null || n.tag === 'body' || n.tag === 'html') break;
      const elId = typeof n.attrs.id === 'string' ? n.attrs.id : '';
      if (elId && /^[A-Za-z][\w-]{0,63}$/.test(elId)) {
        steps.unshift(`${n.tag}#${cssEscape(elId)}`);
        break;
      }
      let sel = n.tag;
      const name = NAMES.find((a) => typeof n.attrs[a] === 'string');
      if (name) sel += `[${name}="${String(n.attrs[name]).replace(/["\\]/g, '\\$&')}"]`;
      else {
        const cls = typeof n.attrs.class === 'string' ? n.attrs.class.split(/\s+/).find((c) => READABLE_CLASS.test(c)) : undefined;
        if (cls) sel += `.${cls}`;
      }
      const parent = n.parent === null ? undefined : this.nodes.get(n.parent);
      if (parent) {
        const same = parent.children.filter((c) => this.nodes.get(c)?.tag === n.tag);
        if (same.length > 1) sel += `:nth-of-type(${same.indexOf(at) + 1})`;
      }
      steps.unshift(sel);
      at = n.parent;
    }
    return steps.join(' > ');
  }
}

function sessionOf(doc: unknown, text: string): string {
  if (isObj(doc)) {
    for (const k of ['sessionId', 'session_id', 'session']) {
      const v = doc[k];
      if (typeof v === 'string' && ID_RE.test(v)) return v;
    }
  }
  return `rr_${createHash('sha256').update(text).digest('hex').slice(0, 32)}`;
}

export function importRRweb(text: string, site: string): ImportReport {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new ImportError(`not JSON: ${(e as Error).message.split('\n')[0]}`);
  }
  const events = Array.isArray(doc) ? doc : isObj(doc) && Array.isArray(doc.events) ? doc.events : undefined;
  if (!events) throw new ImportError('not an rrweb recording: expected an array of events or {"events": [...]}');

  const c = new Collector(site);
  const session = sessionOf(doc, text);
  const dom = new Dom();
  let path: string | undefined;
  let vw: number | undefined;
  let vh: number | undefined;
  let scrollX = 0;
  let scrollY = 0;

  events.forEach((e: unknown, i: number) => {
    const record = `event ${i + 1}`;
    if (!isObj(e) || num(e.type) === undefined || num(e.timestamp) === undefined || !isObj(e.data)) {
      c.skip(record, 'is not an rrweb event (type, timestamp, data)');
      return;
    }
    const ts = Math.round(e.timestamp as number);
    const data = e.data;
    const base = () => ({ ts, path, session, device: deviceOf(vw), vw, vh });
    if (e.type === EVENT_META) {
      const p = pathOf(data.href);
      if (p === undefined) {
        c.skip(record, 'Meta event without a valid href');
        return;
      }
      path = p;
      vw = num(data.width);
      vh = num(data.height);
      scrollX = scrollY = 0;
      c.add(record, { t: 'view', ...base() });
      return;
    }
    if (e.type === EVENT_FULL_SNAPSHOT) {
      if (isObj(data.node)) dom.reset(data.node);
      const off = isObj(data.initialOffset) ? data.initialOffset : {};
      scrollX = num(off.left) ?? 0;
      scrollY = num(off.top) ?? 0;
      c.ignore();
      return;
    }
    if (e.type !== EVENT_INCREMENTAL) {
      c.ignore();
      return;
    }
    const source = num(data.source);
    if (source === SRC_MUTATION) {
      if (Array.isArray(data.removes)) for (const r of data.removes) if (isObj(r) && num(r.id) !== undefined) dom.remove(r.id as number);
      if (Array.isArray(data.adds)) {
        for (const a of data.adds) if (isObj(a) && isObj(a.node)) dom.add(a.node, num(a.parentId) ?? null, num(a.nextId) ?? null);
      }
      if (Array.isArray(data.attributes)) {
        for (const a of data.attributes) {
          const n = isObj(a) ? dom.nodes.get(num(a.id) ?? -1) : undefined;
          if (n && isObj(a.attributes)) Object.assign(n.attrs, a.attributes);
        }
      }
      c.ignore();
    } else if (source === SRC_VIEWPORT_RESIZE) {
      vw = num(data.width) ?? vw;
      vh = num(data.height) ?? vh;
      c.ignore();
    } else if (path === undefined && (source === SRC_MOUSE_MOVE || source === SRC_TOUCH_MOVE || source === SRC_MOUSE_INTERACTION || source === SRC_SCROLL)) {
      c.skip(record, 'comes before any Meta event, so its page is unknown');
    } else if (source === SRC_MOUSE_MOVE || source === SRC_TOUCH_MOVE) {
      if (!Array.isArray(data.positions)) {
        c.skip(record, 'move event without positions');
        return;
      }
      data.positions.forEach((p: unknown, k: number) => {
        const at = `${record} position ${k + 1}`;
        if (!isObj(p) || num(p.x) === undefined || num(p.y) === undefined) {
          c.skip(at, 'position without finite x and y');
          return;
        }
        const t = ts + (num(p.timeOffset) ?? 0);
        c.add(at, { t: 'move', ...base(), ts: Math.round(t), x: (p.x as number) + scrollX, y: (p.y as number) + scrollY, vh: undefined });
      });
    } else if (source === SRC_MOUSE_INTERACTION) {
      if (num(data.type) !== INTERACTION_CLICK) {
        c.ignore();
        return;
      }
      const x = num(data.x);
      const y = num(data.y);
      if (x === undefined || y === undefined) {
        c.skip(record, 'click without finite x and y');
        return;
      }
      const target = num(data.id);
      const sel = target === undefined ? undefined : dom.selector(target) || undefined;
      c.add(record, { t: 'click', ...base(), x: x + scrollX, y: y + scrollY, sel });
    } else if (source === SRC_SCROLL) {
      const id = num(data.id);
      // Only the page's own scroll moves the page coordinates; inner scrollers are ignored.
      if (id === undefined || (dom.documentId !== null && id !== dom.documentId)) {
        c.ignore();
        return;
      }
      const y = num(data.y);
      if (y === undefined) {
        c.skip(record, 'scroll without a finite y');
        return;
      }
      scrollX = num(data.x) ?? scrollX;
      scrollY = y;
      c.add(record, { t: 'scroll', ...base(), y });
    } else c.ignore();
  });
  return c.report;
}
