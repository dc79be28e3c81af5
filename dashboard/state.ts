/**
 * The dashboard's whole view as one plain object, and its query-string form: every control
 * writes here and the page is drawn from here, so a URL reproduces a view exactly (share it,
 * reload it). DOM-free on purpose (the unit tests run it in Node).
 */

export const MAP_TYPES = ['click', 'scroll', 'attention'] as const;
export type MapType = (typeof MAP_TYPES)[number];
export const DEVICES = ['desktop', 'tablet', 'mobile'] as const;
export type Device = (typeof DEVICES)[number];
export const SCALES = ['linear', 'sqrt', 'log'] as const;
export const COLORMAPS = ['viridis', 'inferno', 'magma', 'turbo', 'greys'] as const;
export const MAXES = ['95%', '99%', '99.5%', '100%'] as const;
export const UNDERLAYS = ['live', 'image', 'none'] as const;
export type Underlay = (typeof UNDERLAYS)[number];

/** Who is on the map: a device class, viewport width and date range. Empty = everyone. */
export interface Segment {
  devices: Device[];
  vwmin: number | null;
  vwmax: number | null;
  /** Calendar dates `YYYY-MM-DD` (UTC), both inclusive. */
  from: string;
  to: string;
}

export interface DashboardState {
  site: string;
  /** The page path as the tracker recorded it; '' until one is picked. */
  page: string;
  map: MapType;
  segment: Segment;
  /** Side-by-side comparison with a second segment (or the same one over other dates). */
  compare: boolean;
  segmentB: Segment;
  /** Clicks only: keep clicks on (or inside) elements matching this CSS selector. */
  selector: string;
  bandwidth: number;
  colormap: string;
  opacity: number;
  scale: string;
  max: string;
  underlay: Underlay;
  /** Screenshot URL for `underlay: 'image'` (pages the server does not host). */
  image: string;
}

export const emptySegment = (): Segment => ({ devices: [], vwmin: null, vwmax: null, from: '', to: '' });

export const DEFAULT_STATE: Readonly<DashboardState> = Object.freeze({
  site: 'demo',
  page: '',
  map: 'click',
  segment: emptySegment(),
  compare: false,
  segmentB: emptySegment(),
  selector: '',
  bandwidth: 15,
  colormap: 'inferno',
  opacity: 0.8,
  scale: 'sqrt',
  max: '95%',
  underlay: 'live',
  image: '',
});

export function defaultState(): DashboardState {
  return { ...DEFAULT_STATE, segment: emptySegment(), segmentB: emptySegment() };
}

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

function oneOf<T extends string>(values: readonly T[], v: string | null, fallback: T): T {
  return v !== null && (values as readonly string[]).includes(v) ? (v as T) : fallback;
}

function positive(v: string | null, fallback: number | null, max = Infinity): number | null {
  if (v === null || v.trim() === '') return fallback;
  const n = Number(v);
  return Number.isFinite(n) && n > 0 && n <= max ? n : fallback;
}

function date(v: string | null): string {
  return v !== null && DATE_RE.test(v) && Number.isFinite(Date.parse(v)) ? v : '';
}

function readSegment(q: URLSearchParams, prefix: string): Segment {
  const devices = (q.get(`${prefix}device`) ?? '')
    .split(',')
    .filter((d): d is Device => (DEVICES as readonly string[]).includes(d));
  return {
    devices: DEVICES.filter((d) => devices.includes(d)),
    vwmin: positive(q.get(`${prefix}vwmin`), null, 100_000),
    vwmax: positive(q.get(`${prefix}vwmax`), null, 100_000),
    from: date(q.get(`${prefix}from`)),
    to: date(q.get(`${prefix}to`)),
  };
}

function writeSegment(q: URLSearchParams, prefix: string, s: Segment): void {
  if (s.devices.length) q.set(`${prefix}device`, s.devices.join(','));
  if (s.vwmin !== null) q.set(`${prefix}vwmin`, String(s.vwmin));
  if (s.vwmax !== null) q.set(`${prefix}vwmax`, String(s.vwmax));
  if (s.from) q.set(`${prefix}from`, s.from);
  if (s.to) q.set(`${prefix}to`, s.to);
}

/**
 * Reads a view from a query string. Unknown or malformed values fall back to the defaults
 * rather than failing: a hand-edited or old link still opens a working dashboard.
 */
export function parseState(search: string): DashboardState {
  const q = new URLSearchParams(search);
  const d = DEFAULT_STATE;
  const opacity = Number(q.get('opacity'));
  return {
    site: /^[A-Za-z0-9_.-]{1,64}$/.test(q.get('site') ?? '') ? q.get('site')! : d.site,
    page: q.get('page') ?? '',
    map: oneOf(MAP_TYPES, q.get('map'), d.map),
    segment: readSegment(q, ''),
    compare: q.get('compare') === '1',
    segmentB: readSegment(q, 'b.'),
    selector: (q.get('selector') ?? '').trim(),
    bandwidth: positive(q.get('bw'), d.bandwidth, 1000)!,
    colormap: oneOf(COLORMAPS, q.get('cmap'), d.colormap as (typeof COLORMAPS)[number]),
    opacity: q.has('opacity') && opacity >= 0 && opacity <= 1 ? opacity : d.opacity,
    scale: oneOf(SCALES, q.get('scale'), d.scale as (typeof SCALES)[number]),
    max: oneOf(MAXES, q.get('max'), d.max as (typeof MAXES)[number]),
    underlay: oneOf(UNDERLAYS, q.get('underlay'), d.underlay),
    image: q.get('image') ?? '',
  };
}

/** The query string of a view: only what differs from the defaults, so links stay short. */
export function serializeState(s: DashboardState): string {
  const q = new URLSearchParams();
  const d = DEFAULT_STATE;
  if (s.site !== d.site) q.set('site', s.site);
  if (s.page) q.set('page', s.page);
  if (s.map !== d.map) q.set('map', s.map);
  writeSegment(q, '', s.segment);
  if (s.compare) {
    q.set('compare', '1');
    writeSegment(q, 'b.', s.segmentB);
  }
  if (s.selector) q.set('selector', s.selector);
  if (s.bandwidth !== d.bandwidth) q.set('bw', String(s.bandwidth));
  if (s.colormap !== d.colormap) q.set('cmap', s.colormap);
  if (s.opacity !== d.opacity) q.set('opacity', String(s.opacity));
  if (s.scale !== d.scale) q.set('scale', s.scale);
  if (s.max !== d.max) q.set('max', s.max);
  if (s.underlay !== d.underlay) q.set('underlay', s.underlay);
  if (s.image) q.set('image', s.image);
  const text = q.toString();
  return text ? `?${text}` : '';
}

/** A segment's one-line description for panel titles and exports. */
export function describeSegment(s: Segment): string {
  const parts: string[] = [];
  parts.push(s.devices.length ? s.devices.join(' + ') : 'all devices');
  if (s.vwmin !== null || s.vwmax !== null) parts.push(`viewport ${s.vwmin ?? 0}–${s.vwmax ?? '∞'} px`);
  if (s.from || s.to) parts.push(`${s.from || '…'} to ${s.to || 'today'}`);
  return parts.join(', ');
}
