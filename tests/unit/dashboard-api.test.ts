// The URLs the dashboard builds, asked of a real ingest server over a real DuckDB store: each
// segment filter keeps exactly the events it names, and the ranking, page list and visit count
// answer what the dashboard reads.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { elementsUrl, mapSource, pagesUrl, sessionsUrl } from '../../dashboard/filters.js';
import { defaultState, emptySegment, type DashboardState, type Segment } from '../../dashboard/state.js';
import { batch, click, getBytes, getJSON, post, startHarness, view, type Harness } from './ingest-support.js';

let h: Harness;
const BUY = 'main > section#plans > a.buy';
const NAV = 'header > nav > a.signup';
const state: DashboardState = { ...defaultState(), site: 'docs-site', page: '/pricing' };
const utcDay = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

/** The number of clicks the click map would draw (the binary header's total). */
async function clicks(segment: Segment, selector = ''): Promise<number> {
  const { status, bytes } = await getBytes(`${h.url}${mapSource({ ...state, selector }, segment)}`);
  expect(status).toBe(200);
  return new DataView(bytes.buffer, bytes.byteOffset).getFloat64(16, true);
}

beforeAll(async () => {
  h = await startHarness();
  // Sent "now": the server keeps events on its own clock, so they fall on today's UTC date.
  const now = Date.now();
  const desktop = [view({ ts: now - 5000 }), ...[0, 1, 2].map((i) => click(100 + i, 100, { ts: now - 4000 + i, sel: BUY })), click(900, 40, { ts: now - 3000, sel: NAV, rage: true })];
  const mobile = [view({ ts: now - 5000, vw: 390 }), ...[0, 1].map((i) => click(200, 500 + i, { ts: now - 4000 + i, vw: 390, sel: BUY }))];
  expect((await post(h.url, batch(desktop, { sent: now, session: 's_desktop01' }))).status).toBe(200);
  expect((await post(h.url, batch(mobile, { sent: now, session: 's_mobile001', device: 'mobile' }))).status).toBe(200);
});

afterAll(async () => {
  await h?.close();
});

describe('dashboard URLs against the ingest API', () => {
  it('device, viewport width and date filters keep exactly their clicks', async () => {
    expect(await clicks(emptySegment())).toBe(6);
    expect(await clicks({ ...emptySegment(), devices: ['mobile'] })).toBe(2);
    expect(await clicks({ ...emptySegment(), devices: ['desktop', 'tablet'] })).toBe(4);
    expect(await clicks({ ...emptySegment(), vwmax: 400 })).toBe(2);
    expect(await clicks({ ...emptySegment(), vwmin: 1000 })).toBe(4);
    expect(await clicks({ ...emptySegment(), from: utcDay(-1), to: utcDay(0) })).toBe(6);
    expect(await clicks({ ...emptySegment(), from: utcDay(1) })).toBe(0);
    expect(await clicks({ ...emptySegment(), to: utcDay(-1) })).toBe(0);
  });

  it('the selector filter keeps the clicks on that element', async () => {
    expect(await clicks(emptySegment(), 'a.buy')).toBe(5);
    expect(await clicks(emptySegment(), 'nav a')).toBe(1);
  });

  it('the ranking lists the clicked elements with their rage clicks', async () => {
    const { status, json } = await getJSON(`${h.url}${elementsUrl(state, emptySegment())}`);
    expect(status).toBe(200);
    expect(json.total).toBe(6);
    expect(json.elements.map((e: { selector: string; clicks: number; rage: number }) => [e.selector, e.clicks, e.rage])).toEqual([
      [BUY, 5, 0],
      [NAV, 1, 1],
    ]);
  });

  it('the page list and the visit count answer what the summary shows', async () => {
    const pages = await getJSON(`${h.url}${pagesUrl('docs-site')}`);
    expect(pages.status).toBe(200);
    expect(pages.json.pages).toEqual([expect.objectContaining({ path: '/pricing', views: 2, clicks: 6, width: 1280, height: 4000 })]);
    const visits = await getJSON(`${h.url}${sessionsUrl(state, emptySegment())}`);
    expect(visits.json.sessions).toBe(2);
    const mobile = await getJSON(`${h.url}${sessionsUrl(state, { ...emptySegment(), devices: ['mobile'] })}`);
    expect(mobile.json.sessions).toBe(1);
  });

  it('the scroll and attention maps’ sources are accepted', async () => {
    for (const map of ['scroll', 'attention'] as const) {
      const { status } = await getBytes(`${h.url}${mapSource({ ...state, map }, { ...emptySegment(), devices: ['desktop'], vwmin: 300 })}`);
      expect(status).toBe(200);
    }
  });
});
