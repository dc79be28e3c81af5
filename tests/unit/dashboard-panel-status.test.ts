// What a map panel says, from the element's events and the dashboard's own steps: a failure
// is not "no data", a view about to be replaced says "loading" at once, and filters that
// cannot be drawn say that the map on screen is not what the form asks for.
import { describe, expect, it } from 'vitest';
import { PanelStatusTracker, type PanelStatus } from '../../dashboard/panel-status.js';
import { underlayProblem } from '../../dashboard/underlay-check.js';

const ready = (): PanelStatus => ({ kind: 'ready' });
const empty = (): PanelStatus => ({ kind: 'empty', message: 'No visits match these filters on this page.' });
const classify = (events: number) => (events > 0 ? ready : empty);

/** A tracker whose map shows `src` with `events` on it. */
function drawn(src: string, events = 10): PanelStatusTracker {
  const t = new PanelStatusTracker();
  t.show(src, `${src}&layout=1280`);
  t.rendered({ events, density: true }, classify(events));
  return t;
}

describe('map panel status', () => {
  it('keeps a failed fetch as the error through colour-only redraws', () => {
    const t = new PanelStatusTracker();
    expect(t.show('/v1/scroll?path=/a', '/v1/scroll?path=/a')).toBe(true);
    t.failed('The server did not answer (/v1/scroll).');
    expect(t.rendered({ events: 0, density: false }, empty)).toBe(false);
    expect(t.status).toEqual({ kind: 'error', message: 'The server did not answer (/v1/scroll).' });
  });

  it('takes data again after a failure: a frame with events, a new source, or a reload', () => {
    const t = new PanelStatusTracker();
    t.show('/a', '/a');
    t.failed('offline');
    expect(t.rendered({ events: 3, density: true }, ready)).toBe(true);
    expect(t.status).toEqual({ kind: 'ready' });

    t.failed('offline');
    expect(t.show('/b', '/b')).toBe(true);
    expect(t.status).toEqual({ kind: 'loading' });
    expect(t.rendered({ events: 0, density: true }, empty)).toBe(true);
    expect(t.status.kind).toBe('empty');

    // The same source loaded again and answering with nothing: empty, not the old failure.
    t.failed('offline');
    expect(t.rendered({ events: 0, density: true }, empty)).toBe(true);
    expect(t.status.kind).toBe('empty');
  });

  it('says loading from the moment a new view waits for its layout, and the old view’s frames do not end it', () => {
    const t = drawn('/v1/points?path=/a');
    t.awaitLayout('/v1/points?path=/a&device=mobile');
    expect(t.status).toEqual({ kind: 'loading' });
    expect(t.current).toBe(false);
    // The old map redraws (a colour change) while the layout loads: still loading.
    t.rendered({ events: 10, density: false }, ready);
    expect(t.status).toEqual({ kind: 'loading' });
    expect(t.show('/v1/points?path=/a&device=mobile', '/v1/points?path=/a&device=mobile&layout=390')).toBe(true);
    expect(t.status).toEqual({ kind: 'loading' });
    t.rendered({ events: 4, density: true }, ready);
    expect(t.status).toEqual({ kind: 'ready' });
  });

  it('does not flash loading when the view on the map refetches its own layout (a refresh)', () => {
    const t = drawn('/v1/points?path=/a&device=mobile');
    t.awaitLayout('/v1/points?path=/a&device=mobile');
    expect(t.status).toEqual({ kind: 'ready' });
  });

  it('comes back to what the map shows when the layout answers with the same source', () => {
    const t = drawn('/v1/points?path=/a');
    t.awaitLayout('/v1/points?path=/a&device=desktop');
    // Desktop-only traffic has the same layout: nothing to fetch, the map is current again.
    expect(t.show('/v1/points?path=/a&device=desktop', '/v1/points?path=/a&layout=1280')).toBe(false);
    expect(t.status).toEqual({ kind: 'ready' });
    expect(t.current).toBe(true);
  });

  it('holds the map with a message while the filters cannot be drawn, and lets go when they can', () => {
    const t = drawn('/v1/points?path=/a');
    t.hold('The map still shows the previous dates.');
    expect(t.status).toEqual({ kind: 'held', message: 'The map still shows the previous dates.' });
    // Data the element was still loading arrives under the hold: the hold stays.
    t.rendered({ events: 10, density: true }, ready);
    expect(t.status.kind).toBe('held');
    expect(t.show('/v1/points?path=/a', '/v1/points?path=/a&layout=1280')).toBe(false);
    expect(t.status).toEqual({ kind: 'ready' });
  });

  it('starts over for a new element (another map type)', () => {
    const t = drawn('/v1/points?path=/a');
    t.reset();
    expect(t.status).toEqual({ kind: 'loading' });
    expect(t.show('/v1/points?path=/a', '/v1/points?path=/a&layout=1280')).toBe(true);
  });
});

describe('why the live page is missing under a map', () => {
  it('says the server is not answering when the request itself fails', async () => {
    const offline = (() => Promise.reject(new TypeError('Failed to fetch'))) as unknown as typeof fetch;
    const why = await underlayProblem('/demo/docs', offline);
    expect(why).toMatch(/server is not answering/);
    expect(why).not.toMatch(/not served here/);
  });

  it('says the page is not served here when the server answers without a page', async () => {
    const notFound = (async () => new Response('{"error":{}}', { status: 404, headers: { 'content-type': 'application/json' } })) as typeof fetch;
    expect(await underlayProblem('/checkout', notFound)).toBe('/checkout is not served here: choose a screenshot URL under “Underneath the map”.');
  });

  it('says the page refuses framing when the server does serve it', async () => {
    const page = (async () => new Response(null, { status: 200, headers: { 'content-type': 'text/html; charset=utf-8' } })) as typeof fetch;
    expect(await underlayProblem('/demo/docs', page)).toMatch(/refuses to be shown in a frame/);
  });
});
