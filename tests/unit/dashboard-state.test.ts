// The dashboard's view ⇄ query string: a shared link reopens the same view, defaults stay out
// of the URL, and a malformed or hand-edited link falls back to working values.
import { describe, expect, it } from 'vitest';
import { DEFAULT_STATE, defaultState, describeSegment, parseState, serializeState, type DashboardState } from '../../dashboard/state.js';
import { mapSource, pagesUrl, segmentIssue, segmentParams } from '../../dashboard/filters.js';

const full: DashboardState = {
  site: 'shop-eu',
  page: '/pricing?plan=pro',
  map: 'attention',
  segment: { devices: ['desktop', 'mobile'], vwmin: 320, vwmax: 1024, from: '2026-11-01', to: '2026-11-24' },
  compare: true,
  segmentB: { devices: ['tablet'], vwmin: null, vwmax: 800, from: '2026-10-01', to: '' },
  selector: '#plans a.buy',
  bandwidth: 22,
  colormap: 'turbo',
  opacity: 0.55,
  scale: 'log',
  max: '100%',
  underlay: 'image',
  image: 'https://shots.example/pricing.png',
};

describe('dashboard state in the URL', () => {
  it('round-trips every field through the query string', () => {
    expect(parseState(serializeState(full))).toEqual(full);
  });

  it('writes nothing for the default view, and only what differs otherwise', () => {
    expect(serializeState(defaultState())).toBe('');
    const s = { ...defaultState(), page: '/demo/', colormap: 'viridis' };
    expect(serializeState(s)).toBe('?page=%2Fdemo%2F&cmap=viridis');
  });

  it('leaves segment B out of the link unless comparing', () => {
    const s = { ...full, compare: false };
    expect(serializeState(s)).not.toContain('b.');
    expect(parseState(serializeState(s)).segmentB).toEqual(defaultState().segmentB);
  });

  it('falls back to defaults for malformed values instead of failing', () => {
    const s = parseState('?map=heat&device=desktop,phone&vwmin=-3&vwmax=abc&from=2026-13-45&to=yesterday&bw=0&opacity=2&scale=cubic&cmap=rainbow&max=50%25&underlay=video&site=a%20b');
    expect(s).toEqual({ ...defaultState(), segment: { ...defaultState().segment, devices: ['desktop'] } });
  });

  it('keeps devices in a fixed order whatever the link says', () => {
    expect(parseState('?device=mobile,desktop').segment.devices).toEqual(['desktop', 'mobile']);
  });

  it('describes a segment in words', () => {
    expect(describeSegment(full.segment)).toBe('desktop + mobile, viewport 320–1024 px, 2026-11-01 to 2026-11-24');
    expect(describeSegment(DEFAULT_STATE.segment)).toBe('all devices');
  });
});

describe('dashboard filters as API parameters', () => {
  it('turns inclusive calendar days into the API’s [from, to) in ms, UTC', () => {
    const q = segmentParams(full, full.segment);
    expect(Number(q.get('from'))).toBe(Date.UTC(2026, 10, 1));
    expect(Number(q.get('to'))).toBe(Date.UTC(2026, 10, 25));
    expect(q.get('device')).toBe('desktop,mobile');
    expect(q.get('vwmin')).toBe('320');
    expect(q.get('vwmax')).toBe('1024');
    expect(q.get('path')).toBe('/pricing?plan=pro');
  });

  it('asks each route for its own map type; the selector only filters clicks', () => {
    const click = new URL(mapSource({ ...full, map: 'click' }, full.segment), 'http://x');
    expect(click.pathname).toBe('/v1/points');
    expect(click.searchParams.get('kind')).toBe('click');
    expect(click.searchParams.get('selector')).toBe('#plans a.buy');
    expect(click.searchParams.has('layout')).toBe(false);
    // Drawn over a layout: clicks are asked for on it; the other maps have no such question.
    expect(new URL(mapSource({ ...full, map: 'click' }, full.segment, 1280), 'http://x').searchParams.get('layout')).toBe('1280');
    expect(new URL(mapSource({ ...full, map: 'click' }, full.segment, 1280.5), 'http://x').searchParams.has('layout')).toBe(false);
    expect(new URL(mapSource({ ...full, map: 'scroll' }, full.segment, 1280), 'http://x').searchParams.has('layout')).toBe(false);
    const scroll = new URL(mapSource({ ...full, map: 'scroll' }, full.segment), 'http://x');
    expect(scroll.pathname).toBe('/v1/scroll');
    expect(scroll.searchParams.get('mode')).toBe('samples');
    expect(scroll.searchParams.has('selector')).toBe(false);
    const attention = new URL(mapSource(full, full.segmentB), 'http://x');
    expect(attention.pathname).toBe('/v1/moves');
    expect(attention.searchParams.get('device')).toBe('tablet');
    expect(attention.searchParams.has('from')).toBe(true);
    expect(attention.searchParams.has('to')).toBe(false);
  });

  it('asks for the page list under a segment’s filters, for every page of the site', () => {
    const q = new URL(pagesUrl('shop-eu', full.segmentB), 'http://x').searchParams;
    expect(Object.fromEntries(q)).toEqual({ site: 'shop-eu', device: 'tablet', vwmax: '800', from: String(Date.UTC(2026, 9, 1)) });
    expect(pagesUrl('shop-eu')).toBe('/v1/pages?site=shop-eu');
  });

  it('points at the field at fault before asking the server', () => {
    expect(segmentIssue({ ...full.segment, vwmin: 900, vwmax: 800 })).toEqual({ field: 'viewport', message: expect.stringMatching(/viewport/) });
    expect(segmentIssue({ ...full.segment, from: '2026-11-02', to: '2026-11-01' })).toEqual({ field: 'dates', message: expect.stringMatching(/date/) });
    expect(segmentIssue(full.segment)).toBeNull();
  });
});
