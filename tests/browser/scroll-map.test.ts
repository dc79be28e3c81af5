// <scroll-map> in Chromium: hand-made sessions with known deepest viewport bottoms (200, 400,
// 600 and 800 px of a 1000 px page), pixels read back, marker positions, the read-out and the
// error state.
import { afterEach, describe, expect, it } from 'vitest';
import '../../components/index.js';
import { densityRender } from './click-map-support.js';
import type { ScrollMap } from '../../components/scroll-map.js';
import type { ErrorDetail, RenderDetail } from '../../components/base/map-element.js';
import { formatCount } from '../../components/base/grid-math.js';

const HEIGHT = 1000;
const WIDTH = 240;

/** Four sessions (vh 100, dh 1000) whose viewport bottoms reach 200, 400, 600 and 800 px. */
function knownSessions() {
  const session: number[] = [];
  const ts: number[] = [];
  const y: number[] = [];
  const vh: number[] = [];
  const dh: number[] = [];
  [100, 300, 500, 700].forEach((maxY, s) => {
    for (const [t, sy] of [[0, 0], [1000, maxY / 2], [2000, maxY]]) {
      session.push(s);
      ts.push(t);
      y.push(sy);
      vh.push(100);
      dh.push(HEIGHT);
    }
  });
  return { session, ts, y, vh, dh };
}

function mount(attrs: Record<string, string> = {}): ScrollMap {
  const el = document.createElement('scroll-map');
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  el.style.width = `${WIDTH}px`;
  el.style.height = `${HEIGHT}px`;
  document.body.append(el);
  return el;
}

function nextError(el: HTMLElement): Promise<ErrorDetail> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no heatlens-error')), 30_000);
    el.addEventListener('heatlens-error', (e) => {
      clearTimeout(timer);
      resolve((e as CustomEvent<ErrorDetail>).detail);
    }, { once: true });
  });
}

afterEach(() => {
  for (const el of document.querySelectorAll('scroll-map')) el.remove();
});

