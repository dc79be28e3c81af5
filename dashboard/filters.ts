/**
 * The ingest API's URLs for a view: one segment's filters as query parameters (the names of
 * docs/points-format.md), and the URL each map element and panel fetches. DOM-free.
 */
import type { DashboardState, Segment } from './state.js';

const DAY_MS = 86_400_000;

/** `YYYY-MM-DD` → ms since the epoch at 00:00 UTC. */
function dayStart(day: string): number {
  return Date.parse(`${day}T00:00:00Z`);
}

/**
 * The segment's filters. Dates are whole UTC days, `to` inclusive in the form and exclusive in
 * the API, so `to` becomes the next midnight.
 */
export function segmentParams(state: Pick<DashboardState, 'site' | 'page'>, segment: Segment): URLSearchParams {
  const q = new URLSearchParams({ site: state.site });
  if (state.page) q.set('path', state.page);
  if (segment.devices.length) q.set('device', segment.devices.join(','));
  if (segment.vwmin !== null) q.set('vwmin', String(Math.round(segment.vwmin)));
  if (segment.vwmax !== null) q.set('vwmax', String(Math.round(segment.vwmax)));
  if (segment.from) q.set('from', String(dayStart(segment.from)));
  if (segment.to) q.set('to', String(dayStart(segment.to) + DAY_MS));
  return q;
}

function url(route: string, q: URLSearchParams): string {
  return `${route}?${q.toString()}`;
}

/**
 * Where the map element of this type gets its data. Clicks are asked for on the layout the map
 * is drawn over (`layoutWidth`, the document width of the page underneath): clicks made at other
 * widths — phones, tablets, other windows — are placed by the element they hit.
 */
export function mapSource(state: DashboardState, segment: Segment, layoutWidth?: number): string {
  const q = segmentParams(state, segment);
  switch (state.map) {
    case 'click':
      q.set('kind', 'click');
      if (state.selector) q.set('selector', state.selector);
      if (layoutWidth !== undefined && Number.isInteger(layoutWidth) && layoutWidth > 0) q.set('layout', String(layoutWidth));
      return url('/v1/points', q);
    case 'scroll':
      q.set('mode', 'samples');
      q.set('format', 'json');
      return url('/v1/scroll', q);
    case 'attention':
      return url('/v1/moves', q);
  }
}

/** The most-clicked elements of the page for a segment (the ranking). */
export function elementsUrl(state: DashboardState, segment: Segment, limit = 20): string {
  const q = segmentParams(state, segment);
  q.set('limit', String(limit));
  return url('/v1/elements', q);
}

/**
 * A cheap query that counts the segment's visits (one session on one page): the scroll curve
 * with one coarse bin answers `sessions` without shipping samples.
 */
export function sessionsUrl(state: DashboardState, segment: Segment): string {
  const q = segmentParams(state, segment);
  q.set('mode', 'curve');
  q.set('bin', '100000');
  return url('/v1/scroll', q);
}

/**
 * The pages of a site with their traffic and typical document size; with a segment, the size
 * is that segment's layout (phones see a narrower, taller page than desktops).
 */
export function pagesUrl(site: string, segment?: Segment): string {
  return url('/v1/pages', segment ? segmentParams({ site, page: '' }, segment) : new URLSearchParams({ site }));
}

/** What is wrong with a segment's filters, and which fields to point at. */
export interface SegmentIssue {
  field: 'viewport' | 'dates';
  message: string;
}

/** Checks a segment before it reaches the API, so the form can point at the field at fault. */
export function segmentIssue(segment: Segment): SegmentIssue | null {
  if (segment.vwmin !== null && segment.vwmax !== null && segment.vwmax < segment.vwmin) return { field: 'viewport', message: 'The viewport width range ends below where it starts.' };
  if (segment.from && segment.to && segment.to < segment.from) return { field: 'dates', message: 'The date range ends before it starts.' };
  return null;
}