describe('<scroll-map>', () => {
  it('is registered and mirrors attributes to properties', () => {
    const el = mount({ 'time-in-view': '', cell: '8', colormap: 'greys' });
    expect(el).toBeInstanceOf(customElements.get('scroll-map')!);
    expect(el.timeInView).toBe(true);
    expect(el.cell).toBe(8);
    el.timeInView = false;
    return el.updateComplete.then(() => expect(el.hasAttribute('time-in-view')).toBe(false));
  });

  it('colours a depth every visitor reached differently from one nobody reached', async () => {
    const el = mount({ colormap: 'greys', opacity: '1' });
    const frame = densityRender(el);
    el.samples = knownSessions();
    const d = await frame;
    expect(d.events).toBe(4);
    expect(d.total).toBeGreaterThan(0);
    expect(el.engine.scrollRequests).toBe(1);
    const p = el.readPixels()!;
    const at = (depth: number) => {
      const row = Math.floor((depth / HEIGHT) * p.height);
      const i = (row * p.width + Math.floor(p.width / 4)) * 4;
      return Array.from(p.data.subarray(i, i + 4));
    };
    const full = at(100);
    const none = at(900);
    expect(full).not.toEqual(none);
    expect(full[3]).toBeGreaterThan(none[3]);
    expect(el.reachedAt(100)).toBe(1);
    expect(el.reachedAt(900)).toBe(0);
  });

  it('labels its legend as shares of visitors, 0 % to 100 %', async () => {
    const el = mount({ legend: '' });
    const frame = densityRender(el);
    el.samples = knownSessions();
    await frame;
    await el.updateComplete;
    const legend = el.shadowRoot!.querySelector('heatlens-legend') as HTMLElement & { updateComplete: Promise<unknown> };
    await legend.updateComplete;
    const labels = [...legend.shadowRoot!.querySelectorAll('[part="label"]')].map((l) => l.textContent!.replace('+', ''));
    expect(labels).toEqual(['0%', '50%', '100%']);
    expect(legend.shadowRoot!.querySelector('[part="title"]')!.textContent).toBe('of visitors');
  });

  it('places the 75/50/25 % markers at the known depths and the fold at 100 px', async () => {
    const el = mount();
    const frame = densityRender(el);
    el.samples = knownSessions();
    await frame;
    await el.updateComplete;
    const box = el.getBoundingClientRect();
    const expected: Record<string, number> = { 'reach-75': 400, 'reach-50': 600, 'reach-25': 800, fold: 100 };
    const markers = [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part="marker"]')];
    expect(markers.map((m) => m.dataset.kind).sort()).toEqual(Object.keys(expected).sort());
    for (const m of markers) {
      const want = expected[m.dataset.kind!];
      expect(Math.abs(parseFloat(m.style.top) - want), m.dataset.kind).toBeLessThanOrEqual(el.cell);
      expect(Math.abs(m.getBoundingClientRect().top - box.top - want)).toBeLessThanOrEqual(el.cell + 1);
      expect(m.querySelector('[part="marker-label"]')!.textContent).toMatch(/reach here|average fold/);
    }
  });

  it('reads out the share of visitors at a known depth, on hover and from the keyboard', async () => {
    const el = mount();
    const frame = densityRender(el);
    el.samples = knownSessions();
    await frame;
    const box = el.getBoundingClientRect();
    const readout = async (depth: number) => {
      el.dispatchEvent(new PointerEvent('pointermove', { clientX: box.left + 50, clientY: box.top + depth, pointerType: 'mouse', bubbles: true }));
      await el.updateComplete;
      return el.shadowRoot!.querySelector('[part="readout"]')!.textContent!.trim();
    };
    expect(await readout(300)).toBe('75% of visitors reach this point');
    expect(await readout(500)).toBe('50% of visitors reach this point');
    expect(await readout(700)).toBe('25% of visitors reach this point');
    expect(await readout(50)).toBe('100% of visitors reach this point');
    expect(el.tabIndex).toBe(0);
    el.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true }));
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part="readout"]')!.textContent).toMatch(/% of visitors reach this point/);
  });

  it('draws the time-in-view band on the right edge only when asked', async () => {
    const el = mount({ colormap: 'greys', opacity: '1', 'time-in-view': '' });
    const frame = densityRender(el);
    el.samples = knownSessions();
    await frame;
    const p = el.readPixels()!;
    // Deep in the page nobody reached: the reach gradient is empty there, the band as well.
    const row = Math.floor((50 / HEIGHT) * p.height);
    const right = (row * p.width + p.width - 2) * 4;
    const left = (row * p.width + 2) * 4;
    expect(Array.from(p.data.subarray(right, right + 4))).not.toEqual(Array.from(p.data.subarray(left, left + 4)));
  });

  it('labels the time-in-view band in seconds under the legend, only when the band is shown', async () => {
    const el = mount({ legend: '', 'time-in-view': '' });
    const frame = densityRender(el);
    el.samples = knownSessions();
    await frame;
    await el.updateComplete;
    // Every session's first screen (0–100 px) is in view for 1 s; session 0's second (50–150 px)
    // for another 1 s, so 50–100 px is in view 2 + 1 + 1 + 1 s over 4 sessions: 1.25 s, the most.
    const legend = el.shadowRoot!.querySelector('[part="time-legend"]')!;
    await (legend as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
    const labels = Array.from(legend.shadowRoot!.querySelectorAll('[part="label"]'), (e) => e.textContent);
    expect(labels).toEqual([formatCount(0), formatCount(0.625), `${formatCount(1.25)}+`]);
    expect(legend.shadowRoot!.querySelector('[part="title"]')!.textContent).toBe('seconds in view (right-hand band)');
    el.timeInView = false;
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part="time-legend"]')).toBeNull();
    expect(el.shadowRoot!.querySelector('[part="legend"]')).not.toBeNull();
  });

  it('reads the ingest JSON answer from src', async () => {
    const s = knownSessions();
    const body = JSON.stringify({ n: s.ts.length, truncated: false, sessions: ['a', 'b', 'c', 'd'], paths: ['/', '/', '/', '/'], visit: s.session, t: s.ts.map((t) => t + 1.7e12), y: s.y, vh: s.vh, dh: s.dh });
    const el = mount({ src: URL.createObjectURL(new Blob([body], { type: 'application/json' })) });
    await densityRender(el);
    expect(el.reachedAt(300)).toBe(0.75);
  });

  it('reads CSV from src', async () => {
    const s = knownSessions();
    const csv = 'session,ts,y,vh,dh\n' + s.ts.map((_, i) => `s${s.session[i]},${s.ts[i]},${s.y[i]},${s.vh[i]},${s.dh[i]}`).join('\n');
    const el = mount({ src: URL.createObjectURL(new Blob([csv], { type: 'text/csv' })) });
    await densityRender(el);
    expect(el.reachedAt(500)).toBe(0.5);
  });

  it('shows an error state for a failed src', async () => {
    const el = mount({ src: 'http://127.0.0.1:1/v1/scroll?site=x&mode=samples&format=json' });
    const error = await nextError(el);
    expect(error.code).toBe('fetch-failed');
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part="error"]')!.textContent).toContain('could not fetch');
  });

  it('reports a bad cell attribute and keeps the error shown', async () => {
    const el = mount();
    const frame = densityRender(el);
    el.samples = knownSessions();
    await frame;
    const error = nextError(el);
    el.cell = 0;
    expect((await error).code).toBe('invalid-attribute');
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part="error"]')!.textContent).toContain('cell');
    expect(el.shadowRoot!.querySelectorAll('[part="marker"]').length).toBe(0);
  });

  it('draws an empty frame for no samples', async () => {
    const el = mount();
    const d = await new Promise<RenderDetail>((resolve) => el.addEventListener('heatlens-render', (e) => resolve((e as CustomEvent<RenderDetail>).detail), { once: true }));
    expect(d.gridWidth).toBe(0);
    expect(el.shadowRoot!.querySelectorAll('[part="marker"]').length).toBe(0);
  });
});
